/*
 * test_tunnel.c - GRE, ESP, AH and IPComp headers from byte arrays
 * (produced with scapy; the expected texts are what tshark 4.0 prints for
 * the same bytes).
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "dissectors/keyring.h"

/* raw IPv4 / GRE (no options) / IPv4 10.0.0.1 -> 10.0.0.2 / UDP 1234 -> 5678 "hi" */
static const uint8_t gre_plain[] = {
	0x45, 0x00, 0x00, 0x36, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x1e, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x00, 0x00, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2, 0x16, 0x2e,
	0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* raw IPv4 / GRE key 0x1234abcd, sequence 77 / IPv4 / UDP */
static const uint8_t gre_key_seq[] = {
	0x45, 0x00, 0x00, 0x3e, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x16, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x30, 0x00, 0x08, 0x00, 0x12, 0x34, 0xab, 0xcd, 0x00, 0x00, 0x00, 0x4d,
	0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* raw IPv4 / enhanced GRE (PPTP): payload length 34, call id 7, seq 5, ack 4 /
 * PPP ff 03 0021 / IPv4 / UDP */
static const uint8_t gre_v1_ack[] = {
	0x45, 0x00, 0x00, 0x46, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x0e, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x30, 0x81, 0x88, 0x0b, 0x00, 0x22, 0x00, 0x07, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x04, 0xff, 0x03, 0x00, 0x21, 0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2, 0x16, 0x2e,
	0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* raw IPv4 / GRE checksum (correct), key 5, seq 6 / IPv4 back to the sender /
 * GRE protocol 0 (a keepalive) */
static const uint8_t gre_cksum_keepalive[] = {
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x18, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0xb0, 0x00, 0x08, 0x00, 0x47, 0xf4, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x06, 0x45, 0x00, 0x00, 0x18, 0x00, 0x02, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0xb1,
	0xc0, 0x00, 0x02, 0x02, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
};

/* raw IPv4 / GRE 0x6558 / Ethernet / IPv4 / UDP */
static const uint8_t gre_ethbridge[] = {
	0x45, 0x00, 0x00, 0x44, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x10, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x00, 0x00, 0x65, 0x58, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11,
	0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a,
	0x68, 0x6e, 0x68, 0x69,
};

/* raw IPv4 / GRE 0x86dd / IPv6 / UDP 1 -> 2 */
static const uint8_t gre_ipv6[] = {
	0x45, 0x00, 0x00, 0x48, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x0c, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x00, 0x00, 0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x01, 0x00, 0x02, 0x00, 0x08, 0xa4, 0x66,
};

/* raw IPv4 / GRE routing present: one 8-byte SRE, the null SRE / IPv4 / UDP */
static const uint8_t gre_routing[] = {
	0x45, 0x00, 0x00, 0x4a, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x0a, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x40, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x08,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x1e,
	0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* hostile: GRE routing present, an SRE claiming 200 bytes of 4 */
static const uint8_t gre_routing_bogus[] = {
	0x45, 0x00, 0x00, 0x24, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x30, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x40, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0xc8,
	0x01, 0x02, 0x03, 0x04,
};

/* hostile: GRE routing with 40 empty SREs before the null one */
static const uint8_t gre_routing_many[] = {
	0x45, 0x00, 0x00, 0xc0, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf5, 0x94, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x40, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* GRE version 3 / IPv4 / UDP */
static const uint8_t gre_bad_version[] = {
	0x45, 0x00, 0x00, 0x36, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x1e, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x00, 0x03, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2, 0x16, 0x2e,
	0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* GRE protocol 0x88b6 (not known) carrying 6 bytes */
static const uint8_t gre_unknown[] = {
	0x45, 0x00, 0x00, 0x1e, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x36, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x00, 0x00, 0x88, 0xb6, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
};

/* raw IPv4 / ESP SPI 0x12345678 seq 3, 16 bytes of ciphertext */
static const uint8_t esp[] = {
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x77, 0x00, 0x00, 0x40, 0x32, 0xf6, 0x25, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x02, 0x03,
	0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* hostile: an ESP packet of 3 bytes (the IP total length agrees) */
static const uint8_t esp_3[] = {
	0x45, 0x00, 0x00, 0x17, 0x00, 0x77, 0x00, 0x00, 0x40, 0x32, 0xf6, 0x3a, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x12, 0x34, 0x56,
};

/* raw IPv4 / AH tunnel mode (next 4, len 4, SPI 0x91234567, seq 1, 12-byte ICV) /
 * IPv4 / UDP */
static const uint8_t ah_tunnel[] = {
	0x45, 0x00, 0x00, 0x4a, 0x00, 0x77, 0x00, 0x00, 0x40, 0x33, 0xf6, 0x06, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x04, 0x04, 0x00, 0x00, 0x91, 0x23, 0x45, 0x67, 0x00, 0x00, 0x00, 0x01,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0x45, 0x00, 0x00, 0x1e,
	0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* raw IPv4 / AH transport mode (next 17) / UDP 1 -> 2 "xx" */
static const uint8_t ah_transport[] = {
	0x45, 0x00, 0x00, 0x36, 0x00, 0x77, 0x00, 0x00, 0x40, 0x33, 0xf6, 0x1a, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x11, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x00, 0x01, 0x00, 0x02,
	0x00, 0x0a, 0x00, 0x00, 0x78, 0x78,
};

/* hostile: AH payload length 0 (an 8-byte header, shorter than its fixed part) */
static const uint8_t ah_len0[] = {
	0x45, 0x00, 0x00, 0x4a, 0x00, 0x77, 0x00, 0x00, 0x40, 0x33, 0xf6, 0x06, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x45, 0x00, 0x00, 0x1e,
	0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* hostile: AH payload length 255 (1028 bytes) in a 54-byte datagram */
static const uint8_t ah_len255[] = {
	0x45, 0x00, 0x00, 0x4a, 0x00, 0x77, 0x00, 0x00, 0x40, 0x33, 0xf6, 0x06, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x04, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x45, 0x00, 0x00, 0x1e,
	0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x66, 0xcc, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x68, 0x6e, 0x68, 0x69,
};

/* raw IPv4 / IPComp next 4, CPI 2 (DEFLATE), 16 bytes of compressed data */
static const uint8_t ipcomp[] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x77, 0x00, 0x00, 0x40, 0x6c, 0xf5, 0xef, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x04, 0x00, 0x00, 0x02, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* raw IPv4 / IPComp CPI 0x5678, 4 bytes */
static const uint8_t ipcomp_unknown_cpi[] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x77, 0x00, 0x00, 0x40, 0x6c, 0xf5, 0xfb, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x04, 0x00, 0x56, 0x78, 0x00, 0x01, 0x02, 0x03,
};

/* The detail-tree line of the nth node with that field. */
static const char *label(const TestPacket *tp, const char *abbrev, unsigned nth)
{
	static char buf[512];
	const TreeNode *n = t_find(tp, abbrev, nth);
	if (!n)
		return "(absent)";
	tree_node_label(n, buf, sizeof(buf));
	return buf;
}

#define DISSECT(name) t_dissect(T_DLT_RAW, name, sizeof(name), 0)

/* ---- GRE ------------------------------------------------------------ */

Test(tunnel, gre_plain_carries_ipv4)
{
	TestPacket *tp = DISSECT(gre_plain);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.flags_and_version"), "0x0000");
	cr_assert_str_eq(t_field(tp, "gre.proto"), "0x0800");
	cr_assert_str_eq(t_field(tp, "gre.flags.checksum"), "0");
	cr_assert_str_eq(t_field(tp, "gre.flags.version"), "0");
	cr_assert_str_eq(t_field(tp, "gre.flags.reserved"), "0");
	cr_assert_str_eq(t_field(tp, "gre.key"), "");
	cr_assert_str_eq(t_field(tp, "gre.flags.ack"), "");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,10.0.0.1");
	cr_assert_str_eq(t_field(tp, "ip.proto"), "47,17");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "1234");
	cr_assert_str_eq(label(tp, "gre", 0), "Generic Routing Encapsulation (IP)");
	cr_assert_str_eq(label(tp, "gre.proto", 0), "Protocol Type: IP (0x0800)");
	cr_assert_str_eq(label(tp, "gre.flags.checksum", 0), "0... .... .... .... = Checksum Bit: No");
	cr_assert_str_eq(label(tp, "gre.flags.recursion_control", 0),
			 ".... .000 .... .... = Recursion control: 0");
	cr_assert_str_eq(label(tp, "gre.flags.version", 0), ".... .... .... .000 = Version: GRE (0)");
	const TreeNode *g = t_find(tp, "gre", 0);
	cr_assert_eq(g->off, 20);
	cr_assert_eq(g->len, 4);
	cr_assert(tp->pkt.sum.layers & LAYER_GRE);
	cr_assert_eq(tp->pkt.sum.ip.af, 4);
	cr_assert_eq(tp->pkt.sum.ip.src[3], 1); /* the outer datagram */
	cr_assert_eq(tp->pkt.sum.ip.proto, 47);
	cr_assert_str_eq(tp->pkt.proto, "UDP");
	t_free(tp);
}

Test(tunnel, gre_key_and_sequence)
{
	TestPacket *tp = DISSECT(gre_key_seq);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.flags_and_version"), "0x3000");
	cr_assert_str_eq(t_field(tp, "gre.flags.key"), "1");
	cr_assert_str_eq(t_field(tp, "gre.flags.sequence_number"), "1");
	cr_assert_str_eq(t_field(tp, "gre.key"), "0x1234abcd");
	cr_assert_str_eq(t_field(tp, "gre.sequence_number"), "77");
	cr_assert_str_eq(label(tp, "gre.flags.key", 0), "..1. .... .... .... = Key Bit: Yes");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "5678");
	cr_assert_eq(t_find(tp, "gre", 0)->len, 12);
	t_free(tp);
}

Test(tunnel, gre_enhanced_v1_with_ack_carries_ppp)
{
	TestPacket *tp = DISSECT(gre_v1_ack);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.flags_and_version"), "0x3081");
	cr_assert_str_eq(t_field(tp, "gre.proto"), "0x880b");
	cr_assert_str_eq(t_field(tp, "gre.key.payload_length"), "34");
	cr_assert_str_eq(t_field(tp, "gre.key.call_id"), "7");
	cr_assert_str_eq(t_field(tp, "gre.key"), "");
	cr_assert_str_eq(t_field(tp, "gre.sequence_number"), "5");
	cr_assert_str_eq(t_field(tp, "gre.ack_number"), "4");
	cr_assert_str_eq(t_field(tp, "gre.flags.ack"), "1");
	cr_assert_str_eq(t_field(tp, "gre.flags.reserved"), "0");
	cr_assert_str_eq(t_field(tp, "gre.flags.version"), "1");
	cr_assert_str_eq(label(tp, "gre.flags.version", 0), ".... .... .... .001 = Version: Enhanced GRE (1)");
	/* tshark draws ".000 0..." (mask 0x0078); the value is the same */
	cr_assert_str_eq(label(tp, "gre.flags.reserved", 0), ".... .... 0000 0... = Flags (Reserved): 0");
	cr_assert_str_eq(label(tp, "gre", 0), "Generic Routing Encapsulation (PPP)");
	cr_assert(tp->pkt.sum.layers & LAYER_PPP);
	cr_assert_str_eq(t_field(tp, "ppp.protocol"), "0x0021");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,10.0.0.1");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "1234");
	cr_assert_eq(t_find(tp, "gre", 0)->len, 16);
	t_free(tp);
}

Test(tunnel, gre_ack_only_has_no_payload)
{
	/* PPTP acknowledgment: K and A set, no sequence, no payload */
	static const uint8_t ack_only[] = {
		0x45, 0x00, 0x00, 0x20, 0x00, 0x77, 0x00, 0x00, 0x40, 0x2f, 0xf6, 0x34, 0xc0, 0x00, 0x02, 0x01,
		0xc0, 0x00, 0x02, 0x02, 0x20, 0x81, 0x88, 0x0b, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09,
	};
	TestPacket *tp = DISSECT(ack_only);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.ack_number"), "9");
	cr_assert_str_eq(t_field(tp, "gre.sequence_number"), "");
	cr_assert_str_eq(t_field(tp, "gre.key.call_id"), "7");
	cr_assert_str_eq(tp->pkt.proto, "GRE");
	cr_assert_str_eq(tp->pkt.info, "Encapsulated PPP");
	cr_assert_null(t_find(tp, "ppp", 0));
	cr_assert_null(t_find(tp, "data", 0));
	t_free(tp);
}

Test(tunnel, gre_checksum_and_keepalive)
{
	TestPacket *tp = DISSECT(gre_cksum_keepalive);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.checksum"), "0x47f4");
	cr_assert_str_eq(t_field(tp, "gre.checksum.status"), "1");
	cr_assert_str_eq(t_field(tp, "gre.offset"), "0");
	cr_assert_str_eq(label(tp, "gre.checksum", 0), "Checksum: 0x47f4 [correct]");
	cr_assert_str_eq(label(tp, "gre.checksum.status", 0), "[Checksum Status: Good]");
	cr_assert_str_eq(t_field(tp, "gre.key"), "0x00000005");
	cr_assert_str_eq(t_field(tp, "gre.sequence_number"), "6");
	/* the keepalive: IP back to the sender carrying GRE protocol 0 */
	cr_assert_str_eq(t_field(tp, "gre.proto"), "0x0800,0x0000");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,192.0.2.2");
	cr_assert_str_eq(label(tp, "gre", 1), "Generic Routing Encapsulation (Possible GRE keepalive packet)");
	cr_assert_str_eq(tp->pkt.info, "Encapsulated Possible GRE keepalive packet");
	cr_assert_eq(t_has_event(tp, EV_GRE_BAD_CHECKSUM), 0);
	t_free(tp);

	/* the same with one bit of the key flipped */
	uint8_t bad[sizeof(gre_cksum_keepalive)];
	memcpy(bad, gre_cksum_keepalive, sizeof(bad));
	bad[31] ^= 0x01;
	tp = DISSECT(bad);
	cr_assert_str_eq(t_field(tp, "gre.checksum.status"), "0");
	cr_assert_str_eq(label(tp, "gre.checksum", 0), "Checksum: 0x47f4 incorrect, should be 0x47f5");
	cr_assert(t_has_event(tp, EV_GRE_BAD_CHECKSUM));
	t_free(tp);

	/* cut by the snap length: cannot be verified, and says so */
	tp = t_dissect(T_DLT_RAW, gre_cksum_keepalive, 40, sizeof(gre_cksum_keepalive));
	cr_assert_str_eq(t_field(tp, "gre.checksum.status"), "2");
	cr_assert_str_eq(label(tp, "gre.checksum", 0), "Checksum: 0x47f4 [unverified]");
	cr_assert(tp->pkt.err & CUR_TRUNCATED);
	t_free(tp);
}

Test(tunnel, gre_transparent_ethernet_bridging)
{
	TestPacket *tp = DISSECT(gre_ethbridge);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.proto"), "0x6558");
	cr_assert_str_eq(label(tp, "gre", 0), "Generic Routing Encapsulation (Transparent Ethernet bridging)");
	cr_assert_str_eq(t_field(tp, "eth.src"), "02:00:00:00:00:01");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,10.0.0.1");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "1234");
	const TreeNode *e = t_find(tp, "eth", 0);
	cr_assert_not_null(e);
	cr_assert_eq(e->off, 24); /* offsets stay absolute in the frame */
	t_free(tp);
}

Test(tunnel, gre_ipv6)
{
	TestPacket *tp = DISSECT(gre_ipv6);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.proto"), "0x86dd");
	cr_assert_str_eq(t_field(tp, "ipv6.src"), "2001:db8::1");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "2");
	t_free(tp);
}

Test(tunnel, gre_routing_entries)
{
	TestPacket *tp = DISSECT(gre_routing);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "gre.checksum.status"), "2");
	cr_assert_str_eq(t_field(tp, "gre.offset"), "4");
	cr_assert_str_eq(t_field(tp, "gre.routing.address_family"), "2048,0");
	cr_assert_str_eq(t_field(tp, "gre.routing.src_length"), "8,0");
	cr_assert_str_eq(t_field(tp, "gre.routing.information"), "0102030405060708");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,10.0.0.1");
	cr_assert_eq(t_find(tp, "gre", 0)->len, 24);
	t_free(tp);
}

Test(tunnel, gre_routing_hostile)
{
	TestPacket *tp = DISSECT(gre_routing_bogus);
	cr_assert(tp->pkt.err & CUR_MALFORMED);
	cr_assert(t_has_event(tp, EV_MALFORMED));
	cr_assert_str_eq(t_field(tp, "gre.routing.src_length"), "200");
	cr_assert_str_eq(t_field(tp, "gre.routing.information"), "");
	t_free(tp);

	tp = DISSECT(gre_routing_many);
	cr_assert(t_has_event(tp, EV_GRE_TOO_MANY_SRES));
	t_free(tp);
}

Test(tunnel, gre_unknown_version_and_protocol)
{
	TestPacket *tp = DISSECT(gre_bad_version);
	cr_assert(t_has_event(tp, EV_GRE_BAD_VERSION));
	cr_assert_str_eq(t_field(tp, "gre.flags.version"), "3");
	cr_assert_str_eq(label(tp, "gre.flags.version", 0), ".... .... .... .011 = Version: Unknown (3)");
	/* tshark still decodes the payload */
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "1234");
	t_free(tp);

	tp = DISSECT(gre_unknown);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(label(tp, "gre", 0), "Generic Routing Encapsulation (0x88B6 - unknown)");
	cr_assert_str_eq(label(tp, "gre.proto", 0), "Protocol Type: Unknown (0x88b6)");
	cr_assert_str_eq(tp->pkt.info, "Encapsulated 0x88B6 (unknown)");
	cr_assert_str_eq(t_field(tp, "data.data"), "616263646566");
	/* the undecoded payload sits inside the GRE tree, as in tshark */
	const TreeNode *d = t_find(tp, "data", 0);
	cr_assert_not_null(d);
	cr_assert_eq(d->parent, t_find(tp, "gre", 0));
	t_free(tp);
}

/* ---- ESP ------------------------------------------------------------ */

Test(tunnel, esp_header)
{
	TestPacket *tp = DISSECT(esp);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "esp.spi"), "0x12345678");
	cr_assert_str_eq(t_field(tp, "esp.sequence"), "3");
	cr_assert_str_eq(label(tp, "esp.spi", 0), "ESP SPI: 0x12345678 (305419896)");
	cr_assert_str_eq(label(tp, "esp.sequence", 0), "ESP Sequence: 3");
	cr_assert_str_eq(tp->pkt.proto, "ESP");
	cr_assert_str_eq(tp->pkt.info, "ESP (SPI=0x12345678)");
	const TreeNode *e = t_find(tp, "esp", 0);
	cr_assert_eq(e->off, 20);
	cr_assert_eq(e->len, 24); /* the node spans the ciphertext */
	cr_assert_null(t_find(tp, "data", 0));
	cr_assert(tp->pkt.sum.layers & LAYER_ESP);
	cr_assert_eq(tp->pkt.sum.esp.spi, 0x12345678u);
	cr_assert_eq(tp->pkt.sum.esp.seq, 3);
	t_free(tp);
}

Test(tunnel, esp_too_short)
{
	TestPacket *tp = DISSECT(esp_3);
	cr_assert(t_has_event(tp, EV_ESP_TOO_SHORT));
	cr_assert(tp->pkt.err & CUR_MALFORMED);
	cr_assert_str_eq(t_field(tp, "esp.spi"), "");
	cr_assert_eq(tp->pkt.sum.layers & LAYER_ESP, 0);
	t_free(tp);

	/* cut by the snap length after the SPI: truncated, SPI kept */
	tp = t_dissect(T_DLT_RAW, esp, 26, sizeof(esp));
	cr_assert_eq(t_has_event(tp, EV_ESP_TOO_SHORT), 0);
	cr_assert(tp->pkt.err & CUR_TRUNCATED);
	cr_assert_eq(tp->pkt.err & CUR_MALFORMED, 0);
	cr_assert_str_eq(t_field(tp, "esp.spi"), "0x12345678");
	cr_assert_eq(tp->pkt.sum.esp.spi, 0x12345678u);
	t_free(tp);
}

/* ---- AH ------------------------------------------------------------- */

Test(tunnel, ah_tunnel_mode)
{
	TestPacket *tp = DISSECT(ah_tunnel);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "ah.next_header"), "4");
	cr_assert_str_eq(t_field(tp, "ah.length"), "4");
	cr_assert_str_eq(t_field(tp, "ah.reserved"), "0000");
	cr_assert_str_eq(t_field(tp, "ah.spi"), "0x91234567");
	cr_assert_str_eq(t_field(tp, "ah.sequence"), "1");
	cr_assert_str_eq(t_field(tp, "ah.icv"), "a0a1a2a3a4a5a6a7a8a9aaab");
	cr_assert_str_eq(label(tp, "ah.next_header", 0), "Next header: IPIP (4)");
	cr_assert_str_eq(label(tp, "ah.length", 0), "Length: 4 (24 bytes)");
	cr_assert_str_eq(label(tp, "ah.spi", 0), "AH SPI: 0x91234567");
	/* the inner datagram: its fields appear a second time, as in tshark */
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,10.0.0.1");
	cr_assert_str_eq(t_field(tp, "ip.dst"), "192.0.2.2,10.0.0.2");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "5678");
	const TreeNode *a = t_find(tp, "ah", 0);
	cr_assert_eq(a->off, 20);
	cr_assert_eq(a->len, 24);
	cr_assert(tp->pkt.sum.layers & LAYER_AH);
	cr_assert_eq(tp->pkt.sum.ip.src[0], 192);
	t_free(tp);
}

Test(tunnel, ah_transport_mode)
{
	TestPacket *tp = DISSECT(ah_transport);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "ah.next_header"), "17");
	cr_assert_str_eq(t_field(tp, "ah.spi"), "0x00000100");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "1");
	cr_assert_str_eq(t_field(tp, "data.data"), "7878");
	cr_assert_str_eq(tp->pkt.proto, "UDP");
	t_free(tp);

	/* an unknown next header: the rest is data, the info stays AH's */
	uint8_t unk[sizeof(ah_transport)];
	memcpy(unk, ah_transport, sizeof(unk));
	unk[20] = 253;
	tp = DISSECT(unk);
	cr_assert_str_eq(label(tp, "ah.next_header", 0), "Next header: Unknown (253)");
	cr_assert_str_eq(tp->pkt.proto, "AH");
	cr_assert_str_eq(tp->pkt.info, "AH (SPI=0x00000100)");
	cr_assert_not_null(t_find(tp, "data", 0));
	t_free(tp);
}

Test(tunnel, ah_bad_lengths)
{
	TestPacket *tp = DISSECT(ah_len0);
	cr_assert(t_has_event(tp, EV_AH_BAD_LENGTH));
	cr_assert_str_eq(t_field(tp, "ah.length"), "0");
	cr_assert_str_eq(t_field(tp, "ah.spi"), "0x00000100");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1"); /* nothing parsed after it */
	t_free(tp);

	tp = DISSECT(ah_len255);
	cr_assert(t_has_event(tp, EV_AH_BAD_LENGTH));
	cr_assert(tp->pkt.err & CUR_MALFORMED);
	cr_assert_str_eq(t_field(tp, "ah.icv"), "");
	cr_assert_str_eq(label(tp, "ah.length", 0), "Length: 255 (1028 bytes)");
	t_free(tp);

	/* length 1: a 12-byte header with an empty ICV is accepted */
	uint8_t one[sizeof(ah_transport)];
	memcpy(one, ah_transport, sizeof(one));
	one[21] = 1;
	tp = DISSECT(one);
	cr_assert_eq(t_has_event(tp, EV_AH_BAD_LENGTH), 0);
	cr_assert_str_eq(label(tp, "ah.icv", 0), "AH ICV: <MISSING>");
	t_free(tp);
}

/* ---- IPComp --------------------------------------------------------- */

Test(tunnel, ipcomp_header)
{
	TestPacket *tp = DISSECT(ipcomp);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_str_eq(t_field(tp, "ipcomp.next_header"), "0x04");
	cr_assert_str_eq(t_field(tp, "ipcomp.flags"), "0x00");
	cr_assert_str_eq(t_field(tp, "ipcomp.cpi"), "0x0002");
	cr_assert_str_eq(label(tp, "ipcomp.next_header", 0), "Next Header: IPIP (0x04)");
	cr_assert_str_eq(label(tp, "ipcomp.cpi", 0), "IPComp CPI: DEFLATE (0x0002)");
	cr_assert_str_eq(t_field(tp, "data.data"), "000102030405060708090a0b0c0d0e0f");
	cr_assert_str_eq(tp->pkt.proto, "IPComp");
	cr_assert_str_eq(tp->pkt.info, "IPComp (CPI=DEFLATE)");
	cr_assert(tp->pkt.sum.layers & LAYER_IPCOMP);
	const TreeNode *d = t_find(tp, "data", 0);
	cr_assert_eq(d->parent, t_find(tp, "ipcomp", 0));
	t_free(tp);

	tp = DISSECT(ipcomp_unknown_cpi);
	cr_assert_str_eq(label(tp, "ipcomp.cpi", 0), "IPComp CPI: Unknown (0x5678)");
	cr_assert_str_eq(tp->pkt.info, "IPComp (CPI=0x5678)");
	t_free(tp);
}

/* ---- robustness ----------------------------------------------------- */

typedef struct {
	const uint8_t *b;
	size_t n;
} Sample;

#define SAMPLE(x) { x, sizeof(x) }

static const Sample well_formed[] = {
	SAMPLE(gre_plain),   SAMPLE(gre_key_seq),     SAMPLE(gre_v1_ack),   SAMPLE(gre_cksum_keepalive),
	SAMPLE(gre_ethbridge), SAMPLE(gre_ipv6),      SAMPLE(gre_routing),  SAMPLE(gre_unknown),
	SAMPLE(esp),         SAMPLE(ah_tunnel),       SAMPLE(ah_transport), SAMPLE(ipcomp),
	SAMPLE(ipcomp_unknown_cpi),
};

static const Sample hostile[] = {
	SAMPLE(gre_routing_bogus), SAMPLE(gre_routing_many), SAMPLE(gre_bad_version), SAMPLE(esp_3),
	SAMPLE(ah_len0),           SAMPLE(ah_len255),
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Every prefix of every packet: no crash (ASan/UBSan watch the reads),
 * and a prefix shorter than the packet is flagged truncated. */
Test(tunnel, every_prefix_truncates_cleanly)
{
	for (size_t i = 0; i < N_OF(well_formed); i++)
		t_every_prefix(T_DLT_RAW, well_formed[i].b, well_formed[i].n, 1);
	for (size_t i = 0; i < N_OF(hostile); i++)
		for (size_t len = 0; len <= hostile[i].n; len++)
			t_free(t_dissect(T_DLT_RAW, hostile[i].b, len, hostile[i].n));
}

/* Every shorter wire length (the IP total length then lies), and the
 * summary-only path without a tree: never an overread. */
Test(tunnel, lying_lengths_and_summary_only)
{
	DissectOptions o;
	dissect_options_default(&o);
	DissectCtx *ctx = dissect_ctx_new(&o);
	const Sample *sets[] = { well_formed, hostile };
	size_t counts[] = { N_OF(well_formed), N_OF(hostile) };
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < counts[k]; i++) {
			const Sample *s = &sets[k][i];
			for (size_t len = 0; len <= s->n; len++) {
				t_free(t_dissect(T_DLT_RAW, s->b, len, len));
				uint8_t *copy = malloc(len ? len : 1);
				cr_assert_not_null(copy);
				memcpy(copy, s->b, len);
				Packet pkt;
				memset(&pkt, 0, sizeof(pkt));
				dissect_frame(ctx, &pkt, T_DLT_RAW, copy, (uint32_t)len, (uint32_t)s->n, 0, len + 1);
				cr_assert_null(pkt.tree);
				free(copy);
			}
		}
	/* the summary path fills the same summary as the tree path */
	Packet pkt;
	memset(&pkt, 0, sizeof(pkt));
	dissect_frame(ctx, &pkt, T_DLT_RAW, esp, sizeof(esp), sizeof(esp), 0, 1);
	cr_assert_eq(pkt.sum.esp.spi, 0x12345678u);
	cr_assert_eq(pkt.sum.esp.seq, 3);
	dissect_ctx_free(ctx);
}

/* Nested GRE-in-GRE far beyond the depth cap stops cleanly. */
Test(tunnel, gre_nesting_is_capped)
{
	enum { LEVELS = 40 };
	uint8_t buf[LEVELS * 24 + 8];
	size_t n = 0;
	for (unsigned i = 0; i < LEVELS; i++) {
		size_t total = sizeof(buf) - n;
		const uint8_t ip[20] = { 0x45, 0, (uint8_t)(total >> 8), (uint8_t)total, 0, 1, 0, 0, 64, 47, 0, 0,
					 192, 0, 2, 1, 192, 0, 2, 2 };
		memcpy(buf + n, ip, sizeof(ip));
		n += sizeof(ip);
		const uint8_t gre[4] = { 0x00, 0x00, 0x08, 0x00 };
		memcpy(buf + n, gre, sizeof(gre));
		n += sizeof(gre);
	}
	memset(buf + n, 0xab, sizeof(buf) - n);
	TestPacket *tp = t_dissect(T_DLT_RAW, buf, sizeof(buf), 0);
	cr_assert(t_has_event(tp, EV_NESTING_TOO_DEEP));
	t_free(tp);
}

/* ---- deep nesting (issue 11) --------------------------------------------- */

/* Prepend an IPv4 header carrying `proto` to buf[off..end); returns the new start. */
static size_t nest_ipv4(uint8_t *buf, size_t off, size_t end, uint8_t proto)
{
	size_t total = end - off + 20;
	const uint8_t ip[20] = { 0x45, 0, (uint8_t)(total >> 8), (uint8_t)total, 0, 1, 0, 0, 64, proto, 0, 0,
				 192, 0, 2, 1, 192, 0, 2, 2 };
	memcpy(buf + off - 20, ip, 20);
	return off - 20;
}

/* 200 levels of IP-in-IP end at the depth cap, with the event, and the
 * outer layers are still summarised. */
Test(tunnel, ip_in_ip_200_levels_is_capped)
{
	enum { LEVELS = 200 };
	static uint8_t buf[LEVELS * 20 + 64];
	size_t end = sizeof(buf), off = end - 16;
	memset(buf + off, 0xab, 16);
	off = nest_ipv4(buf, off, end, 59);
	for (unsigned i = 1; i < LEVELS; i++)
		off = nest_ipv4(buf, off, end, 4);
	TestPacket *tp = t_dissect(T_DLT_RAW, buf + off, end - off, 0);
	cr_assert(t_has_event(tp, EV_NESTING_TOO_DEEP));
	cr_assert_eq(tp->pkt.sum.ip.af, 4);
	cr_assert_eq(tp->pkt.sum.ip.proto, 4);
	cr_assert_eq(tp->pkt.depth, 0, "every level entered was left");
	t_free(tp);
}

/* ESP with a NULL-cipher key, nested 40 deep (next header 50), inside
 * UDP/4500 inside GRE inside IP-in-IP: decrypted level after level until
 * the depth cap stops it cleanly. */
Test(tunnel, esp_in_esp_with_keys_in_udp_in_gre_in_ipip_is_capped)
{
	Keyring *kr = keyring_new();
	const char *sa = "\"IPv4\",\"*\",\"*\",\"0x00000100\",\"NULL\",\"\",\"NULL\",\"\"\n";
	GError *e = NULL;
	cr_assert_eq(keyring_load_text(kr, "nest", sa, strlen(sa), &e), 1);
	static uint8_t buf[4096], cur[2048], next[2048];
	size_t len = 0;
	uint8_t nh = 59; /* innermost: no next header, empty */
	for (unsigned i = 0; i < 40; i++) {
		/* SPI, sequence number, payload, padding to 4 bytes, pad length, next header */
		size_t pad = (4 - (len + 2) % 4) % 4, n = 0;
		const uint8_t hdr[8] = { 0, 0, 1, 0, 0, 0, 0, (uint8_t)(i + 1) };
		memcpy(next, hdr, 8);
		n = 8;
		memcpy(next + n, cur, len);
		n += len;
		for (size_t k = 0; k < pad; k++)
			next[n++] = (uint8_t)(k + 1);
		next[n++] = (uint8_t)pad;
		next[n++] = nh;
		memcpy(cur, next, n);
		len = n;
		nh = 50;
	}
	size_t end = sizeof(buf), off = end - len;
	memcpy(buf + off, cur, len);
	/* UDP/4500 */
	size_t ulen = end - off + 8;
	off -= 8;
	const uint8_t udp[8] = { 0x11, 0x94, 0x11, 0x94, (uint8_t)(ulen >> 8), (uint8_t)ulen, 0, 0 };
	memcpy(buf + off, udp, 8);
	off = nest_ipv4(buf, off, end, 17);
	/* GRE carrying IPv4 */
	off -= 4;
	const uint8_t gre[4] = { 0, 0, 0x08, 0x00 };
	memcpy(buf + off, gre, 4);
	off = nest_ipv4(buf, off, end, 47);
	off = nest_ipv4(buf, off, end, 4);
	TestPacket *tp = t_dissect(T_DLT_RAW, buf + off, end - off, 0);
	dissect_ctx_set_keyring(tp->ctx, kr);
	t_dissect_more(tp, T_DLT_RAW, buf + off, end - off, 0);
	cr_assert(tp->pkt.sum.layers & LAYER_GRE);
	cr_assert(tp->pkt.sum.layers & LAYER_ESP);
	cr_assert(tp->pkt.sum.esp.decrypted, "the outer ESP levels decrypt with the NULL key");
	cr_assert(t_has_event(tp, EV_NESTING_TOO_DEEP));
	cr_assert_eq(tp->pkt.depth, 0);
	t_free(tp);
	keyring_free(kr);
}
