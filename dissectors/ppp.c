/*
 * ppp.c - the PPP control and authentication protocols that run inside
 * L2TP, PPTP's enhanced GRE and PPPoE: LCP (RFC 1661, RFC 1570), PAP
 * (RFC 1334), CHAP (RFC 1994) with MS-CHAP v1 and v2 (RFC 2433, RFC 2759),
 * EAP (RFC 3748), IPCP (RFC 1332, RFC 1877), IPV6CP (RFC 5072) and CCP
 * (RFC 1962, MPPE/MPPC bits of RFC 3078 / RFC 2118).
 *
 * The PPP header itself (address/control, protocol field) is link.c's
 * ppp_common(); it hands the payload to the dissector bound to the
 * protocol in registry.c's PPP table.
 *
 * Every control protocol shares the RFC 1661 packet layout:
 *
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Code      |  Identifier   |            Length             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Data (Configure-*: options, Type | Length | Data ...)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Wireshark has no decoding of MS-CHAP inside CHAP; ikescope shows the
 * MS-CHAPv2 response's peer challenge, NT-response and flags, and the
 * Success (S=, M=) and Failure (E=, R=, C=, V=, M=) strings field by
 * field with the meaning of the error code: "error 691" lives there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protos.h"

enum {
	PPP_MAX_OPTIONS = 64,   /* configuration options shown per packet */
	PPP_MAX_MSCHAP_KEYS = 8 /* key=value pairs read in an MS-CHAP message */
};

enum {
	F_PPP_CODE,
	F_PPP_IDENTIFIER,
	F_PPP_LENGTH,
	F_PPP_DATA,
	/* LCP */
	F_LCP,
	F_LCP_OPT_TYPE,
	F_LCP_OPT_LENGTH,
	F_LCP_OPT_DATA,
	F_LCP_OPT_MRU,
	F_LCP_OPT_ASYNCMAP,
	F_LCP_OPT_AUTH_PROTOCOL,
	F_LCP_OPT_ALGORITHM,
	F_LCP_OPT_QUALITY_PROTOCOL,
	F_LCP_OPT_REPORTING_PERIOD,
	F_LCP_OPT_MAGIC_NUMBER,
	F_LCP_OPT_OPERATION,
	F_LCP_OPT_MESSAGE,
	F_LCP_OPT_MRRU,
	F_LCP_OPT_EP_DISC_CLASS,
	F_LCP_MAGIC_NUMBER,
	F_LCP_DATA,
	F_LCP_MESSAGE,
	F_LCP_SECS_REMAINING,
	F_LCP_REJ_PROTO,
	/* PAP */
	F_PAP,
	F_PAP_CODE,
	F_PAP_IDENTIFIER,
	F_PAP_LENGTH,
	F_PAP_DATA,
	F_PAP_PEER_ID_LENGTH,
	F_PAP_PEER_ID,
	F_PAP_PASSWORD_LENGTH,
	F_PAP_PASSWORD,
	F_PAP_MESSAGE_LENGTH,
	F_PAP_MESSAGE,
	F_PAP_STUFF,
	/* CHAP and MS-CHAP */
	F_CHAP,
	F_CHAP_CODE,
	F_CHAP_IDENTIFIER,
	F_CHAP_LENGTH,
	F_CHAP_DATA,
	F_CHAP_VALUE_SIZE,
	F_CHAP_VALUE,
	F_CHAP_NAME,
	F_CHAP_MESSAGE,
	F_CHAP_STUFF,
	F_MSCHAP_PEER_CHALLENGE,
	F_MSCHAP_RESERVED,
	F_MSCHAP_LM_RESPONSE,
	F_MSCHAP_NT_RESPONSE,
	F_MSCHAP_FLAGS,
	F_MSCHAP_AUTH_RESPONSE,
	F_MSCHAP_ERROR,
	F_MSCHAP_RETRY,
	F_MSCHAP_CHALLENGE,
	F_MSCHAP_VERSION,
	F_MSCHAP_MESSAGE,
	/* EAP */
	F_EAP,
	F_EAP_CODE,
	F_EAP_ID,
	F_EAP_LEN,
	F_EAP_TYPE,
	F_EAP_DESIRED_TYPE,
	F_EAP_IDENTITY,
	F_EAP_NOTIFICATION,
	F_EAP_MD5_VALUE_SIZE,
	F_EAP_MD5_VALUE,
	F_EAP_MD5_EXTRA,
	F_EAP_DATA,
	/* IPCP */
	F_IPCP,
	F_IPCP_OPT_TYPE,
	F_IPCP_OPT_LENGTH,
	F_IPCP_OPT_COMPRESS_PROTO,
	F_IPCP_OPT_MAX_SLOT_ID,
	F_IPCP_OPT_COMP_SLOT_ID,
	F_IPCP_OPT_SRC_ADDRESS,
	F_IPCP_OPT_DST_ADDRESS,
	F_IPCP_OPT_IP_ADDRESS,
	F_IPCP_OPT_MOBILE_HOME,
	F_IPCP_OPT_PRI_DNS,
	F_IPCP_OPT_PRI_NBNS,
	F_IPCP_OPT_SEC_DNS,
	F_IPCP_OPT_SEC_NBNS,
	F_IPCP_DATA,
	/* IPV6CP */
	F_IPV6CP,
	F_IPV6CP_OPT_TYPE,
	F_IPV6CP_OPT_LENGTH,
	F_IPV6CP_INTERFACE_ID,
	/* CCP */
	F_CCP,
	F_CCP_OPT_TYPE,
	F_CCP_OPT_LENGTH,
	F_CCP_OPT_SUPPORTED_BITS,
	F_CCP_OPT_BITS_H,
	F_CCP_OPT_BITS_M,
	F_CCP_OPT_BITS_S,
	F_CCP_OPT_BITS_L,
	F_CCP_OPT_BITS_D,
	F_CCP_OPT_BITS_C,
	F_CCP_OPT_DATA,
	/* compressed datagrams */
	F_COMP_DATA,
	F_PPP__COUNT
};

/* ---- value tables --------------------------------------------------- */

static const ValueString cp_code_vals[] = {
	{ 0, "Vendor Specific" },
	{ 1, "Configuration Request" },
	{ 2, "Configuration Ack" },
	{ 3, "Configuration Nak" },
	{ 4, "Configuration Reject" },
	{ 5, "Termination Request" },
	{ 6, "Termination Ack" },
	{ 7, "Code Reject" },
	{ 8, "Protocol Reject" },
	{ 9, "Echo Request" },
	{ 10, "Echo Reply" },
	{ 11, "Discard Request" },
	{ 12, "Identification" },
	{ 13, "Time Remaining" },
	{ 14, "Reset Request" },
	{ 15, "Reset Ack" },
	{ 0, NULL },
};

static const ValueString lcp_opt_vals[] = {
	{ 0, "Vendor Specific" },
	{ 1, "Maximum Receive Unit" },
	{ 2, "Async Control Character Map" },
	{ 3, "Authentication Protocol" },
	{ 4, "Quality Protocol" },
	{ 5, "Magic Number" },
	{ 6, "Link Quality Monitoring" },
	{ 7, "Protocol Field Compression" },
	{ 8, "Address and Control Field Compression" },
	{ 9, "FCS Alternatives" },
	{ 10, "Self Describing Pad" },
	{ 11, "Numbered Mode" },
	{ 12, "Multi Link Procedure" },
	{ 13, "Callback" },
	{ 14, "Connect Time" },
	{ 15, "Compound Frames (Deprecated)" },
	{ 16, "Nominal Data Encapsulation (Deprecated)" },
	{ 17, "Multilink MRRU" },
	{ 18, "Multilink Short Sequence Number Header" },
	{ 19, "Multilink Endpoint Discriminator" },
	{ 20, "Proprietary" },
	{ 21, "DCE Identifier" },
	{ 22, "Multi Link Plus Procedure" },
	{ 23, "Link Discriminator for BACP" },
	{ 24, "LCP Authentication Option" },
	{ 25, "Consistent Overhead Byte Stuffing (COBS)" },
	{ 26, "Prefix Elision" },
	{ 27, "Multilink header format" },
	{ 28, "Internationalization" },
	{ 29, "Simple Data Link on SONET/SDH" },
	{ 0, NULL },
};

static const ValueString chap_algo_vals[] = {
	{ 5, "CHAP with MD5" },
	{ 6, "SHA1" },
	{ 7, "CHAP with SHA-256" },
	{ 8, "CHAP with SHA3-256" },
	{ 128, "MS-CHAP" },
	{ 129, "MS-CHAP-2" },
	{ 0, NULL },
};

static const ValueString callback_op_vals[] = {
	{ 0, "Location is determined by user authentication" },
	{ 1, "Message is dialing string" },
	{ 2, "Message is location identifier" },
	{ 3, "Message is E.164" },
	{ 4, "Message is distinguished name" },
	{ 5, "unassigned" },
	{ 6, "Location is determined during CBCP negotiation" },
	{ 0, NULL },
};

static const ValueString pap_code_vals[] = {
	{ 1, "Authenticate-Request" },
	{ 2, "Authenticate-Ack" },
	{ 3, "Authenticate-Nak" },
	{ 0, NULL },
};

static const ValueString chap_code_vals[] = {
	{ 1, "Challenge" },
	{ 2, "Response" },
	{ 3, "Success" },
	{ 4, "Failure" },
	{ 0, NULL },
};

static const ValueString eap_code_vals[] = {
	{ 1, "Request" },
	{ 2, "Response" },
	{ 3, "Success" },
	{ 4, "Failure" },
	{ 5, "Initiate" },
	{ 6, "Finish" },
	{ 0, NULL },
};

static const ValueString eap_type_vals[] = {
	{ 1, "Identity" },
	{ 2, "Notification" },
	{ 3, "Legacy Nak (Response Only)" },
	{ 4, "MD5-Challenge EAP (EAP-MD5-CHALLENGE)" },
	{ 5, "One-Time Password EAP (EAP-OTP)" },
	{ 6, "Generic Token Card EAP (EAP-GTC)" },
	{ 13, "TLS EAP (EAP-TLS)" },
	{ 17, "Cisco Wireless EAP / Lightweight EAP (EAP-LEAP)" },
	{ 18, "GSM Subscriber Identity Modules EAP (EAP-SIM)" },
	{ 21, "Tunneled TLS EAP (EAP-TTLS)" },
	{ 23, "UMTS Authentication and Key Agreement EAP (EAP-AKA)" },
	{ 25, "Protected EAP (EAP-PEAP)" },
	{ 26, "MS-CHAP-v2 EAP (EAP-MS-CHAP-V2)" },
	{ 33, "MS-Authentication TLV (MS-AUTH-TLV)" },
	{ 43, "EAP Flexible Authentication via Secure Tunneling (EAP-FAST)" },
	{ 49, "EAP Internet Key Exchange v2 (EAP-IKEv2)" },
	{ 50, "EAP-AKA' (EAP-AKA-PRIME)" },
	{ 254, "Expanded Type" },
	{ 255, "Experimental" },
	{ 0, NULL },
};

static const ValueString ipcp_opt_vals[] = {
	{ 1, "IP Addresses (deprecated)" },
	{ 2, "IP Compression Protocol" },
	{ 3, "IP Address" },
	{ 4, "Mobile Node's Home IP Address" },
	{ 129, "Primary DNS Server IP Address" },
	{ 130, "Primary NBNS Server IP Address" },
	{ 131, "Secondary DNS Server IP Address" },
	{ 132, "Secondary NBNS Server IP Address" },
	{ 0, NULL },
};

static const ValueString ipcp_compress_vals[] = {
	{ 0x002d, "VJ compression" },
	{ 0x0061, "IPHC compression" },
	{ 0x0003, "ROHC compression" },
	{ 0, NULL },
};

static const ValueString ipv6cp_opt_vals[] = {
	{ 1, "Interface Identifier" },
	{ 2, "IPv6 compression" },
	{ 0, NULL },
};

static const ValueString ccp_opt_vals[] = {
	{ 0, "OUI" },
	{ 1, "Predictor type 1" },
	{ 2, "Predictor type 2" },
	{ 3, "Puddle Jumper" },
	{ 16, "Hewlett-Packard PPC" },
	{ 17, "Stac Electronics LZS" },
	{ 18, "Microsoft PPE/PPC" },
	{ 19, "Gandalf FZA" },
	{ 20, "V.42bis compression" },
	{ 21, "BSD LZW Compress" },
	{ 23, "LZS-DCP" },
	{ 24, "MVRCA (Magnalink)" },
	{ 25, "PPP for Data Compression in Data Circuit-Terminating Equipment (DCE)" },
	{ 26, "Deflate" },
	{ 27, "V.44/LZJH compression" },
	{ 0, NULL },
};

/* MS-CHAP Failure error codes (RFC 2433 section 6, RFC 2759 section 6). */
const ValueString mschap_error_vals[] = {
	{ 646, "ERROR_RESTRICTED_LOGON_HOURS: logon outside the allowed hours" },
	{ 647, "ERROR_ACCT_DISABLED: the account is disabled" },
	{ 648, "ERROR_PASSWD_EXPIRED: the password has expired" },
	{ 649, "ERROR_NO_DIALIN_PERMISSION: the account has no dial-in (remote access) permission" },
	{ 691, "ERROR_AUTHENTICATION_FAILURE: bad user name or password" },
	{ 709, "ERROR_CHANGING_PASSWORD: the password change failed" },
	{ 0, NULL },
};

static const FieldDef ppp_fields[F_PPP__COUNT] = {
	[F_PPP_CODE] = { "ppp.code", "Code", FT_UINT8, BASE_DEC, cp_code_vals, 0, NULL },
	[F_PPP_IDENTIFIER] = { "ppp.identifier", "Identifier", FT_UINT8, BASE_DEC_HEX, NULL, 0, NULL },
	[F_PPP_LENGTH] = { "ppp.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_PPP_DATA] = { "ppp.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_LCP] = { "lcp", "PPP Link Control Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_LCP_OPT_TYPE] = { "lcp.opt.type", "Type", FT_UINT8, BASE_DEC, lcp_opt_vals, 0, NULL },
	[F_LCP_OPT_LENGTH] = { "lcp.opt.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_LCP_OPT_DATA] = { "lcp.opt.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_LCP_OPT_MRU] = { "lcp.opt.mru", "Maximum Receive Unit", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_LCP_OPT_ASYNCMAP] = { "lcp.opt.asyncmap", "Async Control Character Map", FT_UINT32, BASE_HEX, NULL, 0,
				 NULL },
	[F_LCP_OPT_AUTH_PROTOCOL] = { "lcp.opt.auth_protocol", "Authentication Protocol", FT_UINT16, BASE_HEX,
				      ppp_protocol_vals, 0, NULL },
	[F_LCP_OPT_ALGORITHM] = { "lcp.opt.algorithm", "Algorithm", FT_UINT8, BASE_DEC, chap_algo_vals, 0, NULL },
	[F_LCP_OPT_QUALITY_PROTOCOL] = { "lcp.opt.quality_protocol", "Quality Protocol", FT_UINT16, BASE_HEX,
					 ppp_protocol_vals, 0, NULL },
	[F_LCP_OPT_REPORTING_PERIOD] = { "lcp.opt.reporting_period", "Reporting Period", FT_UINT32, BASE_DEC, NULL,
					 0, NULL },
	[F_LCP_OPT_MAGIC_NUMBER] = { "lcp.opt.magic_number", "Magic Number", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_LCP_OPT_OPERATION] = { "lcp.opt.operation", "Operation", FT_UINT8, BASE_DEC, callback_op_vals, 0, NULL },
	[F_LCP_OPT_MESSAGE] = { "lcp.opt.message", "Message", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_LCP_OPT_MRRU] = { "lcp.opt.mrru", "MRRU", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_LCP_OPT_EP_DISC_CLASS] = { "lcp.opt.ep_disc_class", "Class", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_LCP_MAGIC_NUMBER] = { "lcp.magic_number", "Magic Number", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_LCP_DATA] = { "lcp.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_LCP_MESSAGE] = { "lcp.message", "Message", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_LCP_SECS_REMAINING] = { "lcp.secs_remaining", "Seconds Remaining", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_LCP_REJ_PROTO] = { "lcp.rej_proto", "Rejected Protocol", FT_UINT16, BASE_HEX, ppp_protocol_vals, 0,
			      NULL },
	[F_PAP] = { "pap", "PPP Password Authentication Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_PAP_CODE] = { "pap.code", "Code", FT_UINT8, BASE_DEC, pap_code_vals, 0, NULL },
	[F_PAP_IDENTIFIER] = { "pap.identifier", "Identifier", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_PAP_LENGTH] = { "pap.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_PAP_DATA] = { "pap.data", "Data", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_PAP_PEER_ID_LENGTH] = { "pap.peer_id.length", "Peer-ID-Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_PAP_PEER_ID] = { "pap.peer_id", "Peer-ID", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_PAP_PASSWORD_LENGTH] = { "pap.password.length", "Password-Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_PAP_PASSWORD] = { "pap.password", "Password", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_PAP_MESSAGE_LENGTH] = { "pap.message.length", "Message-Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_PAP_MESSAGE] = { "pap.message", "Message", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_PAP_STUFF] = { "pap.stuff", "stuff", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_CHAP] = { "chap", "PPP Challenge Handshake Authentication Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0,
		     NULL },
	[F_CHAP_CODE] = { "chap.code", "Code", FT_UINT8, BASE_DEC, chap_code_vals, 0, NULL },
	[F_CHAP_IDENTIFIER] = { "chap.identifier", "Identifier", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CHAP_LENGTH] = { "chap.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_CHAP_DATA] = { "chap.data", "Data", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_CHAP_VALUE_SIZE] = { "chap.value_size", "Value Size", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CHAP_VALUE] = { "chap.value", "Value", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_CHAP_NAME] = { "chap.name", "Name", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CHAP_MESSAGE] = { "chap.message", "Message", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CHAP_STUFF] = { "chap.stuff", "Stuff", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	/* ikescope's own: Wireshark leaves MS-CHAP inside CHAP undecoded */
	[F_MSCHAP_PEER_CHALLENGE] = { "chap.mschapv2.peer_challenge", "Peer-Challenge", FT_BYTES, BASE_NONE, NULL,
				      0, NULL },
	[F_MSCHAP_RESERVED] = { "chap.mschapv2.reserved", "Reserved", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_MSCHAP_LM_RESPONSE] = { "chap.mschap.lm_response", "LM-Response", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_MSCHAP_NT_RESPONSE] = { "chap.mschap.nt_response", "NT-Response", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_MSCHAP_FLAGS] = { "chap.mschap.flags", "Flags", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_MSCHAP_AUTH_RESPONSE] = { "chap.mschapv2.auth_response", "Authenticator Response (S=)", FT_STRING,
				     BASE_NONE, NULL, 0, NULL },
	[F_MSCHAP_ERROR] = { "chap.mschap.error", "Error (E=)", FT_UINT32, BASE_DEC, mschap_error_vals, 0, NULL },
	[F_MSCHAP_RETRY] = { "chap.mschap.retry", "Retry allowed (R=)", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_MSCHAP_CHALLENGE] = { "chap.mschap.challenge", "New challenge (C=)", FT_STRING, BASE_NONE, NULL, 0,
				 NULL },
	[F_MSCHAP_VERSION] = { "chap.mschap.version", "Password change version (V=)", FT_UINT32, BASE_DEC, NULL, 0,
			       NULL },
	[F_MSCHAP_MESSAGE] = { "chap.mschap.message", "Message (M=)", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_EAP] = { "eap", "Extensible Authentication Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_EAP_CODE] = { "eap.code", "Code", FT_UINT8, BASE_DEC, eap_code_vals, 0, NULL },
	[F_EAP_ID] = { "eap.id", "Id", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_EAP_LEN] = { "eap.len", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_EAP_TYPE] = { "eap.type", "Type", FT_UINT8, BASE_DEC, eap_type_vals, 0, NULL },
	[F_EAP_DESIRED_TYPE] = { "eap.desired_type", "Desired Auth Type", FT_UINT8, BASE_DEC, eap_type_vals, 0,
				 NULL },
	[F_EAP_IDENTITY] = { "eap.identity", "Identity", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_EAP_NOTIFICATION] = { "eap.notification", "Notification", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_EAP_MD5_VALUE_SIZE] = { "eap.md5.value_size", "EAP-MD5 Value-Size", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_EAP_MD5_VALUE] = { "eap.md5.value", "EAP-MD5 Value", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_EAP_MD5_EXTRA] = { "eap.md5.extra_data", "EAP-MD5 Extra Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_EAP_DATA] = { "eap.data", "EAP Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IPCP] = { "ipcp", "PPP IP Control Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_IPCP_OPT_TYPE] = { "ipcp.opt.type", "Type", FT_UINT8, BASE_DEC, ipcp_opt_vals, 0, NULL },
	[F_IPCP_OPT_LENGTH] = { "ipcp.opt.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IPCP_OPT_COMPRESS_PROTO] = { "ipcp.opt.compress_proto", "IP Compression Protocol", FT_UINT16, BASE_HEX,
					ipcp_compress_vals, 0, NULL },
	[F_IPCP_OPT_MAX_SLOT_ID] = { "ipcp.opt.max_slot_id", "Max Slot ID", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IPCP_OPT_COMP_SLOT_ID] = { "ipcp.opt.comp_slot_id", "Comp Slot ID", FT_BOOLEAN, BASE_NONE, NULL, 0x01,
				      NULL },
	[F_IPCP_OPT_SRC_ADDRESS] = { "ipcp.opt.src_address", "Source IP Address", FT_IPv4, BASE_NONE, NULL, 0,
				     NULL },
	[F_IPCP_OPT_DST_ADDRESS] = { "ipcp.opt.dst_address", "Destination IP Address", FT_IPv4, BASE_NONE, NULL, 0,
				     NULL },
	[F_IPCP_OPT_IP_ADDRESS] = { "ipcp.opt.ip_address", "IP Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_IPCP_OPT_MOBILE_HOME] = { "ipcp.opt.mobilenodehomeaddress", "Mobile Node's Home Address", FT_IPv4,
				     BASE_NONE, NULL, 0, NULL },
	[F_IPCP_OPT_PRI_DNS] = { "ipcp.opt.pri_dns_address", "Primary DNS Address", FT_IPv4, BASE_NONE, NULL, 0,
				 NULL },
	[F_IPCP_OPT_PRI_NBNS] = { "ipcp.opt.pri_nbns_address", "Primary NBNS Address", FT_IPv4, BASE_NONE, NULL, 0,
				  NULL },
	[F_IPCP_OPT_SEC_DNS] = { "ipcp.opt.sec_dns_address", "Secondary DNS Address", FT_IPv4, BASE_NONE, NULL, 0,
				 NULL },
	[F_IPCP_OPT_SEC_NBNS] = { "ipcp.opt.sec_nbns_address", "Secondary NBNS Address", FT_IPv4, BASE_NONE, NULL,
				  0, NULL },
	[F_IPCP_DATA] = { "ipcp.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IPV6CP] = { "ipv6cp", "PPP IPv6 Control Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_IPV6CP_OPT_TYPE] = { "ipv6cp.opt.type", "Type", FT_UINT8, BASE_DEC, ipv6cp_opt_vals, 0, NULL },
	[F_IPV6CP_OPT_LENGTH] = { "ipv6cp.opt.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IPV6CP_INTERFACE_ID] = { "ipv6cp.interface_identifier", "Interface Identifier", FT_BYTES, BASE_NONE, NULL,
				    0, NULL },
	[F_CCP] = { "ccp", "PPP Compression Control Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_CCP_OPT_TYPE] = { "ccp.opt.type", "Type", FT_UINT8, BASE_DEC, ccp_opt_vals, 0, NULL },
	[F_CCP_OPT_LENGTH] = { "ccp.opt.length", "Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CCP_OPT_SUPPORTED_BITS] = { "ccp.opt.supported_bits", "Supported Bits", FT_UINT32, BASE_HEX, NULL, 0,
				       NULL },
	[F_CCP_OPT_BITS_H] = { "ccp.opt.supported_bits.h", "H", FT_BOOLEAN, BASE_NONE, NULL, 0x01000000, NULL },
	[F_CCP_OPT_BITS_M] = { "ccp.opt.supported_bits.m", "M", FT_BOOLEAN, BASE_NONE, NULL, 0x00000080, NULL },
	[F_CCP_OPT_BITS_S] = { "ccp.opt.supported_bits.s", "S", FT_BOOLEAN, BASE_NONE, NULL, 0x00000040, NULL },
	[F_CCP_OPT_BITS_L] = { "ccp.opt.supported_bits.l", "L", FT_BOOLEAN, BASE_NONE, NULL, 0x00000020, NULL },
	[F_CCP_OPT_BITS_D] = { "ccp.opt.supported_bits.d", "D", FT_BOOLEAN, BASE_NONE, NULL, 0x00000010, NULL },
	[F_CCP_OPT_BITS_C] = { "ccp.opt.supported_bits.c", "C", FT_BOOLEAN, BASE_NONE, NULL, 0x00000001, NULL },
	[F_CCP_OPT_DATA] = { "ccp.opt.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_COMP_DATA] = { "comp_data", "PPP Compressed Datagram", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
};

const FieldTable ppp_field_table = { "ppp", ppp_fields, F_PPP__COUNT };

/* ---- helpers shared with l2tp.c and pptp.c --------------------------- */

/* tshark's display form of a byte string: printable ASCII as is, C
 * escapes for \a..\r, other bytes as \ooo.  Stops at a NUL when `stop_nul`. */
size_t ppp_format_text(const uint8_t *s, size_t n, bool stop_nul, char *out, size_t size)
{
	static const char esc[] = { 'a', 'b', 't', 'n', 'v', 'f', 'r' }; /* 7..13 */
	size_t o = 0;
	if (size == 0)
		return 0;
	for (size_t i = 0; i < n && o + 5 < size; i++) {
		uint8_t b = s[i];
		if (b == 0 && stop_nul)
			break;
		if (b >= 0x20 && b < 0x7f)
			out[o++] = (char)b;
		else if (b >= 7 && b <= 13)
			o += (size_t)snprintf(out + o, size - o, "\\%c", esc[b - 7]);
		else
			o += (size_t)snprintf(out + o, size - o, "\\%03o", b);
	}
	out[o] = '\0';
	return o;
}

/* Add a string field from n bytes at the cursor (consumed). */
static TreeNode *add_text(TreeNode *t, const FieldDef *f, Cursor *c, size_t n, char *buf, size_t size)
{
	size_t at = cur_off(c);
	const uint8_t *p = cur_bytes(c, n);
	if (!p) {
		buf[0] = '\0';
		return NULL;
	}
	ppp_format_text(p, n, false, buf, size);
	return tree_add_string(t, f, c, at, n, buf);
}

/* ---- the control-protocol frame ------------------------------------ */

typedef struct CpDesc CpDesc;
typedef void (*OptFn)(Packet *pkt, Cursor *o, TreeNode *opt, uint8_t type, uint8_t code, const CpDesc *d);

struct CpDesc {
	int proto_field;          /* F_LCP ... */
	const char *label;        /* protocol column */
	const char *cursor_name;  /* for [|name] markers */
	const ValueString *opts;  /* option names */
	int opt_type_field, opt_length_field;
	OptFn opt;                /* option value decoder */
	uint16_t protocol;        /* PPP protocol number */
};

/* Option-length rules: the length each known option must have (0: any). */
static unsigned lcp_opt_len(uint8_t t)
{
	switch (t) {
	case 1: return 4;  /* MRU */
	case 2: return 6;  /* ACCM */
	case 5: return 6;  /* magic */
	case 7: case 8: return 2;
	case 17: return 4; /* MRRU */
	case 18: return 2;
	default: return 0;
	}
}

static void lcp_option(Packet *pkt, Cursor *o, TreeNode *t, uint8_t type, uint8_t code, const CpDesc *d)
{
	(void)d;
	size_t at = cur_off(o);
	size_t n = cur_left(o);
	switch (type) {
	case 1: {
		uint16_t v = cur_be16(o);
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_MRU], o, at, 2, v);
		tree_append_text(t, ": %u", v);
		return;
	}
	case 2: {
		uint32_t v = cur_be32(o);
		TreeNode *n2 = tree_add_uint(t, &ppp_fields[F_LCP_OPT_ASYNCMAP], o, at, 4, v);
		if (v == 0)
			tree_set_text(n2, "0x00000000 (None)");
		else if (v == 0xffffffffu)
			tree_set_text(n2, "0xffffffff (All)");
		tree_append_text(t, v == 0 ? ": 0x%08x (None)" : v == 0xffffffffu ? ": 0x%08x (All)" : ": 0x%08x", v);
		return;
	}
	case 3: {
		uint16_t proto = cur_be16(o);
		if (cur_failed(o))
			return;
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_AUTH_PROTOCOL], o, at, 2, proto);
		const char *pn = vs_lookup(ppp_protocol_vals, proto);
		tree_append_text(t, ": %s (0x%04x)", pn ? pn : "Unknown", proto);
		uint8_t algo = 0;
		if (proto == 0xc223 && cur_left(o) >= 1) {
			algo = cur_u8(o);
			tree_add_uint(t, &ppp_fields[F_LCP_OPT_ALGORITHM], o, at + 2, 1, algo);
		}
		if (cur_left(o) > 0) {
			size_t dat = cur_off(o), dn = cur_left(o);
			cur_skip(o, dn);
			tree_add_bytes(t, &ppp_fields[F_LCP_OPT_DATA], o, dat, dn);
		}
		if (!pkt->in_error && code >= 1 && code <= 4 && pkt->sum.ppp.auth_proto == 0) {
			pkt->sum.ppp.auth_proto = proto;
			pkt->sum.ppp.auth_algo = algo;
		}
		return;
	}
	case 4: {
		uint16_t proto = cur_be16(o);
		if (cur_failed(o))
			return;
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_QUALITY_PROTOCOL], o, at, 2, proto);
		const char *pn = vs_lookup(ppp_protocol_vals, proto);
		tree_append_text(t, ": %s (0x%04x)", pn ? pn : "Unknown", proto);
		if (proto == 0xc025 && cur_left(o) >= 4)
			tree_add_uint(t, &ppp_fields[F_LCP_OPT_REPORTING_PERIOD], o, at + 2, 4, cur_be32(o));
		break;
	}
	case 5: {
		uint32_t v = cur_be32(o);
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_MAGIC_NUMBER], o, at, 4, v);
		tree_append_text(t, ": 0x%08x", v);
		return;
	}
	case 7:
	case 8:
	case 18:
		return;
	case 13: {
		uint8_t op = cur_u8(o);
		if (cur_failed(o))
			return;
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_OPERATION], o, at, 1, op);
		tree_append_text(t, ": %s", vs_name(callback_op_vals, op, "Unknown"));
		if (cur_left(o) > 0) {
			size_t mn = cur_left(o);
			cur_skip(o, mn);
			tree_add_bytes(t, &ppp_fields[F_LCP_OPT_MESSAGE], o, at + 1, mn);
		}
		return;
	}
	case 17: {
		uint16_t v = cur_be16(o);
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_MRRU], o, at, 2, v);
		tree_append_text(t, ": %u", v);
		return;
	}
	case 19: {
		uint8_t cl = cur_u8(o);
		if (cur_failed(o))
			return;
		tree_add_uint(t, &ppp_fields[F_LCP_OPT_EP_DISC_CLASS], o, at, 1, cl);
		break;
	}
	default:
		break;
	}
	if (cur_left(o) > 0) {
		size_t dat = cur_off(o);
		n = cur_left(o);
		cur_skip(o, n);
		tree_add_bytes(t, &ppp_fields[F_LCP_OPT_DATA], o, dat, n);
	}
}

static void ipcp_option(Packet *pkt, Cursor *o, TreeNode *t, uint8_t type, uint8_t code, const CpDesc *d)
{
	(void)d;
	size_t at = cur_off(o);
	int f = -1;
	switch (type) {
	case 1: {
		uint8_t a[4], b[4];
		cur_copy(o, a, 4);
		cur_copy(o, b, 4);
		if (cur_failed(o))
			return;
		tree_add_addr(t, &ppp_fields[F_IPCP_OPT_SRC_ADDRESS], o, at, 4, a);
		tree_add_addr(t, &ppp_fields[F_IPCP_OPT_DST_ADDRESS], o, at + 4, 4, b);
		return;
	}
	case 2: {
		uint16_t proto = cur_be16(o);
		if (cur_failed(o))
			return;
		tree_add_uint(t, &ppp_fields[F_IPCP_OPT_COMPRESS_PROTO], o, at, 2, proto);
		if (proto == 0x002d && cur_left(o) >= 2) {
			uint8_t ms = cur_u8(o), cs = cur_u8(o);
			tree_add_uint(t, &ppp_fields[F_IPCP_OPT_MAX_SLOT_ID], o, at + 2, 1, ms);
			TreeNode *n = tree_add_uint(t, &ppp_fields[F_IPCP_OPT_COMP_SLOT_ID], o, at + 3, 1, cs);
			tree_set_text(n, "%s", (cs & 1) ? "The slot identifier may be compressed"
						      : "The slot identifier must not be compressed");
		}
		if (cur_left(o) > 0) {
			size_t n = cur_left(o), dat = cur_off(o);
			cur_skip(o, n);
			tree_add_bytes(t, &ppp_fields[F_IPCP_DATA], o, dat, n);
		}
		return;
	}
	case 3: f = F_IPCP_OPT_IP_ADDRESS; break;
	case 4: f = F_IPCP_OPT_MOBILE_HOME; break;
	case 129: f = F_IPCP_OPT_PRI_DNS; break;
	case 130: f = F_IPCP_OPT_PRI_NBNS; break;
	case 131: f = F_IPCP_OPT_SEC_DNS; break;
	case 132: f = F_IPCP_OPT_SEC_NBNS; break;
	default: break;
	}
	if (f >= 0) {
		uint8_t a[4];
		if (!cur_copy(o, a, 4))
			return;
		tree_add_addr(t, &ppp_fields[f], o, at, 4, a);
		if (!pkt->in_error && code >= 1 && code <= 4) {
			if (type == 3) {
				memcpy(pkt->sum.ppp.ipcp_addr, a, 4);
				pkt->sum.ppp.has_ipcp_addr = true;
			} else if (type == 129) {
				memcpy(pkt->sum.ppp.ipcp_dns1, a, 4);
			} else if (type == 131) {
				memcpy(pkt->sum.ppp.ipcp_dns2, a, 4);
			}
		}
		return;
	}
	if (cur_left(o) > 0) {
		size_t n = cur_left(o);
		cur_skip(o, n);
		tree_add_bytes(t, &ppp_fields[F_IPCP_DATA], o, at, n);
	}
}

static void ipv6cp_option(Packet *pkt, Cursor *o, TreeNode *t, uint8_t type, uint8_t code, const CpDesc *d)
{
	(void)pkt, (void)code, (void)d;
	size_t at = cur_off(o), n = cur_left(o);
	if (n == 0)
		return;
	cur_skip(o, n);
	if (type == 1) {
		TreeNode *x = tree_add_bytes(t, &ppp_fields[F_IPV6CP_INTERFACE_ID], o, at, n);
		if (x && n == 8) {
			const uint8_t *p = x->v.b.p;
			tree_set_text(x, "%x:%x:%x:%x", (unsigned)p[0] << 8 | p[1], (unsigned)p[2] << 8 | p[3],
				      (unsigned)p[4] << 8 | p[5], (unsigned)p[6] << 8 | p[7]);
			tree_append_text(t, ": %s", x->text);
		}
	} else {
		tree_add_bytes(t, &ppp_fields[F_PPP_DATA], o, at, n);
	}
}

static void ccp_option(Packet *pkt, Cursor *o, TreeNode *t, uint8_t type, uint8_t code, const CpDesc *d)
{
	(void)pkt, (void)code, (void)d;
	size_t at = cur_off(o), n = cur_left(o);
	if (type == 18 && n >= 4) {
		/* MPPE/MPPC (RFC 3078 section 2.1): H stateless, M 56-bit,
		 * S 128-bit, L 40-bit, D obsolete, C MPPC compression */
		uint32_t v = cur_be32(o);
		TreeNode *b = tree_add_uint(t, &ppp_fields[F_CCP_OPT_SUPPORTED_BITS], o, at, 4, v);
		if (b) {
			static const struct {
				int f;
				const char *name, *on, *off;
			} bits[] = {
				{ F_CCP_OPT_BITS_H, "H", "Stateless mode ON", "Stateless mode OFF" },
				{ F_CCP_OPT_BITS_M, "M", "56-bit encryption ON", "56-bit encryption OFF" },
				{ F_CCP_OPT_BITS_S, "S", "128-bit encryption ON", "128-bit encryption OFF" },
				{ F_CCP_OPT_BITS_L, "L", "40-bit encryption ON", "40-bit encryption OFF" },
				{ F_CCP_OPT_BITS_D, "D", "Obsolete (should NOT be 1)", "Obsolete (should ALWAYS be 0)" },
				{ F_CCP_OPT_BITS_C, "C", "Desire to negotiate MPPC", "No desire to negotiate MPPC" },
			};
			char names[32] = "";
			size_t no = 0;
			for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
				bool on = (v & ppp_fields[bits[i].f].mask) != 0;
				TreeNode *x = tree_add_uint(b, &ppp_fields[bits[i].f], o, at, 4, v);
				tree_set_text(x, "%s", on ? bits[i].on : bits[i].off);
				if (on && no + 4 < sizeof(names))
					no += (size_t)snprintf(names + no, sizeof(names) - no, ", %s", bits[i].name);
			}
			tree_set_text(b, "0x%08x%s", v, names);
		}
		n = cur_left(o);
		at = cur_off(o);
	}
	if (n > 0) {
		cur_skip(o, n);
		tree_add_bytes(t, &ppp_fields[F_CCP_OPT_DATA], o, at, n);
	}
}

/* Walk the options of a Configure-* packet. */
static void cp_options(Packet *pkt, Cursor *b, TreeNode *t, uint8_t code, const CpDesc *d)
{
	size_t total = cur_left(b);
	if (total == 0)
		return;
	TreeNode *opts = tree_add_text(t, b, cur_off(b), total, "Options: (%zu bytes)", total);
	for (unsigned n = 0; cur_wire_left(b) > 0; n++) {
		if (n == PPP_MAX_OPTIONS) {
			pkt_event(pkt, EV_PPP_TOO_MANY_OPTIONS, b, opts);
			return;
		}
		size_t at = cur_off(b);
		uint8_t type = cur_u8(b);
		uint8_t len = cur_u8(b);
		if (cur_failed(b)) {
			pkt_cursor_error(pkt, b, opts, d->cursor_name);
			return;
		}
		const char *name = vs_lookup(d->opts, type);
		TreeNode *o;
		if (name) {
			tree_append_text(opts, ", %s", name);
			o = tree_add_text(opts, b, at, len >= 2 ? len : 2, "%s", name);
			tree_add_uint(o, &ppp_fields[d->opt_type_field], b, at, 1, type);
			tree_add_uint(o, &ppp_fields[d->opt_length_field], b, at + 1, 1, len);
		} else {
			/* an unknown option is one line, as in Wireshark */
			o = tree_add_text(opts, b, at, len >= 2 ? len : 2, "Unknown (0x%02x) (%u bytes)", type, len);
		}
		if (len < 2) {
			pkt_eventf(pkt, EV_PPP_BAD_OPTION_LENGTH, b, o, "Option length %u is shorter than 2", len);
			if (!pkt->in_error)
				pkt->err |= CUR_MALFORMED;
			dissect_data(pkt, b, opts);
			return;
		}
		if (len - 2u > cur_wire_left(b)) {
			pkt_eventf(pkt, EV_PPP_BAD_OPTION_LENGTH, b, o, "Option length %u runs past the packet", len);
			if (!pkt->in_error)
				pkt->err |= CUR_MALFORMED;
			dissect_data(pkt, b, opts);
			return;
		}
		unsigned want = d->proto_field == F_LCP ? lcp_opt_len(type) : 0;
		if (want && len != want) {
			pkt_eventf(pkt, EV_PPP_BAD_OPTION_LENGTH, b, o, "Option length %u; should be %u", len, want);
			cur_sub(b, len - 2u);
			continue;
		}
		Cursor ov = cur_sub(b, len - 2u);
		if (!name) {
			cur_skip(&ov, cur_left(&ov));
			continue;
		}
		d->opt(pkt, &ov, o, type, code, d);
		if (pkt_cursor_error(pkt, &ov, o, d->cursor_name))
			return;
		if (pkt_cursor_error(pkt, b, opts, d->cursor_name))
			return;
	}
}

/* The generic RFC 1661 packet: code, identifier, length, then per code. */
static bool cp_dissect(Packet *pkt, Cursor *c, TreeNode *root, const CpDesc *d)
{
	size_t at = cur_off(c);
	uint8_t code = cur_u8(c);
	uint8_t id = cur_u8(c);
	uint16_t len = cur_be16(c);
	TreeNode *t = tree_add_at(root, &ppp_fields[d->proto_field], c, at, cur_wire_left(c) + 4);
	pkt_set_proto(pkt, d->label);
	if (cur_failed(c)) {
		/* tshark shows no field of a control packet whose header is cut */
		pkt_cursor_error(pkt, c, t, d->cursor_name);
		return true;
	}
	if (!pkt->in_error) {
		pkt->sum.ppp.protocol = d->protocol;
		pkt->sum.ppp.has_code = true;
		pkt->sum.ppp.code = code;
		pkt->sum.ppp.identifier = id;
	}
	tree_add_uint(t, &ppp_fields[F_PPP_CODE], c, at, 1, code);
	tree_add_uint(t, &ppp_fields[F_PPP_IDENTIFIER], c, at + 1, 1, id);
	tree_add_uint(t, &ppp_fields[F_PPP_LENGTH], c, at + 2, 2, len);
	pkt_info(pkt, "%s", vs_name(cp_code_vals, code, "Unknown"));
	if (len < 4) {
		pkt_eventf(pkt, EV_PPP_BAD_LENGTH, c, t, "Length %u is shorter than the 4-byte header", len);
		pkt->err |= pkt->in_error ? 0 : CUR_MALFORMED;
		return true;
	}
	Cursor b = cur_sub(c, len - 4u);
	bool lcp = d->proto_field == F_LCP;
	size_t bat = cur_off(&b);
	switch (code) {
	case 1:
	case 2:
	case 3:
	case 4:
		cp_options(pkt, &b, t, code, d);
		break;
	case 5:
	case 6:
		if (cur_left(&b) > 0) {
			size_t n = cur_left(&b);
			cur_skip(&b, n);
			tree_add_bytes(t, &ppp_fields[lcp ? F_LCP_DATA : F_PPP_DATA], &b, bat, n);
		}
		break;
	case 8:
		if (lcp) {
			uint16_t rp = cur_be16(&b);
			if (!cur_failed(&b)) {
				tree_add_uint(t, &ppp_fields[F_LCP_REJ_PROTO], &b, bat, 2, rp);
				const Dissector *rd = registry_find(TABLE_PPP_PROTO, rp);
				if (cur_left(&b) > 0 && rd && rd->dissect != lcp_dissector.dissect) {
					/* the rejected packet, shown as its protocol (as
					 * Wireshark does); it is not this packet's summary */
					uint8_t err = pkt->err;
					unsigned nev = pkt->n_events;
					size_t info_len = pkt->info_len;
					Cursor q = cur_rest(&b);
					pkt->in_error++;
					dissect_with(rd, pkt, &q, t);
					pkt->in_error--;
					/* RFC 1661 5.7: the quote may be cut to the MRU;
					 * its flaws are not this packet's */
					pkt->err = err;
					pkt->n_events = nev;
					pkt->info_len = info_len;
					pkt->info[info_len] = '\0';
				} else if (cur_left(&b) > 0) {
					size_t n = cur_left(&b);
					cur_skip(&b, n);
					tree_add_bytes(t, &ppp_fields[F_LCP_DATA], &b, bat + 2, n);
				}
			}
			break;
		}
		/* fall through */
	case 9:
	case 10:
	case 11:
	case 12:
	case 13:
		if (lcp && code >= 9) {
			uint32_t magic = cur_be32(&b);
			if (cur_failed(&b))
				break;
			tree_add_uint(t, &ppp_fields[F_LCP_MAGIC_NUMBER], &b, bat, 4, magic);
			size_t mat = cur_off(&b);
			if (code == 13) {
				uint32_t secs = cur_be32(&b);
				if (cur_failed(&b))
					break;
				tree_add_uint(t, &ppp_fields[F_LCP_SECS_REMAINING], &b, mat, 4, secs);
				mat += 4;
			}
			size_t n = cur_left(&b);
			if (n == 0)
				break;
			if (code == 12 || code == 13) {
				char buf[512];
				add_text(t, &ppp_fields[F_LCP_MESSAGE], &b, n, buf, sizeof(buf));
			} else {
				cur_skip(&b, n);
				tree_add_bytes(t, &ppp_fields[F_LCP_DATA], &b, mat, n);
			}
			break;
		}
		/* fall through */
	default:
		if (cur_left(&b) > 0) {
			size_t n = cur_left(&b);
			cur_skip(&b, n);
			tree_add_bytes(t, &ppp_fields[lcp ? F_LCP_DATA : F_PPP_DATA], &b, bat, n);
		}
		break;
	}
	if (!pkt_cursor_error(pkt, &b, t, d->cursor_name))
		pkt_cursor_error(pkt, c, t, d->cursor_name);
	if (code == 7 && lcp && !pkt->in_error)
		pkt_event(pkt, EV_PPP_CODE_REJECT, c, NULL);
	if (code == 8 && lcp && !pkt->in_error)
		pkt_event(pkt, EV_PPP_PROTOCOL_REJECT, c, NULL);
	if (lcp && code >= 2 && code <= 4 && pkt->sum.ppp.auth_proto && !pkt->in_error && code != 2)
		pkt_eventf(pkt, code == 3 ? EV_PPP_AUTH_NAKED : EV_PPP_AUTH_REJECTED, c, t,
			   "The peer %s the authentication protocol 0x%04x", code == 3 ? "naks" : "rejects",
			   pkt->sum.ppp.auth_proto);
	return true;
}

static const CpDesc lcp_desc = { F_LCP, "PPP LCP", "lcp", lcp_opt_vals, F_LCP_OPT_TYPE, F_LCP_OPT_LENGTH,
				 lcp_option, 0xc021 };
static const CpDesc ipcp_desc = { F_IPCP, "PPP IPCP", "ipcp", ipcp_opt_vals, F_IPCP_OPT_TYPE, F_IPCP_OPT_LENGTH,
				  ipcp_option, 0x8021 };
static const CpDesc ipv6cp_desc = { F_IPV6CP, "PPP IPV6CP", "ipv6cp", ipv6cp_opt_vals, F_IPV6CP_OPT_TYPE,
				    F_IPV6CP_OPT_LENGTH, ipv6cp_option, 0x8057 };
static const CpDesc ccp_desc = { F_CCP, "PPP CCP", "ccp", ccp_opt_vals, F_CCP_OPT_TYPE, F_CCP_OPT_LENGTH,
				 ccp_option, 0x80fd };

static bool lcp_dissect(Packet *pkt, Cursor *c, TreeNode *root) { return cp_dissect(pkt, c, root, &lcp_desc); }
static bool ipcp_dissect(Packet *pkt, Cursor *c, TreeNode *root) { return cp_dissect(pkt, c, root, &ipcp_desc); }
static bool ipv6cp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	return cp_dissect(pkt, c, root, &ipv6cp_desc);
}
static bool ccp_dissect(Packet *pkt, Cursor *c, TreeNode *root) { return cp_dissect(pkt, c, root, &ccp_desc); }

/* LCP options carried outside LCP (L2TP's proxy LCP AVPs, RFC 2661 4.4.5). */
void ppp_lcp_options(Packet *pkt, Cursor *c, TreeNode *parent)
{
	unsigned saved = pkt->in_error;
	/* the options describe a negotiation that took place elsewhere:
	 * keep them out of this packet's summary */
	pkt->in_error = 1;
	cp_options(pkt, c, parent, 0, &lcp_desc);
	pkt->in_error = saved;
}

/* ---- PAP, CHAP and EAP: the Code | Identifier | Length header ----- */

typedef struct {
	const char *column, *name; /* protocol column ("PPP PAP"), error text ("pap") */
	uint16_t protocol;
	int f_proto, f_code, f_id, f_len;
	const ValueString *codes;
	uint8_t result[5]; /* PPP_AUTH_* of codes 0..4 (others: none) */
} AuthProto;

static const AuthProto auth_pap = {
	"PPP PAP", "pap", 0xc023, F_PAP, F_PAP_CODE, F_PAP_IDENTIFIER, F_PAP_LENGTH, pap_code_vals,
	{ PPP_AUTH_NONE, PPP_AUTH_REQUEST, PPP_AUTH_SUCCESS, PPP_AUTH_FAILURE, PPP_AUTH_NONE },
};
static const AuthProto auth_chap = {
	"PPP CHAP", "chap", 0xc223, F_CHAP, F_CHAP_CODE, F_CHAP_IDENTIFIER, F_CHAP_LENGTH, chap_code_vals,
	{ PPP_AUTH_NONE, PPP_AUTH_REQUEST, PPP_AUTH_REQUEST, PPP_AUTH_SUCCESS, PPP_AUTH_FAILURE },
};
static const AuthProto auth_eap = {
	"EAP", "eap", 0xc227, F_EAP, F_EAP_CODE, F_EAP_ID, F_EAP_LEN, eap_code_vals,
	{ PPP_AUTH_NONE, PPP_AUTH_REQUEST, PPP_AUTH_REQUEST, PPP_AUTH_SUCCESS, PPP_AUTH_FAILURE },
};

/* The header with its tree, info and summary: the code, the protocol's
 * node and the message after the header (to its Length).  False: the
 * message ends there (cut off inside the header, or a Length below 4),
 * all said. */
static bool auth_header(Packet *pkt, Cursor *c, TreeNode *root, const AuthProto *ap, uint8_t *code_out,
			TreeNode **tree, Cursor *body)
{
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	uint8_t code = cur_u8(c);
	uint8_t id = cur_u8(c);
	uint16_t len = cur_be16(c);
	TreeNode *t = tree_add_at(root, &ppp_fields[ap->f_proto], c, at, cur_wire_left(c) + 4);
	pkt_set_proto(pkt, ap->column);
	if (cur_failed(c)) {
		/* the header fields that were captured, as tshark shows them */
		if (avail >= 1)
			tree_add_uint(t, &ppp_fields[ap->f_code], c, at, 1, code);
		if (avail >= 2)
			tree_add_uint(t, &ppp_fields[ap->f_id], c, at + 1, 1, id);
		pkt_cursor_error(pkt, c, t, ap->name);
		return false;
	}
	if (!pkt->in_error) {
		pkt->sum.ppp.protocol = ap->protocol;
		pkt->sum.ppp.has_code = true;
		pkt->sum.ppp.code = code;
		pkt->sum.ppp.identifier = id;
		pkt->sum.ppp.auth_result = code < sizeof(ap->result) ? ap->result[code] : PPP_AUTH_NONE;
	}
	tree_add_uint(t, &ppp_fields[ap->f_code], c, at, 1, code);
	tree_add_uint(t, &ppp_fields[ap->f_id], c, at + 1, 1, id);
	tree_add_uint(t, &ppp_fields[ap->f_len], c, at + 2, 2, len);
	pkt_info(pkt, "%s", vs_name(ap->codes, code, "Unknown"));
	if (len < 4) {
		pkt_eventf(pkt, EV_PPP_BAD_LENGTH, c, t, "Length %u is shorter than the 4-byte header", len);
		pkt->err |= pkt->in_error ? 0 : CUR_MALFORMED;
		return false;
	}
	*code_out = code;
	*tree = t;
	*body = cur_sub(c, len - 4u);
	return true;
}

/* ---- PAP (RFC 1334 section 2.2) ------------------------------------- */

/*
 *  Authenticate-Request: Code 1 | Id | Length | Peer-ID Length | Peer-Id |
 *                        Passwd-Length | Password
 *  Authenticate-Ack/Nak: Code 2/3 | Id | Length | Msg-Length | Message
 */
static bool pap_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	uint8_t code;
	TreeNode *t;
	Cursor b;
	if (!auth_header(pkt, c, root, &auth_pap, &code, &t, &b))
		return true;
	TreeNode *dt = cur_wire_left(&b) ? tree_add(t, &ppp_fields[F_PAP_DATA], &b, cur_wire_left(&b)) : NULL;
	char s1[512], s2[512];
	if (code == 1) {
		size_t p = cur_off(&b);
		uint8_t pl = cur_u8(&b);
		if (!cur_failed(&b))
			tree_add_uint(dt, &ppp_fields[F_PAP_PEER_ID_LENGTH], &b, p, 1, pl);
		add_text(dt, &ppp_fields[F_PAP_PEER_ID], &b, pl, s1, sizeof(s1));
		p = cur_off(&b);
		uint8_t wl = cur_u8(&b);
		if (!cur_failed(&b))
			tree_add_uint(dt, &ppp_fields[F_PAP_PASSWORD_LENGTH], &b, p, 1, wl);
		add_text(dt, &ppp_fields[F_PAP_PASSWORD], &b, wl, s2, sizeof(s2));
		if (!cur_failed(&b))
			pkt_info_append(pkt, " (Peer-ID='%s', Password='%s')", s1, s2);
	} else if (code == 2 || code == 3) {
		size_t p = cur_off(&b);
		uint8_t ml = cur_u8(&b);
		if (!cur_failed(&b))
			tree_add_uint(dt, &ppp_fields[F_PAP_MESSAGE_LENGTH], &b, p, 1, ml);
		add_text(dt, &ppp_fields[F_PAP_MESSAGE], &b, ml, s1, sizeof(s1));
		if (!cur_failed(&b))
			pkt_info_append(pkt, " (Message='%s')", s1);
		if (code == 3 && !pkt->in_error)
			pkt_eventf(pkt, EV_PPP_AUTH_FAILED, c, t, "PAP authentication refused");
	}
	if (!cur_failed(&b) && cur_left(&b) > 0) {
		size_t p = cur_off(&b), n = cur_left(&b);
		cur_skip(&b, n);
		tree_add_bytes(dt ? dt : t, &ppp_fields[F_PAP_STUFF], &b, p, n);
	}
	if (!pkt_cursor_error(pkt, &b, t, "pap"))
		pkt_cursor_error(pkt, c, t, "pap");
	return true;
}

/* ---- CHAP (RFC 1994 section 4) and MS-CHAP ------------------------- */

/*
 * MS-CHAP messages are "key=value" words separated by spaces; M= runs to
 * the end.  RFC 2759 section 5 (Success: S=<40 hex> M=<msg>), section 6
 * (Failure: E=eeeeeeeeee R=r C=cccc... V=vvvvvvvvvv M=<msg>), RFC 2433
 * section 6 for v1.  Returns true when the text looked like MS-CHAP.
 */
static bool mschap_message(Packet *pkt, Cursor *b, size_t at, const uint8_t *p, size_t n, TreeNode *t,
			   bool failure)
{
	if (n < 2 || !((p[0] == 'E' || p[0] == 'S') && p[1] == '='))
		return false;
	size_t i = 0;
	for (unsigned k = 0; i < n && k < PPP_MAX_MSCHAP_KEYS; k++) {
		while (i < n && p[i] == ' ')
			i++;
		if (i + 2 > n || p[i + 1] != '=')
			break;
		char key = (char)p[i];
		size_t vs = i + 2, ve = vs;
		if (key == 'M')
			ve = n;
		else
			while (ve < n && p[ve] != ' ')
				ve++;
		char val[512];
		ppp_format_text(p + vs, ve - vs, false, val, sizeof(val));
		size_t off = at + i, len = ve - i;
		switch (key) {
		case 'E': {
			unsigned long e = strtoul(val, NULL, 10);
			tree_add_uint(t, &ppp_fields[F_MSCHAP_ERROR], b, off, len, (uint32_t)e);
			if (!pkt->in_error && failure)
				pkt->sum.ppp.mschap_error = (uint16_t)(e > 0xffff ? 0xffff : e);
			break;
		}
		case 'R':
			tree_add_uint(t, &ppp_fields[F_MSCHAP_RETRY], b, off, len, (uint32_t)strtoul(val, NULL, 10));
			break;
		case 'V':
			tree_add_uint(t, &ppp_fields[F_MSCHAP_VERSION], b, off, len, (uint32_t)strtoul(val, NULL, 10));
			break;
		case 'C':
			tree_add_string(t, &ppp_fields[F_MSCHAP_CHALLENGE], b, off, len, val);
			break;
		case 'S':
			tree_add_string(t, &ppp_fields[F_MSCHAP_AUTH_RESPONSE], b, off, len, val);
			break;
		case 'M':
			tree_add_string(t, &ppp_fields[F_MSCHAP_MESSAGE], b, off, len, val);
			break;
		default:
			break;
		}
		i = ve;
	}
	if (!pkt->in_error)
		pkt->sum.ppp.mschap = true;
	return true;
}

static bool chap_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	uint8_t code;
	TreeNode *t;
	Cursor b;
	if (!auth_header(pkt, c, root, &auth_chap, &code, &t, &b))
		return true;
	size_t bat = cur_off(&b);
	if (code == 1 || code == 2) {
		/* Value-Size | Value | Name */
		TreeNode *dt = tree_add(t, &ppp_fields[F_CHAP_DATA], &b, cur_wire_left(&b));
		uint8_t vsz = cur_u8(&b);
		if (!cur_failed(&b))
			tree_add_uint(dt, &ppp_fields[F_CHAP_VALUE_SIZE], &b, bat, 1, vsz);
		size_t vat = cur_off(&b);
		const uint8_t *v = cur_bytes(&b, vsz);
		if (v) {
			TreeNode *vn = tree_add_bytes(dt, &ppp_fields[F_CHAP_VALUE], &b, vat, vsz);
			if (code == 2 && vsz == 49) {
				/* RFC 2759 section 4 (v2) / RFC 2433 section 3 (v1):
				 * v2: Peer-Challenge 16 | Reserved 8 | NT-Response 24 | Flags 1
				 * v1: LM-Response 24 | NT-Response 24 | Use-NT flag 1 */
				bool v2 = true;
				for (int i = 16; i < 24; i++)
					v2 = v2 && v[i] == 0;
				if (v2) {
					tree_add_bytes(vn, &ppp_fields[F_MSCHAP_PEER_CHALLENGE], &b, vat, 16);
					tree_add_bytes(vn, &ppp_fields[F_MSCHAP_RESERVED], &b, vat + 16, 8);
				} else {
					tree_add_bytes(vn, &ppp_fields[F_MSCHAP_LM_RESPONSE], &b, vat, 24);
				}
				tree_add_bytes(vn, &ppp_fields[F_MSCHAP_NT_RESPONSE], &b, vat + 24, 24);
				tree_add_uint(vn, &ppp_fields[F_MSCHAP_FLAGS], &b, vat + 48, 1, v[48]);
				if (vn)
					tree_append_text(vn, " (MS-CHAP%s response)", v2 ? "v2" : "v1");
				if (!pkt->in_error)
					pkt->sum.ppp.mschap = true;
			}
		}
		char name[512] = "";
		size_t nn = cur_left(&b);
		if (nn > 0 && !cur_failed(&b))
			add_text(dt, &ppp_fields[F_CHAP_NAME], &b, nn, name, sizeof(name));
		if (v && pkt_want_info(pkt)) {
			char hex[80];
			size_t o = 0;
			for (unsigned i = 0; i < vsz && o + 3 < sizeof(hex) - 4; i++)
				o += (size_t)snprintf(hex + o, sizeof(hex) - o, "%02x", v[i]);
			/* tshark cuts a long value to 72 hex digits and an ellipsis */
			pkt_info_append(pkt, " (NAME='%s', VALUE=0x%.72s%s)", name, hex,
					vsz > 36 ? "\xe2\x80\xa6" : "");
		}
	} else if (code == 3 || code == 4) {
		size_t n = cur_left(&b);
		if (n > 0) {
			const uint8_t *p = cur_bytes(&b, n);
			char msg[512];
			ppp_format_text(p, n, false, msg, sizeof(msg));
			TreeNode *m = tree_add_string(t, &ppp_fields[F_CHAP_MESSAGE], &b, bat, n, msg);
			mschap_message(pkt, &b, bat, p, n, m, code == 4);
			pkt_info_append(pkt, " (MESSAGE='%s')", msg);
		}
		if (code == 4 && !pkt->in_error) {
			if (pkt->sum.ppp.mschap_error)
				pkt_eventf(pkt, EV_PPP_AUTH_FAILED, c, t, "MS-CHAP authentication failed: error %u%s%s",
					   pkt->sum.ppp.mschap_error,
					   vs_lookup(mschap_error_vals, pkt->sum.ppp.mschap_error) ? " " : "",
					   vs_name(mschap_error_vals, pkt->sum.ppp.mschap_error, ""));
			else
				pkt_eventf(pkt, EV_PPP_AUTH_FAILED, c, t, "CHAP authentication failed");
		}
	}
	if (!cur_failed(&b) && cur_left(&b) > 0) {
		size_t p = cur_off(&b), n = cur_left(&b);
		cur_skip(&b, n);
		tree_add_bytes(t, &ppp_fields[F_CHAP_STUFF], &b, p, n);
	}
	if (!pkt_cursor_error(pkt, &b, t, "chap"))
		pkt_cursor_error(pkt, c, t, "chap");
	return true;
}

/* ---- EAP (RFC 3748 section 4) --------------------------------------- */

static bool eap_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	uint8_t code;
	TreeNode *t;
	Cursor b;
	if (!auth_header(pkt, c, root, &auth_eap, &code, &t, &b))
		return true;
	if ((code == 1 || code == 2) && cur_wire_left(&b) > 0) {
		size_t tat = cur_off(&b);
		uint8_t type = cur_u8(&b);
		if (!cur_failed(&b)) {
			tree_add_uint(t, &ppp_fields[F_EAP_TYPE], &b, tat, 1, type);
			pkt_info_append(pkt, ", %s", vs_name(eap_type_vals, type, "Unknown"));
			if (!pkt->in_error)
				pkt->sum.ppp.eap_type = type;
			size_t n = cur_left(&b), dat = cur_off(&b);
			char s[512];
			if (type == 1 && n > 0) {
				add_text(t, &ppp_fields[F_EAP_IDENTITY], &b, n, s, sizeof(s));
			} else if (type == 2 && n > 0) {
				add_text(t, &ppp_fields[F_EAP_NOTIFICATION], &b, n, s, sizeof(s));
			} else if (type == 3) {
				for (unsigned k = 0; cur_left(&b) > 0 && k < 64; k++) {
					size_t p = cur_off(&b);
					tree_add_uint(t, &ppp_fields[F_EAP_DESIRED_TYPE], &b, p, 1, cur_u8(&b));
				}
			} else if (type == 4) {
				uint8_t vsz = cur_u8(&b);
				if (!cur_failed(&b))
					tree_add_uint(t, &ppp_fields[F_EAP_MD5_VALUE_SIZE], &b, dat, 1, vsz);
				if (cur_skip(&b, vsz))
					tree_add_bytes(t, &ppp_fields[F_EAP_MD5_VALUE], &b, dat + 1, vsz);
				if (!cur_failed(&b) && cur_left(&b) > 0) {
					size_t p = cur_off(&b), m = cur_left(&b);
					cur_skip(&b, m);
					tree_add_bytes(t, &ppp_fields[F_EAP_MD5_EXTRA], &b, p, m);
				}
			} else if (n > 0) {
				/* TLS, PEAP, TTLS, EAP-MSCHAPv2 ...: shown by type */
				cur_skip(&b, n);
				tree_add_bytes(t, &ppp_fields[F_EAP_DATA], &b, dat, n);
			}
		}
	}
	if (code == 4 && !pkt->in_error)
		pkt_eventf(pkt, EV_PPP_AUTH_FAILED, c, t, "EAP authentication failed");
	if (!pkt_cursor_error(pkt, &b, t, "eap"))
		pkt_cursor_error(pkt, c, t, "eap");
	return true;
}

/* ---- compressed / encrypted datagrams (MPPE/MPPC, 0x00fd) ----------- */

static bool comp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	tree_add(root, &ppp_fields[F_COMP_DATA], c, cur_wire_left(c));
	pkt_set_proto(pkt, "PPP Comp");
	pkt_info(pkt, "Compressed data");
	if (!pkt->in_error)
		pkt->sum.ppp.protocol = 0x00fd;
	dissect_data(pkt, c, root);
	return true;
}

const Dissector lcp_dissector = { "lcp", "PPP LCP", lcp_dissect };
const Dissector pap_dissector = { "pap", "PPP PAP", pap_dissect };
const Dissector chap_dissector = { "chap", "PPP CHAP", chap_dissect };
const Dissector eap_dissector = { "eap", "EAP", eap_dissect };
const Dissector ipcp_dissector = { "ipcp", "PPP IPCP", ipcp_dissect };
const Dissector ipv6cp_dissector = { "ipv6cp", "PPP IPV6CP", ipv6cp_dissect };
const Dissector ccp_dissector = { "ccp", "PPP CCP", ccp_dissect };
const Dissector comp_data_dissector = { "comp_data", "PPP Comp", comp_dissect };
