/*
 * cmd_report.c - `ikescope report` (attempts and verdicts, as text or
 * NDJSON) and `ikescope check` (compare them with expected outcomes).
 * Both run the same pass: libpcap -> dissectors (summaries only) ->
 * analyzer; this file only renders.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "analyzer/analyzer.h"
#include "analyzer/expect.h"
#include "analyzer/json.h"
#include "attempt_text.h"
#include "cli.h"
#include "dissectors/keyring.h"
#include "source.h"

/* Attempts listed (each is a few KiB): a flood of bogus initiations must
 * not grow memory or the report without bound.  Past the first
 * REPORT_KEEP_FRESH attempts that never progressed, such attempts are
 * counted, not listed; `check` keeps at most REPORT_KEEP_MAX in all.
 * `report` prints each attempt once every attempt opened before it is
 * printed (the order of first packets), so it holds only the finished
 * attempts waiting for an earlier, still open one; past REPORT_KEEP_MAX of
 * those, it stops waiting for the earliest. */
#define REPORT_KEEP_FRESH 1000u
#define REPORT_KEEP_MAX 20000u

/* How `report` prints attempts as they come (NULL for `check`). */
typedef struct {
	const char *path;
	bool json;
	const AttemptStyle *style;
	unsigned printed, ok, failed;
} Printer;

typedef struct {
	DissectCtx *ctx;
	Analyzer *an;
	Packet pkt;
	GPtrArray *attempts; /* check: Attempt* copies, owned */
	Printer *out;        /* report: printed in order instead */
	GHashTable *waiting; /* report: analyzer id -> finished copy (or the
			      * id itself when not listed), until its turn */
	unsigned next_id;    /* report: the analyzer id whose turn it is */
	unsigned kept_fresh;
	uint64_t dropped, dropped_failed; /* attempts not listed (caps above) */
} Run;

static const char not_listed; /* marks a waiting id that is not printed */

static void print_attempt(Printer *p, Attempt *a)
{
	a->id = ++p->printed;
	p->failed += a->verdict.status == VERDICT_FAILED;
	p->ok += a->verdict.status == VERDICT_OK;
	if (p->json) {
		JsonNode *n = attempt_to_json(a, p->path);
		char *s = json_to_string(n, FALSE);
		puts(s);
		g_free(s);
		json_node_unref(n);
	} else {
		attempt_print(stdout, a, p->style);
		fputc('\n', stdout);
	}
}

/* Print what waits, in the analyzer's order (that of first packets), up
 * to the first attempt still open; all of it when flushing. */
static void drain(Run *r, bool flush)
{
	while (g_hash_table_size(r->waiting)) {
		gpointer v = g_hash_table_lookup(r->waiting, GUINT_TO_POINTER(r->next_id));
		if (!v && !flush && g_hash_table_size(r->waiting) <= REPORT_KEEP_MAX)
			return;
		if (!v) {
			/* still open (or, at the end, never finished): skip to
			 * the earliest that waits; it prints when it finishes */
			unsigned min = UINT_MAX;
			GHashTableIter it;
			gpointer k;
			g_hash_table_iter_init(&it, r->waiting);
			while (g_hash_table_iter_next(&it, &k, NULL))
				min = GPOINTER_TO_UINT(k) < min ? GPOINTER_TO_UINT(k) : min;
			r->next_id = min;
			continue;
		}
		g_hash_table_steal(r->waiting, GUINT_TO_POINTER(r->next_id));
		r->next_id++;
		if (v != &not_listed) {
			print_attempt(r->out, v);
			g_free(v);
		}
	}
}

static void on_event(AnalyzerEventKind kind, const Attempt *a, StageId st, void *user)
{
	(void)st;
	Run *r = user;
	if (kind != AEV_FINISHED)
		return;
	bool fresh = !attempt_progressed(a);
	bool listed = !(fresh && r->kept_fresh >= REPORT_KEEP_FRESH) && (r->out || r->attempts->len < REPORT_KEEP_MAX);
	if (!listed) {
		r->dropped++;
		r->dropped_failed += a->verdict.status == VERDICT_FAILED;
	}
	r->kept_fresh += fresh && listed;
	if (!r->out) {
		if (listed)
			g_ptr_array_add(r->attempts, g_memdup2(a, sizeof(*a)));
		return;
	}
	if (a->id < r->next_id) { /* its turn was skipped: print it now */
		if (listed) {
			Attempt copy = *a;
			print_attempt(r->out, &copy);
		}
		return;
	}
	g_hash_table_insert(r->waiting, GUINT_TO_POINTER(a->id),
			    listed ? g_memdup2(a, sizeof(*a)) : (gpointer)&not_listed);
	drain(r, false);
}

/* Say which resource caps the capture hit (state dropped or refused to
 * keep memory bounded): results near those packets may be incomplete. */
static void warn_caps(const char *path, const DissectCtx *ctx)
{
	const DissectStats *s = &ctx->stats;
	GString *m = g_string_new(NULL);
	uint64_t esp = ctx->esp_track ? esp_track_evicted(ctx->esp_track) : 0;
	const struct {
		uint64_t n;
		const char *what;
	} caps[] = {
		{ s->frags_evicted_cap, "incomplete IP datagram(s) dropped from reassembly (cap)" },
		{ s->frags_refused, "IP fragment(s) refused (beyond 64 KiB, too many, or conflicting)" },
		{ s->ike_frags_evicted, "incomplete IKE fragment set(s) dropped (cap)" },
		{ s->ike_frags_refused, "IKE fragment(s) refused" },
		{ s->ike_retrans_evicted, "IKE message(s) forgotten by the retransmission memory" },
		{ s->l2tp_tunnels_evicted, "L2TP tunnel state(s) evicted" },
		{ s->pptp_streams_evicted, "PPTP control stream(s) evicted" },
		{ esp, "ESP SPI sequence state(s) evicted" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(caps); i++)
		if (caps[i].n)
			g_string_append_printf(m, "%s%" PRIu64 " %s", m->len ? ", " : "", caps[i].n, caps[i].what);
	if (m->len)
		cli_warn("%s: resource caps hit (a hostile or unusually busy capture): %s", path, m->str);
	g_string_free(m, TRUE);
}

static bool on_packet(const SourcePacket *sp, void *user)
{
	Run *r = user;
	dissect_frame(r->ctx, &r->pkt, sp->linktype, sp->data, sp->caplen, sp->len, sp->ts_ns, sp->number);
	analyzer_feed(r->an, &r->pkt.sum, sp->number, sp->ts_ns);
	return true;
}

static gint by_first_frame(gconstpointer x, gconstpointer y)
{
	const Attempt *a = *(Attempt *const *)x, *b = *(Attempt *const *)y;
	return a->first_frame < b->first_frame ? -1 : a->first_frame > b->first_frame;
}

/* Analyse one file.  With out (report), attempts are printed as they
 * finish, in the order of their first packets; otherwise (check) they are
 * returned in that order (numbered from 1).  NULL when the file cannot be
 * read at all (report: a non-NULL empty array when it could); *damaged
 * is set when it could be read only in part. */
static GPtrArray *analyse_file(const char *path, const char *bpf, Keyring *kr, Printer *out, bool *damaged,
				uint64_t *dropped_failed)
{
	Run r;
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.next_id = 1;
	r.waiting = g_hash_table_new(g_direct_hash, g_direct_equal);
	DissectOptions dopt;
	dissect_options_default(&dopt);
	r.ctx = dissect_ctx_new(&dopt);
	if (kr)
		dissect_ctx_set_keyring(r.ctx, kr);
	AnalyzerOptions aopt;
	analyzer_options_default(&aopt);
	r.an = analyzer_new(&aopt, on_event, &r);
	r.attempts = g_ptr_array_new_with_free_func(g_free);
	SourceStatus st;
	GError *err = NULL;
	*damaged = false;
	bool opened = source_read_file(path, bpf, on_packet, &r, &st, &err);
	if (opened) {
		analyzer_finish(r.an);
		if (out)
			drain(&r, true);
		fflush(stdout);
		if (!dissect_linktype_supported(st.linktype))
			cli_warn("%s: link type %d (%s) is not supported; no attempt can be found in it", path,
				 st.linktype, source_linktype_name(st.linktype));
		if (st.truncated || st.read_error) {
			cli_error("%s", st.message);
			*damaged = true;
		}
		if (st.ts_backwards)
			cli_warn("%s: time goes backwards at %" PRIu64 " packet(s), first at frame %" PRIu64
				 "; times, back-offs and timeouts around them are unreliable",
				 path, st.ts_backwards, st.ts_backwards_frame);
		warn_caps(path, r.ctx);
	} else {
		cli_error("%s", err->message);
		g_error_free(err);
	}
	if (opened && analyzer_stats(r.an)->evicted)
		cli_warn("%s: %" PRIu64 " attempt(s) finished early: more than %u were open at once (the table "
			 "is capped); their verdicts may be premature",
			 path, analyzer_stats(r.an)->evicted, aopt.max_attempts);
	if (opened && r.dropped)
		cli_warn("%s: %" PRIu64 " attempt(s) not listed (%" PRIu64 " failed): only the first %u attempts that "
			 "never got past their first exchange are listed (and at most %u in all by check) - a flood "
			 "of initiations?",
			 path, r.dropped, r.dropped_failed, REPORT_KEEP_FRESH, REPORT_KEEP_MAX);
	*dropped_failed = r.dropped_failed;
	analyzer_free(r.an);
	dissect_ctx_free(r.ctx);
	drain(&r, true); /* nothing waits after analyzer_finish; frees on failure */
	g_hash_table_destroy(r.waiting);
	if (!opened) {
		g_ptr_array_free(r.attempts, TRUE);
		return NULL;
	}
	g_ptr_array_sort(r.attempts, by_first_frame);
	for (guint i = 0; i < r.attempts->len; i++)
		((Attempt *)r.attempts->pdata[i])->id = i + 1;
	return r.attempts;
}

/* ---- report ------------------------------------------------------------- */

void cmd_report_usage(FILE *out)
{
	fputs("Usage: ikescope report [OPTIONS] FILE...\n"
	      "Rebuild every VPN connection attempt in the captures and say where each\n"
	      "one stopped, in which direction, why, and what to change.\n"
	      "\n"
	      "  -r, --read FILE    read FILE (also positional; '-' is standard input)\n"
	      "  -f, --filter BPF   only packets matching the libpcap filter\n"
	      "  -k, --keys FILE    keys to decrypt ESP (repeatable; any format of\n"
	      "                     doc/keys.md): L2TP and PPP inside become visible\n"
	      "      --json         one JSON object per attempt (NDJSON, doc/json-schema.md)\n"
	      "  -v, --verbose      add the per-stage, per-direction table\n"
	      "      --ascii        plain ASCII marks even on a UTF-8 terminal\n"
	      "      --no-color     no colours and plain ASCII marks (the same as --ascii;\n"
	      "                     the report is plain ASCII anyway when not on a terminal)\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Exit status: 0 no attempt failed, 1 an attempt failed, 2 bad usage or\n"
	      "input that could not be read in full.\n",
	      out);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "read", required_argument, NULL, 'r' }, { "filter", required_argument, NULL, 'f' },
		{ "keys", required_argument, NULL, 'k' },  { "json", no_argument, NULL, 1 },         { "verbose", no_argument, NULL, 'v' },
		{ "ascii", no_argument, NULL, 2 },        { "no-color", no_argument, NULL, 3 },
		{ "help", no_argument, NULL, 'h' },       { NULL, 0, NULL, 0 },
	};
	GPtrArray *files = g_ptr_array_new();
	const char *bpf = NULL;
	bool json = false, ascii = false;
	AttemptStyle style = { false, false };
	int rc = EXIT_OK, opt;
	Keyring *kr = NULL;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:f:k:vh", longopts, NULL)) != -1) {
		switch (cli_input_opt(opt, optarg, files, &bpf, &kr)) {
		case CLI_OPT_TAKEN:
			break;
		case CLI_OPT_BAD_KEYS:
			rc = EXIT_USAGE;
			goto out;
		case 1:
			json = true;
			break;
		case 'v':
			style.verbose = true;
			break;
		case 2:
			ascii = true;
			break;
		case 3:
			ascii = true;
			break;
		case 'h':
			cmd_report_usage(stdout);
			goto out;
		default:
			cmd_report_usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	for (int i = optind; i < argc; i++)
		g_ptr_array_add(files, argv[i]);
	if (files->len == 0) {
		cli_error("report: no capture file given (ikescope report FILE)");
		rc = EXIT_USAGE;
		goto out;
	}
	style.utf8 = !ascii && attempt_style_utf8(stdout);

	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		bool damaged;
		uint64_t dropped_failed = 0;
		Printer pr = { .path = path, .json = json, .style = &style };
		GPtrArray *att = analyse_file(path, bpf, kr, &pr, &damaged, &dropped_failed);
		if (!att || damaged)
			rc = EXIT_USAGE;
		if (!att)
			continue;
		unsigned failed = pr.failed, ok = pr.ok, n = pr.printed;
		if (!json)
			printf("%s: %u attempt%s: %u ok, %u failed, %u incomplete\n", path, n, n == 1 ? "" : "s", ok,
			       failed, n - ok - failed);
		if ((failed || dropped_failed) && rc == EXIT_OK)
			rc = EXIT_FAILED;
		g_ptr_array_free(att, TRUE);
	}
out:
	fflush(stdout);
	if (kr)
		keyring_free(kr);
	g_ptr_array_free(files, TRUE);
	return rc;
}

/* ---- check -------------------------------------------------------------- */

void cmd_check_usage(FILE *out)
{
	fputs("Usage: ikescope check [OPTIONS] FILE...\n"
	      "Compare the attempts found in each capture with its expected outcomes\n"
	      "(doc/expectations.md).  Without --expect, FILE.pcap is checked against\n"
	      "FILE.expect next to it.\n"
	      "\n"
	      "  -r, --read FILE    read FILE (also positional)\n"
	      "  -f, --filter BPF   only packets matching the libpcap filter\n"
	      "  -k, --keys FILE    keys to decrypt ESP (repeatable)\n"
	      "  -E, --expect FILE  the expected outcomes (with a single capture)\n"
	      "      --junit FILE   also write the results as JUnit XML\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Exit status: 0 everything matches, 1 a mismatch, 2 bad usage, an\n"
	      "unreadable capture or a bad expectation file.\n",
	      out);
}

static char *default_expect(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		return g_strdup_printf("%.*s.expect", (int)(dot - path), path);
	return g_strdup_printf("%s.expect", path);
}

static void xml_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f); break;
		}
	}
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "read", required_argument, NULL, 'r' },  { "filter", required_argument, NULL, 'f' },
		{ "keys", required_argument, NULL, 'k' },  { "expect", required_argument, NULL, 'E' }, { "junit", required_argument, NULL, 1 },
		{ "help", no_argument, NULL, 'h' },        { NULL, 0, NULL, 0 },
	};
	GPtrArray *files = g_ptr_array_new();
	const char *bpf = NULL, *expect = NULL, *junit = NULL;
	int rc = EXIT_OK, opt;
	GString *cases = g_string_new(NULL);
	unsigned n_cases = 0, n_fail = 0;
	Keyring *kr = NULL;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:f:k:E:h", longopts, NULL)) != -1) {
		switch (cli_input_opt(opt, optarg, files, &bpf, &kr)) {
		case CLI_OPT_TAKEN:
			break;
		case CLI_OPT_BAD_KEYS:
			rc = EXIT_USAGE;
			goto out;
		case 'E':
			expect = optarg;
			break;
		case 1:
			junit = optarg;
			break;
		case 'h':
			cmd_check_usage(stdout);
			goto out;
		default:
			cmd_check_usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	for (int i = optind; i < argc; i++)
		g_ptr_array_add(files, argv[i]);
	if (files->len == 0 || (expect && files->len > 1)) {
		cli_error(files->len == 0 ? "check: no capture file given"
					  : "check: --expect goes with a single capture (or leave it out: FILE.expect)");
		rc = EXIT_USAGE;
		goto out;
	}
	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		char *ename = expect ? g_strdup(expect) : default_expect(path);
		char *text = NULL;
		GError *err = NULL;
		GArray *exp = NULL;
		if (!g_file_get_contents(ename, &text, NULL, &err)) {
			cli_error("%s: cannot read the expected outcomes: %s", ename, err->message);
			g_error_free(err);
			rc = EXIT_USAGE;
		} else if (!(exp = expect_parse(ename, text, &err))) {
			cli_error("%s", err->message);
			g_error_free(err);
			rc = EXIT_USAGE;
		}
		g_free(text);
		bool damaged = false;
		uint64_t dropped_failed = 0;
		GPtrArray *att = exp ? analyse_file(path, bpf, kr, NULL, &damaged, &dropped_failed) : NULL;
		if (exp && (!att || damaged))
			rc = EXIT_USAGE;
		if (att) {
			GPtrArray *msgs = g_ptr_array_new_with_free_func(g_free);
			unsigned d = expect_compare(ename, exp, (const Attempt *const *)att->pdata, att->len, attempt_nat,
						    msgs);
			for (guint k = 0; k < msgs->len; k++)
				printf("%s\n", (char *)msgs->pdata[k]);
			printf("%s: %s (%u attempt%s expected, %u found)\n", path, d ? "MISMATCH" : "ok", exp->len,
			       exp->len == 1 ? "" : "s", att->len);
			n_cases++;
			if (junit) {
				g_string_append(cases, "  <testcase classname=\"ikescope.check\" name=\"");
				FILE *mem = NULL;
				char *buf = NULL;
				size_t len = 0;
				mem = open_memstream(&buf, &len);
				xml_escape(mem, path);
				fputs("\"", mem);
				if (d) {
					n_fail++;
					fputs(">\n    <failure message=\"", mem);
					xml_escape(mem, "expected outcomes differ");
					fputs("\">", mem);
					for (guint k = 0; k < msgs->len; k++) {
						xml_escape(mem, msgs->pdata[k]);
						fputc('\n', mem);
					}
					fputs("</failure>\n  </testcase>\n", mem);
				} else {
					fputs("/>\n", mem);
				}
				fclose(mem);
				g_string_append(cases, buf);
				free(buf);
			}
			if (d && rc == EXIT_OK)
				rc = EXIT_FAILED;
			g_ptr_array_free(msgs, TRUE);
			g_ptr_array_free(att, TRUE);
		}
		if (exp)
			g_array_free(exp, TRUE);
		g_free(ename);
	}
	if (junit) {
		FILE *f = fopen(junit, "w");
		if (!f) {
			cli_error("%s: cannot write the JUnit report: %s", junit, g_strerror(errno));
			rc = EXIT_USAGE;
		} else {
			fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				   "<testsuite name=\"ikescope check\" tests=\"%u\" failures=\"%u\">\n%s</testsuite>\n",
				n_cases, n_fail, cases->str);
			fclose(f);
		}
	}
out:
	fflush(stdout);
	if (kr)
		keyring_free(kr);
	g_string_free(cases, TRUE);
	g_ptr_array_free(files, TRUE);
	return rc;
}
