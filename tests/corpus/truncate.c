/*
 * truncate.c - every cut of a capture, in one process (issue 11).
 *
 * For each FILE, the capture is cut at many offsets and each cut is read
 * from memory through cli/source.c, every packet dissected and fed to the
 * analyzer, as `ikescope report` does.  The offsets: every byte of the
 * file header and the first three records, every record boundary -3..+3
 * and the offsets cutting a record header or its first data byte, and
 * every 29th byte elsewhere - about 12 cuts per record.  The records before
 * a cut are dissected (and analysed) once per distinct prefix; the other
 * cuts of the same record only exercise the reader, so that every sample
 * can be cut under AddressSanitizer in seconds.
 *
 * Each cut must deliver exactly the records that lie whole before it (a
 * partial result), and a cut inside a record must be reported, with a
 * message naming the capture; a cut at a record boundary reads clean.
 * Prints one TAP line per file; the exit status is 1 when one failed.
 * Usage: truncate FILE...      (tests/corpus/run-truncations.sh)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analyzer/analyzer.h"
#include "cli/source.h"
#include "dissectors/dissect.h"

typedef struct {
	DissectCtx *ctx;
	Analyzer *an;
	Packet pkt;
} Run;

static bool on_packet(const SourcePacket *p, void *user)
{
	Run *r = user;
	dissect_frame(r->ctx, &r->pkt, p->linktype, p->data, p->caplen, p->len, p->ts_ns, p->number);
	analyzer_feed(r->an, &r->pkt.sum, p->number, p->ts_ns);
	return true;
}

static bool count_packet(const SourcePacket *p, void *user)
{
	(void)p, (void)user;
	return true;
}

static uint32_t rd32(const uint8_t *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Ends of the records (pcap) or packet blocks (pcapng EPB/SPB/OPB); the
 * header/section ends too, flagged as not packets.  Returns the count. */
static size_t boundaries(const uint8_t *d, size_t n, size_t *ends, bool *is_pkt, size_t max, bool *pcapng)
{
	size_t k = 0;
	*pcapng = n >= 12 && rd32(d, false) == 0x0a0d0d0a;
	if (!*pcapng) {
		uint32_t m = n >= 4 ? rd32(d, false) : 0;
		if (n < 24 || (m != 0xa1b2c3d4 && m != 0xd4c3b2a1 && m != 0xa1b23c4d && m != 0x4d3cb2a1))
			return 0; /* not a capture: every cut must be refused, with the name */
		bool be = d[0] == 0xa1;
		size_t o = 24;
		ends[k] = 24, is_pkt[k++] = false;
		while (o + 16 <= n && k < max) {
			size_t cl = rd32(d + o + 8, be);
			if (cl > n - o - 16)
				break;
			o += 16 + cl;
			ends[k] = o, is_pkt[k++] = true;
		}
		return k;
	}
	bool be = n >= 12 && d[8] == 0x1a;
	size_t o = 0;
	while (o + 12 <= n && k < max) {
		uint32_t type = rd32(d + o, be), len = rd32(d + o + 4, be);
		if (len < 12 || len % 4 || len > n - o)
			break;
		o += len;
		ends[k] = o, is_pkt[k++] = type == 6 || type == 3 || type == 2;
	}
	return k;
}

static bool check_file(const char *path, unsigned *cuts_out, GString *why)
{
	gchar *data;
	gsize n;
	GError *err = NULL;
	if (!g_file_get_contents(path, &data, &n, &err)) {
		g_string_append_printf(why, "%s", err->message);
		g_error_free(err);
		return false;
	}
	enum { MAXB = 100000 };
	size_t *ends = g_new(size_t, MAXB);
	bool *is_pkt = g_new(bool, MAXB);
	bool pcapng;
	size_t nb = boundaries((const uint8_t *)data, n, ends, is_pkt, MAXB, &pcapng);
	uint8_t *want = g_malloc0(n + 1);
	size_t head = nb > 3 ? ends[3] : n;
	for (size_t o = 1; o < n && o <= head; o++)
		want[o] = 1;
	for (size_t o = 1; o < n; o += 29)
		want[o] = 1;
	for (size_t b = 0; b < nb; b++) {
		static const int rel[] = { -3, -2, -1, 0, 1, 2, 3, 8, 15, 17 };
		for (size_t i = 0; i < G_N_ELEMENTS(rel); i++) {
			long long o = (long long)ends[b] + rel[i];
			if (o > 0 && (size_t)o < n)
				want[o] = 1;
		}
	}
	bool good = true;
	unsigned cuts = 0, bad = 0;
	uint64_t last_whole = UINT64_MAX;
	gchar *base = g_path_get_basename(path);
	for (size_t off = 1; off < n && bad < 5; off++) {
		if (!want[off])
			continue;
		cuts++;
		/* records whole before the cut, and whether the cut is on a boundary */
		uint64_t whole = 0;
		bool on_boundary = false;
		for (size_t b = 0; b < nb && ends[b] <= off; b++) {
			whole += is_pkt[b];
			on_boundary |= ends[b] == off;
		}
		FILE *fp = fmemopen(data, off, "rb");
		if (!fp) {
			g_string_append_printf(why, " %zu:fmemopen", off);
			bad++;
			continue;
		}
		/* the records before a cut are dissected and analysed once per
		 * prefix: further cuts with the same whole records only read */
		Run r;
		memset(&r, 0, sizeof(r));
		bool full = whole != last_whole;
		last_whole = whole;
		if (full) {
			DissectOptions o;
			dissect_options_default(&o);
			r.ctx = dissect_ctx_new(&o);
			r.an = analyzer_new(NULL, NULL, NULL);
		}
		SourceStatus st;
		bool opened = source_read_stream(fp, base, NULL, full ? on_packet : count_packet, &r, &st, &err);
		if (full) {
			analyzer_finish(r.an);
			analyzer_free(r.an);
			dissect_ctx_free(r.ctx);
		}
		const char *problem = NULL;
		if (!opened) {
			/* only a cut inside the file (or section) header may refuse to open */
			if (nb && off >= ends[0] && !pcapng)
				problem = "refused";
			else if (!err || !g_str_has_prefix(err->message, base))
				problem = "open-error-without-name";
			g_clear_error(&err);
		} else if (!pcapng && st.packets != whole) {
			problem = "wrong-packet-count";
		} else if (!on_boundary && !st.truncated && !st.read_error) {
			problem = "cut-not-reported";
		} else if ((st.truncated || st.read_error) && !g_str_has_prefix(st.message, base)) {
			problem = "message-without-name";
		} else if (on_boundary && !pcapng && (st.truncated || st.read_error)) {
			problem = "boundary-reported-as-cut";
		}
		if (problem) {
			g_string_append_printf(why, " %zu:%s", off, problem);
			bad++;
			good = false;
		}
	}
	g_free(base);
	g_free(want);
	g_free(ends);
	g_free(is_pkt);
	g_free(data);
	*cuts_out = cuts;
	return good;
}

int main(int argc, char **argv)
{
	int fails = 0;
	for (int i = 1; i < argc; i++) {
		unsigned cuts = 0;
		GString *why = g_string_new(NULL);
		if (check_file(argv[i], &cuts, why))
			printf("ok %d - %s cut at %u offsets: each read up to the cut and the cut reported\n", i, argv[i],
			       cuts);
		else {
			printf("not ok %d - %s cut at %u offsets: failures at%s\n", i, argv[i], cuts, why->str);
			fails++;
		}
		g_string_free(why, TRUE);
	}
	printf("1..%d\n", argc - 1);
	return fails ? 1 : 0;
}
