/*
 * tunnel.c - the tunnel headers: GRE (RFC 2784, RFC 2890, and the enhanced
 * GRE of PPTP, RFC 2637 section 4.1), ESP (RFC 4303) and AH (RFC 4302)
 * headers without keys, and IPComp (RFC 3173) without decompression.
 *
 * Field names, types, bases and masks are Wireshark's (tshark 4.0), and so
 * are the protocol-column labels and info texts.
 */
#include "config.h"

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
 */

enum {
	F_ESP,
	F_ESP_SPI,
	F_ESP_SEQUENCE,
	F_ESP__COUNT
};

static const FieldDef esp_fields[F_ESP__COUNT] = {
	[F_ESP] = { "esp", "Encapsulating Security Payload", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_ESP_SPI] = { "esp.spi", "ESP SPI", FT_UINT32, BASE_HEX_DEC, NULL, 0, NULL },
	[F_ESP_SEQUENCE] = { "esp.sequence", "ESP Sequence", FT_UINT32, BASE_DEC, NULL, 0, NULL },
};

const FieldTable esp_field_table = { "esp", esp_fields, F_ESP__COUNT };

static bool esp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
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
		if (!pkt->in_error) {
			pkt->sum.layers |= LAYER_ESP;
			pkt->sum.esp.spi = spi;
			pkt->sum.esp.seq = avail >= 8 ? seq : 0;
		}
	}
	if (avail >= 8)
		tree_add_uint(t, &esp_fields[F_ESP_SEQUENCE], c, at + 4, 4, seq);
	if (too_short)
		pkt_event(pkt, EV_ESP_TOO_SHORT, c, err_node(t, root));
	if (pkt_cursor_error(pkt, c, err_node(t, root), "esp"))
		return true;
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

static bool ah_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
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
