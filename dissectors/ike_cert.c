/*
 * ike_cert.c - certificates in IKE CERT payloads (X.509, DER) and the CA
 * a CERTREQ asks for, decoded with OpenSSL's libcrypto so that an expired
 * certificate or one from the wrong CA is visible in the tree.
 *
 * IKEv1 CR payloads carry the DER Distinguished Name of the CA (RFC 2408
 * 3.10, RFC 4945 3.2.4); IKEv2 CERTREQ payloads carry a list of SHA-1
 * hashes of the CAs' public keys (RFC 7296 3.7).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "ike.h"

/* The text a BIO collected, copied into the packet's arena. */
static const char *bio_text(BIO *b, Arena *a)
{
	char *p = NULL;
	long n = BIO_get_mem_data(b, &p);
	if (n <= 0 || !p)
		return "";
	char *s = arena_alloc(a, (size_t)n + 1);
	memcpy(s, p, (size_t)n);
	s[n] = '\0';
	return s;
}

static const char *name_text(const X509_NAME *nm, Arena *a)
{
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return "";
	X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253);
	const char *s = bio_text(b, a);
	BIO_free(b);
	return s;
}

static const char *time_text(const ASN1_TIME *t, Arena *a)
{
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return "";
	ASN1_TIME_print(b, t);
	const char *s = bio_text(b, a);
	BIO_free(b);
	return s;
}

void ike_cert_x509(Packet *pkt, Cursor *body, TreeNode *parent)
{
	size_t at = cur_off(body);
	size_t n = cur_left(body);
	const uint8_t *p = cur_bytes(body, n);
	TreeNode *d = tree_add_at(parent, IKF(F_CERT_DATA), body, at, n);
	if (cur_wire_left(body)) {
		body->err |= CUR_TRUNCATED;
		return;
	}
	if (!p || n == 0)
		return;
	const unsigned char *q = p;
	X509 *x = d2i_X509(NULL, &q, (long)n);
	if (!x) {
		pkt_event(pkt, EV_IKE_CERT_BAD, body, d);
		return;
	}
	Arena *a = &pkt->ctx->arena;
	if (d) {
		tree_add_string(d, IKF(F_CERT_SUBJECT), body, at, n, name_text(X509_get_subject_name(x), a));
		tree_add_string(d, IKF(F_CERT_ISSUER), body, at, n, name_text(X509_get_issuer_name(x), a));
		tree_add_string(d, IKF(F_CERT_NOT_BEFORE), body, at, n, time_text(X509_get0_notBefore(x), a));
		tree_add_string(d, IKF(F_CERT_NOT_AFTER), body, at, n, time_text(X509_get0_notAfter(x), a));
		EVP_PKEY *k = X509_get0_pubkey(x);
		if (k) {
			int id = EVP_PKEY_get_base_id(k);
			const char *kn = id == EVP_PKEY_RSA	 ? "RSA"
					 : id == EVP_PKEY_EC	 ? "EC"
					 : id == EVP_PKEY_ED25519 ? "Ed25519"
					 : id == EVP_PKEY_ED448	 ? "Ed448"
					 : id == EVP_PKEY_DSA	 ? "DSA"
								 : OBJ_nid2sn(id);
			char buf[64];
			snprintf(buf, sizeof(buf), "%s %d bits", kn ? kn : "unknown", EVP_PKEY_get_bits(k));
			tree_add_string(d, IKF(F_CERT_KEY), body, at, n, buf);
		}
	}
	/* validity at capture time */
	time_t now = (time_t)(pkt->ts_ns / 1000000000);
	if (X509_cmp_time(X509_get0_notAfter(x), &now) < 0 || X509_cmp_time(X509_get0_notBefore(x), &now) > 0)
		pkt_event(pkt, EV_IKE_CERT_EXPIRED, body, d);
	X509_free(x);
}

void ike_certreq_ca(Packet *pkt, Cursor *body, TreeNode *parent, bool v2)
{
	size_t at = cur_off(body);
	size_t n = cur_left(body);
	const uint8_t *p = cur_bytes(body, n);
	if (cur_wire_left(body))
		body->err |= CUR_TRUNCATED;
	if (n == 0) {
		return;
	}
	tree_add_bytes(parent, IKF(F_IKE_CERTREQ_AUTHORITY), body, at, n);
	if (!p || !parent)
		return;
	if (v2) {
		/* SHA-1 hashes of the CAs' SubjectPublicKeyInfo */
		for (size_t i = 0; i + 20 <= n && i < 20 * 32; i += 20) {
			char hex[41];
			for (unsigned j = 0; j < 20; j++)
				snprintf(hex + 2 * j, 3, "%02x", p[i + j]);
			tree_add_string(parent, IKF(F_CERTREQ_CA), body, at + i, 20, hex);
		}
		return;
	}
	const unsigned char *q = p;
	X509_NAME *nm = d2i_X509_NAME(NULL, &q, (long)n);
	if (!nm) {
		pkt_event(pkt, EV_IKE_CERT_BAD, body, parent);
		return;
	}
	tree_add_string(parent, IKF(F_CERTREQ_CA), body, at, n, name_text(nm, &pkt->ctx->arena));
	X509_NAME_free(nm);
}
