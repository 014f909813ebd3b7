/*
 * link.c - link layers: Ethernet (802.1Q/802.1ad/QinQ), Linux cooked
 * capture v1/v2, BSD loopback/NULL, raw IP, PPP link types and PPPoE.
 */
#include "config.h"

#include "dissect.h"
#include <stdio.h>
#include <string.h>

#include "protos.h"

enum {
	F_ETH,
	F_ETH_DST,
	F_ETH_SRC,
	F_ETH_TYPE,
	F_ETH_LEN,
	F_VLAN,
	F_VLAN_PRIORITY,
	F_VLAN_DEI,
	F_VLAN_ID,
	F_VLAN_ETYPE,
	F_AD,
	F_AD_PRIORITY,
	F_AD_DEI,
	F_AD_ID,
	F_SLL,
	F_SLL_PKTTYPE,
	F_SLL_HATYPE,
	F_SLL_HALEN,
	F_SLL_SRC_ETH,
	F_SLL_ADDR,
	F_SLL_IFINDEX,
	F_SLL_LTYPE,
	F_SLL_ETYPE,
	F_NULL,
	F_NULL_FAMILY,
	F_RAW,
	F_PPP,
	F_PPP_DIRECTION,
	F_PPP_ADDRESS,
	F_PPP_CONTROL,
	F_PPP_PROTOCOL,
	F_PPPOE,
	F_PPPOE_VERSION,
	F_PPPOE_TYPE,
	F_PPPOE_CODE,
	F_PPPOE_SESSION_ID,
	F_PPPOE_PAYLOAD_LENGTH,
	F_CMD,
	F_CMD_VERSION,
	F_CMD_LENGTH,
	F_CMD_OPTIONS,
	F_CMD_SGT,
	F_CMD_TYPE,
	F_DATA,
	F_DATA_DATA,
	F_DATA_LEN,
	F_LINK__COUNT
};

static const ValueString ethertype_vals[] = {
	{ 0x0800, "IPv4" },
	{ 0x0806, "ARP" },
	{ 0x22f0, "IEEE 1722 Audio Video Bridging Transport Protocol" },
	{ 0x6558, "Transparent Ethernet bridging" },
	{ 0x8035, "RARP" },
	{ 0x8100, "802.1Q Virtual LAN" },
	{ 0x86dd, "IPv6" },
	{ 0x880b, "PPP" },
	{ 0x8847, "MPLS label switched packet" },
	{ 0x8863, "PPPoE Discovery" },
	{ 0x8864, "PPPoE Session" },
	{ 0x888e, "802.1X Authentication" },
	{ 0x88a8, "802.1ad Provider Bridge (Q-in-Q)" },
	{ 0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)" },
	{ 0x9000, "Configuration Test Protocol (loopback)" },
	{ 0x9100, "VLAN-tagged frame (Q-in-Q)" },
	{ 0, NULL },
};

static const ValueString sll_pkttype_vals[] = {
	{ 0, "Unicast to us" },
	{ 1, "Broadcast" },
	{ 2, "Multicast" },
	{ 3, "Unicast to another host" },
	{ 4, "Sent by us" },
	{ 0, NULL },
};

static const ValueString null_family_vals[] = {
	{ 2, "IP" },
	{ 10, "IPv6 (Linux)" },
	{ 24, "IPv6 (NetBSD, OpenBSD)" },
	{ 28, "IPv6 (FreeBSD)" },
	{ 30, "IPv6 (Darwin)" },
	{ 0, NULL },
};

const ValueString ppp_protocol_vals[] = {
	{ 0x0021, "Internet Protocol version 4" },
	{ 0x002d, "Van Jacobson Compressed TCP/IP" },
	{ 0x002f, "Van Jacobson Uncompressed TCP/IP" },
	{ 0x003d, "PPP Multilink Protocol" },
	{ 0x0057, "Internet Protocol version 6" },
	{ 0x00fd, "PPP Compressed Datagram" },
	{ 0x8021, "Internet Protocol Control Protocol" },
	{ 0x8057, "IPv6 Control Protocol" },
	{ 0x80fd, "Compression Control Protocol" },
	{ 0xc021, "Link Control Protocol" },
	{ 0xc023, "Password Authentication Protocol" },
	{ 0xc025, "Link Quality Report" },
	{ 0xc029, "Callback Control Protocol" },
	{ 0xc223, "Challenge Handshake Authentication Protocol" },
	{ 0xc227, "PPP Extensible Authentication Protocol" },
	{ 0, NULL },
};

static const ValueString pppoe_code_vals[] = {
	{ 0x00, "Session Data" },
	{ 0x07, "Active Discovery Offer (PADO)" },
	{ 0x09, "Active Discovery Initiation (PADI)" },
	{ 0x19, "Active Discovery Request (PADR)" },
	{ 0x65, "Active Discovery Session-confirmation (PADS)" },
	{ 0xa7, "Active Discovery Terminate (PADT)" },
	{ 0, NULL },
};

static const FieldDef link_fields[F_LINK__COUNT] = {
	[F_ETH] = { "eth", "Ethernet II", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_ETH_DST] = { "eth.dst", "Destination", FT_ETHER, BASE_NONE, NULL, 0, NULL },
	[F_ETH_SRC] = { "eth.src", "Source", FT_ETHER, BASE_NONE, NULL, 0, NULL },
	[F_ETH_TYPE] = { "eth.type", "Type", FT_UINT16, BASE_HEX, ethertype_vals, 0, NULL },
	[F_ETH_LEN] = { "eth.len", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_VLAN] = { "vlan", "802.1Q Virtual LAN", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_VLAN_PRIORITY] = { "vlan.priority", "Priority", FT_UINT16, BASE_DEC, NULL, 0xe000, NULL },
	[F_VLAN_DEI] = { "vlan.dei", "DEI", FT_UINT16, BASE_DEC, NULL, 0x1000, NULL },
	[F_VLAN_ID] = { "vlan.id", "ID", FT_UINT16, BASE_DEC, NULL, 0x0fff, NULL },
	[F_VLAN_ETYPE] = { "vlan.etype", "Type", FT_UINT16, BASE_HEX, ethertype_vals, 0, NULL },
	[F_AD] = { "ieee8021ad", "IEEE 802.1ad", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_AD_PRIORITY] = { "ieee8021ad.priority", "Priority", FT_UINT16, BASE_DEC, NULL, 0xe000, NULL },
	[F_AD_DEI] = { "ieee8021ad.dei", "DEI", FT_UINT16, BASE_DEC, NULL, 0x1000, NULL },
	[F_AD_ID] = { "ieee8021ad.id", "ID", FT_UINT16, BASE_DEC, NULL, 0x0fff, NULL },
	[F_SLL] = { "sll", "Linux cooked capture", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_SLL_PKTTYPE] = { "sll.pkttype", "Packet type", FT_UINT16, BASE_DEC, sll_pkttype_vals, 0, NULL },
	[F_SLL_HATYPE] = { "sll.hatype", "Link-layer address type", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_SLL_HALEN] = { "sll.halen", "Link-layer address length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_SLL_SRC_ETH] = { "sll.src.eth", "Source", FT_ETHER, BASE_NONE, NULL, 0, NULL },
	[F_SLL_ADDR] = { "sll.src.other", "Source", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_SLL_IFINDEX] = { "sll.ifindex", "Interface index", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_SLL_LTYPE] = { "sll.ltype", "Protocol", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_SLL_ETYPE] = { "sll.etype", "Protocol", FT_UINT16, BASE_HEX, ethertype_vals, 0, NULL },
	[F_NULL] = { "null", "Null/Loopback", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_NULL_FAMILY] = { "null.family", "Family", FT_UINT32, BASE_DEC, null_family_vals, 0, NULL },
	[F_RAW] = { "raw", "Raw packet data", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_PPP] = { "ppp", "Point-to-Point Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_PPP_DIRECTION] = { "ppp.direction", "Direction", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_PPP_ADDRESS] = { "ppp.address", "Address", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_PPP_CONTROL] = { "ppp.control", "Control", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_PPP_PROTOCOL] = { "ppp.protocol", "Protocol", FT_UINT16, BASE_HEX, ppp_protocol_vals, 0, NULL },
	[F_PPPOE] = { "pppoe", "PPP-over-Ethernet", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_PPPOE_VERSION] = { "pppoe.version", "Version", FT_UINT8, BASE_DEC, NULL, 0xf0, NULL },
	[F_PPPOE_TYPE] = { "pppoe.type", "Type", FT_UINT8, BASE_DEC, NULL, 0x0f, NULL },
	[F_PPPOE_CODE] = { "pppoe.code", "Code", FT_UINT8, BASE_HEX, pppoe_code_vals, 0, NULL },
	[F_PPPOE_SESSION_ID] = { "pppoe.session_id", "Session ID", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_PPPOE_PAYLOAD_LENGTH] = { "pppoe.payload_length", "Payload Length", FT_UINT16, BASE_DEC, NULL, 0,
				     NULL },
	[F_CMD] = { "cmd", "Cisco MetaData", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_CMD_VERSION] = { "cmd.version", "Version", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CMD_LENGTH] = { "cmd.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CMD_OPTIONS] = { "cmd.options", "Options", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_CMD_SGT] = { "cmd.sgt", "SGT", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_CMD_TYPE] = { "cmd.type", "Type", FT_UINT16, BASE_HEX, ethertype_vals, 0, NULL },
	[F_DATA] = { "data", "Data", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_DATA_DATA] = { "data.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_DATA_LEN] = { "data.len", "Length", FT_UINT32, BASE_DEC, NULL, 0, NULL },
};

const FieldTable link_field_table = { "eth", link_fields, F_LINK__COUNT };

/* Continue with an Ethernet type (after Ethernet, VLAN, SLL, GRE ...). */
static bool ethertype_next(uint16_t type, Packet *pkt, Cursor *c, TreeNode *root)
{
	return dissect_next(TABLE_ETHERTYPE, type, pkt, c, root);
}

/*
 * Ethernet II / IEEE 802.3
 *  +---------------+---------------+--------+-----------
 *  | destination 6 |   source 6    | type 2 | payload
 *  +---------------+---------------+--------+-----------
 * type <= 1500 is an 802.3 length (LLC follows; shown as data).
 */
static bool eth_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	uint8_t dst[6], src[6];
	cur_copy(c, dst, 6);
	cur_copy(c, src, 6);
	uint16_t type = cur_be16(c);
	TreeNode *t = tree_add_at(root, &link_fields[F_ETH], c, 0, 14);
	if (!(pkt->sum.layers & LAYER_ETH) && !pkt->in_error) {
		memcpy(pkt->sum.eth_src, src, 6);
		memcpy(pkt->sum.eth_dst, dst, 6);
	}
	pkt->sum.layers |= LAYER_ETH;
	pkt_set_proto(pkt, "Ethernet");
	if (pkt_cursor_error(pkt, c, t, "eth"))
		return true;
	if (t) {
		char a[32];
		snprintf(a, sizeof(a), "%02x:%02x:%02x:%02x:%02x:%02x", src[0], src[1], src[2], src[3], src[4],
			 src[5]);
		char b[32];
		snprintf(b, sizeof(b), "%02x:%02x:%02x:%02x:%02x:%02x", dst[0], dst[1], dst[2], dst[3], dst[4],
			 dst[5]);
		tree_set_text(t, "%s, Src: %s, Dst: %s", type <= 1500 ? "IEEE 802.3 Ethernet" : "Ethernet II", a, b);
		tree_add_addr(t, &link_fields[F_ETH_DST], c, 0, 6, dst);
		tree_add_addr(t, &link_fields[F_ETH_SRC], c, 6, 6, src);
		tree_add_uint(t, &link_fields[type <= 1500 ? F_ETH_LEN : F_ETH_TYPE], c, 12, 2, type);
	}
	if (type <= 1500) {
		/* 802.3 length: trailer bytes beyond it are padding */
		cur_limit(c, type <= cur_wire_left(c) ? type : cur_wire_left(c));
		pkt_info(pkt, "IEEE 802.3 frame, length %u", type);
		dissect_data(pkt, c, root);
		return true;
	}
	ethertype_next(type, pkt, c, root);
	return true;
}

/*
 * 802.1Q / 802.1ad tag: TCI (PCP 3 bits, DEI 1, VID 12), then the next
 * type, which may be another tag (QinQ); stacking is bounded by the
 * packet's nesting depth.
 */
static bool vlan_common(Packet *pkt, Cursor *c, TreeNode *root, bool ad)
{
	size_t at = cur_off(c);
	uint16_t tci = cur_be16(c);
	uint16_t type = cur_be16(c);
	TreeNode *t = tree_add_at(root, &link_fields[ad ? F_AD : F_VLAN], c, at, 4);
	pkt->sum.layers |= LAYER_VLAN;
	if (pkt_cursor_error(pkt, c, t, ad ? "ieee8021ad" : "vlan"))
		return true;
	if (t) {
		if (ad)
			tree_set_text(t, "IEEE 802.1ad, ID: %u", tci & 0xfff);
		else
			tree_set_text(t, "802.1Q Virtual LAN, PRI: %u, DEI: %u, ID: %u", tci >> 13, (tci >> 12) & 1,
				      tci & 0xfff);
		tree_add_uint(t, &link_fields[ad ? F_AD_PRIORITY : F_VLAN_PRIORITY], c, at, 2, tci);
		tree_add_uint(t, &link_fields[ad ? F_AD_DEI : F_VLAN_DEI], c, at, 2, tci);
		tree_add_uint(t, &link_fields[ad ? F_AD_ID : F_VLAN_ID], c, at, 2, tci);
		tree_add_uint(t, &link_fields[F_VLAN_ETYPE], c, at + 2, 2, type);
	}
	ethertype_next(type, pkt, c, root);
	return true;
}

static bool vlan_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	return vlan_common(pkt, c, root, false);
}

static bool ieee8021ad_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	return vlan_common(pkt, c, root, true);
}

/*
 * Linux cooked capture v1 (16 bytes):
 *  packet type 2 | ARPHRD type 2 | address length 2 | address 8 | protocol 2
 */
static bool sll_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	uint16_t pkttype = cur_be16(c);
	uint16_t hatype = cur_be16(c);
	uint16_t halen = cur_be16(c);
	const uint8_t *addr = cur_bytes(c, 8);
	uint16_t proto = cur_be16(c);
	TreeNode *t = tree_add_at(root, &link_fields[F_SLL], c, 0, 16);
	pkt->sum.layers |= LAYER_SLL;
	pkt_set_proto(pkt, "SLL");
	if (pkt_cursor_error(pkt, c, t, "sll"))
		return true;
	if (t) {
		tree_add_uint(t, &link_fields[F_SLL_PKTTYPE], c, 0, 2, pkttype);
		tree_add_uint(t, &link_fields[F_SLL_HATYPE], c, 2, 2, hatype);
		tree_add_uint(t, &link_fields[F_SLL_HALEN], c, 4, 2, halen);
		if (halen == 6 && addr)
			tree_add_addr(t, &link_fields[F_SLL_SRC_ETH], c, 6, 6, addr);
		else if (halen > 0)
			tree_add_bytes(t, &link_fields[F_SLL_ADDR], c, 6, halen < 8 ? halen : 8);
	}
	/* ARPHRD_IPGRE / other hatypes carry an Ethernet type here too; the
	 * small values are Linux's pseudo-protocols (802.2 LLC, 802.3 raw) */
	if (hatype == 512 /* ARPHRD_PPP */ && proto < 0x0600) {
		tree_add_uint(t, &link_fields[F_SLL_LTYPE], c, 14, 2, proto);
		dissect_data(pkt, c, root);
		return true;
	}
	if (proto < 0x0600) {
		tree_add_uint(t, &link_fields[F_SLL_LTYPE], c, 14, 2, proto);
		dissect_data(pkt, c, root);
		return true;
	}
	tree_add_uint(t, &link_fields[F_SLL_ETYPE], c, 14, 2, proto);
	ethertype_next(proto, pkt, c, root);
	return true;
}

/*
 * Linux cooked capture v2 (20 bytes):
 *  protocol 2 | reserved 2 | interface index 4 | ARPHRD type 2 |
 *  packet type 1 | address length 1 | address 8
 */
static bool sll2_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	uint16_t proto = cur_be16(c);
	cur_skip(c, 2);
	uint32_t ifindex = cur_be32(c);
	uint16_t hatype = cur_be16(c);
	uint8_t pkttype = cur_u8(c);
	uint8_t halen = cur_u8(c);
	const uint8_t *addr = cur_bytes(c, 8);
	TreeNode *t = tree_add_at(root, &link_fields[F_SLL], c, 0, 20);
	pkt->sum.layers |= LAYER_SLL;
	pkt_set_proto(pkt, "SLL");
	if (pkt_cursor_error(pkt, c, t, "sll"))
		return true;
	if (t) {
		tree_set_text(t, "Linux cooked capture v2");
		tree_add_uint(t, proto < 0x0600 ? &link_fields[F_SLL_LTYPE] : &link_fields[F_SLL_ETYPE], c, 0, 2,
			      proto);
		tree_add_uint(t, &link_fields[F_SLL_IFINDEX], c, 4, 4, ifindex);
		tree_add_uint(t, &link_fields[F_SLL_HATYPE], c, 8, 2, hatype);
		tree_add_uint(t, &link_fields[F_SLL_PKTTYPE], c, 10, 1, pkttype);
		tree_add_uint(t, &link_fields[F_SLL_HALEN], c, 11, 1, halen);
		if (halen == 6 && addr)
			tree_add_addr(t, &link_fields[F_SLL_SRC_ETH], c, 12, 6, addr);
		else if (halen > 0)
			tree_add_bytes(t, &link_fields[F_SLL_ADDR], c, 12, halen < 8 ? halen : 8);
	}
	if (proto < 0x0600) {
		dissect_data(pkt, c, root);
		return true;
	}
	ethertype_next(proto, pkt, c, root);
	return true;
}

/* Raw IP: the version nibble says which. */
static bool raw_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	TreeNode *t = tree_add_at(root, &link_fields[F_RAW], c, 0, 0);
	if (t)
		tree_set_text(t, "Raw packet data");
	return ip_dissect_any(pkt, c, root);
}

/*
 * BSD loopback: a 4-byte address family in the byte order of the machine
 * that captured (DLT_NULL), or network order (DLT_LOOP).
 */
static void null_common(Packet *pkt, Cursor *c, TreeNode *root, bool net_order)
{
	uint32_t fam = net_order ? cur_be32(c) : cur_le32(c);
	if (!net_order && (fam & 0xffff0000u) && !(fam & 0x0000ffffu))
		fam = (fam >> 24) | ((fam >> 8) & 0xff00u); /* written big-endian */
	TreeNode *t = tree_add_at(root, &link_fields[F_NULL], c, 0, 4);
	pkt_set_proto(pkt, "NULL");
	if (pkt_cursor_error(pkt, c, t, "null"))
		return;
	tree_add_uint(t, &link_fields[F_NULL_FAMILY], c, 0, 4, fam);
	switch (fam) {
	case 2:
		dissect_next(TABLE_ETHERTYPE, 0x0800, pkt, c, root);
		break;
	case 10:
	case 24:
	case 28:
	case 30:
		dissect_next(TABLE_ETHERTYPE, 0x86dd, pkt, c, root);
		break;
	default:
		dissect_data(pkt, c, root);
		break;
	}
}

static bool null_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	null_common(pkt, c, root, false);
	return true;
}

static bool loop_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	null_common(pkt, c, root, true);
	return true;
}

/*
 * PPP: optional HDLC address/control (0xff 0x03), then a 1- or 2-byte
 * protocol field (an odd first byte means the compressed 1-byte form).
 */
static void ppp_common(Packet *pkt, Cursor *c, TreeNode *root, bool with_dir)
{
	size_t start = cur_off(c);
	TreeNode *t = tree_add(root, &link_fields[F_PPP], c, 0);
	pkt->sum.layers |= LAYER_PPP;
	pkt_set_proto(pkt, "PPP");
	if (with_dir) {
		uint8_t dir = cur_u8(c);
		tree_add_uint(t, &link_fields[F_PPP_DIRECTION], c, start, 1, dir);
	}
	/* an all-stations address means an HDLC-like header; the control
	 * byte that follows is shown whatever it is, as Wireshark does */
	if (cur_has(c, 1) && cur_ptr(c)[0] == 0xff) {
		tree_add_uint(t, &link_fields[F_PPP_ADDRESS], c, cur_off(c), 1, 0xff);
		if (cur_has(c, 2))
			tree_add_uint(t, &link_fields[F_PPP_CONTROL], c, cur_off(c) + 1, 1, cur_ptr(c)[1]);
		cur_skip(c, 2); /* a lone 0xff is an address cut short, not a protocol */
	}
	size_t at = cur_off(c);
	uint16_t proto = cur_u8(c);
	if (!(proto & 1))
		proto = (uint16_t)(proto << 8 | cur_u8(c));
	if (pkt_cursor_error(pkt, c, t, "ppp"))
		return;
	tree_add_uint(t, &link_fields[F_PPP_PROTOCOL], c, at, cur_off(c) - at, proto);
	tree_set_end(t, c);
	if (!pkt->in_error)
		pkt->sum.ppp.protocol = proto;
	if (!dissect_next(TABLE_PPP_PROTO, proto, pkt, c, root)) {
		const char *name = vs_lookup(ppp_protocol_vals, proto);
		pkt_info(pkt, "%s", name ? name : "PPP Unknown");
		if (!name)
			pkt_event(pkt, EV_PPP_UNKNOWN_PROTOCOL, c, t);
	}
}

static bool ppp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	ppp_common(pkt, c, root, false);
	return true;
}

static bool ppp_dir_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	ppp_common(pkt, c, root, true);
	return true;
}

/* PPP carried inside another protocol (GRE 0x880b, L2TP data, PPPoE). */
void ppp_dissect_payload(Packet *pkt, Cursor *c, TreeNode *root)
{
	ppp_common(pkt, c, root, false);
}

/*
 * PPPoE (RFC 2516):  ver 4 | type 4 | code 8 | session id 16 | length 16
 * Session data carries a PPP protocol field and PPP payload; discovery
 * packets carry tags (shown as data here).
 */
static bool pppoe_dissect(Packet *pkt, Cursor *c, TreeNode *root, bool session)
{
	size_t at = cur_off(c);
	uint8_t vt = cur_u8(c);
	uint8_t code = cur_u8(c);
	uint16_t sid = cur_be16(c);
	uint16_t plen = cur_be16(c);
	TreeNode *t = tree_add_at(root, &link_fields[F_PPPOE], c, at, 6);
	pkt->sum.layers |= LAYER_PPPOE;
	pkt_set_proto(pkt, session ? "PPPoES" : "PPPoED");
	if (pkt_cursor_error(pkt, c, t, "pppoe"))
		return true;
	if (t) {
		tree_add_uint(t, &link_fields[F_PPPOE_VERSION], c, at, 1, vt);
		tree_add_uint(t, &link_fields[F_PPPOE_TYPE], c, at, 1, vt);
		tree_add_uint(t, &link_fields[F_PPPOE_CODE], c, at + 1, 1, code);
		tree_add_uint(t, &link_fields[F_PPPOE_SESSION_ID], c, at + 2, 2, sid);
		tree_add_uint(t, &link_fields[F_PPPOE_PAYLOAD_LENGTH], c, at + 4, 2, plen);
	}
	const char *name = vs_lookup(pppoe_code_vals, code);
	pkt_info(pkt, "%s", name ? name : "Unknown PPPoE code");
	if (plen <= cur_wire_left(c))
		cur_limit(c, plen);
	if (session && code == 0) {
		/* the session payload starts with the PPP protocol field */
		size_t pat = cur_off(c);
		uint16_t proto = cur_be16(c);
		if (pkt_cursor_error(pkt, c, t, "ppp"))
			return true;
		TreeNode *p = tree_add_at(root, &link_fields[F_PPP], c, pat, 2);
		tree_add_uint(p, &link_fields[F_PPP_PROTOCOL], c, pat, 2, proto);
		pkt->sum.layers |= LAYER_PPP;
		pkt->sum.ppp.protocol = proto;
		if (!dissect_next(TABLE_PPP_PROTO, proto, pkt, c, root)) {
			const char *pn = vs_lookup(ppp_protocol_vals, proto);
			pkt_set_proto(pkt, "PPP");
			pkt_info(pkt, "%s", pn ? pn : "PPP Unknown");
		}
		return true;
	}
	dissect_data(pkt, c, root);
	return true;
}

static bool pppoed_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	return pppoe_dissect(pkt, c, root, false);
}

static bool pppoes_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	return pppoe_dissect(pkt, c, root, true);
}

/* DLT_PPP_ETHER: PPPoE without the Ethernet header. */
static bool ppp_ether_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	return pppoe_dissect(pkt, c, root, true);
}

/* Cisco HDLC: address 1 | control 1 | Ethernet type 2 */
static bool chdlc_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	cur_skip(c, 2);
	uint16_t type = cur_be16(c);
	pkt_set_proto(pkt, "CHDLC");
	if (pkt_cursor_error(pkt, c, root, "chdlc"))
		return true;
	ethertype_next(type, pkt, c, root);
	return true;
}

/*
 * Cisco MetaData (Ethernet type 0x8909), carrying a security group tag:
 *   version 1 | length 1 | options 2 | SGT 2 | Ethernet type 2
 * Inside GRE the Ethernet type comes first (GRE keepalives of Cisco
 * routers with TrustSec use it).
 */
static bool cmd_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	bool in_gre = (pkt->sum.layers & LAYER_GRE) != 0;
	uint16_t type = in_gre ? cur_be16(c) : 0;
	uint8_t ver = cur_u8(c);
	uint8_t len = cur_u8(c);
	uint16_t opt = cur_be16(c);
	uint16_t sgt = cur_be16(c);
	if (!in_gre)
		type = cur_be16(c);
	TreeNode *t = tree_add_at(root, &link_fields[F_CMD], c, at, 8);
	pkt_set_proto(pkt, "CMD");
	if (pkt_cursor_error(pkt, c, t, "cmd"))
		return true;
	size_t tat = in_gre ? at : at + 6, vat = in_gre ? at + 2 : at;
	tree_add_uint(t, &link_fields[F_CMD_TYPE], c, tat, 2, type);
	tree_add_uint(t, &link_fields[F_CMD_VERSION], c, vat, 1, ver);
	tree_add_uint(t, &link_fields[F_CMD_LENGTH], c, vat + 1, 1, len);
	tree_add_uint(t, &link_fields[F_CMD_OPTIONS], c, vat + 2, 2, opt);
	tree_add_uint(t, &link_fields[F_CMD_SGT], c, vat + 4, 2, sgt);
	ethertype_next(type, pkt, c, root);
	return true;
}

void dissect_data(Packet *pkt, Cursor *c, TreeNode *parent)
{
	size_t n = cur_wire_left(c);
	if (n == 0)
		return;
	if (parent) {
		TreeNode *d = tree_add(parent, &link_fields[F_DATA], c, n);
		tree_set_text(d, "Data (%zu byte%s)", n, n == 1 ? "" : "s");
		tree_add_bytes(d, &link_fields[F_DATA_DATA], c, cur_off(c), n);
		TreeNode *l = tree_add_uint(d, &link_fields[F_DATA_LEN], c, cur_off(c), 0, n);
		l->flags |= NODE_GENERATED;
	}
	if (cur_left(c) < n) {
		pkt->err |= CUR_TRUNCATED;
		pkt_event(pkt, EV_TRUNCATED, c, NULL);
	}
	c->off = c->cap;
}

const Dissector eth_dissector = { "eth", "Ethernet", eth_dissect };
const Dissector vlan_dissector = { "vlan", "802.1Q", vlan_dissect };
const Dissector ieee8021ad_dissector = { "ieee8021ad", "802.1ad", ieee8021ad_dissect };
const Dissector sll_dissector = { "sll", "SLL", sll_dissect };
const Dissector sll2_dissector = { "sll2", "SLL", sll2_dissect };
const Dissector raw_dissector = { "raw", "Raw", raw_dissect };
const Dissector null_dissector = { "null", "NULL", null_dissect };
const Dissector loop_dissector = { "loop", "Loopback", loop_dissect };
const Dissector ppp_dissector = { "ppp", "PPP", ppp_dissect };
const Dissector ppp_dir_dissector = { "ppp_dir", "PPP", ppp_dir_dissect };
const Dissector pppoed_dissector = { "pppoed", "PPPoED", pppoed_dissect };
const Dissector pppoes_dissector = { "pppoes", "PPPoES", pppoes_dissect };
const Dissector ppp_ether_dissector = { "ppp_ether", "PPPoES", ppp_ether_dissect };
const Dissector cmd_dissector = { "cmd", "CMD", cmd_dissect };
const Dissector chdlc_dissector = { "chdlc", "CHDLC", chdlc_dissect };
