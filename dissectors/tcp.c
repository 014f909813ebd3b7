/*
 * tcp.c - TCP header (RFC 9293): ports, sequence numbers, flags, options.
 * No stream reassembly here; PPTP's control stream (a later issue) adds it.
 *
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#include "config.h"

#include <stdio.h>

#include "protos.h"

enum {
	F_TCP,
	F_TCP_SRCPORT,
	F_TCP_DSTPORT,
	F_TCP_PORT,
	F_TCP_SEQ_RAW,
	F_TCP_ACK_RAW,
	F_TCP_HDR_LEN,
	F_TCP_FLAGS,
	F_TCP_FLAGS_RES,
	F_TCP_FLAGS_NS,
	F_TCP_FLAGS_CWR,
	F_TCP_FLAGS_ECE,
	F_TCP_FLAGS_URG,
	F_TCP_FLAGS_ACK,
	F_TCP_FLAGS_PUSH,
	F_TCP_FLAGS_RESET,
	F_TCP_FLAGS_SYN,
	F_TCP_FLAGS_FIN,
	F_TCP_WINDOW,
	F_TCP_CHECKSUM,
	F_TCP_URGENT,
	F_TCP_OPTIONS,
	F_TCP_LEN,
	F_TCP_PAYLOAD,
	F_TCP__COUNT
};

static const FieldDef tcp_fields[F_TCP__COUNT] = {
	[F_TCP] = { "tcp", "Transmission Control Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_TCP_SRCPORT] = { "tcp.srcport", "Source Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TCP_DSTPORT] = { "tcp.dstport", "Destination Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TCP_PORT] = { "tcp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TCP_SEQ_RAW] = { "tcp.seq_raw", "Sequence Number (raw)", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_TCP_ACK_RAW] = { "tcp.ack_raw", "Acknowledgment number (raw)", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_TCP_HDR_LEN] = { "tcp.hdr_len", "Header Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_TCP_FLAGS] = { "tcp.flags", "Flags", FT_UINT16, BASE_HEX, NULL, 0x0fff, NULL },
	[F_TCP_FLAGS_RES] = { "tcp.flags.res", "Reserved", FT_BOOLEAN, BASE_NONE, NULL, 0x0e00, NULL },
	[F_TCP_FLAGS_NS] = { "tcp.flags.ns", "Nonce", FT_BOOLEAN, BASE_NONE, NULL, 0x0100, NULL },
	[F_TCP_FLAGS_CWR] = { "tcp.flags.cwr", "Congestion Window Reduced (CWR)", FT_BOOLEAN, BASE_NONE, NULL,
			      0x0080, NULL },
	[F_TCP_FLAGS_ECE] = { "tcp.flags.ece", "ECN-Echo", FT_BOOLEAN, BASE_NONE, NULL, 0x0040, NULL },
	[F_TCP_FLAGS_URG] = { "tcp.flags.urg", "Urgent", FT_BOOLEAN, BASE_NONE, NULL, 0x0020, NULL },
	[F_TCP_FLAGS_ACK] = { "tcp.flags.ack", "Acknowledgment", FT_BOOLEAN, BASE_NONE, NULL, 0x0010, NULL },
	[F_TCP_FLAGS_PUSH] = { "tcp.flags.push", "Push", FT_BOOLEAN, BASE_NONE, NULL, 0x0008, NULL },
	[F_TCP_FLAGS_RESET] = { "tcp.flags.reset", "Reset", FT_BOOLEAN, BASE_NONE, NULL, 0x0004, NULL },
	[F_TCP_FLAGS_SYN] = { "tcp.flags.syn", "Syn", FT_BOOLEAN, BASE_NONE, NULL, 0x0002, NULL },
	[F_TCP_FLAGS_FIN] = { "tcp.flags.fin", "Fin", FT_BOOLEAN, BASE_NONE, NULL, 0x0001, NULL },
	[F_TCP_WINDOW] = { "tcp.window_size_value", "Window", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TCP_CHECKSUM] = { "tcp.checksum", "Checksum", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_TCP_URGENT] = { "tcp.urgent_pointer", "Urgent Pointer", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TCP_OPTIONS] = { "tcp.options", "Options", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_TCP_LEN] = { "tcp.len", "TCP Segment Len", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_TCP_PAYLOAD] = { "tcp.payload", "TCP payload", FT_BYTES, BASE_NONE, NULL, 0, NULL },
};

const FieldTable tcp_field_table = { "tcp", tcp_fields, F_TCP__COUNT };

static void flags_text(uint16_t fl, char *buf, size_t size)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} names[] = { { 0x02, "SYN" }, { 0x01, "FIN" }, { 0x04, "RST" }, { 0x08, "PSH" },
		      { 0x10, "ACK" }, { 0x20, "URG" }, { 0x40, "ECE" }, { 0x80, "CWR" } };
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fl & names[i].bit)
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "", names[i].name);
}

static bool tcp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	uint16_t sport = cur_be16(c);
	uint16_t dport = cur_be16(c);
	uint32_t seq = cur_be32(c);
	uint32_t ack = cur_be32(c);
	uint16_t offfl = cur_be16(c);
	uint16_t win = cur_be16(c);
	uint16_t cksum = cur_be16(c);
	uint16_t urg = cur_be16(c);
	unsigned hlen = (offfl >> 12) * 4u;
	uint16_t fl = offfl & 0x0fff;
	TreeNode *t = tree_add_at(root, &tcp_fields[F_TCP], c, at, hlen >= 20 ? hlen : 20);
	if (!pkt->in_error)
		pkt->sum.layers |= LAYER_TCP;
	pkt_set_proto(pkt, "TCP");
	if (cur_failed(c)) {
		if (avail >= 2)
			tree_add_uint(t, &tcp_fields[F_TCP_SRCPORT], c, at, 2, sport);
		if (avail >= 4)
			tree_add_uint(t, &tcp_fields[F_TCP_DSTPORT], c, at + 2, 2, dport);
		pkt_cursor_error(pkt, c, t, "tcp");
		return true;
	}
	if (!pkt->in_error && pkt->sum.ip.sport == 0 && pkt->sum.ip.dport == 0) {
		pkt->sum.ip.sport = sport;
		pkt->sum.ip.dport = dport;
		pkt->sum.tcp.flags = fl;
		pkt->sum.tcp.seq = seq;
		pkt->sum.tcp.ack = ack;
	}
	char ftext[64] = "";
	if (t || pkt_want_info(pkt)) /* the summary-only fast path formats no text */
		flags_text(fl, ftext, sizeof(ftext));
	if (t) {
		tree_set_text(t, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Ack: %u", sport,
			      dport, seq, ack);
		tree_add_uint(t, &tcp_fields[F_TCP_SRCPORT], c, at, 2, sport);
		tree_add_uint(t, &tcp_fields[F_TCP_DSTPORT], c, at + 2, 2, dport);
		tree_add_uint(t, &tcp_fields[F_TCP_PORT], c, at, 2, sport)->flags |= NODE_HIDDEN;
		tree_add_uint(t, &tcp_fields[F_TCP_PORT], c, at + 2, 2, dport)->flags |= NODE_HIDDEN;
		tree_add_uint(t, &tcp_fields[F_TCP_SEQ_RAW], c, at + 4, 4, seq);
		tree_add_uint(t, &tcp_fields[F_TCP_ACK_RAW], c, at + 8, 4, ack);
		TreeNode *h = tree_add_uint(t, &tcp_fields[F_TCP_HDR_LEN], c, at + 12, 1, hlen);
		tree_set_text(h, "%u bytes (%u)", hlen, offfl >> 12);
		TreeNode *f = tree_add_uint(t, &tcp_fields[F_TCP_FLAGS], c, at + 12, 2, offfl);
		for (int i = F_TCP_FLAGS_RES; i <= F_TCP_FLAGS_FIN; i++)
			tree_add_uint(f, &tcp_fields[i], c, at + 12, 2, offfl);
		tree_add_uint(t, &tcp_fields[F_TCP_WINDOW], c, at + 14, 2, win);
		tree_add_uint(t, &tcp_fields[F_TCP_CHECKSUM], c, at + 16, 2, cksum);
		tree_add_uint(t, &tcp_fields[F_TCP_URGENT], c, at + 18, 2, urg);
	}
	if (hlen < 20) {
		pkt_eventf(pkt, EV_TCP_BAD_HDR_LEN, c, t, "Bogus TCP header length (%u, must be at least 20)", hlen);
		pkt_info(pkt, "%u \xe2\x86\x92 %u [%s] Bogus TCP header length (%u, must be at least 20)", sport, dport,
			 ftext, hlen);
		return true;
	}
	if (hlen > 20) {
		size_t oat = cur_off(c);
		if (!cur_skip(c, hlen - 20)) {
			if (c->err & CUR_MALFORMED)
				pkt_eventf(pkt, EV_TCP_BAD_HDR_LEN, c, t, "TCP header length %u exceeds the segment",
					   hlen);
			pkt_cursor_error(pkt, c, t, "tcp");
			return true;
		}
		tree_add_bytes(t, &tcp_fields[F_TCP_OPTIONS], c, oat, hlen - 20);
	}
	size_t plen = cur_wire_left(c);
	TreeNode *l = tree_add_uint(t, &tcp_fields[F_TCP_LEN], c, cur_off(c), 0, plen);
	if (l)
		l->flags |= NODE_GENERATED;
	pkt_info(pkt, "%u \xe2\x86\x92 %u [%s] Seq=%u Ack=%u Win=%u Len=%zu", sport, dport, ftext, seq, ack, win,
		 plen);
	if (plen == 0)
		return true;
	uint16_t lo = sport < dport ? sport : dport, hi = sport < dport ? dport : sport;
	const Dissector *d = registry_find(TABLE_TCP_PORT, lo);
	if (!d)
		d = registry_find(TABLE_TCP_PORT, hi);
	if (d && cur_left(c) > 0)
		dissect_with(d, pkt, c, root);
	else
		dissect_data(pkt, c, root);
	return true;
}

const Dissector tcp_dissector = { "tcp", "TCP", tcp_dissect };
