/*
 * events.h - named decode events (Wireshark's expert info, Suricata's decode
 * events).  Each problem a dissector meets becomes an EventId attached to
 * the packet (and to the tree node where it was found, when a tree is
 * built); the table in events.c maps it to a stable name, a severity, a
 * group and a one-line summary.  Diagnosis rules cite events by id.
 */
#ifndef IKS_EVENTS_H
#define IKS_EVENTS_H

#include <stdint.h>

typedef enum {
	SEV_CHAT,
	SEV_NOTE,
	SEV_WARN,
	SEV_ERROR,
} Severity;

typedef enum {
	EV_NONE,
	EV_TRUNCATED,          /* packet cut short by the capture (snaplen) */
	EV_MALFORMED,          /* a length field points past the packet */
	EV_LINK_UNSUPPORTED,   /* link type ikescope cannot decode */
	EV_IP_BAD_VERSION,
	EV_IP_BAD_HDR_LEN,
	EV_IP_BAD_TOTAL_LEN,
	EV_IP_BAD_CHECKSUM,
	EV_IP_TTL_ZERO,
	EV_IP_OPTION_BAD,
	EV_IP_FRAGMENT,        /* a fragment, not yet reassembled */
	EV_IP_REASSEMBLED,     /* the datagram completed in this frame */
	EV_IP_FRAG_OVERLAP,
	EV_IP_FRAG_TOO_BIG,
	EV_IP_FRAG_EVICTED,    /* reassembly table full: oldest datagram dropped */
	EV_IPV6_BAD_EXT_HDR,
	EV_IPV6_TOO_MANY_EXT_HDRS,
	EV_UDP_BAD_LENGTH,
	EV_UDP_LENGTH_SHORT,   /* UDP length shorter than the IP payload */
	EV_TCP_BAD_HDR_LEN,
	EV_ICMP_BAD_CHECKSUM,
	EV_ICMP_DEST_UNREACH,  /* an ICMP error quoting one of our packets */
	EV_DNS_NAME_LOOP,
	EV_DNS_NAME_TOO_LONG,
	EV_DNS_BAD_LABEL,
	EV_DNS_TOO_MANY_RECORDS,
	EV_NESTING_TOO_DEEP,
	EV_GRE_BAD_VERSION,
	EV_PPP_UNKNOWN_PROTOCOL,
	EV_ESP_TOO_SHORT,
	EV_AH_BAD_LENGTH,
	EV_GRE_BAD_CHECKSUM,
	EV_GRE_TOO_MANY_SRES,  /* GRE routing: source route entry list too long */
	/* ---- IKE (ikev1.c, ikev2.c, ike_*.c) ---- */
	EV_IKE_BAD_VERSION,        /* major version neither 1 nor 2 */
	EV_IKE_BAD_LENGTH,         /* header length disagrees with the datagram */
	EV_IKE_PAYLOAD_BAD_LENGTH, /* payload length below its header or past the message */
	EV_IKE_TOO_MANY_PAYLOADS,  /* payload chain longer than the cap */
	EV_IKE_CHAIN_UNTERMINATED, /* next payload says more, the message has ended */
	EV_IKE_TRAILING_DATA,      /* bytes after the last payload */
	EV_IKE_ATTR_BAD_LENGTH,    /* an attribute runs past its container */
	EV_IKE_COUNT_MISMATCH,     /* a count field disagrees with the payloads present */
	EV_IKE_RETRANSMISSION,     /* the same message was seen before */
	EV_IKE_NOTIFY_ERROR,       /* an error notification */
	EV_IKE_NAT_DETECTED,       /* NAT-D hashes show address translation */
	EV_IKE_FRAG_REASSEMBLED,   /* vendor IKE fragments reassembled */
	EV_IKE_FRAG_EVICTED,       /* fragment table full: oldest set dropped */
	EV_IKE_CERT_BAD,           /* certificate data that does not parse */
	EV_IKE_CERT_EXPIRED,       /* certificate outside its validity at capture time */
	EV_IKE_KEY_PROBLEM,        /* a key for the IKE SA that does not fit (garbage, ICV) */

	/* ---- ESP/AH decryption and keys (esp_*.c, keyring.c) ---- */
	EV_ESP_ICV_BAD,        /* the ICV / AEAD tag does not match */
	EV_ESP_PAD_BAD,        /* padding not 1, 2, 3, ... */
	EV_ESP_GARBAGE,        /* decrypted payload implausible: wrong key? */
	EV_ESP_KEY_UNUSABLE,   /* an SA for the SPI, but its key cannot be used */
	EV_ESP_BAD_LENGTH,     /* too short for the cipher, or not whole blocks */
	EV_ESP_SEQ_WRONG,      /* sequence number not the previous + 1 */
	EV_ESP_SEQ_REPLAY,     /* sequence number seen before (or too old) */
	EV_AH_ICV_BAD,         /* AH ICV does not match */

	/* ---- L2TP, PPP, PPTP (l2tp.c, ppp.c, pptp.c) ---- */
	EV_L2TP_BAD_VERSION,
	EV_L2TP_BAD_LENGTH,
	EV_L2TP_AVP_BAD_LENGTH,
	EV_L2TP_TOO_MANY_AVPS,
	EV_L2TP_HIDDEN_AVP,
	EV_L2TP_RETRANSMISSION,  /* a control message sent again (same Ns) */
	EV_L2TP_STOPCCN,         /* the control connection is torn down (result code) */
	EV_L2TP_CDN,             /* a session is torn down (result code) */
	EV_L2TP_STATE_EVICTED,   /* control-channel table full: a tunnel forgotten */
	EV_PPP_BAD_LENGTH,
	EV_PPP_BAD_OPTION_LENGTH,
	EV_PPP_TOO_MANY_OPTIONS,
	EV_PPP_AUTH_NAKED,       /* LCP Configure-Nak of the authentication protocol */
	EV_PPP_AUTH_REJECTED,    /* LCP Configure-Reject of the authentication protocol */
	EV_PPP_AUTH_FAILED,      /* CHAP/MS-CHAP Failure, PAP Nak, EAP Failure */
	EV_PPP_CODE_REJECT,
	EV_PPP_PROTOCOL_REJECT,
	EV_PPTP_BAD_MAGIC,
	EV_PPTP_BAD_LENGTH,
	EV_PPTP_RESULT_ERROR,    /* a reply with a result other than success, a CDN */
	EV_PPTP_RETRANSMISSION,
	EV_PPTP_OUT_OF_ORDER,
	EV_PPTP_STREAM_EVICTED,

	EV__COUNT
} EventId;

typedef struct {
	const char *name;    /* stable name: "ip.checksum.bad" */
	Severity severity;
	const char *group;   /* "Malformed", "Checksum", "Sequence", "Protocol", "Reassemble" */
	const char *summary; /* "Bad IPv4 header checksum" */
} EventDef;

const EventDef *event_def(EventId id);
const char *severity_name(Severity s);

#endif
