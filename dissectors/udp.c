/*
 * udp.c - UDP (RFC 768).
 *
 *   0      7 8     15 16    23 24    31
 *  +--------+--------+--------+--------+
 *  |   source port   |   dest. port    |
 *  +--------+--------+--------+--------+
 *  |     length      |    checksum     |
 *  +--------+--------+--------+--------+
 *
 * The payload goes to the dissector bound to the lower of the two ports
 * first, then the higher (Wireshark's order), else it is shown as data.
 */
#include "config.h"

#include "protos.h"

enum {
	F_UDP,
	F_UDP_SRCPORT,
	F_UDP_DSTPORT,
	F_UDP_PORT,
	F_UDP_LENGTH,
	F_UDP_CHECKSUM,
	F_UDP_PAYLOAD,
	F_UDP__COUNT
};

static const FieldDef udp_fields[F_UDP__COUNT] = {
	[F_UDP] = { "udp", "User Datagram Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_UDP_SRCPORT] = { "udp.srcport", "Source Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_UDP_DSTPORT] = { "udp.dstport", "Destination Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_UDP_PORT] = { "udp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_UDP_LENGTH] = { "udp.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_UDP_CHECKSUM] = { "udp.checksum", "Checksum", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_UDP_PAYLOAD] = { "udp.payload", "UDP payload", FT_BYTES, BASE_NONE, NULL, 0, NULL },
};

const FieldTable udp_field_table = { "udp", udp_fields, F_UDP__COUNT };

static bool udp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	uint16_t sport = cur_be16(c);
	uint16_t dport = cur_be16(c);
	uint16_t ulen = cur_be16(c);
	uint16_t cksum = cur_be16(c);
	TreeNode *t = tree_add_at(root, &udp_fields[F_UDP], c, at, 8);
	if (!pkt->in_error)
		pkt->sum.layers |= LAYER_UDP;
	pkt_set_proto(pkt, "UDP");
	if (t)
		tree_set_text(t, "User Datagram Protocol, Src Port: %u, Dst Port: %u", sport, dport);
	if (cur_failed(c)) {
		/* show the fields that were captured before the cut */
		if (avail >= 2)
			tree_add_uint(t, &udp_fields[F_UDP_SRCPORT], c, at, 2, sport);
		if (avail >= 4)
			tree_add_uint(t, &udp_fields[F_UDP_DSTPORT], c, at + 2, 2, dport);
		if (avail >= 6)
			tree_add_uint(t, &udp_fields[F_UDP_LENGTH], c, at + 4, 2, ulen);
		pkt_cursor_error(pkt, c, t, "udp");
		return true;
	}
	if (!pkt->in_error && pkt->sum.ip.sport == 0 && pkt->sum.ip.dport == 0) {
		pkt->sum.ip.sport = sport;
		pkt->sum.ip.dport = dport;
	}
	if (t) {
		tree_add_uint(t, &udp_fields[F_UDP_SRCPORT], c, at, 2, sport);
		tree_add_uint(t, &udp_fields[F_UDP_DSTPORT], c, at + 2, 2, dport);
		tree_add_uint(t, &udp_fields[F_UDP_PORT], c, at, 2, sport)->flags |= NODE_HIDDEN;
		tree_add_uint(t, &udp_fields[F_UDP_PORT], c, at + 2, 2, dport)->flags |= NODE_HIDDEN;
		tree_add_uint(t, &udp_fields[F_UDP_LENGTH], c, at + 4, 2, ulen);
		tree_add_uint(t, &udp_fields[F_UDP_CHECKSUM], c, at + 6, 2, cksum);
	}
	pkt_info(pkt, "%u \xe2\x86\x92 %u Len=%u", sport, dport, ulen >= 8 ? ulen - 8u : 0u);

	/* the UDP length bounds the payload; in an ICMP quote it is the
	 * original datagram's and the bytes are cut, which is normal */
	if (ulen < 8) {
		if (!pkt->in_error)
			pkt_event(pkt, EV_UDP_BAD_LENGTH, c, t);
		return true;
	}
	size_t plen = ulen - 8u;
	if (plen <= cur_wire_left(c)) {
		if (plen < cur_wire_left(c) && !pkt->in_error)
			pkt_event(pkt, EV_UDP_LENGTH_SHORT, c, t);
		cur_limit(c, plen);
	} else if (!pkt->in_error) {
		pkt_event(pkt, EV_UDP_BAD_LENGTH, c, t);
	}

	uint16_t lo = sport < dport ? sport : dport, hi = sport < dport ? dport : sport;
	const Dissector *d = registry_find(TABLE_UDP_PORT, lo);
	if (!d)
		d = registry_find(TABLE_UDP_PORT, hi);
	if (!d)
		d = registry_heuristic(TABLE_UDP_PORT, c);
	if (d && cur_left(c) > 0)
		dissect_with(d, pkt, c, root);
	else if (cur_wire_left(c) > 0)
		dissect_data(pkt, c, root);
	return true;
}

const Dissector udp_dissector = { "udp", "UDP", udp_dissect };
