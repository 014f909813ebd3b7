/*
 * fuzz_multi.c - libFuzzer harness over the analyzer fed a sequence of
 * frames: the input is cut into records [ctl][len_hi][len_lo] + bytes,
 * each wrapped as ctl says, dissected (with keys) and fed to the analyzer
 * with caps made small (4 attempts, 8 IP datagrams in reassembly) so that
 * attempt grouping, idle expiry, eviction and reassembly caps all run.
 * Every finished attempt is rendered as JSON, as report --json does.
 * The dissection context lives across 64 inputs (its state carries over).
 *
 * ctl bits 0-2: what the bytes are: 0 an Ethernet frame, 1 UDP/500,
 * 2 UDP/4500, 3 ESP, 4 UDP/1701, 5 GRE, 6 TCP/1723, 7 UDP/53;
 * bit 3: from the server; bits 4-5: which of four clients; bits 6-7: the
 * clock advances 0, 1 s, 45 s or 300 s (past the idle timeout).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyzer/analyzer.h"
#include "analyzer/json.h"
#include "fuzz_wrap.h"

static uint8_t buf[FZ_MAX_FRAME + 64], pl[FZ_MAX_FRAME + 64];

static void on_event(AnalyzerEventKind kind, const Attempt *a, StageId st, void *user)
{
	(void)st;
	size_t *total = user;
	if (kind != AEV_FINISHED)
		return;
	JsonNode *n = attempt_to_json(a, "fuzz.pcap");
	gchar *s = json_to_string(n, FALSE);
	*total += strlen(s);
	g_free(s);
	json_node_unref(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static Keyring *keys;
	static DissectCtx *ctx;
	static unsigned runs;
	if (!keys)
		keys = fz_keyring();
	if (ctx && ++runs % 64 == 0) { /* the context is renewed now and then: creating one costs */
		dissect_ctx_free(ctx);
		ctx = NULL;
	}
	if (!ctx) {
		DissectOptions o;
		dissect_options_default(&o);
		o.reasm_max_datagrams = 8;
		o.reasm_max_bytes = 32768;
		ctx = dissect_ctx_new(&o);
		dissect_ctx_set_keyring(ctx, keys);
	}
	AnalyzerOptions ao;
	analyzer_options_default(&ao);
	ao.max_attempts = 4;
	size_t total = 0;
	Analyzer *an = analyzer_new(&ao, on_event, &total);
	int64_t now = 1700000000LL * 1000000000;
	static const int64_t steps[4] = { 1000000, 1000000000LL, 45000000000LL, 300000000000LL };
	uint32_t tcp_seq[2] = { 1, 1 };
	Packet pkt;
	for (uint64_t frame = 1; size >= 3 && frame <= 256; frame++) {
		uint8_t ctl = data[0];
		size_t len = (size_t)data[1] << 8 | data[2];
		data += 3, size -= 3;
		if (len > size)
			len = size;
		bool rev = ctl & 8;
		const uint8_t *cli = fz_addr4[(ctl >> 4) & 3];
		const uint8_t *src = rev ? fz_server4 : cli, *dst = rev ? cli : fz_server4;
		static const uint16_t ports[8] = { 0, 500, 4500, 0, 1701, 0, 1723, 53 };
		uint16_t port = ports[ctl & 7];
		size_t n;
		int lt = FZ_LT_IPV4;
		switch (ctl & 7) {
		case 0:
			memcpy(buf, data, len);
			n = len, lt = 1;
			break;
		case 3:
			n = fz_ipv4(buf, src, dst, 50, data, len);
			break;
		case 5:
			n = fz_ipv4(buf, src, dst, 47, data, len);
			break;
		case 6: {
			size_t t = fz_tcp(pl, rev ? port : 40000, rev ? 40000 : port, tcp_seq[rev], tcp_seq[!rev], 0x18, data,
					  len);
			tcp_seq[rev] += (uint32_t)len;
			n = fz_ipv4(buf, src, dst, 6, pl, t);
			break;
		}
		default: {
			uint16_t cport = port == 53 ? 33333 : port;
			size_t u = fz_udp(pl, rev ? port : cport, rev ? cport : port, data, len);
			n = fz_ipv4(buf, src, dst, 17, pl, u);
			break;
		}
		}
		now += steps[ctl >> 6];
		dissect_frame(ctx, &pkt, lt, buf, (uint32_t)n, (uint32_t)n, now, frame);
		analyzer_feed(an, &pkt.sum, frame, now);
		if ((ctl & 0xc0) == 0xc0)
			analyzer_tick(an, now);
		data += len, size -= len;
	}
	analyzer_finish(an);
	analyzer_free(an);
	return total == (size_t)-1;
}
