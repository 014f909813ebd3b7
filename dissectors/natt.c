/*
 * natt.c - UDP encapsulation of IPsec packets (RFC 3948), UDP port 4500.
 *
 *  a single 0xff byte          NAT-keepalive
 *  4 zero bytes, then IKE      non-ESP marker (IKE floated to 4500)
 *  anything else               ESP: the first 4 bytes are the SPI
 *
 * The IKE message after the marker is shown as data until the IKE
 * dissector exists (it will be found in the UDP port table under 500).
 */
#include "config.h"

#include "protos.h"

enum {
	F_UDPENCAP,
	F_UDPENCAP_KEEPALIVE,
	F_UDPENCAP_MARKER,
	F_UDPENCAP__COUNT
};

static const FieldDef udpencap_fields[F_UDPENCAP__COUNT] = {
	[F_UDPENCAP] = { "udpencap", "UDP Encapsulation of IPsec Packets", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_UDPENCAP_KEEPALIVE] = { "udpencap.nat_keepalive", "NAT-keepalive packet", FT_NONE, BASE_NONE, NULL, 0,
				   NULL },
	[F_UDPENCAP_MARKER] = { "udpencap.non_esp_marker", "Non-ESP Marker", FT_NONE, BASE_NONE, NULL, 0, NULL },
};

const FieldTable udpencap_field_table = { "udpencap", udpencap_fields, F_UDPENCAP__COUNT };

static bool natt_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	size_t n = cur_wire_left(c);
	TreeNode *t = tree_add_at(root, &udpencap_fields[F_UDPENCAP], c, at, n == 1 ? 1 : (n >= 4 ? 4 : n));
	pkt_set_proto(pkt, "UDPENCAP");
	if (n == 1 && cur_has(c, 1) && cur_ptr(c)[0] == 0xff) {
		cur_skip(c, 1);
		tree_add_at(t, &udpencap_fields[F_UDPENCAP_KEEPALIVE], c, at, 1);
		pkt->sum.layers |= LAYER_NATT_KEEPALIVE;
		pkt_info(pkt, "NAT-keepalive");
		return true;
	}
	if (!cur_has(c, 4)) {
		/* too short for an SPI or a marker: ESP says so */
		return dissect_next(TABLE_IP_PROTO, 50, pkt, c, root), true;
	}
	const uint8_t *p = cur_ptr(c);
	if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0) {
		cur_skip(c, 4);
		tree_add_at(t, &udpencap_fields[F_UDPENCAP_MARKER], c, at, 4);
		pkt_info(pkt, "Non-ESP marker (IKE)");
		dissect_next(TABLE_UDP_PORT, 500, pkt, c, root);
		return true;
	}
	dissect_next(TABLE_IP_PROTO, 50, pkt, c, root);
	return true;
}

const Dissector natt_dissector = { "udpencap", "UDPENCAP", natt_dissect };
