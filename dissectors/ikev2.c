/*
 * ikev2.c - the IKEv2 (RFC 7296) payload chain and its payloads, with
 * RFC 7383 fragments (SKF), RFC 7427 signature hash algorithms and the
 * IANA registries' later notify and exchange types (IKE_INTERMEDIATE).
 *
 * Generic payload header (RFC 7296 3.2):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Next Payload  |C|  RESERVED   |         Payload Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * SK (46) and SKF (53) must be last: their Next Payload names the first
 * payload inside the encrypted data, which needs keys.  ikev2_walk() is
 * written so that it can be called later on a decrypted body with that
 * first type.
 */
#include "config.h"

#include <string.h>

#include "ike.h"
#include "protos.h"

enum {
	NP_PROPOSAL = 2, NP_TRANSFORM = 3,
	NP_SA = 33, NP_KE = 34, NP_IDI = 35, NP_IDR = 36, NP_CERT = 37, NP_CERTREQ = 38, NP_AUTH = 39,
	NP_NONCE = 40, NP_N = 41, NP_D = 42, NP_V = 43, NP_TSI = 44, NP_TSR = 45, NP_SK = 46, NP_CP = 47,
	NP_EAP = 48, NP_GSPM = 49, NP_SKF = 53,
};

static const char *payload_name(uint8_t type)
{
	const char *s = vs_lookup(ikev2_payload_vals, type);
	if (s)
		return s;
	return type >= 128 ? "Private Use" : "Unknown";
}

/* the generic header; nested = proposal/transform (a plain reserved byte) */
static bool payload_header(IkeMsg *m, Cursor *c, uint8_t type, TreeNode *parent, uint8_t *next, Cursor *body,
			   TreeNode **node, bool nested)
{
	size_t at = cur_off(c);
	uint8_t np = cur_u8(c);
	uint8_t cr = cur_u8(c);
	uint16_t len = cur_be16(c);
	*node = NULL;
	if (cur_failed(c))
		return false;
	size_t span = len < cur_wire_left(c) + 4 ? len : cur_wire_left(c) + 4;
	TreeNode *pl = tree_add_uint(parent, IKF(F_TYPEPAYLOAD), c, at, span, type);
	tree_set_text(pl, "%s (%u)", payload_name(type), type);
	TreeNode *npn = tree_add_uint(pl, IKF(F_NEXTPAYLOAD), c, at, 1, np);
	tree_set_text(npn, "%s (%u)", payload_name(np), np);
	if (nested) {
		tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 1);
	} else {
		TreeNode *cn = tree_add_uint(pl, IKF(F_CRITICALPAYLOAD), c, at + 1, 1, cr);
		tree_set_text(cn, "%s", (cr & 0x80) ? "Critical" : "Not critical");
		tree_add_uint(pl, IKF(F_RESERVED7), c, at + 1, 1, cr);
	}
	tree_add_uint(pl, IKF(F_PAYLOADLENGTH), c, at + 2, 2, len);
	*node = pl;
	*next = np;
	ike_note_payload(m, type);
	return ike_payload_body(m, c, pl, len, body);
}

/* ---- SA ------------------------------------------------------------- */

/*
 * Transform substructure (RFC 7296 3.3.2):
 *  | Last Substruc |   RESERVED    |        Transform Length       |
 *  |Transform Type |   RESERVED    |          Transform ID         |
 *  ~                      Transform Attributes                     ~
 */
typedef struct {
	uint16_t enc, keylen, integ, prf, dh;
} V2Offer;

static void transform(IkeMsg *m, Cursor *c, TreeNode *pl, V2Offer *o)
{
	size_t at = cur_off(c);
	uint8_t type = cur_u8(c);
	(void)cur_u8(c);
	uint16_t id = cur_be16(c);
	if (cur_failed(c))
		return;
	ike_add_vs(pl, F_TF_TYPE, c, at, 1, type, ikev2_transform_type_vals);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 1);
	static const unsigned idf[] = { F_TF_ID, F_TF_ID_ENCR, F_TF_ID_PRF, F_TF_ID_INTEG, F_TF_ID_DH, F_TF_ID_ESN };
	unsigned f = type >= 1 && type <= 5 ? idf[type] : F_TF_ID;
	TreeNode *idn = tree_add_uint(pl, IKF(f), c, at + 2, 2, id);
	if (IKF(f)->vals)
		tree_set_text(idn, "%s (%u)", vs_name(IKF(f)->vals, id, "Unknown"), id);
	switch (type) {
	case 1: o->enc = id; break;
	case 2: o->prf = id; break;
	case 3: o->integ = id; break;
	case 4: o->dh = id; break;
	default: break;
	}
	/* attributes: only Key Length (14, TV) is defined */
	for (unsigned i = 0; cur_left(c) > 0 || cur_wire_left(c) > 0; i++) {
		if (i == IKE_MAX_ATTRS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, pl);
			return;
		}
		size_t aat = cur_off(c);
		uint16_t tw = cur_be16(c);
		uint16_t lv = cur_be16(c);
		if (cur_failed(c))
			return;
		bool tv = (tw & 0x8000) != 0;
		uint16_t atype = tw & 0x7fff;
		size_t vlen = tv ? 2 : lv;
		if (!tv) {
			if (vlen > cur_wire_left(c))
				pkt_event(m->pkt, EV_IKE_ATTR_BAD_LENGTH, c, pl);
			Cursor vc = cur_sub(c, vlen);
			if (!cur_skip(&vc, vlen)) {
				c->err |= vc.err;
				return;
			}
		}
		const char *tname = vs_name(ikev2_attr_type_vals, atype, "Unknown");
		TreeNode *an = tree_add_at(pl, IKF(F_IKE2_ATTR), c, aat, tv ? 4 : 4 + vlen);
		if (tv && atype == 14)
			tree_set_text(an, "Transform Attribute (t=%u,l=2): %s: %u", atype, tname, lv);
		else
			tree_set_text(an, "Transform Attribute (t=%u,l=%zu): %s", atype, vlen, tname);
		TreeNode *fmt = tree_add_uint(an, IKF(F_IKE2_ATTR_FORMAT), c, aat, 2, tw);
		tree_set_text(fmt, "%s", tv ? "Type/Value (TV)" : "Type/Length/Value (TLV)");
		TreeNode *tn = tree_add_uint(an, IKF(F_IKE2_ATTR_TYPE), c, aat, 2, atype);
		tree_set_text(tn, "%s (%u)", tname, atype);
		if (!tv)
			tree_add_uint(an, IKF(F_IKE2_ATTR_LENGTH), c, aat + 2, 2, lv);
		tree_add_bytes(an, IKF(F_IKE2_ATTR_VALUE), c, tv ? aat + 2 : aat + 4, vlen);
		if (tv && atype == 14) {
			tree_add_uint(an, IKF(F_IKE2_ATTR_KEY_LENGTH), c, aat + 2, 2, lv);
			if (type == 1)
				o->keylen = lv;
		}
	}
}

/*
 * Proposal substructure (RFC 7296 3.3.1):
 *  | Last Substruc |   RESERVED    |         Proposal Length       |
 *  | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 *  ~                        SPI (variable)                         ~
 *  ~                        <Transforms>                           ~
 */
static void proposal(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	IkeProposal pr;
	if (!ike_proposal_head(m, c, pl, ikev2_protoid_vals, m->exch == 35 || m->exch == 36, &pr))
		return;
	uint8_t num = pr.num, protoid = pr.protoid, ntrans = pr.ntrans;
	V2Offer o = { 0, 0, 0, 0, 0 };
	uint8_t np = NP_TRANSFORM;
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
		uint8_t type = NP_TRANSFORM; /* whatever np says, as Wireshark */
		if (!payload_header(m, c, type, pl, &np, &body, &tn, true))
			return;
		if (type == NP_TRANSFORM)
			transform(m, &body, tn, &o);
		else
			ike_add_rest_bytes(tn, F_DATAPAYLOAD, &body);
		c->err |= body.err;
		if (cur_failed(c))
			return;
	}
	if (n != ntrans)
		pkt_event(m->pkt, EV_IKE_COUNT_MISMATCH, c, pl);
	if (protoid == 1)
		ike_note_proposal(m, num, 0, o.enc, o.keylen, o.integ, o.prf, 0, o.dh);
}

static void sa(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	uint8_t np = NP_PROPOSAL;
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
		uint8_t type = NP_PROPOSAL;
		if (!payload_header(m, c, type, pl, &np, &body, &pn, true))
			return;
		if (type == NP_PROPOSAL)
			proposal(m, &body, pn);
		else
			ike_add_rest_bytes(pn, F_DATAPAYLOAD, &body);
		c->err |= body.err;
		if (cur_failed(c))
			return;
	}
}

/* ---- other payloads ------------------------------------------------- */

static void key_exchange(Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint16_t group = cur_be16(c);
	(void)cur_be16(c);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_KEY_EXCHANGE_DH_GROUP), c, at, 2, group);
	tree_set_text(pl ? pl->last : NULL, "%s (%u)", vs_name(ike_tf_id_dh_vals, group, "Unknown"), group);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 2, 2);
	ike_add_rest_bytes(pl, F_KEY_EXCHANGE_DATA, c);
}

static void identification(Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t type = cur_u8(c);
	cur_skip(c, 3);
	if (cur_failed(c))
		return;
	ike_add_vs(pl, F_ID_TYPE, c, at, 1, type, ikev2_id_type_vals);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 3);
	ike_id_data(c, pl, type);
}

static void authentication(Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t method = cur_u8(c);
	cur_skip(c, 3);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_AUTH_METHOD), c, at, 1, method);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 3);
	ike_add_rest_bytes(pl, F_AUTH_DATA, c);
}

/*
 * Notify (RFC 7296 3.10):
 *  |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 *  ~                Security Parameter Index (SPI)                 ~
 *  ~                       Notification Data                       ~
 */
static void notify(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t proto = cur_u8(c);
	uint8_t spisize = cur_u8(c);
	uint16_t type = cur_be16(c);
	if (cur_failed(c))
		return;
	const char *tname = vs_name(ikev2_notify_vals, type, "Unknown");
	tree_append_text(pl, " - %s", tname);
	ike_add_vs(pl, F_NOTIFY_PROTOID, c, at, 1, proto, ikev2_protoid_vals);
	tree_add_uint(pl, IKF(F_SPISIZE), c, at + 1, 1, spisize);
	ike_add_vs(pl, F_NOTIFY_MSGTYPE, c, at + 2, 2, type, ikev2_notify_vals);
	const uint8_t *spi = NULL;
	if (spisize) {
		size_t sat = cur_off(c);
		spi = cur_bytes(c, spisize);
		if (!spi)
			return;
		tree_add_bytes(pl, IKF(F_SPI), c, sat, spisize);
	}
	ike_note_notify(m, type, spi, spisize);
	if (type < 16384)
		pkt_eventf(m->pkt, EV_IKE_NOTIFY_ERROR, c, NULL, "IKE error notification: %s", tname);
	size_t dat = cur_off(c);
	size_t n = cur_left(c);
	const uint8_t *d = n ? cur_ptr(c) : NULL;
	ike_add_rest_bytes(pl, F_NOTIFY_DATA, c);
	if ((type == 16388 || type == 16389) && d)
		ike_note_natd(m, d, n, type == 16389, pl);
	if (type == 16431) {
		Cursor h = *c;
		h.off = dat;
		for (size_t i = 0; i + 2 <= n && i < 2 * IKE_MAX_ATTRS; i += 2) {
			uint16_t alg = cur_be16(&h);
			TreeNode *an = tree_add_uint(pl, IKF(F_NOTIFY_DATA_SIGNATURE_HASH_ALGORITHMS), c, dat + i, 2,
						     alg);
			tree_set_text(an, "%s (%u)", vs_name(ikev2_hash_algorithm_vals, alg, "Unknown"), alg);
		}
	}
}

static void delete_payload(Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t proto = cur_u8(c);
	uint8_t spisize = cur_u8(c);
	uint16_t nspi = cur_be16(c);
	if (cur_failed(c))
		return;
	ike_add_vs(pl, F_DELETE_PROTOID, c, at, 1, proto, ikev2_protoid_vals);
	tree_add_uint(pl, IKF(F_SPISIZE), c, at + 1, 1, spisize);
	tree_add_uint(pl, IKF(F_SPINUM), c, at + 2, 2, nspi);
	for (unsigned i = 0; i < nspi && spisize; i++) {
		size_t sat = cur_off(c);
		if (!cur_skip(c, spisize))
			return;
		tree_add_bytes(pl, IKF(F_DELETE_SPI), c, sat, spisize);
	}
}

/*
 * Traffic selectors (RFC 7296 3.13):
 *  | Number of TSs |                 RESERVED                      |
 *  |   TS Type     |IP Protocol ID*|       Selector Length         |
 *  |           Start Port*         |           End Port*           |
 *  ~                         Starting Address*                     ~
 *  ~                         Ending Address*                       ~
 */
static void traffic_selectors(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t count = cur_u8(c);
	cur_skip(c, 3);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_TS_NUMBER), c, at, 1, count);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 3);
	unsigned i = 0;
	for (; cur_left(c) > 0 || cur_wire_left(c) > 0; i++) {
		if (i == IKE_MAX_SELECTORS) {
			pkt_event(m->pkt, EV_IKE_TOO_MANY_PAYLOADS, c, pl);
			return;
		}
		size_t sat = cur_off(c);
		uint8_t type = cur_u8(c);
		uint8_t proto = cur_u8(c);
		uint16_t len = cur_be16(c);
		if (cur_failed(c))
			return;
		if (len < 4) {
			pkt_event(m->pkt, EV_IKE_PAYLOAD_BAD_LENGTH, c, pl);
			return;
		}
		Cursor s = cur_sub(c, len - 4u);
		TreeNode *sn = tree_add_at(pl, IKF(F_TS_DATA), c, sat, len);
		tree_set_text(sn, "Traffic Selector Type: %s (%u)", vs_name(ikev2_ts_type_vals, type, "Unknown"), type);
		ike_add_vs(sn, F_TS_TYPE, c, sat, 1, type, ikev2_ts_type_vals);
		TreeNode *pn = tree_add_uint(sn, IKF(F_TS_PROTOID), c, sat + 1, 1, proto);
		if (proto == 0)
			tree_set_text(pn, "Unused");
		tree_add_uint(sn, IKF(F_TS_SELECTOR_LENGTH), c, sat + 2, 2, len);
		size_t pat = cur_off(&s);
		uint16_t sp = cur_be16(&s);
		uint16_t ep = cur_be16(&s);
		if (cur_failed(&s)) {
			c->err |= s.err;
			return;
		}
		tree_add_uint(sn, IKF(F_TS_START_PORT), &s, pat, 2, sp);
		tree_add_uint(sn, IKF(F_TS_END_PORT), &s, pat + 2, 2, ep);
		uint8_t a[16], b[16];
		size_t alen = type == 7 ? 4 : type == 8 ? 16 : 0;
		if (alen) {
			size_t aat = cur_off(&s);
			if (!cur_copy(&s, a, alen) || !cur_copy(&s, b, alen)) {
				c->err |= s.err;
				return;
			}
			tree_add_addr(sn, IKF(type == 7 ? F_TS_START_IPV4 : F_TS_START_IPV6), &s, aat, alen, a);
			tree_add_addr(sn, IKF(type == 7 ? F_TS_END_IPV4 : F_TS_END_IPV6), &s, aat + alen, alen, b);
		}
		if (cur_left(&s))
			ike_add_rest_bytes(sn, F_EXTRADATA, &s);
		c->err |= s.err;
	}
	if (i != count)
		pkt_event(m->pkt, EV_IKE_COUNT_MISMATCH, c, pl);
}

static void configuration(IkeMsg *m, Cursor *c, TreeNode *pl)
{
	size_t at = cur_off(c);
	uint8_t type = cur_u8(c);
	cur_skip(c, 3);
	if (cur_failed(c))
		return;
	ike_add_vs(pl, F_CFG_TYPE, c, at, 1, type, ikev2_cfg_type_vals);
	tree_add_bytes(pl, IKF(F_RESERVED), c, at + 1, 3);
	ike_cfg_attributes(m, c, pl);
}

/* SK: the IV, ciphertext and ICV cannot be told apart without the
 * negotiated algorithms: all of it is shown as encrypted data. */
static void encrypted(IkeMsg *m, Cursor *c, TreeNode *pl, uint8_t np, bool frag, uint16_t number, uint16_t total)
{
	Cursor enc = *c;
	size_t n = cur_wire_left(c);
	TreeNode *e = tree_add(pl, IKF(F_ENC_DATA), c, n);
	tree_set_text(e, "Encrypted Data (%zu bytes)", n);
	cur_skip(c, cur_left(c));
	if (cur_wire_left(c))
		c->err |= CUR_TRUNCATED;
	if (m->sum)
		m->pkt->sum.ike.encrypted = true;
	if (!cur_wire_left(c))
		ike_dec_v2(m, &enc, np, pl, frag, number, total);
}

/*
 * SKF (RFC 7383 2.5):
 *  |        Fragment Number        |        Total Fragments        |
 *  ~                     Initialization Vector, Encrypted content, ICV
 */
static void encrypted_fragment(IkeMsg *m, Cursor *c, TreeNode *pl, uint8_t np)
{
	size_t at = cur_off(c);
	uint16_t number = cur_be16(c);
	uint16_t total = cur_be16(c);
	if (cur_failed(c))
		return;
	tree_add_uint(pl, IKF(F_FRAG_NUMBER), c, at, 2, number);
	tree_add_uint(pl, IKF(F_FRAG_TOTAL), c, at + 2, 2, total);
	if (number == 0 || number > total)
		pkt_event(m->pkt, EV_IKE_COUNT_MISMATCH, c, pl);
	ike_v2_fragment(m, number, total, pl);
	encrypted(m, c, pl, np, number != 0 && number <= total, number, total);
}

/* ---- the chain ------------------------------------------------------ */

void ikev2_walk(IkeMsg *m, Cursor *c, uint8_t np, TreeNode *parent)
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
		if (!payload_header(m, c, type, parent, &np, &body, &pl, false))
			return;
		switch (type) {
		case NP_SA: sa(m, &body, pl); break;
		case NP_KE: key_exchange(&body, pl); break;
		case NP_IDI: case NP_IDR: identification(&body, pl); break;
		case NP_CERT: {
			size_t at = cur_off(&body);
			uint8_t enc = cur_u8(&body);
			if (cur_failed(&body))
				break;
			tree_add_uint(pl, IKF(F_CERT_ENCODING), &body, at, 1, enc);
			if (enc == 4)
				ike_cert_x509(m->pkt, &body, pl);
			else
				ike_add_rest_bytes(pl, F_CERT_DATA, &body);
			break;
		}
		case NP_CERTREQ: {
			size_t at = cur_off(&body);
			uint8_t enc = cur_u8(&body);
			if (cur_failed(&body))
				break;
			tree_add_uint(pl, IKF(F_CERTREQ_TYPE), &body, at, 1, enc);
			ike_certreq_ca(m->pkt, &body, pl, true);
			break;
		}
		case NP_AUTH: authentication(&body, pl); break;
		case NP_NONCE: ike_add_rest_bytes(pl, F_NONCE, &body); break;
		case NP_N: notify(m, &body, pl); break;
		case NP_D: delete_payload(&body, pl); break;
		case NP_V: ike_vendor_id(m, &body, pl); break;
		case NP_TSI: case NP_TSR: traffic_selectors(m, &body, pl); break;
		case NP_SK: encrypted(m, &body, pl, np, false, 0, 0); break;
		case NP_CP: configuration(m, &body, pl); break;
		case NP_EAP: ike_add_rest_bytes(pl, F_EAP_DATA, &body); break;
		case NP_SKF: encrypted_fragment(m, &body, pl, np); break;
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
		/* the encrypted payload is the last one: its next payload is
		 * the first one inside */
		if (type == NP_SK || type == NP_SKF)
			return;
	}
	if (cur_left(c)) {
		size_t at = cur_off(c);
		size_t n = cur_left(c);
		cur_skip(c, n);
		tree_add_bytes(parent, IKF(F_EXTRADATA), c, at, n);
	}
}
