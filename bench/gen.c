/*
 * bench/gen.c - a deterministic generator of large L2TP/IPsec captures for
 * the benchmark (issue 10) and for the decryption-throughput benchmark
 * (issue 5).
 *
 *   iks-gen -o PREFIX [-s SIZE] [-n SAS] [-S SEED] [-c CIPHER] [--esp-only]
 *           [-p PAYLOAD]
 *
 * writes PREFIX.pcap (Ethernet, the view of a tap at an L2TP/IPsec
 * concentrator 203.0.113.20), PREFIX.expect (the outcome of every attempt,
 * doc/expectations.md), PREFIX.info (counts) and PREFIX.keys/ with the same
 * keys in every format ikescope reads: esp_sa, ikev1_decryption_table,
 * preferences (a WIRESHARK_CONFIG_DIR), tcpdump.secrets (tcpdump -E),
 * xfrm-state.txt (ip -s xfrm state) and charon.log (charon, IKE/CHD level 4).
 *
 * The capture: thousands of interleaved attempts, each a DNS lookup (half of
 * them), IKEv1 Main Mode (MM5/6 really encrypted with the phase-1 key Ka and
 * the RFC 2409 IVs), Quick Mode (encrypted, carrying the SPIs), then L2TP
 * (transport-mode UDP 1701) and PPP (LCP, MS-CHAPv2, IPCP, data) inside ESP
 * really encrypted and authenticated with the SA's keys (AES-CBC+HMAC-SHA1
 * and AES-GCM alternate), plain or NAT-T (UDP 4500, keepalives).  A share
 * fails in the ways of DESIGN §2 (dns-failed, ike-no-response,
 * psk-mismatch, esp-blocked, l2tp-no-answer, ppp-auth-failed), and about
 * 30 % of the packets are unrelated background (HTTP over TCP, DNS, NTP).
 * Payloads of the IKE messages are synthetic (plausible sizes); everything
 * is derived from the seed, so the same arguments give the same bytes.
 *
 * -n SAS (1..5000) is the number of ESP SAs in the key files; attempts use
 * them in turn (SA pairs), so a capture with 1 SA and one with 5000 differ
 * only in how many keys ikescope has to look through.
 * --esp-only writes one SA pair's data packets of -p PAYLOAD bytes and
 * nothing else, with -c CIPHER: the input of the crypto-speed benchmark.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/sha.h>

#include "espalg.h"

enum {
	MAX_ACTIVE = 48,      /* attempts in flight at once */
	MAX_ACTIONS = 1400,   /* packets of one attempt */
	MAX_SAS = 5000,
	SERVER_IP = 0xcb007114, /* 203.0.113.20 */
	DNS_IP = 0xcb007135,    /* 203.0.113.53 */
};

/* ---- deterministic randomness ---------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static unsigned rnd_in(unsigned lo, unsigned hi) /* lo..hi inclusive */
{
	return lo + (unsigned)(rnd() % (uint64_t)(hi - lo + 1));
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n) {
		uint64_t v = rnd();
		size_t k = n < 8 ? n : 8;
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}

/* a seeded stream independent of the main one (keys of SA i) */
static void derive_bytes(uint64_t seed, uint64_t idx, uint8_t *p, size_t n)
{
	uint64_t save = rng_state;
	rng_state = (seed ^ (idx * 0x9E3779B97F4A7C15ULL)) | 1;
	for (int i = 0; i < 8; i++)
		rnd();
	rnd_bytes(p, n);
	rng_state = save;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("iks-gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* ---- byte writing ------------------------------------------------------ */

typedef struct {
	uint8_t *p;
	size_t n, cap;
} Buf;

static void put(Buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap)
		die("internal: packet buffer overflow");
	memcpy(b->p + b->n, d, n);
	b->n += n;
}
static void put8(Buf *b, unsigned v)
{
	uint8_t x = (uint8_t)v;
	put(b, &x, 1);
}
static void put16(Buf *b, unsigned v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(b, x, 2);
}
static void put32(Buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	put(b, x, 4);
}
static void set16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static void putrnd(Buf *b, size_t n)
{
	if (b->n + n > b->cap)
		die("internal: packet buffer overflow");
	rnd_bytes(b->p + b->n, n);
	b->n += n;
}

/* ---- pcap output -------------------------------------------------------- */

typedef struct {
	FILE *f;
	uint64_t now_us;  /* timestamp of the last packet written */
	uint64_t packets, bytes, bg_packets, esp_packets, esp_payload;
} Pcap;

static Pcap pc;

static void pcap_open(const char *path)
{
	pc.f = fopen(path, "wb");
	if (!pc.f)
		die("%s: %s", path, strerror(errno));
	static char fbuf[1 << 20];
	setvbuf(pc.f, fbuf, _IOFBF, sizeof(fbuf));
	uint32_t h[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	fwrite(h, sizeof(h), 1, pc.f);
}

static void pcap_write(uint64_t t_us, const uint8_t *p, size_t n)
{
	if (t_us < pc.now_us)
		t_us = pc.now_us;
	pc.now_us = t_us;
	uint32_t h[4] = { (uint32_t)(t_us / 1000000), (uint32_t)(t_us % 1000000), (uint32_t)n, (uint32_t)n };
	fwrite(h, sizeof(h), 1, pc.f);
	fwrite(p, 1, n, pc.f);
	pc.packets++;
	pc.bytes += n + 16;
}

static uint16_t ip_csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n % 2)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint16_t ip_id;

/* An IPv4 header for `len` payload bytes into b. */
static void put_ip(Buf *b, uint32_t src, uint32_t dst, unsigned proto, size_t len)
{
	size_t at = b->n;
	put8(b, 0x45);
	put8(b, 0);
	put16(b, (unsigned)(20 + len));
	put16(b, ip_id++);
	put16(b, 0x4000);
	put8(b, 64);
	put8(b, proto);
	put16(b, 0);
	put32(b, src);
	put32(b, dst);
	set16(b->p + at + 10, ip_csum(b->p + at, 20));
}

static void put_udp(Buf *b, unsigned sp, unsigned dp, size_t len)
{
	put16(b, sp);
	put16(b, dp);
	put16(b, (unsigned)(8 + len));
	put16(b, 0);
}

static const uint8_t mac_srv[6] = { 0x02, 0x00, 0x5e, 0x00, 0x00, 0x14 };
static const uint8_t mac_gw[6] = { 0x02, 0x00, 0x5e, 0x00, 0x00, 0x01 };

/* Write an IPv4 packet whose transport payload is pl[0..n). */
static void emit_ip(uint64_t t, uint32_t src, uint32_t dst, unsigned proto, const uint8_t *pl, size_t n)
{
	uint8_t frame[2048];
	Buf b = { frame, 0, sizeof(frame) };
	bool to_srv = dst == SERVER_IP;
	put(&b, to_srv ? mac_srv : mac_gw, 6);
	put(&b, to_srv ? mac_gw : mac_srv, 6);
	put16(&b, 0x0800);
	put_ip(&b, src, dst, proto, n);
	put(&b, pl, n);
	pcap_write(t, frame, b.n);
}

static void emit_udp(uint64_t t, uint32_t src, unsigned sp, uint32_t dst, unsigned dp, const uint8_t *pl,
		     size_t n)
{
	uint8_t u[2048];
	Buf b = { u, 0, sizeof(u) };
	put_udp(&b, sp, dp, n);
	put(&b, pl, n);
	emit_ip(t, src, dst, 17, u, b.n);
}

/* ---- SAs ---------------------------------------------------------------- */

typedef struct {
	BenchSa sa;
	uint64_t seq;
} GenSa;

static GenSa *sas;
static unsigned n_sas, n_pairs;
static uint64_t seed;

static uint32_t sa_spi(unsigned i)
{
	/* a bijection of the 30-bit index: distinct, random-looking SPIs */
	return 0xc0000000u | ((uint32_t)(i + 1) * 2654435761u & 0x3fffffffu);
}

static void sas_make(unsigned n, int fixed_alg)
{
	n_sas = n;
	n_pairs = (n + 1) / 2;
	sas = calloc(n, sizeof(*sas));
	if (!sas)
		die("out of memory");
	for (unsigned i = 0; i < n; i++) {
		BenchSa *s = &sas[i].sa;
		/* pair p alternates AES-CBC+HMAC-SHA1 and AES-GCM */
		s->alg = fixed_alg >= 0 ? (BenchAlg)fixed_alg : (i / 2) % 2 ? BA_AES128_GCM : BA_AES128_CBC_SHA1;
		s->spi = sa_spi(i);
		derive_bytes(seed, 2 * i + 1, s->ekey, sizeof(s->ekey));
		derive_bytes(seed, 2 * i + 2, s->akey, sizeof(s->akey));
		if (!bench_sa_prepare(s, true))
			die("OpenSSL cannot prepare %s", bench_algs[s->alg].evp);
	}
}

/* Seal payload pl (next header nh) into an ESP packet in out; its length. */
static size_t esp_seal(GenSa *g, unsigned nh, const uint8_t *pl, size_t n, uint8_t *out)
{
	BenchSa *s = &g->sa;
	const BenchAlgInfo *ai = &bench_algs[s->alg];
	uint8_t pt[2048];
	size_t m = n + 2;
	size_t pad = (ai->block - m % ai->block) % ai->block;
	if (n + pad + 2 > sizeof(pt) - 64)
		die("internal: ESP payload too large");
	memcpy(pt, pl, n);
	for (size_t i = 0; i < pad; i++)
		pt[n + i] = (uint8_t)(i + 1);
	pt[n + pad] = (uint8_t)pad;
	pt[n + pad + 1] = (uint8_t)nh;
	size_t ctlen = n + pad + 2;
	g->seq++;
	uint32_t seq = (uint32_t)g->seq;
	uint8_t *o = out;
	o[0] = (uint8_t)(s->spi >> 24);
	o[1] = (uint8_t)(s->spi >> 16);
	o[2] = (uint8_t)(s->spi >> 8);
	o[3] = (uint8_t)s->spi;
	o[4] = (uint8_t)(seq >> 24);
	o[5] = (uint8_t)(seq >> 16);
	o[6] = (uint8_t)(seq >> 8);
	o[7] = (uint8_t)seq;
	uint8_t *iv = o + 8, *ct = iv + ai->iv;
	rnd_bytes(iv, ai->iv);
	int l = 0, fl = 0;
	if (!ai->aead) {
		if (EVP_EncryptInit_ex2(s->cctx, NULL, NULL, iv, NULL) != 1 ||
		    EVP_EncryptUpdate(s->cctx, ct, &l, pt, (int)ctlen) != 1 || (size_t)l != ctlen)
			die("OpenSSL: encryption failed");
		if (!bench_sa_mac(s, o, 8 + ai->iv + ctlen, ct + ctlen))
			die("OpenSSL: HMAC failed");
	} else {
		uint8_t nonce[12];
		memcpy(nonce, s->ekey + ai->ekey, 4);
		memcpy(nonce + 4, iv, 8);
		if (EVP_EncryptInit_ex2(s->cctx, NULL, NULL, nonce, NULL) != 1 ||
		    EVP_EncryptUpdate(s->cctx, NULL, &l, o, 8) != 1 ||
		    EVP_EncryptUpdate(s->cctx, ct, &l, pt, (int)ctlen) != 1 ||
		    EVP_EncryptFinal_ex(s->cctx, ct + l, &fl) != 1 ||
		    EVP_CIPHER_CTX_ctrl(s->cctx, EVP_CTRL_AEAD_GET_TAG, ai->icv, ct + ctlen) != 1)
			die("OpenSSL: AEAD encryption failed");
	}
	pc.esp_packets++;
	pc.esp_payload += ctlen;
	return 8 + ai->iv + ctlen + ai->icv;
}

/* ---- attempts ------------------------------------------------------------ */

typedef enum {
	SH_OK,
	SH_OK_NATT,
	SH_DNS_FAILED,
	SH_IKE_NO_RESPONSE,
	SH_PSK_MISMATCH,
	SH_ESP_BLOCKED,
	SH_L2TP_NO_ANSWER,
	SH_PPP_AUTH_FAILED,
	SH__COUNT
} Shape;

static const char *const shape_expect[SH__COUNT] = {
	[SH_OK] = "verdict=ok stage=- direction=none cause=- profile=l2tp-ipsec nat=none",
	[SH_OK_NATT] = "verdict=ok stage=- direction=none cause=- profile=l2tp-ipsec nat=client",
	[SH_DNS_FAILED] = "verdict=failed stage=dns direction=r2i cause=dns-failed profile=l2tp-ipsec nat=none",
	[SH_IKE_NO_RESPONSE] = "verdict=failed stage=ike-p1 direction=r2i cause=ike-no-response profile=l2tp-ipsec nat=none",
	[SH_PSK_MISMATCH] = "verdict=failed stage=ike-p1 direction=r2i cause=psk-mismatch profile=l2tp-ipsec nat=none",
	[SH_ESP_BLOCKED] = "verdict=failed stage=esp direction=r2i cause=esp-blocked profile=l2tp-ipsec nat=none",
	[SH_L2TP_NO_ANSWER] = "verdict=failed stage=l2tp direction=r2i cause=l2tp-no-answer profile=l2tp-ipsec nat=none",
	[SH_PPP_AUTH_FAILED] = "verdict=failed stage=ppp-auth direction=r2i cause=ppp-auth-failed profile=l2tp-ipsec nat=none",
};
static const char *const shape_name[SH__COUNT] = {
	"ok", "ok-natt", "dns-failed", "ike-no-response", "psk-mismatch", "esp-blocked", "l2tp-no-answer",
	"ppp-auth-failed",
};

typedef enum {
	A_DNS_Q, A_DNS_A, A_DNS_NX,
	A_MM1, A_MM2, A_MM3, A_MM4, A_MM5, A_MM6, A_QM1, A_QM2, A_QM3, A_DELETE,
	A_KEEPALIVE,
	A_SCCRQ, A_SCCRP, A_SCCCN, A_ICRQ, A_ICRP, A_ICCN, A_ZLB, A_HELLO, A_STOPCCN, A_CDN, A_ICMP_UNREACH,
	A_LCP_REQ, A_LCP_ACK, A_CHAP_CHAL, A_CHAP_RESP, A_CHAP_OK, A_CHAP_FAIL, A_IPCP_REQ, A_IPCP_ACK,
	A_LCP_TERM, A_LCP_TERMACK, A_DATA,
} Act;

typedef struct {
	uint64_t t;
	uint8_t act, dir; /* dir 0: initiator to responder */
	uint16_t size;
} Action;

typedef struct {
	bool used;
	unsigned id;
	Shape shape;
	uint32_t cli, cli_priv; /* public (as seen) and private address */
	unsigned p500, p4500;   /* client's ports as seen */
	bool natt;
	GenSa *out, *in;        /* i2r, r2i SAs */
	uint8_t icky[8], rcky[8], ka[32], gxi[256], gxr[256];
	uint8_t iv[16], p1_last[16];
	uint8_t mm5[160];
	size_t mm5_len;
	uint32_t qm_id;
	unsigned tid_c, tid_s, sid_c, sid_s, ns[2], nr[2], ppp_id, icmp_seq;
	uint32_t ppp_ip;
	Action act[MAX_ACTIONS];
	unsigned n_act, next;
} Attempt;

static Attempt active[MAX_ACTIVE];

static void add(Attempt *a, uint64_t t, Act act, unsigned dir, unsigned size)
{
	if (a->n_act == MAX_ACTIONS)
		return;
	a->act[a->n_act++] = (Action){ t, (uint8_t)act, (uint8_t)dir, (uint16_t)size };
}

/* The packet script of one attempt starting at t0 (microseconds). */
static void script(Attempt *a, uint64_t t0)
{
	uint64_t t = t0;
	a->n_act = a->next = 0;
#define STEP(lo, hi) (t += rnd_in(lo, hi))
	if (a->shape == SH_DNS_FAILED) {
		add(a, t, A_DNS_Q, 0, 0);
		add(a, STEP(500, 3000), A_DNS_NX, 1, 0);
		return;
	}
	if (rnd() % 2) {
		add(a, t, A_DNS_Q, 0, 0);
		add(a, STEP(500, 3000), A_DNS_A, 1, 0);
		STEP(1000, 5000);
	}
	add(a, t, A_MM1, 0, 0);
	if (a->shape == SH_IKE_NO_RESPONSE) {
		for (unsigned i = 1; i <= 4; i++)
			add(a, STEP(1000000u << (i - 1), 1000000u << (i - 1)), A_MM1, 0, 0);
		return;
	}
	add(a, STEP(2000, 9000), A_MM2, 1, 0);
	add(a, STEP(5000, 15000), A_MM3, 0, 0);
	add(a, STEP(5000, 15000), A_MM4, 1, 0);
	add(a, STEP(5000, 15000), A_MM5, 0, 0);
	if (a->shape == SH_PSK_MISMATCH) {
		for (unsigned i = 0; i < 3; i++)
			add(a, STEP(3000000, 3000000), A_MM5, 0, 0);
		return;
	}
	add(a, STEP(2000, 6000), A_MM6, 1, 0);
	add(a, STEP(2000, 9000), A_QM1, 0, 0);
	add(a, STEP(2000, 9000), A_QM2, 1, 0);
	add(a, STEP(2000, 9000), A_QM3, 0, 0);
	STEP(300000, 1200000);
	if (a->shape == SH_ESP_BLOCKED || a->shape == SH_L2TP_NO_ANSWER) {
		for (unsigned i = 0; i < 5; i++) {
			add(a, t, A_SCCRQ, 0, 0);
			if (a->shape == SH_L2TP_NO_ANSWER)
				add(a, t + 300, A_ICMP_UNREACH, 1, 0);
			STEP(1000000u << i, 1000000u << i);
		}
		return;
	}
	add(a, t, A_SCCRQ, 0, 0);
	add(a, STEP(1000, 4000), A_SCCRP, 1, 0);
	add(a, STEP(500, 2000), A_SCCCN, 0, 0);
	add(a, STEP(500, 2000), A_ZLB, 1, 0);
	add(a, STEP(5000, 15000), A_ICRQ, 0, 0);
	add(a, STEP(1000, 3000), A_ICRP, 1, 0);
	add(a, STEP(500, 2000), A_ICCN, 0, 0);
	add(a, STEP(500, 2000), A_ZLB, 1, 0);
	add(a, STEP(50000, 150000), A_LCP_REQ, 0, 0);
	add(a, STEP(1000, 100000), A_LCP_REQ, 1, 0);
	add(a, STEP(500, 3000), A_LCP_ACK, 0, 0);
	add(a, STEP(500, 3000), A_LCP_ACK, 1, 0);
	add(a, STEP(500, 3000), A_CHAP_CHAL, 1, 0);
	add(a, STEP(2000, 20000), A_CHAP_RESP, 0, 0);
	if (a->shape == SH_PPP_AUTH_FAILED) {
		add(a, STEP(1000, 5000), A_CHAP_FAIL, 1, 0);
		add(a, STEP(500, 2000), A_LCP_TERM, 1, 0);
		add(a, STEP(500, 2000), A_LCP_TERMACK, 0, 0);
		add(a, STEP(2000, 8000), A_CDN, 1, 0);
		add(a, STEP(500, 2000), A_ZLB, 0, 0);
		/* its last session gone, the client closes the tunnel */
		add(a, STEP(1000, 5000), A_STOPCCN, 0, 0);
		add(a, STEP(500, 2000), A_ZLB, 1, 0);
		return;
	}
	add(a, STEP(1000, 5000), A_CHAP_OK, 1, 0);
	add(a, STEP(1000, 5000), A_IPCP_REQ, 0, 0);
	add(a, STEP(500, 3000), A_IPCP_REQ, 1, 0);
	add(a, STEP(500, 3000), A_IPCP_ACK, 0, 0);
	add(a, STEP(500, 3000), A_IPCP_ACK, 1, 0);
	/* data: a session of request/response traffic, hellos, keepalives */
	unsigned n = rnd_in(60, 700);
	uint64_t last_ka = t;
	for (unsigned i = 0; i < n && a->n_act < MAX_ACTIONS - 16; i++) {
		unsigned dir = rnd() % 5 < 3; /* more downstream than upstream */
		unsigned size = rnd() % 3 ? rnd_in(900, 1360) : rnd_in(40, 300);
		add(a, STEP(200, 40000), A_DATA, dir, size);
		if (t - last_ka > 20000000) {
			if (a->natt)
				add(a, t + 50, A_KEEPALIVE, 0, 0);
			add(a, t + 100, A_HELLO, 1, 0);
			add(a, t + 2000, A_ZLB, 0, 0);
			last_ka = t;
		}
	}
	add(a, STEP(100000, 900000), A_LCP_TERM, 0, 0);
	add(a, STEP(500, 3000), A_LCP_TERMACK, 1, 0);
	add(a, STEP(1000, 5000), A_CDN, 0, 0);
	add(a, STEP(500, 2000), A_ZLB, 1, 0);
	add(a, STEP(1000, 5000), A_STOPCCN, 0, 0);
	add(a, STEP(500, 2000), A_ZLB, 1, 0);
	add(a, STEP(1000, 5000), A_DELETE, 0, 0);
#undef STEP
}

static unsigned attempt_seq;
static FILE *expect_f;
static uint64_t shape_count[SH__COUNT];

static void attempt_start(Attempt *a, uint64_t t0, bool esp_only)
{
	memset(a, 0, offsetof(Attempt, act));
	a->used = true;
	a->id = attempt_seq++;
	unsigned r = (unsigned)(rnd() % 100);
	a->shape = esp_only		 ? SH_OK
		   : a->id < SH__COUNT ? (Shape)a->id /* every shape at least once */
		   : r < 52   ? SH_OK
		   : r < 70   ? SH_OK_NATT
		   : r < 75   ? SH_DNS_FAILED
		   : r < 80   ? SH_IKE_NO_RESPONSE
		   : r < 85   ? SH_PSK_MISMATCH
		   : r < 90   ? SH_ESP_BLOCKED
		   : r < 95   ? SH_L2TP_NO_ANSWER
			      : SH_PPP_AUTH_FAILED;
	shape_count[a->shape]++;
	unsigned pair = a->id % n_pairs;
	a->out = &sas[(2 * pair) % n_sas];
	a->in = &sas[(2 * pair + 1) % n_sas];
	/* client addresses 198.18.0.0/15, one per attempt slot of a 4096 pool */
	unsigned c = a->id % 4096;
	a->cli = 0xc6120000u + (c + 1);
	a->natt = a->shape == SH_OK_NATT;
	a->cli_priv = a->natt ? 0x0a000000u + rnd_in(2, 250) : a->cli;
	a->p500 = a->natt ? 1024 + (unsigned)(rnd() % 60000) : 500;
	a->p4500 = a->natt ? 1024 + (unsigned)(rnd() % 60000) : 4500;
	rnd_bytes(a->icky, 8);
	rnd_bytes(a->rcky, 8);
	derive_bytes(seed ^ 0x1cebeefULL, a->id, a->ka, sizeof(a->ka));
	rnd_bytes(a->gxi, sizeof(a->gxi));
	rnd_bytes(a->gxr, sizeof(a->gxr));
	a->qm_id = (uint32_t)rnd() | 1;
	a->tid_c = rnd_in(1, 65535);
	a->tid_s = rnd_in(1, 65535);
	a->sid_c = rnd_in(1, 65535);
	a->sid_s = rnd_in(1, 65535);
	a->ppp_ip = 0xc0000264u + (a->id % 150); /* 192.0.2.100.. */
	if (esp_only) {
		a->n_act = a->next = 0;
		return;
	}
	script(a, t0);
	if (expect_f)
		fprintf(expect_f, "attempt %u %s\n", a->id + 1, shape_expect[a->shape]);
}

/* ---- IKEv1 ----------------------------------------------------------------- */

/* Payloads: open one (its next-payload byte is patched by the next open
 * or left 0), close it (length). */
typedef struct {
	Buf *b;
	size_t np_at; /* where the previous next-payload byte is */
	size_t start; /* where the open payload starts */
} Chain;

static void pl_open(Chain *c, unsigned type)
{
	c->b->p[c->np_at] = (uint8_t)type;
	c->start = c->b->n;
	c->np_at = c->b->n;
	put8(c->b, 0);
	put8(c->b, 0);
	put16(c->b, 0);
}

static void pl_close(Chain *c)
{
	set16(c->b->p + c->start + 2, (unsigned)(c->b->n - c->start));
}

static void pl_bytes(Chain *c, unsigned type, const uint8_t *d, size_t n)
{
	pl_open(c, type);
	if (d)
		put(c->b, d, n);
	else
		putrnd(c->b, n);
	pl_close(c);
}

static void attr(Buf *b, unsigned type, unsigned v)
{
	put16(b, 0x8000 | type);
	put16(b, v);
}

/* SA payload: phase 1 (ISAKMP, AES-256/SHA1/PSK/modp2048) or phase 2 (ESP
 * with the SPI, transport mode, the SA's algorithm). */
static void pl_sa(Chain *c, const Attempt *a, bool p2, const GenSa *g)
{
	Buf *b = c->b;
	pl_open(c, 1);
	put32(b, 1); /* DOI IPsec */
	put32(b, 1); /* SIT_IDENTITY_ONLY */
	size_t prop = b->n;
	put8(b, 0);
	put8(b, 0);
	put16(b, 0);
	put8(b, 1);
	put8(b, p2 ? 3 : 1);
	put8(b, p2 ? 4 : 0);
	put8(b, 1);
	if (p2)
		put32(b, g->sa.spi);
	size_t tr = b->n;
	put8(b, 0);
	put8(b, 0);
	put16(b, 0);
	put8(b, 1);
	if (!p2) {
		put8(b, 1); /* KEY_IKE */
		put16(b, 0);
		attr(b, 1, 7);       /* AES-CBC */
		attr(b, 14, 256);    /* key length */
		attr(b, 2, 2);       /* SHA1 */
		attr(b, 3, 1);       /* pre-shared key */
		attr(b, 4, 14);      /* modp2048 */
		attr(b, 11, 1);      /* life type seconds */
		attr(b, 12, 28800);
	} else {
		const BenchAlgInfo *ai = &bench_algs[g->sa.alg];
		put8(b, ai->charon_esp_id);
		put16(b, 0);
		attr(b, 1, 1);
		attr(b, 2, 3600);
		attr(b, 4, a->natt ? 4 : 2); /* UDP-encapsulated transport / transport */
		if (ai->v1_auth_alg)
			attr(b, 5, ai->v1_auth_alg);
		if (g->sa.alg != BA_3DES_SHA1 && g->sa.alg != BA_CHACHA20_POLY1305)
			attr(b, 6, ai->ekey * 8u);
	}
	set16(b->p + tr + 2, (unsigned)(b->n - tr));
	set16(b->p + prop + 2, (unsigned)(b->n - prop));
	pl_close(c);
}

static void natd_hash(const Attempt *a, uint32_t ip, unsigned port, uint8_t out[20])
{
	uint8_t d[22];
	memcpy(d, a->icky, 8);
	memcpy(d + 8, a->rcky, 8);
	d[16] = (uint8_t)(ip >> 24);
	d[17] = (uint8_t)(ip >> 16);
	d[18] = (uint8_t)(ip >> 8);
	d[19] = (uint8_t)ip;
	d[20] = (uint8_t)(port >> 8);
	d[21] = (uint8_t)port;
	SHA1(d, sizeof(d), out);
}

static void id_v4(Chain *c, uint32_t ip, unsigned proto, unsigned port)
{
	pl_open(c, 5);
	put8(c->b, 1);
	put8(c->b, proto);
	put16(c->b, port);
	put32(c->b, ip);
	pl_close(c);
}

static void sha1_iv(const uint8_t *x, size_t xn, const uint8_t *y, size_t yn, uint8_t iv[16])
{
	uint8_t d[512], h[20];
	if (xn + yn > sizeof(d))
		die("internal: IV input too long");
	memcpy(d, x, xn);
	memcpy(d + xn, y, yn);
	SHA1(d, xn + yn, h);
	memcpy(iv, h, 16);
}

static const uint8_t vid_rfc3947[16] = { 0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
					 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f };

/* Build IKE message `act` of attempt a into b (from the IKE header on). */
static void ike_msg(Attempt *a, Act act, Buf *b)
{
	static const uint8_t zero[8];
	bool enc = act >= A_MM5;
	uint32_t msgid = act >= A_QM1 && act <= A_QM3 ? a->qm_id : act == A_DELETE ? a->qm_id + 1 : 0;
	unsigned exch = act == A_DELETE ? 5 : act >= A_QM1 ? 32 : 2;
	size_t h = b->n;
	put(b, a->icky, 8);
	put(b, act == A_MM1 ? zero : a->rcky, 8);
	put8(b, 0);
	put8(b, 0x10);
	put8(b, exch);
	put8(b, enc ? 1 : 0);
	put32(b, msgid);
	put32(b, 0);
	uint8_t plain[1024];
	Buf pb = { plain, 0, sizeof(plain) };
	Chain c = { enc ? &pb : b, h + 16, 0 };
	if (enc) {
		/* the encrypted body's first payload type goes into the header */
		put8(&pb, 0); /* scratch byte: the chain's first np slot */
		c.np_at = 0;
	}
	switch (act) {
	case A_MM1:
	case A_MM2: {
		/* a vendor ID of the implementation: the same in every copy of
		 * the message (a retransmission repeats the bytes) */
		uint8_t vid[16];
		derive_bytes(seed ^ 0x7e4d1dULL, 2ULL * a->id + (act == A_MM2), vid, sizeof(vid));
		pl_sa(&c, a, false, NULL);
		pl_bytes(&c, 13, vid_rfc3947, 16);
		pl_bytes(&c, 13, vid, 16);
		break;
	}
	case A_MM3:
	case A_MM4: {
		bool r = act == A_MM4;
		uint8_t nd[20];
		pl_bytes(&c, 4, r ? a->gxr : a->gxi, 256);
		pl_bytes(&c, 10, NULL, 32);
		/* RFC 3947: the peer's address first, then our own */
		if (!r)
			natd_hash(a, SERVER_IP, 500, nd);
		else
			natd_hash(a, a->cli, a->p500, nd);
		pl_bytes(&c, 20, nd, 20);
		if (!r)
			natd_hash(a, a->cli_priv, 500, nd);
		else
			natd_hash(a, SERVER_IP, 500, nd);
		pl_bytes(&c, 20, nd, 20);
		break;
	}
	case A_MM5:
	case A_MM6:
		id_v4(&c, act == A_MM5 ? a->cli_priv : SERVER_IP, 17, 500);
		pl_bytes(&c, 8, NULL, 20);
		break;
	case A_QM1:
	case A_QM2:
		pl_bytes(&c, 8, NULL, 20);
		pl_sa(&c, a, true, act == A_QM1 ? a->in : a->out); /* each side offers its inbound SPI */
		pl_bytes(&c, 10, NULL, 32);
		id_v4(&c, a->cli_priv, 17, 1701);
		id_v4(&c, SERVER_IP, 17, 1701);
		break;
	case A_QM3:
		pl_bytes(&c, 8, NULL, 20);
		break;
	case A_DELETE:
		pl_bytes(&c, 8, NULL, 20);
		pl_open(&c, 12);
		put32(&pb, 1);
		put8(&pb, 3);
		put8(&pb, 4);
		put16(&pb, 1);
		put32(&pb, a->in->sa.spi);
		pl_close(&c);
		break;
	default:
		break;
	}
	if (enc) {
		b->p[h + 16] = plain[0];
		size_t n = pb.n - 1;
		size_t pad = (16 - n % 16) % 16;
		uint8_t *ct = b->p + b->n;
		if (b->n + n + pad > b->cap)
			die("internal: IKE message too large");
		memset(plain + 1 + n, 0, pad);
		n += pad;
		if (act == A_QM1 || act == A_DELETE) {
			uint8_t mb[4] = { (uint8_t)(msgid >> 24), (uint8_t)(msgid >> 16), (uint8_t)(msgid >> 8),
					  (uint8_t)msgid };
			sha1_iv(a->p1_last, 16, mb, 4, a->iv);
		}
		EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
		int l = 0, fl = 0;
		if (!x || EVP_EncryptInit_ex(x, EVP_aes_256_cbc(), NULL, a->ka, a->iv) != 1 ||
		    EVP_CIPHER_CTX_set_padding(x, 0) != 1 || EVP_EncryptUpdate(x, ct, &l, plain + 1, (int)n) != 1 ||
		    EVP_EncryptFinal_ex(x, ct + l, &fl) != 1)
			die("OpenSSL: IKE encryption failed");
		EVP_CIPHER_CTX_free(x);
		b->n += n;
		memcpy(a->iv, ct + n - 16, 16);
		if (act == A_MM6)
			memcpy(a->p1_last, ct + n - 16, 16);
	}
	uint32_t len = (uint32_t)(b->n - h);
	b->p[h + 24] = (uint8_t)(len >> 24);
	b->p[h + 25] = (uint8_t)(len >> 16);
	b->p[h + 26] = (uint8_t)(len >> 8);
	b->p[h + 27] = (uint8_t)len;
	if (act == A_MM4)
		sha1_iv(a->gxi, 256, a->gxr, 256, a->iv); /* the phase-1 IV */
}

/* ---- L2TP, PPP ------------------------------------------------------------- */

static void avp(Buf *b, unsigned type, const void *v, size_t n)
{
	put16(b, (unsigned)(0x8000 | (6 + n)));
	put16(b, 0);
	put16(b, type);
	put(b, v, n);
}
static void avp16(Buf *b, unsigned type, unsigned v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	avp(b, type, x, 2);
}
static void avp32(Buf *b, unsigned type, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	avp(b, type, x, 4);
}

/* An L2TP control message (dir 0: from the client) into b. */
static void l2tp_ctrl(Attempt *a, Act act, unsigned dir, Buf *b)
{
	size_t h = b->n;
	unsigned tid = act == A_SCCRQ ? 0 : dir ? a->tid_c : a->tid_s;
	bool sess = act == A_ICRP || act == A_ICCN || act == A_CDN;
	put16(b, 0xc802);
	put16(b, 0);
	put16(b, tid);
	put16(b, sess ? (dir ? a->sid_c : a->sid_s) : 0);
	bool zlb = act == A_ZLB;
	put16(b, a->ns[dir]);
	put16(b, a->nr[dir]);
	if (!zlb) {
		a->ns[dir]++;
		a->nr[!dir] = a->ns[dir];
	}
	static const unsigned type[] = { [A_SCCRQ] = 1, [A_SCCRP] = 2, [A_SCCCN] = 3, [A_STOPCCN] = 4,
					 [A_HELLO] = 6, [A_ICRQ] = 10, [A_ICRP] = 11, [A_ICCN] = 12, [A_CDN] = 14 };
	if (!zlb)
		avp16(b, 0, type[act]);
	switch (act) {
	case A_SCCRQ:
	case A_SCCRP:
		avp16(b, 2, 0x0100);
		avp32(b, 3, 3);
		avp(b, 7, dir ? "lns.example.net" : "client-host", dir ? 15 : 11);
		avp(b, 8, "ikescope-bench", 14);
		avp16(b, 9, dir ? a->tid_s : a->tid_c);
		avp16(b, 10, 4);
		break;
	case A_STOPCCN:
		avp16(b, 9, dir ? a->tid_s : a->tid_c);
		avp16(b, 1, 1);
		break;
	case A_ICRQ:
		avp16(b, 14, a->sid_c);
		avp32(b, 15, a->id + 1);
		break;
	case A_ICRP:
		avp16(b, 14, a->sid_s);
		break;
	case A_ICCN:
		avp32(b, 24, 100000000);
		avp32(b, 19, 3);
		break;
	case A_CDN:
		avp16(b, 1, 3);
		avp16(b, 14, dir ? a->sid_s : a->sid_c);
		break;
	default:
		break;
	}
	set16(b->p + h + 2, (unsigned)(b->n - h));
}

static void hexstr(char *out, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++)
		out[i] = hx[rnd() % 16];
	out[n] = 0;
}

/* An L2TP data message carrying a PPP frame (dir 0: from the client). */
static void l2tp_ppp(Attempt *a, Act act, unsigned dir, unsigned size, Buf *b)
{
	put16(b, 0x0002);
	put16(b, dir ? a->tid_c : a->tid_s);
	put16(b, dir ? a->sid_c : a->sid_s);
	put8(b, 0xff);
	put8(b, 0x03);
	size_t c;
	switch (act) {
	case A_LCP_REQ:
	case A_LCP_ACK:
		put16(b, 0xc021);
		c = b->n;
		put8(b, act == A_LCP_REQ ? 1 : 2);
		put8(b, 1);
		put16(b, 0);
		/* the options of the direction's own request (an Ack echoes the peer's) */
		if ((act == A_LCP_REQ) == (dir == 1)) { /* the server's options */
			put8(b, 1), put8(b, 4), put16(b, 1410);
			put8(b, 3), put8(b, 5), put16(b, 0xc223), put8(b, 0x81);
			put8(b, 5), put8(b, 6), put32(b, 0x5e4d3c2b ^ a->id);
		} else {
			put8(b, 1), put8(b, 4), put16(b, 1410);
			put8(b, 5), put8(b, 6), put32(b, 0x1a2b3c4d ^ a->id);
		}
		set16(b->p + c + 2, (unsigned)(b->n - c));
		break;
	case A_LCP_TERM:
	case A_LCP_TERMACK:
		put16(b, 0xc021);
		put8(b, act == A_LCP_TERM ? 5 : 6);
		put8(b, 2);
		put16(b, act == A_LCP_TERM ? 16 : 4);
		if (act == A_LCP_TERM)
			put(b, "User request", 12);
		break;
	case A_CHAP_CHAL:
		put16(b, 0xc223);
		put8(b, 1), put8(b, ++a->ppp_id), put16(b, 4 + 1 + 16 + 5);
		put8(b, 16), putrnd(b, 16), put(b, "l2tpd", 5);
		break;
	case A_CHAP_RESP:
		put16(b, 0xc223);
		put8(b, 2), put8(b, a->ppp_id), put16(b, 4 + 1 + 49 + 7);
		put8(b, 49), putrnd(b, 16), put(b, (const uint8_t[8]){ 0 }, 8), putrnd(b, 24), put8(b, 0);
		put(b, "vpnuser", 7);
		break;
	case A_CHAP_OK: {
		char s[80];
		memcpy(s, "S=", 2);
		hexstr(s + 2, 40);
		memcpy(s + 42, " M=Access granted", 17);
		put16(b, 0xc223);
		put8(b, 3), put8(b, a->ppp_id), put16(b, 4 + 59);
		put(b, s, 59);
		break;
	}
	case A_CHAP_FAIL: {
		char s[96];
		memcpy(s, "E=691 R=1 C=", 12);
		hexstr(s + 12, 32);
		memcpy(s + 44, " V=0 M=Access denied", 20);
		put16(b, 0xc223);
		put8(b, 4), put8(b, a->ppp_id), put16(b, 4 + 64);
		put(b, s, 64);
		break;
	}
	case A_IPCP_REQ:
	case A_IPCP_ACK:
		put16(b, 0x8021);
		put8(b, act == A_IPCP_REQ ? 1 : 2), put8(b, 1), put16(b, 10);
		put8(b, 3), put8(b, 6);
		put32(b, (act == A_IPCP_REQ) == (dir == 1) ? 0xc0000201u : a->ppp_ip);
		break;
	case A_DATA: {
		/* an IPv4 packet between the PPP address and a host of the LAN */
		put16(b, 0x0021);
		unsigned n = size < 28 ? 28 : size;
		uint32_t lan = 0x0a010000u + (a->id % 200) + 10;
		/* ICMP echo (every dissector takes any data in it) */
		put_ip(b, dir ? lan : a->ppp_ip, dir ? a->ppp_ip : lan, 1, n - 20);
		size_t ic = b->n;
		put8(b, dir ? 0 : 8), put8(b, 0), put16(b, 0), put16(b, a->id & 0xffff), put16(b, a->icmp_seq++);
		putrnd(b, n - 28);
		set16(b->p + ic + 2, ip_csum(b->p + ic, n - 20));
		break;
	}
	default:
		break;
	}
}

/* ---- emitting an attempt's packet ------------------------------------------ */

static void emit_esp(Attempt *a, uint64_t t, unsigned dir, unsigned nh, const uint8_t *pl, size_t n)
{
	uint8_t e[2048 + 128];
	size_t len = esp_seal(dir ? a->in : a->out, nh, pl, n, e);
	uint32_t s = dir ? SERVER_IP : a->cli, d = dir ? a->cli : SERVER_IP;
	if (a->natt)
		emit_udp(t, s, dir ? 4500 : a->p4500, d, dir ? a->p4500 : 4500, e, len);
	else
		emit_ip(t, s, d, 50, e, len);
}

static void emit_action(Attempt *a, const Action *x)
{
	uint8_t m[2048];
	Buf b = { m, 0, sizeof(m) };
	unsigned dir = x->dir;
	uint32_t s = dir ? SERVER_IP : a->cli, d = dir ? a->cli : SERVER_IP;
	switch ((Act)x->act) {
	case A_DNS_Q:
	case A_DNS_A:
	case A_DNS_NX: {
		static const uint8_t qname[] = "\3vpn\7example\3net";
		bool q = x->act == A_DNS_Q;
		put16(&b, 0x1000 + a->id % 0xe000);
		put16(&b, q ? 0x0100 : x->act == A_DNS_NX ? 0x8183 : 0x8180);
		put16(&b, 1), put16(&b, x->act == A_DNS_A ? 1 : 0), put16(&b, 0), put16(&b, 0);
		put(&b, qname, sizeof(qname));
		put16(&b, 1), put16(&b, 1);
		if (x->act == A_DNS_A) {
			put16(&b, 0xc00c), put16(&b, 1), put16(&b, 1), put32(&b, 300), put16(&b, 4);
			put32(&b, SERVER_IP);
		}
		unsigned cp = 30000 + a->id % 30000;
		if (q)
			emit_udp(x->t, a->cli, cp, DNS_IP, 53, m, b.n);
		else
			emit_udp(x->t, DNS_IP, 53, a->cli, cp, m, b.n);
		return;
	}
	case A_MM1: case A_MM2: case A_MM3: case A_MM4: case A_MM5: case A_MM6:
	case A_QM1: case A_QM2: case A_QM3: case A_DELETE: {
		bool on4500 = a->natt && x->act >= A_MM5;
		if (on4500)
			put32(&b, 0); /* non-ESP marker */
		if (x->act == A_MM5 && a->mm5_len) {
			put(&b, a->mm5, a->mm5_len); /* a retransmission: the same bytes */
		} else {
			size_t at = b.n;
			ike_msg(a, (Act)x->act, &b);
			if (x->act == A_MM5 && b.n - at <= sizeof(a->mm5)) {
				a->mm5_len = b.n - at;
				memcpy(a->mm5, m + at, a->mm5_len);
			}
		}
		unsigned cport = on4500 ? a->p4500 : a->p500, sport = on4500 ? 4500 : 500;
		emit_udp(x->t, s, dir ? sport : cport, d, dir ? cport : sport, m, b.n);
		return;
	}
	case A_KEEPALIVE: {
		uint8_t ff = 0xff;
		emit_udp(x->t, a->cli, a->p4500, SERVER_IP, 4500, &ff, 1);
		return;
	}
	case A_ICMP_UNREACH: {
		/* port unreachable for the SCCRQ, back through the SA */
		uint8_t q[28];
		Buf qb = { q, 0, sizeof(q) };
		put_ip(&qb, a->cli, SERVER_IP, 17, 8 + 180);
		put_udp(&qb, 1701, 1701, 180);
		put8(&b, 3), put8(&b, 3), put16(&b, 0), put32(&b, 0);
		put(&b, q, sizeof(q));
		set16(m + 2, ip_csum(m, b.n));
		emit_esp(a, x->t, 1, 1, m, b.n);
		return;
	}
	default:
		break;
	}
	/* L2TP inside transport-mode ESP: UDP 1701 */
	b.n = 8;
	if (x->act >= A_SCCRQ && x->act <= A_CDN)
		l2tp_ctrl(a, (Act)x->act, dir, &b);
	else
		l2tp_ppp(a, (Act)x->act, dir, x->size, &b);
	size_t l2 = b.n - 8;
	b.n = 0;
	put_udp(&b, 1701, 1701, l2);
	b.n = 8 + l2;
	emit_esp(a, x->t, dir, 17, m, b.n);
}

/* ---- background ------------------------------------------------------------ */

static uint32_t bg_tcp_seq;

static void emit_background(uint64_t t)
{
	uint8_t m[1600];
	Buf b = { m, 0, sizeof(m) };
	unsigned r = (unsigned)(rnd() % 100);
	uint32_t host = 0x0ac80000u + rnd_in(1, 4000); /* 10.200.x.y */
	if (r < 70) {
		/* HTTP: mostly full-size segments from the web server */
		bool down = rnd() % 4 != 0;
		unsigned n = down ? rnd_in(600, 1460) : rnd_in(0, 400);
		uint32_t web = 0x5db8d822u; /* 93.184.216.34 */
		unsigned hp = 40000 + host % 20000;
		put16(&b, down ? 80 : hp), put16(&b, down ? hp : 80);
		put32(&b, bg_tcp_seq += 1460), put32(&b, bg_tcp_seq ^ 0x5a5a5a5a);
		put8(&b, 0x50), put8(&b, 0x18), put16(&b, 501), put16(&b, 0), put16(&b, 0);
		if (n && !down)
			put(&b, "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n", n < 50 ? n : 50), n = n < 50 ? 0 : n - 50;
		putrnd(&b, n);
		emit_ip(t, down ? web : host, down ? host : web, 6, m, b.n);
	} else if (r < 90) {
		/* a lookup and its answer */
		static const uint8_t qname[] = "\3www\7example\3com";
		unsigned id = (unsigned)rnd() & 0xffff, cp = 1024 + (unsigned)(rnd() % 60000);
		for (int q = 1; q >= 0; q--) {
			b.n = 0;
			put16(&b, id), put16(&b, q ? 0x0100 : 0x8180);
			put16(&b, 1), put16(&b, q ? 0 : 1), put16(&b, 0), put16(&b, 0);
			put(&b, qname, sizeof(qname));
			put16(&b, 1), put16(&b, 1);
			if (!q) {
				put16(&b, 0xc00c), put16(&b, 1), put16(&b, 1), put32(&b, 3600), put16(&b, 4);
				put32(&b, 0x5db8d822u);
			}
			if (q)
				emit_udp(t, host, cp, 0x0ac80001u, 53, m, b.n);
			else
				emit_udp(t + 400, 0x0ac80001u, 53, host, cp, m, b.n);
		}
		pc.bg_packets++;
	} else {
		put8(&b, 0x23), putrnd(&b, 47);
		emit_udp(t, host, 123, 0xc0000263u, 123, m, b.n);
	}
	pc.bg_packets++;
}

/* ---- key files ---------------------------------------------------------------- */

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static const char *ip4(uint32_t a, char *s)
{
	snprintf(s, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return s;
}

typedef struct {
	FILE *esp_sa, *ikev1, *tcpdump, *xfrm, *charon;
	uint8_t *sa_seen;   /* per SA: written to esp_sa/xfrm */
	uint8_t *td_seen;   /* per (SA, client slot): a tcpdump line written */
} KeyFiles;

static KeyFiles kf;

static FILE *kopen(const char *dir, const char *name)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	if (!f)
		die("%s: %s", p, strerror(errno));
	return f;
}

static void charon_dump(FILE *f, unsigned id, const char *grp, const char *what, const uint8_t *p, size_t n)
{
	fprintf(f, "00:00:00 11[%s] <vpn|%u> %s => %zu bytes @ 0x5c000bb0\n", grp, id, what, n);
	for (size_t o = 0; o < n; o += 16) {
		fprintf(f, "00:00:00 11[%s] <vpn|%u> %4zu:", grp, id, o);
		size_t k = n - o < 16 ? n - o : 16;
		for (size_t i = 0; i < k; i++)
			fprintf(f, " %02X", p[o + i]);
		fprintf(f, "%*s  ", (int)(3 * (16 - k)), "");
		for (size_t i = 0; i < k; i++)
			fputc(p[o + i] >= 0x20 && p[o + i] < 0x7f ? p[o + i] : '.', f);
		fputc('\n', f);
	}
}

static void xfrm_sa(const GenSa *g, uint32_t src, uint32_t dst, bool natt)
{
	const BenchAlgInfo *ai = &bench_algs[g->sa.alg];
	char a[16], b[16];
	fprintf(kf.xfrm, "src %s dst %s\n", ip4(src, a), ip4(dst, b));
	fprintf(kf.xfrm, "\tproto esp spi 0x%08x(%u) reqid 1(0x00000001) mode transport\n", g->sa.spi, g->sa.spi);
	fprintf(kf.xfrm, "\treplay-window 0 seq 0x00000000 flag  (0x00000000)\n");
	if (ai->aead) {
		fprintf(kf.xfrm, "\taead %s 0x", ai->xfrm_enc);
		hex(kf.xfrm, g->sa.ekey, ai->ekey + ai->salt);
		fprintf(kf.xfrm, " (%u bits) %u\n", (ai->ekey + ai->salt) * 8u, ai->xfrm_trunc);
	} else {
		fprintf(kf.xfrm, "\tauth-trunc %s 0x", ai->xfrm_auth);
		hex(kf.xfrm, g->sa.akey, ai->akey);
		fprintf(kf.xfrm, " (%u bits) %u\n", ai->akey * 8u, ai->xfrm_trunc);
		fprintf(kf.xfrm, "\tenc %s 0x", ai->xfrm_enc);
		hex(kf.xfrm, g->sa.ekey, ai->ekey);
		fprintf(kf.xfrm, " (%u bits)\n", ai->ekey * 8u);
	}
	if (natt)
		fprintf(kf.xfrm, "\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n");
}

/* The keys an attempt brings: its IKE key, and its SAs where first used. */
static void keys_for(const Attempt *a)
{
	if (a->shape == SH_DNS_FAILED || a->shape == SH_IKE_NO_RESPONSE)
		return;
	hex(kf.ikev1, a->icky, 8);
	fputc(',', kf.ikev1);
	hex(kf.ikev1, a->ka, 32);
	fputc('\n', kf.ikev1);
	unsigned id = a->id + 1;
	uint8_t nc[22];
	memcpy(nc, a->icky, 8);
	memcpy(nc + 8, a->rcky, 8);
	memset(nc + 16, 0, 6);
	charon_dump(kf.charon, id, "IKE", "natd_chunk", nc, 22);
	charon_dump(kf.charon, id, "IKE", "encryption key Ka", a->ka, 32);
	if (a->shape == SH_PSK_MISMATCH)
		return;
	char s1[16], s2[16];
	for (unsigned d = 0; d < 2; d++) {
		const GenSa *g = d ? a->in : a->out;
		const BenchAlgInfo *ai = &bench_algs[g->sa.alg];
		unsigned si = (unsigned)(g - sas);
		uint32_t dst = d ? a->cli : SERVER_IP, src = d ? SERVER_IP : a->cli;
		size_t slot = (size_t)si * 4096 + a->id % 4096;
		if (ai->tcpdump && !(kf.td_seen[slot / 8] & (1u << slot % 8))) {
			kf.td_seen[slot / 8] |= (uint8_t)(1u << slot % 8);
			fprintf(kf.tcpdump, "0x%08x@%s %s:0x", g->sa.spi, ip4(dst, s1), ai->tcpdump);
			hex(kf.tcpdump, g->sa.ekey, ai->ekey);
			fputc('\n', kf.tcpdump);
		}
		if (kf.sa_seen[si])
			continue;
		kf.sa_seen[si] = 1;
		fprintf(kf.esp_sa, "\"IPv4\",\"*\",\"*\",\"0x%08x\",\"%s\",\"0x", g->sa.spi, ai->ws_enc);
		hex(kf.esp_sa, g->sa.ekey, ai->ekey + ai->salt);
		fprintf(kf.esp_sa, "\",\"%s\",\"%s", ai->ws_auth, ai->aead ? "" : "0x");
		hex(kf.esp_sa, g->sa.akey, ai->aead ? 0 : ai->akey);
		fprintf(kf.esp_sa, "\"\n");
		xfrm_sa(g, src, dst, a->natt);
		/* charon, the responder: the initiator's keys protect i2r */
		const char *who = d ? "responder" : "initiator";
		char what[64];
		fprintf(kf.charon, "00:00:00 11[ENC] <vpn|%u> parsed QUICK_MODE request %u [ HASH ]\n", id, a->qm_id);
		snprintf(what, sizeof(what), "encryption %s key", who);
		charon_dump(kf.charon, id, "CHD", what, g->sa.ekey, ai->ekey + ai->salt);
		if (!ai->aead) {
			snprintf(what, sizeof(what), "integrity %s key", who);
			charon_dump(kf.charon, id, "CHD", what, g->sa.akey, ai->akey);
		}
		fprintf(kf.charon, "00:00:00 11[CHD] <vpn|%u> adding %s ESP SA\n", id, d ? "outbound" : "inbound");
		fprintf(kf.charon, "00:00:00 11[CHD] <vpn|%u>   SPI 0x%08x, src %s dst %s\n", id, g->sa.spi,
			ip4(src, s1), ip4(dst, s2));
		fprintf(kf.charon, "00:00:00 11[KNL] <vpn|%u>   using encryption algorithm %s with key size %u\n", id,
			ai->charon_enc, (ai->ekey + ai->salt) * 8u);
		if (!ai->aead)
			fprintf(kf.charon, "00:00:00 11[KNL] <vpn|%u>   using integrity algorithm %s with key size %u\n",
				id, ai->charon_auth, ai->akey * 8u);
	}
}

/* ---- main ---------------------------------------------------------------------- */

static uint64_t parse_size(const char *s)
{
	char *e;
	double v = strtod(s, &e);
	uint64_t m = 1;
	if (*e == 'k' || *e == 'K')
		m = 1000, e++;
	else if (*e == 'M')
		m = 1000000, e++;
	else if (*e == 'G')
		m = 1000000000, e++;
	if (e == s || *e || v <= 0)
		die("bad size '%s' (e.g. 100M, 1G)", s);
	return (uint64_t)(v * (double)m);
}

static void usage(void)
{
	fputs("usage: iks-gen -o PREFIX [-s SIZE] [-n SAS] [-S SEED] [-c CIPHER] [--esp-only] [-p BYTES]\n"
	      "  -s SIZE    capture size (100M, 1G; default 10M)\n"
	      "  -n SAS     ESP SAs in the key files, 1..5000 (default 64)\n"
	      "  -S SEED    seed (default 1)\n"
	      "  -c CIPHER  every SA uses CIPHER (default: AES-128-CBC+HMAC-SHA1-96 and AES-128-GCM alternate):\n"
	      "             aes128-cbc-sha1 aes256-cbc-sha256 aes128-gcm aes256-gcm chacha20-poly1305 3des-sha1\n"
	      "  --esp-only only ESP data packets of one SA (-p inner packet bytes, default 1400)\n"
	      "writes PREFIX.pcap, PREFIX.expect, PREFIX.info and PREFIX.keys/\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = { { "esp-only", no_argument, NULL, 'E' }, { NULL, 0, NULL, 0 } };
	const char *prefix = NULL;
	uint64_t target = 10000000;
	unsigned nsa = 64, payload = 1400;
	int alg = -1;
	bool esp_only = false;
	seed = 1;
	int o;
	while ((o = getopt_long(argc, argv, "o:s:n:S:c:p:", lo, NULL)) != -1) {
		switch (o) {
		case 'o': prefix = optarg; break;
		case 's': target = parse_size(optarg); break;
		case 'n': nsa = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'S': seed = strtoull(optarg, NULL, 0); break;
		case 'c':
			alg = bench_alg_by_name(optarg);
			if (alg < 0)
				die("unknown cipher '%s'", optarg);
			break;
		case 'p': payload = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'E': esp_only = true; break;
		default: usage();
		}
	}
	if (!prefix || optind != argc)
		usage();
	if (nsa < 1 || nsa > MAX_SAS)
		die("-n: 1 to %d SAs", MAX_SAS);
	if (payload < 28 || payload > 1400)
		die("-p: 28 to 1400 bytes");
	rng_state = seed * 0x9E3779B97F4A7C15ULL | 1;
	for (int i = 0; i < 8; i++)
		rnd();
	char path[4096];
	snprintf(path, sizeof(path), "%s.pcap", prefix);
	pcap_open(path);
	snprintf(path, sizeof(path), "%s.keys", prefix);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die("%s: %s", path, strerror(errno));
	kf.esp_sa = kopen(path, "esp_sa");
	kf.ikev1 = kopen(path, "ikev1_decryption_table");
	kf.tcpdump = kopen(path, "tcpdump.secrets");
	kf.xfrm = kopen(path, "xfrm-state.txt");
	kf.charon = kopen(path, "charon.log");
	FILE *pref = kopen(path, "preferences");
	fputs("# iks-gen: tshark reads esp_sa and ikev1_decryption_table from this directory\n"
	      "esp.enable_encryption_decode: TRUE\nesp.enable_authentication_check: TRUE\n",
	      pref);
	fclose(pref);
	fputs("# ip -s xfrm state (iks-gen)\n", kf.xfrm);
	sas_make(nsa, alg);
	kf.sa_seen = calloc(nsa, 1);
	kf.td_seen = calloc((size_t)nsa * 4096 / 8 + 1, 1);
	if (!kf.sa_seen || !kf.td_seen)
		die("out of memory");
	if (!esp_only) {
		snprintf(path, sizeof(path), "%s.expect", prefix);
		expect_f = fopen(path, "w");
		if (!expect_f)
			die("%s: %s", path, strerror(errno));
		fprintf(expect_f, "# iks-gen -s %" PRIu64 " -n %u -S %" PRIu64 ": expected outcome of every attempt\n",
			target, nsa, seed);
	}

	uint64_t t = 1700000000ULL * 1000000;
	if (esp_only) {
		Attempt *a = &active[0];
		attempt_start(a, t, true);
		keys_for(a);
		Action x = { t, A_DATA, 0, (uint16_t)payload };
		while (pc.bytes < target) {
			x.t += 100;
			emit_action(a, &x);
		}
	} else {
		uint64_t next_start = t;
		unsigned n_active = 0;
		bool starting = true;
		/* fewer attempts in flight for small captures, so that the ones
		 * started before the size was reached do not overshoot it much */
		unsigned slots = (unsigned)(target / 1500000);
		slots = slots < 2 ? 2 : slots > MAX_ACTIVE ? MAX_ACTIVE : slots;
		for (unsigned i = 0; i < slots; i++) {
			attempt_start(&active[i], next_start, false);
			keys_for(&active[i]);
			next_start += rnd_in(20000, 400000);
			n_active++;
		}
		while (n_active) {
			Attempt *best = NULL;
			for (unsigned i = 0; i < slots; i++) {
				Attempt *a = &active[i];
				if (a->used && (!best || a->act[a->next].t < best->act[best->next].t))
					best = a;
			}
			emit_action(best, &best->act[best->next]);
			/* about 30 % of the packets are background */
			while (rnd() % 1000 < 265)
				emit_background(pc.now_us);
			if (++best->next < best->n_act)
				continue;
			best->used = false;
			n_active--;
			if (starting && pc.bytes >= target)
				starting = false;
			if (starting) {
				uint64_t t0 = next_start > pc.now_us + 1000 ? next_start : pc.now_us + 1000;
				attempt_start(best, t0, false);
				keys_for(best);
				next_start = t0 + rnd_in(20000, 200000);
				n_active++;
			}
		}
	}
	if (fclose(pc.f) != 0)
		die("%s.pcap: write error", prefix);
	fclose(kf.esp_sa);
	fclose(kf.ikev1);
	fclose(kf.tcpdump);
	fclose(kf.xfrm);
	fclose(kf.charon);
	if (expect_f)
		fclose(expect_f);
	snprintf(path, sizeof(path), "%s.info", prefix);
	FILE *inf = fopen(path, "w");
	if (!inf)
		die("%s: %s", path, strerror(errno));
	fprintf(inf, "bytes=%" PRIu64 "\npackets=%" PRIu64 "\nbackground_packets=%" PRIu64 "\n", pc.bytes + 24,
		pc.packets, pc.bg_packets);
	fprintf(inf, "esp_packets=%" PRIu64 "\nesp_payload_bytes=%" PRIu64 "\nsas=%u\nattempts=%u\n", pc.esp_packets,
		pc.esp_payload, nsa, attempt_seq);
	fprintf(inf, "cipher=%s\n", alg >= 0 ? bench_algs[alg].name : "aes128-cbc-sha1+aes128-gcm");
	for (int s = 0; s < SH__COUNT; s++)
		fprintf(inf, "shape_%s=%" PRIu64 "\n", shape_name[s], shape_count[s]);
	fclose(inf);
	for (unsigned i = 0; i < nsa; i++)
		bench_sa_release(&sas[i].sa);
	free(sas);
	free(kf.sa_seen);
	free(kf.td_seen);
	return 0;
}
