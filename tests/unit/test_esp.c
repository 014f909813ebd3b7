/*
 * test_esp.c - ESP/AH transforms (known-answer tests from the RFCs where
 * they exist; otherwise an independent OpenSSL encryption as reference),
 * the keyring's parsers and lookup, sequence analysis, and ESP decryption
 * through the dissector.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "dissectors/esp_crypto.h"
#include "dissectors/keyring.h"
#include "helpers.h"

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	for (; s[0] && s[1]; s += 2) {
		unsigned v;
		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static EspCrypto *ec;
static void setup(void) { ec = esp_crypto_new(); }
static void teardown(void) { esp_crypto_free(ec); }

/* ---- integrity: RFC 2202 / RFC 4231 / RFC 2286 test case 2, RFC 3566 ---- */

static void mac_case(EspAuthAlg a, const char *key, const char *msg, const char *want_hex)
{
	char err[160];
	uint8_t k[64], want[64], mac[64];
	size_t kl = strlen(key) > 0 && key[0] == '#' ? unhex(key + 1, k) : strlen(key);
	if (key[0] != '#')
		memcpy(k, key, kl);
	EspXform *x = esp_xform_new(ec, ENC_NULL, NULL, 0, a, k, kl, err, sizeof(err));
	cr_assert_not_null(x, "%s: %s", esp_auth_info(a)->name, err);
	uint8_t m[64];
	size_t ml = msg[0] == '#' ? unhex(msg + 1, m) : strlen(msg);
	if (msg[0] != '#')
		memcpy(m, msg, ml);
	size_t n = esp_xform_mac(x, m, ml, NULL, 0, mac);
	size_t wl = unhex(want_hex, want);
	cr_assert_eq(n, esp_auth_info(a)->icv_len);
	cr_assert(wl >= n);
	cr_assert(memcmp(mac, want, n) == 0, "%s: MAC mismatch", esp_auth_info(a)->name);
	esp_xform_free(x);
}

Test(esp_crypto, hmac_known_answers, .init = setup, .fini = teardown)
{
	const char *jefe = "what do ya want for nothing?";
	mac_case(AUTH_HMAC_MD5_96, "Jefe", jefe, "750c783e6ab0b503eaa86e310a5db738");
	mac_case(AUTH_HMAC_SHA1_96, "Jefe", jefe, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	mac_case(AUTH_HMAC_SHA256_96, "Jefe", jefe, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	mac_case(AUTH_HMAC_SHA256_128, "Jefe", jefe,
		 "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	mac_case(AUTH_HMAC_SHA384_192, "Jefe", jefe,
		 "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
	mac_case(AUTH_HMAC_SHA512_256, "Jefe", jefe,
		 "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
		 "caeab1a34d4a6b4b636e070a38bce737");
	mac_case(AUTH_HMAC_RIPEMD160_96, "Jefe", jefe, "dda6c0213a485a9e24f4742064a7f033b43c4069");
}

Test(esp_crypto, aes_xcbc_known_answers, .init = setup, .fini = teardown)
{
	/* RFC 3566 section 4.6, test cases 1, 2, 4 and 5 */
	const char *k = "#000102030405060708090a0b0c0d0e0f";
	mac_case(AUTH_AES_XCBC_96, k, "", "75f0251d528ac01c4573dfd584d79f29");
	mac_case(AUTH_AES_XCBC_96, k, "#000102", "5b376580ae2f19afe7219ceef172756f");
	mac_case(AUTH_AES_XCBC_96, k, "#000102030405060708090a0b0c0d0e0f", "d2a246fa349b68a79998a4394ff7a263");
	mac_case(AUTH_AES_XCBC_96, k, "#000102030405060708090a0b0c0d0e0f10111213", "47f51b4564966215b8985c63055ed308");
}

/* An ESP packet: SPI 0x00001234, seq 1, then IV, ciphertext, ICV. */
static size_t esp_packet(uint8_t *p, const uint8_t *iv, size_t ivl, const uint8_t *ct, size_t ctl, const uint8_t *icv,
			 size_t icvl)
{
	static const uint8_t hdr[8] = { 0, 0, 0x12, 0x34, 0, 0, 0, 1 };
	memcpy(p, hdr, 8);
	if (ivl)
		memcpy(p + 8, iv, ivl);
	memcpy(p + 8 + ivl, ct, ctl);
	if (icvl)
		memcpy(p + 8 + ivl + ctl, icv, icvl);
	return 8 + ivl + ctl + icvl;
}

Test(esp_crypto, aes_cbc_rfc3602_case1, .init = setup, .fini = teardown)
{
	uint8_t key[16], iv[16], ct[16], pkt[64], out[64], pt[16];
	unhex("06a9214036b8a15b512e03d534120006", key);
	unhex("3dafba429d9eb430b422da802c9fac41", iv);
	unhex("e353779c1079aeb82708942dbe77181a", ct);
	memcpy(pt, "Single block msg", 16);
	char err[160];
	EspXform *x = esp_xform_new(ec, ENC_AES_CBC, key, 16, AUTH_NULL, NULL, 0, err, sizeof(err));
	cr_assert_not_null(x, "%s", err);
	size_t n = esp_packet(pkt, iv, 16, ct, 16, NULL, 0);
	EspDecryptResult r;
	esp_decrypt(x, pkt, n, false, 0, out, &r);
	cr_assert_eq(r.status, ESPD_OK);
	cr_assert_eq(r.pt_len, 16);
	cr_assert_eq(r.icv, ICV_UNCHECKED);
	cr_assert(memcmp(out, pt, 16) == 0);
	/* not whole blocks */
	esp_decrypt(x, pkt, n - 4, false, 0, out, &r);
	cr_assert_eq(r.status, ESPD_BAD_LENGTH);
	esp_decrypt(x, pkt, 20, false, 0, out, &r);
	cr_assert_eq(r.status, ESPD_TOO_SHORT);
	esp_xform_free(x);
}

Test(esp_crypto, aes_ctr_rfc3686_vector1, .init = setup, .fini = teardown)
{
	uint8_t key[20], iv[8], ct[16], pkt[64], out[64];
	unhex("ae6852f8121067cc4bf7a5765577f39e00000030", key); /* key | nonce */
	unhex("0000000000000000", iv);
	unhex("e4095d4fb7a7b3792d6175a3261311b8", ct);
	char err[160];
	EspXform *x = esp_xform_new(ec, ENC_AES_CTR, key, 20, AUTH_NULL, NULL, 0, err, sizeof(err));
	cr_assert_not_null(x, "%s", err);
	size_t n = esp_packet(pkt, iv, 8, ct, 16, NULL, 0);
	EspDecryptResult r;
	esp_decrypt(x, pkt, n, false, 0, out, &r);
	cr_assert_eq(r.status, ESPD_OK);
	cr_assert(memcmp(out, "Single block msg", 16) == 0);
	esp_xform_free(x);
}

/* ---- every other cipher: encrypted by OpenSSL directly as reference ---- */

typedef struct {
	EspEncAlg enc;
	const char *evp;
	size_t key_len, salt, iv_len, tag;
} RefCase;

static size_t ref_encrypt(const RefCase *rc, const uint8_t *key, const uint8_t *iv, const uint8_t *pt, size_t n,
			  const uint8_t *aad, size_t aad_len, uint8_t *ct, uint8_t *tag)
{
	OSSL_LIB_CTX *lib = OSSL_LIB_CTX_new();
	OSSL_PROVIDER *d = OSSL_PROVIDER_load(lib, "default"), *l = OSSL_PROVIDER_load(lib, "legacy");
	EVP_CIPHER *c = EVP_CIPHER_fetch(lib, rc->evp, NULL);
	cr_assert_not_null(c, "%s", rc->evp);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	uint8_t nonce[16];
	size_t nl = rc->iv_len;
	memcpy(nonce, iv, rc->iv_len);
	bool ccm = rc->enc == ENC_AES_CCM_8 || rc->enc == ENC_AES_CCM_12 || rc->enc == ENC_AES_CCM_16;
	if (ccm) {
		memcpy(nonce, key + rc->key_len, 3);
		memcpy(nonce + 3, iv, 8);
		nl = 11;
	} else if (rc->salt) {
		memcpy(nonce, key + rc->key_len, 4);
		memcpy(nonce + 4, iv, 8);
		nl = 12;
		if (rc->enc == ENC_AES_CTR) {
			nonce[12] = nonce[13] = nonce[14] = 0;
			nonce[15] = 1;
			nl = 16;
		}
	}
	cr_assert(EVP_EncryptInit_ex2(x, c, NULL, NULL, NULL) == 1);
	if (rc->enc == ENC_BLOWFISH_CBC || rc->enc == ENC_CAST5_CBC)
		EVP_CIPHER_CTX_set_key_length(x, (int)rc->key_len);
	if (rc->tag)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, (int)nl, NULL);
	if (ccm)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)rc->tag, NULL);
	cr_assert(EVP_EncryptInit_ex2(x, NULL, key, nonce, NULL) == 1);
	EVP_CIPHER_CTX_set_padding(x, 0);
	int l1 = 0, l2 = 0;
	if (ccm) /* CCM wants the plaintext length first */
		EVP_EncryptUpdate(x, NULL, &l1, NULL, (int)n);
	if (rc->tag)
		EVP_EncryptUpdate(x, NULL, &l1, aad, (int)aad_len);
	cr_assert(EVP_EncryptUpdate(x, ct, &l1, pt, (int)n) == 1);
	cr_assert(EVP_EncryptFinal_ex(x, ct + l1, &l2) == 1);
	if (rc->tag)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, (int)rc->tag, tag);
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	if (l)
		OSSL_PROVIDER_unload(l);
	OSSL_PROVIDER_unload(d);
	OSSL_LIB_CTX_free(lib);
	return (size_t)(l1 + l2);
}

Test(esp_crypto, every_cipher_against_openssl, .init = setup, .fini = teardown)
{
	static const RefCase cases[] = {
		{ ENC_3DES_CBC, "DES-EDE3-CBC", 24, 0, 8, 0 },
		{ ENC_AES_CBC, "AES-192-CBC", 24, 0, 16, 0 },
		{ ENC_AES_CBC, "AES-256-CBC", 32, 0, 16, 0 },
		{ ENC_AES_CTR, "AES-256-CTR", 32, 4, 8, 0 },
		{ ENC_DES_CBC, "DES-CBC", 8, 0, 8, 0 },
		{ ENC_BLOWFISH_CBC, "BF-CBC", 16, 0, 8, 0 },
		{ ENC_CAST5_CBC, "CAST5-CBC", 16, 0, 8, 0 },
		{ ENC_AES_GCM_8, "AES-128-GCM", 16, 4, 8, 8 },
		{ ENC_AES_GCM_12, "AES-192-GCM", 24, 4, 8, 12 },
		{ ENC_AES_GCM_16, "AES-256-GCM", 32, 4, 8, 16 },
		{ ENC_CHACHA20_POLY1305, "ChaCha20-Poly1305", 32, 4, 8, 16 },
		{ ENC_AES_CCM_8, "AES-128-CCM", 16, 3, 8, 8 },
		{ ENC_AES_CCM_12, "AES-192-CCM", 24, 3, 8, 12 },
		{ ENC_AES_CCM_16, "AES-256-CCM", 32, 3, 8, 16 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const RefCase *rc = &cases[i];
		uint8_t key[40], iv[16], pt[48], ct[64], tag[16], pkt[160], out[160];
		for (unsigned j = 0; j < sizeof(key); j++)
			key[j] = (uint8_t)(j * 7 + i);
		for (unsigned j = 0; j < sizeof(iv); j++)
			iv[j] = (uint8_t)(0xa0 + j);
		for (unsigned j = 0; j < 46; j++)
			pt[j] = (uint8_t)j;
		pt[46] = 0; /* pad length */
		pt[47] = 4; /* next header */
		uint8_t aad[8] = { 0, 0, 0x12, 0x34, 0, 0, 0, 1 };
		size_t cl = ref_encrypt(rc, key, iv, pt, 48, aad, 8, ct, tag);
		cr_assert_eq(cl, 48);
		char err[160];
		EspXform *x = esp_xform_new(ec, rc->enc, key, rc->key_len + rc->salt, AUTH_NULL, NULL, 0, err, sizeof(err));
		if (!x && (rc->enc == ENC_DES_CBC || rc->enc == ENC_BLOWFISH_CBC || rc->enc == ENC_CAST5_CBC)) {
			cr_assert(strstr(err, "legacy") != NULL, "%s", err); /* reported clearly */
			continue;
		}
		cr_assert_not_null(x, "%s: %s", esp_enc_info(rc->enc)->name, err);
		size_t n = esp_packet(pkt, iv, rc->iv_len, ct, 48, tag, rc->tag);
		EspDecryptResult r;
		esp_decrypt(x, pkt, n, false, 0, out, &r);
		cr_assert_eq(r.status, ESPD_OK, "%s", esp_enc_info(rc->enc)->name);
		cr_assert(memcmp(out, pt, 48) == 0, "%s: plaintext", esp_enc_info(rc->enc)->name);
		cr_assert_eq(r.icv, rc->tag ? ICV_GOOD : ICV_UNCHECKED, "%s", esp_enc_info(rc->enc)->name);
		if (rc->tag) {
			pkt[9] ^= 1; /* a flipped bit fails the tag */
			esp_decrypt(x, pkt, n, false, 0, out, &r);
			cr_assert_eq(r.icv, ICV_BAD, "%s: tampered", esp_enc_info(rc->enc)->name);
			pkt[9] ^= 1;
			/* with ESN the AAD is SPI | seq hi | seq: another tag */
			esp_decrypt(x, pkt, n, true, 0, out, &r);
			cr_assert_eq(r.icv, ICV_BAD);
		}
		esp_xform_free(x);
	}
}

/* AES-CCM (RFC 4309).  RFC 4309 has no test vectors of its own; these
 * were computed outside ikescope (Python's cryptography AESCCM, nonce =
 * salt cafeba | IV a0..a7, AAD = SPI 0x1234 | sequence 1) and are checked
 * again below against OpenSSL's EVP CCM driven directly. */
Test(esp_crypto, aes_ccm_rfc4309_known_answers, .init = setup, .fini = teardown)
{
	static const struct {
		EspEncAlg enc;
		size_t key_len, tag;
		const char *ct_tag;
	} v[] = {
		{ ENC_AES_CCM_8, 16, 8, "3510c70bf3f65dea1a5c52b22cb91813a3ca25761a4153389211c932" },
		{ ENC_AES_CCM_12, 16, 12, "3510c70bf3f65dea1a5c52b22cb91813a3ca25763ba9a6a989ac312a9c8b0eb0" },
		{ ENC_AES_CCM_16, 16, 16, "3510c70bf3f65dea1a5c52b22cb91813a3ca25769fe64501b5fccf6f925e18bbe031ac7b" },
		{ ENC_AES_CCM_16, 32, 16, "d534e5dde6c5f4df7469c9447374c0c002a99a58b8420b30e1cbaffbcd14b9c5310e4c5c" },
	};
	const uint8_t want[20] = { 'S', 'i', 'n', 'g', 'l', 'e', ' ', 'b', 'l', 'o',
				   'c', 'k', ' ', 'm', 's', 'g', 1,   2,   2,   4 };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t key[40], iv[8], ct[40], pkt[96], out[96];
		for (unsigned j = 0; j < v[i].key_len; j++)
			key[j] = (uint8_t)j;
		key[v[i].key_len] = 0xca;
		key[v[i].key_len + 1] = 0xfe;
		key[v[i].key_len + 2] = 0xba;
		for (unsigned j = 0; j < 8; j++)
			iv[j] = (uint8_t)(0xa0 + j);
		size_t cl = unhex(v[i].ct_tag, ct);
		cr_assert_eq(cl, 20 + v[i].tag);
		char err[160];
		EspXform *x = esp_xform_new(ec, v[i].enc, key, v[i].key_len + 3, AUTH_NULL, NULL, 0, err, sizeof(err));
		cr_assert_not_null(x, "%s", err);
		cr_assert_eq(esp_xform_icv_len(x), v[i].tag);
		cr_assert_eq(esp_xform_iv_len(x), 8);
		size_t n = esp_packet(pkt, iv, 8, ct, 20, ct + 20, v[i].tag);
		EspDecryptResult r;
		esp_decrypt(x, pkt, n, false, 0, out, &r);
		cr_assert_eq(r.status, ESPD_OK, "case %zu", i);
		cr_assert_eq(r.icv, ICV_GOOD, "case %zu", i);
		cr_assert_eq(r.pt_len, 20);
		cr_assert(memcmp(out, want, 20) == 0, "case %zu: plaintext", i);
		/* a flipped ciphertext bit: the tag fails, and the plaintext
		 * (with that bit flipped) is still given, as for GCM */
		pkt[16] ^= 0x01;
		memset(out, 0, sizeof(out));
		esp_decrypt(x, pkt, n, false, 0, out, &r);
		cr_assert_eq(r.status, ESPD_OK);
		cr_assert_eq(r.icv, ICV_BAD, "case %zu: tampered", i);
		cr_assert_eq(out[0], 'S' ^ 0x01);
		cr_assert(memcmp(out + 1, want + 1, 19) == 0, "case %zu: unauthenticated plaintext", i);
		pkt[16] ^= 0x01;
		/* the next packet decrypts again (no state left from the failure) */
		esp_decrypt(x, pkt, n, false, 0, out, &r);
		cr_assert_eq(r.icv, ICV_GOOD);
		/* with ESN the AAD is SPI | seq hi | seq: another tag */
		esp_decrypt(x, pkt, n, true, 0, out, &r);
		cr_assert_eq(r.icv, ICV_BAD);
		esp_xform_free(x);
	}
	char err[160];
	uint8_t k[40] = { 0 };
	cr_assert_null(esp_xform_new(ec, ENC_AES_CCM_8, k, 16, AUTH_NULL, NULL, 0, err, sizeof(err)));
	cr_assert(strstr(err, "19/27/35 bytes") && strstr(err, "has 16"), "%s", err);
	cr_assert_eq(esp_enc_by_name("AES-CCM with 12 octet ICV [RFC4309]"), ENC_AES_CCM_12);
	cr_assert_eq(esp_enc_by_name("aes_ccm_16"), ENC_AES_CCM_16);
}

Test(esp_crypto, hmac_icv_verified_in_packets_with_esn, .init = setup, .fini = teardown)
{
	uint8_t akey[20], pkt[128], out[128], mac[64];
	memset(akey, 0x0b, sizeof(akey));
	char err[160];
	EspXform *x = esp_xform_new(ec, ENC_NULL, NULL, 0, AUTH_HMAC_SHA1_96, akey, 20, err, sizeof(err));
	cr_assert_not_null(x, "%s", err);
	uint8_t body[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 59 };
	size_t n = esp_packet(pkt, NULL, 0, body, 12, NULL, 0);
	uint8_t hi[4] = { 0, 0, 0, 5 };
	esp_xform_mac(x, pkt, n, hi, 4, mac);
	memcpy(pkt + n, mac, 12);
	EspDecryptResult r;
	esp_decrypt(x, pkt, n + 12, true, 5, out, &r);
	cr_assert_eq(r.icv, ICV_GOOD);
	esp_decrypt(x, pkt, n + 12, false, 0, out, &r);
	cr_assert_eq(r.icv, ICV_BAD); /* the high half is authenticated */
	esp_xform_free(x);
}

Test(esp_crypto, bad_keys_explained, .init = setup, .fini = teardown)
{
	char err[160];
	uint8_t k[64] = { 0 };
	cr_assert_null(esp_xform_new(ec, ENC_AES_CBC, k, 20, AUTH_NULL, NULL, 0, err, sizeof(err)));
	cr_assert(strstr(err, "16/24/32 bytes") && strstr(err, "has 20"), "%s", err);
	cr_assert_null(esp_xform_new(ec, ENC_AES_GCM_16, k, 20, AUTH_HMAC_SHA1_96, k, 20, err, sizeof(err)));
	cr_assert(strstr(err, "AEAD"), "%s", err);
	cr_assert_null(esp_xform_new(ec, ENC_TWOFISH_CBC, k, 16, AUTH_NULL, NULL, 0, err, sizeof(err)));
	cr_assert(strstr(err, "Twofish"), "%s", err);
	cr_assert_null(esp_xform_new(ec, ENC_AES_CBC, k, 16, AUTH_AES_XCBC_96, k, 20, err, sizeof(err)));
	cr_assert_eq(esp_enc_by_name("AES-CBC [RFC3602]"), ENC_AES_CBC);
	cr_assert_eq(esp_enc_by_name("cbc(des3_ede)"), ENC_3DES_CBC);
	cr_assert_eq(esp_auth_by_name("HMAC-SHA-256-128 [RFC4868]"), AUTH_HMAC_SHA256_128);
	cr_assert_eq(esp_auth_by_name("HMAC_SHA2_256_128"), AUTH_HMAC_SHA256_128);
	cr_assert_eq(esp_enc_by_name("rot13"), ENC_UNKNOWN);
}

/* ---- keyring ---------------------------------------------------------- */

static int load(Keyring *kr, const char *name, const char *text)
{
	GError *e = NULL;
	int n = keyring_load_text(kr, name, text, strlen(text), &e);
	if (e)
		g_error_free(e);
	return n;
}

static bool has_problem(const Keyring *kr, const char *s)
{
	const GPtrArray *p = keyring_problems(kr);
	for (guint i = 0; i < p->len; i++)
		if (strstr(g_ptr_array_index(p, i), s))
			return true;
	return false;
}

Test(keyring, esp_sa_lines_and_problems)
{
	Keyring *kr = keyring_new();
	int n = load(kr, "esp_sa",
		     "# comment\n"
		     "\"IPv4\",\"*\",\"*\",\"0xc7eb8232\",\"AES-CBC [RFC3602]\",\"0x3c59072a62591cc7145ca210b1904e546aca8e5f208b7da3591c62c471cea5ad\",\"HMAC-SHA-1-96 [RFC2404]\",\"0xcc65697ce74eb2de6bbcf1e813a55246b4864c7d\"\n"
		     "\"IPv4\",\"*\",\"*\",\"0x1\",\"AES-CBC [RFC3602]\",\"0x1234\",\"NULL\",\"\"\n"
		     "\"IPv4\",\"10.0.0.1\",\"10.0.0.2\",\"0x2\",\"Rot13\",\"0x\",\"NULL\",\"\"\n"
		     "\"IPv4\",\"10.0.0.1\",\"10.0.0.2\",\"*\",\"NULL\",\"\",\"HMAC-MD5-96 [RFC2403]\",\"0x00112233445566778899aabbccddeeff\"\n");
	cr_assert_eq(n, 2);
	cr_assert_eq(keyring_n_sas(kr), 2);
	cr_assert(has_problem(kr, "esp_sa:3: SPI 0x00000001: aes-cbc wants a key of 16/24/32 bytes, this one has 2"));
	cr_assert(has_problem(kr, "esp_sa:4: esp_sa: unknown encryption algorithm 'Rot13'"));
	EspSa *sa = keyring_find(kr, false, 0xc7eb8232, 0, NULL, NULL);
	cr_assert_not_null(sa);
	cr_assert_eq(sa->enc, ENC_AES_CBC);
	cr_assert_eq(sa->ekey_len, 32);
	/* "*" SPI: found by address only */
	uint8_t a[16] = { 10, 0, 0, 1 }, b[16] = { 10, 0, 0, 2 }, c[16] = { 10, 0, 0, 3 };
	cr_assert_not_null(keyring_find(kr, false, 0x99, 4, a, b));
	cr_assert_null(keyring_find(kr, false, 0x99, 4, a, c));
	keyring_free(kr);
}

Test(keyring, spi_lookup_prefers_addresses_but_survives_nat)
{
	Keyring *kr = keyring_new();
	load(kr, "t",
	     "\"IPv4\",\"198.51.100.10\",\"203.0.113.20\",\"0x10\",\"NULL\",\"\",\"NULL\",\"\"\n"
	     "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x10\",\"AES-CBC [RFC3602]\",\"0x00112233445566778899aabbccddeeff\",\"NULL\",\"\"\n");
	uint8_t s1[16] = { 192, 0, 2, 1 }, d1[16] = { 192, 0, 2, 2 }, s2[16] = { 203, 0, 113, 1 },
		d2[16] = { 203, 0, 113, 20 };
	EspSa *sa = keyring_find(kr, false, 0x10, 4, s1, d1);
	cr_assert_eq(sa->enc, ENC_AES_CBC);
	/* behind NAT no address fits: still the SPI's SAs, in load order */
	sa = keyring_find(kr, false, 0x10, 4, s2, d2);
	cr_assert_not_null(sa);
	cr_assert_eq(sa->enc, ENC_NULL);
	cr_assert_not_null(keyring_find_next(kr, sa, false, 0x10, 4, s2, d2));
	cr_assert_null(keyring_find(kr, true, 0x10, 4, s2, d2)); /* not an AH SA */
	keyring_free(kr);
}

Test(keyring, thousands_of_sas)
{
	Keyring *kr = keyring_new();
	GString *t = g_string_new(NULL);
	for (unsigned i = 0; i < 5000; i++)
		g_string_append_printf(t, "\"IPv4\",\"*\",\"*\",\"0x%08x\",\"NULL\",\"\",\"NULL\",\"\"\n", 0x1000 + i);
	cr_assert_eq(load(kr, "big", t->str), 5000);
	g_string_free(t, TRUE);
	for (unsigned i = 0; i < 5000; i += 97)
		cr_assert_eq(keyring_find(kr, false, 0x1000 + i, 0, NULL, NULL)->spi, 0x1000 + i);
	cr_assert_null(keyring_find(kr, false, 0x999999, 0, NULL, NULL));
	keyring_free(kr);
}

Test(keyring, xfrm_state_text)
{
	Keyring *kr = keyring_new();
	int n = load(kr, "xfrm",
		     "# header\n"
		     "src 198.51.100.10 dst 203.0.113.20\n"
		     "\tproto esp spi 0xc7eb8232(3354100274) reqid 1(0x00000001) mode transport\n"
		     "\treplay-window 0 seq 0x00000000 flag  (0x00000000)\n"
		     "\tauth-trunc hmac(sha1) 0xcc65697ce74eb2de6bbcf1e813a55246b4864c7d (160 bits) 96\n"
		     "\tenc cbc(aes) 0x3c59072a62591cc7145ca210b1904e546aca8e5f208b7da3591c62c471cea5ad (256 bits)\n"
		     "\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n"
		     "src 203.0.113.20 dst 198.51.100.10\n"
		     "\tproto esp spi 0x00000042 reqid 1 mode tunnel\n"
		     "\treplay-window 32 flag af-unspec esn\n"
		     "\taead rfc4106(gcm(aes)) 0x00112233445566778899aabbccddeeff01020304 128\n"
		     "src 203.0.113.20 dst 198.51.100.10\n"
		     "\tproto esp spi 0x00000043 reqid 1 mode tunnel\n"
		     "\tauth-trunc hmac(whirlpool) 0x0011 96\n"
		     "\tenc cbc(aes) 0x00112233445566778899aabbccddeeff\n"
		     "src 203.0.113.20 dst 198.51.100.10\n"
		     "\tproto esp spi 0x00000044 reqid 2 mode tunnel\n"
		     "\taead rfc4309(ccm(aes)) 0x00112233445566778899aabbccddeeff010203 96\n");
	cr_assert_eq(n, 3);
	EspSa *sa = keyring_find(kr, false, 0xc7eb8232, 0, NULL, NULL);
	cr_assert_eq(sa->auth, AUTH_HMAC_SHA1_96);
	cr_assert(sa->encap);
	cr_assert_eq(sa->af, 4);
	sa = keyring_find(kr, false, 0x42, 0, NULL, NULL);
	cr_assert_eq(sa->enc, ENC_AES_GCM_16);
	cr_assert(sa->esn);
	cr_assert(has_problem(kr, "xfrm:14: xfrm: unsupported integrity algorithm 'hmac(whirlpool)'"));
	sa = keyring_find(kr, false, 0x44, 0, NULL, NULL);
	cr_assert_eq(sa->enc, ENC_AES_CCM_12);
	cr_assert_eq(sa->ekey_len, 19);
	cr_assert_not_null(keyring_sa_xform(kr, sa));
	/* Wireshark's esp_sa cannot say AES-CCM: a comment, not a row that
	 * would stop Wireshark loading the table */
	char *e, *v1, *v2;
	keyring_export_wireshark(kr, &e, &v1, &v2);
	cr_assert(strstr(e, "# SPI 0x00000044 203.0.113.20 -> 198.51.100.10: aes-ccm-12 has no Wireshark") != NULL, "%s",
		  e);
	cr_assert(strstr(e, "\"0x00000042\",\"AES-GCM with 16 octet ICV [RFC4106]\"") != NULL, "%s", e);
	g_free(e);
	g_free(v1);
	g_free(v2);
	keyring_free(kr);
}

Test(keyring, tcpdump_secrets)
{
	Keyring *kr = keyring_new();
	int n = load(kr, "secrets",
		     "# a comment\n"
		     "0x12345678@192.1.2.45 3des-cbc-hmac96:0x4043434545464649494a4a4c4c4f4f515152525454575758\n"
		     "0xd1234567@192.1.2.45 aes256-cbc-hmac96:0xaaaabbbbccccdddd4043434545464649494a4a4c4c4f4f515152525454575758,0x1@192.1.2.45 aes128-cbc:0xaaaabbbbccccdddd4043434545464649\n"
		     "ikev2 I 0x0001020304050607 0xc02e7a3031a03188 sha1:0x4ea8e662b07cdd430f6944c6723e4b82d5722418 aes128:0x3f44bf47cafd8150591deb088199fcbf\n"
		     "ikev2 R 0x0001020304050607 0xc02e7a3031a03188 sha1:0x515b0bd22e6d76b34fdb760aa7bfad80b109b75d aes128:0xbedb67ec7dc3d00cccac42e70cd63bde\n"
		     "file other.txt\n");
	cr_assert_eq(n, 5);
	cr_assert_eq(keyring_n_sas(kr), 3);
	EspSa *sa = keyring_find(kr, false, 0x12345678, 0, NULL, NULL);
	cr_assert_eq(sa->enc, ENC_3DES_CBC);
	cr_assert_eq(sa->auth, AUTH_ANY_96);
	cr_assert_eq(keyring_n_ikev2(kr), 1);
	const IkeV2Keys *k = keyring_ikev2_at(kr, 0);
	cr_assert_eq(k->sk_ai_len, 20);
	cr_assert_eq(k->sk_ar_len, 20);
	cr_assert_str_eq(k->enc, "AES-CBC-128 [RFC3602]");
	cr_assert_str_eq(k->integ, "HMAC_SHA1_96 [RFC2404]");
	cr_assert(has_problem(kr, "secrets:6: tcpdump 'file' lines"));
	keyring_free(kr);
}

Test(keyring, ike_tables_and_export)
{
	Keyring *kr = keyring_new();
	load(kr, "v1", "ce48b507db49cb57,cb66408cf3566cbf935cf9ab4e47882c01a22d176d69be6e73f935afb0cc3a95\nzz,11\n");
	load(kr, "v2",
	     "350f51ca94ead8a7,003d9bccac54460f,bcb1ff44475c7daa6d762b62217eb51aac07bf1f980642a7c4a8ecf61122e5da,f34567238e5531ce012948aeecd35f184c88e090584eec97af3fba2ab560293f,\"AES-CBC-256 [RFC3602]\",48a56333dff2d77752e8fa1eaf6dabed937cced67bfbc096c49f63f3addd369e,1e7de3d2b7b8e9990f19c77326648f4304904c0d312715bc93bb489cd2e68de6,\"HMAC_SHA2_256_128 [RFC4868]\"\n");
	cr_assert_eq(keyring_n_ikev1(kr), 1);
	cr_assert_eq(keyring_n_ikev2(kr), 1);
	uint8_t ck[8] = { 0xce, 0x48, 0xb5, 0x07, 0xdb, 0x49, 0xcb, 0x57 };
	cr_assert_not_null(keyring_find_ikev1(kr, ck));
	cr_assert(has_problem(kr, "v1:2:"));
	load(kr, "esp", "\"IPv4\",\"*\",\"*\",\"0x10\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"0x00112233445566778899aabbccddeeff01020304\",\"NULL\",\"\"\n");
	char *e, *v1, *v2;
	keyring_export_wireshark(kr, &e, &v1, &v2);
	cr_assert_str_eq(e, "\"IPv4\",\"*\",\"*\",\"0x00000010\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"0x00112233445566778899aabbccddeeff01020304\",\"NULL\",\"\"\n");
	cr_assert_str_eq(v1, "ce48b507db49cb57,cb66408cf3566cbf935cf9ab4e47882c01a22d176d69be6e73f935afb0cc3a95\n");
	cr_assert(g_str_has_prefix(v2, "350f51ca94ead8a7,003d9bccac54460f,bcb1"));
	/* what was exported loads back to the same keys */
	Keyring *again = keyring_new();
	cr_assert_eq(load(again, "e", e), 1);
	cr_assert_eq(load(again, "v1", v1), 1);
	cr_assert_eq(load(again, "v2", v2), 1);
	g_free(e);
	g_free(v1);
	g_free(v2);
	keyring_free(again);
	keyring_free(kr);
}

Test(keyring, unknown_format_is_an_error)
{
	Keyring *kr = keyring_new();
	GError *e = NULL;
	const char *t = "hello world\nthis is not a key file\n";
	cr_assert_eq(keyring_load_text(kr, "junk", t, strlen(t), &e), -1);
	cr_assert_not_null(e);
	cr_assert(strstr(e->message, "junk: not a key file"));
	g_error_free(e);
	keyring_free(kr);
}

Test(keyring, sequence_analysis)
{
	EspSaStats st;
	memset(&st, 0, sizeof(st));
	uint32_t exp;
	uint64_t prev;
	cr_assert_eq(esp_seq_update(&st, 1, 1, &exp, &prev), SEQ_FIRST);
	cr_assert_eq(esp_seq_update(&st, 2, 2, &exp, &prev), SEQ_NEXT);
	cr_assert_eq(esp_seq_update(&st, 5, 3, &exp, &prev), SEQ_GAP);
	cr_assert_eq(exp, 3);
	cr_assert_eq(prev, 2);
	cr_assert_eq(esp_seq_update(&st, 4, 4, &exp, &prev), SEQ_REORDER);
	cr_assert_eq(esp_seq_update(&st, 4, 5, &exp, &prev), SEQ_REPLAY);
	cr_assert_eq(esp_seq_update(&st, 6, 6, &exp, &prev), SEQ_NEXT);
	cr_assert_eq(st.seq_gaps, 1);
	cr_assert_eq(st.seq_lost, 1); /* 3 never came, 4 did */
	cr_assert_eq(st.seq_replays, 1);
	cr_assert_eq(st.seq_reordered, 1);
	cr_assert_eq(st.packets, 6);
}

/* ---- through the dissector -------------------------------------------- */

/* raw IPv4 192.0.2.1 -> 192.0.2.2, ESP SPI 0x1234 seq 1, AES-128-CBC with
 * HMAC-SHA1-96, carrying UDP 1701 -> 1701 "hi" (transport mode) */
static size_t build_esp_pad(uint8_t *f, const uint8_t *ekey, const uint8_t *akey, bool break_icv, bool bad_pad)
{
	uint8_t pt[32] = { 0x06, 0xa5, 0x06, 0xa5, 0x00, 0x0a, 0x00, 0x00, 'h', 'i' };
	/* 10 bytes of UDP, then padding 1..4, pad length 4, next header 17 */
	for (unsigned i = 0; i < 4; i++)
		pt[10 + i] = (uint8_t)(i + 1);
	if (bad_pad)
		pt[12] = 9; /* RFC 4303 2.4: the padding bytes are 1, 2, 3... */
	pt[14] = 4;
	pt[15] = 17;
	uint8_t iv[16];
	for (unsigned i = 0; i < 16; i++)
		iv[i] = (uint8_t)(0x30 + i);
	static const RefCase rc = { ENC_AES_CBC, "AES-128-CBC", 16, 0, 16, 0 };
	uint8_t ct[32];
	ref_encrypt(&rc, ekey, iv, pt, 16, NULL, 0, ct, NULL);
	size_t esp_len = 8 + 16 + 16 + 12;
	uint8_t ip[20] = { 0x45, 0, 0, (uint8_t)(20 + esp_len), 0, 1, 0, 0, 64, 50, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2 };
	memcpy(f, ip, 20);
	uint8_t *e = f + 20;
	esp_packet(e, iv, 16, ct, 16, NULL, 0);
	EspCrypto *c = esp_crypto_new();
	char err[160];
	EspXform *x = esp_xform_new(c, ENC_NULL, NULL, 0, AUTH_HMAC_SHA1_96, akey, 20, err, sizeof(err));
	uint8_t mac[64];
	esp_xform_mac(x, e, 40, NULL, 0, mac);
	memcpy(e + 40, mac, 12);
	if (break_icv)
		e[45] ^= 0x80;
	esp_xform_free(x);
	esp_crypto_free(c);
	return 20 + esp_len;
}

static size_t build_esp(uint8_t *f, const uint8_t *ekey, const uint8_t *akey, bool break_icv)
{
	return build_esp_pad(f, ekey, akey, break_icv, false);
}

static const char *esp_sa_line =
	"\"IPv4\",\"*\",\"*\",\"0x00001234\",\"AES-CBC [RFC3602]\",\"0x000102030405060708090a0b0c0d0e0f\","
	"\"HMAC-SHA-1-96 [RFC2404]\",\"0x0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b\"\n";

static TestPacket *dissect_keyed(Keyring *kr, const uint8_t *f, size_t n)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, f, n, 0);
	dissect_ctx_set_keyring(tp->ctx, kr);
	t_dissect_more(tp, T_DLT_RAW, f, n, 0);
	return tp;
}

Test(esp_dissect, decrypts_verifies_and_dissects_the_inner_udp)
{
	uint8_t ek[16], ak[20], f[128];
	for (unsigned i = 0; i < 16; i++)
		ek[i] = (uint8_t)i;
	memset(ak, 0x0b, 20);
	size_t n = build_esp(f, ek, ak, false);
	Keyring *kr = keyring_new();
	load(kr, "k", esp_sa_line);
	TestPacket *tp = dissect_keyed(kr, f, n);
	cr_assert_str_eq(t_field(tp, "esp.spi"), "0x00001234");
	cr_assert_str_eq(t_field(tp, "esp.icv_good"), "1");
	cr_assert_str_eq(t_field(tp, "esp.icv_bad"), "0");
	cr_assert_str_eq(t_field(tp, "esp.pad_len"), "4");
	cr_assert_str_eq(t_field(tp, "esp.pad"), "01020304");
	cr_assert_str_eq(t_field(tp, "esp.protocol"), "0x11");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "1701");
	cr_assert(tp->pkt.sum.esp.decrypted);
	cr_assert_eq(tp->pkt.sum.esp.icv, ICV_GOOD);
	cr_assert_eq(tp->pkt.sum.esp.next_header, 17);
	cr_assert_not_null(tp->pkt.sources[SRC_DECRYPTED].data);
	const TreeNode *u = t_find(tp, "udp.dstport", 0);
	cr_assert_eq(u->src, SRC_DECRYPTED);
	cr_assert(!t_has_event(tp, EV_ESP_ICV_BAD));
	t_free(tp);
	keyring_free(kr);
}

Test(esp_dissect, aes_ccm_from_xfrm_state_decrypts_and_dissects)
{
	/* UDP to 1701 in transport mode, AES-CCM-16 (RFC 4309), key and
	 * salt as `ip xfrm state` prints them */
	uint8_t key[19], iv[8], ct[32], tag[16], f[128];
	for (unsigned i = 0; i < 19; i++)
		key[i] = (uint8_t)(0x40 + i);
	for (unsigned i = 0; i < 8; i++)
		iv[i] = (uint8_t)(0x90 + i);
	uint8_t pt[16] = { 0x06, 0xa5, 0x06, 0xa5, 0x00, 0x0a, 0x00, 0x00, 'h', 'i', 1, 2, 3, 4, 4, 17 };
	uint8_t aad[8] = { 0, 0, 0x12, 0x34, 0, 0, 0, 1 };
	static const RefCase rc = { ENC_AES_CCM_16, "AES-128-CCM", 16, 3, 8, 16 };
	cr_assert_eq(ref_encrypt(&rc, key, iv, pt, 16, aad, 8, ct, tag), 16);
	size_t esp_len = 8 + 8 + 16 + 16;
	uint8_t ip[20] = { 0x45, 0, 0, (uint8_t)(20 + esp_len), 0, 1, 0, 0, 64, 50, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2 };
	memcpy(f, ip, 20);
	esp_packet(f + 20, iv, 8, ct, 16, tag, 16);
	char text[400], hex[40];
	for (unsigned i = 0; i < 19; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	snprintf(text, sizeof(text),
		 "src 192.0.2.1 dst 192.0.2.2\n\tproto esp spi 0x00001234 reqid 1 mode transport\n"
		 "\taead rfc4309(ccm(aes)) 0x%s 128\n",
		 hex);
	Keyring *kr = keyring_new();
	cr_assert_eq(load(kr, "xfrm", text), 1);
	TestPacket *tp = dissect_keyed(kr, f, 20 + esp_len);
	cr_assert_str_eq(t_field(tp, "esp.icv_good"), "1");
	cr_assert_str_eq(t_field(tp, "esp.pad_len"), "4");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "1701");
	cr_assert_not(tp->pkt.sum.esp.key_problem);
	t_free(tp);
	/* a tampered tag: ICV bad, reported */
	f[20 + esp_len - 1] ^= 1;
	tp = dissect_keyed(kr, f, 20 + esp_len);
	cr_assert_str_eq(t_field(tp, "esp.icv_bad"), "1");
	cr_assert(t_has_event(tp, EV_ESP_ICV_BAD));
	t_free(tp);
	keyring_free(kr);
}

Test(esp_dissect, bad_padding_under_a_good_icv_is_flagged)
{
	uint8_t ek[16], ak[20], f[128];
	for (unsigned i = 0; i < 16; i++)
		ek[i] = (uint8_t)i;
	memset(ak, 0x0b, 20);
	size_t n = build_esp_pad(f, ek, ak, false, true);
	Keyring *kr = keyring_new();
	load(kr, "k", esp_sa_line);
	TestPacket *tp = dissect_keyed(kr, f, n);
	cr_assert_str_eq(t_field(tp, "esp.icv_good"), "1");
	cr_assert(tp->pkt.sum.esp.decrypted);
	cr_assert(tp->pkt.sum.esp.pad_bad);
	cr_assert(t_has_event(tp, EV_ESP_PAD_BAD));
	cr_assert(!t_has_event(tp, EV_ESP_GARBAGE)); /* the ICV vouches for the key */
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "1701");
	cr_assert_eq(keyring_find(kr, false, 0x1234, 0, NULL, NULL)->st.pad_bad, 1);
	t_free(tp);
	/* the same packet with good padding: nothing flagged */
	n = build_esp(f, ek, ak, false);
	tp = dissect_keyed(kr, f, n);
	cr_assert_not(tp->pkt.sum.esp.pad_bad);
	cr_assert(!t_has_event(tp, EV_ESP_PAD_BAD));
	t_free(tp);
	keyring_free(kr);
}

Test(esp_dissect, a_bad_icv_is_reported_per_packet_and_per_sa)
{
	uint8_t ek[16], ak[20], f[128];
	for (unsigned i = 0; i < 16; i++)
		ek[i] = (uint8_t)i;
	memset(ak, 0x0b, 20);
	size_t n = build_esp(f, ek, ak, true);
	Keyring *kr = keyring_new();
	load(kr, "k", esp_sa_line);
	TestPacket *tp = dissect_keyed(kr, f, n);
	cr_assert_str_eq(t_field(tp, "esp.icv_bad"), "1");
	cr_assert(t_has_event(tp, EV_ESP_ICV_BAD));
	cr_assert_eq(tp->pkt.sum.esp.icv, ICV_BAD);
	char *r = keyring_sa_report(kr);
	cr_assert(strstr(r, "ESP SA 0x00001234 (k:1): the ICV fails on every one of 1 packets"), "%s", r);
	g_free(r);
	t_free(tp);
	keyring_free(kr);
}

Test(esp_dissect, wrong_encryption_key_is_garbage)
{
	uint8_t ek[16], ak[20], f[128];
	memset(ek, 0x55, 16);
	memset(ak, 0x0b, 20);
	size_t n = build_esp(f, ek, ak, false);
	Keyring *kr = keyring_new();
	load(kr, "k", esp_sa_line);
	TestPacket *tp = dissect_keyed(kr, f, n);
	cr_assert_str_eq(t_field(tp, "esp.icv_good"), "1"); /* right integrity key */
	cr_assert(t_has_event(tp, EV_ESP_GARBAGE) || t_has_event(tp, EV_ESP_PAD_BAD));
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "");
	t_free(tp);
	keyring_free(kr);
}

Test(esp_dissect, no_key_no_decryption_and_every_prefix_is_safe)
{
	uint8_t ek[16], ak[20], f[128];
	for (unsigned i = 0; i < 16; i++)
		ek[i] = (uint8_t)i;
	memset(ak, 0x0b, 20);
	size_t n = build_esp(f, ek, ak, false);
	Keyring *kr = keyring_new();
	load(kr, "k", "\"IPv4\",\"*\",\"*\",\"0x00009999\",\"NULL\",\"\",\"NULL\",\"\"\n");
	TestPacket *tp = dissect_keyed(kr, f, n);
	cr_assert_str_eq(t_field(tp, "esp.spi"), "0x00001234");
	cr_assert_str_eq(t_field(tp, "esp.icv"), "");
	cr_assert(!tp->pkt.sum.esp.have_key);
	t_free(tp);
	keyring_free(kr);
	/* every cut of the keyed packet, decrypting where possible */
	kr = keyring_new();
	load(kr, "k", esp_sa_line);
	for (size_t cut = 0; cut <= n; cut++) {
		tp = dissect_keyed(kr, f, cut);
		t_free(tp);
		tp = t_dissect(T_DLT_RAW, f, cut, n);
		dissect_ctx_set_keyring(tp->ctx, kr);
		t_dissect_more(tp, T_DLT_RAW, f, cut, n);
		cr_assert(cut == n || (tp->pkt.err & CUR_TRUNCATED));
		t_free(tp);
	}
	keyring_free(kr);
}

Test(esp_dissect, sequence_gap_flagged_like_tshark)
{
	uint8_t f[128];
	uint8_t ek[16] = { 0 }, ak[20] = { 0 };
	size_t n = build_esp(f, ek, ak, false);
	TestPacket *tp = t_dissect(T_DLT_RAW, f, n, 0);
	f[27] = 3; /* sequence 1 -> 3 */
	t_dissect_more(tp, T_DLT_RAW, f, n, 0);
	cr_assert_str_eq(t_field(tp, "esp.sequence-analysis.expected-sn"), "2");
	cr_assert_neq(t_field(tp, "esp.sequence-analysis.previous-frame")[0], '\0');
	cr_assert(t_has_event(tp, EV_ESP_SEQ_WRONG));
	cr_assert_eq(tp->pkt.sum.esp.seq_status, SEQ_GAP);
	t_free(tp);
}

/* The per-SPI sequence tracker: a cached SPI forgotten by the cap must not
 * come back through the lookup cache (its statistics start again), and
 * SPIs sharing a cache slot keep their own statistics. */
Test(esp_track, cap_eviction_and_cache)
{
	EspTrack *t = esp_track_new(2);
	EspSaStats *a = esp_track_get(t, false, 0x1001, NULL);
	a->packets = 5;
	a->last_frame = 1;
	EspSaStats *b = esp_track_get(t, false, 0x1002, NULL);
	b->packets = 7;
	b->last_frame = 2;
	cr_assert_eq(esp_track_get(t, false, 0x1001, NULL)->packets, 5);
	cr_assert_eq(esp_track_get(t, true, 0x1001, NULL)->packets, 0, "AH and ESP SPIs are apart");
	cr_assert_eq(esp_track_evicted(t), 1);
	/* 0x1001 (ESP, oldest last frame) was forgotten for the AH one */
	cr_assert_eq(esp_track_get(t, false, 0x1001, NULL)->packets, 0);
	cr_assert_eq(esp_track_evicted(t), 2);
	esp_track_free(t);

	/* many SPIs, more than the cache has slots: each keeps its count */
	t = esp_track_new(4096);
	for (uint32_t round = 0; round < 3; round++)
		for (uint32_t spi = 1; spi <= 1000; spi++)
			esp_track_get(t, false, spi * 2654435761u, NULL)->packets++;
	for (uint32_t spi = 1; spi <= 1000; spi++)
		cr_assert_eq(esp_track_get(t, false, spi * 2654435761u, NULL)->packets, 3, "spi %u", spi);
	cr_assert_eq(esp_track_evicted(t), 0);
	esp_track_free(t);
}
