/*
 * bench/espalg.h - the ESP transforms the benchmark generator writes and
 * the read+decrypt reference loop opens: names in every key-file format,
 * key sizes, and one prepared OpenSSL state per SA (cipher context and
 * HMAC context made once, re-used for every packet).
 *
 * Benchmark code only (bench/); ikescope itself uses dissectors/esp_crypto.c.
 */
#ifndef IKS_BENCH_ESPALG_H
#define IKS_BENCH_ESPALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

typedef enum {
	BA_AES128_CBC_SHA1 = 0, /* AES-128-CBC + HMAC-SHA1-96 */
	BA_AES256_CBC_SHA256,   /* AES-256-CBC + HMAC-SHA2-256-128 */
	BA_AES128_GCM,          /* AES-GCM-128, 16-byte ICV */
	BA_AES256_GCM,          /* AES-GCM-256, 16-byte ICV */
	BA_CHACHA20_POLY1305,
	BA_3DES_SHA1,           /* 3DES-CBC + HMAC-SHA1-96 */
	BA__COUNT
} BenchAlg;

typedef struct {
	const char *name;     /* the generator's -c name */
	const char *evp;      /* OpenSSL cipher name */
	const char *mac;      /* OpenSSL digest for HMAC, NULL for an AEAD */
	uint8_t ekey, salt;   /* cipher key bytes, AEAD salt bytes (part of the ESP key) */
	uint8_t akey, icv;    /* HMAC key bytes, ICV bytes */
	uint8_t block, iv;    /* padding boundary, IV bytes on the wire */
	bool aead;
	/* names in the key-file formats */
	const char *ws_enc, *ws_auth;   /* Wireshark esp_sa */
	const char *tcpdump;            /* tcpdump -E (NULL: tcpdump cannot) */
	const char *xfrm_enc, *xfrm_auth; /* ip xfrm state: "enc cbc(aes)" or "aead rfc4106(gcm(aes))" */
	unsigned xfrm_trunc;            /* auth-trunc bits, or the AEAD ICV bits */
	const char *charon_enc, *charon_auth; /* strongSwan kernel-interface names */
	unsigned charon_esp_id;         /* IKEv1 ESP transform id (RFC 2407 / 4106 / 7634) */
	unsigned v1_auth_alg;           /* IKEv1 phase-2 authentication attribute, 0 for AEAD */
	const char *openssl_speed;      /* `openssl speed -evp` cipher */
	const char *openssl_hmac;       /* `openssl speed -hmac` digest, NULL for AEAD */
} BenchAlgInfo;

static const BenchAlgInfo bench_algs[BA__COUNT] = {
	[BA_AES128_CBC_SHA1] = { "aes128-cbc-sha1", "AES-128-CBC", "SHA1", 16, 0, 20, 12, 16, 16, false,
				 "AES-CBC [RFC3602]", "HMAC-SHA-1-96 [RFC2404]", "aes128-cbc-hmac96",
				 "cbc(aes)", "hmac(sha1)", 96, "AES_CBC", "HMAC_SHA1_96", 12, 2,
				 "aes-128-cbc", "sha1" },
	[BA_AES256_CBC_SHA256] = { "aes256-cbc-sha256", "AES-256-CBC", "SHA256", 32, 0, 32, 16, 16, 16, false,
				   "AES-CBC [RFC3602]", "HMAC-SHA-256-128 [RFC4868]", NULL, "cbc(aes)",
				   "hmac(sha256)", 128, "AES_CBC", "HMAC_SHA2_256_128", 12, 5, "aes-256-cbc",
				   "sha256" },
	[BA_AES128_GCM] = { "aes128-gcm", "AES-128-GCM", NULL, 16, 4, 0, 16, 4, 8, true,
			    "AES-GCM with 16 octet ICV [RFC4106]", "NULL", NULL, "rfc4106(gcm(aes))", NULL, 128,
			    "AES_GCM_16", NULL, 20, 0, "aes-128-gcm", NULL },
	[BA_AES256_GCM] = { "aes256-gcm", "AES-256-GCM", NULL, 32, 4, 0, 16, 4, 8, true,
			    "AES-GCM with 16 octet ICV [RFC4106]", "NULL", NULL, "rfc4106(gcm(aes))", NULL, 128,
			    "AES_GCM_16", NULL, 20, 0, "aes-256-gcm", NULL },
	[BA_CHACHA20_POLY1305] = { "chacha20-poly1305", "ChaCha20-Poly1305", NULL, 32, 4, 0, 16, 4, 8, true,
				   "ChaCha20 with Poly1305 [RFC7634]", "NULL", NULL,
				   "rfc7539esp(chacha20,poly1305)", NULL, 128, "CHACHA20_POLY1305", NULL, 28, 0,
				   "chacha20-poly1305", NULL },
	[BA_3DES_SHA1] = { "3des-sha1", "DES-EDE3-CBC", "SHA1", 24, 0, 20, 12, 8, 8, false,
			   "TripleDES-CBC [RFC2451]", "HMAC-SHA-1-96 [RFC2404]", "3des-cbc-hmac96", "cbc(des3_ede)",
			   "hmac(sha1)", 96, "3DES_CBC", "HMAC_SHA1_96", 3, 2, "des-ede3-cbc", "sha1" },
};

static inline int bench_alg_by_name(const char *s)
{
	for (int i = 0; i < BA__COUNT; i++)
		if (strcmp(bench_algs[i].name, s) == 0)
			return i;
	return -1;
}

/* One SA's prepared state. */
typedef struct {
	BenchAlg alg;
	uint32_t spi;
	uint8_t ekey[36]; /* cipher key then salt */
	uint8_t akey[32];
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *mctx;
} BenchSa;

static inline bool bench_sa_prepare(BenchSa *sa, bool encrypt)
{
	const BenchAlgInfo *ai = &bench_algs[sa->alg];
	sa->cipher = EVP_CIPHER_fetch(NULL, ai->evp, NULL);
	sa->cctx = EVP_CIPHER_CTX_new();
	if (!sa->cipher || !sa->cctx)
		return false;
	if (EVP_CipherInit_ex2(sa->cctx, sa->cipher, sa->ekey, NULL, encrypt ? 1 : 0, NULL) != 1)
		return false;
	EVP_CIPHER_CTX_set_padding(sa->cctx, 0);
	if (ai->mac) {
		OSSL_PARAM p[2] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)ai->mac, 0),
				    OSSL_PARAM_construct_end() };
		sa->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		sa->mctx = sa->mac ? EVP_MAC_CTX_new(sa->mac) : NULL;
		if (!sa->mctx || EVP_MAC_init(sa->mctx, sa->akey, ai->akey, p) != 1)
			return false;
	}
	return true;
}

static inline void bench_sa_release(BenchSa *sa)
{
	EVP_CIPHER_CTX_free(sa->cctx);
	EVP_CIPHER_free(sa->cipher);
	EVP_MAC_CTX_free(sa->mctx);
	EVP_MAC_free(sa->mac);
	sa->cctx = NULL;
	sa->cipher = NULL;
	sa->mctx = NULL;
	sa->mac = NULL;
}

/* HMAC over n bytes, truncated ICV into icv; false on an OpenSSL error. */
static inline bool bench_sa_mac(BenchSa *sa, const uint8_t *p, size_t n, uint8_t *icv)
{
	uint8_t full[64];
	size_t l = 0;
	if (EVP_MAC_init(sa->mctx, NULL, 0, NULL) != 1 || EVP_MAC_update(sa->mctx, p, n) != 1 ||
	    EVP_MAC_final(sa->mctx, full, &l, sizeof(full)) != 1)
		return false;
	memcpy(icv, full, bench_algs[sa->alg].icv);
	return true;
}

/*
 * Open (decrypt + verify) one ESP packet esp[0..n) (from the SPI to the
 * end of the ICV) into out.  Returns 1 when the ICV is good, 0 when bad,
 * -1 when the packet is too short or OpenSSL refused.
 */
static inline int bench_sa_open(BenchSa *sa, const uint8_t *esp, size_t n, uint8_t *out)
{
	const BenchAlgInfo *ai = &bench_algs[sa->alg];
	if (n < 8u + ai->iv + ai->block + ai->icv)
		return -1;
	size_t ctlen = n - 8 - ai->iv - ai->icv;
	const uint8_t *iv = esp + 8, *ct = iv + ai->iv, *icv = ct + ctlen;
	int l = 0, fl = 0;
	if (ctlen % ai->block || ctlen > INT32_MAX)
		return -1;
	if (!ai->aead) {
		uint8_t want[32];
		if (!bench_sa_mac(sa, esp, n - ai->icv, want))
			return -1;
		if (EVP_DecryptInit_ex2(sa->cctx, NULL, NULL, iv, NULL) != 1 ||
		    EVP_DecryptUpdate(sa->cctx, out, &l, ct, (int)ctlen) != 1)
			return -1;
		return memcmp(want, icv, ai->icv) == 0 ? 1 : 0;
	}
	uint8_t nonce[12];
	memcpy(nonce, sa->ekey + ai->ekey, 4);
	memcpy(nonce + 4, iv, 8);
	if (EVP_DecryptInit_ex2(sa->cctx, NULL, NULL, nonce, NULL) != 1 ||
	    EVP_DecryptUpdate(sa->cctx, NULL, &l, esp, 8) != 1 ||
	    EVP_DecryptUpdate(sa->cctx, out, &l, ct, (int)ctlen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(sa->cctx, EVP_CTRL_AEAD_SET_TAG, ai->icv, (void *)icv) != 1)
		return -1;
	return EVP_DecryptFinal_ex(sa->cctx, out + l, &fl) > 0 ? 1 : 0;
}

#endif
