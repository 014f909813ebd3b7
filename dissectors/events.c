/*
 * events.c - the table of decode events.
 */
#include "config.h"

#include "events.h"

static const EventDef event_table[EV__COUNT] = {
	[EV_NONE] = { "none", SEV_CHAT, "Comment", "No event" },
	[EV_TRUNCATED] = { "frame.truncated", SEV_ERROR, "Malformed", "Packet size limited during capture" },
	[EV_MALFORMED] = { "malformed", SEV_ERROR, "Malformed", "Malformed packet: a length points past the data" },
	[EV_LINK_UNSUPPORTED] = { "frame.link_unsupported", SEV_WARN, "Undecoded", "Link type not supported" },
	[EV_IP_BAD_VERSION] = { "ip.version.bad", SEV_ERROR, "Malformed", "Bogus IP version" },
	[EV_IP_BAD_HDR_LEN] = { "ip.hdr_len.bad", SEV_ERROR, "Malformed", "Bogus IP header length" },
	[EV_IP_BAD_TOTAL_LEN] = { "ip.len.bad", SEV_ERROR, "Malformed", "Bogus IP length" },
	[EV_IP_BAD_CHECKSUM] = { "ip.checksum.bad", SEV_ERROR, "Checksum", "Bad IPv4 header checksum" },
	[EV_IP_TTL_ZERO] = { "ip.ttl.zero", SEV_NOTE, "Sequence", "Time to live is zero" },
	[EV_IP_OPTION_BAD] = { "ip.opt.bad", SEV_WARN, "Malformed", "Bad IPv4 option" },
	[EV_IP_FRAGMENT] = { "ip.fragment", SEV_NOTE, "Reassemble", "IP fragment" },
	[EV_IP_REASSEMBLED] = { "ip.reassembled", SEV_CHAT, "Reassemble", "IP datagram reassembled" },
	[EV_IP_FRAG_OVERLAP] = { "ip.fragment.overlap", SEV_WARN, "Reassemble", "Overlapping IP fragments" },
	[EV_IP_FRAG_TOO_BIG] = { "ip.fragment.too_long", SEV_ERROR, "Reassemble", "Reassembled datagram too long" },
	[EV_IP_FRAG_EVICTED] = { "ip.fragment.evicted", SEV_WARN, "Reassemble",
				 "Reassembly table full: an incomplete datagram was dropped" },
	[EV_IPV6_BAD_EXT_HDR] = { "ipv6.ext.bad", SEV_ERROR, "Malformed", "Bad IPv6 extension header" },
	[EV_IPV6_TOO_MANY_EXT_HDRS] = { "ipv6.ext.too_many", SEV_WARN, "Malformed",
					"Too many IPv6 extension headers" },
	[EV_UDP_BAD_LENGTH] = { "udp.length.bad", SEV_ERROR, "Malformed", "Bad UDP length" },
	[EV_UDP_LENGTH_SHORT] = { "udp.length.short", SEV_NOTE, "Protocol", "UDP length shorter than the IP payload" },
	[EV_TCP_BAD_HDR_LEN] = { "tcp.hdr_len.bad", SEV_ERROR, "Malformed", "Bogus TCP header length" },
	[EV_ICMP_BAD_CHECKSUM] = { "icmp.checksum.bad", SEV_WARN, "Checksum", "Bad ICMP checksum" },
	[EV_ICMP_DEST_UNREACH] = { "icmp.unreachable", SEV_WARN, "Response", "Destination unreachable" },
	[EV_DNS_NAME_LOOP] = { "dns.name.loop", SEV_ERROR, "Malformed", "DNS name compression loop" },
	[EV_DNS_NAME_TOO_LONG] = { "dns.name.too_long", SEV_ERROR, "Malformed", "DNS name too long" },
	[EV_DNS_BAD_LABEL] = { "dns.label.bad", SEV_ERROR, "Malformed", "Bad DNS label" },
	[EV_DNS_TOO_MANY_RECORDS] = { "dns.records.too_many", SEV_WARN, "Malformed", "Too many DNS records" },
	[EV_NESTING_TOO_DEEP] = { "frame.nesting_too_deep", SEV_ERROR, "Malformed",
				  "Encapsulation nested too deeply" },
	[EV_GRE_BAD_VERSION] = { "gre.version.bad", SEV_WARN, "Protocol", "Unknown GRE version" },
	[EV_PPP_UNKNOWN_PROTOCOL] = { "ppp.protocol.unknown", SEV_NOTE, "Undecoded", "Unknown PPP protocol" },
	[EV_ESP_TOO_SHORT] = { "esp.too_short", SEV_ERROR, "Malformed", "ESP packet too short" },
	[EV_AH_BAD_LENGTH] = { "ah.length.bad", SEV_ERROR, "Malformed", "Bad AH length" },
	[EV_GRE_BAD_CHECKSUM] = { "gre.checksum.incorrect", SEV_WARN, "Checksum", "Incorrect GRE Checksum" },
	[EV_GRE_TOO_MANY_SRES] = { "gre.routing.too_many", SEV_WARN, "Malformed",
				   "Too many GRE source route entries" },
	/* ---- L2TP, PPP, PPTP ---- */
	[EV_L2TP_BAD_VERSION] = { "l2tp.version.bad", SEV_WARN, "Protocol", "Unknown L2TP version" },
	[EV_L2TP_BAD_LENGTH] = { "l2tp.length.bad", SEV_ERROR, "Malformed", "Bad L2TP length" },
	[EV_L2TP_AVP_BAD_LENGTH] = { "l2tp.avp_length.bad", SEV_ERROR, "Malformed", "Bad AVP length" },
	[EV_L2TP_TOO_MANY_AVPS] = { "l2tp.avp.too_many", SEV_WARN, "Malformed", "Too many L2TP AVPs" },
	[EV_L2TP_HIDDEN_AVP] = { "l2tp.avp.hidden", SEV_NOTE, "Undecoded", "Hidden AVP (needs the tunnel secret)" },
	[EV_L2TP_RETRANSMISSION] = { "l2tp.retransmission", SEV_NOTE, "Sequence",
				     "L2TP control message retransmitted" },
	[EV_L2TP_STOPCCN] = { "l2tp.stopccn", SEV_WARN, "Response", "L2TP control connection stopped" },
	[EV_L2TP_CDN] = { "l2tp.cdn", SEV_WARN, "Response", "L2TP session disconnected" },
	[EV_L2TP_STATE_EVICTED] = { "l2tp.state.evicted", SEV_WARN, "Sequence",
				    "L2TP tunnel table full: the least recently used tunnel was forgotten" },
	[EV_PPP_BAD_LENGTH] = { "ppp.length.bad", SEV_ERROR, "Malformed", "Bad PPP control packet length" },
	[EV_PPP_BAD_OPTION_LENGTH] = { "ppp.opt.len.invalid", SEV_ERROR, "Malformed", "Invalid length for option" },
	[EV_PPP_TOO_MANY_OPTIONS] = { "ppp.opt.too_many", SEV_WARN, "Malformed", "Too many PPP options" },
	[EV_PPP_AUTH_NAKED] = { "ppp.auth.naked", SEV_WARN, "Response",
				"The peer naks the authentication protocol" },
	[EV_PPP_AUTH_REJECTED] = { "ppp.auth.rejected", SEV_WARN, "Response",
				   "The peer rejects the authentication protocol" },
	[EV_PPP_AUTH_FAILED] = { "ppp.auth.failed", SEV_WARN, "Response", "PPP authentication failed" },
	[EV_PPP_CODE_REJECT] = { "ppp.code_reject", SEV_WARN, "Protocol", "PPP Code-Reject" },
	[EV_PPP_PROTOCOL_REJECT] = { "ppp.protocol_reject", SEV_NOTE, "Protocol", "PPP Protocol-Reject" },
	[EV_PPTP_BAD_MAGIC] = { "pptp.magic_cookie.incorrect", SEV_WARN, "Protocol", "Incorrect Magic Cookie" },
	[EV_PPTP_BAD_LENGTH] = { "pptp.length.bad", SEV_ERROR, "Malformed", "Bad PPTP message length" },
	[EV_PPTP_RESULT_ERROR] = { "pptp.result.error", SEV_WARN, "Response", "PPTP reply reports an error" },
	[EV_PPTP_RETRANSMISSION] = { "pptp.retransmission", SEV_NOTE, "Sequence", "PPTP segment retransmitted" },
	[EV_PPTP_OUT_OF_ORDER] = { "pptp.out_of_order", SEV_NOTE, "Sequence", "PPTP segment out of order" },
	[EV_PPTP_STREAM_EVICTED] = { "pptp.stream.evicted", SEV_WARN, "Reassemble",
				     "PPTP stream table full: the least recently used stream was forgotten" },
	/* ---- ESP/AH decryption and keys ---- */
	[EV_ESP_ICV_BAD] = { "esp.icv.bad", SEV_ERROR, "Checksum", "ESP ICV incorrect" },
	[EV_ESP_PAD_BAD] = { "esp.pad.bad", SEV_WARN, "Malformed", "ESP padding is not 1, 2, 3, ..." },
	[EV_ESP_GARBAGE] = { "esp.decrypt.garbage", SEV_WARN, "Decryption",
			     "Decrypted ESP payload is implausible (wrong key?)" },
	[EV_ESP_KEY_UNUSABLE] = { "esp.key.unusable", SEV_WARN, "Decryption", "The key for this SPI is unusable" },
	[EV_ESP_BAD_LENGTH] = { "esp.length.bad", SEV_ERROR, "Malformed",
				"ESP payload too short or not whole cipher blocks" },
	[EV_ESP_SEQ_WRONG] = { "esp.sequence.wrong", SEV_WARN, "Sequence", "Wrong Sequence Number" },
	[EV_ESP_SEQ_REPLAY] = { "esp.sequence.replay", SEV_WARN, "Sequence", "ESP sequence number replayed" },
	[EV_AH_ICV_BAD] = { "ah.icv.bad", SEV_ERROR, "Checksum", "AH ICV incorrect" },
	/* IKE */
	[EV_IKE_BAD_VERSION] = { "isakmp.version.bad", SEV_ERROR, "Malformed", "Unknown IKE major version" },
	[EV_IKE_BAD_LENGTH] = { "isakmp.length.bad", SEV_WARN, "Malformed",
				"ISAKMP length disagrees with the datagram" },
	[EV_IKE_PAYLOAD_BAD_LENGTH] = { "isakmp.payloadlength.invalid", SEV_ERROR, "Malformed",
					"Invalid payload length" },
	[EV_IKE_TOO_MANY_PAYLOADS] = { "isakmp.payloads.too_many", SEV_WARN, "Malformed",
				       "Too many payloads in one chain" },
	[EV_IKE_CHAIN_UNTERMINATED] = { "isakmp.nextpayload.unterminated", SEV_WARN, "Malformed",
					"Next payload announced but the message has ended" },
	[EV_IKE_TRAILING_DATA] = { "isakmp.extradata", SEV_NOTE, "Malformed", "Extra data after the last payload" },
	[EV_IKE_ATTR_BAD_LENGTH] = { "isakmp.attr.length.bad", SEV_ERROR, "Malformed",
				     "Attribute length runs past its payload" },
	[EV_IKE_COUNT_MISMATCH] = { "isakmp.count.mismatch", SEV_WARN, "Malformed",
				    "Count field disagrees with the payloads present" },
	[EV_IKE_RETRANSMISSION] = { "isakmp.retransmission", SEV_NOTE, "Sequence", "IKE message retransmitted" },
	[EV_IKE_NOTIFY_ERROR] = { "isakmp.notify.error", SEV_WARN, "Response", "IKE error notification" },
	[EV_IKE_NAT_DETECTED] = { "isakmp.nat.detected", SEV_CHAT, "Protocol",
				  "NAT detected: NAT-D hash does not match the packet's address" },
	[EV_IKE_FRAG_REASSEMBLED] = { "isakmp.reassembled", SEV_CHAT, "Reassemble", "IKE message reassembled" },
	[EV_IKE_FRAG_EVICTED] = { "isakmp.fragment.evicted", SEV_WARN, "Reassemble",
				  "IKE fragment table full: oldest message dropped" },
	[EV_IKE_CERT_BAD] = { "isakmp.cert.bad", SEV_WARN, "Malformed", "Certificate does not parse" },
	[EV_IKE_CERT_EXPIRED] = { "isakmp.cert.expired", SEV_WARN, "Protocol",
				  "Certificate not valid at capture time" },
	[EV_IKE_KEY_PROBLEM] = { "isakmp.decrypt.key_problem", SEV_WARN, "Decryption",
				 "The key for this IKE SA does not decrypt it" },
};

const EventDef *event_def(EventId id)
{
	if ((unsigned)id >= EV__COUNT || !event_table[id].name)
		return &event_table[EV_NONE];
	return &event_table[id];
}

const char *severity_name(Severity s)
{
	switch (s) {
	case SEV_CHAT: return "Chat";
	case SEV_NOTE: return "Note";
	case SEV_WARN: return "Warning";
	case SEV_ERROR: return "Error";
	}
	return "?";
}
