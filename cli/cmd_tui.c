/*
 * cmd_tui.c - `ikescope tui FILE...`: read each capture once (libpcap ->
 * dissectors -> analyzer, feeding the TUI model with the analyzer's events
 * and a light packet index), then show the ncurses views.  A packet's
 * detail is re-dissected on demand by reading its file again up to that
 * frame: the dissectors keep per-capture state (reassembly, keys,
 * retransmission memory), so the frames before it are dissected again,
 * summaries only.
 *
 * IKESCOPE_NO_DISPLAY=1 or --dump-screen: no terminal; the screen after
 * the --script keys is printed as text (golden tests).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli.h"
#include "dissectors/keyring.h"
#include "source.h"
#include "tui/tui.h"

typedef struct {
	DissectCtx *ctx;
	Analyzer *an;
	TuiModel *m;
	Packet pkt;
} Load;

static bool load_packet(const SourcePacket *sp, void *user)
{
	Load *l = user;
	dissect_frame(l->ctx, &l->pkt, sp->linktype, sp->data, sp->caplen, sp->len, sp->ts_ns, sp->number);
	analyzer_feed(l->an, &l->pkt.sum, sp->number, sp->ts_ns);
	tui_model_add_packet(l->m, &l->pkt.sum, sp->number, sp->ts_ns, sp->len, l->pkt.proto, l->pkt.info);
	return true;
}

/* The re-dissection state: the context of the last packet shown, its bytes. */
typedef struct {
	const char *bpf;
	Keyring *kr;
	DissectCtx *ctx;
	Packet pkt;
	uint8_t *data;
	uint64_t want;
	bool found;
} Redissect;

static bool redissect_packet(const SourcePacket *sp, void *user)
{
	Redissect *r = user;
	if (sp->number < r->want) {
		dissect_frame(r->ctx, &r->pkt, sp->linktype, sp->data, sp->caplen, sp->len, sp->ts_ns, sp->number);
		return true;
	}
	if (sp->number == r->want) {
		r->data = g_memdup2(sp->data, sp->caplen);
		r->ctx->opt.want_tree = true;
		r->ctx->opt.want_info = true;
		dissect_frame(r->ctx, &r->pkt, sp->linktype, r->data, sp->caplen, sp->len, sp->ts_ns, sp->number);
		r->found = true;
	}
	return false;
}

static void redissect_reset(Redissect *r)
{
	if (r->ctx)
		dissect_ctx_free(r->ctx);
	r->ctx = NULL;
	g_free(r->data);
	r->data = NULL;
}

static const Packet *redissect(const TuiModel *m, uint64_t frame, void *user)
{
	Redissect *r = user;
	redissect_reset(r);
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = false;
	o.want_info = false;
	r->ctx = dissect_ctx_new(&o);
	if (r->kr)
		dissect_ctx_set_keyring(r->ctx, r->kr);
	r->want = frame;
	r->found = false;
	SourceStatus st;
	GError *err = NULL;
	if (!source_read_file(m->file, r->bpf, redissect_packet, r, &st, &err)) {
		g_clear_error(&err);
		return NULL;
	}
	return r->found ? &r->pkt : NULL;
}

void cmd_tui_usage(FILE *out)
{
	fputs("Usage: ikescope tui [OPTIONS] FILE...\n"
	      "Browse the connection attempts of captures in the terminal: the attempt\n"
	      "list, each attempt's timeline (stages down the side, time across, one\n"
	      "lane per direction), its packets with their detail tree and bytes.\n"
	      "\n"
	      "  -r, --read FILE      read FILE (also positional)\n"
	      "  -f, --filter BPF     only packets matching the libpcap filter\n"
	      "  -k, --keys FILE      keys to decrypt ESP (repeatable; doc/keys.md)\n"
	      "      --ascii          ASCII line drawing and marks\n"
	      "      --no-color       monochrome (also NO_COLOR=1)\n"
	      "      --dump-screen    no terminal: print the screen as text and exit\n"
	      "                       (also IKESCOPE_NO_DISPLAY=1)\n"
	      "      --size WxH       screen size for --dump-screen (default 80x24)\n"
	      "      --script KEYS    keys to apply before the dump: characters, \\n Enter,\n"
	      "                       \\t Tab, \\e Esc, <up> <down> <left> <right> <pgup> <pgdn>\n"
	      "  -i, --interface IF   live capture (not available yet)\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Keys: ? help, q quit, Enter drill down, Esc back, Tab next pane.\n",
	      out);
}

int cmd_tui(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "read", required_argument, NULL, 'r' },  { "filter", required_argument, NULL, 'f' },
		{ "keys", required_argument, NULL, 'k' },  { "ascii", no_argument, NULL, 1 },
		{ "no-color", no_argument, NULL, 2 },      { "dump-screen", no_argument, NULL, 3 },
		{ "size", required_argument, NULL, 4 },    { "script", required_argument, NULL, 5 },
		{ "interface", required_argument, NULL, 'i' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	GPtrArray *files = g_ptr_array_new();
	GPtrArray *models = g_ptr_array_new_with_free_func((GDestroyNotify)tui_model_free);
	const char *bpf = NULL, *script = NULL;
	bool ascii = false, no_color = false;
	const char *nd = g_getenv("IKESCOPE_NO_DISPLAY");
	bool dump = nd && *nd && strcmp(nd, "0") != 0;
	int w = 80, h = 24, rc = EXIT_OK, opt;
	Keyring *kr = NULL;
	Redissect rd;
	memset(&rd, 0, sizeof(rd));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:f:k:i:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			g_ptr_array_add(files, optarg);
			break;
		case 'f':
			bpf = optarg;
			break;
		case 'k':
			if (!kr)
				kr = keyring_new();
			if (!cli_load_keys(kr, optarg)) {
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 1:
			ascii = true;
			break;
		case 2:
			no_color = true;
			break;
		case 3:
			dump = true;
			break;
		case 4:
			if (sscanf(optarg, "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || w > 1000 || h > 1000) {
				cli_error("tui: --size wants WIDTHxHEIGHT (1-1000), not '%s'", optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case 5:
			script = optarg;
			break;
		case 'i':
			cli_error("tui: live capture (-i) is not available yet; capture to a file and open it");
			rc = EXIT_USAGE;
			goto out;
		case 'h':
			cmd_tui_usage(stdout);
			goto out;
		default:
			cmd_tui_usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	for (int i = optind; i < argc; i++)
		g_ptr_array_add(files, argv[i]);
	if (files->len == 0) {
		cli_error("tui: no capture file given (ikescope tui FILE)");
		rc = EXIT_USAGE;
		goto out;
	}
	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		if (strcmp(path, "-") == 0) {
			cli_error("tui: standard input cannot be read twice (the detail view re-reads the file)");
			rc = EXIT_USAGE;
			goto out;
		}
		Load l;
		memset(&l, 0, sizeof(l));
		DissectOptions o;
		dissect_options_default(&o);
		o.want_info = true;
		l.ctx = dissect_ctx_new(&o);
		if (kr)
			dissect_ctx_set_keyring(l.ctx, kr);
		l.m = tui_model_new(path);
		l.an = analyzer_new(NULL, tui_model_on_event, l.m);
		SourceStatus st;
		GError *err = NULL;
		bool opened = source_read_file(path, bpf, load_packet, &l, &st, &err);
		if (opened) {
			analyzer_finish(l.an);
			if (st.truncated || st.read_error) {
				cli_error("%s", st.message);
				g_strlcpy(l.m->note, st.message, sizeof(l.m->note));
				rc = EXIT_USAGE;
			} else if (!dissect_linktype_supported(st.linktype)) {
				snprintf(l.m->note, sizeof(l.m->note),
					 "link type %d (%s) is not supported; no attempt can be found in it",
					 st.linktype, source_linktype_name(st.linktype));
			} else if (l.m->packets_dropped) {
				snprintf(l.m->note, sizeof(l.m->note),
					 "%" G_GUINT64_FORMAT " packets past the first %u not indexed",
					 l.m->packets_dropped, TUI_MAX_PACKETS);
			}
		} else {
			cli_error("%s", err->message);
			g_error_free(err);
			rc = EXIT_USAGE;
		}
		analyzer_free(l.an);
		dissect_ctx_free(l.ctx);
		if (opened)
			g_ptr_array_add(models, l.m);
		else
			tui_model_free(l.m);
	}
	if (models->len == 0)
		goto out;
	rd.bpf = bpf;
	rd.kr = kr;
	Tui *t = tui_new((TuiModel **)models->pdata, models->len, redissect, &rd);
	if (dump) {
		if (script && !tui_script(t, script, h - 2)) {
			cli_error("tui: cannot parse the --script keys '%s'", script);
			rc = EXIT_USAGE;
		} else {
			tui_dump(t, w, h, ascii, stdout);
		}
	} else if (!tui_run_curses(t, ascii, no_color)) {
		rc = EXIT_USAGE;
	}
	tui_free(t);
out:
	fflush(stdout);
	redissect_reset(&rd);
	g_ptr_array_free(models, TRUE);
	if (kr)
		keyring_free(kr);
	g_ptr_array_free(files, TRUE);
	return rc;
}
