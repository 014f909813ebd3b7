/*
 * ike.h - what the IKE dissectors share (ike.c, ikev1.c, ikev2.c,
 * ike_cert.c): the one `isakmp.*` field vocabulary of both versions (as
 * Wireshark has it), the message being dissected, and the payload-chain
 * walkers.
 *
 * The walkers take a cursor positioned on a payload chain and the type of
 * its first payload, so that the same functions will later dissect a
 * decrypted IKEv1 body or IKEv2 SK payload (a Cursor with
 * src = SRC_DECRYPTED).
 */
#ifndef IKS_IKE_H
#define IKS_IKE_H

#include "dissect.h"
#include "ike_tables.h"

enum {
	F_ISAKMP,
	F_ISPI,
	F_RSPI,
	F_NEXTPAYLOAD,
	F_VERSION,
	F_MJVER,
	F_MNVER,
	F_EXCHANGETYPE,
	F_FLAGS,
	F_FLAG_E,
	F_FLAG_C,
	F_FLAG_A,
	F_FLAG_I,
	F_FLAG_V,
	F_FLAG_R,
	F_MESSAGEID,
	F_LENGTH,
	F_TYPEPAYLOAD,
	F_CRITICALPAYLOAD,
	F_RESERVED7,
	F_RESERVED,
	F_RESERVED2,
	F_PAYLOADLENGTH,
	F_EXTRADATA,
	F_DATAPAYLOAD,
	F_SA_DOI,
	F_SA_SITUATION,
	F_SA_SITUATION_IDENTITY_ONLY,
	F_SA_SITUATION_SECRECY,
	F_SA_SITUATION_INTEGRITY,
	F_PROP_NUMBER,
	F_PROP_PROTOID,
	F_SPISIZE,
	F_SPI,
	F_PROP_TRANSFORMS,
	F_TRANS_NUMBER,
	F_TRANS_ID,
	F_IKE_ATTR,
	F_IKE_ATTR_TYPE,
	F_IKE_ATTR_FORMAT,
	F_IKE_ATTR_LENGTH,
	F_IKE_ATTR_VALUE,
	F_IKE_ATTR_ENCRYPTION_ALGORITHM,
	F_IKE_ATTR_HASH_ALGORITHM,
	F_IKE_ATTR_AUTHENTICATION_METHOD,
	F_IKE_ATTR_GROUP_DESCRIPTION,
	F_IKE_ATTR_GROUP_TYPE,
	F_IKE_ATTR_LIFE_TYPE,
	F_IKE_ATTR_LIFE_DURATION,
	F_IKE_ATTR_KEY_LENGTH,
	F_IPSEC_ATTR,
	F_IPSEC_ATTR_TYPE,
	F_IPSEC_ATTR_FORMAT,
	F_IPSEC_ATTR_LENGTH,
	F_IPSEC_ATTR_VALUE,
	F_IPSEC_ATTR_LIFE_TYPE,
	F_IPSEC_ATTR_LIFE_DURATION,
	F_IPSEC_ATTR_GROUP_DESCRIPTION,
	F_IPSEC_ATTR_ENCAP_MODE,
	F_IPSEC_ATTR_AUTH_ALGORITHM,
	F_IPSEC_ATTR_KEY_LENGTH,
	F_IPSEC_ATTR_KEY_ROUNDS,
	F_IPSEC_ATTR_EXT_SEQ_NBR,
	F_TF_TYPE,
	F_TF_ID_ENCR,
	F_TF_ID_PRF,
	F_TF_ID_INTEG,
	F_TF_ID_DH,
	F_TF_ID_ESN,
	F_TF_ID,
	F_IKE2_ATTR,
	F_IKE2_ATTR_TYPE,
	F_IKE2_ATTR_FORMAT,
	F_IKE2_ATTR_LENGTH,
	F_IKE2_ATTR_VALUE,
	F_IKE2_ATTR_KEY_LENGTH,
	F_KEY_EXCHANGE_DH_GROUP,
	F_KEY_EXCHANGE_DATA,
	F_ID_TYPE,
	F_ID_PROTOID,
	F_ID_PORT,
	F_ID_DATA,
	F_ID_DATA_IPV4_ADDR,
	F_ID_DATA_FQDN,
	F_ID_DATA_USER_FQDN,
	F_ID_DATA_IPV4_SUBNET,
	F_ID_DATA_IPV4_RANGE_START,
	F_ID_DATA_IPV4_RANGE_END,
	F_ID_DATA_IPV6_ADDR,
	F_ID_DATA_IPV6_SUBNET,
	F_ID_DATA_IPV6_RANGE_START,
	F_ID_DATA_IPV6_RANGE_END,
	F_ID_DATA_KEY_ID,
	F_CERT_ENCODING,
	F_CERT_DATA,
	F_CERTREQ_TYPE,
	F_IKE_CERTREQ_AUTHORITY,
	F_AUTH_METHOD,
	F_AUTH_DATA,
	F_HASH,
	F_SIG,
	F_NONCE,
	F_NOTIFY_DOI,
	F_NOTIFY_PROTOID,
	F_NOTIFY_MSGTYPE,
	F_NOTIFY_DATA,
	F_NOTIFY_DATA_DPD_ARE_YOU_THERE,
	F_NOTIFY_DATA_DPD_ARE_YOU_THERE_ACK,
	F_NOTIFY_DATA_SIGNATURE_HASH_ALGORITHMS,
	F_DELETE_DOI,
	F_DELETE_PROTOID,
	F_SPINUM,
	F_DELETE_SPI,
	F_VID_BYTES,
	F_VID_STRING,
	F_VID_MS_NT5_ISAKMPOAKLEY,
	F_VID_CISCO_UNITY_MAJOR,
	F_VID_CISCO_UNITY_MINOR,
	F_TS_NUMBER,
	F_TS_TYPE,
	F_TS_PROTOID,
	F_TS_SELECTOR_LENGTH,
	F_TS_START_PORT,
	F_TS_END_PORT,
	F_TS_START_IPV4,
	F_TS_END_IPV4,
	F_TS_START_IPV6,
	F_TS_END_IPV6,
	F_TS_DATA,
	F_EAP_DATA,
	F_CFG_TYPE,
	F_CFG_IDENTIFIER,
	F_CFG_ATTR,
	F_CFG_ATTR_TYPE,
	F_CFG_ATTR_FORMAT,
	F_CFG_ATTR_LENGTH,
	F_CFG_ATTR_VALUE,
	F_CFG_ATTR_INTERNAL_IP4_ADDRESS,
	F_CFG_ATTR_INTERNAL_IP4_NETMASK,
	F_CFG_ATTR_INTERNAL_IP4_DNS,
	F_CFG_ATTR_INTERNAL_IP4_NBNS,
	F_CFG_ATTR_XAUTH_TYPE,
	F_CFG_ATTR_XAUTH_USER_NAME,
	F_CFG_ATTR_XAUTH_STATUS,
	F_IKE_NAT_HASH,
	F_IKE_NAT_ORIGINAL_ADDRESS_IPV4,
	F_IKE_NAT_ORIGINAL_ADDRESS_IPV6,
	F_FRAG_NUMBER,
	F_FRAG_TOTAL,
	F_FRAG_PACKETID,
	F_FRAG_SEQ,
	F_FRAG_LAST,
	F_FRAGMENTS,
	F_FRAGMENT,
	F_FRAGMENT_COUNT,
	F_REASSEMBLED_IN,
	F_REASSEMBLED_LENGTH,
	F_ENC_DATA,
	F_ENC_IV,
	F_ENC_ICD,
	F_SAK_PROTOID,
	F_SAT_PROTOCOL_ID,
	/* ikescope's own (generated) fields */
	F_RETRANSMISSION,
	F_NAT_STATUS,
	F_CERT_SUBJECT,
	F_CERT_ISSUER,
	F_CERT_NOT_BEFORE,
	F_CERT_NOT_AFTER,
	F_CERT_KEY,
	F_CERTREQ_CA,
	F_FRAG_COMPLETE,
	F_ISAKMP__COUNT
};

extern const FieldDef isakmp_fields[F_ISAKMP__COUNT];
#define IKF(x) (&isakmp_fields[(x)])

enum {
	IKE_MAX_PAYLOADS = 64,   /* payloads in one chain */
	IKE_MAX_PROPOSALS = 32,  /* proposals in one SA payload */
	IKE_MAX_TRANSFORMS = 64, /* transforms in one proposal */
	IKE_MAX_ATTRS = 64,      /* attributes in one transform / config payload */
	IKE_MAX_SELECTORS = 32,  /* traffic selectors in one TS payload */
	IKE_MAX_NATD = 4,        /* NAT-D hashes kept for the check */
	IKE_MAX_HASH = 64,
};

/* The message being dissected. */
typedef struct {
	Packet *pkt;
	bool sum;         /* fill pkt->sum.ike (not inside an ICMP quote) */
	uint8_t major, minor, exch, flags;
	uint8_t ispi[8], rspi[8];
	uint32_t msgid, length;
	bool gdoi;        /* an SA payload with the GDOI DOI was seen */
	unsigned n_prop_sum; /* proposals summarised so far */
	/* NAT-D hashes: IKEv1 payloads in order (the first is the receiver's),
	 * IKEv2 NAT_DETECTION_{SOURCE,DESTINATION}_IP notifies */
	struct {
		uint8_t h[IKE_MAX_HASH];
		uint8_t len;
		bool is_dst;
		TreeNode *node;
	} natd[IKE_MAX_NATD];
	unsigned n_natd;
	unsigned natd_seen; /* IKEv1 NAT-D payloads met so far */
	const uint8_t *raw; /* the whole message from its header, when captured */
	size_t raw_len;
} IkeMsg;

/* ike.c: helpers shared by both versions */
TreeNode *ike_add_vs(TreeNode *parent, unsigned f, const Cursor *c, size_t off, size_t len, uint32_t v,
		     const ValueString *vs);
void ike_note_payload(IkeMsg *m, uint8_t type);
/* After a generic payload header of length `len` (both versions): the
 * body as a bounded view, or false (event raised) when the length is
 * shorter than the header or longer than what contains it. */
bool ike_payload_body(IkeMsg *m, Cursor *c, TreeNode *pl, uint16_t len, Cursor *body);
/* A Proposal substructure's fixed part and SPI (the same in both
 * versions: Proposal Num, Protocol ID, SPI Size, Num Transforms, SPI),
 * with `protoids` naming the protocol; the SPI is a child SA's when
 * `child_exch`.  False when it is cut short.  The transforms follow. */
typedef struct {
	uint8_t num, protoid, ntrans;
} IkeProposal;
bool ike_proposal_head(IkeMsg *m, Cursor *c, TreeNode *pl, const ValueString *protoids, bool child_exch,
		       IkeProposal *p);
/* The rest of a payload body as a bytes field `f`. */
void ike_add_rest_bytes(TreeNode *pl, unsigned f, Cursor *body);
void ike_note_notify(IkeMsg *m, uint16_t type, const uint8_t *spi, size_t spi_len);
void ike_note_natd(IkeMsg *m, const uint8_t *h, size_t n, bool is_dst, TreeNode *node);
void ike_vendor_id(IkeMsg *m, Cursor *body, TreeNode *pl);
void ike_note_proposal(IkeMsg *m, uint8_t prop, uint8_t trans, uint16_t enc, uint16_t keylen, uint16_t hash,
		       uint16_t prf, uint16_t auth, uint16_t group);
/* IKEv1 vendor fragment (payload 132): record, and when the message is
 * complete dissect it under `pl`. */
void ike_v1_fragment(IkeMsg *m, uint16_t id, uint8_t seq, bool last, Cursor *data, TreeNode *pl);
/* IKEv2 SKF: record fragment number/total (no reassembly without keys). */
void ike_v2_fragment(IkeMsg *m, uint16_t number, uint16_t total, TreeNode *pl);
/* Dissect one whole IKE message (header + chain); used for the UDP
 * payload and (reassembled = true) for a message put together from IKEv1
 * fragments, which sets neither the info column nor retransmissions. */
void ike_dissect_message(Packet *pkt, Cursor *c, TreeNode *root, bool fill_sum, bool reassembled);

/* ike_decrypt.c: decryption with the keyring's keys (state kept in the
 * IkeState, bounded) */
typedef struct IkeDec IkeDec;
IkeDec *ike_dec_new(void);
void ike_dec_free(IkeDec *d);
IkeDec *ike_state_dec(IkeState *st); /* ike.c; NULL for a NULL state */
/* Clear phase-1 messages: the negotiated cipher/hash, the KE payloads. */
void ike_dec_v1_offer(IkeMsg *m, uint16_t enc, uint16_t keylen, uint16_t hash);
void ike_dec_v1_ke(IkeMsg *m, const Cursor *body);
/* Decrypt an IKEv1 body (after the header, E flag) and dissect it under
 * t; false when there is no key or it did not fit (reported). */
bool ike_dec_v1(IkeMsg *m, Cursor *msg, uint8_t np, TreeNode *t);
/* Decrypt an SK payload body (frag: an SKF's body after number/total),
 * verify its ICV and dissect it under pl; false when not decrypted. */
bool ike_dec_v2(IkeMsg *m, Cursor *c, uint8_t np, TreeNode *pl, bool frag, uint16_t number, uint16_t total);
/* True when p[0..n) is a payload chain starting with np, followed by at
 * most max_trailing bytes. */
bool ike_dec_chain_ok(bool v2, uint8_t np, const uint8_t *p, size_t n, size_t max_trailing);
/* A proposal's SPI: an ESP/AH SPI of a child SA (summary; the keyring
 * learns it when the message was decrypted). */
void ike_dec_child_spi(IkeMsg *m, uint8_t protoid, const uint8_t *spi, size_t len);

/* ikev1.c / ikev2.c: the payload-chain walkers */
void ikev1_walk(IkeMsg *m, Cursor *c, uint8_t np, TreeNode *parent);
void ikev2_walk(IkeMsg *m, Cursor *c, uint8_t np, TreeNode *parent);

/* ikev1.c, shared with ikev2.c */
void ike_id_data(Cursor *c, TreeNode *pl, uint8_t type);
void ike_cfg_attributes(IkeMsg *m, Cursor *c, TreeNode *pl);

/* ike_cert.c: an X.509 certificate (DER) and a CA name / key hashes */
void ike_cert_x509(Packet *pkt, Cursor *body, TreeNode *parent);
void ike_certreq_ca(Packet *pkt, Cursor *body, TreeNode *parent, bool v2);

#endif
