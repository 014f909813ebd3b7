/*
 * test_dns.c - DNS over UDP and TCP from byte arrays (raw IP frames, made
 * with scapy; expected values checked against tshark 4.0).
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"

/* IP / UDP 10.0.0.1:4444 > 10.0.0.53:domain / Raw */
static const uint8_t dns_query[] = {
	0x45, 0x00, 0x00, 0x3d, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x74, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x35, 0x00, 0x29, 0x84, 0x4f, 0x12, 0x34, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* IP / UDP 10.0.0.53:domain > 10.0.0.1:4444 / Raw */
static const uint8_t dns_nxdomain[] = {
	0x45, 0x00, 0x00, 0x3d, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x74, 0x0a, 0x00, 0x00, 0x35,
	0x0a, 0x00, 0x00, 0x01, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x29, 0x16, 0x00, 0x00, 0x00, 0x81, 0x83,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* IP / UDP 10.0.0.53:domain > 10.0.0.1:4444 / Raw */
static const uint8_t dns_compress[] = {
	0x45, 0x00, 0x00, 0x7a, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x37, 0x0a, 0x00, 0x00, 0x35,
	0x0a, 0x00, 0x00, 0x01, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x66, 0x20, 0x6c, 0x43, 0x21, 0x81, 0x80,
	0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00,
	0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x67, 0x77, 0xc0, 0x10, 0xc0, 0x2d,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 0xc0, 0x00, 0x02, 0x07, 0xc0, 0x2d,
	0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
};

/* IP / UDP 10.0.0.1:4444 > 10.0.0.53:domain / Raw */
static const uint8_t dns_loop[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x81, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x35, 0x00, 0x1c, 0x17, 0x7c, 0x00, 0x03, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x61, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,
};

/* IP / UDP 10.0.0.53:domain > 10.0.0.1:4444 / Raw */
static const uint8_t dns_tc[] = {
	0x45, 0x00, 0x00, 0x3d, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x74, 0x0a, 0x00, 0x00, 0x35,
	0x0a, 0x00, 0x00, 0x01, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x29, 0x13, 0xfd, 0x00, 0x06, 0x83, 0x80,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* IP / TCP 10.0.0.1:4444 > 10.0.0.53:domain PA / Raw */
static const uint8_t dns_tcp[] = {
	0x45, 0x00, 0x00, 0x4b, 0x00, 0x08, 0x00, 0x00, 0x40, 0x06, 0x66, 0x70, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x35, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x50, 0x18, 0x02, 0x00, 0x44, 0x64, 0x00, 0x00, 0x00, 0x21, 0x00, 0x0a, 0x01, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70,
	0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* IP / UDP 10.0.0.1:4444 > 10.0.0.53:domain / Raw */
static const uint8_t dns_odd[] = {
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x75, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x35, 0x00, 0x28, 0xa9, 0x38, 0x00, 0x01, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x61, 0x01, 0x62, 0x20, 0x63, 0x04, 0x78,
	0x2e, 0x79, 0x5c, 0x03, 0xff, 0x7f, 0x7a, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* IP / UDP 10.0.0.53:domain > 10.0.0.1:4444 / Raw */
static const uint8_t dns_soa_mx[] = {
	0x45, 0x00, 0x00, 0x7d, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x34, 0x0a, 0x00, 0x00, 0x35,
	0x0a, 0x00, 0x00, 0x01, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x69, 0x69, 0x5b, 0x00, 0x05, 0x85, 0x83,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x03, 0x76, 0x70, 0x6e, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x10, 0x00,
	0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x07, 0x00, 0x0a, 0x02, 0x6d, 0x78, 0xc0, 0x10,
	0xc0, 0x10, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x4d, 0x00, 0x21, 0x03, 0x6e, 0x73, 0x31,
	0xc0, 0x10, 0x04, 0x68, 0x6f, 0x73, 0x74, 0xc0, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x05,
};

/* IP / UDP 10.0.0.1:4444 > 10.0.0.53:domain / Raw */
static const uint8_t dns_forward[] = {
	0x45, 0x00, 0x00, 0x33, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11, 0x66, 0x7e, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x35, 0x11, 0x5c, 0x00, 0x35, 0x00, 0x1f, 0xb3, 0x0b, 0x00, 0x04, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x12, 0x00, 0x01, 0x00, 0x01, 0x03, 0x61,
	0x62, 0x63, 0x00,
};

/* Wrap a DNS message in IPv4 (10.0.0.1 -> 10.0.0.53) / UDP 4444 -> 53. */
static size_t dns_wrap(const uint8_t *msg, size_t n, uint8_t *out, size_t size)
{
	size_t tot = 28 + n;
	cr_assert(tot <= size && tot <= 0xffff);
	static const uint8_t iph[20] = { 0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 53 };
	memcpy(out, iph, 20);
	out[2] = (uint8_t)(tot >> 8);
	out[3] = (uint8_t)tot;
	uint16_t ck = inet_cksum_fold(inet_cksum_add(0, out, 20));
	out[10] = (uint8_t)(ck >> 8);
	out[11] = (uint8_t)ck;
	size_t ul = 8 + n;
	const uint8_t udph[8] = { 0x11, 0x5c, 0x00, 0x35, (uint8_t)(ul >> 8), (uint8_t)ul, 0, 0 };
	memcpy(out + 20, udph, 8);
	memcpy(out + 28, msg, n);
	return tot;
}

Test(dns, query)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_query, sizeof(dns_query), 0);
	cr_assert_str_eq(t_field(tp, "dns.id"), "0x1234");
	cr_assert_str_eq(t_field(tp, "dns.flags"), "0x0100");
	cr_assert_str_eq(t_field(tp, "dns.flags.response"), "0");
	cr_assert_str_eq(t_field(tp, "dns.flags.opcode"), "0");
	cr_assert_str_eq(t_field(tp, "dns.flags.recdesired"), "1");
	cr_assert_str_eq(t_field(tp, "dns.flags.rcode"), ""); /* only in responses */
	cr_assert_str_eq(t_field(tp, "dns.flags.authoritative"), "");
	cr_assert_str_eq(t_field(tp, "dns.count.queries"), "1");
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "vpn.example.com");
	cr_assert_str_eq(t_field(tp, "dns.qry.name.len"), "15");
	cr_assert_str_eq(t_field(tp, "dns.count.labels"), "3");
	cr_assert_str_eq(t_field(tp, "dns.qry.type"), "1");
	cr_assert_str_eq(t_field(tp, "dns.qry.class"), "0x0001");
	cr_assert_str_eq(tp->pkt.proto, "DNS");
	cr_assert_str_eq(tp->pkt.info, "Standard query 0x1234 A vpn.example.com");
	const PacketSummary *s = &tp->pkt.sum;
	cr_assert(s->layers & LAYER_DNS);
	cr_assert_eq(s->dns.id, 0x1234);
	cr_assert_eq(s->dns.response, false);
	cr_assert_eq(s->dns.qtype, 1);
	cr_assert_str_eq(s->dns.qname, "vpn.example.com");
	cr_assert_eq(tp->pkt.n_events, 0);
	cr_assert_eq(tp->pkt.err, 0);
	t_free(tp);
}

Test(dns, nxdomain)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_nxdomain, sizeof(dns_nxdomain), 0);
	cr_assert_str_eq(t_field(tp, "dns.flags"), "0x8183");
	cr_assert_str_eq(t_field(tp, "dns.flags.rcode"), "3");
	cr_assert_str_eq(t_field(tp, "dns.flags.recavail"), "1");
	cr_assert_str_eq(t_field(tp, "dns.flags.authoritative"), "0");
	cr_assert_str_eq(tp->pkt.info, "Standard query response 0x0000 No such name A vpn.example.com");
	cr_assert(tp->pkt.sum.dns.response);
	cr_assert_eq(tp->pkt.sum.dns.rcode, 3);
	cr_assert_eq(tp->pkt.sum.dns.ancount, 0);
	cr_assert_eq(tp->pkt.sum.dns.answer_af, 0);
	t_free(tp);
}

Test(dns, compressed_answers)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_compress, sizeof(dns_compress), 0);
	cr_assert_str_eq(t_field(tp, "dns.resp.name"), "vpn.example.com,gw.example.com,gw.example.com");
	cr_assert_str_eq(t_field(tp, "dns.resp.type"), "5,1,28");
	cr_assert_str_eq(t_field(tp, "dns.resp.class"), "0x0001,0x0001,0x0001");
	cr_assert_str_eq(t_field(tp, "dns.resp.ttl"), "0,300,300");
	cr_assert_str_eq(t_field(tp, "dns.resp.len"), "5,4,16");
	cr_assert_str_eq(t_field(tp, "dns.cname"), "gw.example.com");
	cr_assert_str_eq(t_field(tp, "dns.a"), "192.0.2.7");
	cr_assert_str_eq(t_field(tp, "dns.aaaa"), "2001:db8::7");
	cr_assert_str_eq(tp->pkt.info, "Standard query response 0x4321 A vpn.example.com CNAME gw.example.com "
				       "A 192.0.2.7 AAAA 2001:db8::7");
	const PacketSummary *s = &tp->pkt.sum;
	cr_assert_eq(s->dns.ancount, 3);
	cr_assert_eq(s->dns.answer_af, 4);
	cr_assert_eq(memcmp(s->dns.answer, (const uint8_t[]){ 192, 0, 2, 7 }, 4), 0);
	cr_assert_eq(tp->pkt.n_events, 0);
	t_free(tp);
}

Test(dns, soa_mx)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_soa_mx, sizeof(dns_soa_mx), 0);
	cr_assert_str_eq(t_field(tp, "dns.mx.preference"), "10");
	cr_assert_str_eq(t_field(tp, "dns.mx.mail_exchange"), "mx.example.com");
	cr_assert_str_eq(t_field(tp, "dns.soa.mname"), "ns1.example.com");
	cr_assert_str_eq(t_field(tp, "dns.soa.rname"), "host.example.com");
	cr_assert_str_eq(t_field(tp, "dns.soa.minimum_ttl"), "5");
	cr_assert_str_eq(t_field(tp, "dns.flags.authoritative"), "1");
	cr_assert_str_eq(tp->pkt.info, "Standard query response 0x0005 No such name A vpn.example.com "
				       "MX 10 mx.example.com SOA ns1.example.com");
	t_free(tp);
}

Test(dns, truncated_flag)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_tc, sizeof(dns_tc), 0);
	cr_assert_str_eq(t_field(tp, "dns.flags.truncated"), "1");
	cr_assert_eq(tp->pkt.sum.dns.flags & 0x0200, 0x0200);
	cr_assert_eq(tp->pkt.err, 0);
	t_free(tp);
}

Test(dns, over_tcp)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_tcp, sizeof(dns_tcp), 0);
	cr_assert_str_eq(t_field(tp, "dns.length"), "33");
	cr_assert_str_eq(t_field(tp, "dns.id"), "0x000a");
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "vpn.example.com");
	cr_assert_str_eq(tp->pkt.info, "Standard query 0x000a A vpn.example.com");
	cr_assert_eq(tp->pkt.err, 0);
	t_free(tp);
}

Test(dns, pointer_loop)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_loop, sizeof(dns_loop), 0);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "<Name contains a pointer that loops>");
	cr_assert_str_eq(t_field(tp, "dns.qry.name.len"), "36");
	cr_assert_str_eq(t_field(tp, "dns.count.labels"), "1");
	cr_assert_str_eq(t_field(tp, "dns.qry.type"), "1");
	cr_assert(t_has_event(tp, EV_DNS_NAME_LOOP));
	t_free(tp);
}

Test(dns, forward_pointer_refused)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_forward, sizeof(dns_forward), 0);
	cr_assert(t_has_event(tp, EV_DNS_NAME_LOOP));
	cr_assert_str_eq(t_field(tp, "dns.qry.type"), "1");
	t_free(tp);
}

Test(dns, self_pointer)
{
	static const uint8_t msg[] = { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1 };
	uint8_t b[128];
	size_t n = dns_wrap(msg, sizeof(msg), b, sizeof(b));
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert(t_has_event(tp, EV_DNS_NAME_LOOP));
	cr_assert_str_eq(tp->pkt.sum.dns.qname, "<Name contains a pointer that loops>");
	t_free(tp);
}

Test(dns, odd_label_bytes)
{
	TestPacket *tp = t_dissect(T_DLT_RAW, dns_odd, sizeof(dns_odd), 0);
	/* tshark 4.0: control bytes as \ooo, '.' and '\' in labels as is,
	 * invalid UTF-8 as U+FFFD */
	const TreeNode *n = t_find(tp, "dns.qry.name", 0);
	cr_assert_not_null(n);
	cr_assert_str_eq(n->v.s, "a\\001b c.x.y\\.\xef\xbf\xbd\\177z");
	cr_assert_str_eq(t_field(tp, "dns.qry.name.len"), "14");
	cr_assert_str_eq(t_field(tp, "dns.count.labels"), "4");
	t_free(tp);
}

Test(dns, root_and_single_label)
{
	static const uint8_t root[] = { 0, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1 };
	static const uint8_t one[] = { 0, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1 };
	uint8_t b[128];
	size_t n = dns_wrap(root, sizeof(root), b, sizeof(b));
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "<Root>");
	cr_assert_str_eq(t_field(tp, "dns.qry.name.len"), "6");
	cr_assert_str_eq(t_field(tp, "dns.count.labels"), "1");
	cr_assert_str_eq(tp->pkt.info, "Standard query 0x0002 NS <Root>");
	t_free(tp);
	n = dns_wrap(one, sizeof(one), b, sizeof(b));
	tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "a");
	cr_assert_str_eq(t_field(tp, "dns.qry.name.len"), "0");
	cr_assert_str_eq(t_field(tp, "dns.count.labels"), "0");
	t_free(tp);
}

Test(dns, name_too_long)
{
	uint8_t msg[12 + 5 * 64 + 1 + 4] = { 0, 8, 1, 0, 0, 1 };
	size_t o = 12;
	for (int i = 0; i < 5; i++) {
		msg[o++] = 63;
		memset(msg + o, 'a', 63);
		o += 63;
	}
	msg[o++] = 0;
	msg[o + 1] = 1;
	msg[o + 3] = 1;
	uint8_t b[512];
	size_t n = dns_wrap(msg, sizeof(msg), b, sizeof(b));
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "<Name too long>");
	cr_assert_str_eq(t_field(tp, "dns.qry.type"), "1");
	cr_assert(t_has_event(tp, EV_DNS_NAME_TOO_LONG));
	cr_assert_eq(tp->pkt.err, 0);
	t_free(tp);
}

Test(dns, bad_label_type)
{
	static const uint8_t msg[] = { 0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 'a', 'b', 'c', 0, 0, 1, 0, 1 };
	uint8_t b[128];
	size_t n = dns_wrap(msg, sizeof(msg), b, sizeof(b));
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert(t_has_event(tp, EV_DNS_BAD_LABEL));
	cr_assert(tp->pkt.err & CUR_MALFORMED);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "");
	t_free(tp);
}

Test(dns, counts_beyond_message)
{
	uint8_t msg[sizeof(dns_query) - 28];
	memcpy(msg, dns_query + 28, sizeof(msg));
	msg[5] = 3; /* three questions, one present */
	uint8_t b[128];
	size_t n = dns_wrap(msg, sizeof(msg), b, sizeof(b));
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert_str_eq(t_field(tp, "dns.qry.name"), "vpn.example.com");
	cr_assert(tp->pkt.err & CUR_MALFORMED);
	cr_assert(t_has_event(tp, EV_MALFORMED));
	t_free(tp);
}

Test(dns, too_many_records)
{
	enum { NQ = 300 };
	uint8_t msg[12 + NQ * 5] = { 0, 9, 1, 0, NQ >> 8, NQ & 0xff };
	for (size_t i = 0; i < NQ; i++) {
		uint8_t *q = msg + 12 + i * 5;
		q[0] = 0;
		q[1] = 0;
		q[2] = 1;
		q[3] = 0;
		q[4] = 1;
	}
	static uint8_t b[2048];
	size_t n = dns_wrap(msg, sizeof(msg), b, sizeof(b));
	TestPacket *tp = t_dissect(T_DLT_RAW, b, n, 0);
	cr_assert(t_has_event(tp, EV_DNS_TOO_MANY_RECORDS));
	cr_assert_eq(tp->pkt.err, 0);
	t_free(tp);
}

Test(dns, every_prefix)
{
	t_every_prefix(T_DLT_RAW, dns_query, sizeof(dns_query), 0);
	t_every_prefix(T_DLT_RAW, dns_nxdomain, sizeof(dns_nxdomain), 0);
	t_every_prefix(T_DLT_RAW, dns_compress, sizeof(dns_compress), 0);
	t_every_prefix(T_DLT_RAW, dns_loop, sizeof(dns_loop), 0);
	t_every_prefix(T_DLT_RAW, dns_tc, sizeof(dns_tc), 0);
	t_every_prefix(T_DLT_RAW, dns_tcp, sizeof(dns_tcp), 0);
	t_every_prefix(T_DLT_RAW, dns_odd, sizeof(dns_odd), 0);
	t_every_prefix(T_DLT_RAW, dns_soa_mx, sizeof(dns_soa_mx), 0);
	t_every_prefix(T_DLT_RAW, dns_forward, sizeof(dns_forward), 0);
}
