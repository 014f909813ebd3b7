/*
 * esp_crypto.c - ESP/AH transforms with OpenSSL 3 (see esp_crypto.h).
 *
 * RFC 4303 (ESP), RFC 2451 (3DES/Blowfish/CAST), RFC 2405 (DES), RFC 3602
 * (AES-CBC), RFC 3686 (AES-CTR: 4-byte nonce from the key, 8-byte IV,
 * 32-bit block counter from 1), RFC 4106 (AES-GCM: 4-byte salt from the
 * key, 8-byte IV, AAD = SPI and sequence number(s)), RFC 7634
 * (ChaCha20-Poly1305, the same construction), RFC 4309 (AES-CCM: 3-byte salt
 * from the key, 8-byte IV, 11-byte nonce, the same AAD), RFC 2403/2404/4868 (HMAC
 * truncated to 96/128/192/256 bits), RFC 3566 (AES-XCBC-MAC-96), RFC 4304
 * (ESN: the high 32 bits are authenticated but not sent).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "esp_crypto.h"

/* ---- algorithm tables ----------------------------------------------- */

static const uint8_t keys_3des[] = { 24, 0 };
static const uint8_t keys_aes[] = { 16, 24, 32, 0 };
static const uint8_t keys_aes_salt[] = { 20, 28, 36, 0 };
static const uint8_t keys_des[] = { 8, 0 };
static const uint8_t keys_twofish[] = { 16, 24, 32, 0 };
static const uint8_t keys_chacha[] = { 36, 0 };
static const uint8_t keys_aes_ccm[] = { 19, 27, 35, 0 };
static const uint8_t keys_none[] = { 0 };

static const EspEncInfo enc_table[ENC__COUNT] = {
	[ENC_UNKNOWN] = { "unknown", "unknown", 1, 0, 0, 0, false, keys_none, 0, 0 },
	[ENC_NULL] = { "null", "NULL", 4, 0, 0, 0, false, NULL, 0, 0 },
	[ENC_3DES_CBC] = { "3des-cbc", "TripleDES-CBC [RFC2451]", 8, 8, 0, 0, false, keys_3des, 0, 0 },
	[ENC_AES_CBC] = { "aes-cbc", "AES-CBC [RFC3602]", 16, 16, 0, 0, false, keys_aes, 0, 0 },
	[ENC_AES_CTR] = { "aes-ctr", "AES-CTR [RFC3686]", 4, 8, 4, 0, false, keys_aes_salt, 0, 0 },
	[ENC_DES_CBC] = { "des-cbc", "DES-CBC [RFC2405]", 8, 8, 0, 0, false, keys_des, 0, 0 },
	[ENC_CAST5_CBC] = { "cast5-cbc", "CAST5-CBC [RFC2144]", 8, 8, 0, 0, false, NULL, 5, 16 },
	[ENC_BLOWFISH_CBC] = { "blowfish-cbc", "BLOWFISH-CBC [RFC2451]", 8, 8, 0, 0, false, NULL, 4, 56 },
	[ENC_TWOFISH_CBC] = { "twofish-cbc", "TWOFISH-CBC", 16, 16, 0, 0, false, keys_twofish, 0, 0 },
	[ENC_AES_GCM_8] = { "aes-gcm-8", "AES-GCM with 8 octet ICV [RFC4106]", 4, 8, 4, 8, true, keys_aes_salt, 0,
			    0 },
	[ENC_AES_GCM_12] = { "aes-gcm-12", "AES-GCM with 12 octet ICV [RFC4106]", 4, 8, 4, 12, true, keys_aes_salt,
			     0, 0 },
	[ENC_AES_GCM_16] = { "aes-gcm-16", "AES-GCM with 16 octet ICV [RFC4106]", 4, 8, 4, 16, true, keys_aes_salt,
			     0, 0 },
	[ENC_CHACHA20_POLY1305] = { "chacha20-poly1305", "ChaCha20 with Poly1305 [RFC7634]", 4, 8, 4, 16, true,
				    keys_chacha, 0, 0 },
	/* Wireshark (4.0) has no AES-CCM for ESP: these names follow its GCM ones */
	[ENC_AES_CCM_8] = { "aes-ccm-8", "AES-CCM with 8 octet ICV [RFC4309]", 4, 8, 3, 8, true, keys_aes_ccm, 0,
			    0 },
	[ENC_AES_CCM_12] = { "aes-ccm-12", "AES-CCM with 12 octet ICV [RFC4309]", 4, 8, 3, 12, true, keys_aes_ccm,
			     0, 0 },
	[ENC_AES_CCM_16] = { "aes-ccm-16", "AES-CCM with 16 octet ICV [RFC4309]", 4, 8, 3, 16, true, keys_aes_ccm,
			     0, 0 },
};

static const EspAuthInfo auth_table[AUTH__COUNT] = {
	[AUTH_UNKNOWN] = { "unknown", "unknown", 0, 0, false },
	[AUTH_NULL] = { "null", "NULL", 0, 0, false },
	[AUTH_HMAC_MD5_96] = { "hmac-md5-96", "HMAC-MD5-96 [RFC2403]", 12, 16, true },
	[AUTH_HMAC_SHA1_96] = { "hmac-sha1-96", "HMAC-SHA-1-96 [RFC2404]", 12, 20, true },
	[AUTH_HMAC_SHA256_96] = { "hmac-sha256-96", "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", 12, 32,
				  true },
	[AUTH_HMAC_SHA256_128] = { "hmac-sha256-128", "HMAC-SHA-256-128 [RFC4868]", 16, 32, true },
	[AUTH_HMAC_SHA384_192] = { "hmac-sha384-192", "HMAC-SHA-384-192 [RFC4868]", 24, 48, true },
	[AUTH_HMAC_SHA512_256] = { "hmac-sha512-256", "HMAC-SHA-512-256 [RFC4868]", 32, 64, true },
	[AUTH_HMAC_RIPEMD160_96] = { "hmac-ripemd160-96", "MAC-RIPEMD-160-96 [RFC2857]", 12, 20, true },
	[AUTH_AES_XCBC_96] = { "aes-xcbc-96", "AES-XCBC-MAC-96 [RFC3566]", 12, 16, true },
	[AUTH_ANY_64] = { "any-64", "ANY 64 bit authentication [no checking]", 8, 0, false },
	[AUTH_ANY_96] = { "any-96", "ANY 96 bit authentication [no checking]", 12, 0, false },
	[AUTH_ANY_128] = { "any-128", "ANY 128 bit authentication [no checking]", 16, 0, false },
	[AUTH_ANY_192] = { "any-192", "ANY 192 bit authentication [no checking]", 24, 0, false },
	[AUTH_ANY_256] = { "any-256", "ANY 256 bit authentication [no checking]", 32, 0, false },
};

const EspEncInfo *esp_enc_info(EspEncAlg a)
{
	return &enc_table[(unsigned)a < ENC__COUNT ? a : ENC_UNKNOWN];
}

const EspAuthInfo *esp_auth_info(EspAuthAlg a)
{
	return &auth_table[(unsigned)a < AUTH__COUNT ? a : AUTH_UNKNOWN];
}

typedef struct {
	const char *alias;
	int alg;
} Alias;

/* Other spellings: strongSwan (proposal keywords and log names), the
 * kernel's xfrm names, tcpdump's -E names. */
static const Alias enc_aliases[] = {
	{ "3des", ENC_3DES_CBC },
	{ "3des_cbc", ENC_3DES_CBC },
	{ "des3_ede", ENC_3DES_CBC },
	{ "cbc(des3_ede)", ENC_3DES_CBC },
	{ "tripledes-cbc", ENC_3DES_CBC },
	{ "aes", ENC_AES_CBC },
	{ "aes_cbc", ENC_AES_CBC },
	{ "cbc(aes)", ENC_AES_CBC },
	{ "aes128-cbc", ENC_AES_CBC },
	{ "aes192-cbc", ENC_AES_CBC },
	{ "aes256-cbc", ENC_AES_CBC },
	{ "aes128", ENC_AES_CBC },
	{ "aes192", ENC_AES_CBC },
	{ "aes256", ENC_AES_CBC },
	{ "aes_ctr", ENC_AES_CTR },
	{ "rfc3686(ctr(aes))", ENC_AES_CTR },
	{ "aes128ctr", ENC_AES_CTR },
	{ "aes192ctr", ENC_AES_CTR },
	{ "aes256ctr", ENC_AES_CTR },
	{ "des", ENC_DES_CBC },
	{ "des_cbc", ENC_DES_CBC },
	{ "cbc(des)", ENC_DES_CBC },
	{ "cast", ENC_CAST5_CBC },
	{ "cast128", ENC_CAST5_CBC },
	{ "cast128-cbc", ENC_CAST5_CBC },
	{ "cast_cbc", ENC_CAST5_CBC },
	{ "cbc(cast5)", ENC_CAST5_CBC },
	{ "blowfish", ENC_BLOWFISH_CBC },
	{ "blowfish_cbc", ENC_BLOWFISH_CBC },
	{ "cbc(blowfish)", ENC_BLOWFISH_CBC },
	{ "twofish", ENC_TWOFISH_CBC },
	{ "twofish_cbc", ENC_TWOFISH_CBC },
	{ "cbc(twofish)", ENC_TWOFISH_CBC },
	{ "aes_gcm_8", ENC_AES_GCM_8 },
	{ "aes_gcm_12", ENC_AES_GCM_12 },
	{ "aes_gcm_16", ENC_AES_GCM_16 },
	{ "aes-gcm [rfc4106]", ENC_AES_GCM_16 }, /* Wireshark's deprecated entry */
	{ "aes-gcm", ENC_AES_GCM_16 },
	{ "aes_ccm_8", ENC_AES_CCM_8 },
	{ "aes_ccm_12", ENC_AES_CCM_12 },
	{ "aes_ccm_16", ENC_AES_CCM_16 },
	{ "aes-ccm", ENC_AES_CCM_16 },
	{ "chacha20_poly1305", ENC_CHACHA20_POLY1305 },
	{ "chacha20poly1305", ENC_CHACHA20_POLY1305 },
	{ "rfc7539esp(chacha20,poly1305)", ENC_CHACHA20_POLY1305 },
	{ "null", ENC_NULL },
	{ "none", ENC_NULL },
	{ "encr_null", ENC_NULL },
	{ "ecb(cipher_null)", ENC_NULL },
	{ "cipher_null", ENC_NULL },
};

static const Alias auth_aliases[] = {
	{ "hmac_md5_96", AUTH_HMAC_MD5_96 },
	{ "hmac(md5)", AUTH_HMAC_MD5_96 },
	{ "md5", AUTH_HMAC_MD5_96 },
	{ "hmac_sha1_96", AUTH_HMAC_SHA1_96 },
	{ "hmac(sha1)", AUTH_HMAC_SHA1_96 },
	{ "sha1", AUTH_HMAC_SHA1_96 },
	{ "hmac_sha2_256_96", AUTH_HMAC_SHA256_96 },
	{ "hmac_sha2_256_128", AUTH_HMAC_SHA256_128 },
	{ "hmac(sha256)", AUTH_HMAC_SHA256_128 },
	{ "sha256", AUTH_HMAC_SHA256_128 },
	{ "sha2_256", AUTH_HMAC_SHA256_128 },
	{ "hmac_sha2_384_192", AUTH_HMAC_SHA384_192 },
	{ "hmac(sha384)", AUTH_HMAC_SHA384_192 },
	{ "sha384", AUTH_HMAC_SHA384_192 },
	{ "sha2_384", AUTH_HMAC_SHA384_192 },
	{ "hmac_sha2_512_256", AUTH_HMAC_SHA512_256 },
	{ "hmac(sha512)", AUTH_HMAC_SHA512_256 },
	{ "sha512", AUTH_HMAC_SHA512_256 },
	{ "sha2_512", AUTH_HMAC_SHA512_256 },
	{ "hmac_ripemd160_96", AUTH_HMAC_RIPEMD160_96 },
	{ "hmac(rmd160)", AUTH_HMAC_RIPEMD160_96 },
	{ "aes_xcbc_96", AUTH_AES_XCBC_96 },
	{ "xcbc(aes)", AUTH_AES_XCBC_96 },
	{ "aesxcbc", AUTH_AES_XCBC_96 },
	{ "null", AUTH_NULL },
	{ "none", AUTH_NULL },
	{ "auth_none", AUTH_NULL },
	{ "digest_null", AUTH_NULL },
};

static int lookup(const char *s, bool enc)
{
	if (!s)
		return 0;
	unsigned n = enc ? ENC__COUNT : AUTH__COUNT;
	for (unsigned i = 1; i < n; i++) {
		const char *ws = enc ? enc_table[i].ws_name : auth_table[i].ws_name;
		const char *nm = enc ? enc_table[i].name : auth_table[i].name;
		if (strcmp(s, ws) == 0 || g_ascii_strcasecmp(s, nm) == 0)
			return (int)i;
	}
	const Alias *al = enc ? enc_aliases : auth_aliases;
	size_t na = enc ? G_N_ELEMENTS(enc_aliases) : G_N_ELEMENTS(auth_aliases);
	for (size_t i = 0; i < na; i++)
		if (g_ascii_strcasecmp(s, al[i].alias) == 0)
			return al[i].alg;
	return 0;
}

EspEncAlg esp_enc_by_name(const char *s) { return (EspEncAlg)lookup(s, true); }
EspAuthAlg esp_auth_by_name(const char *s) { return (EspAuthAlg)lookup(s, false); }

/* ---- OpenSSL context ------------------------------------------------ */

struct EspCrypto {
	OSSL_LIB_CTX *lib;
	OSSL_PROVIDER *deflt, *legacy;
};

EspCrypto *esp_crypto_new(void)
{
	EspCrypto *ec = g_new0(EspCrypto, 1);
	ec->lib = OSSL_LIB_CTX_new();
	if (ec->lib) {
		ec->deflt = OSSL_PROVIDER_load(ec->lib, "default");
		/* DES, Blowfish, CAST5: absent when the legacy provider is
		 * not installed, which esp_xform_new then says */
		ec->legacy = OSSL_PROVIDER_load(ec->lib, "legacy");
	}
	return ec;
}

void esp_crypto_free(EspCrypto *ec)
{
	if (!ec)
		return;
	if (ec->legacy)
		OSSL_PROVIDER_unload(ec->legacy);
	if (ec->deflt)
		OSSL_PROVIDER_unload(ec->deflt);
	OSSL_LIB_CTX_free(ec->lib);
	g_free(ec);
}

/* ---- per-SA transform ----------------------------------------------- */

struct EspXform {
	EspEncAlg enc;
	EspAuthAlg auth;
	const EspEncInfo *ei;
	const EspAuthInfo *ai;
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cctx;
	/* AES-CCM: the same key in CTR mode gives the plaintext of a packet
	 * whose tag fails (OpenSSL's CCM withholds it) */
	EVP_CIPHER *ctr;
	EVP_CIPHER_CTX *ctrctx;
	uint8_t salt[4];
	uint8_t key[56]; /* the cipher key (AEAD re-keying is not needed) */
	/* integrity */
	EVP_MAC *mac;
	EVP_MAC_CTX *mctx;
	EVP_CIPHER *ecb;      /* AES-XCBC: AES-128-ECB under K1 */
	EVP_CIPHER_CTX *xctx;
	uint8_t k2[16], k3[16];
};

static const char *evp_cipher_name(EspEncAlg a, size_t key_len)
{
	switch (a) {
	case ENC_3DES_CBC: return "DES-EDE3-CBC";
	case ENC_AES_CBC: return key_len == 16 ? "AES-128-CBC" : key_len == 24 ? "AES-192-CBC" : "AES-256-CBC";
	case ENC_AES_CTR: return key_len == 16 ? "AES-128-CTR" : key_len == 24 ? "AES-192-CTR" : "AES-256-CTR";
	case ENC_DES_CBC: return "DES-CBC";
	case ENC_CAST5_CBC: return "CAST5-CBC";
	case ENC_BLOWFISH_CBC: return "BF-CBC";
	case ENC_TWOFISH_CBC: return "TWOFISH-CBC"; /* no OpenSSL has it */
	case ENC_AES_GCM_8:
	case ENC_AES_GCM_12:
	case ENC_AES_GCM_16: return key_len == 16 ? "AES-128-GCM" : key_len == 24 ? "AES-192-GCM" : "AES-256-GCM";
	case ENC_CHACHA20_POLY1305: return "ChaCha20-Poly1305";
	case ENC_AES_CCM_8:
	case ENC_AES_CCM_12:
	case ENC_AES_CCM_16: return key_len == 16 ? "AES-128-CCM" : key_len == 24 ? "AES-192-CCM" : "AES-256-CCM";
	default: return NULL;
	}
}

static const char *evp_digest_name(EspAuthAlg a)
{
	switch (a) {
	case AUTH_HMAC_MD5_96: return "MD5";
	case AUTH_HMAC_SHA1_96: return "SHA1";
	case AUTH_HMAC_SHA256_96:
	case AUTH_HMAC_SHA256_128: return "SHA2-256";
	case AUTH_HMAC_SHA384_192: return "SHA2-384";
	case AUTH_HMAC_SHA512_256: return "SHA2-512";
	case AUTH_HMAC_RIPEMD160_96: return "RIPEMD160";
	default: return NULL;
	}
}

static bool is_ccm(EspEncAlg a) { return a == ENC_AES_CCM_8 || a == ENC_AES_CCM_12 || a == ENC_AES_CCM_16; }

static bool key_len_ok(const EspEncInfo *ei, size_t n)
{
	if (!ei->key_lens)
		return ei->max_key == 0 ? n == 0 : (n >= ei->min_key && n <= ei->max_key);
	for (const uint8_t *k = ei->key_lens; *k; k++)
		if (*k == n)
			return true;
	return n == 0 && ei->key_lens[0] == 0;
}

static void key_lens_text(const EspEncInfo *ei, char *buf, size_t size)
{
	if (!ei->key_lens) {
		if (ei->max_key == 0)
			snprintf(buf, size, "no key");
		else
			snprintf(buf, size, "%u to %u bytes", ei->min_key, ei->max_key);
		return;
	}
	size_t o = 0;
	for (const uint8_t *k = ei->key_lens; *k && o < size; k++)
		o += (size_t)snprintf(buf + o, size - o, "%s%u", k == ei->key_lens ? "" : "/", *k);
	if (o < size)
		snprintf(buf + o, size - o, " bytes");
}

static bool xcbc_block(EspXform *x, const uint8_t in[16], uint8_t out[16])
{
	int l = 0;
	return EVP_EncryptUpdate(x->xctx, out, &l, in, 16) == 1 && l == 16;
}

static bool xcbc_setup(EspCrypto *ec, EspXform *x, const uint8_t *key, char *err, size_t err_size)
{
	x->ecb = EVP_CIPHER_fetch(ec->lib, "AES-128-ECB", NULL);
	x->xctx = EVP_CIPHER_CTX_new();
	if (!x->ecb || !x->xctx || EVP_EncryptInit_ex2(x->xctx, x->ecb, key, NULL, NULL) != 1) {
		snprintf(err, err_size, "AES-XCBC: AES-128-ECB is not available in this OpenSSL");
		return false;
	}
	EVP_CIPHER_CTX_set_padding(x->xctx, 0);
	uint8_t c[16], k1[16];
	memset(c, 1, 16);
	bool ok = xcbc_block(x, c, k1);
	memset(c, 2, 16);
	ok = ok && xcbc_block(x, c, x->k2);
	memset(c, 3, 16);
	ok = ok && xcbc_block(x, c, x->k3);
	ok = ok && EVP_EncryptInit_ex2(x->xctx, x->ecb, k1, NULL, NULL) == 1;
	EVP_CIPHER_CTX_set_padding(x->xctx, 0);
	if (!ok)
		snprintf(err, err_size, "AES-XCBC: key derivation failed");
	return ok;
}

EspXform *esp_xform_new(EspCrypto *ec, EspEncAlg enc, const uint8_t *ekey, size_t ekey_len, EspAuthAlg auth,
			const uint8_t *akey, size_t akey_len, char *err, size_t err_size)
{
	const EspEncInfo *ei = esp_enc_info(enc);
	const EspAuthInfo *ai = esp_auth_info(auth);
	char lens[48];
	if (enc == ENC_UNKNOWN) {
		snprintf(err, err_size, "unknown encryption algorithm");
		return NULL;
	}
	if (auth == AUTH_UNKNOWN) {
		snprintf(err, err_size, "unknown integrity algorithm");
		return NULL;
	}
	if (!key_len_ok(ei, ekey_len)) {
		key_lens_text(ei, lens, sizeof(lens));
		snprintf(err, err_size, "%s wants a key of %s, this one has %zu", ei->name, lens, ekey_len);
		return NULL;
	}
	if (ei->aead && auth != AUTH_NULL) {
		snprintf(err, err_size, "%s is an AEAD and takes no integrity algorithm (%s given)", ei->name,
			 ai->name);
		return NULL;
	}
	if (auth == AUTH_AES_XCBC_96 && akey_len != 16) {
		snprintf(err, err_size, "aes-xcbc-96 wants a 16-byte key, this one has %zu", akey_len);
		return NULL;
	}
	if (ai->checked && auth != AUTH_AES_XCBC_96 && akey_len == 0) {
		snprintf(err, err_size, "%s has no key", ai->name);
		return NULL;
	}
	if (!ec || !ec->lib) {
		snprintf(err, err_size, "OpenSSL is not usable");
		return NULL;
	}

	EspXform *x = g_new0(EspXform, 1);
	x->enc = enc;
	x->auth = auth;
	x->ei = ei;
	x->ai = ai;
	if (enc != ENC_NULL) {
		size_t klen = ekey_len - ei->salt_len;
		const char *nm = evp_cipher_name(enc, klen);
		x->cipher = nm ? EVP_CIPHER_fetch(ec->lib, nm, NULL) : NULL;
		if (!x->cipher) {
			snprintf(err, err_size, "%s is not available in this OpenSSL build%s", ei->name,
				 enc == ENC_TWOFISH_CBC ? " (OpenSSL has no Twofish)"
				 : (enc == ENC_DES_CBC || enc == ENC_CAST5_CBC || enc == ENC_BLOWFISH_CBC)
					 ? " (it needs OpenSSL's legacy provider)"
					 : "");
			esp_xform_free(x);
			return NULL;
		}
		memcpy(x->key, ekey, klen);
		memcpy(x->salt, ekey + klen, ei->salt_len);
		x->cctx = EVP_CIPHER_CTX_new();
		bool ok = x->cctx && EVP_DecryptInit_ex2(x->cctx, x->cipher, NULL, NULL, NULL) == 1;
		if (ok && (enc == ENC_CAST5_CBC || enc == ENC_BLOWFISH_CBC))
			ok = EVP_CIPHER_CTX_set_key_length(x->cctx, (int)klen) == 1;
		bool ccm = is_ccm(enc);
		if (ok && ei->aead && enc != ENC_CHACHA20_POLY1305)
			ok = EVP_CIPHER_CTX_ctrl(x->cctx, EVP_CTRL_AEAD_SET_IVLEN, ccm ? 11 : 12, NULL) == 1;
		/* CCM fixes the tag length with the key */
		if (ok && ccm)
			ok = EVP_CIPHER_CTX_ctrl(x->cctx, EVP_CTRL_AEAD_SET_TAG, ei->icv_len, NULL) == 1;
		ok = ok && EVP_DecryptInit_ex2(x->cctx, NULL, x->key, NULL, NULL) == 1;
		if (ok && ccm) {
			const char *cn = klen == 16 ? "AES-128-CTR" : klen == 24 ? "AES-192-CTR" : "AES-256-CTR";
			x->ctr = EVP_CIPHER_fetch(ec->lib, cn, NULL);
			x->ctrctx = EVP_CIPHER_CTX_new();
			ok = x->ctr && x->ctrctx && EVP_DecryptInit_ex2(x->ctrctx, x->ctr, x->key, NULL, NULL) == 1;
		}
		if (!ok) {
			snprintf(err, err_size, "%s: OpenSSL refused the key", ei->name);
			esp_xform_free(x);
			return NULL;
		}
		EVP_CIPHER_CTX_set_padding(x->cctx, 0);
	}
	if (auth == AUTH_AES_XCBC_96) {
		if (!xcbc_setup(ec, x, akey, err, err_size)) {
			esp_xform_free(x);
			return NULL;
		}
	} else if (ai->checked) {
		x->mac = EVP_MAC_fetch(ec->lib, "HMAC", NULL);
		x->mctx = x->mac ? EVP_MAC_CTX_new(x->mac) : NULL;
		OSSL_PARAM p[2];
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)evp_digest_name(auth), 0);
		p[1] = OSSL_PARAM_construct_end();
		if (!x->mctx || EVP_MAC_init(x->mctx, akey, akey_len, p) != 1) {
			snprintf(err, err_size, "%s is not available in this OpenSSL build", ai->name);
			esp_xform_free(x);
			return NULL;
		}
	}
	return x;
}

void esp_xform_free(EspXform *x)
{
	if (!x)
		return;
	EVP_CIPHER_CTX_free(x->cctx);
	EVP_CIPHER_free(x->cipher);
	EVP_CIPHER_CTX_free(x->ctrctx);
	EVP_CIPHER_free(x->ctr);
	EVP_MAC_CTX_free(x->mctx);
	EVP_MAC_free(x->mac);
	EVP_CIPHER_CTX_free(x->xctx);
	EVP_CIPHER_free(x->ecb);
	memset(x, 0, sizeof(*x));
	g_free(x);
}

size_t esp_xform_icv_len(const EspXform *x) { return x->ei->aead ? x->ei->icv_len : x->ai->icv_len; }
size_t esp_xform_iv_len(const EspXform *x) { return x->ei->iv_len; }
bool esp_xform_checks_icv(const EspXform *x) { return x->ei->aead || x->ai->checked; }

bool esp_icv_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

static size_t xcbc_mac(EspXform *x, const uint8_t *data, size_t n, const uint8_t *extra, size_t extra_n,
		       uint8_t mac[64])
{
	/* RFC 3566 section 4: CBC-MAC under K1, the last block XORed with K2
	 * (complete) or padded with 10* and XORed with K3 */
	uint8_t e[16] = { 0 }, blk[16];
	size_t total = n + extra_n, done = 0;
	while (total - done > 16) {
		for (unsigned i = 0; i < 16; i++) {
			size_t at = done + i;
			blk[i] = (uint8_t)(e[i] ^ (at < n ? data[at] : extra[at - n]));
		}
		if (!xcbc_block(x, blk, e))
			return 0;
		done += 16;
	}
	size_t rest = total - done;
	for (unsigned i = 0; i < 16; i++) {
		size_t at = done + i;
		uint8_t m = i < rest ? (at < n ? data[at] : extra[at - n]) : (i == rest ? 0x80 : 0);
		blk[i] = (uint8_t)(e[i] ^ m ^ (rest == 16 ? x->k2[i] : x->k3[i]));
	}
	if (!xcbc_block(x, blk, mac))
		return 0;
	return 12;
}

size_t esp_xform_mac(EspXform *x, const uint8_t *data, size_t n, const uint8_t *extra, size_t extra_n,
		     uint8_t mac[64])
{
	if (x->auth == AUTH_AES_XCBC_96)
		return xcbc_mac(x, data, n, extra, extra_n, mac);
	if (!x->mctx)
		return 0;
	size_t out = 0;
	if (EVP_MAC_init(x->mctx, NULL, 0, NULL) != 1 || EVP_MAC_update(x->mctx, data, n) != 1 ||
	    (extra_n && EVP_MAC_update(x->mctx, extra, extra_n) != 1) || EVP_MAC_final(x->mctx, mac, &out, 64) != 1)
		return 0;
	return x->ai->icv_len <= out ? x->ai->icv_len : 0;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static bool run_cipher(EspXform *x, const uint8_t *iv, const uint8_t *ct, size_t n, uint8_t *out)
{
	int l1 = 0, l2 = 0;
	/* padding was turned off once, with the key (esp_xform_new): a new IV
	 * keeps it off, and in OpenSSL 3 each set_padding() is a parameter
	 * call (4 % of `report --keys`) */
	if (EVP_DecryptInit_ex2(x->cctx, NULL, NULL, iv, NULL) != 1)
		return false;
	if (n && EVP_DecryptUpdate(x->cctx, out, &l1, ct, (int)n) != 1)
		return false;
	if (EVP_DecryptFinal_ex(x->cctx, out + l1, &l2) != 1)
		return false;
	return (size_t)(l1 + l2) == n;
}

/* RFC 4106 / RFC 7634: nonce = salt | IV, AAD = SPI | [seq hi |] seq low. */
static bool run_aead(EspXform *x, const uint8_t *esp, const uint8_t *iv, const uint8_t *ct, size_t n,
		     const uint8_t *tag, size_t tag_len, bool esn, uint32_t seq_hi, uint8_t *out, IcvVerdict *v)
{
	uint8_t nonce[12], aad[12];
	size_t aad_len;
	memcpy(nonce, x->salt, 4);
	memcpy(nonce + 4, iv, 8);
	memcpy(aad, esp, 4);
	if (esn) {
		put_be32(aad + 4, seq_hi);
		memcpy(aad + 8, esp + 4, 4);
		aad_len = 12;
	} else {
		memcpy(aad + 4, esp + 4, 4);
		aad_len = 8;
	}
	int l = 0;
	if (EVP_DecryptInit_ex2(x->cctx, NULL, NULL, nonce, NULL) != 1 ||
	    EVP_DecryptUpdate(x->cctx, NULL, &l, aad, (int)aad_len) != 1)
		return false;
	if (n && EVP_DecryptUpdate(x->cctx, out, &l, ct, (int)n) != 1)
		return false;
	uint8_t t[16];
	memcpy(t, tag, tag_len);
	if (EVP_CIPHER_CTX_ctrl(x->cctx, EVP_CTRL_AEAD_SET_TAG, (int)tag_len, t) != 1)
		return false;
	int fl = 0;
	*v = EVP_DecryptFinal_ex(x->cctx, out + n, &fl) > 0 ? ICV_GOOD : ICV_BAD;
	return true;
}

/* RFC 4309: nonce = 3-byte salt | IV, AAD as above.  OpenSSL's CCM checks
 * the tag during the one update and gives no plaintext when it fails; the
 * plaintext is then the CTR keystream from counter 1 (RFC 3610: counter
 * block = flags L-1 | nonce | counter). */
static bool run_ccm(EspXform *x, const uint8_t *esp, const uint8_t *iv, const uint8_t *ct, size_t n,
		    const uint8_t *tag, size_t tag_len, bool esn, uint32_t seq_hi, uint8_t *out, IcvVerdict *v)
{
	uint8_t nonce[11], aad[12], t[16];
	size_t aad_len = 8;
	memcpy(nonce, x->salt, 3);
	memcpy(nonce + 3, iv, 8);
	memcpy(aad, esp, 4);
	if (esn) {
		put_be32(aad + 4, seq_hi);
		aad_len = 12;
	}
	memcpy(aad + aad_len - 4, esp + 4, 4);
	memcpy(t, tag, tag_len);
	int l = 0;
	if (EVP_CIPHER_CTX_ctrl(x->cctx, EVP_CTRL_AEAD_SET_TAG, (int)tag_len, t) != 1 ||
	    EVP_DecryptInit_ex2(x->cctx, NULL, NULL, nonce, NULL) != 1 ||
	    EVP_DecryptUpdate(x->cctx, NULL, &l, NULL, (int)n) != 1 ||
	    EVP_DecryptUpdate(x->cctx, NULL, &l, aad, (int)aad_len) != 1)
		return false;
	if (EVP_DecryptUpdate(x->cctx, out, &l, ct, (int)n) > 0) {
		*v = ICV_GOOD;
		return true;
	}
	*v = ICV_BAD;
	uint8_t ctr[16];
	ctr[0] = 3; /* L - 1, L = 15 - 11 */
	memcpy(ctr + 1, nonce, 11);
	put_be32(ctr + 12, 1);
	int l1 = 0, l2 = 0;
	return EVP_DecryptInit_ex2(x->ctrctx, NULL, NULL, ctr, NULL) == 1 &&
	       EVP_DecryptUpdate(x->ctrctx, out, &l1, ct, (int)n) == 1 &&
	       EVP_DecryptFinal_ex(x->ctrctx, out + l1, &l2) == 1 && (size_t)(l1 + l2) == n;
}

void esp_decrypt(EspXform *x, const uint8_t *esp, size_t n, bool esn, uint32_t seq_hi, uint8_t *out,
		 EspDecryptResult *r)
{
	memset(r, 0, sizeof(*r));
	const EspEncInfo *ei = x->ei;
	size_t iv_len = ei->iv_len, icv_len = esp_xform_icv_len(x);
	if (n < 8 + iv_len + icv_len + 2) {
		r->status = ESPD_TOO_SHORT;
		return;
	}
	r->iv_off = 8;
	r->iv_len = iv_len;
	r->ct_off = 8 + iv_len;
	r->ct_len = n - 8 - iv_len - icv_len;
	r->icv_off = r->ct_off + r->ct_len;
	r->icv_len = icv_len;
	/* CBC needs whole blocks; RFC 4303 asks 4-byte alignment of all */
	if ((ei->block > 4 && r->ct_len % ei->block) || r->ct_len % 4) {
		r->status = ESPD_BAD_LENGTH;
		return;
	}
	const uint8_t *iv = esp + r->iv_off, *ct = esp + r->ct_off, *icv = esp + r->icv_off;

	if (ei->aead && is_ccm(x->enc)) {
		if (!run_ccm(x, esp, iv, ct, r->ct_len, icv, icv_len, esn, seq_hi, out, &r->icv))
			r->status = ESPD_CRYPTO_ERROR;
		r->pt_len = r->ct_len;
		return;
	}
	if (ei->aead) {
		if (!run_aead(x, esp, iv, ct, r->ct_len, icv, icv_len, esn, seq_hi, out, &r->icv))
			r->status = ESPD_CRYPTO_ERROR;
		r->pt_len = r->ct_len;
		return;
	}
	if (x->ai->checked) {
		uint8_t mac[64], hi[4];
		put_be32(hi, seq_hi);
		size_t m = esp_xform_mac(x, esp, r->icv_off, esn ? hi : NULL, esn ? 4 : 0, mac);
		if (m == 0 || m != icv_len) {
			r->status = ESPD_CRYPTO_ERROR;
			return;
		}
		r->icv = esp_icv_equal(mac, icv, icv_len) ? ICV_GOOD : ICV_BAD;
	}
	if (x->enc == ENC_NULL) {
		memcpy(out, ct, r->ct_len);
	} else if (x->enc == ENC_AES_CTR) {
		uint8_t block[16];
		memcpy(block, x->salt, 4);
		memcpy(block + 4, iv, 8);
		put_be32(block + 12, 1);
		if (!run_cipher(x, block, ct, r->ct_len, out)) {
			r->status = ESPD_CRYPTO_ERROR;
			return;
		}
	} else if (!run_cipher(x, iv, ct, r->ct_len, out)) {
		r->status = ESPD_CRYPTO_ERROR;
		return;
	}
	r->pt_len = r->ct_len;
}
