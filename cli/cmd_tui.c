/*
 * cmd_tui.c - `ikescope tui FILE...`: read each capture once (libpcap ->
 * dissectors -> analyzer, feeding the TUI model with the analyzer's events
 * and a light packet index), then show the ncurses views.  A packet's
 * detail is re-dissected on demand by reading its file again up to that
 * frame: the dissectors keep per-capture state (reassembly, keys,
 * retransmission memory), so the frames before it are dissected again,
 * summaries only.
 *
 * -i IFACE: live capture (capture.c) pumped from the terminal loop, so
 * input never waits for packets.  What was analysed is also written to a
 * capture file (-w FILE, or a private temporary file removed at the end),
 * which the packet detail re-reads like a saved capture.
 *
 * IKESCOPE_NO_DISPLAY=1 or --dump-screen: no terminal; the screen after
 * the --script keys is printed as text (golden tests).  With -i, the
 * capture runs until SIGINT/SIGTERM, the attempts are finished, then the
 * screen is printed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "capture.h"
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
	const char *path; /* the file to read again (live: the capture written) */
	Dumper *flush;    /* live: flushed before reading */
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
	if (r->flush)
		dumper_flush(r->flush);
	if (!source_read_file(r->path ? r->path : m->file, r->bpf, redissect_packet, r, &st, &err)) {
		g_clear_error(&err);
		return NULL;
	}
	return r->found ? &r->pkt : NULL;
}

/* ---- -i: live capture ---------------------------------------------------- */

static volatile sig_atomic_t live_stop; /* set by SIGINT/SIGTERM */

static void on_live_stop(int sig)
{
	(void)sig;
	live_stop = 1;
}

typedef struct {
	CaptureSet cs;
	Load l;
	Dumper *dump;
	char *path;        /* the file written */
	bool temporary;    /* ours: removed at the end */
	bool failed;       /* an interface failed: no more capture */
	bool write_failed;
	int64_t last_tick;
	uint64_t drops;
	char title[300];
} LiveTui;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool live_packet(const SourcePacket *sp, void *user)
{
	LiveTui *lt = user;
	GError *err = NULL;
	if (!lt->write_failed && !dumper_write(lt->dump, sp, &err)) {
		snprintf(lt->l.m->note, sizeof(lt->l.m->note), "%s; packet detail stops here", err->message);
		g_error_free(err);
		lt->write_failed = true;
	}
	return load_packet(sp, &lt->l);
}

/* Read what the interfaces have (waiting up to timeout_ms), tick the
 * analyzer, refresh the status; false once SIGINT/SIGTERM came. */
static bool live_step(LiveTui *lt, int timeout_ms)
{
	if (live_stop)
		return false;
	if (lt->failed) {
		if (timeout_ms)
			g_usleep((gulong)timeout_ms * 1000);
	} else {
		GError *err = NULL;
		if (capture_set_poll(&lt->cs, timeout_ms, live_packet, lt, &err) < 0) {
			g_strlcpy(lt->l.m->note, err->message, sizeof(lt->l.m->note));
			g_error_free(err);
			lt->failed = true;
			lt->l.m->generation++;
		}
	}
	int64_t now = now_ns();
	if (now - lt->last_tick >= 200000000) {
		lt->last_tick = now;
		analyzer_tick(lt->l.an, now);
		uint64_t drops = capture_set_drops(&lt->cs);
		char st[sizeof(lt->l.m->status)];
		int n = snprintf(st, sizeof(st), "%s %" PRIu64 " pkts", lt->failed ? "stopped" : "live", lt->cs.frame);
		if (drops && n > 0 && (size_t)n < sizeof(st))
			snprintf(st + n, sizeof(st) - (size_t)n, ", %" PRIu64 " dropped", drops);
		if (strcmp(st, lt->l.m->status) != 0) {
			g_strlcpy(lt->l.m->status, st, sizeof(lt->l.m->status));
			lt->l.m->generation++;
		}
		if (drops > lt->drops && !lt->failed)
			snprintf(lt->l.m->note, sizeof(lt->l.m->note),
				 "%" PRIu64 " packets dropped by the capture: open attempts may miss them "
				 "(raise -B, or narrow -f)",
				 drops);
		lt->drops = drops;
	}
	return true;
}

static bool live_pump(void *user)
{
	return live_step(user, 0);
}

/* Open the interfaces and the file the analysed packets go to, then drop
 * privileges (the file stays readable by the user we become). */
static bool live_open(LiveTui *lt, GPtrArray *ifaces, const char *bpf, unsigned buffer_kib, const char *wfile,
		      const char *user, Keyring *kr, int64_t idle_s)
{
	GError *err = NULL;
	if (!capture_set_open(&lt->cs, (char *const *)ifaces->pdata, ifaces->len, bpf, buffer_kib, true, &err) ||
	    !capture_set_one_linktype(&lt->cs, &err)) {
		cli_error("tui: %s", err->message);
		g_error_free(err);
		return false;
	}
	if (wfile) {
		lt->path = g_strdup(wfile);
	} else {
		int fd = g_file_open_tmp("ikescope-tui-XXXXXX.pcap", &lt->path, &err);
		if (fd < 0) {
			cli_error("tui: cannot create the file the packet detail is read from: %s", err->message);
			g_error_free(err);
			return false;
		}
		close(fd);
		lt->temporary = true;
	}
	lt->dump = dumper_open(lt->path, capture_linktype(lt->cs.caps[0]), 0, 0, &err);
	if (!lt->dump) {
		cli_error("tui: %s", err->message);
		g_error_free(err);
		return false;
	}
	if (!user && geteuid() == 0)
		user = "nobody";
	if (user) {
		struct passwd *pw = getpwnam(user);
		if (pw && chown(lt->path, pw->pw_uid, pw->pw_gid) != 0) {
			cli_error("tui: %s: cannot hand the file to %s: %s", lt->path, user, g_strerror(errno));
			return false;
		}
		if (!capture_drop_privileges(user, &err)) {
			cli_error("%s", err->message);
			g_error_free(err);
			return false;
		}
	}
	snprintf(lt->title, sizeof(lt->title), "%s (live)", lt->cs.names);
	DissectOptions o;
	dissect_options_default(&o);
	o.want_info = true;
	lt->l.ctx = dissect_ctx_new(&o);
	if (kr)
		dissect_ctx_set_keyring(lt->l.ctx, kr);
	lt->l.m = tui_model_new(lt->title);
	AnalyzerOptions aopt;
	analyzer_options_default(&aopt);
	aopt.idle_timeout_ns = idle_s * 1000000000;
	lt->l.an = analyzer_new(&aopt, tui_model_on_event, lt->l.m);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_live_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	live_stop = 0;
	return true;
}

/* The end of the capture: what waits in the buffers, then every attempt
 * finished with its verdict. */
static void live_finish(LiveTui *lt)
{
	if (!lt->failed)
		capture_set_poll(&lt->cs, 0, live_packet, lt, NULL);
	analyzer_tick(lt->l.an, now_ns());
	analyzer_finish(lt->l.an);
	dumper_flush(lt->dump);
}

static void live_close(LiveTui *lt)
{
	if (lt->l.an)
		analyzer_free(lt->l.an);
	if (lt->l.ctx)
		dissect_ctx_free(lt->l.ctx);
	dumper_close(lt->dump);
	capture_set_close(&lt->cs);
	if (lt->temporary && lt->path)
		unlink(lt->path);
	g_free(lt->path);
}

void cmd_tui_usage(FILE *out)
{
	fputs("Usage: ikescope tui [OPTIONS] FILE...\n"
	      "       ikescope tui [OPTIONS] -i IFACE [-i IFACE...]\n"
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
	      "  -i, --interface IF   live capture on IF (repeatable): the views follow the\n"
	      "                       attempts as packets arrive\n"
	      "  -w FILE              with -i: also save the analysed packets to FILE (pcap);\n"
	      "                       otherwise a temporary file, removed at the end, holds\n"
	      "                       them for the packet detail\n"
	      "  -Z, --user USER      with -i: drop privileges to USER once the interfaces\n"
	      "                       are open (default when started as root: nobody)\n"
	      "  -B, --buffer-size KIB  with -i: kernel capture buffer (default 4096)\n"
	      "      --idle-timeout S with -i: an attempt silent for S seconds gets its\n"
	      "                       verdict (default 120)\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "With -i and --dump-screen the capture runs until SIGINT or SIGTERM; the\n"
	      "attempts are then finished and the screen printed.\n"
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
		{ "user", required_argument, NULL, 'Z' },  { "buffer-size", required_argument, NULL, 'B' },
		{ "idle-timeout", required_argument, NULL, 6 },
		{ NULL, 0, NULL, 0 },
	};
	GPtrArray *files = g_ptr_array_new(), *ifaces = g_ptr_array_new();
	const char *wfile = NULL, *user = NULL;
	unsigned long buffer_kib = 4096, idle_s = 120;
	LiveTui lt;
	memset(&lt, 0, sizeof(lt));
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
	while ((opt = getopt_long(argc, argv, "r:f:k:i:w:Z:B:h", longopts, NULL)) != -1) {
		switch (cli_input_opt(opt, optarg, files, &bpf, &kr)) {
		case CLI_OPT_TAKEN:
			break;
		case CLI_OPT_BAD_KEYS:
			rc = EXIT_USAGE;
			goto out;
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
			g_ptr_array_add(ifaces, optarg);
			break;
		case 'w':
			wfile = optarg;
			break;
		case 'Z':
			user = optarg;
			break;
		case 'B':
		case 6: {
			unsigned long long v;
			if (!cli_parse_uint(optarg, opt == 'B' ? 2097151 : 1000000000, &v) || v == 0) {
				cli_error("tui: bad number '%s' for %s", optarg, opt == 'B' ? "-B" : "--idle-timeout");
				rc = EXIT_USAGE;
				goto out;
			}
			*(opt == 'B' ? &buffer_kib : &idle_s) = (unsigned long)v;
			break;
		}
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
	if (ifaces->len) {
		if (files->len) {
			cli_error("tui: -i captures live; give either interfaces or files, not both");
			rc = EXIT_USAGE;
			goto out;
		}
		if (!live_open(&lt, ifaces, bpf ? bpf : CAPTURE_DEFAULT_FILTER, (unsigned)buffer_kib, wfile, user, kr,
			       (int64_t)idle_s)) {
			rc = EXIT_USAGE;
			goto out;
		}
		rd.path = lt.path;
		rd.flush = lt.dump;
		rd.kr = kr;
		Tui *t = tui_new(&lt.l.m, 1, redissect, &rd);
		if (dump) {
			fprintf(stderr, "ikescope: listening on %s\n", lt.cs.names);
			fflush(stderr);
			while (live_step(&lt, 200))
				;
			live_finish(&lt);
			if (script && !tui_script(t, script, h - 2)) {
				cli_error("tui: cannot parse the --script keys '%s'", script);
				rc = EXIT_USAGE;
			} else {
				tui_dump(t, w, h, ascii, stdout);
			}
		} else {
			tui_set_pump(t, live_pump, &lt);
			if (!tui_run_curses(t, ascii, no_color))
				rc = EXIT_USAGE;
		}
		tui_free(t);
		goto out;
	}
	if (wfile || user) {
		cli_error("tui: -w and -Z go with -i IFACE");
		rc = EXIT_USAGE;
		goto out;
	}
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
	if (lt.l.m)
		tui_model_free(lt.l.m);
	live_close(&lt);
	g_ptr_array_free(ifaces, TRUE);
	g_ptr_array_free(models, TRUE);
	if (kr)
		keyring_free(kr);
	g_ptr_array_free(files, TRUE);
	return rc;
}
