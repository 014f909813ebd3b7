/*
 * ikev1.c - the IKEv1 (ISAKMP, RFC 2408) payload chain and its payloads
 * (RFC 2407 IPsec DOI, RFC 2409 IKE, RFC 3947 NAT-T and its drafts,
 * RFC 3706 DPD, Mode-Config/XAUTH drafts, vendor fragmentation).
 *
 * Every payload starts with the generic header (RFC 2408 3.2):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Next Payload  |   RESERVED    |         Payload Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The length covers the header.  A payload is read through a child cursor
 * of exactly that length, so a lying length cannot make a payload read
 * beyond itself; the chain stops at a length below 4, at the end of the
 * message, or after IKE_MAX_PAYLOADS payloads.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ike.h"
#include "protos.h"

enum {
	NP_SA = 1, NP_P = 2, NP_T = 3, NP_KE = 4, NP_ID = 5, NP_CERT = 6, NP_CR = 7, NP_HASH = 8, NP_SIG = 9,
	NP_NONCE = 10, NP_N = 11, NP_D = 12, NP_VID = 13, NP_ATTR = 14, NP_SAK = 15, NP_SAT = 16,
	NP_NATD = 20, NP_NATOA = 21, NP_NATD_DRAFT = 130, NP_NATOA_DRAFT = 131, NP_FRAG = 132,
};

/* Payload types 15 and 16 are GDOI's SA KEK/TEK (RFC 6407), and also the
 * NAT-D/NAT-OA of early NAT-T drafts (Cisco): outside a GDOI SA they are
 * the latter. */
static bool draft_natt_15_16(const IkeMsg *m) { return !m->gdoi; }

static const char *payload_name(const IkeMsg *m, uint8_t type)
{
	if ((type == NP_SAK || type == NP_SAT) && draft_natt_15_16(m))
		return type == NP_SAK ? "NAT-D (NAT-T draft, payload 15)" : "NAT-OA (NAT-T draft, payload 16)";
	const char *s = vs_lookup(ikev1_payload_vals, type);
	if (s)
		return s;
	return type >= 128 ? "Private Use" : "Unknown";
}

/* The generic header; `body` gets the payload's content.  False when the
 * chain cannot go on (cursor failed or length below the header). */
static bool payload_header(IkeMsg *m, Cursor *c, uint8_t type, TreeNode *parent, uint8_t *next, Cursor *body,
			   TreeNode **node)
{
	size_t at = cur_off(c);
	uint8_t np = cur_u8(c);
	(void)cur_u8(c);
	uint16_t len = cur_be16(c);
	*node = NULL;
	if (cur_failed(c))
		return false;
	size_t span = len < cur_wire_left(c) + 4 ? len : cur_wire_left(c) + 4;
	TreeNode *pl = tree_add_uint(parent, IKF(F_TYPEPAYLOAD), c, at, span, type);
	tree_set_text(pl, "%s (%u)", payload_name(m, type), type);
	TreeNode *npn = tree_add_uint(pl, IKF(F_NEXTPAYLOAD), c, at, 1, np);
	tree_set_text(npn, "%s (%u)", payload_name(m, np), np);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 1);
	tree_add_uint(pl, IKF(F_PAYLOADLENGTH), c, at + 2, 2, len);
	*node = pl;
	*next = np;
	ike_note_payload(m, type);
	return ike_payload_body(m, c, pl, len, body);
}

/* ---- attributes ----------------------------------------------------- */

/*
 * Data attribute (RFC 2408 3.3): the AF bit selects a 2-byte value (TV)
 * or a length and a value (TLV).
 *
 *  |A|       Attribute Type        |    AF=0  Attribute Length     |
 *  |F|                             |    AF=1  Attribute Value      |
 *  .                   AF=0  Attribute Value                       .
 */
typedef enum { ATTR_IKE, ATTR_IPSEC } AttrKind;

typedef struct {
	uint16_t enc, keylen, hash, auth, group;
} P1Offer;

static uint64_t attr_uint(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n && i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void attributes(IkeMsg *m, Cursor *c, TreeNode *parent, AttrKind kind, P1Offer *offer)
{
	for (unsigned i = 0; cur_left(c) > 0 || cur_wire_left(c) > 0; i++) {
		if (i == IKE_MAX_ATTRS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, parent);
			cur_skip(c, cur_left(c));
			return;
		}
		size_t at = cur_off(c);
		uint16_t tw = cur_be16(c);
		uint16_t lv = cur_be16(c);
		if (cur_failed(c))
			return;
		bool tv = (tw & 0x8000) != 0;
		uint16_t type = tw & 0x7fff;
		size_t vlen = tv ? 2 : lv;
		size_t vat = tv ? at + 2 : at + 4;
		const uint8_t *val;
		if (tv) {
			Cursor back = *c;
			back.off = vat;
			val = cur_bytes(&back, 2);
		} else {
			if (vlen > cur_wire_left(c)) {
				pkt_event(m->pkt, EV_IKE_ATTR_BAD_LENGTH, c, parent);
			}
			Cursor vc = cur_sub(c, vlen);
			val = cur_bytes(&vc, vlen);
			if (!val) {
				c->err |= vc.err;
				return;
			}
		}
		uint64_t v = attr_uint(val, vlen);
		const ValueString *tvals = kind == ATTR_IKE ? ikev1_attr_type_vals : ipsec_attr_type_vals;
		const char *tname = vs_name(tvals, type, "Unknown");
		unsigned fbase = kind == ATTR_IKE ? F_IKE_ATTR : F_IPSEC_ATTR;
		TreeNode *an = tree_add_at(parent, IKF(fbase), c, at, (tv ? 4 : 4 + vlen));
		unsigned spec = 0;
		const ValueString *svals = NULL;
		if (kind == ATTR_IKE) {
			switch (type) {
			case 1:
				spec = F_IKE_ATTR_ENCRYPTION_ALGORITHM;
				svals = ike_ike_attr_encryption_algorithm_vals;
				break;
			case 2:
				spec = F_IKE_ATTR_HASH_ALGORITHM;
				svals = ike_ike_attr_hash_algorithm_vals;
				break;
			case 3:
				spec = F_IKE_ATTR_AUTHENTICATION_METHOD;
				svals = ike_ike_attr_authentication_method_vals;
				break;
			case 4:
				spec = F_IKE_ATTR_GROUP_DESCRIPTION;
				svals = ike_ike_attr_group_description_vals;
				break;
			case 5: spec = F_IKE_ATTR_GROUP_TYPE; svals = ike_ike_attr_group_type_vals; break;
			case 11: spec = F_IKE_ATTR_LIFE_TYPE; svals = ike_ike_attr_life_type_vals; break;
			case 12: spec = F_IKE_ATTR_LIFE_DURATION; break;
			case 14: spec = F_IKE_ATTR_KEY_LENGTH; break;
			default: break;
			}
			if (offer && vlen <= 2) {
				switch (type) {
				case 1: offer->enc = (uint16_t)v; break;
				case 2: offer->hash = (uint16_t)v; break;
				case 3: offer->auth = (uint16_t)v; break;
				case 4: offer->group = (uint16_t)v; break;
				case 14: offer->keylen = (uint16_t)v; break;
				default: break;
				}
			}
		} else {
			switch (type) {
			case 1: spec = F_IPSEC_ATTR_LIFE_TYPE; svals = ike_ipsec_attr_life_type_vals; break;
			case 2: spec = F_IPSEC_ATTR_LIFE_DURATION; break;
			case 3: spec = F_IPSEC_ATTR_GROUP_DESCRIPTION; svals = ike_ike_attr_group_description_vals; break;
			case 4: spec = F_IPSEC_ATTR_ENCAP_MODE; svals = ike_ipsec_attr_encap_mode_vals; break;
			case 5: spec = F_IPSEC_ATTR_AUTH_ALGORITHM; svals = ike_ipsec_attr_auth_algorithm_vals; break;
			case 6: spec = F_IPSEC_ATTR_KEY_LENGTH; break;
			case 7: spec = F_IPSEC_ATTR_KEY_ROUNDS; break;
			case 11: spec = F_IPSEC_ATTR_EXT_SEQ_NBR; svals = ike_ipsec_attr_ext_seq_nbr_vals; break;
			default: break;
			}
		}
		if (!an)
			continue;
		/* "IKE Attribute (t=1,l=2): Encryption-Algorithm: AES-CBC" */
		const char *vname = svals ? vs_lookup(svals, (uint32_t)v) : NULL;
		if (vname)
			tree_set_text(an, "%s (t=%u,l=%zu): %s: %s", IKF(fbase)->name, type, vlen, tname, vname);
		else if (vlen <= 8 && vlen > 0)
			tree_set_text(an, "%s (t=%u,l=%zu): %s: %" PRIu64, IKF(fbase)->name, type, vlen, tname, v);
		else
			tree_set_text(an, "%s (t=%u,l=%zu): %s", IKF(fbase)->name, type, vlen, tname);
		TreeNode *fmt = tree_add_uint(an, IKF(fbase + 2), c, at, 2, tw);
		tree_set_text(fmt, "%s", tv ? "Type/Value (TV)" : "Type/Length/Value (TLV)");
		TreeNode *tn = tree_add_uint(an, IKF(fbase + 1), c, at, 2, tw & 0x7fff);
		tree_set_text(tn, "%s (%u)", tname, type);
		if (!tv)
			tree_add_uint(an, IKF(fbase + 3), c, at + 2, 2, lv);
		tree_add_bytes(an, IKF(fbase + 4), c, vat, vlen);
		if (spec && vlen <= 8) {
			if (IKF(spec)->type == FT_UINT16 && v > 0xffff)
				continue;
			TreeNode *sn = tree_add_uint(an, IKF(spec), c, vat, vlen, v);
			if (svals)
				tree_set_text(sn, "%s (%" PRIu64 ")", vs_name(svals, (uint32_t)v, "Unknown"), v);
		}
	}
}

/* ---- SA, proposal, transform --------------------------------------- */

static void transform(IkeMsg *m, Cursor *c, TreeNode *pl, uint8_t protoid, uint8_t prop_no)
{
	size_t at = cur_off(c);
	uint8_t num = cur_u8(c);
	uint8_t id = cur_u8(c);
	(void)cur_be16(c);
	if (cur_failed(c))
		return;
	tree_append_text(pl, " # %u", num);
	tree_add_uint(pl, IKF(F_TRANS_NUMBER), c, at, 1, num);
	const ValueString *ids = protoid == 1   ? ikev1_trans_isakmp_vals
				 : protoid == 2 ? ikev1_trans_ah_vals
				 : protoid == 3 ? ikev1_trans_esp_vals
				 : protoid == 4 ? ikev1_trans_ipcomp_vals
						: NULL;
	ike_add_vs(pl, F_TRANS_ID, c, at + 1, 1, id, ids);
	tree_add_bytes(pl, IKF(F_RESERVED2), c, at + 2, 2);
	P1Offer offer = { 0, 0, 0, 0, 0 };
	attributes(m, c, pl, protoid == 1 ? ATTR_IKE : ATTR_IPSEC, protoid == 1 ? &offer : NULL);
	if (protoid == 1 && (m->exch == 2 || m->exch == 4)) {
		ike_note_proposal(m, prop_no, num, offer.enc, offer.keylen, offer.hash, 0, offer.auth, offer.group);
		ike_dec_v1_offer(m, offer.enc, offer.keylen, offer.hash);
	}
}

static void proposal(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	IkeProposal pr;
	if (!ike_proposal_head(m, c, pl, ikev1_protoid_vals, m->exch == 32, &pr))
		return;
	uint8_t num = pr.num, protoid = pr.protoid, ntrans = pr.ntrans;
	uint8_t np = NP_T;
	unsigned n = 0;
	for (; np != 0; n++) {
		if (n == IKE_MAX_TRANSFORMS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, pl);
			return;
		}
		if (cur_wire_left(c) == 0) {
			pkt_event(m->pkt, EV_IKE_CHAIN_UNTERMINATED, c, pl);
			break;
		}
		Cursor body;
		TreeNode *tn;
		uint8_t type = NP_T; /* whatever np says, as Wireshark */
		if (!payload_header(m, c, type, pl, &np, &body, &tn))
			return;
		if (type == NP_T)
			transform(m, &body, tn, protoid, num);
		else
			ike_add_rest_bytes(tn, F_DATAPAYLOAD, &body);
		c->err |= body.err;
		if (cur_failed(c))
			return;
	}
	if (n != ntrans)
		pkt_event(m->pkt, EV_IKE_COUNT_MISMATCH, c, pl);
}

static void sa(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint32_t doi = cur_be32(c);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_SA_DOI), c, at, 4, doi);
	if (doi == 2)
		m->gdoi = true;
	if (doi == 1 || doi == 2) {
		size_t sat = cur_off(c);
		uint32_t sit = cur_be32(c);
		if (cur_failed(c))
			return;
		TreeNode *sn = tree_add_bytes(pl, IKF(F_SA_SITUATION), c, sat, 4);
		static const unsigned bits[] = { F_SA_SITUATION_IDENTITY_ONLY, F_SA_SITUATION_SECRECY,
						 F_SA_SITUATION_INTEGRITY };
		for (unsigned i = 0; i < 3; i++) {
			TreeNode *b = tree_add_uint(sn, IKF(bits[i]), c, sat, 4, sit);
			tree_set_text(b, "%s", (sit & IKF(bits[i])->mask) ? "True" : "False");
		}
	}
	if (doi != 1) {
		/* GDOI and unknown DOIs: not decoded further */
		ike_add_rest_bytes(pl, F_DATAPAYLOAD, c);
		return;
	}
	uint8_t np = NP_P;
	for (unsigned n = 0; np != 0; n++) {
		if (n == IKE_MAX_PROPOSALS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, pl);
			return;
		}
		if (cur_wire_left(c) == 0) {
			pkt_event(m->pkt, EV_IKE_CHAIN_UNTERMINATED, c, pl);
			return;
		}
		Cursor body;
		TreeNode *pn;
		uint8_t type = NP_P;
		if (!payload_header(m, c, type, pl, &np, &body, &pn))
			return;
		if (type == NP_P)
			proposal(m, &body, pn);
		else
			ike_add_rest_bytes(pn, F_DATAPAYLOAD, &body);
		c->err |= body.err;
		if (cur_failed(c))
			return;
	}
}

/* ---- identification ------------------------------------------------- */

/* ID data by type (RFC 2407 4.6.2.1); shared with IKEv2 (RFC 7296 3.5). */
static void id_data(Cursor *c, TreeNode *pl, uint8_t type)
{
	size_t at = cur_off(c);
	size_t n = cur_left(c);
	TreeNode *d = tree_add_at(pl, IKF(F_ID_DATA), c, at, n);
	uint8_t a[16], b[16];
	switch (type) {
	case 1: /* IPV4_ADDR */
		if (cur_copy(c, a, 4)) {
			tree_add_addr(d, IKF(F_ID_DATA_IPV4_ADDR), c, at, 4, a);
		}
		break;
	case 4: /* IPV4_ADDR_SUBNET */
	case 7: /* IPV4_ADDR_RANGE */
		if (cur_copy(c, a, 4) && cur_copy(c, b, 4)) {
			tree_add_addr(d, IKF(type == 4 ? F_ID_DATA_IPV4_ADDR : F_ID_DATA_IPV4_RANGE_START), c, at, 4,
				      a);
			tree_add_addr(d, IKF(type == 4 ? F_ID_DATA_IPV4_SUBNET : F_ID_DATA_IPV4_RANGE_END), c, at + 4,
				      4, b);
		}
		break;
	case 5: /* IPV6_ADDR */
		if (cur_copy(c, a, 16))
			tree_add_addr(d, IKF(F_ID_DATA_IPV6_ADDR), c, at, 16, a);
		break;
	case 6: /* IPV6_ADDR_SUBNET */
	case 8: /* IPV6_ADDR_RANGE */
		if (cur_copy(c, a, 16) && cur_copy(c, b, 16)) {
			tree_add_addr(d, IKF(type == 6 ? F_ID_DATA_IPV6_ADDR : F_ID_DATA_IPV6_RANGE_START), c, at, 16,
				      a);
			tree_add_addr(d, IKF(type == 6 ? F_ID_DATA_IPV6_SUBNET : F_ID_DATA_IPV6_RANGE_END), c,
				      at + 16, 16, b);
		}
		break;
	case 2: /* FQDN */
	case 3: { /* USER_FQDN / RFC822_ADDR */
		const uint8_t *p = cur_bytes(c, n);
		char s[256];
		size_t k = 0;
		for (size_t i = 0; p && i < n && k + 5 < sizeof(s); i++)
			k += (size_t)snprintf(s + k, sizeof(s) - k, p[i] >= 0x20 && p[i] < 0x7f ? "%c" : "\\x%02x",
					      p[i]);
		s[k] = '\0';
		tree_add_string(d, IKF(type == 2 ? F_ID_DATA_FQDN : F_ID_DATA_USER_FQDN), c, at, n, s);
		break;
	}
	default: /* DER_ASN1_DN, KEY_ID and others: bytes */
		cur_skip(c, n);
		tree_add_bytes(d, IKF(F_ID_DATA_KEY_ID), c, at, n);
		break;
	}
	if (cur_left(c))
		cur_skip(c, cur_left(c));
}

static void identification(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t type = cur_u8(c);
	uint8_t proto = cur_u8(c);
	uint16_t port = cur_be16(c);
	if (cur_failed(c))
		return;
	(void)m;
	ike_add_vs(pl, F_ID_TYPE, c, at, 1, type, ikev1_id_type_vals);
	TreeNode *pn = tree_add_uint(pl, IKF(F_ID_PROTOID), c, at + 1, 1, proto);
	if (proto == 0)
		tree_set_text(pn, "Unused");
	TreeNode *po = tree_add_uint(pl, IKF(F_ID_PORT), c, at + 2, 2, port);
	if (port == 0)
		tree_set_text(po, "Unused");
	id_data(c, pl, type);
}

void ike_id_data(Cursor *c, TreeNode *pl, uint8_t type) { id_data(c, pl, type); }

/* ---- notification, delete ------------------------------------------- */

static void notification(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint32_t doi = cur_be32(c);
	uint8_t proto = cur_u8(c);
	uint8_t spisize = cur_u8(c);
	uint16_t type = cur_be16(c);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_NOTIFY_DOI), c, at, 4, doi);
	TreeNode *dn = pl ? pl->last : NULL;
	tree_set_text(dn, "%s (%u)", vs_name(ike_sa_doi_vals, doi, "Unknown"), doi);
	ike_add_vs(pl, F_NOTIFY_PROTOID, c, at + 4, 1, proto, ikev1_protoid_vals);
	tree_add_uint(pl, IKF(F_SPISIZE), c, at + 5, 1, spisize);
	ike_add_vs(pl, F_NOTIFY_MSGTYPE, c, at + 6, 2, type, ikev1_notify_vals);
	const uint8_t *spi = NULL;
	if (spisize) {
		size_t sat = cur_off(c);
		spi = cur_bytes(c, spisize);
		if (!spi)
			return;
		tree_add_bytes(pl, IKF(F_SPI), c, sat, spisize);
	}
	ike_note_notify(m, type, spi, spisize);
	if (type < 8192)
		pkt_eventf(m->pkt, EV_IKE_NOTIFY_ERROR, c, NULL, "IKE error notification: %s",
			   vs_name(ikev1_notify_vals, type, "Unknown"));
	size_t dat = cur_off(c);
	size_t n = cur_left(c);
	ike_add_rest_bytes(pl, F_NOTIFY_DATA, c);
	if ((type == 36136 || type == 36137) && n == 4) {
		Cursor d = *c;
		d.off = dat;
		uint32_t seq = cur_be32(&d);
		tree_add_uint(pl, IKF(type == 36136 ? F_NOTIFY_DATA_DPD_ARE_YOU_THERE
						    : F_NOTIFY_DATA_DPD_ARE_YOU_THERE_ACK),
			      c, dat, 4, seq);
	}
}

static void delete_payload(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint32_t doi = cur_be32(c);
	uint8_t proto = cur_u8(c);
	uint8_t spisize = cur_u8(c);
	uint16_t nspi = cur_be16(c);
	if (cur_failed(c))
		return;
	(void)m;
	tree_add_uint(pl, IKF(F_DELETE_DOI), c, at, 4, doi);
	tree_set_text(pl ? pl->last : NULL, "%s (%u)", vs_name(ike_sa_doi_vals, doi, "Unknown"), doi);
	ike_add_vs(pl, F_DELETE_PROTOID, c, at + 4, 1, proto, ikev1_protoid_vals);
	tree_add_uint(pl, IKF(F_SPISIZE), c, at + 5, 1, spisize);
	tree_add_uint(pl, IKF(F_SPINUM), c, at + 6, 2, nspi);
	for (unsigned i = 0; i < nspi && spisize; i++) {
		size_t sat = cur_off(c);
		if (!cur_skip(c, spisize))
			return;
		tree_add_bytes(pl, IKF(F_DELETE_SPI), c, sat, spisize);
	}
	if (cur_left(c))
		ike_add_rest_bytes(pl, F_EXTRADATA, c);
}

/* ---- Mode-Config / XAUTH attributes (shared with IKEv2's CP) --------- */

void ike_cfg_attributes(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	for (unsigned i = 0; cur_left(c) > 0 || cur_wire_left(c) > 0; i++) {
		if (i == IKE_MAX_ATTRS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, pl);
			cur_skip(c, cur_left(c));
			return;
		}
		size_t at = cur_off(c);
		uint16_t tw = cur_be16(c);
		uint16_t lv = cur_be16(c);
		if (cur_failed(c))
			return;
		bool tv = (tw & 0x8000) != 0;
		uint16_t type = tw & 0x7fff;
		size_t vlen = tv ? 2 : lv;
		size_t vat = tv ? at + 2 : at + 4;
		if (!tv) {
			if (vlen > cur_wire_left(c))
				pkt_event(m->pkt, EV_IKE_ATTR_BAD_LENGTH, c, pl);
			Cursor vc = cur_sub(c, vlen);
			if (!cur_skip(&vc, vlen)) {
				c->err |= vc.err;
				return;
			}
		}
		TreeNode *an = tree_add_at(pl, IKF(F_CFG_ATTR), c, at, tv ? 4 : 4 + vlen);
		const char *tname = vs_name(ike_cfg_attr_type_vals, type, "Unknown");
		tree_set_text(an, "Config Attribute (t=%u,l=%zu): %s", type, vlen, tname);
		TreeNode *fmt = tree_add_uint(an, IKF(F_CFG_ATTR_FORMAT), c, at, 2, tw);
		tree_set_text(fmt, "%s", tv ? "Type/Value (TV)" : "Type/Length/Value (TLV)");
		ike_add_vs(an, F_CFG_ATTR_TYPE, c, at, 2, type, ike_cfg_attr_type_vals);
		if (!tv)
			tree_add_uint(an, IKF(F_CFG_ATTR_LENGTH), c, at + 2, 2, lv);
		if (vlen)
			tree_add_bytes(an, IKF(F_CFG_ATTR_VALUE), c, vat, vlen);
		Cursor v = *c;
		v.off = vat;
		uint8_t a[4];
		switch (type) {
		case 1: case 2: case 3: case 4:
			if (vlen == 4 && cur_copy(&v, a, 4)) {
				static const unsigned f[] = { F_CFG_ATTR_INTERNAL_IP4_ADDRESS, F_CFG_ATTR_INTERNAL_IP4_NETMASK,
							      F_CFG_ATTR_INTERNAL_IP4_DNS, F_CFG_ATTR_INTERNAL_IP4_NBNS };
				tree_add_addr(an, IKF(f[type - 1]), c, vat, 4, a);
			}
			break;
		case 16520:
			if (vlen == 2)
				tree_add_uint(an, IKF(F_CFG_ATTR_XAUTH_TYPE), c, vat, 2, cur_be16(&v));
			break;
		case 16527:
			if (vlen == 2)
				tree_add_uint(an, IKF(F_CFG_ATTR_XAUTH_STATUS), c, vat, 2, cur_be16(&v));
			break;
		case 16521: {
			const uint8_t *p = cur_bytes(&v, vlen);
			char s[128];
			size_t k = 0;
			for (size_t j = 0; p && j < vlen && k + 5 < sizeof(s); j++)
				k += (size_t)snprintf(s + k, sizeof(s) - k,
						      p[j] >= 0x20 && p[j] < 0x7f ? "%c" : "\\x%02x", p[j]);
			s[k] = '\0';
			tree_add_string(an, IKF(F_CFG_ATTR_XAUTH_USER_NAME), c, vat, vlen, s);
			break;
		}
		default:
			break;
		}
	}
}

static void attributes_payload(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t type = cur_u8(c);
	(void)cur_u8(c);
	uint16_t ident = cur_be16(c);
	if (cur_failed(c))
		return;
	ike_add_vs(pl, F_CFG_TYPE, c, at, 1, type, ikev1_cfg_type_vals);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 1);
	tree_add_uint(pl, IKF(F_CFG_IDENTIFIER), c, at + 2, 2, ident);
	ike_cfg_attributes(m, c, pl);
}

/* ---- NAT-T ---------------------------------------------------------- */

static void nat_d(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	size_t n = cur_left(c);
	const uint8_t *h = cur_bytes(c, n);
	tree_add_bytes(pl, IKF(F_IKE_NAT_HASH), c, at, n);
	if (cur_wire_left(c))
		c->err |= CUR_TRUNCATED;
	/* RFC 3947 3.2: the first NAT-D payload is the receiver's address */
	ike_note_natd(m, h, n, m->natd_seen++ == 0, pl);
}

/*
 *  | ID Type       |   RESERVED    |            RESERVED           |
 *  |         IPv4 (4 octets) or IPv6 address (16 octets)           |
 */
static void nat_oa(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t type = cur_u8(c);
	(void)cur_u8(c);
	(void)cur_be16(c);
	if (cur_failed(c))
		return;
	(void)m;
	ike_add_vs(pl, F_ID_TYPE, c, at, 1, type, ikev1_id_type_vals);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 3);
	uint8_t a[16];
	if (type == 1 && cur_copy(c, a, 4))
		tree_add_addr(pl, IKF(F_IKE_NAT_ORIGINAL_ADDRESS_IPV4), c, at + 4, 4, a);
	else if (type == 5 && cur_copy(c, a, 16))
		tree_add_addr(pl, IKF(F_IKE_NAT_ORIGINAL_ADDRESS_IPV6), c, at + 4, 16, a);
	else if (cur_left(c))
		ike_add_rest_bytes(pl, F_DATAPAYLOAD, c);
}

/*
 * Vendor fragmentation payload (Cisco, strongSwan):
 *  |          Fragment ID          |  Fragment Nr  |     Flags     |
 *  ~                        Fragment Data                          ~
 * Flags 0x01: last fragment.  The data of all fragments, in order, is a
 * whole ISAKMP message (usually encrypted).
 */
static void fragment(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint16_t id = cur_be16(c);
	uint8_t seq = cur_u8(c);
	uint8_t flags = cur_u8(c);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_FRAG_PACKETID), c, at, 2, id);
	tree_add_uint(pl, IKF(F_FRAG_SEQ), c, at + 2, 1, seq);
	tree_add_uint(pl, IKF(F_FRAG_LAST), c, at + 3, 1, flags);
	Cursor data = cur_rest(c);
	ike_v1_fragment(m, id, seq, (flags & 1) != 0, &data, pl);
	if (cur_wire_left(&data) > cur_left(&data))
		c->err |= CUR_TRUNCATED;
}

/* ---- the chain ------------------------------------------------------ */

void ikev1_walk(IkeMsg *m, Cursor *c, uint8_t np, TreeNode *parent)
{
	for (unsigned n = 0; np != 0; n++) {
		if (n == IKE_MAX_PAYLOADS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, parent);
			return;
		}
		if (cur_wire_left(c) == 0) {
			pkt_event(m->pkt, EV_IKE_CHAIN_UNTERMINATED, c, parent);
			return;
		}
		uint8_t type = np;
		Cursor body;
		TreeNode *pl;
		if (!payload_header(m, c, type, parent, &np, &body, &pl))
			return;
		switch (type) {
		case NP_SA: sa(m, &body, pl); break;
		case NP_KE:
			ike_dec_v1_ke(m, &body);
			ike_add_rest_bytes(pl, F_KEY_EXCHANGE_DATA, &body);
			break;
		case NP_ID: identification(m, &body, pl); break;
		case NP_CERT: {
			size_t at = cur_off(&body);
			uint8_t enc = cur_u8(&body);
			if (cur_failed(&body))
				break;
			tree_add_uint(pl, IKF(F_CERT_ENCODING), &body, at, 1, enc);
			if (enc == 4 || enc == 5 || enc == 10)
				ike_cert_x509(m->pkt, &body, pl);
			else
				ike_add_rest_bytes(pl, F_CERT_DATA, &body);
			break;
		}
		case NP_CR: {
			size_t at = cur_off(&body);
			uint8_t type2 = cur_u8(&body);
			if (cur_failed(&body))
				break;
			tree_add_uint(pl, IKF(F_CERTREQ_TYPE), &body, at, 1, type2);
			ike_certreq_ca(m->pkt, &body, pl, false);
			break;
		}
		case NP_HASH: ike_add_rest_bytes(pl, F_HASH, &body); break;
		case NP_SIG: ike_add_rest_bytes(pl, F_SIG, &body); break;
		case NP_NONCE: ike_add_rest_bytes(pl, F_NONCE, &body); break;
		case NP_N: notification(m, &body, pl); break;
		case NP_D: delete_payload(m, &body, pl); break;
		case NP_VID: ike_vendor_id(m, &body, pl); break;
		case NP_ATTR: attributes_payload(m, &body, pl); break;
		case NP_NATD: case NP_NATD_DRAFT: nat_d(m, &body, pl); break;
		case NP_NATOA: case NP_NATOA_DRAFT: nat_oa(m, &body, pl); break;
		case NP_SAK:
			if (draft_natt_15_16(m))
				nat_d(m, &body, pl);
			else
				ike_add_rest_bytes(pl, F_DATAPAYLOAD, &body);
			break;
		case NP_SAT:
			if (draft_natt_15_16(m))
				nat_oa(m, &body, pl);
			else
				ike_add_rest_bytes(pl, F_DATAPAYLOAD, &body);
			break;
		case NP_FRAG: fragment(m, &body, pl); break;
		default: ike_add_rest_bytes(pl, F_DATAPAYLOAD, &body); break;
		}
		if (cur_left(&body) && !cur_failed(&body))
			ike_add_rest_bytes(pl, F_EXTRADATA, &body);
		if (cur_failed(&body)) {
			/* cut by the capture, or a length inside lied: the
			 * chain ends here (as in Wireshark) */
			pkt_cursor_error(m->pkt, &body, pl, "isakmp");
			return;
		}
		if (cur_failed(c))
			return;
	}
	if (cur_left(c)) {
		size_t at = cur_off(c);
		size_t n = cur_left(c);
		cur_skip(c, n);
		tree_add_bytes(parent, IKF(F_EXTRADATA), c, at, n);
	}
}
