/*
 * fuzz_pcap.c - libFuzzer harness over the capture reader: the input is a
 * whole pcap/pcapng file, read through cli/source.c (libpcap) and every
 * packet dissected with a tree.  Damaged headers, lying record lengths and
 * cut files must end in a message, never in a crash.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/source.h"
#include "dissectors/dissect.h"

static bool on_packet(const SourcePacket *p, void *user)
{
	DissectCtx *ctx = user;
	Packet pkt;
	dissect_frame(ctx, &pkt, p->linktype, p->data, p->caplen, p->len, p->ts_ns, p->number);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/iks-fuzz-pcap-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = o.want_info = true;
	DissectCtx *ctx = dissect_ctx_new(&o);
	SourceStatus st;
	GError *err = NULL;
	if (!source_read_file(path, NULL, on_packet, ctx, &st, &err))
		g_clear_error(&err);
	dissect_ctx_free(ctx);
	unlink(path);
	return 0;
}
