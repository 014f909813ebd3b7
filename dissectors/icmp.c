/*
 * icmp.c - ICMP (RFC 792) and ICMPv6 (RFC 4443, neighbor discovery RFC 4861).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              type-specific (identifier/sequence,              |
 *  |              unused, MTU, pointer, gateway ...)               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  body: echo data, or for errors the start of the offending    |
 *  |  datagram (IP header + at least 8 bytes of its payload)       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Error messages quote the datagram that caused them.  The quote is
 * summarised from its own bytes (sum.icmp.quoted: addresses, protocol,
 * ports) and then dissected with ip_dissect_any() under pkt->in_error, so
 * its fields appear in the tree (as in tshark) without touching the outer
 * packet's summary.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "protos.h"

/* ---- value tables --------------------------------------------------- */

static const ValueString cksum_status_vals[] = {
	{ 0, "Bad" },
	{ 1, "Good" },
	{ 2, "Unverified" },
	{ 0, NULL },
};

static const ValueString icmp_type_vals[] = {
	{ 0, "Echo (ping) reply" },
	{ 1, "Reserved" },
	{ 2, "Reserved" },
	{ 3, "Destination unreachable" },
	{ 4, "Source quench (flow control)" },
	{ 5, "Redirect" },
	{ 6, "Alternate host address" },
	{ 8, "Echo (ping) request" },
	{ 9, "Mobile IP Advertisement" },
	{ 10, "Router solicitation" },
	{ 11, "Time-to-live exceeded" },
	{ 12, "Parameter problem" },
	{ 13, "Timestamp request" },
	{ 14, "Timestamp reply" },
	{ 15, "Information request" },
	{ 16, "Information reply" },
	{ 17, "Address mask request" },
	{ 18, "Address mask reply" },
	{ 19, "Reserved (for security)" },
	{ 30, "Traceroute" },
	{ 31, "Datagram Conversion Error" },
	{ 32, "Mobile Host Redirect" },
	{ 33, "IPv6 Where-Are-You" },
	{ 34, "IPv6 I-Am-Here" },
	{ 35, "Mobile Registration Request" },
	{ 36, "Mobile Registration Reply" },
	{ 37, "Domain Name Request" },
	{ 38, "Domain Name Reply" },
	{ 39, "SKIP" },
	{ 40, "Photuris" },
	{ 41, "Experimental mobility protocols" },
	{ 42, "Extended Echo request" },
	{ 43, "Extended Echo reply" },
	{ 0, NULL },
};

static const ValueString icmp_unreach_vals[] = {
	{ 0, "Network unreachable" },
	{ 1, "Host unreachable" },
	{ 2, "Protocol unreachable" },
	{ 3, "Port unreachable" },
	{ 4, "Fragmentation needed" },
	{ 5, "Source route failed" },
	{ 6, "Destination network unknown" },
	{ 7, "Destination host unknown" },
	{ 8, "Source host isolated" },
	{ 9, "Network administratively prohibited" },
	{ 10, "Host administratively prohibited" },
	{ 11, "Network unreachable for TOS" },
	{ 12, "Host unreachable for TOS" },
	{ 13, "Communication administratively filtered" },
	{ 14, "Host precedence violation" },
	{ 15, "Precedence cutoff in effect" },
	{ 0, NULL },
};

static const ValueString icmp_redirect_vals[] = {
	{ 0, "Redirect for network" },
	{ 1, "Redirect for host" },
	{ 2, "Redirect for TOS and network" },
	{ 3, "Redirect for TOS and host" },
	{ 0, NULL },
};

static const ValueString icmp_ttl_vals[] = {
	{ 0, "Time to live exceeded in transit" },
	{ 1, "Fragment reassembly time exceeded" },
	{ 0, NULL },
};

static const ValueString icmp_param_vals[] = {
	{ 0, "Pointer indicates the error" },
	{ 1, "Required option missing" },
	{ 2, "Bad length" },
	{ 0, NULL },
};

static const ValueString icmp_althost_vals[] = { { 0, "Alternate address for host" }, { 0, NULL } };
static const ValueString icmp_rtradv_vals[] = { { 0, "Normal router advertisement" }, { 0, NULL } };
static const ValueString icmp_photuris_vals[] = { { 0, "Bad SPI" }, { 0, NULL } };
static const ValueString icmp_ext_echo_vals[] = { { 0, "No error" }, { 0, NULL } };

static const ValueString *icmp_code_table(uint8_t type)
{
	switch (type) {
	case 3: return icmp_unreach_vals;
	case 5: return icmp_redirect_vals;
	case 6: return icmp_althost_vals;
	case 9: return icmp_rtradv_vals;
	case 11: return icmp_ttl_vals;
	case 12: return icmp_param_vals;
	case 40: return icmp_photuris_vals;
	case 42:
	case 43: return icmp_ext_echo_vals;
	default: return NULL;
	}
}

static const ValueString icmpv6_type_vals[] = {
	{ 1, "Destination Unreachable" },
	{ 2, "Packet Too Big" },
	{ 3, "Time Exceeded" },
	{ 4, "Parameter Problem" },
	{ 100, "Private experimentation" },
	{ 101, "Private experimentation" },
	{ 127, "Reserved for expansion of ICMPv6 error messages" },
	{ 128, "Echo (ping) request" },
	{ 129, "Echo (ping) reply" },
	{ 130, "Multicast Listener Query" },
	{ 131, "Multicast Listener Report" },
	{ 132, "Multicast Listener Done" },
	{ 133, "Router Solicitation" },
	{ 134, "Router Advertisement" },
	{ 135, "Neighbor Solicitation" },
	{ 136, "Neighbor Advertisement" },
	{ 137, "Redirect" },
	{ 138, "Router Renumbering" },
	{ 139, "Node Information Query" },
	{ 140, "Node Information Reply" },
	{ 141, "Inverse Neighbor Discovery Solicitation" },
	{ 142, "Inverse Neighbor Discovery Advertisement" },
	{ 143, "Multicast Listener Report Message v2" },
	{ 144, "Home Agent Address Discovery Request" },
	{ 145, "Home Agent Address Discovery Reply" },
	{ 146, "Mobile Prefix Solicitation" },
	{ 147, "Mobile Prefix Advertisement" },
	{ 148, "Certification Path Solicitation" },
	{ 149, "Certification Path Advertisement" },
	{ 150, "Experimental Mobility" },
	{ 151, "Multicast Router Advertisement" },
	{ 152, "Multicast Router Solicitation" },
	{ 153, "Multicast Router Termination" },
	{ 154, "FMIPv6" },
	{ 155, "RPL Control" },
	{ 156, "Locator Update" },
	{ 157, "Duplicate Address Request" },
	{ 158, "Duplicate Address Confirmation" },
	{ 159, "MPL Control Message" },
	{ 160, "Extended Echo request" },
	{ 161, "Extended Echo reply" },
	{ 200, "Private experimentation" },
	{ 201, "Private experimentation" },
	{ 255, "Reserved for expansion of ICMPv6 informational messages" },
	{ 0, NULL },
};

static const ValueString icmpv6_unreach_vals[] = {
	{ 0, "no route to destination" },
	{ 1, "Administratively prohibited" },
	{ 2, "Beyond scope of source address" },
	{ 3, "Address unreachable" },
	{ 4, "Port unreachable" },
	{ 5, "Source address failed ingress/egress policy" },
	{ 6, "Reject route to destination" },
	{ 7, "Error in Source Routing Header" },
	{ 0, NULL },
};

static const ValueString icmpv6_timex_vals[] = {
	{ 0, "hop limit exceeded in transit" },
	{ 1, "fragment reassembly time exceeded" },
	{ 0, NULL },
};

static const ValueString icmpv6_param_vals[] = {
	{ 0, "erroneous header field encountered" },
	{ 1, "unrecognized Next Header type encountered" },
	{ 2, "unrecognized IPv6 option encountered" },
	{ 3, "IPv6 First Fragment has incomplete IPv6 Header Chain" },
	{ 0, NULL },
};

static const ValueString icmpv6_rr_vals[] = { { 0, "Command" }, { 0, NULL } };
static const ValueString icmpv6_niq_vals[] = { { 0, "Query subject = IPv6 addresses" }, { 0, NULL } };
static const ValueString icmpv6_nir_vals[] = { { 0, "Successful" }, { 0, NULL } };
static const ValueString icmpv6_rpl_vals[] = { { 0, "DODAG Information Solicitation" }, { 0, NULL } };

static const ValueString *icmpv6_code_table(uint8_t type)
{
	switch (type) {
	case 1: return icmpv6_unreach_vals;
	case 3: return icmpv6_timex_vals;
	case 4: return icmpv6_param_vals;
	case 138: return icmpv6_rr_vals;
	case 139: return icmpv6_niq_vals;
	case 140: return icmpv6_nir_vals;
	case 155: return icmpv6_rpl_vals;
	case 160:
	case 161: return icmp_ext_echo_vals;
	default: return NULL;
	}
}

static const ValueString icmpv6_opt_vals[] = {
	{ 1, "Source link-layer address" },
	{ 2, "Target link-layer address" },
	{ 3, "Prefix information" },
	{ 4, "Redirected header" },
	{ 5, "MTU" },
	{ 14, "Nonce" },
	{ 24, "Route Information" },
	{ 25, "Recursive DNS Server" },
	{ 31, "DNS Search List" },
	{ 0, NULL },
};

/* ---- fields --------------------------------------------------------- */

enum {
	F_ICMP,
	F_ICMP_TYPE,
	F_ICMP_CODE,
	F_ICMP_CHECKSUM,
	F_ICMP_CHECKSUM_STATUS,
	F_ICMP_UNUSED,
	F_ICMP_IDENT,
	F_ICMP_IDENT_LE,
	F_ICMP_SEQ,
	F_ICMP_SEQ_LE,
	F_ICMP_MTU,
	F_ICMP_POINTER,
	F_ICMP_REDIR_GW,
	F_ICMP_ORIG_TS,
	F_ICMP_RECV_TS,
	F_ICMP_XMIT_TS,
	F_ICMP_ADDR_MASK,
	F_ICMP__COUNT
};

static const FieldDef icmp_fields[F_ICMP__COUNT] = {
	[F_ICMP] = { "icmp", "Internet Control Message Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_ICMP_TYPE] = { "icmp.type", "Type", FT_UINT8, BASE_DEC, icmp_type_vals, 0, NULL },
	[F_ICMP_CODE] = { "icmp.code", "Code", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_ICMP_CHECKSUM] = { "icmp.checksum", "Checksum", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_ICMP_CHECKSUM_STATUS] = { "icmp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE,
				     cksum_status_vals, 0, NULL },
	[F_ICMP_UNUSED] = { "icmp.unused", "Unused", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ICMP_IDENT] = { "icmp.ident", "Identifier (BE)", FT_UINT16, BASE_DEC_HEX, NULL, 0, NULL },
	[F_ICMP_IDENT_LE] = { "icmp.ident_le", "Identifier (LE)", FT_UINT16, BASE_DEC_HEX, NULL, 0, NULL },
	[F_ICMP_SEQ] = { "icmp.seq", "Sequence Number (BE)", FT_UINT16, BASE_DEC_HEX, NULL, 0, NULL },
	[F_ICMP_SEQ_LE] = { "icmp.seq_le", "Sequence Number (LE)", FT_UINT16, BASE_DEC_HEX, NULL, 0, NULL },
	[F_ICMP_MTU] = { "icmp.mtu", "MTU of next hop", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_ICMP_POINTER] = { "icmp.pointer", "Pointer", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ICMP_REDIR_GW] = { "icmp.redir_gw", "Gateway Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_ICMP_ORIG_TS] = { "icmp.originate_timestamp", "Originate Timestamp", FT_UINT32, BASE_DEC, NULL, 0,
			     NULL },
	[F_ICMP_RECV_TS] = { "icmp.receive_timestamp", "Receive Timestamp", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ICMP_XMIT_TS] = { "icmp.transmit_timestamp", "Transmit Timestamp", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ICMP_ADDR_MASK] = { "icmp.address_mask", "Address Mask", FT_IPv4, BASE_NONE, NULL, 0, NULL },
};

const FieldTable icmp_field_table = { "icmp", icmp_fields, F_ICMP__COUNT };

enum {
	F_ICMPV6,
	F_ICMPV6_TYPE,
	F_ICMPV6_CODE,
	F_ICMPV6_CHECKSUM,
	F_ICMPV6_CHECKSUM_STATUS,
	F_ICMPV6_RESERVED,
	F_ICMPV6_DATA,
	F_ICMPV6_MTU,
	F_ICMPV6_POINTER,
	F_ICMPV6_ECHO_ID,
	F_ICMPV6_ECHO_SEQ,
	F_ICMPV6_RA_HOP_LIMIT,
	F_ICMPV6_RA_FLAG,
	F_ICMPV6_RA_LIFETIME,
	F_ICMPV6_RA_REACHABLE,
	F_ICMPV6_RA_RETRANS,
	F_ICMPV6_NS_TARGET,
	F_ICMPV6_NA_FLAG,
	F_ICMPV6_NA_FLAG_R,
	F_ICMPV6_NA_FLAG_S,
	F_ICMPV6_NA_FLAG_O,
	F_ICMPV6_NA_FLAG_RSV,
	F_ICMPV6_NA_TARGET,
	F_ICMPV6_RD_TARGET,
	F_ICMPV6_RD_DEST,
	F_ICMPV6_OPT,
	F_ICMPV6_OPT_TYPE,
	F_ICMPV6_OPT_LENGTH,
	F_ICMPV6_OPT_LINKADDR,
	F_ICMPV6_OPT_SRC_LINKADDR,
	F_ICMPV6_OPT_TGT_LINKADDR,
	F_ICMPV6_OPT_DATA,
	F_ICMPV6__COUNT
};

static const FieldDef icmpv6_fields[F_ICMPV6__COUNT] = {
	[F_ICMPV6] = { "icmpv6", "Internet Control Message Protocol v6", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_ICMPV6_TYPE] = { "icmpv6.type", "Type", FT_UINT8, BASE_DEC, icmpv6_type_vals, 0, NULL },
	[F_ICMPV6_CODE] = { "icmpv6.code", "Code", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_ICMPV6_CHECKSUM] = { "icmpv6.checksum", "Checksum", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_ICMPV6_CHECKSUM_STATUS] = { "icmpv6.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE,
				       cksum_status_vals, 0, NULL },
	[F_ICMPV6_RESERVED] = { "icmpv6.reserved", "Reserved", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ICMPV6_DATA] = { "icmpv6.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ICMPV6_MTU] = { "icmpv6.mtu", "MTU", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ICMPV6_POINTER] = { "icmpv6.pointer", "Pointer", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ICMPV6_ECHO_ID] = { "icmpv6.echo.identifier", "Identifier", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_ICMPV6_ECHO_SEQ] = { "icmpv6.echo.sequence_number", "Sequence", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_ICMPV6_RA_HOP_LIMIT] = { "icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", FT_UINT8, BASE_DEC, NULL, 0,
				    NULL },
	[F_ICMPV6_RA_FLAG] = { "icmpv6.nd.ra.flag", "Flags", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_ICMPV6_RA_LIFETIME] = { "icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", FT_UINT16, BASE_DEC, NULL,
				   0, NULL },
	[F_ICMPV6_RA_REACHABLE] = { "icmpv6.nd.ra.reachable_time", "Reachable time (ms)", FT_UINT32, BASE_DEC, NULL,
				    0, NULL },
	[F_ICMPV6_RA_RETRANS] = { "icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", FT_UINT32, BASE_DEC, NULL, 0,
				  NULL },
	[F_ICMPV6_NS_TARGET] = { "icmpv6.nd.ns.target_address", "Target Address", FT_IPv6, BASE_NONE, NULL, 0,
				 NULL },
	[F_ICMPV6_NA_FLAG] = { "icmpv6.nd.na.flag", "Flags", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_ICMPV6_NA_FLAG_R] = { "icmpv6.nd.na.flag.r", "Router", FT_BOOLEAN, BASE_NONE, NULL, 0x80000000u, NULL },
	[F_ICMPV6_NA_FLAG_S] = { "icmpv6.nd.na.flag.s", "Solicited", FT_BOOLEAN, BASE_NONE, NULL, 0x40000000u,
				 NULL },
	[F_ICMPV6_NA_FLAG_O] = { "icmpv6.nd.na.flag.o", "Override", FT_BOOLEAN, BASE_NONE, NULL, 0x20000000u, NULL },
	[F_ICMPV6_NA_FLAG_RSV] = { "icmpv6.nd.na.flag.rsv", "Reserved", FT_UINT32, BASE_DEC, NULL, 0x1fffffffu,
				   NULL },
	[F_ICMPV6_NA_TARGET] = { "icmpv6.nd.na.target_address", "Target Address", FT_IPv6, BASE_NONE, NULL, 0,
				 NULL },
	[F_ICMPV6_RD_TARGET] = { "icmpv6.nd.rd.target_address", "Target Address", FT_IPv6, BASE_NONE, NULL, 0,
				 NULL },
	[F_ICMPV6_RD_DEST] = { "icmpv6.rd.na.destination_address", "Destination Address", FT_IPv6, BASE_NONE, NULL,
			       0, NULL },
	[F_ICMPV6_OPT] = { "icmpv6.opt", "ICMPv6 Option", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_ICMPV6_OPT_TYPE] = { "icmpv6.opt.type", "Type", FT_UINT8, BASE_DEC, icmpv6_opt_vals, 0, NULL },
	[F_ICMPV6_OPT_LENGTH] = { "icmpv6.opt.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_ICMPV6_OPT_LINKADDR] = { "icmpv6.opt.linkaddr", "Link-layer address", FT_ETHER, BASE_NONE, NULL, 0,
				    NULL },
	[F_ICMPV6_OPT_SRC_LINKADDR] = { "icmpv6.opt.src_linkaddr", "Source Link-layer address", FT_ETHER, BASE_NONE,
					NULL, 0, NULL },
	[F_ICMPV6_OPT_TGT_LINKADDR] = { "icmpv6.opt.target_linkaddr", "Target Link-layer address", FT_ETHER,
					BASE_NONE, NULL, 0, NULL },
	[F_ICMPV6_OPT_DATA] = { "icmpv6.unknown_data", "Unknown Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
};

const FieldTable icmpv6_field_table = { "icmpv6", icmpv6_fields, F_ICMPV6__COUNT };

#define ICMPV6_MAX_OPTIONS 32

/* ---- shared helpers ------------------------------------------------- */

/* Checksum of a message of `len` bytes whose checksum field is at offset
 * 2, starting from `sum` (a pseudo-header for ICMPv6).  Returns the status
 * (1 good, 0 bad) and the value the field should hold. */
static uint8_t icmp_cksum_check(uint32_t sum, const uint8_t *msg, size_t len, uint16_t *should)
{
	uint32_t all = inet_cksum_add(sum, msg, len);
	uint32_t wo = inet_cksum_add(inet_cksum_add(sum, msg, 2), msg + 4, len - 4);
	*should = inet_cksum_fold(wo);
	return inet_cksum_fold(all) == 0 ? 1 : 0;
}

static void icmp_add_cksum(Packet *pkt, TreeNode *t, const FieldDef *fck, const FieldDef *fst, const Cursor *c,
			   size_t at, uint16_t cksum, uint8_t status, uint16_t should)
{
	TreeNode *n = tree_add_uint(t, fck, c, at + 2, 2, cksum);
	if (n) {
		if (status == 1)
			tree_set_text(n, "0x%04x [correct]", cksum);
		else if (status == 0)
			tree_set_text(n, "0x%04x [incorrect, should be 0x%04x]", cksum, should);
		else
			tree_set_text(n, "0x%04x [unverified]", cksum);
	}
	TreeNode *s = tree_add_uint(t, fst, c, at + 2, 0, status);
	if (s) {
		s->flags |= NODE_GENERATED;
		tree_set_text(s, "%s", vs_name(cksum_status_vals, status, "Unknown"));
	}
	if (status == 0 && !pkt->in_error)
		pkt_event(pkt, EV_ICMP_BAD_CHECKSUM, c, n);
}

/* "Code: 3 (Port unreachable)", as tshark labels codes. */
static void icmp_add_code(TreeNode *t, const FieldDef *f, const Cursor *c, size_t at, uint8_t code,
			  const ValueString *vals)
{
	TreeNode *n = tree_add_uint(t, f, c, at + 1, 1, code);
	if (!n)
		return;
	if (vals)
		tree_set_text(n, "%u (%s)", code, vs_name(vals, code, "Unknown"));
	else
		tree_set_text(n, "%u", code);
}

/*
 * Summarise a quoted datagram straight from its bytes (the tree is not
 * needed and may not exist):
 *   IPv4: ver/ihl | tos | total length | id | frag | ttl | proto | cksum |
 *         src 4 | dst 4 | options | ports (TCP/UDP: sport 2, dport 2)
 *   IPv6: ver/tc/flow 4 | payload length 2 | next 1 | hop limit 1 |
 *         src 16 | dst 16 | extension headers | ports
 */
static void icmp_quote_summary(const Cursor *c, IpSummary *q)
{
	Cursor k = *c;
	memset(q, 0, sizeof(*q));
	if (!cur_has(&k, 1))
		return;
	uint8_t v = cur_ptr(&k)[0] >> 4;
	bool ports = false;
	if (v == 4) {
		if (!cur_has(&k, 20))
			return;
		uint8_t vihl = cur_u8(&k);
		cur_skip(&k, 1);
		uint16_t totlen = cur_be16(&k);
		cur_skip(&k, 2);
		uint16_t frag = cur_be16(&k);
		q->ttl = cur_u8(&k);
		q->proto = cur_u8(&k);
		cur_skip(&k, 2);
		cur_copy(&k, q->src, 4);
		cur_copy(&k, q->dst, 4);
		q->af = 4;
		q->len = totlen;
		size_t hlen = (size_t)(vihl & 0x0f) * 4;
		if (hlen < 20 || !cur_skip(&k, hlen - 20))
			return;
		ports = (frag & 0x1fffu) == 0;
	} else if (v == 6) {
		if (!cur_has(&k, 40))
			return;
		cur_skip(&k, 4);
		uint16_t plen = cur_be16(&k);
		uint8_t nxt = cur_u8(&k);
		q->ttl = cur_u8(&k);
		cur_copy(&k, q->src, 16);
		cur_copy(&k, q->dst, 16);
		q->af = 6;
		q->len = 40u + plen;
		ports = true;
		/* a few extension headers; a non-first fragment has no ports */
		for (unsigned n = 0; n < 8 && (nxt == 0 || nxt == 43 || nxt == 44 || nxt == 60); n++) {
			if (!cur_has(&k, 2)) {
				ports = false;
				break;
			}
			uint8_t enxt = cur_u8(&k);
			uint8_t elen = cur_u8(&k);
			if (nxt == 44) {
				uint16_t offm = cur_be16(&k);
				if (offm & 0xfff8u)
					ports = false;
				cur_skip(&k, 4);
			} else {
				cur_skip(&k, (size_t)elen * 8 + 6);
			}
			nxt = enxt;
		}
		q->proto = nxt;
	} else {
		return;
	}
	if (ports && (q->proto == 6 || q->proto == 17) && cur_has(&k, 4)) {
		q->sport = cur_be16(&k);
		q->dport = cur_be16(&k);
	}
}

/* Dissect the quoted datagram (the rest of the message) under the ICMP
 * node, after summarising it into sum.icmp.quoted. */
static void icmp_quote(Packet *pkt, Cursor *c, TreeNode *t)
{
	if (!pkt->in_error)
		icmp_quote_summary(c, &pkt->sum.icmp.quoted);
	if (cur_wire_left(c) == 0)
		return;
	Cursor q = cur_rest(c);
	bool cut = q.cap < q.wire;
	pkt->in_error++;
	ip_dissect_any(pkt, &q, t);
	pkt->in_error--;
	/* the quote is a cut datagram by design: only a capture cut is news */
	if (cut && !(pkt->err & CUR_TRUNCATED)) {
		pkt->err |= CUR_TRUNCATED;
		pkt_event(pkt, EV_TRUNCATED, &q, NULL);
	}
}

/* ---- ICMP ----------------------------------------------------------- */

static bool icmp_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/*
 * Echo, timestamp, information and address-mask messages:
 *  | type | code | checksum | identifier 2 | sequence number 2 | ...
 */
static void icmp_echo_like(Packet *pkt, Cursor *c, TreeNode *t, uint8_t type, const char *tname)
{
	size_t at = cur_off(c);
	uint16_t id = cur_be16(c);
	uint16_t seq = cur_be16(c);
	if (pkt_cursor_error(pkt, c, t, "icmp"))
		return;
	uint16_t id_le = (uint16_t)(id >> 8 | id << 8);
	uint16_t seq_le = (uint16_t)(seq >> 8 | seq << 8);
	tree_add_uint(t, &icmp_fields[F_ICMP_IDENT], c, at, 2, id);
	tree_add_uint(t, &icmp_fields[F_ICMP_IDENT_LE], c, at, 2, id_le);
	tree_add_uint(t, &icmp_fields[F_ICMP_SEQ], c, at + 2, 2, seq);
	tree_add_uint(t, &icmp_fields[F_ICMP_SEQ_LE], c, at + 2, 2, seq_le);
	if (pkt->sum.ip.af == 4)
		pkt_info(pkt, "%-20s id=0x%04x, seq=%u/%u, ttl=%u", tname, id, seq, seq_le, pkt->sum.ip.ttl);
	else
		pkt_info(pkt, "%-20s id=0x%04x, seq=%u/%u", tname, id, seq, seq_le);
	if (type == 13 || type == 14) {
		size_t tat = cur_off(c);
		uint32_t o = cur_be32(c), r = cur_be32(c), x = cur_be32(c);
		if (pkt_cursor_error(pkt, c, t, "icmp"))
			return;
		tree_add_uint(t, &icmp_fields[F_ICMP_ORIG_TS], c, tat, 4, o);
		tree_add_uint(t, &icmp_fields[F_ICMP_RECV_TS], c, tat + 4, 4, r);
		tree_add_uint(t, &icmp_fields[F_ICMP_XMIT_TS], c, tat + 8, 4, x);
	} else if (type == 17 || type == 18) {
		size_t mat = cur_off(c);
		uint8_t mask[4];
		if (!cur_copy(c, mask, 4)) {
			pkt_cursor_error(pkt, c, t, "icmp");
			return;
		}
		tree_add_addr(t, &icmp_fields[F_ICMP_ADDR_MASK], c, mat, 4, mask);
	}
	dissect_data(pkt, c, t);
}

static bool icmp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	size_t mlen = cur_wire_left(c);
	uint8_t type = cur_u8(c);
	uint8_t code = cur_u8(c);
	uint16_t cksum = cur_be16(c);
	TreeNode *t = tree_add_at(root, &icmp_fields[F_ICMP], c, at, mlen);
	pkt_set_proto(pkt, "ICMP");
	if (!pkt->in_error) {
		pkt->sum.layers |= LAYER_ICMP;
		pkt->sum.icmp.type = type;
		pkt->sum.icmp.code = code;
		pkt->sum.icmp.error = icmp_is_error(type);
		memset(&pkt->sum.icmp.quoted, 0, sizeof(pkt->sum.icmp.quoted));
	}
	const char *tname = vs_lookup(icmp_type_vals, type);
	if (!tname)
		tname = "Unknown ICMP (obsolete or malformed?)";
	const ValueString *cvals = icmp_code_table(type);
	if (avail >= 1) {
		TreeNode *n = tree_add_uint(t, &icmp_fields[F_ICMP_TYPE], c, at, 1, type);
		tree_set_text(n, "%u (%s)", type, tname);
	}
	if (avail >= 2)
		icmp_add_code(t, &icmp_fields[F_ICMP_CODE], c, at, code, cvals);
	if (pkt_cursor_error(pkt, c, t, "icmp"))
		return true;

	/* the checksum covers the whole message: verify it when all of it
	 * was captured and it is not a (cut) quote inside an error */
	uint8_t status = 2;
	uint16_t should = 0;
	if (avail >= mlen && mlen >= 4 && !pkt->in_error) {
		Cursor k = *c;
		k.off = at;
		const uint8_t *msg = cur_bytes(&k, mlen);
		if (msg)
			status = icmp_cksum_check(0, msg, mlen, &should);
	}
	icmp_add_cksum(pkt, t, &icmp_fields[F_ICMP_CHECKSUM], &icmp_fields[F_ICMP_CHECKSUM_STATUS], c, at, cksum,
		       status, should);

	switch (type) {
	case 0:
	case 8:
	case 13:
	case 14:
	case 15:
	case 16:
	case 17:
	case 18:
		icmp_echo_like(pkt, c, t, type, tname);
		return true;
	case 3:
	case 4:
	case 5:
	case 11:
	case 12: {
		size_t uat = cur_off(c);
		const uint8_t *hdr = cur_bytes(c, 4);
		if (pkt_cursor_error(pkt, c, t, "icmp"))
			return true;
		if (type == 3 && code == 4) {
			tree_add_bytes(t, &icmp_fields[F_ICMP_UNUSED], c, uat, 2);
			tree_add_uint(t, &icmp_fields[F_ICMP_MTU], c, uat + 2, 2, (uint16_t)(hdr[2] << 8 | hdr[3]));
		} else if (type == 5) {
			tree_add_addr(t, &icmp_fields[F_ICMP_REDIR_GW], c, uat, 4, hdr);
		} else if (type == 12) {
			tree_add_uint(t, &icmp_fields[F_ICMP_POINTER], c, uat, 1, hdr[0]);
			tree_add_bytes(t, &icmp_fields[F_ICMP_UNUSED], c, uat + 1, 3);
		} else if (type != 4) {
			tree_add_bytes(t, &icmp_fields[F_ICMP_UNUSED], c, uat, 4);
		}
		if (cvals)
			pkt_info(pkt, "%-20s (%s)", tname, vs_name(cvals, code, "Unknown"));
		else
			pkt_info(pkt, "%-20s", tname);
		if (type == 3 && !pkt->in_error)
			pkt_event(pkt, EV_ICMP_DEST_UNREACH, c, t);
		icmp_quote(pkt, c, t);
		return true;
	}
	default:
		if (cvals)
			pkt_info(pkt, "%-20s (%s)", tname, vs_name(cvals, code, "Unknown"));
		else
			pkt_info(pkt, "%-20s", tname);
		dissect_data(pkt, c, t);
		return true;
	}
}

/* ---- ICMPv6 --------------------------------------------------------- */

static bool icmpv6_is_error(uint8_t type)
{
	return type >= 1 && type <= 4;
}

/*
 * Neighbor discovery options (RFC 4861 4.6):
 *  | type 1 | length 1 (units of 8 bytes, including these two) | data |
 * Link-layer address options keep the address as text for the info
 * column ("from 00:11:22:33:44:55", "is at ...").
 */
static void icmpv6_nd_options(Packet *pkt, Cursor *c, TreeNode *t, char *lladdr, size_t lladdr_size)
{
	for (unsigned n = 0; cur_wire_left(c) > 0; n++) {
		if (n == ICMPV6_MAX_OPTIONS) {
			dissect_data(pkt, c, t);
			return;
		}
		size_t oat = cur_off(c);
		uint8_t otype = cur_u8(c);
		uint8_t olen = cur_u8(c);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return;
		size_t bytes = (size_t)olen * 8;
		TreeNode *o = tree_add_at(t, &icmpv6_fields[F_ICMPV6_OPT], c, oat, bytes ? bytes : 2);
		const char *oname = vs_name(icmpv6_opt_vals, otype, "Unknown");
		tree_set_text(o, "ICMPv6 Option (%s)", oname);
		tree_add_uint(o, &icmpv6_fields[F_ICMPV6_OPT_TYPE], c, oat, 1, otype);
		TreeNode *ln = tree_add_uint(o, &icmpv6_fields[F_ICMPV6_OPT_LENGTH], c, oat + 1, 1, olen);
		tree_set_text(ln, "%u (%zu bytes)", olen, bytes);
		if (olen == 0) {
			/* a zero length would never advance: invalid, stop */
			tree_add_text(o, c, oat + 1, 1, "Invalid option length (0)");
			c->err |= CUR_MALFORMED;
			pkt_cursor_error(pkt, c, o, "icmpv6");
			return;
		}
		Cursor body = cur_sub(c, bytes - 2);
		if ((otype == 1 || otype == 2) && bytes == 8) {
			uint8_t mac[6];
			cur_copy(&body, mac, 6);
			if (!cur_failed(&body)) {
				char m[24];
				snprintf(m, sizeof(m), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
					 mac[3], mac[4], mac[5]);
				tree_set_text(o, "ICMPv6 Option (%s : %s)", oname, m);
				tree_add_addr(o, &icmpv6_fields[F_ICMPV6_OPT_LINKADDR], c, oat + 2, 6, mac);
				TreeNode *h = tree_add_addr(
					o, &icmpv6_fields[otype == 1 ? F_ICMPV6_OPT_SRC_LINKADDR : F_ICMPV6_OPT_TGT_LINKADDR],
					c, oat + 2, 6, mac);
				if (h)
					h->flags |= NODE_HIDDEN;
				if (lladdr && lladdr_size)
					snprintf(lladdr, lladdr_size, "%s", m);
			}
		} else if (bytes > 2) {
			tree_add_bytes(o, &icmpv6_fields[F_ICMPV6_OPT_DATA], &body, 0, bytes - 2);
		}
		if (pkt_cursor_error(pkt, c, o, "icmpv6"))
			return;
	}
}

/* Message bodies of neighbor discovery (RFC 4861 4.1-4.5). */
static void icmpv6_nd(Packet *pkt, Cursor *c, TreeNode *t, uint8_t type, const char *tname)
{
	size_t at = cur_off(c);
	uint8_t target[16], dest[16];
	uint32_t naflags = 0;
	char lladdr[24] = "";
	char tgt[64];
	switch (type) {
	case 133: /* RS: reserved 4 */
		cur_skip(c, 4);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return;
		tree_add_bytes(t, &icmpv6_fields[F_ICMPV6_RESERVED], c, at, 4);
		pkt_info(pkt, "%s", tname);
		break;
	case 134: { /* RA: hop limit 1 | flags 1 | router lifetime 2 | reachable 4 | retrans 4 */
		uint8_t hl = cur_u8(c);
		uint8_t fl = cur_u8(c);
		uint16_t life = cur_be16(c);
		uint32_t reach = cur_be32(c);
		uint32_t retr = cur_be32(c);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return;
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_RA_HOP_LIMIT], c, at, 1, hl);
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_RA_FLAG], c, at + 1, 1, fl);
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_RA_LIFETIME], c, at + 2, 2, life);
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_RA_REACHABLE], c, at + 4, 4, reach);
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_RA_RETRANS], c, at + 8, 4, retr);
		pkt_info(pkt, "%s", tname);
		break;
	}
	case 135: /* NS: reserved 4 | target 16 */
	case 136: /* NA: R S O reserved (32 bits) | target 16 */
		naflags = cur_be32(c);
		cur_copy(c, target, 16);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return;
		if (type == 135) {
			tree_add_bytes(t, &icmpv6_fields[F_ICMPV6_RESERVED], c, at, 4);
			tree_add_addr(t, &icmpv6_fields[F_ICMPV6_NS_TARGET], c, at + 4, 16, target);
		} else {
			TreeNode *f = tree_add_uint(t, &icmpv6_fields[F_ICMPV6_NA_FLAG], c, at, 4, naflags);
			tree_add_uint(f, &icmpv6_fields[F_ICMPV6_NA_FLAG_R], c, at, 4, naflags);
			tree_add_uint(f, &icmpv6_fields[F_ICMPV6_NA_FLAG_S], c, at, 4, naflags);
			tree_add_uint(f, &icmpv6_fields[F_ICMPV6_NA_FLAG_O], c, at, 4, naflags);
			tree_add_uint(f, &icmpv6_fields[F_ICMPV6_NA_FLAG_RSV], c, at, 4, naflags);
			tree_add_addr(t, &icmpv6_fields[F_ICMPV6_NA_TARGET], c, at + 4, 16, target);
		}
		break;
	case 137: /* redirect: reserved 4 | target 16 | destination 16 */
		cur_skip(c, 4);
		cur_copy(c, target, 16);
		cur_copy(c, dest, 16);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return;
		tree_add_bytes(t, &icmpv6_fields[F_ICMPV6_RESERVED], c, at, 4);
		tree_add_addr(t, &icmpv6_fields[F_ICMPV6_RD_TARGET], c, at + 4, 16, target);
		tree_add_addr(t, &icmpv6_fields[F_ICMPV6_RD_DEST], c, at + 20, 16, dest);
		pkt_info(pkt, "%s", tname);
		break;
	default:
		return;
	}
	icmpv6_nd_options(pkt, c, t, lladdr, sizeof(lladdr));
	if (type == 135 || type == 136) {
		fmt_ip_addr(6, target, tgt, sizeof(tgt));
		if (type == 135) {
			pkt_info(pkt, "%s for %s%s%s", tname, tgt, lladdr[0] ? " from " : "", lladdr);
		} else {
			char fl[32] = "";
			size_t o = 0;
			static const char *const names[] = { "rtr", "sol", "ovr" };
			for (unsigned i = 0; i < 3; i++)
				if (naflags & (0x80000000u >> i))
					o += (size_t)snprintf(fl + o, sizeof(fl) - o, "%s%s", o ? ", " : "", names[i]);
			pkt_info(pkt, "%s %s (%s)%s%s", tname, tgt, o ? fl : "none", lladdr[0] ? " is at " : "",
				 lladdr);
		}
	}
}

static bool icmpv6_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	size_t mlen = cur_wire_left(c);
	uint8_t type = cur_u8(c);
	uint8_t code = cur_u8(c);
	uint16_t cksum = cur_be16(c);
	TreeNode *t = tree_add_at(root, &icmpv6_fields[F_ICMPV6], c, at, mlen);
	pkt_set_proto(pkt, "ICMPv6");
	if (!pkt->in_error) {
		pkt->sum.layers |= LAYER_ICMP;
		pkt->sum.icmp.type = type;
		pkt->sum.icmp.code = code;
		pkt->sum.icmp.error = icmpv6_is_error(type);
		memset(&pkt->sum.icmp.quoted, 0, sizeof(pkt->sum.icmp.quoted));
	}
	const char *tname = vs_name(icmpv6_type_vals, type, "Unknown");
	const ValueString *cvals = icmpv6_code_table(type);
	if (avail >= 1)
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_TYPE], c, at, 1, type);
	if (avail >= 2)
		icmp_add_code(t, &icmpv6_fields[F_ICMPV6_CODE], c, at, code, cvals);
	if (pkt_cursor_error(pkt, c, t, "icmpv6"))
		return true;

	/* RFC 4443 2.3: the checksum includes an IPv6 pseudo-header
	 *   src 16 | dst 16 | upper-layer length 4 | zero 3 | next header 1
	 * The addresses are the summary's, valid only when this message is
	 * the outermost datagram's payload. */
	uint8_t status = 2;
	uint16_t should = 0;
	const IpSummary *ip = &pkt->sum.ip;
	if (avail >= mlen && mlen >= 4 && !pkt->in_error && (pkt->sum.layers & LAYER_IPV6) && ip->af == 6 &&
	    ip->proto == 58) {
		uint8_t ph[40];
		memcpy(ph, ip->src, 16);
		memcpy(ph + 16, ip->dst, 16);
		ph[32] = (uint8_t)(mlen >> 24);
		ph[33] = (uint8_t)(mlen >> 16);
		ph[34] = (uint8_t)(mlen >> 8);
		ph[35] = (uint8_t)mlen;
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = 58;
		Cursor k = *c;
		k.off = at;
		const uint8_t *msg = cur_bytes(&k, mlen);
		if (msg)
			status = icmp_cksum_check(inet_cksum_add(0, ph, sizeof(ph)), msg, mlen, &should);
	}
	icmp_add_cksum(pkt, t, &icmpv6_fields[F_ICMPV6_CHECKSUM], &icmpv6_fields[F_ICMPV6_CHECKSUM_STATUS], c, at,
		       cksum, status, should);

	switch (type) {
	case 1:
	case 2:
	case 3:
	case 4: {
		/* reserved 4 | MTU 4 (Packet Too Big) | pointer 4 (Parameter Problem) */
		size_t uat = cur_off(c);
		uint32_t v = cur_be32(c);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return true;
		if (type == 2)
			tree_add_uint(t, &icmpv6_fields[F_ICMPV6_MTU], c, uat, 4, v);
		else if (type == 4)
			tree_add_uint(t, &icmpv6_fields[F_ICMPV6_POINTER], c, uat, 4, v);
		else
			tree_add_bytes(t, &icmpv6_fields[F_ICMPV6_RESERVED], c, uat, 4);
		if (cvals)
			pkt_info(pkt, "%s (%s)", tname, vs_name(cvals, code, "Unknown"));
		else
			pkt_info(pkt, "%s", tname);
		if (type == 1 && !pkt->in_error)
			pkt_event(pkt, EV_ICMP_DEST_UNREACH, c, t);
		icmp_quote(pkt, c, t);
		return true;
	}
	case 128:
	case 129: {
		/* identifier 2 | sequence number 2 | data */
		size_t eat = cur_off(c);
		uint16_t id = cur_be16(c);
		uint16_t seq = cur_be16(c);
		if (pkt_cursor_error(pkt, c, t, "icmpv6"))
			return true;
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_ECHO_ID], c, eat, 2, id);
		tree_add_uint(t, &icmpv6_fields[F_ICMPV6_ECHO_SEQ], c, eat + 2, 2, seq);
		if (ip->af == 6 && !pkt->in_error)
			pkt_info(pkt, "%s id=0x%04x, seq=%u, hop limit=%u", tname, id, seq, ip->ttl);
		else
			pkt_info(pkt, "%s id=0x%04x, seq=%u", tname, id, seq);
		dissect_data(pkt, c, t);
		return true;
	}
	case 133:
	case 134:
	case 135:
	case 136:
	case 137:
		icmpv6_nd(pkt, c, t, type, tname);
		return true;
	default:
		if (cvals)
			pkt_info(pkt, "%s (%s)", tname, vs_name(cvals, code, "Unknown"));
		else if (vs_lookup(icmpv6_type_vals, type))
			pkt_info(pkt, "%s", tname);
		else
			pkt_info(pkt, "Unknown (%u)", type);
		if (cur_wire_left(c) > 0) {
			size_t dat = cur_off(c);
			size_t n = cur_wire_left(c);
			tree_add_bytes(t, &icmpv6_fields[F_ICMPV6_DATA], c, dat, n);
			dissect_data(pkt, c, NULL);
		}
		return true;
	}
}

const Dissector icmp_dissector = { "icmp", "ICMP", icmp_dissect };
const Dissector icmpv6_dissector = { "icmpv6", "ICMPv6", icmpv6_dissect };
