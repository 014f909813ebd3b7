/*
 * test_reasm.c - IP fragment reassembly: in order, out of order, lost
 * fragments, overlaps, IPv6, and the caps that bound memory.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include <glib.h>

#include "dissectors/reasm.h"
#include "helpers.h"

/* A UDP 500 datagram of `plen` payload bytes, cut into IPv4 fragments of
 * `fsize` payload bytes (a multiple of 8).  Returns the number of frames. */
static size_t make_frags(uint16_t id, size_t plen, size_t fsize, uint8_t frames[][1600], size_t lens[])
{
	uint8_t dgram[9000];
	size_t ulen = 8 + plen;
	dgram[0] = 0x01, dgram[1] = 0xf4, dgram[2] = 0x01, dgram[3] = 0xf4;
	dgram[4] = (uint8_t)(ulen >> 8), dgram[5] = (uint8_t)ulen, dgram[6] = 0, dgram[7] = 0;
	for (size_t i = 0; i < plen; i++)
		dgram[8 + i] = (uint8_t)i;
	size_t n = 0;
	for (size_t off = 0; off < ulen; off += fsize, n++) {
		size_t len = ulen - off < fsize ? ulen - off : fsize;
		bool more = off + len < ulen;
		uint8_t *f = frames[n];
		uint16_t tot = (uint16_t)(20 + len);
		uint16_t fo = (uint16_t)((more ? 0x2000 : 0) | (off / 8));
		uint8_t h[20] = { 0x45, 0, (uint8_t)(tot >> 8), (uint8_t)tot, (uint8_t)(id >> 8), (uint8_t)id,
				  (uint8_t)(fo >> 8), (uint8_t)fo, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2 };
		uint16_t ck = inet_cksum_fold(inet_cksum_add(0, h, 20));
		h[10] = (uint8_t)(ck >> 8), h[11] = (uint8_t)ck;
		memcpy(f, h, 20);
		memcpy(f + 20, dgram + off, len);
		lens[n] = 20 + len;
	}
	return n;
}

static uint8_t frames[16][1600];
static size_t lens[16];

Test(reasm, in_order)
{
	size_t n = make_frags(0x4242, 2000, 1000, frames, lens);
	cr_assert_eq(n, 3);
	TestPacket *tp = t_dissect(T_DLT_RAW, frames[0], lens[0], 0);
	cr_assert(tp->pkt.sum.layers & LAYER_FRAG);
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "", "not dissected before reassembly (like tshark)");
	t_dissect_more(tp, T_DLT_RAW, frames[1], lens[1], 0);
	cr_assert(tp->pkt.sum.layers & LAYER_FRAG);
	t_dissect_more(tp, T_DLT_RAW, frames[2], lens[2], 0);
	cr_assert(tp->pkt.sum.layers & LAYER_REASM);
	cr_assert(!(tp->pkt.sum.layers & LAYER_FRAG));
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	cr_assert_str_eq(t_field(tp, "udp.length"), "2008");
	cr_assert_str_eq(t_field(tp, "ip.fragment.count"), "3");
	cr_assert_eq(tp->pkt.sum.ip.sport, 500);
	cr_assert_eq(tp->ctx->stats.frags_reassembled, 1);
	cr_assert_eq(reasm_pending(tp->ctx->reasm), 0);
	cr_assert_eq(reasm_bytes(tp->ctx->reasm), 0);
	/* UDP port 500: the reassembled payload goes to the ISAKMP dissector,
	 * which reads its header from the reassembled buffer */
	const TreeNode *d = t_find(tp, "isakmp", 0);
	cr_assert_not_null(d);
	cr_assert_eq(d->src, SRC_REASSEMBLED);
	cr_assert_eq(d->len, 2000);
	cr_assert_str_eq(t_field(tp, "isakmp.ispi"), "0001020304050607");
	cr_assert_eq(tp->pkt.sources[SRC_REASSEMBLED].len, 2008); /* UDP header + payload */
	cr_assert_eq(tp->pkt.sources[SRC_REASSEMBLED].data[2007], (uint8_t)1999);
	t_free(tp);
}

Test(reasm, out_of_order)
{
	size_t n = make_frags(7, 2000, 1000, frames, lens);
	TestPacket *tp = t_dissect(T_DLT_RAW, frames[2], lens[2], 0);
	t_dissect_more(tp, T_DLT_RAW, frames[0], lens[0], 0);
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "");
	t_dissect_more(tp, T_DLT_RAW, frames[1], lens[1], 0);
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	(void)n;
	t_free(tp);
}

Test(reasm, lost_fragment_never_completes_and_expires)
{
	make_frags(9, 2000, 1000, frames, lens);
	TestPacket *tp = t_dissect(T_DLT_RAW, frames[0], lens[0], 0);
	t_dissect_more(tp, T_DLT_RAW, frames[2], lens[2], 0);
	cr_assert_eq(reasm_pending(tp->ctx->reasm), 1);
	cr_assert_eq(tp->ctx->stats.frags_reassembled, 0);
	t_free(tp);

	Reasm *r = reasm_new(16, 1 << 20, 30);
	Arena a;
	arena_init(&a);
	ReasmKey k;
	memset(&k, 0, sizeof(k));
	k.af = 4, k.proto = 17, k.id = 1;
	ReasmOut out;
	uint8_t data[64] = { 0 };
	cr_assert_eq(reasm_add(r, &k, 0, data, 64, true, 0, 1, &a, &out), REASM_PENDING);
	k.id = 2;
	cr_assert_eq(reasm_add(r, &k, 0, data, 64, true, 31LL * 1000000000, 2, &a, &out), REASM_PENDING);
	cr_assert_eq(out.evicted, 1, "the 31 s old datagram timed out");
	cr_assert_eq(reasm_pending(r), 1);
	reasm_free(r);
	arena_free(&a);
}

Test(reasm, caps_bound_memory)
{
	Reasm *r = reasm_new(8, 4096, 60);
	Arena a;
	arena_init(&a);
	ReasmKey k;
	memset(&k, 0, sizeof(k));
	k.af = 4, k.proto = 17;
	ReasmOut out;
	uint8_t data[1024] = { 0 };
	unsigned evicted = 0;
	for (uint32_t i = 0; i < 10000; i++) {
		k.id = i;
		reasm_add(r, &k, 0, data, 512, true, i, i, &a, &out);
		evicted += out.evicted;
		cr_assert_leq(reasm_pending(r), 8);
		cr_assert_leq(reasm_bytes(r), 4096);
	}
	cr_assert_geq(evicted, 10000 - 8);
	/* too many fragments for one datagram */
	k.id = 99999;
	ReasmResult last = REASM_PENDING;
	for (uint32_t i = 0; i < 200; i++)
		last = reasm_add(r, &k, i * 8, data, 8, true, 20000, 1, &a, &out);
	cr_assert_eq(last, REASM_REFUSED);
	/* beyond 64 KiB */
	k.id = 5;
	cr_assert_eq(reasm_add(r, &k, 65528, data, 16, false, 20000, 1, &a, &out), REASM_REFUSED);
	reasm_free(r);
	arena_free(&a);
}

Test(reasm, overlap_is_flagged)
{
	Reasm *r = reasm_new(8, 1 << 20, 60);
	Arena a;
	arena_init(&a);
	ReasmKey k;
	memset(&k, 0, sizeof(k));
	k.af = 4, k.proto = 17, k.id = 3;
	ReasmOut out;
	uint8_t x[16], y[16];
	memset(x, 'x', 16);
	memset(y, 'y', 16);
	cr_assert_eq(reasm_add(r, &k, 0, x, 16, true, 0, 1, &a, &out), REASM_PENDING);
	cr_assert_eq(reasm_add(r, &k, 8, y, 16, false, 0, 2, &a, &out), REASM_DONE);
	cr_assert(out.overlap);
	cr_assert_eq(out.len, 24);
	cr_assert_eq(out.data[0], 'x');
	cr_assert_eq(out.data[23], 'y');
	reasm_free(r);
	arena_free(&a);
}

/* IPv6: fragment header, 2 fragments of a UDP datagram */
Test(reasm, ipv6_fragments)
{
	uint8_t f[2][120];
	size_t fl[2];
	uint8_t udp[8 + 100];
	udp[0] = 0x01, udp[1] = 0xf4, udp[2] = 0x01, udp[3] = 0xf4, udp[4] = 0, udp[5] = 108, udp[6] = 0,
	udp[7] = 0;
	for (int i = 0; i < 100; i++)
		udp[8 + i] = (uint8_t)i;
	for (int i = 0; i < 2; i++) {
		size_t off = i ? 56 : 0, len = i ? 108 - 56 : 56;
		uint8_t *p = f[i];
		memset(p, 0, 48);
		p[0] = 0x60;
		p[4] = 0, p[5] = (uint8_t)(8 + len);
		p[6] = 44, p[7] = 64;
		p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8, p[23] = 1;
		p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8, p[39] = 2;
		p[40] = 17;
		uint16_t om = (uint16_t)(off | (i ? 0 : 1));
		p[42] = (uint8_t)(om >> 8), p[43] = (uint8_t)om;
		p[47] = 0x77;
		memcpy(p + 48, udp + off, len);
		fl[i] = 48 + len;
	}
	TestPacket *tp = t_dissect(T_DLT_RAW, f[0], fl[0], 0);
	cr_assert(tp->pkt.sum.layers & LAYER_FRAG);
	cr_assert_str_eq(t_field(tp, "ipv6.fraghdr.more"), "1");
	t_dissect_more(tp, T_DLT_RAW, f[1], fl[1], 0);
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	cr_assert_str_eq(t_field(tp, "ipv6.fraghdr.offset"), "7");
	cr_assert_eq(tp->pkt.sum.ip.proto, 17);
	t_free(tp);
}

Test(reasm, disabled_reassembly_shows_first_fragment)
{
	make_frags(11, 2000, 1000, frames, lens);
	TestPacket *tp = t_dissect(T_DLT_RAW, frames[0], lens[0], 0);
	t_free(tp);
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = true;
	o.reassemble = false;
	DissectCtx *ctx = dissect_ctx_new(&o);
	Packet p;
	dissect_frame(ctx, &p, T_DLT_RAW, frames[0], (uint32_t)lens[0], (uint32_t)lens[0], 0, 1);
	cr_assert(p.sum.layers & LAYER_UDP, "first fragment dissected when reassembly is off");
	dissect_ctx_free(ctx);
}

/* found by fuzz_frame: an empty fragment must not read a byte */
Test(reasm, empty_fragment)
{
	Reasm *r = reasm_new(8, 1 << 20, 60);
	Arena a;
	arena_init(&a);
	ReasmKey k;
	memset(&k, 0, sizeof(k));
	k.af = 4, k.proto = 17, k.id = 4;
	ReasmOut out;
	uint8_t *none = g_malloc(1);
	cr_assert_eq(reasm_add(r, &k, 0, none + 1, 0, true, 0, 1, &a, &out), REASM_PENDING);
	cr_assert_eq(reasm_add(r, &k, 0, none + 1, 0, false, 0, 2, &a, &out), REASM_DONE);
	cr_assert_eq(out.len, 0);
	g_free(none);
	reasm_free(r);
	arena_free(&a);
}
