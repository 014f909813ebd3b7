/*
 * fuzz_pcap.c - libFuzzer harness over the capture reader: the input is a
 * whole pcap/pcapng file, read through cli/source.c and every packet
 * dissected with a tree and fed to the analyzer.  Inputs of even size are
 * read from memory (libpcap's pcap_fopen_offline), those of odd size as a
 * file (a memfd named through /proc/self/fd), so that the mapped reader of
 * classic pcap files and its hand-over to libpcap are fuzzed too.  Damaged headers, lying record lengths, huge
 * snaplens, timestamps going backwards and cut files must end in a
 * message, never in a crash.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

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
	int fd = -1;
	FILE *fp = NULL;
	char path[64];
	if (size & 1) {
		fd = memfd_create("fuzz.pcap", 0);
		if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
			if (fd >= 0)
				close(fd);
			return 0;
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	} else {
		fp = fmemopen((void *)data, size, "rb");
		if (!fp)
			return 0;
	}
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = o.want_info = true;
	Run r = { dissect_ctx_new(&o), analyzer_new(NULL, NULL, NULL) };
	SourceStatus st;
	GError *err = NULL;
	if (!(fd >= 0 ? source_read_file(path, NULL, on_packet, &r, &st, &err)
		      : source_read_stream(fp, "fuzz.pcap", NULL, on_packet, &r, &st, &err)))
		g_clear_error(&err);
	if (fd >= 0)
		close(fd);
	analyzer_finish(r.an);
	analyzer_free(r.an);
	dissect_ctx_free(r.ctx);
	return 0;
}
