/*
 * esp_crypto.h - the ESP and AH transforms: algorithm tables, per-SA cipher
 * state, decryption and ICV verification (OpenSSL EVP).
 *
 * Everything here works on byte arrays handed in by the caller; nothing
 * reads packets (tunnel.c does, through its cursor) and nothing does I/O.
 * OpenSSL state lives in an EspCrypto (one per keyring, with its own
 * OpenSSL library context, so loading the legacy provider for DES,
 * Blowfish and CAST touches no process-wide state) and in one EspXform
 * per SA, prepared once, so that a packet costs a cipher re-initialisation
 * with its IV and nothing else.
 */
#ifndef IKS_ESP_CRYPTO_H
#define IKS_ESP_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	ENC_UNKNOWN = 0,
	ENC_NULL,
	ENC_3DES_CBC,
	ENC_AES_CBC,
	ENC_AES_CTR,
	ENC_DES_CBC,
	ENC_CAST5_CBC,
	ENC_BLOWFISH_CBC,
	ENC_TWOFISH_CBC,
	ENC_AES_GCM_8,
	ENC_AES_GCM_12,
	ENC_AES_GCM_16,
	ENC_CHACHA20_POLY1305,
	ENC_AES_CCM_8, /* RFC 4309 */
	ENC_AES_CCM_12,
	ENC_AES_CCM_16,
	ENC__COUNT
} EspEncAlg;

typedef enum {
	AUTH_UNKNOWN = 0,
	AUTH_NULL,
	AUTH_HMAC_MD5_96,
	AUTH_HMAC_SHA1_96,
	AUTH_HMAC_SHA256_96,
	AUTH_HMAC_SHA256_128,
	AUTH_HMAC_SHA384_192,
	AUTH_HMAC_SHA512_256,
	AUTH_HMAC_RIPEMD160_96,
	AUTH_AES_XCBC_96,
	AUTH_ANY_64,  /* an ICV of that size, not checked */
	AUTH_ANY_96,
	AUTH_ANY_128,
	AUTH_ANY_192,
	AUTH_ANY_256,
	AUTH__COUNT
} EspAuthAlg;

typedef struct {
	const char *name;    /* ikescope's short name: "aes-cbc" */
	const char *ws_name; /* Wireshark's esp_sa name: "AES-CBC [RFC3602]" */
	uint8_t block;       /* padding boundary of the ciphertext */
	uint8_t iv_len;      /* IV bytes on the wire */
	uint8_t salt_len;    /* key bytes that are nonce salt (CTR, GCM, ChaCha20: 4; CCM: 3) */
	uint8_t icv_len;     /* AEAD tag length, 0 for a cipher without integrity */
	bool aead;
	const uint8_t *key_lens; /* accepted key lengths in bytes (salt included), 0-terminated;
				  * NULL: any length from min_key to max_key */
	uint8_t min_key, max_key;
} EspEncInfo;

typedef struct {
	const char *name;    /* "hmac-sha1-96" */
	const char *ws_name; /* "HMAC-SHA-1-96 [RFC2404]" */
	uint8_t icv_len;
	uint8_t key_len;     /* the RFC's key length, 0 = any (HMAC accepts any) */
	bool checked;        /* false for the ANY-n placeholders */
} EspAuthInfo;

const EspEncInfo *esp_enc_info(EspEncAlg a);
const EspAuthInfo *esp_auth_info(EspAuthAlg a);
/* Look an algorithm up by Wireshark's esp_sa name (exact), or by one of
 * ikescope's, strongSwan's, the kernel's or tcpdump's names
 * (case-insensitive).  ENC_UNKNOWN / AUTH_UNKNOWN when not known. */
EspEncAlg esp_enc_by_name(const char *s);
EspAuthAlg esp_auth_by_name(const char *s);

/* The OpenSSL context shared by the SAs of one keyring. */
typedef struct EspCrypto EspCrypto;
EspCrypto *esp_crypto_new(void);
void esp_crypto_free(EspCrypto *ec);

/* One SA's prepared transform. */
typedef struct EspXform EspXform;

/* Prepare an SA's transform.  On failure returns NULL and writes why into
 * err (wrong key length, algorithm missing from this OpenSSL build...). */
EspXform *esp_xform_new(EspCrypto *ec, EspEncAlg enc, const uint8_t *ekey, size_t ekey_len, EspAuthAlg auth,
			const uint8_t *akey, size_t akey_len, char *err, size_t err_size);
void esp_xform_free(EspXform *x);
/* ICV bytes at the end of each packet (AEAD tag or integrity ICV). */
size_t esp_xform_icv_len(const EspXform *x);
size_t esp_xform_iv_len(const EspXform *x);
/* True when the ICV is verified (an integrity algorithm or an AEAD). */
bool esp_xform_checks_icv(const EspXform *x);

typedef enum {
	ICV_UNCHECKED = 0, /* no integrity algorithm, or not checkable */
	ICV_GOOD,
	ICV_BAD,
} IcvVerdict;

typedef enum {
	ESPD_OK = 0,
	ESPD_TOO_SHORT,    /* not even an IV, one block and an ICV */
	ESPD_BAD_LENGTH,   /* ciphertext not a multiple of the block size */
	ESPD_CRYPTO_ERROR, /* OpenSSL refused */
} EspDecryptStatus;

typedef struct {
	EspDecryptStatus status;
	IcvVerdict icv;
	size_t iv_off, iv_len;   /* within the ESP packet (from the SPI) */
	size_t ct_off, ct_len;   /* ciphertext */
	size_t icv_off, icv_len; /* ICV */
	size_t pt_len;           /* plaintext bytes written to out (== ct_len) */
} EspDecryptResult;

/*
 * Decrypt one ESP packet: `esp` holds the whole packet from the SPI to the
 * end of the ICV.  `seq_hi` is the high half of an extended sequence
 * number (used when `esn`).  `out` must hold at least n bytes; it receives
 * the plaintext (payload, padding, pad length, next header).  An AEAD
 * whose tag fails still leaves its (unauthenticated) plaintext in out.
 */
void esp_decrypt(EspXform *x, const uint8_t *esp, size_t n, bool esn, uint32_t seq_hi, uint8_t *out,
		 EspDecryptResult *r);

/*
 * Compute an integrity ICV over `n` bytes (AH: the header with mutable
 * fields zeroed; ESP: header, IV and ciphertext), followed by `extra`
 * (the ESN high half, or NULL).  Writes the full MAC to mac (64 bytes)
 * and returns the truncated ICV length, or 0 when the transform has no
 * checkable integrity algorithm.
 */
size_t esp_xform_mac(EspXform *x, const uint8_t *data, size_t n, const uint8_t *extra, size_t extra_n,
		     uint8_t mac[64]);

/* Constant-time comparison. */
bool esp_icv_equal(const uint8_t *a, const uint8_t *b, size_t n);

#endif
