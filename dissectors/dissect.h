/*
 * dissect.h - the dissection context, the packet, its summary, and the
 * dissector tables.
 *
 * Bytes go in (dissect_frame); two things come out: a small fixed summary
 * of the facts the analyzer needs (Packet.sum), and, only when asked for, a
 * Wireshark-style field tree (Packet.tree).  Nothing here does I/O or keeps
 * global state: everything that lives longer than one packet (reassembly
 * buffers, keys, counters) belongs to the DissectCtx the caller owns.
 */
#ifndef IKS_DISSECT_H
#define IKS_DISSECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdint.h>

#include "cursor.h"
#include "events.h"
#include "field.h"
#include "tree.h"

/* ---- summary: what the analyzer sees -------------------------------- */

enum {
	LAYER_ETH = 1u << 0,
	LAYER_VLAN = 1u << 1,
	LAYER_SLL = 1u << 2,
	LAYER_IPV4 = 1u << 3,
	LAYER_IPV6 = 1u << 4,
	LAYER_UDP = 1u << 5,
	LAYER_TCP = 1u << 6,
	LAYER_ICMP = 1u << 7,   /* ICMP or ICMPv6 */
	LAYER_DNS = 1u << 8,
	LAYER_FRAG = 1u << 9,   /* an IP fragment that did not complete a datagram */
	LAYER_REASM = 1u << 10, /* this frame completed a reassembled datagram */
	LAYER_GRE = 1u << 11,
	LAYER_ESP = 1u << 12,
	LAYER_AH = 1u << 13,
	LAYER_PPP = 1u << 14,
	LAYER_PPPOE = 1u << 15,
	LAYER_IPCOMP = 1u << 16,
	LAYER_NATT_KEEPALIVE = 1u << 17,
	LAYER_IKE = 1u << 18,
	LAYER_L2TP = 1u << 19,
	LAYER_PPTP = 1u << 20,
	/* 21-31 free */
};

typedef struct {
	uint8_t af;    /* 4, 6, or 0 when absent */
	uint8_t proto; /* IP protocol / IPv6 upper-layer next header */
	uint8_t ttl;
	uint8_t src[16], dst[16];
	uint16_t sport, dport; /* UDP/TCP ports, 0 when none */
	uint32_t len;          /* IP total length (header + payload) */
} IpSummary;

typedef struct {
	uint32_t layers; /* LAYER_* bits */
	uint8_t eth_src[6], eth_dst[6]; /* valid with LAYER_ETH */
	IpSummary ip;    /* the outermost IP datagram */
	struct {
		uint8_t type, code;
		bool error;       /* an error message quoting a packet */
		IpSummary quoted; /* the quoted datagram's header (when error) */
	} icmp;
	struct {
		uint16_t id;
		uint16_t flags;
		bool response;
		uint8_t rcode;
		uint16_t qtype;
		uint16_t ancount;
		uint8_t answer_af; /* first A/AAAA answer */
		uint8_t answer[16];
		char qname[256];
	} dns;
	struct {
		uint16_t flags;
		uint32_t seq, ack;
	} tcp;
	struct {
		uint32_t spi, seq;
		/* with LAYER_ESP or LAYER_AH (issue 5): what the keys gave */
		bool ah;              /* the SPI/seq are an AH header's */
		bool have_key;        /* an SA with this SPI is in the keyring */
		bool decrypted;       /* the payload was decrypted */
		bool key_problem;     /* SA found but unusable, or garbage after decryption */
		bool pad_bad;         /* padding not 1, 2, 3, ... */
		uint8_t icv;          /* 0 not checked, 1 good, 2 bad (IcvVerdict) */
		uint8_t next_header;  /* inner protocol (decrypted ESP, or AH) */
		uint8_t seq_status;   /* SeqVerdict: 0 first, 1 next, 2 gap, 3 replay, 4 reordered */
		uint32_t seq_expected; /* previous packet's number + 1 when out of order */
	} esp;
	/* Each protocol area below is filled by its own dissector (issues 4-6);
	 * add what the analyzer needs inside your own struct only. */
	struct {
		uint8_t version;   /* IKE major version, 0 when absent */
		uint8_t minor;
		uint8_t exch;      /* exchange type */
		uint8_t flags;     /* raw header flags */
		bool initiator;    /* IKEv2 I flag; IKEv1: unknown, false */
		bool response;     /* IKEv2 R flag */
		bool encrypted;    /* IKEv1 E flag, or an IKEv2 SK/SKF payload */
		uint8_t ispi[8], rspi[8];
		uint32_t msgid, length;
		uint8_t payloads[32]; /* bit t set: a payload of type t is present
				       * (any depth, fragments and reassembled
				       * messages included) */
		uint8_t n_notify;  /* notify types kept (more are counted, not kept) */
		uint16_t notify[4];
		uint8_t notify_spi_len; /* SPI of the first notify that has one */
		uint8_t notify_spi[16];
		uint32_t vendor;   /* IKE_VID_* flags (ike_tables.h) */
		uint32_t ms_version; /* MS NT5 ISAKMPOAKLEY version (2..), 0 none */
		uint8_t natd;      /* IKE_NATD_* (below) */
		uint64_t retransmission_of; /* frame of the first copy, 0 if new */
		struct {
			uint16_t id;       /* IKEv1 fragment id; IKEv2: 0 */
			uint16_t number;   /* fragment number, from 1; 0 = not a fragment */
			uint16_t total;    /* IKEv2 total; IKEv1: number when last, else 0 */
			bool last;
			bool complete;     /* this fragment completed the message */
		} frag;
		uint8_t n_proposals; /* proposals summarised (first transforms) */
		struct {
			uint8_t prop, trans;  /* proposal and transform numbers */
			uint16_t enc, keylen; /* v1 attr / v2 ENCR and key length */
			uint16_t hash;        /* v1 hash / v2 INTEG */
			uint16_t prf;         /* v2 PRF */
			uint16_t auth;        /* v1 authentication method */
			uint16_t group;       /* v1 group / v2 D-H */
		} prop[8];
		/* issue 5: decryption with the keyring's keys */
		bool decrypted;      /* the encrypted part was decrypted (and dissected) */
		bool key_problem;    /* a key for this SA exists but did not fit */
		uint8_t n_child_spi; /* ESP/AH SPIs of proposals (Quick Mode, CREATE_CHILD_SA, IKE_AUTH) */
		uint32_t child_spi[4];
	} ike;
	struct {
		uint8_t version;    /* L2TP version, 0 when absent */
		bool control;       /* a control message (T bit) */
		bool zlb;           /* a control message without AVPs (an ack) */
		bool has_seq;       /* ns/nr present */
		bool retransmit;    /* a control message with an Ns already seen */
		bool has_result;    /* a Result Code AVP was present */
		uint16_t msg_type;  /* Message Type AVP, 0 when none (data, ZLB) */
		uint16_t tunnel_id, session_id; /* header ids (v2) */
		uint32_t ccid;      /* v3 control connection id / data session id */
		uint16_t ns, nr;
		uint16_t assigned_tunnel_id, assigned_session_id; /* 0 when absent */
		uint16_t result_code, error_code;
	} l2tp;
	struct {
		uint16_t protocol;   /* PPP protocol, 0 when absent */
		bool has_code;       /* code/identifier below are valid */
		uint8_t code, identifier;
		uint16_t auth_proto; /* LCP Authentication-Protocol option in this
				      * Configure-Request/Ack/Nak/Reject, 0 when none */
		uint8_t auth_algo;   /* its CHAP algorithm (5 MD5, 0x80 MS-CHAP, 0x81 MS-CHAPv2) */
		enum {
			PPP_AUTH_NONE,
			PPP_AUTH_REQUEST,  /* a challenge, response or PAP request */
			PPP_AUTH_SUCCESS,  /* CHAP/MS-CHAP Success, PAP Ack, EAP Success */
			PPP_AUTH_FAILURE,  /* CHAP/MS-CHAP Failure, PAP Nak, EAP Failure */
		} auth_result;
		bool mschap;         /* the CHAP exchange is MS-CHAP (v1 or v2) */
		uint16_t mschap_error; /* E= of an MS-CHAP Failure, 0 when none */
		uint8_t eap_type;    /* EAP Request/Response type, 0 when none */
		bool has_ipcp_addr;  /* IPCP IP-Address option present */
		uint8_t ipcp_addr[4], ipcp_dns1[4], ipcp_dns2[4];
	} ppp;
	struct {
		uint16_t msg_type;   /* PPTP control message type, 0 when absent */
		uint16_t call_id, peer_call_id;
		uint8_t result_code, error_code;
		bool has_result;
		uint8_t n_messages;  /* control messages completed in this frame */
	} pptp;
} PacketSummary;

/* ---- the packet ----------------------------------------------------- */

#define PKT_MAX_EVENTS 16
#define PKT_MAX_DEPTH 12 /* encapsulation levels before EV_NESTING_TOO_DEEP */

typedef struct {
	EventId id;
	uint32_t off;
	uint8_t src;
} EventRec;

typedef struct {
	uint64_t number; /* frame number, from 1 */
	int64_t ts_ns;   /* capture time, nanoseconds since the epoch */
	uint32_t caplen, len;
	int linktype;
	const uint8_t *data;

	PacketSummary sum;

	const char *proto; /* protocol column: the highest layer decoded */
	char info[320];    /* info column (only when the context wants it) */
	size_t info_len;

	EventRec events[PKT_MAX_EVENTS];
	unsigned n_events, events_dropped;
	uint8_t err; /* CUR_TRUNCATED / CUR_MALFORMED met anywhere */

	TreeNode *tree; /* root, when the context wants a tree */

	/* buffers other than the frame that tree nodes point into
	 * (reassembled datagrams, decrypted payloads), indexed by DataSource */
	struct {
		const uint8_t *data;
		size_t len;
		const char *name;
	} sources[3];

	unsigned depth;    /* current encapsulation depth */
	unsigned in_error; /* > 0 while inside an ICMP-quoted packet */
	struct DissectCtx *ctx;
} Packet;

/* ---- the context ---------------------------------------------------- */

typedef struct Reasm Reasm;
typedef struct L2tpState L2tpState; /* l2tp.c: per-tunnel control-channel memory */
typedef struct PptpState PptpState; /* pptp.c: per-connection stream reassembly */
struct Keyring;
struct EspTrack;
typedef struct IkeState IkeState;

/* NAT-D recomputation result (PacketSummary.ike.natd) */
enum {
	IKE_NATD_PRESENT = 1u << 0,    /* NAT-D payloads / notifies present */
	IKE_NATD_CHECKED = 1u << 1,    /* the hashes could be recomputed */
	IKE_NATD_SRC_NAT = 1u << 2,    /* the sender's address was translated: sender behind NAT */
	IKE_NATD_DST_NAT = 1u << 3,    /* the receiver's address differs: receiver behind NAT */
};

typedef struct {
	uint64_t frames;
	uint64_t bytes;
	uint64_t truncated;   /* frames with a truncated layer */
	uint64_t malformed;   /* frames with a malformed layer */
	uint64_t unsupported_link;
	uint64_t frags_seen;
	uint64_t frags_reassembled;
	uint64_t frags_evicted;   /* incomplete datagrams dropped (cap or timeout) */
	uint64_t frags_evicted_cap; /* of those, dropped by a cap (issue 11) */
	uint64_t frags_refused;   /* fragments refused (over a cap) */
	uint64_t l2tp_tunnels_evicted;  /* L2TP control-channel states dropped (cap) */
	uint64_t pptp_streams_evicted;  /* PPTP control streams dropped (cap) */
	uint64_t pptp_bytes_dropped;    /* PPTP stream bytes not reassembled (caps, gaps) */
	struct {
		uint64_t packets;     /* ESP packets (outer and decrypted inner) */
		uint64_t decrypted;
		uint64_t icv_good, icv_bad;
		uint64_t no_key;      /* ESP packets whose SPI had no key (keys loaded) */
		uint64_t key_unusable;
		uint64_t ah_icv_good, ah_icv_bad;
	} esp; /* issue 5 */
	uint64_t ike_retrans_evicted; /* IKE messages forgotten by the retransmission memory */
	uint64_t ike_frags_evicted;   /* incomplete IKE fragment sets dropped (cap) */
	uint64_t ike_frags_refused;   /* IKE fragments refused (over a cap) */
} DissectStats;

typedef struct {
	bool want_tree;         /* build the field tree */
	bool want_info;         /* build the protocol/info columns */
	bool reassemble;        /* IP fragment reassembly (default true) */
	bool check_ip_checksum; /* verify IPv4 header checksums (tshark's
				 * ip.check_checksum; default false: capture
				 * offload makes bad checksums common) */
	uint32_t reasm_max_datagrams;
	uint32_t reasm_max_bytes;
	uint32_t reasm_timeout_s;
} DissectOptions;

typedef struct DissectCtx {
	DissectOptions opt;
	Arena arena;
	Reasm *reasm;
	L2tpState *l2tp; /* created on first use */
	PptpState *pptp; /* created on first use */
	IkeState *ike; /* IKE retransmission memory and fragment reassembly */
	int64_t first_ts, prev_ts;
	bool have_first;
	DissectStats stats;
	struct Keyring *keyring;    /* not owned; NULL: no keys (issue 5) */
	struct EspTrack *esp_track; /* per-SPI sequence analysis (owned) */
} DissectCtx;

void dissect_options_default(DissectOptions *o);
/* IKE per-capture state (ike.c): retransmission memory, fragments. */
IkeState *ike_state_new(void);
void ike_state_free(IkeState *st);
DissectCtx *dissect_ctx_new(const DissectOptions *o);
void dissect_ctx_free(DissectCtx *ctx);
/* Decrypt ESP (and verify AH) with these keys; the keyring must outlive
 * the context's use.  NULL: no keys. */
void dissect_ctx_set_keyring(DissectCtx *ctx, struct Keyring *kr);

/* Dissect one frame.  `data` must stay valid until the packet has been
 * rendered; the tree and any reassembled buffers live in ctx->arena until
 * the next call. */
void dissect_frame(DissectCtx *ctx, Packet *pkt, int linktype, const uint8_t *data, uint32_t caplen,
		   uint32_t len, int64_t ts_ns, uint64_t number);

/* Incomplete IP datagrams the reassembly still holds. */
size_t dissect_pending_datagrams(const DissectCtx *ctx);

/* True when the link type has a dissector. */
bool dissect_linktype_supported(int linktype);

/* ---- dissector tables ----------------------------------------------- */

typedef enum {
	TABLE_LINKTYPE,
	TABLE_ETHERTYPE,
	TABLE_IP_PROTO,
	TABLE_UDP_PORT,
	TABLE_TCP_PORT,
	TABLE_PPP_PROTO,
	TABLE__COUNT
} TableId;

/* A dissector reads from its cursor and adds under `parent` (which may be
 * NULL: summary only).  It returns false when the bytes are not its
 * protocol (heuristic refusal), true otherwise - also when they were
 * truncated or malformed, which it reports through pkt_cursor_error(). */
typedef bool (*DissectFn)(Packet *pkt, Cursor *c, TreeNode *parent);

typedef struct {
	const char *name;  /* "udp" */
	const char *label; /* protocol column: "UDP" */
	DissectFn dissect;
} Dissector;

typedef struct {
	TableId table;
	uint32_t key;
	const Dissector *d;
} Binding;

const Dissector *registry_find(TableId t, uint32_t key);
/* Heuristic dissectors of a table, tried in order when no key matched:
 * the first whose test accepts the bytes takes them. */
const Dissector *registry_heuristic(TableId t, const Cursor *c);
/* The i-th binding of the registry, or NULL past the end (for tests). */
const Binding *registry_binding_at(size_t i);
/* Hand the rest of the cursor to the dissector bound to key, or show it as
 * data.  Returns true when a dissector took it. */
bool dissect_next(TableId t, uint32_t key, Packet *pkt, Cursor *c, TreeNode *parent);
/* The same with a dissector already looked up (NULL: data). */
bool dissect_with(const Dissector *d, Packet *pkt, Cursor *c, TreeNode *parent);
/* Show the rest of the cursor as undecoded data ("data.data"). */
void dissect_data(Packet *pkt, Cursor *c, TreeNode *parent);

/* ---- helpers for dissectors ----------------------------------------- */

/* Record a buffer that tree nodes of this packet refer to. */
void pkt_add_source(Packet *pkt, DataSource src, const uint8_t *data, size_t len, const char *name);
void pkt_event(Packet *pkt, EventId id, const Cursor *c, TreeNode *node);
void pkt_eventf(Packet *pkt, EventId id, const Cursor *c, TreeNode *node, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* If the cursor failed, record truncated/malformed for `proto` (event,
 * tree line, info marker).  Returns true when it had failed. */
bool pkt_cursor_error(Packet *pkt, const Cursor *c, TreeNode *node, const char *proto);
/* Protocol column and info text (no-ops unless the context wants info). */
void pkt_set_proto(Packet *pkt, const char *label);
void pkt_info(Packet *pkt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pkt_info_append(Packet *pkt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool pkt_want_tree(const Packet *pkt) { return pkt->tree != NULL; }
bool pkt_want_info(const Packet *pkt);
/* Enter/leave an encapsulation level; false when nested too deeply. */
bool pkt_enter(Packet *pkt, const Cursor *c, TreeNode *parent);
static inline void pkt_leave(Packet *pkt) { pkt->depth--; }

/* Address text, RFC 5952 for IPv6.  af is 4 or 6. */
size_t fmt_ip_addr(int af, const uint8_t *a, char *buf, size_t size);

/* Internet checksum (RFC 1071) over data, starting from `sum`. */
uint32_t inet_cksum_add(uint32_t sum, const uint8_t *p, size_t n);
uint16_t inet_cksum_fold(uint32_t sum);

/* The IP layer, for ICMP errors and tunnels: dissect an IPv4/IPv6 header
 * and what it carries (ip.c). */
bool ip_dissect_any(Packet *pkt, Cursor *c, TreeNode *parent);

#endif
