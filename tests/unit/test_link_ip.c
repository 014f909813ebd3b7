/*
 * test_link_ip.c - link layers, IPv4, IPv6, UDP and TCP from byte arrays.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"

/* Ethernet / IPv4 DF / UDP 500 -> 500, 8 bytes of payload */
static const uint8_t eth_udp500[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0xc2, 0x42, 0xc6, 0x33, 0x64, 0x0a, 0xcb, 0x00,
	0x71, 0x14, 0x01, 0xf4, 0x01, 0xf4, 0x00, 0x10, 0x95, 0x93, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00,
};

/* 802.1ad 100 / 802.1Q 200 prio 5 / IPv4 / UDP 4500 -> 4500, one 0xff byte */
static const uint8_t qinq_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x88, 0xa8, 0x00, 0x64,
	0x81, 0x00, 0xa0, 0xc8, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1d, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11,
	0xf6, 0xcb, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00, 0x02, 0x02, 0x11, 0x94, 0x11, 0x94, 0x00, 0x09,
	0x59, 0xaf, 0xff,
};

/* raw IPv4 with a record-route option / UDP 1701 */
static const uint8_t ipv4_opts[] = {
	0x47, 0x00, 0x00, 0x26, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0xdf, 0xf9, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x07, 0x07, 0x04, 0xc0, 0x00, 0x02, 0x09, 0x00, 0x06, 0xa5, 0x06, 0xa5,
	0x00, 0x0a, 0x0d, 0x2a, 0x61, 0x62,
};

/* raw IPv6 / hop-by-hop / destination options / UDP 500 */
static const uint8_t ipv6_ext[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x11, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0xf4, 0x01, 0xf4, 0x00, 0x10, 0xcf, 0x9c,
	0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38,
};

/* Linux cooked v1, outgoing / IPv4 / UDP 53 -> 3333 */
static const uint8_t sll_udp[] = {
	0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0xf6, 0xcc, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x00, 0x35, 0x0d, 0x05, 0x00, 0x08, 0x6e, 0xa0,
};

/* raw IPv4 / TCP SYN 40000 -> 1723 with an MSS option */
static const uint8_t tcp_syn[] = {
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0xf6, 0xc7, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x9c, 0x40, 0x06, 0xbb, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x02, 0x20, 0x00, 0x4d, 0x3f, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
};

Test(link_ip, ethernet_ipv4_udp)
{
	TestPacket *tp = t_dissect(T_DLT_EN10MB, eth_udp500, sizeof(eth_udp500), 0);
	cr_assert_str_eq(t_field(tp, "eth.src"), "02:00:00:00:00:01");
	cr_assert_str_eq(t_field(tp, "eth.type"), "0x0800");
	cr_assert_str_eq(t_field(tp, "ip.src"), "198.51.100.10");
	cr_assert_str_eq(t_field(tp, "ip.dst"), "203.0.113.20");
	cr_assert_str_eq(t_field(tp, "ip.addr"), "198.51.100.10,203.0.113.20");
	cr_assert_str_eq(t_field(tp, "ip.proto"), "17");
	cr_assert_str_eq(t_field(tp, "ip.id"), "0x1234");
	cr_assert_str_eq(t_field(tp, "ip.flags"), "0x02");
	cr_assert_str_eq(t_field(tp, "ip.flags.df"), "1");
	cr_assert_str_eq(t_field(tp, "ip.checksum.status"), "2", "unverified by default, as in tshark");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	cr_assert_str_eq(t_field(tp, "udp.port"), "500,500");
	cr_assert_str_eq(t_field(tp, "udp.length"), "16");
	cr_assert_str_eq(t_field(tp, "frame.len"), "50");
	const PacketSummary *s = &tp->pkt.sum;
	cr_assert(s->layers & LAYER_ETH);
	cr_assert(s->layers & LAYER_UDP);
	cr_assert_eq(s->ip.af, 4);
	cr_assert_eq(s->ip.proto, 17);
	cr_assert_eq(s->ip.sport, 500);
	cr_assert_eq(s->ip.dst[0], 203);
	cr_assert_eq(tp->pkt.err, 0);
	cr_assert_eq(tp->pkt.n_events, 0);
	cr_assert_str_eq(tp->pkt.proto, "UDP");
	t_free(tp);
}

Test(link_ip, bad_ip_checksum_is_an_event)
{
	uint8_t b[sizeof(eth_udp500)];
	memcpy(b, eth_udp500, sizeof(b));
	b[24] ^= 0xff;
	TestPacket *tp = t_dissect(T_DLT_EN10MB, b, sizeof(b), 0);
	cr_assert(!t_has_event(tp, EV_IP_BAD_CHECKSUM), "not checked unless asked");
	tp->ctx->opt.check_ip_checksum = true;
	t_dissect_more(tp, T_DLT_EN10MB, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "ip.checksum.status"), "0");
	cr_assert(t_has_event(tp, EV_IP_BAD_CHECKSUM));
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "500", "still dissected");
	t_free(tp);
}

Test(link_ip, ethernet_padding_is_cut_by_ip_length)
{
	uint8_t b[64];
	memset(b, 0xee, sizeof(b));
	memcpy(b, eth_udp500, sizeof(eth_udp500));
	TestPacket *tp = t_dissect(T_DLT_EN10MB, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "udp.length"), "16");
	cr_assert_eq(tp->pkt.n_events, 0, "padding is not an error");
	t_free(tp);
}

Test(link_ip, qinq)
{
	TestPacket *tp = t_dissect(T_DLT_EN10MB, qinq_udp, sizeof(qinq_udp), 0);
	cr_assert_str_eq(t_field(tp, "ieee8021ad.id"), "100");
	cr_assert_str_eq(t_field(tp, "vlan.id"), "200");
	cr_assert_str_eq(t_field(tp, "vlan.priority"), "5");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "4500");
	cr_assert(tp->pkt.sum.layers & LAYER_VLAN);
	t_free(tp);
}

Test(link_ip, ipv4_options)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, ipv4_opts, sizeof(ipv4_opts), 0);
	cr_assert_str_eq(t_field(tp, "ip.hdr_len"), "28");
	cr_assert_str_eq(t_field(tp, "ip.options"), "070704c000020900");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "1701");
	tp->ctx->opt.check_ip_checksum = true;
	t_dissect_more(tp, T_DLT_RAW, ipv4_opts, sizeof(ipv4_opts), 0);
	cr_assert_str_eq(t_field(tp, "ip.checksum.status"), "1", "checksum over the options too");
	t_free(tp);
}

Test(link_ip, ipv6_extension_headers)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, ipv6_ext, sizeof(ipv6_ext), 0);
	cr_assert_str_eq(t_field(tp, "ipv6.src"), "2001:db8::1");
	cr_assert_str_eq(t_field(tp, "ipv6.dst"), "2001:db8::2");
	cr_assert_str_eq(t_field(tp, "ipv6.nxt"), "0");
	cr_assert_str_eq(t_field(tp, "ipv6.flow"), "0x000000");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	cr_assert_eq(tp->pkt.sum.ip.af, 6);
	cr_assert_eq(tp->pkt.sum.ip.proto, 17, "the upper-layer protocol, past the extension headers");
	t_free(tp);
}

Test(link_ip, linux_cooked)
{
	TestPacket *tp = t_dissect(113, sll_udp, sizeof(sll_udp), 0);
	cr_assert_str_eq(t_field(tp, "sll.pkttype"), "4");
	cr_assert_str_eq(t_field(tp, "sll.src.eth"), "02:00:00:00:00:01");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "53");
	t_free(tp);
}

Test(link_ip, linux_cooked_v2)
{
	uint8_t b[20 + 28];
	memset(b, 0, 20);
	b[0] = 0x08; /* protocol 0x0800 */
	b[7] = 3;    /* ifindex */
	b[9] = 1;    /* ARPHRD_ETHER */
	b[10] = 0;   /* to us */
	b[11] = 6;
	memcpy(b + 20, sll_udp + 16, 28);
	TestPacket *tp = t_dissect(276, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "sll.ifindex"), "3");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "3333");
	t_free(tp);
}

Test(link_ip, bsd_null_both_byte_orders)
{
	uint8_t b[4 + 28];
	memcpy(b + 4, sll_udp + 16, 28);
	memcpy(b, "\x02\x00\x00\x00", 4); /* little-endian AF_INET */
	TestPacket *tp = t_dissect(0, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "null.family"), "2");
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1");
	t_free(tp);
	memcpy(b, "\x00\x00\x00\x02", 4); /* written big-endian */
	tp = t_dissect(0, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1");
	t_free(tp);
	tp = t_dissect(108, b, sizeof(b), 0); /* DLT_LOOP: network order */
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1");
	t_free(tp);
}

Test(link_ip, ppp_link_with_and_without_hdlc_header)
{
	uint8_t b[4 + 28];
	memcpy(b, "\xff\x03\x00\x21", 4);
	memcpy(b + 4, sll_udp + 16, 28);
	TestPacket *tp = t_dissect(9, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "ppp.protocol"), "0x0021");
	cr_assert_str_eq(t_field(tp, "ip.dst"), "192.0.2.2");
	t_free(tp);
	tp = t_dissect(9, b + 2, sizeof(b) - 2, 0);
	cr_assert_str_eq(t_field(tp, "ip.dst"), "192.0.2.2");
	t_free(tp);
	static const uint8_t lcp[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };
	tp = t_dissect(9, lcp, sizeof(lcp), 0);
	cr_assert_str_eq(t_field(tp, "ppp.protocol"), "0xc021");
	cr_assert_str_eq(tp->pkt.info, "Configuration Request");
	t_free(tp);
}

Test(link_ip, tcp_header)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, tcp_syn, sizeof(tcp_syn), 0);
	cr_assert_str_eq(t_field(tp, "tcp.srcport"), "40000");
	cr_assert_str_eq(t_field(tp, "tcp.dstport"), "1723");
	cr_assert_str_eq(t_field(tp, "tcp.flags"), "0x0002");
	cr_assert_str_eq(t_field(tp, "tcp.flags.syn"), "1");
	cr_assert_str_eq(t_field(tp, "tcp.hdr_len"), "24");
	cr_assert_eq(tp->pkt.sum.tcp.flags, 0x02);
	cr_assert_eq(tp->pkt.sum.tcp.seq, 1000);
	t_free(tp);
}

Test(link_ip, unknown_link_type)
{
	TestPacket *tp = t_dissect(147, eth_udp500, sizeof(eth_udp500), 0);
	cr_assert(t_has_event(tp, EV_LINK_UNSUPPORTED));
	cr_assert_str_eq(t_field(tp, "data.len"), "50");
	t_free(tp);
}

Test(link_ip, bogus_versions_and_lengths)
{
	uint8_t b[sizeof(ipv4_opts)];
	memcpy(b, ipv4_opts, sizeof(b));
	b[0] = 0x43; /* IHL 12 bytes */
	TestPacket *tp = t_dissect(T_DLT_RAW, b, sizeof(b), 0);
	cr_assert(t_has_event(tp, EV_IP_BAD_HDR_LEN));
	t_free(tp);
	memcpy(b, ipv4_opts, sizeof(b));
	b[2] = 0xff; /* total length beyond the frame */
	tp = t_dissect(T_DLT_RAW, b, sizeof(b), 0);
	cr_assert(t_has_event(tp, EV_IP_BAD_TOTAL_LEN));
	t_free(tp);
	memcpy(b, ipv4_opts, sizeof(b));
	b[0] = 0x75; /* version 7 */
	tp = t_dissect(T_DLT_RAW, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "");
	t_free(tp);
}
Test(link_ip, every_prefix_truncates_cleanly)
{
	t_every_prefix(T_DLT_EN10MB, eth_udp500, sizeof(eth_udp500), 1);
	t_every_prefix(T_DLT_EN10MB, qinq_udp, sizeof(qinq_udp), 1);
	t_every_prefix(T_DLT_RAW, ipv4_opts, sizeof(ipv4_opts), 1);
	t_every_prefix(T_DLT_RAW, ipv6_ext, sizeof(ipv6_ext), 1);
	t_every_prefix(113, sll_udp, sizeof(sll_udp), 1);
	t_every_prefix(T_DLT_RAW, tcp_syn, sizeof(tcp_syn), 1);
}

/* Every truncation of the wire length too (a lying length field). */
Test(link_ip, shorter_wire_lengths_never_overread)
{
	const struct {
		int lt;
		const uint8_t *b;
		size_t n;
	} pk[] = { { T_DLT_EN10MB, eth_udp500, sizeof(eth_udp500) }, { T_DLT_RAW, ipv6_ext, sizeof(ipv6_ext) },
		   { T_DLT_RAW, tcp_syn, sizeof(tcp_syn) } };
	for (size_t i = 0; i < sizeof(pk) / sizeof(pk[0]); i++)
		for (size_t len = 0; len <= pk[i].n; len++) {
			TestPacket *tp = t_dissect(pk[i].lt, pk[i].b, len, len);
			t_free(tp);
		}
}

/* IKE on UDP ports nobody bound is found by its header (heuristic) */
static size_t ike_on_port(uint8_t *b, uint16_t port, uint8_t version, uint32_t len_field)
{
	memset(b, 0, 20 + 8 + 28);
	uint16_t tot = 20 + 8 + 28;
	uint8_t ip[20] = { 0x45, 0, 0, (uint8_t)tot, 0, 1, 0, 0, 64, 17, 0, 0, 198, 51, 100, 10, 203, 0, 113, 20 };
	memcpy(b, ip, 20);
	uint8_t *u = b + 20;
	u[0] = (uint8_t)(port >> 8), u[1] = (uint8_t)port, u[2] = (uint8_t)(port >> 8), u[3] = (uint8_t)port;
	u[5] = 36;
	uint8_t *h = u + 8;
	for (int i = 0; i < 8; i++)
		h[i] = (uint8_t)(i + 1);
	h[16] = version == 0x20 ? 33 : 1; /* SA */
	h[17] = version;
	h[18] = version == 0x20 ? 34 : 2;
	h[27] = (uint8_t)len_field;
	return tot;
}

Test(link_ip, ike_found_on_an_unbound_port)
{
	uint8_t b[64];
	size_t n = ike_on_port(b, 50001, 0x20, 28);
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "isakmp.version"), "0x20");
	cr_assert(tp->pkt.sum.layers & LAYER_IKE);
	t_free(tp);
	n = ike_on_port(b, 50001, 0x10, 28);
	tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "isakmp.exchangetype"), "2");
	t_free(tp);
	/* a length that does not match the datagram: not IKE */
	n = ike_on_port(b, 50001, 0x20, 99);
	tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "isakmp.version"), "");
	cr_assert_str_eq(t_field(tp, "data.len"), "28");
	t_free(tp);
	/* a version that is not 1.0 or 2.0: not IKE */
	n = ike_on_port(b, 50001, 0x30, 28);
	tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "isakmp.version"), "");
	t_free(tp);
}
