/*
 * test_icmp.c - ICMP and ICMPv6 from byte arrays (raw IP frames, made with
 * scapy; expected values checked against tshark 4.0).
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"

/* IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw */
static const uint8_t icmp_echo[] = {
	0x45, 0x00, 0x00, 0x24, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x66, 0xd6, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0x54, 0x2f, 0x12, 0x34, 0x00, 0x07, 0x61, 0x62, 0x63, 0x64,
	0x65, 0x66, 0x67, 0x68,
};

/* IP / ICMP / IP / UDP 198.51.100.7:isakmp > 192.0.2.1:isakmp / Raw */
static const uint8_t icmp_port_unreach[] = {
	0x45, 0x00, 0x00, 0x40, 0x00, 0x02, 0x00, 0x00, 0x3c, 0x01, 0x92, 0x7f, 0xc0, 0x00, 0x02, 0x01,
	0xc6, 0x33, 0x64, 0x07, 0x03, 0x03, 0xe9, 0x5a, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x24,
	0x00, 0x05, 0x00, 0x00, 0x3f, 0x11, 0x8f, 0x88, 0xc6, 0x33, 0x64, 0x07, 0xc0, 0x00, 0x02, 0x01,
	0x01, 0xf4, 0x01, 0xf4, 0x01, 0x2c, 0x0e, 0x8e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw */
static const uint8_t icmp_bad_cksum[] = {
	0x45, 0x00, 0x00, 0x24, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x66, 0xd6, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0x11, 0x11, 0x12, 0x34, 0x00, 0x07, 0x61, 0x62, 0x63, 0x64,
	0x65, 0x66, 0x67, 0x68,
};

/* IP / ICMP / IP / UDP 10.0.0.1:4444 > 10.0.0.53:domain / Raw */
static const uint8_t icmp_quote_dns[] = {
	0x45, 0x00, 0x00, 0x59, 0x00, 0x03, 0x00, 0x00, 0x40, 0x01, 0x66, 0x6c, 0x0a, 0x00, 0x00, 0x35,
	0x0a, 0x00, 0x00, 0x01, 0x03, 0x03, 0x11, 0x6d, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3d,
	0x00, 0x09, 0x00, 0x00, 0x40, 0x11, 0x66, 0x72, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x35,
	0x11, 0x5c, 0x00, 0x35, 0x00, 0x29, 0x84, 0x4f, 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
	0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* IP / ICMP / IP / UDP 10.0.0.1:33434 > 203.0.113.9:33435 / Raw */
static const uint8_t icmp_ttl_exceeded[] = {
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x04, 0x00, 0x00, 0x40, 0x01, 0x65, 0xbf, 0x0a, 0x00, 0x00, 0xfe,
	0x0a, 0x00, 0x00, 0x01, 0x0b, 0x00, 0x3b, 0x28, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x20,
	0x00, 0x09, 0x00, 0x00, 0x01, 0x11, 0x73, 0xba, 0x0a, 0x00, 0x00, 0x01, 0xcb, 0x00, 0x71, 0x09,
	0x82, 0x9a, 0x82, 0x9b, 0x00, 0x0c, 0xb4, 0x95, 0x00, 0x00, 0x00, 0x00,
};

/* IPv6 / ICMPv6 Echo Request (id: 0x1234 seq: 0x7) */
static const uint8_t icmpv6_echo[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0xce, 0x35, 0x12, 0x34, 0x00, 0x07,
	0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

/* IPv6 / ICMPv6DestUnreach / IPv6 / UDP 2001:db8::1:isakmp > 2001:db8::2:isakmp / Raw */
static const uint8_t icmpv6_unreach[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x42, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x04, 0x31, 0xdb, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x12, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0xf4, 0x01, 0xf4, 0x00, 0x12, 0x41, 0x0e,
	0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79,
};

/* IPv6 / ICMPv6ND_NS / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 00:11:22:33:44:55 */
static const uint8_t icmpv6_ns[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x87, 0x00, 0x87, 0xdb, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x01, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
};

/* IPv6 / ICMPv6ND_NA / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 00:11:22:33:44:66 */
static const uint8_t icmpv6_na[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x88, 0x00, 0xa5, 0xc9, 0xe0, 0x00, 0x00, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x02, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x66,
};
Test(icmp, echo_request)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmp_echo, sizeof(icmp_echo), 0);
	cr_assert_str_eq(t_field(tp, "icmp.type"), "8");
	cr_assert_str_eq(t_field(tp, "icmp.code"), "0");
	cr_assert_str_eq(t_field(tp, "icmp.checksum"), "0x542f");
	cr_assert_str_eq(t_field(tp, "icmp.checksum.status"), "1");
	cr_assert_str_eq(t_field(tp, "icmp.ident"), "4660");
	cr_assert_str_eq(t_field(tp, "icmp.ident_le"), "13330");
	cr_assert_str_eq(t_field(tp, "icmp.seq"), "7");
	cr_assert_str_eq(t_field(tp, "icmp.seq_le"), "1792");
	cr_assert_str_eq(t_field(tp, "data.data"), "6162636465666768");
	cr_assert_str_eq(tp->pkt.proto, "ICMP");
	cr_assert_str_eq(tp->pkt.info, "Echo (ping) request  id=0x1234, seq=7/1792, ttl=64");
	cr_assert(tp->pkt.sum.layers & LAYER_ICMP);
	cr_assert_eq(tp->pkt.sum.icmp.type, 8);
	cr_assert_eq(tp->pkt.sum.icmp.error, false);
	cr_assert_eq(tp->pkt.n_events, 0);
	t_free(tp);
}

Test(icmp, bad_checksum)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmp_bad_cksum, sizeof(icmp_bad_cksum), 0);
	cr_assert_str_eq(t_field(tp, "icmp.checksum"), "0x1111");
	cr_assert_str_eq(t_field(tp, "icmp.checksum.status"), "0");
	cr_assert(t_has_event(tp, EV_ICMP_BAD_CHECKSUM));
	t_free(tp);
}

Test(icmp, checksum_unverified_when_cut)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmp_echo, sizeof(icmp_echo) - 2, sizeof(icmp_echo));
	cr_assert_str_eq(t_field(tp, "icmp.checksum.status"), "2");
	cr_assert(!t_has_event(tp, EV_ICMP_BAD_CHECKSUM));
	cr_assert(tp->pkt.err & CUR_TRUNCATED);
	t_free(tp);
}

Test(icmp, port_unreachable_quotes_udp_500)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmp_port_unreach, sizeof(icmp_port_unreach), 0);
	cr_assert_str_eq(t_field(tp, "icmp.type"), "3");
	cr_assert_str_eq(t_field(tp, "icmp.code"), "3");
	cr_assert_str_eq(t_field(tp, "icmp.checksum.status"), "1");
	cr_assert_str_eq(t_field(tp, "icmp.unused"), "00000000");
	/* the quoted header's fields appear too, as in tshark */
	cr_assert_str_eq(t_field(tp, "ip.src"), "192.0.2.1,198.51.100.7");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	cr_assert_str_eq(tp->pkt.info, "Destination unreachable (Port unreachable)");
	cr_assert_str_eq(tp->pkt.proto, "ICMP");
	cr_assert(t_has_event(tp, EV_ICMP_DEST_UNREACH));
	/* the outer summary is untouched by the quote */
	const PacketSummary *s = &tp->pkt.sum;
	cr_assert_eq(s->ip.af, 4);
	cr_assert_eq(s->ip.proto, 1);
	cr_assert_eq(memcmp(s->ip.src, (const uint8_t[]){ 192, 0, 2, 1 }, 4), 0);
	cr_assert_eq(s->ip.sport, 0);
	cr_assert_eq(s->icmp.type, 3);
	cr_assert_eq(s->icmp.code, 3);
	cr_assert(s->icmp.error);
	cr_assert_eq(s->icmp.quoted.af, 4);
	cr_assert_eq(s->icmp.quoted.proto, 17);
	cr_assert_eq(s->icmp.quoted.ttl, 63);
	cr_assert_eq(memcmp(s->icmp.quoted.src, (const uint8_t[]){ 198, 51, 100, 7 }, 4), 0);
	cr_assert_eq(memcmp(s->icmp.quoted.dst, (const uint8_t[]){ 192, 0, 2, 1 }, 4), 0);
	cr_assert_eq(s->icmp.quoted.sport, 500);
	cr_assert_eq(s->icmp.quoted.dport, 500);
	cr_assert_eq(tp->pkt.err, 0);
	t_free(tp);
}

Test(icmp, quoted_dns_query)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmp_quote_dns, sizeof(icmp_quote_dns), 0);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "vpn.example.com");
	cr_assert_str_eq(t_field(tp, "udp.dstport"), "53");
	cr_assert_str_eq(tp->pkt.info, "Destination unreachable (Port unreachable)");
	cr_assert_str_eq(tp->pkt.proto, "ICMP");
	cr_assert(!(tp->pkt.sum.layers & LAYER_DNS));
	cr_assert_eq(tp->pkt.sum.icmp.quoted.dport, 53);
	cr_assert_eq(tp->pkt.sum.icmp.quoted.sport, 4444);
	t_free(tp);
}

Test(icmp, ttl_exceeded)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmp_ttl_exceeded, sizeof(icmp_ttl_exceeded), 0);
	cr_assert_str_eq(tp->pkt.info, "Time-to-live exceeded (Time to live exceeded in transit)");
	cr_assert(tp->pkt.sum.icmp.error);
	cr_assert(!t_has_event(tp, EV_ICMP_DEST_UNREACH));
	cr_assert_eq(tp->pkt.sum.icmp.quoted.dport, 33435);
	cr_assert_eq(memcmp(tp->pkt.sum.icmp.quoted.dst, (const uint8_t[]){ 203, 0, 113, 9 }, 4), 0);
	t_free(tp);
}

Test(icmp, v6_echo_request)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmpv6_echo, sizeof(icmpv6_echo), 0);
	cr_assert_str_eq(t_field(tp, "icmpv6.type"), "128");
	cr_assert_str_eq(t_field(tp, "icmpv6.checksum"), "0xce35");
	cr_assert_str_eq(t_field(tp, "icmpv6.checksum.status"), "1");
	cr_assert_str_eq(t_field(tp, "icmpv6.echo.identifier"), "0x1234");
	cr_assert_str_eq(t_field(tp, "icmpv6.echo.sequence_number"), "7");
	cr_assert_str_eq(tp->pkt.proto, "ICMPv6");
	cr_assert_str_eq(tp->pkt.info, "Echo (ping) request id=0x1234, seq=7, hop limit=64");
	cr_assert_eq(tp->pkt.sum.icmp.type, 128);
	cr_assert_eq(tp->pkt.n_events, 0);
	t_free(tp);
}

Test(icmp, v6_bad_checksum)
{
	uint8_t b[sizeof(icmpv6_echo)];
	memcpy(b, icmpv6_echo, sizeof(b));
	b[42] ^= 0x01; /* checksum low byte */
	TestPacket *tp = t_dissect(T_DLT_RAW, b, sizeof(b), 0);
	cr_assert_str_eq(t_field(tp, "icmpv6.checksum.status"), "0");
	cr_assert(t_has_event(tp, EV_ICMP_BAD_CHECKSUM));
	t_free(tp);
}

Test(icmp, v6_unreachable_quotes_ipv6)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmpv6_unreach, sizeof(icmpv6_unreach), 0);
	cr_assert_str_eq(t_field(tp, "icmpv6.type"), "1");
	cr_assert_str_eq(t_field(tp, "icmpv6.code"), "4");
	cr_assert_str_eq(t_field(tp, "icmpv6.checksum.status"), "1");
	cr_assert_str_eq(t_field(tp, "icmpv6.reserved"), "00000000");
	cr_assert_str_eq(t_field(tp, "ipv6.src"), "2001:db8::2,2001:db8::1");
	cr_assert_str_eq(t_field(tp, "udp.srcport"), "500");
	cr_assert_str_eq(tp->pkt.info, "Destination Unreachable (Port unreachable)");
	cr_assert(t_has_event(tp, EV_ICMP_DEST_UNREACH));
	const PacketSummary *s = &tp->pkt.sum;
	cr_assert(s->icmp.error);
	cr_assert_eq(s->icmp.quoted.af, 6);
	cr_assert_eq(s->icmp.quoted.proto, 17);
	cr_assert_eq(s->icmp.quoted.dport, 500);
	cr_assert_eq(s->icmp.quoted.src[15], 1);
	cr_assert_eq(s->icmp.quoted.dst[15], 2);
	cr_assert_eq(s->ip.src[15], 2); /* outer summary kept */
	t_free(tp);
}

Test(icmp, v6_neighbor_discovery)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, icmpv6_ns, sizeof(icmpv6_ns), 0);
	cr_assert_str_eq(t_field(tp, "icmpv6.nd.ns.target_address"), "2001:db8::1");
	cr_assert_str_eq(t_field(tp, "icmpv6.opt.type"), "1");
	cr_assert_str_eq(t_field(tp, "icmpv6.opt.linkaddr"), "00:11:22:33:44:55");
	cr_assert_str_eq(t_field(tp, "icmpv6.opt.src_linkaddr"), "00:11:22:33:44:55");
	cr_assert_str_eq(tp->pkt.info, "Neighbor Solicitation for 2001:db8::1 from 00:11:22:33:44:55");
	t_free(tp);
	tp = t_dissect(T_DLT_RAW, icmpv6_na, sizeof(icmpv6_na), 0);
	cr_assert_str_eq(t_field(tp, "icmpv6.nd.na.target_address"), "2001:db8::1");
	cr_assert_str_eq(t_field(tp, "icmpv6.nd.na.flag.s"), "1");
	cr_assert_str_eq(t_field(tp, "icmpv6.opt.target_linkaddr"), "00:11:22:33:44:66");
	cr_assert_str_eq(tp->pkt.info, "Neighbor Advertisement 2001:db8::1 (rtr, sol, ovr) is at 00:11:22:33:44:66");
	t_free(tp);
}

Test(icmp, v6_nd_zero_length_option)
{
	uint8_t b[sizeof(icmpv6_ns)];
	memcpy(b, icmpv6_ns, sizeof(b));
	b[65] = 0; /* option length 0 */
	TestPacket *tp = t_dissect(T_DLT_RAW, b, sizeof(b), 0);
	cr_assert(tp->pkt.err & CUR_MALFORMED);
	t_free(tp);
}

Test(icmp, every_prefix)
{
	t_every_prefix(T_DLT_RAW, icmp_echo, sizeof(icmp_echo), 1);
	t_every_prefix(T_DLT_RAW, icmp_port_unreach, sizeof(icmp_port_unreach), 1);
	t_every_prefix(T_DLT_RAW, icmp_bad_cksum, sizeof(icmp_bad_cksum), 1);
	t_every_prefix(T_DLT_RAW, icmp_quote_dns, sizeof(icmp_quote_dns), 1);
	t_every_prefix(T_DLT_RAW, icmp_ttl_exceeded, sizeof(icmp_ttl_exceeded), 1);
	t_every_prefix(T_DLT_RAW, icmpv6_echo, sizeof(icmpv6_echo), 1);
	t_every_prefix(T_DLT_RAW, icmpv6_unreach, sizeof(icmpv6_unreach), 1);
	t_every_prefix(T_DLT_RAW, icmpv6_ns, sizeof(icmpv6_ns), 1);
	t_every_prefix(T_DLT_RAW, icmpv6_na, sizeof(icmpv6_na), 1);
}
