/*
 * ip.c - IPv4 (RFC 791) and IPv6 (RFC 8200), with fragment reassembly.
 */
#include "config.h"

#include <string.h>

#include "protos.h"
#include "reasm.h"

const ValueString ip_proto_vals[] = {
	{ 0, "IPv6 Hop-by-Hop Option" },
	{ 1, "ICMP" },
	{ 2, "IGMP" },
	{ 4, "IPIP" },
	{ 6, "TCP" },
	{ 17, "UDP" },
	{ 41, "IPv6" },
	{ 43, "IPv6 Routing" },
	{ 44, "IPv6 Fragment" },
	{ 47, "GRE" },
	{ 50, "ESP" },
	{ 51, "AH" },
	{ 58, "ICMPv6" },
	{ 59, "IPv6 No Next Header" },
	{ 60, "IPv6 Destination Option" },
	{ 89, "OSPF IGP" },
	{ 103, "PIM" },
	{ 108, "IPComp" },
	{ 112, "VRRP" },
	{ 115, "L2TP" },
	{ 132, "SCTP" },
	{ 135, "Mobility Header" },
	{ 0, NULL },
};

/* ---- IPv4 ----------------------------------------------------------- */

enum {
	F_IP,
	F_IP_VERSION,
	F_IP_HDR_LEN,
	F_IP_DSFIELD,
	F_IP_DSFIELD_DSCP,
	F_IP_DSFIELD_ECN,
	F_IP_LEN,
	F_IP_ID,
	F_IP_FLAGS,
	F_IP_FLAGS_RB,
	F_IP_FLAGS_DF,
	F_IP_FLAGS_MF,
	F_IP_FRAG_OFFSET,
	F_IP_TTL,
	F_IP_PROTO,
	F_IP_CHECKSUM,
	F_IP_CHECKSUM_STATUS,
	F_IP_SRC,
	F_IP_DST,
	F_IP_ADDR,
	F_IP_OPTIONS,
	F_IP_FRAGMENTS,
	F_IP_FRAGMENT_COUNT,
	F_IP_REASSEMBLED_IN,
	F_IP_REASSEMBLED_LENGTH,
	F_IP__COUNT
};

static const ValueString checksum_status_vals[] = {
	{ 0, "Bad" },
	{ 1, "Good" },
	{ 2, "Unverified" },
	{ 0, NULL },
};

static const FieldDef ip_fields[F_IP__COUNT] = {
	[F_IP] = { "ip", "Internet Protocol Version 4", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_IP_VERSION] = { "ip.version", "Version", FT_UINT8, BASE_DEC, NULL, 0xf0, NULL },
	[F_IP_HDR_LEN] = { "ip.hdr_len", "Header Length", FT_UINT8, BASE_DEC, NULL, 0, " bytes" },
	[F_IP_DSFIELD] = { "ip.dsfield", "Differentiated Services Field", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_IP_DSFIELD_DSCP] = { "ip.dsfield.dscp", "Differentiated Services Codepoint", FT_UINT8, BASE_DEC, NULL,
				0xfc, NULL },
	[F_IP_DSFIELD_ECN] = { "ip.dsfield.ecn", "Explicit Congestion Notification", FT_UINT8, BASE_DEC, NULL,
			       0x03, NULL },
	[F_IP_LEN] = { "ip.len", "Total Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IP_ID] = { "ip.id", "Identification", FT_UINT16, BASE_HEX_DEC, NULL, 0, NULL },
	[F_IP_FLAGS] = { "ip.flags", "Flags", FT_UINT8, BASE_HEX, NULL, 0xe0, NULL },
	[F_IP_FLAGS_RB] = { "ip.flags.rb", "Reserved bit", FT_BOOLEAN, BASE_NONE, NULL, 0x80, NULL },
	[F_IP_FLAGS_DF] = { "ip.flags.df", "Don't fragment", FT_BOOLEAN, BASE_NONE, NULL, 0x40, NULL },
	[F_IP_FLAGS_MF] = { "ip.flags.mf", "More fragments", FT_BOOLEAN, BASE_NONE, NULL, 0x20, NULL },
	[F_IP_FRAG_OFFSET] = { "ip.frag_offset", "Fragment Offset", FT_UINT16, BASE_DEC, NULL, 0x1fff, NULL },
	[F_IP_TTL] = { "ip.ttl", "Time to Live", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IP_PROTO] = { "ip.proto", "Protocol", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_IP_CHECKSUM] = { "ip.checksum", "Header Checksum", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_IP_CHECKSUM_STATUS] = { "ip.checksum.status", "Header checksum status", FT_UINT8, BASE_NONE,
				   checksum_status_vals, 0, NULL },
	[F_IP_SRC] = { "ip.src", "Source Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_IP_DST] = { "ip.dst", "Destination Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_IP_ADDR] = { "ip.addr", "Source or Destination Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_IP_OPTIONS] = { "ip.options", "Options", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IP_FRAGMENTS] = { "ip.fragments", "IPv4 Fragments", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IP_FRAGMENT_COUNT] = { "ip.fragment.count", "Fragment count", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_IP_REASSEMBLED_IN] = { "ip.reassembled.first_frame", "First fragment in frame", FT_FRAMENUM, BASE_NONE,
				  NULL, 0, NULL },
	[F_IP_REASSEMBLED_LENGTH] = { "ip.reassembled.length", "Reassembled IPv4 length", FT_UINT32, BASE_DEC,
				      NULL, 0, NULL },
};

const FieldTable ip_field_table = { "ip", ip_fields, F_IP__COUNT };

/* Where an IP payload goes once the header is done (both versions). */
static void ip_payload(Packet *pkt, Cursor *c, TreeNode *root, uint8_t proto)
{
	if (!dissect_next(TABLE_IP_PROTO, proto, pkt, c, root)) {
		const char *name = vs_lookup(ip_proto_vals, proto);
		if (name)
			pkt_info(pkt, "%s", name);
		else
			pkt_info(pkt, "Unknown IP protocol (%u)", proto);
	}
}

/*
 * Feed a fragment to reassembly.  Returns true when the datagram completed
 * and its payload was dissected.
 */
static bool ip_fragment(Packet *pkt, Cursor *c, TreeNode *root, TreeNode *t, const ReasmKey *key,
			uint32_t off, bool more, const FieldDef *const *ff)
{
	DissectCtx *ctx = pkt->ctx;
	ctx->stats.frags_seen++;
	pkt->sum.layers |= LAYER_FRAG;
	size_t n = cur_wire_left(c);
	ReasmOut out;
	ReasmResult res = REASM_REFUSED;
	if (cur_left(c) == n)
		res = reasm_add(ctx->reasm, key, off, cur_ptr(c), n, more, pkt->ts_ns, pkt->number, &ctx->arena,
				&out);
	else
		memset(&out, 0, sizeof(out));
	if (out.evicted) {
		ctx->stats.frags_evicted += out.evicted;
		ctx->stats.frags_evicted_cap += out.evicted_cap;
		pkt_event(pkt, EV_IP_FRAG_EVICTED, c, t);
	}
	if (res == REASM_REFUSED)
		ctx->stats.frags_refused++;
	if (res != REASM_DONE && off == 0 && cur_left(c) < n) {
		/* a first fragment cut by the snap length can never be
		 * reassembled: show what it holds, as tshark does */
		pkt_event(pkt, EV_IP_FRAGMENT, c, NULL);
		ip_payload(pkt, c, root, key->proto);
		return false;
	}
	if (res != REASM_DONE) {
		pkt_event(pkt, EV_IP_FRAGMENT, c, NULL);
		pkt_info(pkt, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
			 vs_name(ip_proto_vals, key->proto, "Unknown"), key->proto, off, key->id);
		dissect_data(pkt, c, root);
		return false;
	}
	ctx->stats.frags_reassembled++;
	pkt->sum.layers = (pkt->sum.layers & ~(uint32_t)LAYER_FRAG) | LAYER_REASM;
	pkt_event(pkt, EV_IP_REASSEMBLED, c, NULL);
	if (out.overlap)
		pkt_event(pkt, EV_IP_FRAG_OVERLAP, c, t);
	c->off = c->cap; /* this fragment's bytes are in the reassembled buffer */
	Cursor r = cur_init(out.data, out.len, out.len);
	r.src = SRC_REASSEMBLED;
	pkt_add_source(pkt, SRC_REASSEMBLED, out.data, out.len, key->af == 4 ? "Reassembled IPv4" : "Reassembled IPv6");
	if (root) {
		TreeNode *fr = tree_add_at(root, ff[0], &r, 0, out.len);
		tree_set_text(fr, "[%u %s Fragments (%zu bytes)]", out.nfrags, key->af == 4 ? "IPv4" : "IPv6",
			      out.len);
		tree_add_uint(fr, ff[1], &r, 0, 0, out.nfrags)->flags |= NODE_GENERATED;
		tree_add_uint(fr, ff[2], &r, 0, 0, out.first_frame)->flags |= NODE_GENERATED;
		tree_add_uint(fr, ff[3], &r, 0, 0, out.len)->flags |= NODE_GENERATED;
	}
	ip_payload(pkt, &r, root, key->proto);
	return true;
}

/*
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
static bool ipv4_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	const uint8_t *hdr = cur_ptr(c);
	size_t hdr_avail = cur_left(c);
	uint8_t vihl = cur_u8(c);
	uint8_t tos = cur_u8(c);
	uint16_t totlen = cur_be16(c);
	uint16_t id = cur_be16(c);
	uint16_t frag = cur_be16(c);
	uint8_t ttl = cur_u8(c);
	uint8_t proto = cur_u8(c);
	uint16_t cksum = cur_be16(c);
	uint8_t src[4], dst[4];
	cur_copy(c, src, 4);
	cur_copy(c, dst, 4);
	unsigned hlen = (vihl & 0x0f) * 4u;

	TreeNode *t = tree_add_at(root, &ip_fields[F_IP], c, at, hlen >= 20 ? hlen : 20);
	pkt_set_proto(pkt, "IPv4");
	if (cur_failed(c)) {
		if (hdr_avail >= 1)
			tree_add_uint(t, &ip_fields[F_IP_VERSION], c, at, 1, vihl);
		pkt_cursor_error(pkt, c, t, "ip");
		return true;
	}
	if ((vihl >> 4) != 4) {
		/* nothing after a bogus version can be trusted (tshark stops too) */
		tree_add_uint(t, &ip_fields[F_IP_VERSION], c, at, 1, vihl);
		pkt_event(pkt, EV_IP_BAD_VERSION, c, t);
		pkt_info(pkt, "Bogus IPv4 version (%u, must be 4)", vihl >> 4);
		c->off = at;
		dissect_data(pkt, c, root);
		return true;
	}
	if (t) {
		char s[64], d[64];
		fmt_ip_addr(4, src, s, sizeof(s));
		fmt_ip_addr(4, dst, d, sizeof(d));
		tree_set_text(t, "Internet Protocol Version 4, Src: %s, Dst: %s", s, d);
		tree_add_uint(t, &ip_fields[F_IP_VERSION], c, at, 1, vihl);
		TreeNode *h = tree_add_uint(t, &ip_fields[F_IP_HDR_LEN], c, at, 1, hlen);
		tree_set_text(h, "%u bytes (%u)", hlen, vihl & 0x0f);
		TreeNode *ds = tree_add_uint(t, &ip_fields[F_IP_DSFIELD], c, at + 1, 1, tos);
		tree_add_uint(ds, &ip_fields[F_IP_DSFIELD_DSCP], c, at + 1, 1, tos);
		tree_add_uint(ds, &ip_fields[F_IP_DSFIELD_ECN], c, at + 1, 1, tos);
		tree_add_uint(t, &ip_fields[F_IP_LEN], c, at + 2, 2, totlen);
		tree_add_uint(t, &ip_fields[F_IP_ID], c, at + 4, 2, id);
		TreeNode *fl = tree_add_uint(t, &ip_fields[F_IP_FLAGS], c, at + 6, 1, frag >> 8);
		tree_add_uint(fl, &ip_fields[F_IP_FLAGS_RB], c, at + 6, 1, frag >> 8);
		tree_add_uint(fl, &ip_fields[F_IP_FLAGS_DF], c, at + 6, 1, frag >> 8);
		tree_add_uint(fl, &ip_fields[F_IP_FLAGS_MF], c, at + 6, 1, frag >> 8);
		tree_add_uint(t, &ip_fields[F_IP_FRAG_OFFSET], c, at + 6, 2, frag);
		tree_add_uint(t, &ip_fields[F_IP_TTL], c, at + 8, 1, ttl);
		tree_add_uint(t, &ip_fields[F_IP_PROTO], c, at + 9, 1, proto);
	}
	if (hlen < 20) {
		pkt_eventf(pkt, EV_IP_BAD_HDR_LEN, c, t, "Bogus IP header length (%u, must be at least 20)", hlen);
		pkt_info(pkt, "Bogus IP header length (%u, must be at least 20)", hlen);
		return true;
	}
	/* checksum over the whole header when it was captured */
	uint8_t ck_status = 2;
	if (pkt->ctx->opt.check_ip_checksum && hdr_avail >= hlen) {
		uint16_t v = inet_cksum_fold(inet_cksum_add(0, hdr, hlen));
		ck_status = v == 0 ? 1 : 0;
	}
	if (t) {
		tree_add_uint(t, &ip_fields[F_IP_CHECKSUM], c, at + 10, 2, cksum);
		tree_add_uint(t, &ip_fields[F_IP_CHECKSUM_STATUS], c, at + 10, 0, ck_status)->flags |=
			NODE_GENERATED;
		tree_add_addr(t, &ip_fields[F_IP_SRC], c, at + 12, 4, src);
		tree_add_addr(t, &ip_fields[F_IP_ADDR], c, at + 12, 4, src)->flags |= NODE_HIDDEN;
		tree_add_addr(t, &ip_fields[F_IP_DST], c, at + 16, 4, dst);
		tree_add_addr(t, &ip_fields[F_IP_ADDR], c, at + 16, 4, dst)->flags |= NODE_HIDDEN;
	}
	if (ck_status == 0 && !pkt->in_error)
		pkt_event(pkt, EV_IP_BAD_CHECKSUM, c, t);

	if (!pkt->in_error && !(pkt->sum.layers & (LAYER_IPV4 | LAYER_IPV6))) {
		IpSummary *s = &pkt->sum.ip;
		s->af = 4;
		s->proto = proto;
		s->ttl = ttl;
		memset(s->src, 0, sizeof(s->src));
		memset(s->dst, 0, sizeof(s->dst));
		memcpy(s->src, src, 4);
		memcpy(s->dst, dst, 4);
		s->len = totlen;
		pkt->sum.layers |= LAYER_IPV4;
	}

	/* options */
	if (hlen > 20) {
		size_t oat = cur_off(c);
		if (!cur_skip(c, hlen - 20)) {
			pkt_cursor_error(pkt, c, t, "ip");
			return true;
		}
		tree_add_bytes(t, &ip_fields[F_IP_OPTIONS], c, oat, hlen - 20);
	}

	/* the total length bounds the payload: Ethernet padding is cut off;
	 * a length beyond the frame is bogus (or, inside an ICMP quote, the
	 * original datagram's length) */
	if (totlen < hlen) {
		if (!pkt->in_error) {
			pkt_eventf(pkt, EV_IP_BAD_TOTAL_LEN, c, t, "Bogus IP length (%u, less than header length %u)",
				   totlen, hlen);
			pkt_info(pkt, "Bogus IP length (%u, less than header length %u)", totlen, hlen);
			return true;
		}
	} else if (totlen - hlen <= cur_wire_left(c)) {
		cur_limit(c, totlen - hlen);
	} else if (!pkt->in_error) {
		pkt_eventf(pkt, EV_IP_BAD_TOTAL_LEN, c, t, "IPv4 total length exceeds packet length (%zu bytes)",
			   cur_wire_left(c) + hlen);
	}

	uint32_t foff = (frag & 0x1fffu) * 8u;
	bool more = (frag & 0x2000u) != 0;
	if ((more || foff) && !pkt->in_error && pkt->ctx->opt.reassemble) {
		ReasmKey key;
		memset(&key, 0, sizeof(key));
		key.af = 4;
		key.proto = proto;
		key.id = id;
		memcpy(key.src, src, 4);
		memcpy(key.dst, dst, 4);
		static const FieldDef *const ff[] = { &ip_fields[F_IP_FRAGMENTS], &ip_fields[F_IP_FRAGMENT_COUNT],
						      &ip_fields[F_IP_REASSEMBLED_IN],
						      &ip_fields[F_IP_REASSEMBLED_LENGTH] };
		ip_fragment(pkt, c, root, t, &key, foff, more, ff);
		return true;
	}
	if (foff) {
		/* a non-first fragment (quoted, or reassembly off) */
		pkt_info(pkt, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
			 vs_name(ip_proto_vals, proto, "Unknown"), proto, foff, id);
		dissect_data(pkt, c, root);
		return true;
	}
	ip_payload(pkt, c, root, proto);
	return true;
}

/* ---- IPv6 ----------------------------------------------------------- */

enum {
	F_IPV6,
	F_IPV6_VERSION,
	F_IPV6_TCLASS,
	F_IPV6_FLOW,
	F_IPV6_PLEN,
	F_IPV6_NXT,
	F_IPV6_HLIM,
	F_IPV6_SRC,
	F_IPV6_DST,
	F_IPV6_ADDR,
	F_IPV6_EXT_NXT,
	F_IPV6_EXT_LEN,
	F_IPV6_EXT_DATA,
	F_IPV6_HOPOPTS,
	F_IPV6_DSTOPTS,
	F_IPV6_ROUTING,
	F_IPV6_FRAGHDR,
	F_IPV6_FRAG_NXT,
	F_IPV6_FRAG_OFFSET,
	F_IPV6_FRAG_MORE,
	F_IPV6_FRAG_IDENT,
	F_IPV6_FRAGMENTS,
	F_IPV6_FRAGMENT_COUNT,
	F_IPV6_REASSEMBLED_IN,
	F_IPV6_REASSEMBLED_LENGTH,
	F_IPV6__COUNT
};

static const FieldDef ipv6_fields[F_IPV6__COUNT] = {
	[F_IPV6] = { "ipv6", "Internet Protocol Version 6", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_VERSION] = { "ipv6.version", "Version", FT_UINT8, BASE_DEC, NULL, 0xf0, NULL },
	[F_IPV6_TCLASS] = { "ipv6.tclass", "Traffic Class", FT_UINT32, BASE_HEX, NULL, 0x0ff00000, NULL },
	[F_IPV6_FLOW] = { "ipv6.flow", "Flow Label", FT_UINT32, BASE_HEX, NULL, 0x000fffff, NULL },
	[F_IPV6_PLEN] = { "ipv6.plen", "Payload Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IPV6_NXT] = { "ipv6.nxt", "Next Header", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_IPV6_HLIM] = { "ipv6.hlim", "Hop Limit", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IPV6_SRC] = { "ipv6.src", "Source Address", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_DST] = { "ipv6.dst", "Destination Address", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_ADDR] = { "ipv6.addr", "Source or Destination Address", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_EXT_NXT] = { "ipv6.opt.nxt", "Next Header", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_IPV6_EXT_LEN] = { "ipv6.opt.len", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IPV6_EXT_DATA] = { "ipv6.opt.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_HOPOPTS] = { "ipv6.hopopts", "IPv6 Hop-by-Hop Option", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_DSTOPTS] = { "ipv6.dstopts", "Destination Options for IPv6", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_ROUTING] = { "ipv6.routing", "Routing Header for IPv6", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_FRAGHDR] = { "ipv6.fraghdr", "Fragment Header for IPv6", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_FRAG_NXT] = { "ipv6.fraghdr.nxt", "Next header", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_IPV6_FRAG_OFFSET] = { "ipv6.fraghdr.offset", "Offset", FT_UINT16, BASE_DEC, NULL, 0xfff8, NULL },
	[F_IPV6_FRAG_MORE] = { "ipv6.fraghdr.more", "More Fragments", FT_BOOLEAN, BASE_NONE, NULL, 0x0001, NULL },
	[F_IPV6_FRAG_IDENT] = { "ipv6.fraghdr.ident", "Identification", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_IPV6_FRAGMENTS] = { "ipv6.fragments", "IPv6 Fragments", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IPV6_FRAGMENT_COUNT] = { "ipv6.fragment.count", "Fragment count", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_IPV6_REASSEMBLED_IN] = { "ipv6.reassembled.first_frame", "First fragment in frame", FT_FRAMENUM,
				    BASE_NONE, NULL, 0, NULL },
	[F_IPV6_REASSEMBLED_LENGTH] = { "ipv6.reassembled.length", "Reassembled IPv6 length", FT_UINT32, BASE_DEC,
					NULL, 0, NULL },
};

const FieldTable ipv6_field_table = { "ipv6", ipv6_fields, F_IPV6__COUNT };

#define IPV6_MAX_EXT_HDRS 16

/*
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * |                   Source Address (128 bits)                   |
 * |                Destination Address (128 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * then extension headers (hop-by-hop 0, routing 43, fragment 44,
 * destination options 60), each starting with next header + length.
 */
static bool ipv6_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	uint32_t vtf = cur_be32(c);
	uint16_t plen = cur_be16(c);
	uint8_t nxt = cur_u8(c);
	uint8_t hlim = cur_u8(c);
	uint8_t src[16], dst[16];
	cur_copy(c, src, 16);
	cur_copy(c, dst, 16);
	TreeNode *t = tree_add_at(root, &ipv6_fields[F_IPV6], c, at, 40);
	pkt_set_proto(pkt, "IPv6");
	if (pkt_cursor_error(pkt, c, t, "ipv6"))
		return true;
	if ((vtf >> 28) != 6) {
		tree_add_uint(t, &ipv6_fields[F_IPV6_VERSION], c, at, 1, vtf >> 24);
		pkt_event(pkt, EV_IP_BAD_VERSION, c, t);
		pkt_info(pkt, "Bogus IPv6 version (%u)", vtf >> 28);
		c->off = at;
		dissect_data(pkt, c, root);
		return true;
	}
	if (t) {
		char s[64], d[64];
		fmt_ip_addr(6, src, s, sizeof(s));
		fmt_ip_addr(6, dst, d, sizeof(d));
		tree_set_text(t, "Internet Protocol Version 6, Src: %s, Dst: %s", s, d);
		tree_add_uint(t, &ipv6_fields[F_IPV6_VERSION], c, at, 1, vtf >> 24);
		/* Wireshark also files the version under ip.version, hidden */
		tree_add_uint(t, &ip_fields[F_IP_VERSION], c, at, 1, vtf >> 24)->flags |= NODE_HIDDEN;
		tree_add_uint(t, &ipv6_fields[F_IPV6_TCLASS], c, at, 4, vtf);
		tree_add_uint(t, &ipv6_fields[F_IPV6_FLOW], c, at, 4, vtf);
		tree_add_uint(t, &ipv6_fields[F_IPV6_PLEN], c, at + 4, 2, plen);
		tree_add_uint(t, &ipv6_fields[F_IPV6_NXT], c, at + 6, 1, nxt);
		tree_add_uint(t, &ipv6_fields[F_IPV6_HLIM], c, at + 7, 1, hlim);
		tree_add_addr(t, &ipv6_fields[F_IPV6_SRC], c, at + 8, 16, src);
		tree_add_addr(t, &ipv6_fields[F_IPV6_ADDR], c, at + 8, 16, src)->flags |= NODE_HIDDEN;
		tree_add_addr(t, &ipv6_fields[F_IPV6_DST], c, at + 24, 16, dst);
		tree_add_addr(t, &ipv6_fields[F_IPV6_ADDR], c, at + 24, 16, dst)->flags |= NODE_HIDDEN;
	}
	bool summarise = !pkt->in_error && !(pkt->sum.layers & (LAYER_IPV4 | LAYER_IPV6));
	if (summarise) {
		IpSummary *s = &pkt->sum.ip;
		s->af = 6;
		s->ttl = hlim;
		memcpy(s->src, src, 16);
		memcpy(s->dst, dst, 16);
		s->len = 40u + plen;
		pkt->sum.layers |= LAYER_IPV6;
	}
	/* payload length 0 is a jumbogram (or bogus): use what is there */
	if (plen && plen <= cur_wire_left(c))
		cur_limit(c, plen);
	else if (plen && !pkt->in_error)
		pkt_eventf(pkt, EV_IP_BAD_TOTAL_LEN, c, t, "IPv6 payload length exceeds packet length");

	for (unsigned n = 0;; n++) {
		if (nxt != 0 && nxt != 43 && nxt != 44 && nxt != 60)
			break;
		if (n == IPV6_MAX_EXT_HDRS) {
			pkt_event(pkt, EV_IPV6_TOO_MANY_EXT_HDRS, c, t);
			dissect_data(pkt, c, root);
			return true;
		}
		size_t eat = cur_off(c);
		uint8_t enxt = cur_u8(c);
		uint8_t elen = cur_u8(c);
		if (nxt == 44) {
			/* next 8 | reserved 8 | offset 13 | res 2 | M 1 | identification 32 */
			uint16_t offm = cur_be16(c);
			uint32_t ident = cur_be32(c);
			TreeNode *fh = tree_add_at(t, &ipv6_fields[F_IPV6_FRAGHDR], c, eat, 8);
			if (pkt_cursor_error(pkt, c, t, "ipv6"))
				return true;
			tree_add_uint(fh, &ipv6_fields[F_IPV6_FRAG_NXT], c, eat, 1, enxt);
			tree_add_uint(fh, &ipv6_fields[F_IPV6_FRAG_OFFSET], c, eat + 2, 2, offm);
			tree_add_uint(fh, &ipv6_fields[F_IPV6_FRAG_MORE], c, eat + 2, 2, offm);
			tree_add_uint(fh, &ipv6_fields[F_IPV6_FRAG_IDENT], c, eat + 4, 4, ident);
			tree_set_end(t, c);
			uint32_t foff = (uint32_t)(offm & 0xfff8u);
			bool more = offm & 1;
			if (summarise)
				pkt->sum.ip.proto = enxt;
			if ((more || foff) && !pkt->in_error && pkt->ctx->opt.reassemble) {
				ReasmKey key;
				memset(&key, 0, sizeof(key));
				key.af = 6;
				key.proto = enxt;
				key.id = ident;
				memcpy(key.src, src, 16);
				memcpy(key.dst, dst, 16);
				static const FieldDef *const ff[] = { &ipv6_fields[F_IPV6_FRAGMENTS],
								      &ipv6_fields[F_IPV6_FRAGMENT_COUNT],
								      &ipv6_fields[F_IPV6_REASSEMBLED_IN],
								      &ipv6_fields[F_IPV6_REASSEMBLED_LENGTH] };
				ip_fragment(pkt, c, root, t, &key, foff, more, ff);
				return true;
			}
			if (foff) {
				pkt_info(pkt, "IPv6 fragment (off=%u more=%s ident=0x%08x nxt=%u)", foff,
					 more ? "y" : "n", ident, enxt);
				dissect_data(pkt, c, root);
				return true;
			}
			nxt = enxt;
			continue;
		}
		size_t ehlen = ((size_t)elen + 1) * 8;
		const FieldDef *ef = nxt == 0 ? &ipv6_fields[F_IPV6_HOPOPTS]
				     : nxt == 43 ? &ipv6_fields[F_IPV6_ROUTING]
						 : &ipv6_fields[F_IPV6_DSTOPTS];
		TreeNode *eh = tree_add_at(t, ef, c, eat, ehlen);
		tree_add_uint(eh, &ipv6_fields[F_IPV6_EXT_NXT], c, eat, 1, enxt);
		tree_add_uint(eh, &ipv6_fields[F_IPV6_EXT_LEN], c, eat + 1, 1, elen);
		size_t dat = cur_off(c);
		if (!cur_skip(c, ehlen - 2)) {
			if (c->err & CUR_MALFORMED)
				pkt_event(pkt, EV_IPV6_BAD_EXT_HDR, c, eh);
			pkt_cursor_error(pkt, c, eh, "ipv6");
			return true;
		}
		tree_add_bytes(eh, &ipv6_fields[F_IPV6_EXT_DATA], c, dat, ehlen - 2);
		tree_set_end(t, c);
		nxt = enxt;
	}
	if (summarise)
		pkt->sum.ip.proto = nxt;
	if (nxt == 59) {
		pkt_info(pkt, "IPv6 no next header");
		dissect_data(pkt, c, root);
		return true;
	}
	ip_payload(pkt, c, root, nxt);
	return true;
}

bool ip_dissect_any(Packet *pkt, Cursor *c, TreeNode *parent)
{
	if (!cur_need(c, 1)) {
		pkt_cursor_error(pkt, c, parent, "ip");
		return true;
	}
	uint8_t v = cur_ptr(c)[0] >> 4;
	if (v == 4)
		return dissect_next(TABLE_ETHERTYPE, 0x0800, pkt, c, parent), true;
	if (v == 6)
		return dissect_next(TABLE_ETHERTYPE, 0x86dd, pkt, c, parent), true;
	pkt_info(pkt, "Bogus IP version (%u)", v);
	dissect_data(pkt, c, parent);
	return true;
}

const Dissector ipv4_dissector = { "ip", "IPv4", ipv4_dissect };
const Dissector ipv6_dissector = { "ipv6", "IPv6", ipv6_dissect };
