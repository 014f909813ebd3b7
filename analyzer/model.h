/*
 * model.h - the analyzer's model: connection attempts, their stages per
 * direction, and verdicts.  Built from packet summaries only (DESIGN §3):
 * nothing here sees packet bytes.
 */
#ifndef IKS_MODEL_H
#define IKS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- profiles and stages (profiles.c: data) -------------------------- */

typedef enum {
	PROFILE_L2TP_IPSEC,
	PROFILE_IKEV2,
	PROFILE_PPTP,
	PROFILE__COUNT
} ProfileId;

typedef enum {
	STAGE_DNS,
	STAGE_IKE_P1,
	STAGE_IKE_P2,
	STAGE_IKE_SA_INIT,
	STAGE_IKE_AUTH,
	STAGE_CHILD_SA,
	STAGE_ESP,
	STAGE_PPTP_CONTROL,
	STAGE_GRE,
	STAGE_L2TP,
	STAGE_PPP_LCP,
	STAGE_PPP_AUTH,
	STAGE_PPP_IPCP,
	STAGE_DATA,
	STAGE__COUNT
} StageId;

typedef struct {
	const char *name;      /* "l2tp-ipsec" */
	const StageId *stages; /* in the order an attempt walks them */
	size_t n_stages;
} Profile;

const Profile *profile_get(ProfileId id);
const char *stage_name(StageId s);
bool stage_from_name(const char *name, StageId *out);
bool profile_from_name(const char *name, ProfileId *out);
/* Position of a stage in a profile, or -1. */
int profile_stage_index(const Profile *p, StageId s);

/* ---- the diagnosis catalogue (catalogue.c: data) --------------------- */

typedef enum {
	CAUSE_NONE,
	CAUSE_DNS_FAILED,
	CAUSE_IKE_NO_RESPONSE,
	CAUSE_IKE_PROPOSAL_MISMATCH,
	CAUSE_PSK_MISMATCH,
	CAUSE_NATT_BLOCKED,
	CAUSE_WINDOWS_NATT_REGISTRY,
	CAUSE_P2_PROPOSAL_MISMATCH,
	CAUSE_ESP_BLOCKED,
	CAUSE_L2TP_NO_ANSWER,
	CAUSE_PPP_AUTH_PROTOCOL_MISMATCH,
	CAUSE_PPP_AUTH_FAILED,
	CAUSE_GRE_BLOCKED,
	CAUSE_IP_FRAGMENTS_LOST,
	CAUSE_MULTI_CLIENT_SAME_NAT,
	CAUSE_PEER_GONE,
	CAUSE_PPTP_NO_RESPONSE,
	CAUSE__COUNT
} CauseId;

/* Which keys would show what a verdict reached without them only infers. */
typedef enum {
	KEYS_NONE,   /* everything the cause needs is visible in clear */
	KEYS_IKE,    /* the IKE SA's keys (IKEv1 or IKEv2, by the attempt) */
	KEYS_ESP,    /* the ESP SAs' keys (L2TP and PPP inside) */
	KEYS_TUNNEL, /* what hides the evidence: IKE keys for IKEv2 (EAP inside
		      * IKE_AUTH), ESP keys otherwise */
	KEYS__COUNT
} KeyKind;

typedef struct {
	const char *id;          /* stable id: "ike-no-response" (JSON, expectations) */
	const char *symptom;     /* what is seen on the wire */
	const char *cause;       /* the likely cause */
	const char *fix;         /* what to change */
	const char *windows;     /* the Windows error the user likely saw, or NULL */
	KeyKind confirm;         /* keys that confirm it when it was only inferred */
} CauseDef;

const CauseDef *cause_def(CauseId id);

/* The words for a kind of key: `what` + " 0x..." + " (" `sources` ")". */
typedef struct {
	const char *what;
	const char *sources;
} KeySourceDef;

/* KEYS_IKE and KEYS_TUNNEL are resolved by the attempt's IKE version */
const KeySourceDef *key_source_def(KeyKind k, bool ikev2);

/* ---- secondary findings (catalogue.c: words; findings.c: the tests) --- */

typedef enum {
	FINDING_NAT_DETECTED,
	FINDING_WEAK_PROPOSAL,
	FINDING_SHARED_NAT,
	FINDING_RETRANSMISSIONS,
	FINDING_REKEY,
	FINDING_DPD,
	FINDING_ESP_SEQUENCE,
	FINDING_DROPS,
	FINDING__COUNT
} FindingId;

typedef struct {
	const char *id;          /* stable id: "nat-detected" (JSON, expectations) */
	const char *about;       /* what it means (documentation) */
} FindingDef;

const FindingDef *finding_def(FindingId id);
bool finding_from_name(const char *name, FindingId *out);

/* weak algorithms (Attempt.weak_offered / weak_chosen bits) */
enum {
	WEAK_DES = 1u << 0,
	WEAK_3DES = 1u << 1,
	WEAK_MD5 = 1u << 2,
	WEAK_SHA1 = 1u << 3,
	WEAK_MODP768 = 1u << 4,
	WEAK_MODP1024 = 1u << 5,
};
#define WEAK__BITS 6
const char *weak_name(unsigned bit_index); /* "3DES" for bit 1 */

/* "AES-CBC-256/SHA1/MODP1024" (IKEv1) or with INTEG and PRF (IKEv2): a
 * proposal's first transforms, by IANA name ("#N" when unknown). */
void proposal_text(uint8_t version, uint16_t enc, uint16_t keylen, uint16_t hash, uint16_t prf, uint16_t group,
		   char *buf, size_t size);

/* ---- stalls (stall.c: data) ------------------------------------------ */

/* How long a packet at a stage may stay unanswered before the attempt is
 * reported as stalled there, and what is being waited for. */
typedef struct {
	int64_t wait_ns;          /* 0: no stall rule for this stage */
	const char *from_server;  /* what the client waits for from the server */
	const char *from_client;  /* what the server waits for from the client */
	bool until_first_answer;  /* tunnel traffic: only a stall while the other
				   * side has sent nothing at this stage (an idle
				   * tunnel is not a stalled one) */
} StallDef;

const StallDef *stall_def(StageId s);
bool cause_from_name(const char *name, CauseId *out);

/* ---- attempts -------------------------------------------------------- */

typedef enum { DIR_I2R, DIR_R2I, DIR__COUNT } Direction;
typedef enum { VDIR_NONE, VDIR_I2R, VDIR_R2I, VDIR_BOTH } VerdictDirection;
typedef enum { STATUS_MISSING, STATUS_PARTIAL, STATUS_COMPLETE, STATUS_FAILED } StageStatus;
typedef enum { VERDICT_OK, VERDICT_FAILED, VERDICT_INCOMPLETE } VerdictStatus;

#define ATTEMPT_MAX_EVIDENCE 16
#define ATTEMPT_MAX_RETRANS 16
#define DIR_MAX_BACKOFF 8
#define ATTEMPT_MAX_FINDINGS 8
#define FINDING_MAX_EVIDENCE 4

typedef struct {
	uint32_t packets;
	uint32_t retransmissions;
	uint32_t errors;         /* error notifies, ICMP errors, result codes */
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
	/* packets at the end of the stage that nothing from the other side
	 * followed (at this stage): requests still unanswered */
	uint32_t unanswered;
	/* the last request that was re-sent: how many times it was re-sent,
	 * and the intervals between its copies (the first DIR_MAX_BACKOFF) */
	uint32_t resent;
	uint32_t backoff_ms[DIR_MAX_BACKOFF];
	uint64_t resent_key;     /* which request that is (analyzer-internal) */
	uint64_t resent_frame;   /* its first re-sending */
} DirStats;

typedef struct {
	DirStats dir[DIR__COUNT];
	StageStatus status;
	bool seen;
} StageStats;

/* What a verdict rests on: packets in clear, a shape that only suggests
 * the cause (keys would confirm it), or what decryption showed. */
typedef enum { BASIS_CLEAR, BASIS_INFERRED, BASIS_DECRYPTED } EvidenceBasis;

typedef struct {
	FindingId id;
	bool has_stage;
	StageId stage;
	VerdictDirection direction;
	char text[160];          /* one line */
	uint64_t evidence[FINDING_MAX_EVIDENCE];
	unsigned n_evidence;
} Finding;

typedef struct {
	VerdictStatus status;
	StageId stage;           /* where it stopped (meaningless when ok) */
	bool has_stage;
	VerdictDirection direction;
	CauseId cause;
	uint64_t evidence[ATTEMPT_MAX_EVIDENCE];
	unsigned n_evidence;
	char detail[512];        /* a sentence on this attempt's evidence */
	EvidenceBasis basis;
	char confirm_with[256];  /* BASIS_INFERRED: the keys that would confirm it ("" none) */
	/* the secondary findings are not kept here: they follow from the
	 * attempt's facts, and findings_list() derives them when shown (an
	 * attempt stays small: thousands are live at once) */
} Verdict;

/* The secondary findings of an attempt (findings.c), in table order. */
typedef struct {
	Finding f[ATTEMPT_MAX_FINDINGS];
	unsigned n;
} FindingList;

typedef struct {
	unsigned id;             /* 1, 2, ... in the order of first packets */
	ProfileId profile;
	uint8_t af;
	uint8_t initiator[16], responder[16];
	uint16_t iport, rport;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
	StageStats stages[STAGE__COUNT];
	/* name lookup that belongs to the attempt */
	bool dns_seen, dns_answered;
	uint8_t dns_rcode;
	char dns_name[256];
	uint64_t dns_query_frame, dns_answer_frame;
	/* requests of the initiator that went unanswered: their times, for
	 * the back-off shown in reports */
	int64_t retrans_ns[ATTEMPT_MAX_RETRANS];
	unsigned n_retrans_ns;
	uint64_t icmp_error_frames[4];
	unsigned n_icmp_errors;

	/* IKE facts (from the IKE summary) */
	uint8_t ike_version;       /* 0: no IKE header seen */
	uint8_t ispi[8];
	bool nat_initiator, nat_responder; /* behind NAT, from NAT-D */
	uint64_t nat_frame;        /* the first message whose NAT-D showed NAT */
	bool shared_nat;           /* another NATed client used the same responder at the same time */
	uint32_t nat_peers;        /* other attempts behind the same NAT at the same time (any profile) */
	uint64_t nat_peer_frame;   /* the first packet of one of them */
	uint8_t weak_offered, weak_chosen; /* WEAK_* in proposals offered / in the one chosen */
	uint8_t n_offer;           /* the initiator's first proposals (first IKE stage) */
	struct {
		uint16_t enc, keylen, hash, prf, group;
	} offer[4];
	uint64_t weak_offered_frame, weak_chosen_frame;
	uint16_t p2_exchanges;     /* IKEv1 Quick Modes (by message id) / IKEv2 CREATE_CHILD_SA requests */
	uint32_t p2_last_msgid;
	uint64_t rekey_frame;      /* the first phase-2 exchange after the first one */
	bool ike_decrypted;        /* an encrypted IKE message was decrypted */
	uint16_t dec_notify;       /* the first error notify seen inside a decrypted message */
	uint64_t dec_notify_frame;
	StageId dec_notify_stage;
	uint32_t esp_spi[DIR__COUNT]; /* the first ESP SPI each way */
	uint32_t esp_first_len;    /* IP length of the initiator's first ESP packet */
	uint8_t esp_copies;        /* it and the packets of the same length right after it */
	int64_t esp_copy_ns[DIR_MAX_BACKOFF + 1]; /* their times */
	uint32_t esp_gaps[DIR__COUNT], esp_replays[DIR__COUNT], esp_reordered[DIR__COUNT];
	uint64_t esp_seq_frame[DIR__COUNT]; /* the first anomaly each way */
	bool inner_decrypted;      /* L2TP / PPP seen inside decrypted ESP */
	uint16_t ppp_req_id[DIR__COUNT][2]; /* last LCP / IPCP Configure-Request identifier + 1 */
	uint64_t drops_at_open, drops; /* capture drops when it opened / while it was live */
	bool p1_i_encrypted, p1_r_encrypted; /* IKEv1 MM5 / MM6 (or IKEv2 IKE_AUTH) seen */
	uint64_t p1_i_encrypted_frame;
	bool no_proposal;          /* NO-PROPOSAL-CHOSEN seen in clear */
	StageId no_proposal_stage;
	uint64_t no_proposal_frame;
	uint16_t error_notify;     /* last error notify seen in clear */
	uint64_t error_notify_frame;
	uint32_t r_informational;  /* responder's informational messages */
	uint64_t r_informational_frame;
	uint32_t i2r_4500, r2i_4500; /* IKE packets on UDP 4500 each way */
	uint64_t ms_client_frame;  /* the initiator's first message with the MS NT5 ISAKMPOAKLEY vendor ID */
	uint64_t first_4500_frame;
	uint32_t qm_i_msgs, qm_r_msgs; /* IKEv1 Quick Mode messages (not retransmitted) */
	uint32_t ip_frags_i2r, ip_frags_r2i; /* IP fragments between the peers */

	/* L2TP / PPP facts (clear or decrypted) */
	uint64_t sccrq_frame, stopccn_frame, l2tp_icmp_frame;
	uint64_t pptp_rst_frame;   /* the server reset the TCP 1723 connection before answering */
	bool sccrp_seen;
	uint16_t stopccn_result;
	uint64_t lcp_auth_refused_frame; /* LCP Nak/Reject of the auth protocol */
	Direction lcp_auth_refused_dir;
	uint32_t lcp_req[DIR__COUNT], lcp_ack[DIR__COUNT]; /* LCP Configure-Request / -Ack each way */
	/* after the tunnel was up: IKE informationals (DPD, delete) each way
	 * and the last packet of any kind each way */
	uint32_t info_up[DIR__COUNT];
	int64_t info_up_first_ns[DIR__COUNT], info_up_last_ns[DIR__COUNT];
	uint64_t info_up_first_frame[DIR__COUNT];
	int64_t last_ns_dir[DIR__COUNT];
	uint64_t auth_failure_frame;
	uint16_t mschap_error;
	bool auth_success, ipcp_done;

	/* live waits (analyzer_tick): per stage and direction, the time of
	 * the first packet the other side has not answered yet (0: none), and
	 * whether that wait was already reported as stalled */
	int64_t wait_since_ns[STAGE__COUNT][DIR__COUNT];
	bool stall_reported[STAGE__COUNT][DIR__COUNT];

	Verdict verdict;
	bool finished;
} Attempt;

/* The secondary findings of an attempt, derived from its facts
 * (findings.c). */
void findings_list(const Attempt *a, FindingList *out);

#endif
