/*
 * fuzz_wrap.h - shared by the libFuzzer harnesses: wrap fuzz bytes in the
 * IPv4/IPv6 + UDP/TCP headers a dissector entry point expects, and a
 * keyring with a few fixed keys so the decryption paths run.  Harness
 * code only (static helpers, compiled into each harness).
 */
#ifndef IKS_FUZZ_WRAP_H
#define IKS_FUZZ_WRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dissectors/dissect.h"
#include "dissectors/keyring.h"

#define FZ_LT_IPV4 228
#define FZ_LT_IPV6 229
#define FZ_MAX_FRAME 65535

/* the fixed keys: IKEv1 / IKEv2 SAs by cookie, ESP SAs by SPI */
static const uint8_t fz_v1_icookie[8] = { 0x63, 0x77, 0x49, 0x82, 0x93, 0xb3, 0xdc, 0x88 };
static const uint8_t fz_v2_spi_i[8] = { 0x2a, 0x4c, 0xcc, 0x2a, 0x2c, 0xd8, 0xeb, 0x9a };
static const uint8_t fz_v2_spi_r[8] = { 0x5d, 0x0a, 0x0d, 0xac, 0x20, 0x44, 0x90, 0xdf };
/* sk_ai / sk_ar of the IKEv2 line below (HMAC-SHA2-256-128) */
static const char fz_v2_sk_ai[] = "f26f73051f027a674bb071a98450deeef788e092f351971cf7fd76b208a9a06c";
static const char fz_v2_sk_ar[] = "0dc8d2a36c11c9a8e7398b26ce3164084d3fa9aa8ba913d71dde74a4d6255bd3";

static const char fz_keys_v1[] =
	"6377498293b3dc88,c2fb2a760da19c2a2f245dada3ce9b4c36684e1906eab3fe502e1c69b9561fb3\n";
static const char fz_keys_v2[] =
	"2a4ccc2a2cd8eb9a,5d0a0dac204490df,adfe8ae4c9fc5d63ff6fe91b2469b8e9438f7bddd6d3aaeb88e85656d8926a4a,"
	"436d2b812724f1d83954d63fc0212ded367bd14737888aeb41f189a04b203f14,\"AES-CBC-256 [RFC3602]\","
	"f26f73051f027a674bb071a98450deeef788e092f351971cf7fd76b208a9a06c,"
	"0dc8d2a36c11c9a8e7398b26ce3164084d3fa9aa8ba913d71dde74a4d6255bd3,\"HMAC_SHA2_256_128 [RFC4868]\"\n";

/* ESP SAs: index -> SPI; the HMAC-SHA1 key is that of SA 0 */
enum { FZ_N_SAS = 6 };
static const uint32_t fz_sa_spi[FZ_N_SAS] = { 0xc38baf6b, 0x00001001, 0x00001002, 0x00001003, 0x00001004, 0x00001005 };
static const char fz_sa0_akey[] = "f104cdb06dbf750693e753daf0af310e839d7c34";
static const char fz_keys_esp[] =
	"\"IPv4\",\"*\",\"*\",\"0xc38baf6b\",\"AES-CBC [RFC3602]\","
	"\"0xc5fc2ae6f45e15e06f8cd92e8cba71b45048875a5c272319a83ae5ec5abaac44\",\"HMAC-SHA-1-96 [RFC2404]\","
	"\"0xf104cdb06dbf750693e753daf0af310e839d7c34\"\n"
	"\"IPv4\",\"*\",\"*\",\"0x00001001\",\"AES-CBC [RFC3602]\",\"0x000102030405060708090a0b0c0d0e0f\","
	"\"NULL\",\"\"\n"
	"\"IPv4\",\"*\",\"*\",\"0x00001002\",\"NULL\",\"\",\"NULL\",\"\"\n"
	"\"IPv4\",\"*\",\"*\",\"0x00001003\",\"AES-GCM with 16 octet ICV [RFC4106]\","
	"\"0x000102030405060708090a0b0c0d0e0f10111213\",\"NULL\",\"\"\n"
	"\"IPv4\",\"*\",\"*\",\"0x00001004\",\"TripleDES-CBC [RFC2451]\","
	"\"0x000102030405060708090a0b0c0d0e0f1011121314151617\",\"HMAC-MD5-96 [RFC2403]\","
	"\"0x000102030405060708090a0b0c0d0e0f\"\n"
	"\"IPv4\",\"*\",\"*\",\"0x00001005\",\"NULL\",\"\",\"HMAC-SHA-256-128 [RFC4868]\","
	"\"0x000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f\"\n";

static inline size_t fz_unhex(const char *h, uint8_t *out, size_t max)
{
	size_t n = 0;
	while (h[0] && h[1] && n < max) {
		unsigned v;
		if (sscanf(h, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

static inline Keyring *fz_keyring(void)
{
	Keyring *kr = keyring_new();
	GError *err = NULL;
	if (keyring_load_text(kr, "fuzz-esp", fz_keys_esp, strlen(fz_keys_esp), &err) < 0 ||
	    keyring_load_text(kr, "fuzz-v1", fz_keys_v1, strlen(fz_keys_v1), &err) < 0 ||
	    keyring_load_text(kr, "fuzz-v2", fz_keys_v2, strlen(fz_keys_v2), &err) < 0) {
		fprintf(stderr, "fuzz keyring: %s\n", err ? err->message : "?");
		abort();
	}
	if (keyring_n_sas(kr) != FZ_N_SAS || keyring_n_ikev1(kr) != 1 || keyring_n_ikev2(kr) != 1) {
		fprintf(stderr, "fuzz keyring: %zu SAs, %zu v1, %zu v2 loaded\n", keyring_n_sas(kr),
			keyring_n_ikev1(kr), keyring_n_ikev2(kr));
		abort();
	}
	return kr;
}

/* Overwrite the ICV (last icv bytes) with a valid HMAC over the rest. */
static inline void fz_hmac_icv(const EVP_MD *md, const uint8_t *key, size_t klen, uint8_t *p, size_t n, size_t icv)
{
	if (n < icv)
		return;
	uint8_t mac[EVP_MAX_MD_SIZE];
	unsigned mlen = 0;
	if (HMAC(md, key, (int)klen, p, n - icv, mac, &mlen) && mlen >= icv)
		memcpy(p + n - icv, mac, icv);
}

static const uint8_t fz_addr4[4][4] = { { 192, 0, 2, 1 }, { 198, 51, 100, 7 }, { 203, 0, 113, 9 }, { 10, 1, 2, 3 } };
static const uint8_t fz_server4[4] = { 198, 51, 100, 1 };

/* IPv4 header (20 bytes) + payload; returns the frame length. */
static inline size_t fz_ipv4(uint8_t *out, const uint8_t src[4], const uint8_t dst[4], uint8_t proto, const uint8_t *pl,
			     size_t n)
{
	if (n > FZ_MAX_FRAME - 20)
		n = FZ_MAX_FRAME - 20;
	size_t total = 20 + n;
	uint8_t h[20] = { 0x45, 0, (uint8_t)(total >> 8), (uint8_t)total, 0x12, 0x34, 0x40, 0, 64, proto, 0, 0 };
	memcpy(h + 12, src, 4);
	memcpy(h + 16, dst, 4);
	uint16_t ck = inet_cksum_fold(inet_cksum_add(0, h, 20));
	h[10] = (uint8_t)(ck >> 8);
	h[11] = (uint8_t)ck;
	memcpy(out, h, 20);
	memmove(out + 20, pl, n);
	return total;
}

/* IPv6 header (40 bytes) + payload. */
static inline size_t fz_ipv6(uint8_t *out, uint8_t last_src, uint8_t last_dst, uint8_t nh, const uint8_t *pl, size_t n)
{
	if (n > FZ_MAX_FRAME - 40)
		n = FZ_MAX_FRAME - 40;
	uint8_t h[40] = { 0x60, 0, 0, 0, (uint8_t)(n >> 8), (uint8_t)n, nh, 64 };
	h[8] = 0x20, h[9] = 0x01, h[10] = 0x0d, h[11] = 0xb8, h[23] = last_src;
	h[24] = 0x20, h[25] = 0x01, h[26] = 0x0d, h[27] = 0xb8, h[39] = last_dst;
	memcpy(out, h, 40);
	memmove(out + 40, pl, n);
	return 40 + n;
}

/* UDP header + payload into `udp` (8 + n bytes, checksum 0). */
static inline size_t fz_udp(uint8_t *udp, uint16_t sport, uint16_t dport, const uint8_t *pl, size_t n)
{
	if (n > FZ_MAX_FRAME - 60 - 8)
		n = FZ_MAX_FRAME - 60 - 8;
	size_t len = 8 + n;
	uint8_t h[8] = { (uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8), (uint8_t)dport,
			 (uint8_t)(len >> 8), (uint8_t)len, 0, 0 };
	memmove(udp + 8, pl, n);
	memcpy(udp, h, 8);
	return len;
}

/* TCP header (20 bytes, PSH|ACK) + payload. */
static inline size_t fz_tcp(uint8_t *tcp, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
			    const uint8_t *pl, size_t n)
{
	if (n > FZ_MAX_FRAME - 60 - 20)
		n = FZ_MAX_FRAME - 60 - 20;
	uint8_t h[20] = { (uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8), (uint8_t)dport,
			  (uint8_t)(seq >> 24), (uint8_t)(seq >> 16), (uint8_t)(seq >> 8), (uint8_t)seq,
			  (uint8_t)(ack >> 24), (uint8_t)(ack >> 16), (uint8_t)(ack >> 8), (uint8_t)ack,
			  0x50, flags, 0xff, 0xff, 0, 0, 0, 0 };
	memmove(tcp + 20, pl, n);
	memcpy(tcp, h, 20);
	return 20 + n;
}

/* Render the whole tree (labels and -T fields text), as dissect -V would. */
static bool fz_render_node(const TreeNode *n, unsigned depth, void *user)
{
	(void)depth;
	char buf[2048];
	size_t *total = user;
	*total += tree_node_label(n, buf, sizeof(buf));
	*total += tree_node_field_text(n, buf, sizeof(buf));
	return true;
}

static inline size_t fz_render(const Packet *pkt)
{
	size_t total = 0;
	tree_walk(pkt->tree, fz_render_node, &total);
	return total;
}

#endif
