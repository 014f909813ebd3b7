/*
 * fuzz_pcap.c - libFuzzer harness over the capture reader: the input is a
 * whole pcap/pcapng file, read from memory through cli/source.c
 * (libpcap's pcap_fopen_offline) and every packet dissected with a tree
 * and fed to the analyzer.  Damaged headers, lying record lengths, huge
 * snaplens, timestamps going backwards and cut files must end in a
 * message, never in a crash.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyzer/analyzer.h"
#include "cli/source.h"
#include "dissectors/dissect.h"

typedef struct {
	DissectCtx *ctx;
	Analyzer *an;
} Run;

static bool on_packet(const SourcePacket *p, void *user)
{
	Run *r = user;
	Packet pkt;
	dissect_frame(r->ctx, &pkt, p->linktype, p->data, p->caplen, p->len, p->ts_ns, p->number);
	analyzer_feed(r->an, &pkt.sum, p->number, p->ts_ns);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer; source_read_file checks that case itself */
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = o.want_info = true;
	Run r = { dissect_ctx_new(&o), analyzer_new(NULL, NULL, NULL) };
	SourceStatus st;
	GError *err = NULL;
	if (!source_read_stream(fp, "fuzz.pcap", NULL, on_packet, &r, &st, &err))
		g_clear_error(&err);
	analyzer_finish(r.an);
	analyzer_free(r.an);
	dissect_ctx_free(r.ctx);
	return 0;
}
