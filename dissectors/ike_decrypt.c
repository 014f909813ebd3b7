/*
 * ike_decrypt.c - IKE decryption with the keyring's keys.
 *
 * IKEv1 (RFC 2409 appendix B): everything after the header of a message
 * with the E flag is CBC-encrypted with the cipher negotiated in phase 1
 * and the key Wireshark calls Ka (ikev1_decryption_table, per initiator
 * cookie).  The phase-1 IV is the negotiated hash of g^xi | g^xr (the KE
 * payloads of Main Mode 3/4), truncated to the cipher block; each later
 * message of the exchange uses the last cipher block of the previous one.
 * A phase-2 or informational exchange starts from the hash of the last
 * phase-1 cipher block and its message id.  The IVs depend on ciphertext
 * only, so they chain whatever the key; a byte-identical retransmission
 * is decrypted with the IV its first copy used (the IV is not advanced).
 * When several keys share a cookie (a PSK mismatch gives each side its
 * own), each is tried and the one whose plaintext is a well-formed payload
 * chain wins; when none gives one, the SA's key is reported.
 *
 * IKEv2 (RFC 7296 3.14, RFC 5282, RFC 5930, RFC 7634, RFC 7383): the SK
 * payload is IV | ciphertext | ICV; SK_ei/SK_ai protect what the original
 * initiator sends, SK_er/SK_ar the rest.  CBC and CTR use an HMAC over the
 * message up to the ICV; the AEADs (GCM, CCM, ChaCha20-Poly1305)
 * authenticate the header up to the IV.  SKF fragments are decrypted one
 * by one and their plaintexts put together.
 *
 * Per-capture state (the IKEv1 SAs' exchange material and IVs, the SKF
 * plaintexts) is bounded and evicts the oldest entry.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ike.h"
#include "keyring.h"

enum {
	V1_MAX_SAS = 256,   /* IKEv1 SAs whose exchange material is kept */
	V1_MAX_MIDS = 16,   /* exchanges (message ids) per SA */
	V1_MAX_HIST = 8,    /* last blocks remembered per exchange (retransmissions) */
	V1_MAX_KE = 1024,   /* bytes of one KE payload kept */
	V1_MAX_KEYS = 8,    /* keys tried per initiator cookie */
	V2_MAX_SETS = 16,   /* SKF messages being put together */
	V2_MAX_FRAGS = 32,
	V2_MAX_BYTES = 65535,
	V2_MAX_REPORTED = 256, /* IKEv2 SAs whose key problem was reported */
};

typedef struct {
	uint8_t last[16]; /* last cipher block of a message */
	uint8_t iv[16];   /* the IV that message was decrypted with */
} V1Hist;

typedef struct {
	bool used;
	uint32_t msgid;
	uint8_t iv[16];   /* IV of the next new message */
	V1Hist hist[V1_MAX_HIST];
	unsigned n_hist, hist_next;
} V1Mid;

typedef struct {
	bool used;
	uint8_t icookie[8];
	uint16_t enc, keylen, hash; /* phase-1 attribute values */
	uint8_t *gxi, *gxr;
	size_t gxi_len, gxr_len;
	uint8_t p1_last[16]; /* last cipher block of phase 1 */
	bool have_p1_last;
	V1Mid mids[V1_MAX_MIDS];
	unsigned mid_next;
	int good_key;        /* index + 1 of the key that worked */
	unsigned keys_used;  /* bit i: key i decrypted a message */
	bool reported, mismatch_reported;
	uint64_t decrypted, failed;
} V1Sa;

typedef struct {
	uint16_t number;
	uint8_t *pt;
	uint32_t len;
	uint8_t np;
} V2Frag;

typedef struct {
	bool used;
	uint8_t ispi[8], rspi[8];
	uint32_t msgid;
	bool response;
	uint16_t total;
	unsigned n;
	uint32_t bytes;
	V2Frag f[V2_MAX_FRAGS];
} V2Set;

struct IkeDec {
	V1Sa v1[V1_MAX_SAS];
	unsigned v1_next;
	V2Set v2[V2_MAX_SETS];
	unsigned v2_next;
	uint8_t v2_reported[V2_MAX_REPORTED][16];
	unsigned n_v2_reported;
};

IkeDec *ike_dec_new(void) { return g_new0(IkeDec, 1); }

static void v1_clear(V1Sa *s)
{
	g_free(s->gxi);
	g_free(s->gxr);
	memset(s, 0, sizeof(*s));
}

static void v2_clear(V2Set *s)
{
	for (unsigned i = 0; i < s->n; i++)
		g_free(s->f[i].pt);
	memset(s, 0, sizeof(*s));
}

void ike_dec_free(IkeDec *d)
{
	if (!d)
		return;
	for (unsigned i = 0; i < V1_MAX_SAS; i++)
		v1_clear(&d->v1[i]);
	for (unsigned i = 0; i < V2_MAX_SETS; i++)
		v2_clear(&d->v2[i]);
	g_free(d);
}

static IkeDec *dec_of(IkeMsg *m)
{
	return m->pkt->ctx ? ike_state_dec(m->pkt->ctx->ike) : NULL;
}

static V1Sa *v1_sa(IkeDec *d, const uint8_t icookie[8], bool create)
{
	for (unsigned i = 0; i < V1_MAX_SAS; i++)
		if (d->v1[i].used && memcmp(d->v1[i].icookie, icookie, 8) == 0)
			return &d->v1[i];
	if (!create)
		return NULL;
	V1Sa *s = &d->v1[d->v1_next];
	d->v1_next = (d->v1_next + 1) % V1_MAX_SAS;
	v1_clear(s);
	s->used = true;
	memcpy(s->icookie, icookie, 8);
	return s;
}

/* ---- what the clear messages teach ---------------------------------- */

/* Exchange material is kept only for SAs that have a key: a flood of
 * initiations with random cookies must not push a real SA's material out
 * of the (FIFO, V1_MAX_SAS) table. */
static bool v1_keyed(const IkeMsg *m)
{
	const Keyring *kr = m->pkt->ctx ? m->pkt->ctx->keyring : NULL;
	return kr && keyring_find_ikev1(kr, m->ispi) != NULL;
}

void ike_dec_v1_offer(IkeMsg *m, uint16_t enc, uint16_t keylen, uint16_t hash)
{
	IkeDec *d = dec_of(m);
	if (!d || !m->sum || m->msgid != 0 || (m->flags & 0x01) || !v1_keyed(m))
		return;
	V1Sa *s = v1_sa(d, m->ispi, true);
	/* the responder's choice (its cookie is set) replaces the offer */
	static const uint8_t zero[8];
	if (s->enc && memcmp(m->rspi, zero, 8) == 0)
		return;
	s->enc = enc;
	s->keylen = keylen;
	s->hash = hash;
}

void ike_dec_v1_ke(IkeMsg *m, const Cursor *body)
{
	IkeDec *d = dec_of(m);
	if (!d || !m->sum || m->msgid != 0 || (m->flags & 0x01) || !v1_keyed(m))
		return;
	Cursor c = *body;
	size_t n = cur_left(&c);
	if (n == 0 || n > V1_MAX_KE || n != cur_wire_left(&c))
		return;
	const uint8_t *p = cur_bytes(&c, n);
	V1Sa *s = v1_sa(d, m->ispi, true);
	if (!s->gxi) {
		s->gxi = g_memdup2(p, n);
		s->gxi_len = n;
	} else if (!(s->gxi_len == n && memcmp(s->gxi, p, n) == 0)) {
		/* the second, different KE is the responder's */
		g_free(s->gxr);
		s->gxr = g_memdup2(p, n);
		s->gxr_len = n;
	}
}

/* ---- reporting ------------------------------------------------------ */

static void report(IkeMsg *m, bool *reported, const char *origin, const Cursor *c, TreeNode *t, const char *fmt,
		   ...) __attribute__((format(printf, 6, 7)));

static void report(IkeMsg *m, bool *reported, const char *origin, const Cursor *c, TreeNode *t, const char *fmt,
		   ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char sp[17];
	keyring_hex(m->ispi, 8, sp);
	pkt_eventf(m->pkt, EV_IKE_KEY_PROBLEM, c, t, "IKE SA %s: %s", sp, msg);
	if (m->sum)
		m->pkt->sum.ike.key_problem = true;
	if (reported && !*reported && m->pkt->ctx->keyring) {
		*reported = true;
		keyring_note_problem(m->pkt->ctx->keyring, origin, "IKEv%u SA %s (frame %" PRIu64 "): %s", m->major,
				     sp, m->pkt->number, msg);
	}
	g_free(msg);
}

/* ---- IKEv1 ---------------------------------------------------------- */

static const EVP_MD *v1_md(uint16_t hash)
{
	switch (hash) {
	case 1: return EVP_md5();
	case 2: return EVP_sha1();
	case 4: return EVP_sha256();
	case 5: return EVP_sha384();
	case 6: return EVP_sha512();
	default: return NULL;
	}
}

/* The cipher of a phase-1 encryption attribute and its key length. */
static const EVP_CIPHER *v1_cipher(uint16_t enc, uint16_t keylen_bits, size_t ka_len, size_t *key_len)
{
	switch (enc) {
	case 5: *key_len = 24; return EVP_des_ede3_cbc();
	case 7: {
		size_t k = keylen_bits ? keylen_bits / 8u : (ka_len >= 32 ? 32 : ka_len >= 24 ? 24 : 16);
		*key_len = k;
		return k == 16 ? EVP_aes_128_cbc() : k == 24 ? EVP_aes_192_cbc() : k == 32 ? EVP_aes_256_cbc() : NULL;
	}
	default: return NULL;
	}
}

static bool cbc_decrypt(const EVP_CIPHER *ci, const uint8_t *key, const uint8_t *iv, const uint8_t *in, size_t n,
			uint8_t *out)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int l1 = 0, l2 = 0;
	bool ok = x && n <= INT32_MAX && EVP_DecryptInit_ex(x, ci, NULL, key, iv) == 1 &&
		  EVP_CIPHER_CTX_set_padding(x, 0) == 1 && EVP_DecryptUpdate(x, out, &l1, in, (int)n) == 1 &&
		  EVP_DecryptFinal_ex(x, out + l1, &l2) == 1 && (size_t)(l1 + l2) == n;
	EVP_CIPHER_CTX_free(x);
	return ok;
}

bool ike_dec_chain_ok(bool v2, uint8_t np, const uint8_t *p, size_t n, size_t max_trailing)
{
	size_t off = 0;
	for (unsigned i = 0; np != 0; i++) {
		if (i == IKE_MAX_PAYLOADS || off + 4 > n)
			return false;
		/* IKEv1: the reserved byte is zero; IKEv2: the 7 reserved bits */
		if (v2 ? (p[off + 1] & 0x7f) != 0 : p[off + 1] != 0)
			return false;
		size_t len = (size_t)p[off + 2] << 8 | p[off + 3];
		if (len < 4 || len > n - off)
			return false;
		np = p[off];
		off += len;
	}
	return n - off <= max_trailing;
}

/* hash(a | b) truncated to bs bytes into out. */
static bool v1_hash2(const EVP_MD *md, const uint8_t *a, size_t an, const uint8_t *b, size_t bn, size_t bs,
		     uint8_t *out)
{
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl = 0;
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	bool ok = x && EVP_DigestInit_ex(x, md, NULL) == 1 && EVP_DigestUpdate(x, a, an) == 1 &&
		  EVP_DigestUpdate(x, b, bn) == 1 && EVP_DigestFinal_ex(x, h, &hl) == 1 && hl >= bs;
	EVP_MD_CTX_free(x);
	if (ok)
		memcpy(out, h, bs);
	return ok;
}

/* The phase-1 IV: hash(g^xi | g^xr). */
static bool v1_iv0(const V1Sa *s, const EVP_MD *md, size_t bs, uint8_t *out)
{
	return s->gxi && s->gxr && v1_hash2(md, s->gxi, s->gxi_len, s->gxr, s->gxr_len, bs, out);
}

/* The first IV of an exchange: phase 1 from the KE payloads, a later
 * exchange from `p1` (the last phase-1 block) and the message id. */
static bool v1_first_iv(const V1Sa *s, uint32_t msgid, const uint8_t *p1, const EVP_MD *md, size_t bs,
			uint8_t *out)
{
	if (msgid == 0)
		return v1_iv0(s, md, bs, out);
	uint8_t mb[4] = { (uint8_t)(msgid >> 24), (uint8_t)(msgid >> 16), (uint8_t)(msgid >> 8), (uint8_t)msgid };
	return p1 && v1_hash2(md, p1, bs, mb, 4, bs, out);
}

static V1Mid *v1_mid(V1Sa *s, uint32_t msgid, const EVP_MD *md, size_t bs)
{
	for (unsigned i = 0; i < V1_MAX_MIDS; i++)
		if (s->mids[i].used && s->mids[i].msgid == msgid)
			return &s->mids[i];
	uint8_t iv[16];
	if (!v1_first_iv(s, msgid, s->have_p1_last ? s->p1_last : NULL, md, bs, iv)) {
		/* no encrypted phase-1 message yet: the phase-1 IV itself */
		uint8_t iv0[16];
		if (msgid == 0 || !v1_iv0(s, md, bs, iv0) || !v1_first_iv(s, msgid, iv0, md, bs, iv))
			return NULL;
	}
	V1Mid *e = &s->mids[s->mid_next];
	s->mid_next = (s->mid_next + 1) % V1_MAX_MIDS;
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->msgid = msgid;
	memcpy(e->iv, iv, bs);
	return e;
}

/* Try each key (the one that worked first); the index, or -1. */
static int v1_try(const V1Sa *s, const IkeV1Keys *const *keys, unsigned nk, const EVP_CIPHER *ci, size_t key_len,
		  const uint8_t *iv, const uint8_t *ct, size_t n, uint8_t np, uint8_t *pt, bool *short_key)
{
	unsigned order[V1_MAX_KEYS], no = 0;
	if (s->good_key && (unsigned)s->good_key <= nk)
		order[no++] = (unsigned)s->good_key - 1;
	for (unsigned i = 0; i < nk; i++)
		if (!(s->good_key && i == (unsigned)s->good_key - 1))
			order[no++] = i;
	for (unsigned j = 0; j < no; j++) {
		unsigned i = order[j];
		if (keys[i]->ka_len < key_len) {
			*short_key = true;
			continue;
		}
		if (cbc_decrypt(ci, keys[i]->ka, iv, ct, n, pt) && ike_dec_chain_ok(false, np, pt, n, 255))
			return (int)i;
	}
	return -1;
}

bool ike_dec_v1(IkeMsg *m, Cursor *msg, uint8_t np, TreeNode *t)
{
	Packet *pkt = m->pkt;
	Keyring *kr = pkt->ctx ? pkt->ctx->keyring : NULL;
	IkeDec *d = dec_of(m);
	if (!kr || !d || !m->sum)
		return false;
	const IkeV1Keys *keys[V1_MAX_KEYS];
	unsigned nk = 0;
	for (size_t i = 0; i < keyring_n_ikev1(kr) && nk < V1_MAX_KEYS; i++) {
		const IkeV1Keys *k = keyring_ikev1_at(kr, i);
		if (memcmp(k->icookie, m->ispi, 8) == 0)
			keys[nk++] = k;
	}
	if (nk == 0)
		return false;
	V1Sa *s = v1_sa(d, m->ispi, true);
	const char *origin = keys[0]->origin;
	size_t n = cur_left(msg);
	if (n != cur_wire_left(msg))
		return false; /* cut by the capture: nothing to decrypt */
	size_t key_len = 0;
	const EVP_CIPHER *ci = v1_cipher(s->enc, s->keylen, keys[0]->ka_len, &key_len);
	const EVP_MD *md = v1_md(s->hash);
	if (!s->enc || !ci || !md) {
		if (!s->enc)
			report(m, &s->reported, origin, msg, t, "the phase-1 proposal was not seen: cannot decrypt");
		else
			report(m, &s->reported, origin, msg, t,
			       "phase-1 cipher %u / hash %u not supported for decryption", s->enc, s->hash);
		return false;
	}
	size_t bs = (size_t)EVP_CIPHER_get_block_size(ci);
	if (n == 0 || n % bs) {
		report(m, &s->reported, origin, msg, t, "encrypted data of %zu bytes is not whole %zu-byte blocks", n, bs);
		return false;
	}
	V1Mid *mid = v1_mid(s, m->msgid, md, bs);
	if (!mid) {
		report(m, &s->reported, origin, msg, t,
		       m->msgid ? "no phase-1 message seen to derive the IV of message id 0x%08x"
				: "the KE payloads were not seen: no phase-1 IV (message id 0x%08x)",
		       m->msgid);
		return false;
	}
	Cursor cc = *msg;
	const uint8_t *ct = cur_bytes(&cc, n);
	const uint8_t *last = ct + n - bs;
	/* a retransmission uses the IV its first copy used */
	const uint8_t *iv = mid->iv;
	bool retrans = false;
	for (unsigned i = 0; i < mid->n_hist; i++)
		if (memcmp(mid->hist[i].last, last, bs) == 0) {
			iv = mid->hist[i].iv;
			retrans = true;
			break;
		}
	uint8_t ivbuf[16];
	memcpy(ivbuf, iv, bs);
	uint8_t *pt = arena_alloc(&pkt->ctx->arena, n);
	bool short_key = false;
	int used = v1_try(s, keys, nk, ci, key_len, ivbuf, ct, n, np, pt, &short_key);
	uint8_t alt[16], iv0[16];
	/* the first message of a later exchange: a peer that could not
	 * decrypt the last phase-1 message keeps the phase-1 IV it had
	 * (strongSwan sends its PAYLOAD-MALFORMED so) */
	if (used < 0 && !retrans && m->msgid != 0 && mid->n_hist == 0 && v1_iv0(s, md, bs, iv0) &&
	    v1_first_iv(s, m->msgid, iv0, md, bs, alt) && memcmp(alt, ivbuf, bs) != 0) {
		used = v1_try(s, keys, nk, ci, key_len, alt, ct, n, np, pt, &short_key);
		if (used >= 0)
			memcpy(ivbuf, alt, bs);
	}
	if (!retrans) {
		V1Hist *h = &mid->hist[mid->hist_next];
		mid->hist_next = (mid->hist_next + 1) % V1_MAX_HIST;
		if (mid->n_hist < V1_MAX_HIST)
			mid->n_hist++;
		memcpy(h->last, last, bs);
		memcpy(h->iv, ivbuf, bs);
		memcpy(mid->iv, last, bs);
		if (m->msgid == 0) {
			memcpy(s->p1_last, last, bs);
			s->have_p1_last = true;
		}
	}
	if (used < 0) {
		s->failed++;
		if (short_key && nk == 1)
			report(m, &s->reported, origin, msg, t, "key of %zu bytes, the cipher needs %zu",
			       keys[0]->ka_len, key_len);
		else
			report(m, &s->reported, origin, msg, t,
			       "message id 0x%08x decrypts to garbage with %s (wrong key, or pre-shared keys differ)",
			       m->msgid, nk > 1 ? "every key" : "the key");
		return false;
	}
	s->good_key = used + 1;
	s->decrypted++;
	s->keys_used |= 1u << used;
	if (s->keys_used & (s->keys_used - 1))
		report(m, &s->mismatch_reported, keys[used]->origin, msg, t,
		       "the peers' messages decrypt with different keys: their pre-shared keys (or secrets) differ");
	pkt->sum.ike.decrypted = true;
	pkt_add_source(pkt, SRC_DECRYPTED, pt, n, "Decrypted ISAKMP");
	Cursor dc = cur_init(pt, n, n);
	dc.src = SRC_DECRYPTED;
	if (!pkt_enter(pkt, &dc, t))
		return true;
	ikev1_walk(m, &dc, np, t);
	pkt_leave(pkt);
	return true;
}

/* ---- IKEv2 ---------------------------------------------------------- */

typedef enum { V2_CBC, V2_CTR, V2_GCM, V2_CCM, V2_CHACHA } V2Mode;

typedef struct {
	V2Mode mode;
	const EVP_CIPHER *ci;
	size_t key_len, salt_len, iv_len, block, tag_len;
} V2Enc;

static bool v2_enc(const char *name, V2Enc *e)
{
	memset(e, 0, sizeof(*e));
	unsigned bits = 0, icv = 0;
	if (strcmp(name, "3DES [RFC2451]") == 0) {
		*e = (V2Enc){ V2_CBC, EVP_des_ede3_cbc(), 24, 0, 8, 8, 0 };
		return true;
	}
	if (strcmp(name, "ChaCha20-Poly1305 [RFC7634]") == 0) {
		*e = (V2Enc){ V2_CHACHA, EVP_chacha20_poly1305(), 32, 4, 8, 1, 16 };
		return true;
	}
	if (sscanf(name, "AES-CBC-%u", &bits) == 1) {
		e->mode = V2_CBC;
		e->ci = bits == 128 ? EVP_aes_128_cbc() : bits == 192 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
		e->iv_len = 16, e->block = 16;
	} else if (sscanf(name, "AES-CTR-%u", &bits) == 1) {
		e->mode = V2_CTR;
		e->ci = bits == 128 ? EVP_aes_128_ctr() : bits == 192 ? EVP_aes_192_ctr() : EVP_aes_256_ctr();
		e->salt_len = 4, e->iv_len = 8, e->block = 1;
	} else if (sscanf(name, "AES-GCM-%u with %u", &bits, &icv) == 2) {
		e->mode = V2_GCM;
		e->ci = bits == 128 ? EVP_aes_128_gcm() : bits == 192 ? EVP_aes_192_gcm() : EVP_aes_256_gcm();
		e->salt_len = 4, e->iv_len = 8, e->block = 1, e->tag_len = icv;
	} else if (sscanf(name, "AES-CCM-%u with %u", &bits, &icv) == 2) {
		e->mode = V2_CCM;
		e->ci = bits == 128 ? EVP_aes_128_ccm() : bits == 192 ? EVP_aes_192_ccm() : EVP_aes_256_ccm();
		e->salt_len = 3, e->iv_len = 8, e->block = 1, e->tag_len = icv;
	} else {
		return false;
	}
	if (bits != 128 && bits != 192 && bits != 256)
		return false;
	e->key_len = bits / 8u;
	return true;
}

static bool v2_integ(const char *name, const EVP_MD **md, size_t *icv)
{
	static const struct {
		const char *name;
		size_t icv;
		int md; /* 0 none, 1 md5, 2 sha1, 3 sha256, 4 sha384, 5 sha512, -1 unchecked */
	} tab[] = {
		{ "NONE [RFC4306]", 0, 0 },
		{ "HMAC_MD5_96 [RFC2403]", 12, 1 },
		{ "HMAC_SHA1_96 [RFC2404]", 12, 2 },
		{ "HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]", 12, 3 },
		{ "HMAC_SHA2_256_128 [RFC4868]", 16, 3 },
		{ "HMAC_SHA2_384_192 [RFC4868]", 24, 4 },
		{ "HMAC_SHA2_512_256 [RFC4868]", 32, 5 },
		{ "ANY 96-bits of Authentication [No Checking]", 12, -1 },
		{ "ANY 128-bits of Authentication [No Checking]", 16, -1 },
		{ "ANY 160-bits of Authentication [No Checking]", 20, -1 },
		{ "ANY 192-bits of Authentication [No Checking]", 24, -1 },
		{ "ANY 256-bits of Authentication [No Checking]", 32, -1 },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strcmp(tab[i].name, name) != 0)
			continue;
		*icv = tab[i].icv;
		switch (tab[i].md) {
		case 1: *md = EVP_md5(); break;
		case 2: *md = EVP_sha1(); break;
		case 3: *md = EVP_sha256(); break;
		case 4: *md = EVP_sha384(); break;
		case 5: *md = EVP_sha512(); break;
		default: *md = NULL; break;
		}
		return true;
	}
	return false;
}

static bool aead_decrypt(const V2Enc *e, const uint8_t *key, const uint8_t *salt, const uint8_t *iv,
			 const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t n, const uint8_t *tag,
			 uint8_t *out, bool *tag_ok)
{
	uint8_t nonce[16];
	memcpy(nonce, salt, e->salt_len);
	memcpy(nonce + e->salt_len, iv, e->iv_len);
	size_t nl = e->salt_len + e->iv_len;
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int l = 0;
	bool ok = x && n <= INT32_MAX && aad_len <= INT32_MAX && EVP_DecryptInit_ex(x, e->ci, NULL, NULL, NULL) == 1 &&
		  EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, (int)nl, NULL) == 1;
	if (ok && e->mode == V2_CCM)
		ok = EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)e->tag_len, (void *)(uintptr_t)tag) == 1;
	ok = ok && EVP_DecryptInit_ex(x, NULL, NULL, key, nonce) == 1;
	if (ok && e->mode == V2_CCM)
		ok = EVP_DecryptUpdate(x, NULL, &l, NULL, (int)n) == 1;
	ok = ok && EVP_DecryptUpdate(x, NULL, &l, aad, (int)aad_len) == 1;
	if (e->mode == V2_CCM) {
		/* CCM checks the tag in the update: a failure gives no plaintext */
		*tag_ok = ok && EVP_DecryptUpdate(x, out, &l, ct, (int)n) == 1;
		EVP_CIPHER_CTX_free(x);
		return ok;
	}
	ok = ok && EVP_DecryptUpdate(x, out, &l, ct, (int)n) == 1 &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)e->tag_len, (void *)(uintptr_t)tag) == 1;
	int l2 = 0;
	*tag_ok = ok && EVP_DecryptFinal_ex(x, out + l, &l2) == 1;
	EVP_CIPHER_CTX_free(x);
	return ok;
}

static bool v2_reported(IkeDec *d, const IkeMsg *m)
{
	uint8_t k[16];
	memcpy(k, m->ispi, 8);
	memcpy(k + 8, m->rspi, 8);
	for (unsigned i = 0; i < d->n_v2_reported; i++)
		if (memcmp(d->v2_reported[i], k, 16) == 0)
			return true;
	if (d->n_v2_reported < V2_MAX_REPORTED)
		memcpy(d->v2_reported[d->n_v2_reported++], k, 16);
	return false;
}

static void v2_report(IkeMsg *m, IkeDec *d, const char *origin, const Cursor *c, TreeNode *t, const char *what)
{
	bool rep = v2_reported(d, m);
	report(m, &rep, origin, c, t, "%s", what);
}

/* Put a fragment's plaintext aside; returns the whole message when this
 * one completed it (in the arena), with *np_out its first payload. */
static uint8_t *v2_frag_add(IkeMsg *m, IkeDec *d, uint16_t number, uint16_t total, uint8_t np, const uint8_t *pt,
			    size_t len, size_t *out_len, uint8_t *np_out)
{
	bool resp = (m->flags & 0x20) != 0;
	V2Set *s = NULL;
	for (unsigned i = 0; i < V2_MAX_SETS && !s; i++)
		if (d->v2[i].used && d->v2[i].msgid == m->msgid && d->v2[i].response == resp &&
		    memcmp(d->v2[i].ispi, m->ispi, 8) == 0 && memcmp(d->v2[i].rspi, m->rspi, 8) == 0 &&
		    d->v2[i].total == total)
			s = &d->v2[i];
	if (!s) {
		s = &d->v2[d->v2_next];
		d->v2_next = (d->v2_next + 1) % V2_MAX_SETS;
		if (s->used && s->n < s->total)
			m->pkt->ctx->stats.ike_frags_evicted++;
		v2_clear(s);
		s->used = true;
		s->msgid = m->msgid;
		s->response = resp;
		s->total = total;
		memcpy(s->ispi, m->ispi, 8);
		memcpy(s->rspi, m->rspi, 8);
	}
	for (unsigned i = 0; i < s->n; i++)
		if (s->f[i].number == number)
			return NULL; /* retransmitted fragment */
	if (s->n == V2_MAX_FRAGS || s->bytes + len > V2_MAX_BYTES || total > V2_MAX_FRAGS) {
		m->pkt->ctx->stats.ike_frags_refused++;
		return NULL;
	}
	V2Frag *f = &s->f[s->n++];
	f->number = number;
	f->pt = g_memdup2(pt, len ? len : 1);
	f->len = (uint32_t)len;
	f->np = np;
	s->bytes += (uint32_t)len;
	if (s->n != total)
		return NULL;
	uint8_t *buf = arena_alloc(&m->pkt->ctx->arena, s->bytes ? s->bytes : 1);
	size_t at = 0;
	for (uint16_t q = 1; q <= total; q++) {
		V2Frag *g = NULL;
		for (unsigned i = 0; i < s->n; i++)
			if (s->f[i].number == q)
				g = &s->f[i];
		if (!g)
			return NULL;
		if (q == 1)
			*np_out = g->np;
		memcpy(buf + at, g->pt, g->len);
		at += g->len;
	}
	*out_len = at;
	return buf;
}

bool ike_dec_v2(IkeMsg *m, Cursor *c, uint8_t np, TreeNode *pl, bool frag, uint16_t number, uint16_t total)
{
	Packet *pkt = m->pkt;
	Keyring *kr = pkt->ctx ? pkt->ctx->keyring : NULL;
	IkeDec *d = dec_of(m);
	if (!kr || !d || !m->sum || !m->raw)
		return false;
	const IkeV2Keys *k = keyring_find_ikev2(kr, m->ispi, m->rspi);
	if (!k)
		return false;
	size_t n = cur_left(c);
	if (n != cur_wire_left(c))
		return false;
	Cursor cc = *c;
	const uint8_t *p = cur_bytes(&cc, n);
	if (!p || p < m->raw || (size_t)(p - m->raw) > m->raw_len)
		return false;
	size_t iv_off = (size_t)(p - m->raw);
	V2Enc e;
	const EVP_MD *md = NULL;
	size_t icv = 0;
	if (!v2_enc(k->enc, &e) || !v2_integ(k->integ, &md, &icv)) {
		v2_report(m, d, k->origin, c, pl, "encryption or integrity algorithm not supported for decryption");
		return false;
	}
	bool aead = e.mode == V2_GCM || e.mode == V2_CCM || e.mode == V2_CHACHA;
	if (aead)
		icv = e.tag_len;
	bool init = (m->flags & 0x08) != 0;
	const uint8_t *ek = init ? k->sk_ei : k->sk_er;
	const uint8_t *ak = init ? k->sk_ai : k->sk_ar;
	if (k->sk_ei_len != e.key_len + e.salt_len || (!aead && md && k->sk_ai_len == 0)) {
		char why[128];
		snprintf(why, sizeof(why), "SK_e of %zu bytes, %s needs %zu", k->sk_ei_len, k->enc,
			 e.key_len + e.salt_len);
		v2_report(m, d, k->origin, c, pl, why);
		return false;
	}
	if (n < e.iv_len + icv + 1 || (n - e.iv_len - icv) % e.block) {
		v2_report(m, d, k->origin, c, pl, "encrypted payload too short or not whole cipher blocks");
		return false;
	}
	const uint8_t *iv = p;
	const uint8_t *ct = p + e.iv_len;
	size_t ctn = n - e.iv_len - icv;
	const uint8_t *tag = ct + ctn;
	tree_add_bytes(pl, IKF(F_ENC_IV), c, cur_off(c), e.iv_len);
	TreeNode *icd = icv ? tree_add_bytes(pl, IKF(F_ENC_ICD), c, cur_off(c) + e.iv_len + ctn, icv) : NULL;
	uint8_t *pt = arena_alloc(&pkt->ctx->arena, ctn);
	bool ok = false, tag_ok = true;
	if (aead) {
		ok = aead_decrypt(&e, ek, ek + e.key_len, iv, m->raw, iv_off, ct, ctn, tag, pt, &tag_ok);
	} else {
		if (md) {
			uint8_t mac[EVP_MAX_MD_SIZE];
			unsigned ml = 0;
			tag_ok = HMAC(md, ak, (int)k->sk_ai_len, m->raw, iv_off + e.iv_len + ctn, mac, &ml) &&
				 ml >= icv && CRYPTO_memcmp(mac, tag, icv) == 0;
		}
		if (e.mode == V2_CBC) {
			ok = cbc_decrypt(e.ci, ek, iv, ct, ctn, pt);
		} else {
			uint8_t ctr[16];
			memcpy(ctr, ek + e.key_len, 4);
			memcpy(ctr + 4, iv, 8);
			ctr[12] = ctr[13] = ctr[14] = 0;
			ctr[15] = 1;
			ok = cbc_decrypt(e.ci, ek, ctr, ct, ctn, pt);
		}
	}
	if (icd && ok) {
		char hex[2 * 32 + 1];
		keyring_hex(tag, icv <= 32 ? icv : 32, hex);
		tree_set_text(icd, "%s (%zu bytes) <%s> [%s]", hex, icv, !aead && k->integ && k->integ[0] ? k->integ : k->enc,
			      tag_ok ? "correct" : "incorrect");
	}
	/* an AEAD withholds nothing here, but its plaintext is unauthenticated
	 * too: a failed tag is only ever a report */
	if (!ok || (!tag_ok && aead)) {
		v2_report(m, d, k->origin, c, pl,
			  ok ? "integrity checksum does not match (wrong SK_a/SK_e)" : "the cipher refused the data");
		return false;
	}
	size_t padlen = pt[ctn - 1];
	if (padlen + 1 > ctn || (!frag && !ike_dec_chain_ok(true, np, pt, ctn - padlen - 1, 0)) ||
	    (frag && number == 1 && np && ctn - padlen - 1 >= 4 && (pt[1] & 0x7f))) {
		v2_report(m, d, k->origin, c, pl,
			  tag_ok ? "decrypts to garbage (wrong key?)"
				 : "integrity checksum does not match (wrong SK_a/SK_e)");
		return false;
	}
	if (!tag_ok) {
		/* SK_e gives well-formed payloads, SK_a disagrees: dissect them
		 * (as Wireshark does), and say which part does not fit */
		v2_report(m, d, k->origin, c, pl,
			  "integrity checksum does not match, yet SK_e decrypts the message to well-formed "
			  "payloads: SK_a is wrong, or the message was altered after it was protected");
	}
	size_t len = ctn - padlen - 1;
	pkt->sum.ike.decrypted = true;
	if (frag) {
		size_t whole = 0;
		uint8_t first = 0;
		uint8_t *buf = v2_frag_add(m, d, number, total, np, pt, len, &whole, &first);
		if (!buf)
			return true;
		pt = buf, len = whole, np = first;
	}
	pkt_add_source(pkt, SRC_DECRYPTED, pt, len, frag ? "Decrypted reassembled IKEv2" : "Decrypted IKEv2");
	Cursor dc = cur_init(pt, len, len);
	dc.src = SRC_DECRYPTED;
	if (!pkt_enter(pkt, &dc, pl))
		return true;
	ikev2_walk(m, &dc, np, pl);
	pkt_leave(pkt);
	return true;
}

/* ---- child SAs ------------------------------------------------------ */

void ike_dec_child_spi(IkeMsg *m, uint8_t protoid, const uint8_t *spi, size_t len)
{
	if (!m->sum || !spi || len != 4 || (protoid != 2 && protoid != 3))
		return;
	uint32_t v = (uint32_t)spi[0] << 24 | (uint32_t)spi[1] << 16 | (uint32_t)spi[2] << 8 | spi[3];
	PacketSummary *s = &m->pkt->sum;
	if (s->ike.n_child_spi < sizeof(s->ike.child_spi) / sizeof(s->ike.child_spi[0]))
		s->ike.child_spi[s->ike.n_child_spi++] = v;
	Keyring *kr = m->pkt->ctx ? m->pkt->ctx->keyring : NULL;
	/* only what was decrypted with the keys is taught */
	if (kr && s->ike.decrypted)
		keyring_learn_child_spi(kr, v, m->ispi, m->rspi, m->pkt->number);
}
