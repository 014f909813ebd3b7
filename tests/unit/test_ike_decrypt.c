/*
 * test_ike_decrypt.c - IKE decryption: an IKEv1 Main Mode built here
 * (SA, KE payloads, an encrypted MM5 with the IV of RFC 2409 appendix B),
 * a retransmission decrypting with its first copy's IV, the next message
 * chaining, a wrong key reported; an IKEv2 SK payload with AES-CBC and
 * HMAC-SHA2-256-128 (good and broken ICV).
 */
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dissectors/keyring.h"
#include "helpers.h"

static const uint8_t ISPI[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t RSPI[8] = { 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t KA[16] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
				0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f };

/* IPv4 + UDP 500 + ISAKMP header + body. */
static size_t frame(uint8_t *f, uint8_t np, uint8_t exch, uint8_t flags, uint32_t msgid, const uint8_t *body,
		    size_t n)
{
	size_t ike = 28 + n, udp = 8 + ike, ip = 20 + udp;
	memset(f, 0, 28);
	f[0] = 0x45;
	f[2] = (uint8_t)(ip >> 8), f[3] = (uint8_t)ip;
	f[8] = 64, f[9] = 17;
	f[12] = 10, f[15] = 1, f[16] = 10, f[19] = 2;
	f[20] = 0x01, f[21] = 0xf4, f[22] = 0x01, f[23] = 0xf4;
	f[24] = (uint8_t)(udp >> 8), f[25] = (uint8_t)udp;
	uint8_t *h = f + 28;
	memcpy(h, ISPI, 8);
	memcpy(h + 8, RSPI, 8);
	h[16] = np, h[17] = 0x10, h[18] = exch, h[19] = flags;
	h[20] = (uint8_t)(msgid >> 24), h[21] = (uint8_t)(msgid >> 16), h[22] = (uint8_t)(msgid >> 8),
	h[23] = (uint8_t)msgid;
	h[24] = 0, h[25] = 0, h[26] = (uint8_t)(ike >> 8), h[27] = (uint8_t)ike;
	memcpy(h + 28, body, n);
	return ip;
}

/* MM2: SA with AES-CBC-128 / SHA1 */
static const uint8_t MM2_SA[] = {
	0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1,              /* SA, DOI, situation */
	0, 0, 0, 28, 1, 1, 0, 1,                          /* proposal 1, ISAKMP, 1 transform */
	0, 0, 0, 20, 1, 1, 0, 0,                          /* transform 1, KEY_IKE */
	0x80, 0x01, 0, 7, 0x80, 0x0e, 0, 128, 0x80, 0x02, 0, 2, /* AES-CBC, 128 bits, SHA */
};

static size_t ke_body(uint8_t *b, uint8_t fill)
{
	b[0] = 0, b[1] = 0, b[2] = 0, b[3] = 20;
	memset(b + 4, fill, 16);
	return 20;
}

static void aes_cbc(const uint8_t *key, const uint8_t *iv, const uint8_t *in, size_t n, uint8_t *out)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int l = 0;
	EVP_EncryptInit_ex(x, EVP_aes_128_cbc(), NULL, key, iv);
	EVP_CIPHER_CTX_set_padding(x, 0);
	EVP_EncryptUpdate(x, out, &l, in, (int)n);
	EVP_CIPHER_CTX_free(x);
}

/* ID payload (IPv4 10.0.0.x) padded to 16 bytes, encrypted */
static size_t encrypted_id(uint8_t *out, const uint8_t *iv, uint8_t last_octet)
{
	uint8_t pt[16] = { 0, 0, 0, 12, 1, 17, 0x01, 0xf4, 10, 0, 0, last_octet, 0, 0, 0, 0 };
	aes_cbc(KA, iv, pt, 16, out);
	return 16;
}

typedef struct {
	TestPacket *tp;
	Keyring *kr;
	uint8_t iv0[16];
} Mm;

static void main_mode_clear(Mm *mm, const char *keyline)
{
	uint8_t f[256], b[64];
	mm->kr = keyring_new();
	GError *e = NULL;
	cr_assert_gt(keyring_load_text(mm->kr, "t", keyline, strlen(keyline), &e), 0);
	size_t n = frame(f, 1, 2, 0, 0, MM2_SA, sizeof(MM2_SA));
	mm->tp = t_dissect(T_DLT_RAW, f, n, 0);
	dissect_ctx_set_keyring(mm->tp->ctx, mm->kr);
	t_dissect_more(mm->tp, T_DLT_RAW, f, n, 0);
	uint8_t gxi[20], gxr[20];
	ke_body(gxi, 0xaa);
	ke_body(gxr, 0xbb);
	n = frame(f, 4, 2, 0, 0, gxi, 20);
	t_dissect_more(mm->tp, T_DLT_RAW, f, n, 0);
	n = frame(f, 4, 2, 0, 0, gxr, 20);
	t_dissect_more(mm->tp, T_DLT_RAW, f, n, 0);
	/* IV = SHA1(g^xi | g^xr), first 16 bytes */
	memcpy(b, gxi + 4, 16);
	memcpy(b + 16, gxr + 4, 16);
	uint8_t h[20];
	unsigned hl = 0;
	EVP_Digest(b, 32, h, &hl, EVP_sha1(), NULL);
	memcpy(mm->iv0, h, 16);
}

static void mm_free(Mm *mm)
{
	t_free(mm->tp);
	keyring_free(mm->kr);
}

#define KEYLINE "0102030405060708,101112131415161718191a1b1c1d1e1f\n"

Test(ike_decrypt, main_mode_5_decrypts_and_is_dissected)
{
	Mm mm;
	main_mode_clear(&mm, KEYLINE);
	uint8_t ct[16], f[256];
	encrypted_id(ct, mm.iv0, 7);
	size_t n = frame(f, 5, 2, 1, 0, ct, 16);
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(mm.tp->pkt.sum.ike.decrypted);
	cr_assert_not(mm.tp->pkt.sum.ike.key_problem);
	cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), "10.0.0.7");
	cr_assert_not(t_has_event(mm.tp, EV_IKE_KEY_PROBLEM));

	/* the same bytes again: decrypted with the same IV */
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(mm.tp->pkt.sum.ike.retransmission_of != 0);
	cr_assert(mm.tp->pkt.sum.ike.decrypted);
	cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), "10.0.0.7");

	/* MM6: IV = the last cipher block of MM5 */
	uint8_t ct6[16];
	encrypted_id(ct6, ct, 9);
	n = frame(f, 5, 2, 1, 0, ct6, 16);
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(mm.tp->pkt.sum.ike.decrypted);
	cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), "10.0.0.9");

	/* a Quick Mode message: IV = SHA1(last phase-1 block | message id) */
	uint8_t b[20], h[20], ivq[16], ctq[16];
	unsigned hl = 0;
	memcpy(b, ct6, 16);
	b[16] = 0x12, b[17] = 0x34, b[18] = 0x56, b[19] = 0x78;
	EVP_Digest(b, 20, h, &hl, EVP_sha1(), NULL);
	memcpy(ivq, h, 16);
	encrypted_id(ctq, ivq, 11);
	n = frame(f, 5, 32, 1, 0x12345678, ctq, 16);
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(mm.tp->pkt.sum.ike.decrypted);
	cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), "10.0.0.11");

	/* its reply: the IV chains within the exchange (last block of QM1) */
	uint8_t ctq2[16];
	encrypted_id(ctq2, ctq, 12);
	n = frame(f, 5, 32, 1, 0x12345678, ctq2, 16);
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(mm.tp->pkt.sum.ike.decrypted);
	cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), "10.0.0.12");

	/* a Transaction (mode config, 6) and an Informational (5) exchange:
	 * each starts again from the last phase-1 block and its own id */
	static const struct {
		uint8_t exch;
		uint32_t id;
		uint8_t octet;
	} later[] = { { 6, 0x0a0b0c0d, 21 }, { 5, 0x01020304, 22 } };
	for (size_t i = 0; i < 2; i++) {
		uint8_t ivx[16], ctx[16];
		memcpy(b, ct6, 16);
		b[16] = (uint8_t)(later[i].id >> 24), b[17] = (uint8_t)(later[i].id >> 16);
		b[18] = (uint8_t)(later[i].id >> 8), b[19] = (uint8_t)later[i].id;
		EVP_Digest(b, 20, h, &hl, EVP_sha1(), NULL);
		memcpy(ivx, h, 16);
		encrypted_id(ctx, ivx, later[i].octet);
		n = frame(f, 5, later[i].exch, 1, later[i].id, ctx, 16);
		t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
		cr_assert(mm.tp->pkt.sum.ike.decrypted, "exchange %u", later[i].exch);
		char want[16];
		snprintf(want, sizeof(want), "10.0.0.%u", later[i].octet);
		cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), want);
	}
	cr_assert_not(mm.tp->pkt.sum.ike.key_problem);
	mm_free(&mm);
}

Test(ike_decrypt, a_wrong_key_is_reported_for_the_sa)
{
	Mm mm;
	main_mode_clear(&mm, "0102030405060708,00112233445566778899aabbccddeeff\n");
	uint8_t ct[16], f[256];
	encrypted_id(ct, mm.iv0, 7);
	size_t n = frame(f, 5, 2, 1, 0, ct, 16);
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert_not(mm.tp->pkt.sum.ike.decrypted);
	cr_assert(mm.tp->pkt.sum.ike.key_problem);
	cr_assert(t_has_event(mm.tp, EV_IKE_KEY_PROBLEM));
	cr_assert_null(t_find(mm.tp, "isakmp.id.type", 0));
	const GPtrArray *p = keyring_problems(mm.kr);
	cr_assert_eq(p->len, 1);
	cr_assert(strstr(g_ptr_array_index(p, 0), "0102030405060708") != NULL);
	cr_assert(strstr(g_ptr_array_index(p, 0), "garbage") != NULL);
	/* once per SA in the keyring, an event each time */
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(t_has_event(mm.tp, EV_IKE_KEY_PROBLEM));
	cr_assert_eq(keyring_problems(mm.kr)->len, 1);
	mm_free(&mm);
}

Test(ike_decrypt, two_keys_for_one_cookie_each_side_decrypts_and_the_mismatch_is_reported)
{
	Mm mm;
	main_mode_clear(&mm, "0102030405060708,00112233445566778899aabbccddeeff\n" KEYLINE);
	uint8_t ct[16], f[256];
	encrypted_id(ct, mm.iv0, 7);
	size_t n = frame(f, 5, 2, 1, 0, ct, 16);
	t_dissect_more(mm.tp, T_DLT_RAW, f, n, 0);
	cr_assert(mm.tp->pkt.sum.ike.decrypted);
	cr_assert_str_eq(t_field(mm.tp, "isakmp.id.data.ipv4_addr"), "10.0.0.7");
	mm_free(&mm);
}

/* ---- IKEv2 --------------------------------------------------------- */

#define V2KEYS                                                                                                 \
	"0102030405060708,090a0b0c0d0e0f10,000102030405060708090a0b0c0d0e0f,"                                \
	"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff,\"AES-CBC-128 [RFC3602]\","                                        \
	"2020202020202020202020202020202020202020202020202020202020202020,"                                  \
	"3030303030303030303030303030303030303030303030303030303030303030,\"HMAC_SHA2_256_128 [RFC4868]\"\n"

static size_t v2_sk(uint8_t *f, bool break_icv)
{
	/* IKE_AUTH request from the initiator: SK { N(INITIAL_CONTACT) } */
	uint8_t pt[16] = { 0, 0, 0, 8, 0, 0, 0x40, 0x00, 0, 0, 0, 0, 0, 0, 0, 7 }; /* pad 7 */
	uint8_t ek[16], iv[16], body[4 + 16 + 16 + 16];
	for (unsigned i = 0; i < 16; i++)
		ek[i] = (uint8_t)i, iv[i] = (uint8_t)(0x50 + i);
	body[0] = 0, body[1] = 0, body[2] = 0, body[3] = sizeof(body);
	memcpy(body + 4, iv, 16);
	aes_cbc(ek, iv, pt, 16, body + 20);
	size_t n = frame(f, 46, 35, 0x08, 1, body, sizeof(body));
	f[28 + 17] = 0x20; /* version 2.0 */
	f[28 + 28] = 41;   /* SK's next payload: N */
	uint8_t ak[32], mac[32];
	memset(ak, 0x20, 32);
	unsigned ml = 0;
	HMAC(EVP_sha256(), ak, 32, f + 28, 28 + 4 + 16 + 16, mac, &ml);
	memcpy(f + 28 + 28 + 36, mac, 16);
	if (break_icv)
		f[n - 1] ^= 1;
	return n;
}

Test(ike_decrypt, ikev2_sk_aes_cbc_hmac_sha256)
{
	Keyring *kr = keyring_new();
	GError *e = NULL;
	cr_assert_gt(keyring_load_text(kr, "t", V2KEYS, strlen(V2KEYS), &e), 0);
	uint8_t f[256];
	size_t n = v2_sk(f, false);
	TestPacket *tp = t_dissect(T_DLT_RAW, f, n, 0);
	cr_assert_not(tp->pkt.sum.ike.decrypted);
	dissect_ctx_set_keyring(tp->ctx, kr);
	t_dissect_more(tp, T_DLT_RAW, f, n, 0);
	cr_assert(tp->pkt.sum.ike.decrypted);
	cr_assert_eq(tp->pkt.sum.ike.n_notify, 1);
	cr_assert_eq(tp->pkt.sum.ike.notify[0], 16384);
	cr_assert_str_eq(t_field(tp, "isakmp.notify.msgtype"), "16384");
	/* a bad checksum over a message SK_e still decrypts to well-formed
	 * payloads: dissected (as Wireshark does), and the SA reported with
	 * SK_a named */
	n = v2_sk(f, true);
	t_dissect_more(tp, T_DLT_RAW, f, n, 0);
	cr_assert(tp->pkt.sum.ike.decrypted);
	cr_assert_str_eq(t_field(tp, "isakmp.notify.msgtype"), "16384");
	cr_assert(tp->pkt.sum.ike.key_problem);
	cr_assert(t_has_event(tp, EV_IKE_KEY_PROBLEM));
	cr_assert_eq(keyring_problems(kr)->len, 1);
	cr_assert(strstr(g_ptr_array_index(keyring_problems(kr), 0), "SK_a is wrong") != NULL, "%s",
		  (const char *)g_ptr_array_index(keyring_problems(kr), 0));
	t_free(tp);
	keyring_free(kr);
}

/* ---- every IKEv2 cipher: an SK payload encrypted by OpenSSL directly ---- */

typedef struct {
	const char *ws;  /* ikev2_decryption_table name */
	const char *evp; /* OpenSSL's */
	size_t key, salt, iv, tag, block;
	int mode;        /* 0 CBC, 1 CTR, 2 GCM/ChaCha (12-byte nonce), 3 CCM (11-byte nonce) */
} V2Alg;

static size_t v2_alg_frame(const V2Alg *a, const uint8_t *ek, uint8_t *f, bool flip)
{
	/* SK { N(INITIAL_CONTACT) }, padded to the block */
	uint8_t pt[48] = { 0, 0, 0, 8, 0, 0, 0x40, 0x00 };
	size_t ptn = 8 + 1;
	while (ptn % a->block)
		ptn++;
	pt[ptn - 1] = (uint8_t)(ptn - 9);
	uint8_t iv[16], body[128] = { 0 };
	for (unsigned i = 0; i < 16; i++)
		iv[i] = (uint8_t)(0x50 + i);
	size_t bl = 4 + a->iv + ptn + (a->tag ? a->tag : 16);
	body[3] = (uint8_t)bl;
	memcpy(body + 4, iv, a->iv);
	size_t n = frame(f, 46, 35, 0x08, 1, body, bl);
	f[28 + 17] = 0x20;
	f[28 + 28] = 41;
	uint8_t *ct = f + 28 + 28 + 4 + a->iv, *tag = ct + ptn;
	uint8_t nonce[16] = { 0 };
	size_t nl = a->iv;
	memcpy(nonce, iv, a->iv);
	if (a->mode == 1) {
		memcpy(nonce, ek + a->key, 4);
		memcpy(nonce + 4, iv, 8);
		nonce[15] = 1;
		nl = 16;
	} else if (a->mode >= 2) {
		memcpy(nonce, ek + a->key, a->salt);
		memcpy(nonce + a->salt, iv, 8);
		nl = a->salt + 8;
	}
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, a->evp, NULL);
	cr_assert_not_null(c, "%s", a->evp);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int l = 0;
	cr_assert(EVP_EncryptInit_ex2(x, c, NULL, NULL, NULL) == 1);
	if (a->mode >= 2)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, (int)nl, NULL);
	if (a->mode == 3)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)a->tag, NULL);
	cr_assert(EVP_EncryptInit_ex2(x, NULL, ek, nonce, NULL) == 1);
	EVP_CIPHER_CTX_set_padding(x, 0);
	if (a->mode == 3)
		EVP_EncryptUpdate(x, NULL, &l, NULL, (int)ptn);
	if (a->mode >= 2) /* AAD: the IKE header and the SK payload header */
		EVP_EncryptUpdate(x, NULL, &l, f + 28, 28 + 4);
	cr_assert(EVP_EncryptUpdate(x, ct, &l, pt, (int)ptn) == 1);
	EVP_EncryptFinal_ex(x, ct + l, &l);
	if (a->mode >= 2) {
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, (int)a->tag, tag);
	} else {
		uint8_t ak[32], mac[32];
		unsigned ml = 0;
		memset(ak, 0x20, 32);
		HMAC(EVP_sha256(), ak, 32, f + 28, 28 + 4 + a->iv + ptn, mac, &ml);
		memcpy(tag, mac, 16);
	}
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	if (flip)
		tag[0] ^= 1;
	return n;
}

Test(ike_decrypt, ikev2_every_cipher_against_openssl)
{
	static const V2Alg algs[] = {
		{ "3DES [RFC2451]", "DES-EDE3-CBC", 24, 0, 8, 0, 8, 0 },
		{ "AES-CBC-256 [RFC3602]", "AES-256-CBC", 32, 0, 16, 0, 16, 0 },
		{ "AES-CTR-128 [RFC5930]", "AES-128-CTR", 16, 4, 8, 0, 1, 1 },
		{ "AES-GCM-128 with 16 octet ICV [RFC5282]", "AES-128-GCM", 16, 4, 8, 16, 1, 2 },
		{ "AES-GCM-256 with 8 octet ICV [RFC5282]", "AES-256-GCM", 32, 4, 8, 8, 1, 2 },
		{ "AES-CCM-128 with 8 octet ICV [RFC5282]", "AES-128-CCM", 16, 3, 8, 8, 1, 3 },
		{ "AES-CCM-192 with 12 octet ICV [RFC5282]", "AES-192-CCM", 24, 3, 8, 12, 1, 3 },
		{ "AES-CCM-256 with 16 octet ICV [RFC5282]", "AES-256-CCM", 32, 3, 8, 16, 1, 3 },
		{ "ChaCha20-Poly1305 [RFC7634]", "ChaCha20-Poly1305", 32, 4, 8, 16, 1, 2 },
	};
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		const V2Alg *a = &algs[i];
		uint8_t ek[40];
		char ekh[81], line[512];
		for (unsigned j = 0; j < a->key + a->salt; j++) {
			ek[j] = (uint8_t)(j * 3 + i);
			snprintf(ekh + 2 * j, 3, "%02x", ek[j]);
		}
		snprintf(line, sizeof(line),
			 "0102030405060708,090a0b0c0d0e0f10,%s,%s,\"%s\",%s,%s,\"%s\"\n", ekh, ekh, a->ws,
			 a->tag ? "" : "2020202020202020202020202020202020202020202020202020202020202020",
			 a->tag ? "" : "3030303030303030303030303030303030303030303030303030303030303030",
			 a->tag ? "NONE [RFC4306]" : "HMAC_SHA2_256_128 [RFC4868]");
		Keyring *kr = keyring_new();
		GError *e = NULL;
		cr_assert_gt(keyring_load_text(kr, "t", line, strlen(line), &e), 0, "%s: %s", a->ws,
			     e ? e->message : "");
		uint8_t f[256];
		size_t n = v2_alg_frame(a, ek, f, false);
		TestPacket *tp = t_dissect(T_DLT_RAW, f, n, 0);
		dissect_ctx_set_keyring(tp->ctx, kr);
		t_dissect_more(tp, T_DLT_RAW, f, n, 0);
		cr_assert(tp->pkt.sum.ike.decrypted, "%s", a->ws);
		cr_assert_not(tp->pkt.sum.ike.key_problem, "%s", a->ws);
		cr_assert_str_eq(t_field(tp, "isakmp.notify.msgtype"), "16384", "%s", a->ws);
		/* a flipped ICV bit: reported; an AEAD's plaintext is not shown */
		n = v2_alg_frame(a, ek, f, true);
		t_dissect_more(tp, T_DLT_RAW, f, n, 0);
		cr_assert(tp->pkt.sum.ike.key_problem, "%s: tampered", a->ws);
		cr_assert(t_has_event(tp, EV_IKE_KEY_PROBLEM), "%s", a->ws);
		cr_assert_eq(tp->pkt.sum.ike.decrypted, a->tag == 0, "%s", a->ws);
		t_free(tp);
		keyring_free(kr);
	}
}
