/*
 * cmd_live.c - `ikescope live`: capture on interfaces and follow the
 * connection attempts as they unfold.  The same pass as `report`
 * (libpcap -> dissect_frame -> analyzer_feed), fed from live handles; a
 * line per analyzer event (opened, stage reached, stalled, finished), the
 * finished attempt rendered as in `report` (attempt_text.c), NDJSON
 * events with --json.  SIGINT/SIGTERM end the capture with the final
 * report; SIGHUP re-reads the --keys files.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "analyzer/analyzer.h"
#include "analyzer/json.h"
#include "attempt_text.h"
#include "capture.h"
#include "cli.h"
#include "dissectors/keyring.h"

/* set by the signal handlers, read by the loop: the only file-scope
 * state, as signal handlers need it */
static volatile sig_atomic_t stop_requested, reload_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_hup(int sig)
{
	(void)sig;
	reload_requested = 1;
}

typedef struct {
	DissectCtx *ctx;
	Analyzer *an;
	Packet pkt;
	Keyring *kr;
	GPtrArray *key_files;
	CaptureSet cs;         /* cs.names: the "file" of the JSON attempts */
	Dumper *dump;
	bool json;
	AttemptStyle style;
	int64_t now_ns;
	uint64_t drops;        /* kernel + interface drops, all interfaces */
	GHashTable *drops_at_open; /* attempt id -> drops when it opened */
	unsigned n, ok, failed, hidden;
	bool write_error;
} Live;

static int64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void stamp(int64_t ns, char *buf, size_t size)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;
	localtime_r(&t, &tm);
	size_t n = strftime(buf, size, "%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03d", (int)(ns % 1000000000 / 1000000));
}

static void json_line(JsonBuilder *b)
{
	JsonNode *n = json_builder_get_root(b);
	char *s = json_to_string(n, FALSE);
	puts(s);
	g_free(s);
	json_node_unref(n);
	g_object_unref(b);
	fflush(stdout);
}

static JsonBuilder *json_event(const char *event, int64_t ns)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "event");
	json_builder_add_string_value(b, event);
	json_builder_set_member_name(b, "time");
	json_builder_add_double_value(b, (double)ns / 1e9);
	return b;
}

static void on_event(AnalyzerEventKind kind, const Attempt *a, StageId st, void *user)
{
	Live *l = user;
	char ts[32], ini[80], resp[80];
	stamp(l->now_ns, ts, sizeof(ts));
	attempt_endpoint(a, true, ini, sizeof(ini));
	attempt_endpoint(a, false, resp, sizeof(resp));
	const char *arrow = l->style.utf8 ? "\xe2\x86\x92" : "->";
	JsonBuilder *b = NULL;
	switch (kind) {
	case AEV_OPENED:
		g_hash_table_insert(l->drops_at_open, GUINT_TO_POINTER(a->id), g_memdup2(&l->drops, sizeof(l->drops)));
		if (l->json) {
			b = json_event("opened", l->now_ns);
			json_builder_set_member_name(b, "attempt");
			json_builder_add_int_value(b, a->id);
			json_builder_set_member_name(b, "profile");
			json_builder_add_string_value(b, profile_get(a->profile)->name);
			json_builder_set_member_name(b, "initiator");
			json_builder_add_string_value(b, ini);
			json_builder_set_member_name(b, "responder");
			json_builder_add_string_value(b, resp);
		} else {
			printf("%s attempt %u opened: %s %s %s %s\n", ts, a->id, profile_get(a->profile)->name, ini,
			       arrow, resp);
		}
		break;
	case AEV_STAGE:
		if (l->json) {
			b = json_event("stage", l->now_ns);
			json_builder_set_member_name(b, "attempt");
			json_builder_add_int_value(b, a->id);
			json_builder_set_member_name(b, "stage");
			json_builder_add_string_value(b, stage_name(st));
		} else {
			printf("%s attempt %u reached %s\n", ts, a->id, stage_name(st));
		}
		break;
	case AEV_STALLED: {
		bool from_server = a->stall_reported[st][DIR_I2R] && a->wait_since_ns[st][DIR_I2R];
		Direction d = from_server ? DIR_I2R : DIR_R2I;
		const StallDef *sd = stall_def(st);
		double waited = (double)(l->now_ns - a->wait_since_ns[st][d]) / 1e9;
		const char *what = from_server ? sd->from_server : sd->from_client;
		if (l->json) {
			b = json_event("stalled", l->now_ns);
			json_builder_set_member_name(b, "attempt");
			json_builder_add_int_value(b, a->id);
			json_builder_set_member_name(b, "stage");
			json_builder_add_string_value(b, stage_name(st));
			json_builder_set_member_name(b, "waiting_for");
			json_builder_add_string_value(b, from_server ? "server" : "client");
			json_builder_set_member_name(b, "awaited");
			json_builder_add_string_value(b, what);
			json_builder_set_member_name(b, "waited_s");
			json_builder_add_double_value(b, waited);
		} else {
			printf("%s attempt %u stalled at %s: no answer for %.0f s, waiting for %s\n", ts, a->id,
			       stage_name(st), waited, what);
		}
		break;
	}
	case AEV_FINISHED: {
		const uint64_t *at_open = g_hash_table_lookup(l->drops_at_open, GUINT_TO_POINTER(a->id));
		uint64_t lost = at_open && l->drops > *at_open ? l->drops - *at_open : 0;
		l->n++;
		l->ok += a->verdict.status == VERDICT_OK;
		l->failed += a->verdict.status == VERDICT_FAILED;
		l->hidden += lost > 0;
		if (l->json) {
			b = json_event("finished", l->now_ns);
			json_builder_set_member_name(b, "attempt");
			json_builder_add_value(b, attempt_to_json(a, l->cs.names));
			json_builder_set_member_name(b, "drops_during");
			json_builder_add_int_value(b, (gint64)lost);
		} else {
			static const char *const names[] = { "OK", "FAILED", "INCOMPLETE" };
			printf("%s attempt %u finished: %s\n", ts, a->id, names[a->verdict.status]);
			attempt_print(stdout, a, &l->style); /* drops: a finding in its notes */
			fputc('\n', stdout);
		}
		g_hash_table_remove(l->drops_at_open, GUINT_TO_POINTER(a->id));
		break;
	}
	}
	if (b) {
		json_builder_end_object(b);
		json_line(b);
	} else {
		fflush(stdout);
	}
}

static bool on_packet(const SourcePacket *sp, void *user)
{
	Live *l = user;
	SourcePacket p = *sp;
	l->now_ns = p.ts_ns;
	if (l->dump && !l->write_error) {
		GError *err = NULL;
		if (!dumper_write(l->dump, &p, &err)) {
			cli_error("%s; no longer writing", err->message);
			g_error_free(err);
			l->write_error = true;
		}
	}
	dissect_frame(l->ctx, &l->pkt, p.linktype, p.data, p.caplen, p.len, p.ts_ns, p.number);
	analyzer_feed(l->an, &l->pkt.sum, p.number, p.ts_ns);
	return true;
}

/* Refresh the drop counters; print them when asked (periodic, final). */
static void drop_stats(Live *l, bool print, bool final)
{
	uint64_t total = capture_set_drops(&l->cs);
	for (unsigned i = 0; i < l->cs.n && print; i++) {
		if (l->json) {
			JsonBuilder *b = json_event(final ? "final_drops" : "drops", l->now_ns);
			json_builder_set_member_name(b, "interface");
			json_builder_add_string_value(b, capture_name(l->cs.caps[i]));
			json_builder_set_member_name(b, "received");
			json_builder_add_int_value(b, (gint64)l->cs.last[i].received);
			json_builder_set_member_name(b, "dropped");
			json_builder_add_int_value(b, (gint64)l->cs.last[i].dropped);
			json_builder_set_member_name(b, "ifdropped");
			json_builder_add_int_value(b, (gint64)l->cs.last[i].ifdropped);
			json_builder_end_object(b);
			json_line(b);
		} else {
			fprintf(stderr,
				"ikescope: %s: %" PRIu64 " packets received by filter, %" PRIu64
				" dropped by kernel, %" PRIu64 " dropped by interface\n",
				capture_name(l->cs.caps[i]), l->cs.last[i].received, l->cs.last[i].dropped, l->cs.last[i].ifdropped);
		}
	}
	if (total > l->drops && !final)
		cli_warn("%" PRIu64 " more packet%s dropped by the capture: open attempts may miss them "
			 "(raise -B, or narrow -f)",
			 total - l->drops, total - l->drops == 1 ? "" : "s");
	l->drops = total;
	if (l->an)
		analyzer_set_drops(l->an, total); /* the attempts' "drops" finding */
}

static bool load_keys(Live *l, bool reload)
{
	Keyring *kr = keyring_new();
	for (guint i = 0; i < l->key_files->len; i++)
		if (!cli_load_keys(kr, l->key_files->pdata[i])) {
			keyring_free(kr);
			if (reload)
				cli_warn("--keys: the new keys were not loaded; the previous ones stay in use");
			return false;
		}
	dissect_ctx_set_keyring(l->ctx, kr);
	if (l->kr)
		keyring_free(l->kr);
	l->kr = kr;
	if (reload)
		cli_warn("--keys re-read: %zu ESP/AH SA%s, %zu IKEv1 and %zu IKEv2 key sets", keyring_n_sas(kr),
			 keyring_n_sas(kr) == 1 ? "" : "s", keyring_n_ikev1(kr), keyring_n_ikev2(kr));
	return true;
}

void cmd_live_usage(FILE *out)
{
	fputs("Usage: ikescope live -i IFACE [-i IFACE ...] [OPTIONS]\n"
	      "Capture on interfaces and follow each VPN connection attempt as it\n"
	      "unfolds: a line when it opens, reaches a stage, stalls (and what it waits\n"
	      "for), and its verdict when it finishes.  Ctrl-C ends with the final report.\n"
	      "\n"
	      "  -i, --interface IFACE  capture on IFACE (repeatable, up to 16; 'any' too)\n"
	      "  -f, --filter BPF       libpcap filter (default: DNS, IKE, NAT-T, L2TP, ESP,\n"
	      "                         AH, GRE, PPTP, ICMP and IP fragments)\n"
	      "  -k, --keys FILE        keys to decrypt ESP (repeatable); re-read on SIGHUP\n"
	      "  -w FILE                save the analysed packets (pcap, nanosecond times)\n"
	      "  -C SIZE                with -w: start a new file (FILE1, FILE2...) past SIZE\n"
	      "                         (millions of bytes, or 100k, 10m, 1g)\n"
	      "  -G SECONDS             with -w: a new file every SECONDS (FILE may hold\n"
	      "                         strftime %-escapes)\n"
	      "  -Z, --user USER        drop privileges to USER once the interfaces are open\n"
	      "                         (default when started as root: nobody)\n"
	      "  -B, --buffer-size KIB  kernel capture buffer (default 4096)\n"
	      "  -p, --no-promiscuous-mode\n"
	      "                         do not put the interfaces in promiscuous mode\n"
	      "      --stats-interval S report drop counters every S seconds (default 60;\n"
	      "                         0: only at the end)\n"
	      "      --idle-timeout S   an attempt silent for S seconds is finished and\n"
	      "                         reported (default 120)\n"
	      "      --json             NDJSON events (opened, stage, stalled, finished,\n"
	      "                         drops, summary)\n"
	      "  -v, --verbose          add the per-stage table to finished attempts\n"
	      "      --ascii            plain ASCII marks\n"
	      "  -h, --help             this help\n"
	      "\n"
	      "Exit status: 0 after SIGINT/SIGTERM, 2 bad usage, an interface that\n"
	      "cannot be captured on (no such interface, no permission, down, link type\n"
	      "not supported), or one that failed during the capture (after the final\n"
	      "report).\n",
	      out);
}

/* -C: millions of bytes, or with a k/m/g suffix kibibytes, mebibytes,
 * gibibytes (as tcpdump) */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-' || v == 0 || v > 1000000)
		return false;
	if (*end == 0)
		*out = v * 1000000;
	else if (end[1] == 0 && (*end == 'k' || *end == 'K'))
		*out = v << 10;
	else if (end[1] == 0 && (*end == 'm' || *end == 'M'))
		*out = v << 20;
	else if (end[1] == 0 && (*end == 'g' || *end == 'G'))
		*out = v << 30;
	else
		return false;
	return true;
}

int cmd_live(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "filter", required_argument, NULL, 'f' },
		{ "keys", required_argument, NULL, 'k' },
		{ "user", required_argument, NULL, 'Z' },
		{ "buffer-size", required_argument, NULL, 'B' },
		{ "no-promiscuous-mode", no_argument, NULL, 'p' },
		{ "stats-interval", required_argument, NULL, 3 },
		{ "idle-timeout", required_argument, NULL, 4 },
		{ "json", no_argument, NULL, 1 },
		{ "verbose", no_argument, NULL, 'v' },
		{ "ascii", no_argument, NULL, 2 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	Live l;
	memset(&l, 0, sizeof(l));
	l.key_files = g_ptr_array_new();
	GPtrArray *ifaces = g_ptr_array_new();
	const char *bpf = CAPTURE_DEFAULT_FILTER, *wfile = NULL, *user = NULL;
	uint64_t rotate_bytes = 0;
	unsigned long long buffer_kib = 4096, rotate_s = 0, stats_s = 60, idle_s = 120, v;
	bool ascii = false, promisc = true;
	int rc = EXIT_OK, opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:f:k:w:C:G:Z:B:pvh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'i':
			g_ptr_array_add(ifaces, optarg);
			break;
		case 'f':
			bpf = optarg;
			break;
		case 'k':
			g_ptr_array_add(l.key_files, optarg);
			break;
		case 'w':
			wfile = optarg;
			break;
		case 'C':
			if (!parse_size(optarg, &rotate_bytes)) {
				cli_error("live: bad size '%s' for -C (millions of bytes, or 100k, 10m, 1g)", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 'G':
		case 'B':
		case 3:
		case 4:
			if (!cli_parse_uint(optarg, opt == 'B' ? 2097151 : 1000000000, &v) ||
			    (v == 0 && opt != 3)) {
				cli_error("live: bad number '%s' for %s", optarg,
					  opt == 'G'   ? "-G"
					  : opt == 'B' ? "-B"
					  : opt == 3   ? "--stats-interval"
						       : "--idle-timeout");
				rc = EXIT_USAGE;
				goto out;
			}
			*(opt == 'G'   ? &rotate_s
			  : opt == 'B' ? &buffer_kib
			  : opt == 3   ? &stats_s
				       : &idle_s) = v;
			break;
		case 'Z':
			user = optarg;
			break;
		case 'p':
			promisc = false;
			break;
		case 1:
			l.json = true;
			break;
		case 'v':
			l.style.verbose = true;
			break;
		case 2:
			ascii = true;
			break;
		case 'h':
			cmd_live_usage(stdout);
			goto out;
		default:
			cmd_live_usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (optind < argc) {
		cli_error("live: unexpected argument '%s' (to read a file: ikescope report FILE)", argv[optind]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (ifaces->len == 0 || ifaces->len > CAPTURE_MAX_IFACES) {
		cli_error(ifaces->len ? "live: at most 16 interfaces" : "live: no interface given (ikescope live -i IFACE)");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rotate_bytes || rotate_s) && !wfile) {
		cli_error("live: -C and -G go with -w FILE");
		rc = EXIT_USAGE;
		goto out;
	}
	l.style.utf8 = !ascii && attempt_style_utf8(stdout);

	DissectOptions dopt;
	dissect_options_default(&dopt);
	l.ctx = dissect_ctx_new(&dopt);
	if (l.key_files->len && !load_keys(&l, false)) {
		rc = EXIT_USAGE;
		goto out;
	}
	GError *err = NULL;
	if (!capture_set_open(&l.cs, (char *const *)ifaces->pdata, ifaces->len, bpf, (unsigned)buffer_kib, promisc,
			      &err) ||
	    (wfile && !capture_set_one_linktype(&l.cs, &err))) {
		cli_error("%s", err->message);
		g_error_free(err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (wfile) {
		l.dump = dumper_open(wfile, capture_linktype(l.cs.caps[0]), rotate_bytes, (unsigned)rotate_s, &err);
		if (!l.dump) {
			cli_error("%s", err->message);
			g_error_free(err);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (!user && geteuid() == 0)
		user = "nobody";
	if (user && !capture_drop_privileges(user, &err)) {
		cli_error("%s", err->message);
		g_error_free(err);
		rc = EXIT_USAGE;
		goto out;
	}

	l.drops_at_open = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	AnalyzerOptions aopt;
	analyzer_options_default(&aopt);
	aopt.idle_timeout_ns = (int64_t)idle_s * 1000000000;
	l.an = analyzer_new(&aopt, on_event, &l);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop; /* no SA_RESTART: poll() returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	stop_requested = reload_requested = 0;
	if (!l.json)
		fprintf(stderr, "ikescope: listening on %s (filter: %s)\n", l.cs.names, bpf);
	else {
		JsonBuilder *b = json_event("listening", wall_ns());
		json_builder_set_member_name(b, "interfaces");
		json_builder_add_string_value(b, l.cs.names);
		json_builder_set_member_name(b, "filter");
		json_builder_add_string_value(b, bpf);
		json_builder_end_object(b);
		json_line(b);
	}
	fflush(stderr);

	int64_t last_tick = 0, last_stats = wall_ns();
	while (!stop_requested) {
		if (capture_set_poll(&l.cs, 200, on_packet, &l, &err) < 0) {
			cli_error("%s", err->message);
			g_clear_error(&err);
			rc = EXIT_USAGE; /* the final report still follows */
			break;
		}
		int64_t now = wall_ns();
		if (now - last_tick >= 200000000) {
			last_tick = now;
			l.now_ns = now;
			drop_stats(&l, false, false);
			analyzer_tick(l.an, now);
			dumper_flush(l.dump);
		}
		if (stats_s && now - last_stats >= (int64_t)stats_s * 1000000000) {
			last_stats = now;
			drop_stats(&l, true, false);
		}
		if (reload_requested) {
			reload_requested = 0;
			if (l.key_files->len)
				load_keys(&l, true);
			else
				cli_warn("SIGHUP: no --keys file to re-read");
		}
	}
	/* what is still waiting in the buffers belongs to the report too */
	capture_set_poll(&l.cs, 0, on_packet, &l, NULL);
	drop_stats(&l, false, false);
	l.now_ns = wall_ns();
	analyzer_tick(l.an, l.now_ns);
	analyzer_finish(l.an);
	drop_stats(&l, true, true);
	if (l.json) {
		JsonBuilder *b = json_event("summary", l.now_ns);
		json_builder_set_member_name(b, "attempts");
		json_builder_add_int_value(b, l.n);
		json_builder_set_member_name(b, "ok");
		json_builder_add_int_value(b, l.ok);
		json_builder_set_member_name(b, "failed");
		json_builder_add_int_value(b, l.failed);
		json_builder_set_member_name(b, "incomplete");
		json_builder_add_int_value(b, l.n - l.ok - l.failed);
		json_builder_set_member_name(b, "packets");
		json_builder_add_int_value(b, (gint64)l.cs.frame);
		json_builder_set_member_name(b, "dropped");
		json_builder_add_int_value(b, (gint64)l.drops);
		json_builder_set_member_name(b, "attempts_with_drops");
		json_builder_add_int_value(b, l.hidden);
		json_builder_end_object(b);
		json_line(b);
	} else {
		printf("%s: %u attempt%s: %u ok, %u failed, %u incomplete (%" PRIu64 " packets analysed)\n", l.cs.names,
		       l.n, l.n == 1 ? "" : "s", l.ok, l.failed, l.n - l.ok - l.failed, l.cs.frame);
	}
	if (l.hidden)
		cli_warn("%u attempt%s had packets dropped by the capture while open: their verdicts may be wrong",
			 l.hidden, l.hidden == 1 ? "" : "s");
	if (l.kr)
		cli_report_keys(l.kr, l.ctx, l.cs.names);
out:
	fflush(stdout);
	if (l.an)
		analyzer_free(l.an);
	if (l.drops_at_open)
		g_hash_table_destroy(l.drops_at_open);
	dumper_close(l.dump);
	capture_set_close(&l.cs);
	if (l.ctx)
		dissect_ctx_free(l.ctx);
	if (l.kr)
		keyring_free(l.kr);
	g_ptr_array_free(l.key_files, TRUE);
	g_ptr_array_free(ifaces, TRUE);
	return rc;
}
