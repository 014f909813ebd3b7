/*
 * cmd_dissect.c - `ikescope dissect`: packet list, detail tree, hex dump and
 * tshark-compatible `-T fields` output.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cli.h"
#include "dissectors/keyring.h"
#include "render.h"
#include "source.h"

void cmd_dissect_usage(FILE *out)
{
	fputs("Usage: ikescope dissect [OPTIONS] FILE...\n"
	      "Decode every packet of saved captures (pcap or pcapng), like tshark.\n"
	      "\n"
	      "Input:\n"
	      "  -r, --read FILE        read FILE (repeatable; FILE may also be given\n"
	      "                         without -r; '-' reads standard input)\n"
	      "  -f, --filter BPF       only packets matching the libpcap filter\n"
	      "                         expression (frame numbers stay those of the file)\n"
	      "  -c, --count N          stop after N packets of each file\n"
	      "      --no-reassemble    do not reassemble IP fragments\n"
	      "  -k, --keys FILE        decrypt ESP and verify AH with the keys in FILE\n"
	      "                         (repeatable; Wireshark esp_sa / IKE tables,\n"
	      "                         tcpdump -E secrets, ip xfrm state output, charon\n"
	      "                         logs, or a Wireshark configuration directory;\n"
	      "                         see ikescope keys --help)\n"
	      "  -o PREF:VALUE          a Wireshark preference: ip.defragment:TRUE|FALSE\n"
	      "                         (reassemble IP fragments, default TRUE),\n"
	      "                         ip.check_checksum:TRUE|FALSE (verify IPv4 header\n"
	      "                         checksums, default FALSE as in Wireshark)\n"
	      "Output:\n"
	      "  -V, --verbose          print the detail tree of each packet, with\n"
	      "                         Wireshark's field names in brackets\n"
	      "      --no-field-names   leave the [field.name] column out of -V\n"
	      "  -x, --hex              print a hex and ASCII dump of each packet\n"
	      "  -T, --output FORMAT    'text' (default) or 'fields'\n"
	      "  -e, --field NAME       with -T fields: print this field (repeatable),\n"
	      "                         tab-separated, occurrences joined by ','\n"
	      "  -q, --quiet            no packet output: decode everything and print\n"
	      "                         only the totals (packets, truncated, malformed,\n"
	      "                         fragments) at the end of each file\n"
	      "  -G, --glossary fields  list every field name ikescope knows, and exit\n"
	      "  -n                     no name resolution (always the case; accepted\n"
	      "                         for tcpdump/tshark habits)\n"
	      "  -h, --help             this help\n"
	      "\n"
	      "Exit status: 0 ok, 2 bad usage or an input that could not be read in\n"
	      "full (missing, not a capture, cut off mid-record).\n",
	      out);
}

typedef struct {
	bool verbose, hex, fields, abbrev, quiet;
	FieldList fl;
	uint64_t max_count;
	DissectCtx *ctx;
	Packet pkt;
	bool nano;
	uint64_t count;
} DissectRun;

static bool on_packet(const SourcePacket *sp, void *user)
{
	DissectRun *r = user;
	dissect_frame(r->ctx, &r->pkt, sp->linktype, sp->data, sp->caplen, sp->len, sp->ts_ns, sp->number);
	if (r->quiet) {
		/* nothing per packet */
	} else if (r->fields) {
		render_fields(stdout, &r->pkt, &r->fl);
	} else {
		render_summary_line(stdout, &r->pkt, sp->ts_ns - r->ctx->first_ts, r->nano);
		if (r->verbose) {
			render_tree(stdout, &r->pkt, r->abbrev);
			if (!r->hex)
				fputc('\n', stdout);
		}
		if (r->hex) {
			render_hex(stdout, &r->pkt);
			fputc('\n', stdout);
		}
	}
	r->count++;
	return r->max_count == 0 || r->count < r->max_count;
}

static void print_totals(const char *path, const DissectCtx *ctx)
{
	const DissectStats *s = &ctx->stats;
	printf("%s: %" PRIu64 " packets, %" PRIu64 " bytes captured, %" PRIu64 " truncated, %" PRIu64
	       " malformed, %" PRIu64 " of an unsupported link type\n",
	       path, s->frames, s->bytes, s->truncated, s->malformed, s->unsupported_link);
	printf("%s: IP fragments: %" PRIu64 " seen, %" PRIu64 " datagrams reassembled, %zu incomplete at the end, %" PRIu64
	       " incomplete dropped (limits or timeout), %" PRIu64 " fragments refused\n",
	       path, s->frags_seen, s->frags_reassembled, dissect_pending_datagrams(ctx), s->frags_evicted,
	       s->frags_refused);
	if (ctx->keyring)
		printf("%s: ESP: %" PRIu64 " packets, %" PRIu64 " decrypted, ICV %" PRIu64 " good / %" PRIu64
		       " bad, %" PRIu64 " without a key, %" PRIu64 " with an unusable key; AH ICV %" PRIu64
		       " good / %" PRIu64 " bad\n",
		       path, s->esp.packets, s->esp.decrypted, s->esp.icv_good, s->esp.icv_bad, s->esp.no_key,
		       s->esp.key_unusable, s->esp.ah_icv_good, s->esp.ah_icv_bad);
}

static int list_fields(void)
{
	for (size_t i = 0;; i++) {
		const FieldDef *f = field_at(i);
		if (!f)
			break;
		printf("%s\t%s\n", f->abbrev, f->name);
	}
	return EXIT_OK;
}

static bool add_field(DissectRun *r, const char *name)
{
	const FieldDef *f = field_lookup(name);
	if (!f) {
		const FieldDef *close[5];
		size_t n = field_suggest(name, close, 5);
		GString *s = g_string_new(NULL);
		for (size_t i = 0; i < n; i++)
			g_string_append_printf(s, "%s%s", i ? ", " : "", close[i]->abbrev);
		if (n)
			cli_error("unknown field '%s'; did you mean: %s?", name, s->str);
		else
			cli_error("unknown field '%s' (ikescope dissect -G fields lists them all)", name);
		g_string_free(s, TRUE);
		return false;
	}
	r->fl.defs = g_renew(const FieldDef *, r->fl.defs, r->fl.n + 1);
	r->fl.defs[r->fl.n++] = f;
	return true;
}

int cmd_dissect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "read", required_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "hex", no_argument, NULL, 'x' },
		{ "output", required_argument, NULL, 'T' },
		{ "field", required_argument, NULL, 'e' },
		{ "glossary", required_argument, NULL, 'G' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-reassemble", no_argument, NULL, 1 },
		{ "no-field-names", no_argument, NULL, 2 },
		{ "keys", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	DissectRun r;
	memset(&r, 0, sizeof(r));
	r.abbrev = true;
	r.fl.occurrence_sep = ',';
	GPtrArray *files = g_ptr_array_new();
	const char *bpf = NULL;
	bool reassemble = true;
	bool check_checksum = false;
	int rc = EXIT_OK;
	int opt;
	Keyring *kr = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:f:c:VxT:e:G:o:qnhk:", longopts, NULL)) != -1) {
		switch (cli_input_opt(opt, optarg, files, &bpf, &kr)) {
		case CLI_OPT_TAKEN:
			break;
		case CLI_OPT_BAD_KEYS:
			rc = EXIT_USAGE;
			goto out;
		case 'c': {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end || v == 0) {
				cli_error("-c wants a positive number of packets, not '%s'", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			r.max_count = v;
			break;
		}
		case 'V':
			r.verbose = true;
			break;
		case 'x':
			r.hex = true;
			break;
		case 'T':
			if (strcmp(optarg, "fields") == 0) {
				r.fields = true;
			} else if (strcmp(optarg, "text") == 0) {
				r.fields = false;
			} else {
				cli_error("-T wants 'text' or 'fields', not '%s'", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 'e':
			if (!add_field(&r, optarg)) {
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 'G':
			if (strcmp(optarg, "fields") != 0) {
				cli_error("-G knows only 'fields'");
				rc = EXIT_USAGE;
				goto out;
			}
			rc = list_fields();
			goto out;
		case 'o': {
			bool *target = NULL;
			const char *v = NULL;
			if (strncmp(optarg, "ip.defragment:", 14) == 0) {
				target = &reassemble;
				v = optarg + 14;
			} else if (strncmp(optarg, "ip.check_checksum:", 18) == 0) {
				target = &check_checksum;
				v = optarg + 18;
			}
			if (!target) {
				cli_error("-o: unknown preference '%s' (known: ip.defragment, ip.check_checksum)", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			if (g_ascii_strcasecmp(v, "TRUE") == 0) {
				*target = true;
			} else if (g_ascii_strcasecmp(v, "FALSE") == 0) {
				*target = false;
			} else {
				cli_error("-o %s: the value must be TRUE or FALSE", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		}
		case 'q':
			r.quiet = true;
			break;
		case 'n':
			break;
		case 'h':
			cmd_dissect_usage(stdout);
			goto out;
		case 1:
			reassemble = false;
			break;
		case 2:
			r.abbrev = false;
			break;
		default:
			cmd_dissect_usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	for (int i = optind; i < argc; i++)
		g_ptr_array_add(files, argv[i]);
	if (files->len == 0) {
		cli_error("dissect: no capture file given (ikescope dissect FILE, or -r FILE)");
		cmd_dissect_usage(stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	if (r.fields && r.fl.n == 0) {
		cli_error("-T fields needs at least one -e FIELD");
		rc = EXIT_USAGE;
		goto out;
	}
	if (!r.fields && r.fl.n > 0) {
		cli_error("-e FIELD goes with -T fields");
		rc = EXIT_USAGE;
		goto out;
	}

	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));

	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		DissectOptions dopt;
		dissect_options_default(&dopt);
		dopt.want_tree = !r.quiet && (r.verbose || r.fields);
		dopt.want_info = !r.quiet && !r.fields;
		dopt.reassemble = reassemble;
		dopt.check_ip_checksum = check_checksum;
		r.ctx = dissect_ctx_new(&dopt);
		dissect_ctx_set_keyring(r.ctx, kr);
		r.count = 0;
		r.nano = true;
		if (files->len > 1 && !r.fields && !r.quiet)
			printf("==> %s <==\n", path);
		SourceStatus st;
		GError *err = NULL;
		if (!source_read_file(path, bpf, on_packet, &r, &st, &err)) {
			fflush(stdout);
			cli_error("%s", err->message);
			g_error_free(err);
			rc = EXIT_USAGE;
		} else {
			fflush(stdout);
			if (!dissect_linktype_supported(st.linktype))
				cli_warn("%s: link type %d (%s) is not supported; its packets are shown as undecoded data",
					 path, st.linktype, source_linktype_name(st.linktype));
			if (r.quiet)
				print_totals(path, r.ctx);
			if (kr)
				cli_report_keys(kr, r.ctx, path);
			if (st.truncated || st.read_error) {
				cli_error("%s", st.message);
				rc = EXIT_USAGE;
			}
		}
		dissect_ctx_free(r.ctx);
		r.ctx = NULL;
		if (kr && i + 1 < files->len) {
			/* per-SA counters start again for the next file */
			for (size_t k = 0;; k++) {
				EspSa *sa = keyring_sa_at(kr, k);
				if (!sa)
					break;
				memset(&sa->st, 0, sizeof(sa->st));
			}
		}
	}
out:
	keyring_free(kr);
	fflush(stdout);
	g_free(r.fl.defs);
	g_ptr_array_free(files, TRUE);
	return rc;
}
