/*
 * fuzz_proto.c - libFuzzer harnesses for the protocol entry points, one
 * binary per FUZZ_MODE (run-fuzz.sh builds each):
 *
 *   ike   IKEv1/IKEv2 message as UDP/500 or UDP/4500 (non-ESP marker),
 *         IPv4 or IPv6; optionally with the keyed cookies written in, and
 *         for IKEv2 a valid HMAC, so the decryption paths run
 *   esp   ESP (IP protocol 50 or UDP/4500) with and without keys: the
 *         first byte picks an SA (AES-CBC+HMAC-SHA1, AES-CBC, NULL,
 *         AES-GCM-16, 3DES+HMAC-MD5, NULL+HMAC-SHA256) or none; HMAC SAs
 *         get a valid ICV on request so the plaintext is dissected
 *   l2tp  L2TP as UDP/1701
 *   ppp   PPP as a PPP link-type frame, inside L2TP data, or inside
 *         enhanced GRE
 *   gre   GRE (IP protocol 47) and what it carries
 *   pptp  a PPTP control stream: the input is cut into TCP/1723 segments
 *         (both directions, gaps, retransmissions) so reassembly runs
 *
 * The first input byte is the selector; the rest the protocol bytes.
 * Each input is dissected with a tree (rendered, as dissect -V) in a
 * context kept across inputs (so retransmission memory, fragment and
 * stream reassembly and their caps are exercised), and on the summary
 * path in a context without keys.  The contexts are renewed now and then.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz_wrap.h"

#define FZ_ike 1
#define FZ_esp 2
#define FZ_l2tp 3
#define FZ_ppp 4
#define FZ_gre 5
#define FZ_pptp 6
#define FZ_CAT2(a, b) a##b
#define FZ_CAT(a, b) FZ_CAT2(a, b)
#define MODE FZ_CAT(FZ_, FUZZ_MODE)

static DissectCtx *tree_ctx, *fast_ctx;
static Keyring *keys;
static uint64_t frame;

static void setup(void)
{
	if (tree_ctx && frame % 4096 != 0)
		return;
	if (tree_ctx) {
		dissect_ctx_free(tree_ctx);
		dissect_ctx_free(fast_ctx);
	}
	if (!keys)
		keys = fz_keyring();
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = o.want_info = true;
	o.reasm_max_datagrams = 64;
	tree_ctx = dissect_ctx_new(&o);
	dissect_ctx_set_keyring(tree_ctx, keys);
	dissect_options_default(&o);
	fast_ctx = dissect_ctx_new(&o);
}

static size_t run(int lt, const uint8_t *f, size_t n)
{
	Packet pkt;
	frame++;
	dissect_frame(tree_ctx, &pkt, lt, f, (uint32_t)n, (uint32_t)n, (int64_t)frame * 1000000, frame);
	size_t total = fz_render(&pkt);
	dissect_frame(fast_ctx, &pkt, lt, f, (uint32_t)n, (uint32_t)n, (int64_t)frame * 1000000, frame);
	return total;
}

static uint8_t buf[FZ_MAX_FRAME + 64], pl[FZ_MAX_FRAME + 64];

/* UDP datagram sel-dependent IPv4/IPv6 between a client and the server */
static size_t run_udp(uint8_t sel, uint16_t cport, uint16_t sport, const uint8_t *p, size_t n)
{
	bool rev = sel & 0x40, v6 = sel & 0x80;
	size_t u = fz_udp(pl, rev ? sport : cport, rev ? cport : sport, p, n);
	size_t len = v6 ? fz_ipv6(buf, rev ? 1 : 2, rev ? 2 : 1, 17, pl, u)
			: fz_ipv4(buf, rev ? fz_server4 : fz_addr4[0], rev ? fz_addr4[0] : fz_server4, 17, pl, u);
	return run(v6 ? FZ_LT_IPV6 : FZ_LT_IPV4, buf, len);
}

#if MODE == FZ_ike
static size_t one(uint8_t sel, const uint8_t *d, size_t n)
{
	static uint8_t msg[FZ_MAX_FRAME];
	size_t off = 0;
	if (sel & 1) { /* UDP/4500: non-ESP marker */
		memset(msg, 0, 4);
		off = 4;
	}
	if (n > sizeof(msg) - 8 - 60 - off)
		n = sizeof(msg) - 8 - 60 - off;
	memcpy(msg + off, d, n);
	uint8_t *ike = msg + off;
	if ((sel & 6) == 2 && n >= 8) { /* the keyed IKEv1 SA */
		memcpy(ike, fz_v1_icookie, 8);
	} else if ((sel & 6) == 4 && n >= 28) { /* the keyed IKEv2 SA, a valid ICV */
		memcpy(ike, fz_v2_spi_i, 8);
		memcpy(ike + 8, fz_v2_spi_r, 8);
		ike[24] = (uint8_t)(n >> 24), ike[25] = (uint8_t)(n >> 16), ike[26] = (uint8_t)(n >> 8), ike[27] = (uint8_t)n;
		uint8_t k[32];
		fz_unhex(ike[19] & 0x08 ? fz_v2_sk_ai : fz_v2_sk_ar, k, sizeof(k));
		fz_hmac_icv(EVP_sha256(), k, sizeof(k), ike, n, 16);
	} else if ((sel & 6) == 6 && n >= 28) { /* length field made to agree */
		ike[24] = (uint8_t)(n >> 24), ike[25] = (uint8_t)(n >> 16), ike[26] = (uint8_t)(n >> 8), ike[27] = (uint8_t)n;
	}
	return run_udp(sel, (sel & 1) ? 4500 : 500, (sel & 1) ? 4500 : 500, msg, n + off);
}
#elif MODE == FZ_esp
static size_t one(uint8_t sel, const uint8_t *d, size_t n)
{
	static uint8_t msg[FZ_MAX_FRAME];
	unsigned sa = sel & 7;
	size_t m;
	if (n > sizeof(msg) - 100)
		n = sizeof(msg) - 100;
	if (sa < FZ_N_SAS) { /* SPI of that SA, then the input (sequence number on) */
		uint32_t spi = fz_sa_spi[sa];
		msg[0] = (uint8_t)(spi >> 24), msg[1] = (uint8_t)(spi >> 16), msg[2] = (uint8_t)(spi >> 8), msg[3] = (uint8_t)spi;
		memcpy(msg + 4, d, n);
		m = n + 4;
		if (sel & 0x08) { /* a valid ICV */
			uint8_t k[32];
			if (sa == 0)
				fz_hmac_icv(EVP_sha1(), k, fz_unhex(fz_sa0_akey, k, sizeof(k)), msg, m, 12);
			else if (sa == 4)
				fz_hmac_icv(EVP_md5(), (const uint8_t *)"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f",
					    16, msg, m, 12);
			else if (sa == 5) {
				for (unsigned i = 0; i < 32; i++)
					k[i] = (uint8_t)(i & 15);
				fz_hmac_icv(EVP_sha256(), k, 32, msg, m, 16);
			}
		}
	} else { /* unknown or input-chosen SPI */
		memcpy(msg, d, n);
		m = n;
	}
	if (sel & 0x10) /* NAT-T: UDP/4500 */
		return run_udp(sel, 4500, 4500, msg, m);
	bool rev = sel & 0x40;
	size_t len = fz_ipv4(buf, rev ? fz_server4 : fz_addr4[1], rev ? fz_addr4[1] : fz_server4, 50, msg, m);
	return run(FZ_LT_IPV4, buf, len);
}
#elif MODE == FZ_l2tp
static size_t one(uint8_t sel, const uint8_t *d, size_t n)
{
	return run_udp(sel, 1701, 1701, d, n);
}
#elif MODE == FZ_ppp
static size_t one(uint8_t sel, const uint8_t *d, size_t n)
{
	static uint8_t msg[FZ_MAX_FRAME];
	if (n > sizeof(msg) - 200)
		n = sizeof(msg) - 200;
	switch (sel & 3) {
	case 0: { /* a PPP link-type frame */
		static const int lts[] = { 9, 50, 204, 166 };
		memcpy(buf, d, n);
		return run(lts[(sel >> 2) & 3], buf, n);
	}
	case 1: { /* L2TP v2 data message, tunnel 1 session 1, then ff 03 + PPP */
		static const uint8_t h[] = { 0x00, 0x02, 0x00, 0x01, 0x00, 0x01, 0xff, 0x03 };
		memcpy(msg, h, sizeof(h));
		memcpy(msg + sizeof(h), d, n);
		return run_udp(sel, 1701, 1701, msg, n + sizeof(h));
	}
	default: { /* enhanced GRE (PPTP): K+S, protocol 880b, payload length, call id, seq */
		static const uint8_t h[] = { 0x30, 0x01, 0x88, 0x0b, 0, 0, 0x00, 0x07, 0, 0, 0, 1, 0xff, 0x03 };
		memcpy(msg, h, sizeof(h));
		size_t plen = n + 2;
		msg[4] = (uint8_t)(plen >> 8), msg[5] = (uint8_t)plen;
		memcpy(msg + sizeof(h), d, n);
		size_t len = fz_ipv4(buf, fz_addr4[2], fz_server4, 47, msg, n + sizeof(h));
		return run(FZ_LT_IPV4, buf, len);
	}
	}
}
#elif MODE == FZ_gre
static size_t one(uint8_t sel, const uint8_t *d, size_t n)
{
	bool rev = sel & 0x40;
	size_t len = fz_ipv4(buf, rev ? fz_server4 : fz_addr4[2], rev ? fz_addr4[2] : fz_server4, (sel & 1) ? 4 : 47, d, n);
	return run(FZ_LT_IPV4, buf, len);
}
#elif MODE == FZ_pptp
/* Segments: [ctl][len] then len bytes (the last takes what is left).
 * ctl bit 0: server to client; bit 1: skip 100 bytes of sequence space
 * (a gap); bit 2: resend the previous segment's sequence number; bit 3:
 * SYN (a new connection: sequence numbers restart); bits 4-5: client port. */
static size_t one(uint8_t sel, const uint8_t *d, size_t n)
{
	uint32_t seq[2] = { 1000u + sel, 0xfffffff0u }; /* the server's wraps */
	uint32_t prev[2] = { seq[0], seq[1] };
	size_t total = 0;
	for (unsigned k = 0; k < 64 && n >= 2; k++) {
		uint8_t ctl = d[0];
		size_t len = d[1];
		d += 2, n -= 2;
		if (len > n || k == 63)
			len = n;
		unsigned dir = ctl & 1;
		uint16_t cport = (uint16_t)(40000 + ((ctl >> 4) & 3));
		if (ctl & 2)
			seq[dir] += 100;
		uint32_t s = (ctl & 4) ? prev[dir] : seq[dir];
		uint8_t flags = (ctl & 8) ? 0x02 : 0x18;
		if (ctl & 8)
			seq[dir] = s = 5000u * (k + 1);
		size_t t = fz_tcp(pl, dir ? 1723 : cport, dir ? cport : 1723, s, seq[!dir], flags, d, len);
		size_t flen = fz_ipv4(buf, dir ? fz_server4 : fz_addr4[3], dir ? fz_addr4[3] : fz_server4, 6, pl, t);
		total += run(FZ_LT_IPV4, buf, flen);
		prev[dir] = s;
		seq[dir] = s + (uint32_t)len + ((ctl & 8) ? 1 : 0);
		d += len, n -= len;
	}
	return total;
}
#else
#error "FUZZ_MODE must be one of ike esp l2tp ppp gre pptp"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* one frame's worth, but a PPTP stream is cut into frames of its own */
	if (size < 1 || (MODE != FZ_pptp && size > FZ_MAX_FRAME))
		return 0;
	setup();
	size_t total = one(data[0], data + 1, size - 1);
	return total == (size_t)-1; /* keep the rendering from being optimised away */
}
