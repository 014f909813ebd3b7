/*
 * tunnel.c - the tunnel headers: GRE (RFC 2784, RFC 2890, and the enhanced
 * GRE of PPTP, RFC 2637 section 4.1), ESP (RFC 4303) and AH (RFC 4302)
 * headers without keys, and IPComp (RFC 3173) without decompression.
 *
 * Field names, types, bases and masks are Wireshark's (tshark 4.0), and so
 * are the protocol-column labels and info texts.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "keyring.h"
#include "protos.h"

/*
 * A protocol's top node.  When not one byte of the header was captured,
 * tshark shows no node for it, only the "truncated" line: the caller then
 * reports against `root` (see err_node).
 */
static TreeNode *top_node(TreeNode *root, const FieldDef *f, const Cursor *c, size_t at, size_t avail,
			  size_t len)
{
	if (avail == 0)
		return NULL;
	return tree_add_at(root, f, c, at, len);
}

static TreeNode *err_node(TreeNode *t, TreeNode *root) { return t ? t : root; }

/* ---- GRE ------------------------------------------------------------ */

/*
 * RFC 2784 / RFC 2890 (version 0):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |C|R|K|S|s|Recur| Reserved0 | Ver |         Protocol Type         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Checksum (optional)      |       Offset (optional)       |  C or R
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Key (optional)                        |  K
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Sequence Number (optional)                    |  S
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Routing (optional, RFC 1701)              ...  R
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Enhanced GRE (version 1, PPTP): the key is split into a 16-bit payload
 * length and a 16-bit call id, and the A bit (0x0080) announces a 32-bit
 * acknowledgment number after the sequence number:
 *
 *  |C|R|K|S|s|Recur|A| Flags | Ver |   Protocol Type (0x880b)      |
 *  |    Key (HW) Payload Length    |       Key (LW) Call ID        |
 *  |                  Sequence Number (Optional)                   |
 *  |               Acknowledgment Number (Optional)                |
 *
 * The obsolete routing field (RFC 1701) is a list of Source Route Entries
 * ending with a null SRE (address family 0, length 0):
 *
 *  |       Address Family          |  SRE Offset   |  SRE Length   |
 *  |                    Routing Information ...
 */

enum {
	GRE_CHECKSUM = 0x8000,
	GRE_ROUTING = 0x4000,
	GRE_KEY = 0x2000,
	GRE_SEQUENCE = 0x1000,
	GRE_ACK = 0x0080,
	GRE_VERSION = 0x0007,
	GRE_MAX_SRES = 32, /* source route entries shown before giving up */
	GRE_PROTO_KEEPALIVE = 0x0000,
	GRE_PROTO_IPV4 = 0x0800,
	GRE_PROTO_ETHBRIDGE = 0x6558,
	GRE_PROTO_IPV6 = 0x86dd,
	GRE_PROTO_PPP = 0x880b,
};

enum {
	F_GRE,
	F_GRE_FLAGS_AND_VERSION,
	F_GRE_FLAGS_CHECKSUM,
	F_GRE_FLAGS_ROUTING,
	F_GRE_FLAGS_KEY,
	F_GRE_FLAGS_SEQUENCE,
	F_GRE_FLAGS_SSR,
	F_GRE_FLAGS_RECURSION,
	F_GRE_FLAGS_ACK,
	F_GRE_FLAGS_RESERVED,
	F_GRE_FLAGS_VERSION,
	F_GRE_PROTO,
	F_GRE_CHECKSUM,
	F_GRE_CHECKSUM_STATUS,
	F_GRE_OFFSET,
	F_GRE_KEY,
	F_GRE_KEY_PAYLOAD_LENGTH,
	F_GRE_KEY_CALL_ID,
	F_GRE_SEQUENCE_NUMBER,
	F_GRE_ACK_NUMBER,
	F_GRE_ROUTING,
	F_GRE_ROUTING_AF,
	F_GRE_ROUTING_SRE_OFFSET,
	F_GRE_ROUTING_SRE_LENGTH,
	F_GRE_ROUTING_INFORMATION,
	F_GRE__COUNT
};

/* Wireshark's gre_typevals (a GRE-specific table, not the Ethernet one). */
static const ValueString gre_proto_vals[] = {
	{ 0x0000, "Possible GRE keepalive packet" },
	{ 0x0800, "IP" },
	{ 0x0806, "ARP" },
	{ 0x22eb, "ERSPAN III" },
	{ 0x6558, "Transparent Ethernet bridging" },
	{ 0x6559, "Frame Relay" },
	{ 0x8137, "IPX" },
	{ 0x86dd, "IPv6" },
	{ 0x8847, "MPLS label switched packet" },
	{ 0x880b, "PPP" },
	{ 0x8881, "CDMA2000 A10 Unstructured byte stream" },
	{ 0x88be, "ERSPAN" },
	{ 0x88d2, "CDMA2000 A10 3GPP2 Packet" },
	{ 0x8909, "CiscoMetaData" },
	{ 0x894f, "Network Service Header" },
	{ 0x9000, "ARUBA WLAN" },
	{ 0, NULL },
};

static const ValueString gre_version_vals[] = {
	{ 0, "GRE" },
	{ 1, "Enhanced GRE" },
	{ 0, NULL },
};

/* Wireshark's proto_checksum_vals */
static const ValueString gre_checksum_status_vals[] = {
	{ 0, "Bad" },
	{ 1, "Good" },
	{ 2, "Unverified" },
	{ 3, "Not present" },
	{ 4, "Illegal" },
	{ 0, NULL },
};

enum { CKSUM_BAD = 0, CKSUM_GOOD = 1, CKSUM_UNVERIFIED = 2 };

static const FieldDef gre_fields[F_GRE__COUNT] = {
	[F_GRE] = { "gre", "Generic Routing Encapsulation", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_GRE_FLAGS_AND_VERSION] = { "gre.flags_and_version", "Flags and Version", FT_UINT16, BASE_HEX, NULL, 0,
				      NULL },
	[F_GRE_FLAGS_CHECKSUM] = { "gre.flags.checksum", "Checksum Bit", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_GRE_FLAGS_ROUTING] = { "gre.flags.routing", "Routing Bit", FT_BOOLEAN, BASE_NONE, NULL, 0x4000, NULL },
	[F_GRE_FLAGS_KEY] = { "gre.flags.key", "Key Bit", FT_BOOLEAN, BASE_NONE, NULL, 0x2000, NULL },
	[F_GRE_FLAGS_SEQUENCE] = { "gre.flags.sequence_number", "Sequence Number Bit", FT_BOOLEAN, BASE_NONE, NULL,
				   0x1000, NULL },
	[F_GRE_FLAGS_SSR] = { "gre.flags.strict_source_route", "Strict Source Route Bit", FT_BOOLEAN, BASE_NONE,
			      NULL, 0x0800, NULL },
	[F_GRE_FLAGS_RECURSION] = { "gre.flags.recursion_control", "Recursion control", FT_UINT16, BASE_DEC, NULL,
				    0x0700, NULL },
	[F_GRE_FLAGS_ACK] = { "gre.flags.ack", "Acknowledgment", FT_BOOLEAN, BASE_NONE, NULL, 0x0080, NULL },
	/* in enhanced GRE the A bit takes the top reserved bit: the value is
	 * then given with that bit cleared (see gre_add_flags) */
	[F_GRE_FLAGS_RESERVED] = { "gre.flags.reserved", "Flags (Reserved)", FT_UINT16, BASE_DEC, NULL, 0x00f8,
				   NULL },
	[F_GRE_FLAGS_VERSION] = { "gre.flags.version", "Version", FT_UINT16, BASE_DEC, gre_version_vals, 0x0007,
				  NULL },
	[F_GRE_PROTO] = { "gre.proto", "Protocol Type", FT_UINT16, BASE_HEX, gre_proto_vals, 0, NULL },
	[F_GRE_CHECKSUM] = { "gre.checksum", "Checksum", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_GRE_CHECKSUM_STATUS] = { "gre.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE,
				    gre_checksum_status_vals, 0, NULL },
	[F_GRE_OFFSET] = { "gre.offset", "Offset", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_GRE_KEY] = { "gre.key", "Key", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_GRE_KEY_PAYLOAD_LENGTH] = { "gre.key.payload_length", "Payload Length", FT_UINT16, BASE_DEC, NULL, 0,
				       NULL },
	[F_GRE_KEY_CALL_ID] = { "gre.key.call_id", "Call ID", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_GRE_SEQUENCE_NUMBER] = { "gre.sequence_number", "Sequence Number", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_GRE_ACK_NUMBER] = { "gre.ack_number", "Acknowledgment Number", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_GRE_ROUTING] = { "gre.routing", "Routing", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_GRE_ROUTING_AF] = { "gre.routing.address_family", "Address Family", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_GRE_ROUTING_SRE_OFFSET] = { "gre.routing.sre_offset", "SRE Offset", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_GRE_ROUTING_SRE_LENGTH] = { "gre.routing.src_length", "SRE Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_GRE_ROUTING_INFORMATION] = { "gre.routing.information", "Routing Information", FT_BYTES, BASE_NONE, NULL,
					0, NULL },
};

const FieldTable gre_field_table = { "gre", gre_fields, F_GRE__COUNT };

/* A flag bit shown the way Wireshark's tfs_yes_no does. */
static void gre_add_flag(TreeNode *parent, unsigned field, const Cursor *c, size_t at, uint16_t fv)
{
	TreeNode *n = tree_add_uint(parent, &gre_fields[field], c, at, 2, fv);
	if (n)
		tree_set_text(n, "%s", (fv & gre_fields[field].mask) ? "Yes" : "No");
}

static void gre_add_flags(TreeNode *t, const Cursor *c, size_t at, uint16_t fv, bool is_ppp)
{
	TreeNode *fl = tree_add_uint(t, &gre_fields[F_GRE_FLAGS_AND_VERSION], c, at, 2, fv);
	if (!fl)
		return;
	gre_add_flag(fl, F_GRE_FLAGS_CHECKSUM, c, at, fv);
	gre_add_flag(fl, F_GRE_FLAGS_ROUTING, c, at, fv);
	gre_add_flag(fl, F_GRE_FLAGS_KEY, c, at, fv);
	gre_add_flag(fl, F_GRE_FLAGS_SEQUENCE, c, at, fv);
	gre_add_flag(fl, F_GRE_FLAGS_SSR, c, at, fv);
	tree_add_uint(fl, &gre_fields[F_GRE_FLAGS_RECURSION], c, at, 2, fv);
	if (is_ppp) {
		gre_add_flag(fl, F_GRE_FLAGS_ACK, c, at, fv);
		/* one definition per name, so that -T fields finds it: Wireshark
		 * masks 0x0078 here, the same value as 0x00f8 without the A bit */
		tree_add_uint(fl, &gre_fields[F_GRE_FLAGS_RESERVED], c, at, 2, fv & ~(unsigned)GRE_ACK);
	} else {
		tree_add_uint(fl, &gre_fields[F_GRE_FLAGS_RESERVED], c, at, 2, fv);
	}
	tree_add_uint(fl, &gre_fields[F_GRE_FLAGS_VERSION], c, at, 2, fv);
}

/*
 * The checksum covers the GRE header and payload (RFC 2784 section 2.5).
 * It can be verified only when the whole GRE packet was captured; `all`
 * is a copy of the cursor taken at the start of the GRE header.
 */
static uint8_t gre_checksum(const Cursor *all, uint16_t *should_be)
{
	Cursor w = *all;
	size_t n = cur_left(&w);
	if (n != cur_wire_left(&w) || n < 6)
		return CKSUM_UNVERIFIED;
	const uint8_t *p = cur_bytes(&w, n);
	if (!p)
		return CKSUM_UNVERIFIED;
	if (inet_cksum_fold(inet_cksum_add(0, p, n)) == 0)
		return CKSUM_GOOD;
	/* the value the field should hold: the sum with the field as zero */
	uint32_t s = inet_cksum_add(0, p, 4);
	s = inet_cksum_add(s, p + 6, n - 6);
	*should_be = inet_cksum_fold(s);
	return CKSUM_BAD;
}

/* The obsolete routing field: SREs until the null SRE.  Returns false
 * when the list was given up (cursor failed, or too many entries). */
static bool gre_routing(Packet *pkt, Cursor *c, TreeNode *t)
{
	for (unsigned i = 0;; i++) {
		if (i == GRE_MAX_SRES) {
			pkt_event(pkt, EV_GRE_TOO_MANY_SRES, c, t);
			return false;
		}
		size_t at = cur_off(c);
		uint16_t af = cur_be16(c);
		uint8_t sre_off = cur_u8(c);
		uint8_t sre_len = cur_u8(c);
		if (cur_failed(c))
			return false;
		/* as tshark, the "Routing" line covers what was captured of the SRE */
		size_t have = cur_left(c) < sre_len ? cur_left(c) : sre_len;
		tree_add_at(t, &gre_fields[F_GRE_ROUTING], c, at, 4 + have);
		/* Wireshark puts the SRE's fields beside its "Routing" line */
		tree_add_uint(t, &gre_fields[F_GRE_ROUTING_AF], c, at, 2, af);
		tree_add_uint(t, &gre_fields[F_GRE_ROUTING_SRE_OFFSET], c, at + 2, 1, sre_off);
		tree_add_uint(t, &gre_fields[F_GRE_ROUTING_SRE_LENGTH], c, at + 3, 1, sre_len);
		if (af == 0 && sre_len == 0)
			return true;
		if (!cur_skip(c, sre_len))
			return false;
		TreeNode *info = tree_add_bytes(t, &gre_fields[F_GRE_ROUTING_INFORMATION], c, at + 4, sre_len);
		if (sre_len == 0)
			tree_set_text(info, "<MISSING>");
	}
}

/* Hand the payload to the dissector for the protocol type. */
static void gre_payload(Packet *pkt, Cursor *pl, TreeNode *root, TreeNode *t, uint16_t proto)
{
	switch (proto) {
	case GRE_PROTO_IPV4:
	case GRE_PROTO_IPV6:
		dissect_next(TABLE_ETHERTYPE, proto, pkt, pl, root);
		return;
	case GRE_PROTO_PPP:
		/* PPTP: PPP frames, HDLC address/control optional */
		if (!pkt_enter(pkt, pl, root)) {
			dissect_data(pkt, pl, root);
			return;
		}
		ppp_dissect_payload(pkt, pl, root);
		pkt_leave(pkt);
		return;
	case GRE_PROTO_ETHBRIDGE: {
		/* an Ethernet frame: the link-layer dissector of DLT_EN10MB */
		const Dissector *d = registry_find(TABLE_LINKTYPE, 1);
		if (!d || !pkt_enter(pkt, pl, root)) {
			dissect_data(pkt, pl, root);
			return;
		}
		Cursor again = *pl;
		if (!d->dissect(pkt, pl, root))
			dissect_data(pkt, &again, root);
		pkt_leave(pkt);
		return;
	}
	default: {
		/* another Ethernet type with a dissector (e.g. Cisco MetaData);
		 * else Wireshark shows the payload inside the GRE tree */
		const Dissector *d = registry_find(TABLE_ETHERTYPE, proto);
		if (d)
			dissect_with(d, pkt, pl, root);
		else
			dissect_data(pkt, pl, t);
		return;
	}
	}
}

/* The optional fields after the first word; false when the cursor failed,
 * *lost when the routing list was given up. */
static bool gre_options(Packet *pkt, Cursor *c, TreeNode *t, const Cursor *all, uint16_t fv, bool is_ppp,
			bool *lost)
{
	if (fv & (GRE_CHECKSUM | GRE_ROUTING)) {
		size_t at = cur_off(c);
		uint16_t cksum = cur_be16(c);
		uint16_t goff = cur_be16(c);
		if (cur_failed(c))
			return false;
		uint8_t status = CKSUM_UNVERIFIED;
		uint16_t should_be = 0;
		if (fv & GRE_CHECKSUM)
			status = gre_checksum(all, &should_be);
		TreeNode *ck = tree_add_uint(t, &gre_fields[F_GRE_CHECKSUM], c, at, 2, cksum);
		if (status == CKSUM_GOOD)
			tree_set_text(ck, "0x%04x [correct]", cksum);
		else if (status == CKSUM_BAD)
			tree_set_text(ck, "0x%04x incorrect, should be 0x%04x", cksum, should_be);
		else
			tree_set_text(ck, "0x%04x [unverified]", cksum);
		TreeNode *st = tree_add_uint(t, &gre_fields[F_GRE_CHECKSUM_STATUS], c, at, 0, status);
		if (st) {
			/* BASE_NONE with names: Wireshark prints the name alone */
			tree_set_text(st, "%s", vs_name(gre_checksum_status_vals, status, "Unknown"));
			st->flags |= NODE_GENERATED;
		}
		if (status == CKSUM_BAD && !pkt->in_error)
			pkt_event(pkt, EV_GRE_BAD_CHECKSUM, c, ck);
		tree_add_uint(t, &gre_fields[F_GRE_OFFSET], c, at + 2, 2, goff);
	}
	if (fv & GRE_KEY) {
		size_t at = cur_off(c);
		if (is_ppp) {
			uint16_t plen = cur_be16(c);
			uint16_t call = cur_be16(c);
			if (cur_failed(c))
				return false;
			tree_add_uint(t, &gre_fields[F_GRE_KEY_PAYLOAD_LENGTH], c, at, 2, plen);
			tree_add_uint(t, &gre_fields[F_GRE_KEY_CALL_ID], c, at + 2, 2, call);
		} else {
			uint32_t key = cur_be32(c);
			if (cur_failed(c))
				return false;
			tree_add_uint(t, &gre_fields[F_GRE_KEY], c, at, 4, key);
		}
	}
	if (fv & GRE_SEQUENCE) {
		size_t at = cur_off(c);
		uint32_t seq = cur_be32(c);
		if (cur_failed(c))
			return false;
		tree_add_uint(t, &gre_fields[F_GRE_SEQUENCE_NUMBER], c, at, 4, seq);
	}
	if (is_ppp && (fv & GRE_ACK)) {
		size_t at = cur_off(c);
		uint32_t ack = cur_be32(c);
		if (cur_failed(c))
			return false;
		tree_add_uint(t, &gre_fields[F_GRE_ACK_NUMBER], c, at, 4, ack);
	}
	if ((fv & GRE_ROUTING) && !gre_routing(pkt, c, t))
		*lost = true; /* where the payload starts is unknown */
	return !cur_failed(c);
}

static bool gre_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	const Cursor all = *c;
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	TreeNode *t = top_node(root, &gre_fields[F_GRE], c, at, avail, 4);
	uint16_t fv = cur_be16(c);
	uint16_t proto = cur_be16(c);
	unsigned ver = fv & GRE_VERSION;
	/* Wireshark's rule for the enhanced header: PPP with a version */
	bool is_ppp = proto == GRE_PROTO_PPP && ver != 0;
	const char *pname = vs_lookup(gre_proto_vals, proto);

	pkt_set_proto(pkt, "GRE");
	if (!pkt->in_error)
		pkt->sum.layers |= LAYER_GRE;
	if (cur_failed(c)) {
		if (avail >= 2)
			gre_add_flags(t, c, at, fv, false);
		pkt_cursor_error(pkt, c, err_node(t, root), "gre");
		return true;
	}
	if (pname) {
		tree_set_text(t, "Generic Routing Encapsulation (%s)", pname);
		pkt_info(pkt, "Encapsulated %s", pname);
	} else {
		tree_set_text(t, "Generic Routing Encapsulation (0x%04X - unknown)", proto);
		pkt_info(pkt, "Encapsulated 0x%04X (unknown)", proto);
	}
	gre_add_flags(t, c, at, fv, is_ppp);
	tree_add_uint(t, &gre_fields[F_GRE_PROTO], c, at + 2, 2, proto);
	if (ver > 1)
		pkt_event(pkt, EV_GRE_BAD_VERSION, c, t);

	bool lost = false;
	bool ok = gre_options(pkt, c, t, &all, fv, is_ppp, &lost);
	tree_set_end(t, c);
	if (!ok) {
		pkt_cursor_error(pkt, c, t, "gre");
		return true;
	}
	if (lost) {
		dissect_data(pkt, c, t);
		return true;
	}
	/* no payload is normal: PPTP acknowledgments, keepalive replies */
	if (cur_wire_left(c) == 0)
		return true;
	Cursor pl = cur_rest(c);
	gre_payload(pkt, &pl, root, t, proto);
	return true;
}

const Dissector gre_dissector = { "gre", "GRE", gre_dissect };

/* ---- ESP ------------------------------------------------------------ */

/*
 * RFC 4303 section 2:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Security Parameters Index (SPI)                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Sequence Number                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Payload Data* (variable)                   |
 *  ~                 (IV, encrypted data, padding,                 ~
 *  |            pad length, next header, ICV)                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Without keys only the SPI and sequence number are readable.  As tshark
 * does, the ESP node spans the whole encrypted packet but shows no field
 * for the ciphertext.
 *
 * With a key for the SPI (DissectCtx.keyring), the packet is decrypted
 * into a buffer in the context's arena (data source SRC_DECRYPTED; a
 * second ESP layer inside the first is appended to the same buffer, so
 * that both layers' offsets stay valid), the ICV is verified and the
 * trailer read:
 *
 *  | payload ... | padding 1, 2, 3, ... | pad length | next header |
 *
 * and the payload is handed to the dissector of the next header (IP in
 * tunnel mode, UDP (L2TP) in transport mode, IPComp...).  The tree is
 * tshark's: IV, encrypted data, ICV with [Good]/[Bad], decrypted data
 * with the contained data, pad, pad length and next header as children.
 *
 * Sequence analysis (per SPI, with or without keys): as Wireshark, a
 * number other than the previous one + 1 is flagged with the expected
 * number and the previous frame; ikescope also says whether it was a gap,
 * a replay or a reordering (64-packet window).
 */

enum {
	F_ESP,
	F_ESP_SPI,
	F_ESP_SEQUENCE,
	F_ESP_IV,
	F_ESP_ENCRYPTED,
	F_ESP_ICV,
	F_ESP_ICV_GOOD,
	F_ESP_ICV_BAD,
	F_ESP_DECRYPTED,
	F_ESP_CONTAINED,
	F_ESP_PAD,
	F_ESP_PAD_LEN,
	F_ESP_PROTOCOL,
	F_ESP_SEQ_EXPECTED,
	F_ESP_SEQ_PREV_FRAME,
	F_ESP_SEQ_WRONG,
	F_ESP__COUNT
};

static const FieldDef esp_fields[F_ESP__COUNT] = {
	[F_ESP] = { "esp", "Encapsulating Security Payload", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_ESP_SPI] = { "esp.spi", "ESP SPI", FT_UINT32, BASE_HEX_DEC, NULL, 0, NULL },
	[F_ESP_SEQUENCE] = { "esp.sequence", "ESP Sequence", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ESP_IV] = { "esp.iv", "ESP IV", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ESP_ENCRYPTED] = { "esp.encrypted_data", "ESP Encrypted Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ESP_ICV] = { "esp.icv", "ESP ICV", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ESP_ICV_GOOD] = { "esp.icv_good", "Good", FT_BOOLEAN, BASE_NONE, NULL, 0, NULL },
	[F_ESP_ICV_BAD] = { "esp.icv_bad", "Bad", FT_BOOLEAN, BASE_NONE, NULL, 0, NULL },
	[F_ESP_DECRYPTED] = { "esp.decrypted_data", "ESP Decrypted Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ESP_CONTAINED] = { "esp.contained_data", "ESP Contained Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ESP_PAD] = { "esp.pad", "Pad", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ESP_PAD_LEN] = { "esp.pad_len", "ESP Pad Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	/* tshark labels it "Next header" in the tree */
	[F_ESP_PROTOCOL] = { "esp.protocol", "Next header", FT_UINT8, BASE_HEX, ip_proto_vals, 0, NULL },
	[F_ESP_SEQ_EXPECTED] = { "esp.sequence-analysis.expected-sn", "Expected SN", FT_UINT32, BASE_DEC, NULL, 0,
				 NULL },
	[F_ESP_SEQ_PREV_FRAME] = { "esp.sequence-analysis.previous-frame", "Previous Frame", FT_FRAMENUM, BASE_NONE,
				   NULL, 0, NULL },
	[F_ESP_SEQ_WRONG] = { "esp.sequence-analysis.wrong-sequence-number", "Wrong Sequence Number", FT_NONE,
			      BASE_NONE, NULL, 0, NULL },
};

const FieldTable esp_field_table = { "esp", esp_fields, F_ESP__COUNT };

/* tshark shows long byte fields as their first 36 bytes and an ellipsis,
 * then the length. */
static void bytes_text(TreeNode *n, const uint8_t *p, size_t len, const char *suffix)
{
	if (!n)
		return;
	char hex[2 * 36 + 1];
	size_t show = len > 36 ? 36 : len;
	keyring_hex(p, show, hex);
	tree_set_text(n, "%s%s (%zu byte%s)%s", hex, len > 36 ? "\xe2\x80\xa6" : "", len, len == 1 ? "" : "s",
		      suffix ? suffix : "");
}

static TreeNode *add_bool(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t at, size_t len, bool v)
{
	TreeNode *n = tree_add_uint(parent, f, c, at, len, v);
	if (n) {
		tree_set_text(n, "%s", v ? "True" : "False");
		n->flags |= NODE_GENERATED;
	}
	return n;
}

/* Wireshark's per-SPI check, plus ikescope's gap / replay / reorder. */
static void esp_sequence(Packet *pkt, const Cursor *c, TreeNode *t, bool ah, uint32_t spi, uint32_t seq,
			 size_t seq_at, EspSa *sa)
{
	DissectCtx *ctx = pkt->ctx;
	if (!ctx || !ctx->esp_track || pkt->in_error)
		return;
	EspSaStats *st = esp_track_get(ctx->esp_track, ah, spi, NULL);
	if (st->seen && pkt->number <= st->last_frame)
		return; /* a frame dissected again (TUI): the state has moved on */
	uint32_t expected;
	uint64_t prev;
	SeqVerdict v = esp_seq_update(st, seq, pkt->number, &expected, &prev);
	if (sa) {
		uint32_t e2;
		uint64_t p2;
		esp_seq_update(&sa->st, seq, pkt->number, &e2, &p2);
	}
	if (!ah) {
		pkt->sum.esp.seq_status = (uint8_t)v;
		pkt->sum.esp.seq_expected = v == SEQ_FIRST ? seq : expected;
	}
	if (v == SEQ_FIRST || seq == expected)
		return;
	if (ah)
		return; /* Wireshark checks ESP only; the counters above still count AH */
	TreeNode *n = tree_add_uint(t, &esp_fields[F_ESP_SEQ_EXPECTED], c, seq_at, 4, expected);
	if (n)
		n->flags |= NODE_GENERATED;
	n = tree_add_uint(t, &esp_fields[F_ESP_SEQ_PREV_FRAME], c, seq_at, 4, prev);
	if (n)
		n->flags |= NODE_GENERATED;
	tree_add_at(t, &esp_fields[F_ESP_SEQ_WRONG], c, seq_at, 4);
	const char *what = v == SEQ_GAP ? "gap" : v == SEQ_REPLAY ? "replayed" : v == SEQ_REORDER ? "reordered" : "";
	pkt_eventf(pkt, v == SEQ_REPLAY ? EV_ESP_SEQ_REPLAY : EV_ESP_SEQ_WRONG, c, t,
		   "Wrong Sequence Number for SPI %08x - %u instead of %u%s%s%s", spi, seq, expected,
		   *what ? " (" : "", what, *what ? ")" : "");
}

/* Next headers a correct decryption plausibly yields. */
static bool plausible_next_header(uint8_t nh)
{
	switch (nh) {
	case 1: case 4: case 6: case 17: case 41: case 47: case 50: case 51: case 58:
	case 59: case 94: case 97: case 108: case 115: case 132: case 136: case 137:
		return true;
	default:
		return false;
	}
}

/* Decrypt into a fresh stretch of the packet's decrypted buffer. */
static uint8_t *decrypt_buffer(Packet *pkt, size_t n, uint32_t *base)
{
	const uint8_t *old = pkt->sources[SRC_DECRYPTED].data;
	size_t old_len = old ? pkt->sources[SRC_DECRYPTED].len : 0;
	uint8_t *buf = arena_alloc(&pkt->ctx->arena, old_len + n + 16);
	if (old_len)
		memcpy(buf, old, old_len);
	pkt_add_source(pkt, SRC_DECRYPTED, buf, old_len + n, "Decrypted ESP");
	*base = (uint32_t)old_len;
	return buf + old_len;
}

/*
 * Decrypt with the keyring's SAs for this SPI (the best by address
 * first; when the ICV fails, the next candidate).  Returns true when the
 * packet was handed on decrypted; false leaves it shown as encrypted.
 */
static bool esp_decrypt_and_dissect(Packet *pkt, const Cursor *all, TreeNode *root, TreeNode *t, uint32_t spi,
				    EspSa **sa_out)
{
	DissectCtx *ctx = pkt->ctx;
	Keyring *kr = ctx ? ctx->keyring : NULL;
	*sa_out = NULL;
	if (!kr || pkt->in_error)
		return false;
	const IpSummary *ip = &pkt->sum.ip;
	EspSa *sa = keyring_find(kr, false, spi, ip->af, ip->src, ip->dst);
	if (!ctx->esp_track)
		return false;
	esp_track_get(ctx->esp_track, false, spi, NULL);
	esp_track_set_has_key(ctx->esp_track, false, spi, sa != NULL);
	if (!(pkt->sum.layers & LAYER_ESP) || pkt->sum.esp.spi == spi)
		pkt->sum.esp.have_key = sa != NULL;
	if (!sa) {
		ctx->stats.esp.no_key++;
		return false;
	}
	*sa_out = sa;
	Cursor w = *all;
	size_t n = cur_left(&w);
	if (n != cur_wire_left(&w))
		return false; /* cut by the snap length: nothing to verify */
	const uint8_t *esp = cur_bytes(&w, n);
	if (!esp)
		return false;

	EspDecryptResult r;
	EspXform *x = NULL;
	uint8_t *out = NULL;
	uint32_t base = 0;
	for (unsigned tries = 0; sa && tries < 8; tries++) {
		x = keyring_sa_xform(kr, sa);
		if (!x) {
			ctx->stats.esp.key_unusable++;
			pkt->sum.esp.key_problem = true;
			pkt_eventf(pkt, EV_ESP_KEY_UNUSABLE, all, t, "Key for SPI 0x%08x (%s) unusable: %s", spi,
				   sa->origin, sa->xform_error);
			*sa_out = sa;
			return false;
		}
		if (!out)
			out = decrypt_buffer(pkt, n, &base);
		esp_decrypt(x, esp, n, sa->esn, sa->esn_hi, out, &r);
		*sa_out = sa;
		if (r.status != ESPD_OK || r.icv != ICV_BAD)
			break;
		EspSa *next = keyring_find_next(kr, sa, false, spi, ip->af, ip->src, ip->dst);
		if (!next)
			break;
		sa = next;
	}
	EspSaStats *st = &sa->st;
	if (r.status == ESPD_TOO_SHORT || r.status == ESPD_BAD_LENGTH) {
		st->too_short++;
		pkt_eventf(pkt, EV_ESP_BAD_LENGTH, all, t,
			   r.status == ESPD_TOO_SHORT
				   ? "ESP packet too short for %s (IV, ICV and trailer)"
				   : "ESP payload is not a whole number of %s blocks",
			   esp_enc_info(sa->enc)->name);
		return false;
	}
	if (r.status != ESPD_OK) {
		pkt_eventf(pkt, EV_ESP_KEY_UNUSABLE, all, t, "OpenSSL failed to decrypt with SPI 0x%08x's key", spi);
		return false;
	}

	/* the tree: IV, encrypted data, ICV */
	size_t at = cur_off(all);
	const char *enc_name = esp_enc_info(sa->enc)->ws_name;
	if (r.iv_len)
		bytes_text(tree_add_bytes(t, &esp_fields[F_ESP_IV], all, at + r.iv_off, r.iv_len), esp + r.iv_off,
			   r.iv_len, NULL);
	char suffix[96] = "";
	if (t) /* the summary-only fast path formats no text */
		g_snprintf(suffix, sizeof(suffix), " <%s>", enc_name);
	bytes_text(tree_add_bytes(t, &esp_fields[F_ESP_ENCRYPTED], all, at + r.ct_off, r.ct_len), esp + r.ct_off,
		   r.ct_len, suffix);
	if (r.icv_len) {
		const char *verdict = r.icv == ICV_GOOD ? " [correct]" : r.icv == ICV_BAD ? " [incorrect]" : " [unchecked]";
		const char *aname = esp_enc_info(sa->enc)->aead ? enc_name : esp_auth_info(sa->auth)->ws_name;
		if (t)
			g_snprintf(suffix, sizeof(suffix), " <%s>%s", aname, verdict);
		TreeNode *icv = tree_add_bytes(t, &esp_fields[F_ESP_ICV], all, at + r.icv_off, r.icv_len);
		bytes_text(icv, esp + r.icv_off, r.icv_len, suffix);
		if (r.icv != ICV_UNCHECKED) {
			add_bool(icv, &esp_fields[F_ESP_ICV_GOOD], all, at + r.icv_off, r.icv_len, r.icv == ICV_GOOD);
			add_bool(icv, &esp_fields[F_ESP_ICV_BAD], all, at + r.icv_off, r.icv_len, r.icv == ICV_BAD);
		}
		if (r.icv == ICV_BAD)
			pkt_eventf(pkt, EV_ESP_ICV_BAD, all, icv, "ESP ICV incorrect (SPI 0x%08x, key from %s)", spi,
				   sa->origin);
	}
	if (r.icv == ICV_GOOD) {
		st->icv_good++;
		ctx->stats.esp.icv_good++;
	} else if (r.icv == ICV_BAD) {
		st->icv_bad++;
		ctx->stats.esp.icv_bad++;
		if (!st->first_bad_frame)
			st->first_bad_frame = pkt->number;
	} else {
		st->icv_unchecked++;
	}

	/* the plaintext and its trailer */
	Cursor d = cur_init(out, r.pt_len, r.pt_len);
	d.src = SRC_DECRYPTED;
	d.base = base;
	TreeNode *dn = tree_add_bytes(t, &esp_fields[F_ESP_DECRYPTED], &d, 0, r.pt_len);
	bytes_text(dn, out, r.pt_len, NULL);
	uint8_t pad_len = out[r.pt_len - 2], nh = out[r.pt_len - 1];
	size_t body = 0;
	bool pad_ok = (size_t)pad_len + 2 <= r.pt_len;
	if (pad_ok) {
		body = r.pt_len - 2 - pad_len;
		for (unsigned i = 0; i < pad_len; i++)
			if (out[body + i] != (uint8_t)(i + 1))
				pad_ok = false;
	}
	bool garbage = !plausible_next_header(nh) || (size_t)pad_len + 2 > r.pt_len ||
		       (r.icv == ICV_UNCHECKED && !pad_ok);
	st->decrypted++;
	ctx->stats.esp.decrypted++;
	bool top = !(pkt->sum.layers & LAYER_ESP) || pkt->sum.esp.spi == spi;
	if (top) {
		pkt->sum.esp.decrypted = true;
		pkt->sum.esp.icv = (uint8_t)r.icv;
		pkt->sum.esp.next_header = nh;
		pkt->sum.esp.pad_bad = !pad_ok;
	}
	if ((size_t)pad_len + 2 <= r.pt_len) {
		bytes_text(tree_add_bytes(dn, &esp_fields[F_ESP_CONTAINED], &d, 0, body), out, body, NULL);
		if (pad_len)
			tree_add_bytes(dn, &esp_fields[F_ESP_PAD], &d, body, pad_len);
	}
	tree_add_uint(dn, &esp_fields[F_ESP_PAD_LEN], &d, r.pt_len - 2, 1, pad_len);
	tree_add_uint(dn, &esp_fields[F_ESP_PROTOCOL], &d, r.pt_len - 1, 1, nh);
	if (garbage) {
		st->garbage++;
		if (!st->first_bad_frame)
			st->first_bad_frame = pkt->number;
		if (top)
			pkt->sum.esp.key_problem = true;
		pkt_eventf(pkt, EV_ESP_GARBAGE, &d, dn,
			   "Decrypted ESP payload is implausible (next header %u, pad length %u): wrong key for SPI "
			   "0x%08x (%s)?",
			   nh, pad_len, spi, sa->origin);
		return true;
	}
	if (!pad_ok) {
		st->pad_bad++;
		pkt_event(pkt, EV_ESP_PAD_BAD, &d, dn);
	}
	pkt_add_source(pkt, SRC_DECRYPTED, pkt->sources[SRC_DECRYPTED].data, base + r.pt_len, "Decrypted ESP");
	Cursor inner = cur_init(out, body, body);
	inner.src = SRC_DECRYPTED;
	inner.base = base;
	if (nh == 59)
		return true; /* no next header: a dummy packet (RFC 4303 section 2.6) */
	if (!pkt_enter(pkt, &inner, root))
		return true;
	dissect_next(TABLE_IP_PROTO, nh, pkt, &inner, root);
	pkt_leave(pkt);
	return true;
}

/* The IKE SA that negotiated this SPI, when a decrypted Quick Mode,
 * IKE_AUTH or CREATE_CHILD_SA told the keyring (shown in the tree only:
 * the summary path does not look). */
static void esp_owner(Packet *pkt, const Cursor *c, TreeNode *t, uint32_t spi, size_t at)
{
	uint8_t is[8], rs[8];
	uint64_t frame = 0;
	if (!t || !pkt->ctx || !pkt->ctx->keyring || !keyring_child_spi_owner(pkt->ctx->keyring, spi, is, rs, &frame))
		return;
	char a[17], b[17];
	keyring_hex(is, 8, a);
	keyring_hex(rs, 8, b);
	tree_add_text(t, c, at, 4, "[IKE SA: %s/%s, CHILD_SA negotiated in frame %" G_GUINT64_FORMAT "]", a, b,
		      (guint64)frame);
}

static bool esp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	const Cursor all = *c;
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	bool too_short = cur_wire_left(c) < 8;
	TreeNode *t = top_node(root, &esp_fields[F_ESP], c, at, avail, avail);
	pkt_set_proto(pkt, "ESP");
	uint32_t spi = cur_be32(c);
	uint32_t seq = cur_be32(c);
	if (avail >= 4) {
		tree_add_uint(t, &esp_fields[F_ESP_SPI], c, at, 4, spi);
		pkt_info(pkt, "ESP (SPI=0x%08x)", spi);
		if (!pkt->in_error && !(pkt->sum.layers & LAYER_ESP)) {
			pkt->sum.layers |= LAYER_ESP;
			memset(&pkt->sum.esp, 0, sizeof(pkt->sum.esp));
			pkt->sum.esp.spi = spi;
			pkt->sum.esp.seq = avail >= 8 ? seq : 0;
		}
		if (!pkt->in_error && pkt->ctx)
			pkt->ctx->stats.esp.packets++;
	}
	if (avail >= 8)
		tree_add_uint(t, &esp_fields[F_ESP_SEQUENCE], c, at + 4, 4, seq);
	if (too_short)
		pkt_event(pkt, EV_ESP_TOO_SHORT, c, err_node(t, root));
	if (pkt_cursor_error(pkt, c, err_node(t, root), "esp"))
		return true;
	esp_owner(pkt, c, t, spi, at);
	EspSa *sa = NULL;
	bool done = esp_decrypt_and_dissect(pkt, &all, root, t, spi, &sa);
	esp_sequence(pkt, c, t, false, spi, seq, at + 4, sa);
	if (done) {
		cur_skip(c, cur_left(c));
		return true;
	}
	/* the encrypted payload: consumed, not decoded (a cut one is noted) */
	if (cur_left(c) < cur_wire_left(c)) {
		pkt->err |= CUR_TRUNCATED;
		pkt_event(pkt, EV_TRUNCATED, c, NULL);
	}
	cur_skip(c, cur_left(c));
	return true;
}

const Dissector esp_dissector = { "esp", "ESP", esp_dissect };

/* ---- AH ------------------------------------------------------------- */

/*
 * RFC 4302 section 2:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Next Header   |  Payload Len  |          RESERVED             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Security Parameters Index (SPI)               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Sequence Number Field                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Integrity Check Value-ICV (variable)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Payload Len is the header length in 32-bit words minus 2, so the header
 * is (len + 2) * 4 bytes and the ICV (len + 2) * 4 - 12.  The next header
 * is dissected as IP protocol: IP (4) or IPv6 (41) in tunnel mode, the
 * transport protocol in transport mode.
 */

enum {
	AH_FIXED_LEN = 12,
};

enum {
	F_AH,
	F_AH_NEXT_HEADER,
	F_AH_LENGTH,
	F_AH_RESERVED,
	F_AH_SPI,
	F_AH_SEQUENCE,
	F_AH_ICV,
	F_AH__COUNT
};

static const FieldDef ah_fields[F_AH__COUNT] = {
	[F_AH] = { "ah", "Authentication Header", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_AH_NEXT_HEADER] = { "ah.next_header", "Next header", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_AH_LENGTH] = { "ah.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_AH_RESERVED] = { "ah.reserved", "Reserved", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_AH_SPI] = { "ah.spi", "AH SPI", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_AH_SEQUENCE] = { "ah.sequence", "AH Sequence", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_AH_ICV] = { "ah.icv", "AH ICV", FT_BYTES, BASE_NONE, NULL, 0, NULL },
};

const FieldTable ah_field_table = { "ah", ah_fields, F_AH__COUNT };

/*
 * AH ICV (RFC 4302 section 3.3.3): computed over the whole IP datagram
 * with the mutable fields zeroed (IPv4: TOS, flags and fragment offset,
 * TTL, header checksum; IPv6: traffic class, flow label, hop limit), the
 * AH header with its ICV zeroed, and the payload.  The enclosing IP header
 * is found just before the AH header in the same data source: an IPv4
 * header without options or an IPv6 header without extension headers
 * whose protocol is AH.  Anything else is left unverified.
 */
static IcvVerdict ah_verify(Packet *pkt, const Cursor *ah_start, size_t hdr_len, size_t icv_len, EspSa **sa_out,
			    uint32_t spi)
{
	DissectCtx *ctx = pkt->ctx;
	Keyring *kr = ctx ? ctx->keyring : NULL;
	*sa_out = NULL;
	if (!kr || pkt->in_error)
		return ICV_UNCHECKED;
	const IpSummary *ip = &pkt->sum.ip;
	EspSa *sa = keyring_find(kr, true, spi, ip->af, ip->src, ip->dst);
	if (ctx->esp_track) {
		esp_track_get(ctx->esp_track, true, spi, NULL);
		esp_track_set_has_key(ctx->esp_track, true, spi, sa != NULL);
	}
	if (!sa)
		return ICV_UNCHECKED;
	*sa_out = sa;
	EspXform *x = keyring_sa_xform(kr, sa);
	if (!x || esp_auth_info(sa->auth)->icv_len != icv_len || !esp_auth_info(sa->auth)->checked)
		return ICV_UNCHECKED;
	/* the data source holding the AH header, from its start */
	const uint8_t *src = pkt->sources[ah_start->src].data;
	size_t src_len = pkt->sources[ah_start->src].len;
	size_t ah_at = cur_abs(ah_start);
	if (!src || ah_at > src_len)
		return ICV_UNCHECKED;
	Cursor s = cur_init(src, src_len, src_len);
	size_t ip_at = 0, ip_hlen = 0;
	uint8_t v = 0;
	if (ah_at >= 20) {
		Cursor h = s;
		cur_skip(&h, ah_at - 20);
		const uint8_t *p = cur_bytes(&h, 20);
		if (p && p[0] == 0x45 && p[9] == 51) {
			ip_at = ah_at - 20;
			ip_hlen = 20;
			v = 4;
		}
	}
	if (!v && ah_at >= 40) {
		Cursor h = s;
		cur_skip(&h, ah_at - 40);
		const uint8_t *p = cur_bytes(&h, 40);
		if (p && (p[0] >> 4) == 6 && p[6] == 51) {
			ip_at = ah_at - 40;
			ip_hlen = 40;
			v = 6;
		}
	}
	if (!v)
		return ICV_UNCHECKED;
	Cursor h = s;
	cur_skip(&h, ip_at);
	const uint8_t *p = cur_bytes(&h, ip_hlen);
	size_t total = v == 4 ? ((size_t)p[2] << 8 | p[3]) : 40 + ((size_t)p[4] << 8 | p[5]);
	if (total < ip_hlen + hdr_len || ip_at + total > src_len)
		return ICV_UNCHECKED; /* not all captured */
	const uint8_t *rest = cur_bytes(&h, total - ip_hlen);
	if (!rest)
		return ICV_UNCHECKED;
	uint8_t *buf = arena_alloc(&ctx->arena, total);
	memcpy(buf, p, ip_hlen);
	memcpy(buf + ip_hlen, rest, total - ip_hlen);
	if (v == 4) {
		buf[1] = 0;           /* TOS */
		buf[6] = buf[7] = 0;  /* flags, fragment offset */
		buf[8] = 0;           /* TTL */
		buf[10] = buf[11] = 0; /* checksum */
	} else {
		buf[0] = 0x60;        /* traffic class and flow label */
		buf[1] = buf[2] = buf[3] = 0;
		buf[7] = 0;           /* hop limit */
	}
	uint8_t icv[64], mac[64];
	memcpy(icv, buf + ip_hlen + 12, icv_len);
	memset(buf + ip_hlen + 12, 0, icv_len);
	uint8_t hi[4] = { (uint8_t)(sa->esn_hi >> 24), (uint8_t)(sa->esn_hi >> 16), (uint8_t)(sa->esn_hi >> 8),
			  (uint8_t)sa->esn_hi };
	size_t m = esp_xform_mac(x, buf, total, sa->esn ? hi : NULL, sa->esn ? 4 : 0, mac);
	if (m != icv_len)
		return ICV_UNCHECKED;
	return esp_icv_equal(mac, icv, icv_len) ? ICV_GOOD : ICV_BAD;
}

static bool ah_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	const Cursor start = *c;
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	size_t wire = cur_wire_left(c);
	uint8_t nh = cur_u8(c);
	uint8_t len = cur_u8(c);
	cur_skip(c, 2);
	uint32_t spi = cur_be32(c);
	uint32_t seq = cur_be32(c);
	size_t hdr_len = ((size_t)len + 2) * 4;
	TreeNode *t = top_node(root, &ah_fields[F_AH], c, at, avail, hdr_len < avail ? hdr_len : avail);
	pkt_set_proto(pkt, "AH");
	if (!pkt->in_error)
		pkt->sum.layers |= LAYER_AH;
	/* the fixed fields that were captured */
	if (avail >= 1)
		tree_add_uint(t, &ah_fields[F_AH_NEXT_HEADER], c, at, 1, nh);
	if (avail >= 2)
		tree_set_text(tree_add_uint(t, &ah_fields[F_AH_LENGTH], c, at + 1, 1, len), "%u (%zu bytes)", len,
			      hdr_len);
	if (avail >= 4)
		tree_add_bytes(t, &ah_fields[F_AH_RESERVED], c, at + 2, 2);
	if (avail >= 8) {
		tree_add_uint(t, &ah_fields[F_AH_SPI], c, at + 4, 4, spi);
		pkt_info(pkt, "AH (SPI=0x%08x)", spi);
	}
	if (avail >= AH_FIXED_LEN)
		tree_add_uint(t, &ah_fields[F_AH_SEQUENCE], c, at + 8, 4, seq);
	if (pkt_cursor_error(pkt, c, err_node(t, root), "ah"))
		return true;

	/* the header must hold its own fixed part and fit in the datagram */
	if (hdr_len < AH_FIXED_LEN || hdr_len > wire) {
		pkt_eventf(pkt, EV_AH_BAD_LENGTH, c, t, "Bad AH length %u (%zu bytes, %s)", len, hdr_len,
			   hdr_len < AH_FIXED_LEN ? "shorter than the fixed header" : "past the end of the packet");
		if (hdr_len < AH_FIXED_LEN) {
			/* where the next header starts is unknown */
			tree_set_end(t, c);
			dissect_data(pkt, c, root);
			return true;
		}
	}
	size_t icv_len = hdr_len - AH_FIXED_LEN;
	size_t icv_at = cur_off(c);
	if (!cur_skip(c, icv_len)) {
		pkt_cursor_error(pkt, c, t, "ah");
		return true;
	}
	TreeNode *icv = tree_add_bytes(t, &ah_fields[F_AH_ICV], c, icv_at, icv_len);
	if (icv_len == 0)
		tree_set_text(icv, "<MISSING>");
	EspSa *sa = NULL;
	IcvVerdict verdict = icv_len ? ah_verify(pkt, &start, hdr_len, icv_len, &sa, spi) : ICV_UNCHECKED;
	if (!pkt->in_error) {
		if (!(pkt->sum.layers & LAYER_ESP)) {
			memset(&pkt->sum.esp, 0, sizeof(pkt->sum.esp));
			pkt->sum.esp.ah = true;
			pkt->sum.esp.spi = spi;
			pkt->sum.esp.seq = seq;
			pkt->sum.esp.have_key = sa != NULL;
			pkt->sum.esp.icv = (uint8_t)verdict;
			pkt->sum.esp.next_header = nh;
		}
		esp_sequence(pkt, c, t, true, spi, seq, at + 8, sa);
	}
	if (sa && verdict != ICV_UNCHECKED) {
		/* no Wireshark field exists for this: the verdict goes to the text */
		char hex[2 * 64 + 1];
		Cursor q = start;
		cur_skip(&q, icv_at - at);
		const uint8_t *ib = cur_bytes(&q, icv_len);
		keyring_hex(ib ? ib : (const uint8_t *)"", ib ? icv_len : 0, hex);
		tree_set_text(icv, "%s [%s]", hex, verdict == ICV_GOOD ? "correct" : "incorrect");
		if (verdict == ICV_GOOD) {
			sa->st.icv_good++;
			pkt->ctx->stats.esp.ah_icv_good++;
		} else {
			sa->st.icv_bad++;
			if (!sa->st.first_bad_frame)
				sa->st.first_bad_frame = pkt->number;
			pkt->ctx->stats.esp.ah_icv_bad++;
			pkt_eventf(pkt, EV_AH_ICV_BAD, c, icv, "AH ICV incorrect (SPI 0x%08x, key from %s)", spi,
				   sa->origin);
		}
	}

	Cursor pl = cur_rest(c);
	dissect_next(TABLE_IP_PROTO, nh, pkt, &pl, root);
	return true;
}

const Dissector ah_dissector = { "ah", "AH", ah_dissect };

/* ---- IPComp --------------------------------------------------------- */

/*
 * RFC 3173 section 2.2:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |     Flags     | Compression Parameter Index   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  ~                     Compressed Payload                        ~
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The payload is shown as data; it is not decompressed here.
 */

enum {
	F_IPCOMP,
	F_IPCOMP_NEXT_HEADER,
	F_IPCOMP_FLAGS,
	F_IPCOMP_CPI,
	F_IPCOMP__COUNT
};

/* well-known CPIs (RFC 2407 section 4.4.5), as Wireshark names them */
static const ValueString ipcomp_cpi_vals[] = {
	{ 1, "OUI" },
	{ 2, "DEFLATE" },
	{ 3, "LZS" },
	{ 0, NULL },
};

static const FieldDef ipcomp_fields[F_IPCOMP__COUNT] = {
	[F_IPCOMP] = { "ipcomp", "IP Payload Compression", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_IPCOMP_NEXT_HEADER] = { "ipcomp.next_header", "Next Header", FT_UINT8, BASE_HEX, ip_proto_vals, 0,
				   NULL },
	[F_IPCOMP_FLAGS] = { "ipcomp.flags", "IPComp Flags", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_IPCOMP_CPI] = { "ipcomp.cpi", "IPComp CPI", FT_UINT16, BASE_HEX, ipcomp_cpi_vals, 0, NULL },
};

const FieldTable ipcomp_field_table = { "ipcomp", ipcomp_fields, F_IPCOMP__COUNT };

static bool ipcomp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	TreeNode *t = top_node(root, &ipcomp_fields[F_IPCOMP], c, at, avail, avail);
	pkt_set_proto(pkt, "IPComp");
	if (!pkt->in_error)
		pkt->sum.layers |= LAYER_IPCOMP;
	uint8_t nh = cur_u8(c);
	uint8_t flags = cur_u8(c);
	uint16_t cpi = cur_be16(c);
	if (avail >= 1)
		tree_add_uint(t, &ipcomp_fields[F_IPCOMP_NEXT_HEADER], c, at, 1, nh);
	if (avail >= 2)
		tree_add_uint(t, &ipcomp_fields[F_IPCOMP_FLAGS], c, at + 1, 1, flags);
	if (pkt_cursor_error(pkt, c, err_node(t, root), "ipcomp"))
		return true;
	tree_add_uint(t, &ipcomp_fields[F_IPCOMP_CPI], c, at + 2, 2, cpi);
	const char *name = vs_lookup(ipcomp_cpi_vals, cpi);
	if (name)
		pkt_info(pkt, "IPComp (CPI=%s)", name);
	else
		pkt_info(pkt, "IPComp (CPI=0x%04x)", cpi);
	if (cur_wire_left(c) > 0)
		dissect_data(pkt, c, t);
	return true;
}

const Dissector ipcomp_dissector = { "ipcomp", "IPComp", ipcomp_dissect };
