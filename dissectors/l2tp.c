/*
 * l2tp.c - L2TPv2 (RFC 2661) on UDP 1701, with the PPP Disconnect Cause
 * AVP of RFC 3145, and L2TPv3 (RFC 3931) over UDP and over IP protocol 115.
 *
 * L2TPv2 header (RFC 2661 section 3.1):
 *
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *  |           Tunnel ID           |           Session ID          |
 *  |             Ns (opt)          |             Nr (opt)          |
 *  |      Offset Size (opt)        |    Offset pad... (opt)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A control message (T=1) carries AVPs (section 4.1); one with none is a
 * ZLB acknowledgement.  A data message (T=0) carries a PPP frame.
 *
 *  |M|H| rsvd  |      Length       |           Vendor ID           |
 *  |         Attribute Type        |        Attribute Value...
 *
 * The control channel's reliability is watched from the capture: each
 * tunnel (per direction) remembers the Ns values it has sent, so a message
 * sent again (a retransmitted SCCRQ, say) is flagged.  That memory lives
 * in the DissectCtx, capped, the least recently used tunnel evicted and
 * counted.  A tunnel that was closed (StopCCN, both directions) or has
 * been silent for L2TP_IDLE_S is over: its place is taken without a
 * word, so a busy concentrator's capture of many short tunnels does not
 * look like a flood.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "protos.h"

enum {
	L2TP_MAX_AVPS = 128,    /* AVPs shown per message */
	L2TP_MAX_TUNNELS = 256, /* control-channel states kept */
	L2TP_NS_WINDOW = 64,    /* Ns values remembered per tunnel direction */
	L2TP_IDLE_S = 180,      /* seconds without a control message: the tunnel is over
				   (above the 60 s Hello interval and a retransmission cycle) */
};

enum {
	F_L2TP,
	F_L2TP_FLAGS,
	F_L2TP_TYPE,
	F_L2TP_LENGTH_BIT,
	F_L2TP_SEQ_BIT,
	F_L2TP_OFFSET_BIT,
	F_L2TP_PRIORITY,
	F_L2TP_VERSION,
	F_L2TP_LENGTH,
	F_L2TP_TUNNEL,
	F_L2TP_SESSION,
	F_L2TP_NS,
	F_L2TP_NR,
	F_L2TP_OFFSET,
	F_L2TP_OFFSET_PADDING,
	F_L2TP_SID,
	F_L2TP_CCID,
	F_L2TP_RES,
	F_L2TP_ZLB,
	F_L2TP_RETRANSMISSION,
	F_L2TP_AVP_MANDATORY,
	F_L2TP_AVP_HIDDEN,
	F_L2TP_AVP_LENGTH,
	F_L2TP_AVP_VENDOR_ID,
	F_L2TP_AVP_TYPE,
	F_L2TP_AVP_HIDDEN_DATA,
	F_L2TP_AVP_VENDOR_DATA,
	F_L2TP_AVP_DATA,
	F_L2TP_AVP_MESSAGE_TYPE,
	F_L2TP_RESULT_CODE,
	F_L2TP_AVP_ERROR_CODE,
	F_L2TP_AVP_ERROR_MESSAGE,
	F_L2TP_AVP_PROTOCOL_VERSION,
	F_L2TP_AVP_PROTOCOL_REVISION,
	F_L2TP_AVP_ASYNC_FRAMING_SUPPORTED,
	F_L2TP_AVP_SYNC_FRAMING_SUPPORTED,
	F_L2TP_AVP_ANALOG_ACCESS_SUPPORTED,
	F_L2TP_AVP_DIGITAL_ACCESS_SUPPORTED,
	F_L2TP_TIE_BREAKER,
	F_L2TP_AVP_FIRMWARE_REVISION,
	F_L2TP_AVP_HOST_NAME,
	F_L2TP_AVP_VENDOR_NAME,
	F_L2TP_AVP_ASSIGNED_TUNNEL_ID,
	F_L2TP_AVP_RECEIVE_WINDOW_SIZE,
	F_L2TP_AVP_CHAP_CHALLENGE,
	F_L2TP_AVP_CAUSE_CODE,
	F_L2TP_AVP_CAUSE_MSG,
	F_L2TP_AVP_ADVISORY_MSG,
	F_L2TP_AVP_CHAP_CHALLENGE_RESPONSE,
	F_L2TP_AVP_ASSIGNED_SESSION_ID,
	F_L2TP_AVP_CALL_SERIAL_NUMBER,
	F_L2TP_AVP_MINIMUM_BPS,
	F_L2TP_AVP_MAXIMUM_BPS,
	F_L2TP_AVP_ANALOG_BEARER_TYPE,
	F_L2TP_AVP_DIGITAL_BEARER_TYPE,
	F_L2TP_AVP_ASYNC_FRAMING_TYPE,
	F_L2TP_AVP_SYNC_FRAMING_TYPE,
	F_L2TP_AVP_CALLED_NUMBER,
	F_L2TP_AVP_CALLING_NUMBER,
	F_L2TP_AVP_SUB_ADDRESS,
	F_L2TP_AVP_CONNECT_SPEED,
	F_L2TP_AVP_PHYSICAL_CHANNEL,
	F_L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ,
	F_L2TP_AVP_LAST_SENT_LCP_CONFREQ,
	F_L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ,
	F_L2TP_AVP_PROXY_AUTHEN_TYPE,
	F_L2TP_AVP_PROXY_AUTHEN_NAME,
	F_L2TP_AVP_PROXY_AUTHEN_CHALLENGE,
	F_L2TP_AVP_PROXY_AUTHEN_ID,
	F_L2TP_AVP_PROXY_AUTHEN_RESPONSE,
	F_L2TP_AVP_CRC_ERRORS,
	F_L2TP_AVP_FRAMING_ERRORS,
	F_L2TP_AVP_HARDWARE_OVERRUNS,
	F_L2TP_AVP_BUFFER_OVERRUNS,
	F_L2TP_AVP_TIME_OUT_ERRORS,
	F_L2TP_AVP_ALIGNMENT_ERRORS,
	F_L2TP_AVP_SEND_ACCM,
	F_L2TP_AVP_RECEIVE_ACCM,
	F_L2TP_AVP_RANDOM_VECTOR,
	F_L2TP_AVP_PRIVATE_GROUP_ID,
	F_L2TP_AVP_RX_CONNECT_SPEED,
	F_L2TP_AVP_DISCONNECT_CODE,
	F_L2TP_AVP_CONTROL_PROTOCOL_NUMBER,
	F_L2TP_AVP_CAUSE_CODE_DIRECTION,
	F_L2TP_AVP_CAUSE_CODE_MESSAGE,
	F_L2TP_AVP_MESSAGE_DIGEST,
	F_L2TP_AVP_ROUTER_ID,
	F_L2TP_AVP_ASSIGNED_CONTROL_CONN_ID,
	F_L2TP_AVP_PW_TYPE,
	F_L2TP_AVP_LOCAL_SESSION_ID,
	F_L2TP_AVP_REMOTE_SESSION_ID,
	F_L2TP_AVP_ASSIGNED_COOKIE,
	F_L2TP_AVP_REMOTE_END_ID,
	F_L2TP_AVP_PSEUDOWIRE_TYPE,
	F_L2TP_AVP_NONCE,
	F_L2TP_AVP_TX_CONNECT_SPEED_V3,
	F_L2TP_AVP_RX_CONNECT_SPEED_V3,
	F_L2TP__COUNT
};

static const ValueString l2tp_type_vals[] = {
	{ 0, "Data Message" },
	{ 1, "Control Message" },
	{ 0, NULL },
};

/* RFC 2661 section 6, RFC 3931 section 6, RFC 3308, RFC 4045, RFC 5515 */
static const ValueString message_type_vals[] = {
	{ 1, "Start_Control_Request" },
	{ 2, "Start_Control_Reply" },
	{ 3, "Start_Control_Connected" },
	{ 4, "Stop_Control_Notification" },
	{ 5, "Reserved" },
	{ 6, "Hello" },
	{ 7, "Outgoing_Call_Request" },
	{ 8, "Outgoing_Call_Reply" },
	{ 9, "Outgoing_Call_Connected" },
	{ 10, "Incoming_Call_Request" },
	{ 11, "Incoming_Call_Reply" },
	{ 12, "Incoming_Call_Connected" },
	{ 13, "Reserved" },
	{ 14, "Call_Disconnect_Notification" },
	{ 15, "WAN_Error_Notify" },
	{ 16, "Set_Link_Info" },
	{ 17, "Modem_Status" },
	{ 18, "Service_Relay_Request_Msg" },
	{ 19, "Service_Relay_Reply_Message" },
	{ 20, "Explicit_Acknowledgement" },
	{ 21, "Failover_Session_Query_Message" },
	{ 22, "Failover_Session_Response_Message" },
	{ 23, "Multicast-Session-Request" },
	{ 24, "Multicast-Session-Response" },
	{ 25, "Multicast-Session-Establishment" },
	{ 26, "Multicast-Session-Information" },
	{ 27, "Multicast-Session-End-Notify" },
	{ 28, "Connect-Speed-Update-Notification" },
	{ 29, "Connect-Speed-Update-Request" },
	{ 0, NULL },
};

static const ValueString message_type_short[] = {
	{ 1, "SCCRQ" }, { 2, "SCCRP" }, { 3, "SCCCN" }, { 4, "StopCCN" }, { 5, "Reserved" }, { 6, "Hello" },
	{ 7, "OCRQ" },	{ 8, "OCRP" },	{ 9, "OCCN" },	{ 10, "ICRQ" },	  { 11, "ICRP" },     { 12, "ICCN" },
	{ 13, "Reserved" }, { 14, "CDN" }, { 15, "WEN" }, { 16, "SLI" },  { 17, "MDMST" },    { 18, "SRRQ" },
	{ 19, "SRRP" }, { 20, "ACK" },	{ 21, "FSQ" },	{ 22, "FSR" },	  { 23, "MSRQ" },     { 24, "MSRP" },
	{ 25, "MSE" },	{ 26, "MSI" },	{ 27, "MSEN" }, { 28, "CSUN" },	  { 29, "CSURQ" },    { 0, NULL },
};

static const ValueString avp_type_vals[] = {
	{ 0, "Control Message" },
	{ 1, "Result-Error Code" },
	{ 2, "Protocol Version" },
	{ 3, "Framing Capabilities" },
	{ 4, "Bearer Capabilities" },
	{ 5, "Tie Breaker" },
	{ 6, "Firmware Revision" },
	{ 7, "Host Name" },
	{ 8, "Vendor Name" },
	{ 9, "Assigned Tunnel ID" },
	{ 10, "Receive Window Size" },
	{ 11, "Challenge" },
	{ 12, "Cause Code" },
	{ 13, "Challenge Response" },
	{ 14, "Assigned Session" },
	{ 15, "Call Serial Number" },
	{ 16, "Minimum BPS" },
	{ 17, "Maximum BPS" },
	{ 18, "Bearer Type" },
	{ 19, "Framing Type" },
	{ 20, "Reserved" },
	{ 21, "Called Number" },
	{ 22, "Calling Number" },
	{ 23, "Sub-Address" },
	{ 24, "Connect Speed" },
	{ 25, "Physical Channel" },
	{ 26, "Initial Received LCP CONFREQ" },
	{ 27, "Last Sent LCP CONFREQ" },
	{ 28, "Last Received LCP CONFREQ" },
	{ 29, "Proxy Authen Type" },
	{ 30, "Proxy Authen Name" },
	{ 31, "Proxy Authen Challenge" },
	{ 32, "Proxy Authen ID" },
	{ 33, "Proxy Authen Response" },
	{ 34, "Call status AVPs" },
	{ 35, "ACCM" },
	{ 36, "Random Vector" },
	{ 37, "Private group ID" },
	{ 38, "RxConnect Speed" },
	{ 39, "Sequencing Required" },
	{ 46, "PPP Disconnect Cause Code" },
	{ 59, "Message Digest" },
	{ 60, "Router ID" },
	{ 61, "Assigned Control Connection ID" },
	{ 62, "Pseudowire Capability List" },
	{ 63, "Local Session ID" },
	{ 64, "Remote Session ID" },
	{ 65, "Assigned Cookie" },
	{ 66, "Remote End ID" },
	{ 68, "Pseudowire Type" },
	{ 69, "Layer2 Specific Sublayer" },
	{ 70, "Data Sequencing" },
	{ 71, "Circuit Status" },
	{ 72, "Preferred Language" },
	{ 73, "Control Message Authentication Nonce" },
	{ 74, "Tx Connect Speed Version 3" },
	{ 75, "Rx Connect Speed Version 3" },
	{ 0, NULL },
};

/* Result codes (RFC 2661 section 4.4.2, RFC 3931 section 5.4.2) */
static const ValueString stopccn_result_vals[] = {
	{ 0, "Reserved" },
	{ 1, "General request to clear control connection" },
	{ 2, "General error, Error Code indicates the problem" },
	{ 3, "Control connection already exists" },
	{ 4, "Requester is not authorized to establish a control connection" },
	{ 5, "The protocol version of the requester is not supported" },
	{ 6, "Requester is being shut down" },
	{ 7, "Finite state machine error or timeout" },
	{ 8, "Control connection due to mismatching CCDS value" },
	{ 0, NULL },
};

static const ValueString cdn_result_vals[] = {
	{ 0, "Reserved" },
	{ 1, "Session disconnected due to loss of carrier or circuit disconnect" },
	{ 2, "Session disconnected for the reason indicated in Error Code" },
	{ 3, "Session disconnected for administrative reasons" },
	{ 4, "Appropriate facilities unavailable (temporary condition)" },
	{ 5, "Appropriate facilities unavailable (permanent condition)" },
	{ 6, "Invalid destination" },
	{ 7, "Call failed due to no carrier detected" },
	{ 8, "Call failed due to detection of a busy signal" },
	{ 9, "Call failed due to lack of a dial tone" },
	{ 10, "Call was not established within time allotted by LAC" },
	{ 11, "Call was connected but no appropriate framing was detected" },
	{ 12, "Disconnecting call due to mismatching SDS value" },
	{ 13, "Session not established due to losing tie breaker" },
	{ 0, NULL },
};

static const ValueString error_code_vals[] = {
	{ 0, "No General Error" },
	{ 1, "No control connection exists yet for this pair of LCCEs" },
	{ 2, "Length is wrong" },
	{ 3, "One of the field values was out of range" },
	{ 4, "Insufficient resources to handle this operation now" },
	{ 5, "Invalid Session ID" },
	{ 6, "A generic vendor-specific error occurred" },
	{ 7, "Try another" },
	{ 8, "Receipt of an unknown AVP with the M bit set" },
	{ 9, "Try another directed" },
	{ 10, "Next hop unreachable" },
	{ 11, "Next hop busy" },
	{ 12, "TSA busy" },
	{ 0, NULL },
};

static const ValueString authen_type_vals[] = {
	{ 0, "Reserved" },
	{ 1, "Textual username/password exchange" },
	{ 2, "PPP CHAP" },
	{ 3, "PPP PAP" },
	{ 4, "No Authentication" },
	{ 5, "Microsoft CHAP Version 1" },
	{ 0, NULL },
};

static const ValueString cause_direction_vals[] = {
	{ 0, "global error" },
	{ 1, "at peer" },
	{ 2, "at local" },
	{ 0, NULL },
};

static const ValueString vendor_vals[] = {
	{ 0, "Reserved" },
	{ 9, "ciscoSystems" },
	{ 193, "Ericsson AB" },
	{ 311, "Microsoft" },
	{ 3561, "The Broadband Forum (TR-069)" },
	{ 4491, "Cable Television Laboratories, Inc." },
	{ 0, NULL },
};

#define BOOL32(abbr, name, m) { abbr, name, FT_BOOLEAN, BASE_NONE, NULL, m, NULL }
#define U8(abbr, name) { abbr, name, FT_UINT8, BASE_DEC, NULL, 0, NULL }
#define U16(abbr, name) { abbr, name, FT_UINT16, BASE_DEC, NULL, 0, NULL }
#define U32(abbr, name) { abbr, name, FT_UINT32, BASE_DEC, NULL, 0, NULL }
#define STR(abbr, name) { abbr, name, FT_STRING, BASE_NONE, NULL, 0, NULL }
#define BYTES(abbr, name) { abbr, name, FT_BYTES, BASE_NONE, NULL, 0, NULL }

static const FieldDef l2tp_fields[F_L2TP__COUNT] = {
	[F_L2TP] = { "l2tp", "Layer 2 Tunneling Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_L2TP_FLAGS] = { "l2tp.flags", "Flags", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_L2TP_TYPE] = { "l2tp.type", "Type", FT_UINT16, BASE_DEC, l2tp_type_vals, 0x8000, NULL },
	[F_L2TP_LENGTH_BIT] = { "l2tp.length_bit", "Length Bit", FT_BOOLEAN, BASE_NONE, NULL, 0x4000, NULL },
	[F_L2TP_SEQ_BIT] = { "l2tp.seq_bit", "Sequence Bit", FT_BOOLEAN, BASE_NONE, NULL, 0x0800, NULL },
	[F_L2TP_OFFSET_BIT] = { "l2tp.offset_bit", "Offset bit", FT_BOOLEAN, BASE_NONE, NULL, 0x0200, NULL },
	[F_L2TP_PRIORITY] = { "l2tp.priority", "Priority", FT_BOOLEAN, BASE_NONE, NULL, 0x0100, NULL },
	[F_L2TP_VERSION] = { "l2tp.version", "Version", FT_UINT16, BASE_DEC, NULL, 0x000f, NULL },
	[F_L2TP_LENGTH] = U16("l2tp.length", "Length"),
	[F_L2TP_TUNNEL] = U16("l2tp.tunnel", "Tunnel ID"),
	[F_L2TP_SESSION] = U16("l2tp.session", "Session ID"),
	[F_L2TP_NS] = U16("l2tp.Ns", "Ns"),
	[F_L2TP_NR] = U16("l2tp.Nr", "Nr"),
	[F_L2TP_OFFSET] = U16("l2tp.offset", "Offset"),
	[F_L2TP_OFFSET_PADDING] = { "l2tp.offset_padding", "Offset Padding", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_L2TP_SID] = { "l2tp.sid", "Session ID", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_L2TP_CCID] = { "l2tp.ccid", "Control Connection ID", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_L2TP_RES] = { "l2tp.res", "Reserved", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_L2TP_ZLB] = { "l2tp.zero_length_body_message", "Zero Length Body message", FT_NONE, BASE_NONE, NULL, 0,
			 NULL },
	/* ikescope's own: the control channel seen from the capture */
	[F_L2TP_RETRANSMISSION] = { "l2tp.retransmission", "Retransmission of frame", FT_FRAMENUM, BASE_NONE, NULL,
				    0, NULL },
	[F_L2TP_AVP_MANDATORY] = { "l2tp.avp.mandatory", "Mandatory", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_L2TP_AVP_HIDDEN] = { "l2tp.avp.hidden", "Hidden", FT_BOOLEAN, BASE_NONE, NULL, 0x4000, NULL },
	[F_L2TP_AVP_LENGTH] = { "l2tp.avp.length", "Length", FT_UINT16, BASE_DEC, NULL, 0x03ff, NULL },
	[F_L2TP_AVP_VENDOR_ID] = { "l2tp.avp.vendor_id", "Vendor ID", FT_UINT16, BASE_DEC, vendor_vals, 0, NULL },
	[F_L2TP_AVP_TYPE] = { "l2tp.avp.type", "AVP Type", FT_UINT16, BASE_DEC, avp_type_vals, 0, NULL },
	[F_L2TP_AVP_HIDDEN_DATA] = BYTES("l2tp.avp.hidden_data", "Hidden value (encrypted with the tunnel secret)"),
	[F_L2TP_AVP_VENDOR_DATA] = BYTES("l2tp.avp.vendor_data", "Vendor-Specific AVP data"),
	[F_L2TP_AVP_DATA] = BYTES("l2tp.avp.data", "Value"),
	[F_L2TP_AVP_MESSAGE_TYPE] = { "l2tp.avp.message_type", "Message Type", FT_UINT16, BASE_DEC, message_type_vals,
				      0, NULL },
	[F_L2TP_RESULT_CODE] = U16("l2tp.result_code", "Result code"),
	[F_L2TP_AVP_ERROR_CODE] = { "l2tp.avp.error_code", "Error code", FT_UINT16, BASE_DEC, error_code_vals, 0,
				    NULL },
	[F_L2TP_AVP_ERROR_MESSAGE] = STR("l2tp.avp.error_message", "Error Message"),
	[F_L2TP_AVP_PROTOCOL_VERSION] = U8("l2tp.avp.protocol_version", "Version"),
	[F_L2TP_AVP_PROTOCOL_REVISION] = U8("l2tp.avp.protocol_revision", "Revision"),
	[F_L2TP_AVP_ASYNC_FRAMING_SUPPORTED] = BOOL32("l2tp.avp.async_framing_supported", "Async Framing Supported",
						      0x2),
	[F_L2TP_AVP_SYNC_FRAMING_SUPPORTED] = BOOL32("l2tp.avp.sync_framing_supported", "Sync Framing Supported",
						     0x1),
	[F_L2TP_AVP_ANALOG_ACCESS_SUPPORTED] = BOOL32("l2tp.avp.analog_access_supported", "Analog Access Supported",
						      0x2),
	[F_L2TP_AVP_DIGITAL_ACCESS_SUPPORTED] = BOOL32("l2tp.avp.digital_access_supported",
						       "Digital Access Supported", 0x1),
	[F_L2TP_TIE_BREAKER] = { "l2tp.tie_breaker", "Tie Breaker", FT_UINT64, BASE_HEX, NULL, 0, NULL },
	[F_L2TP_AVP_FIRMWARE_REVISION] = { "l2tp.avp.firmware_revision", "Firmware Revision", FT_UINT16, BASE_DEC_HEX,
					   NULL, 0, NULL },
	[F_L2TP_AVP_HOST_NAME] = STR("l2tp.avp.host_name", "Host Name"),
	[F_L2TP_AVP_VENDOR_NAME] = STR("l2tp.avp.vendor_name", "Vendor Name"),
	[F_L2TP_AVP_ASSIGNED_TUNNEL_ID] = U16("l2tp.avp.assigned_tunnel_id", "Assigned Tunnel ID"),
	[F_L2TP_AVP_RECEIVE_WINDOW_SIZE] = U16("l2tp.avp.receive_window_size", "Receive Window Size"),
	[F_L2TP_AVP_CHAP_CHALLENGE] = BYTES("l2tp.avp.chap_challenge", "CHAP Challenge"),
	[F_L2TP_AVP_CAUSE_CODE] = U16("l2tp.avp.cause_code", "Cause Code"),
	[F_L2TP_AVP_CAUSE_MSG] = U8("l2tp.avp.cause_msg", "Cause Msg"),
	[F_L2TP_AVP_ADVISORY_MSG] = STR("l2tp.avp.advisory_msg", "Advisory Msg"),
	[F_L2TP_AVP_CHAP_CHALLENGE_RESPONSE] = BYTES("l2tp.avp.chap_challenge_response", "CHAP Challenge Response"),
	[F_L2TP_AVP_ASSIGNED_SESSION_ID] = U16("l2tp.avp.assigned_session_id", "Assigned Session ID"),
	[F_L2TP_AVP_CALL_SERIAL_NUMBER] = U32("l2tp.avp.call_serial_number", "Call Serial Number"),
	[F_L2TP_AVP_MINIMUM_BPS] = U32("l2tp.avp.minimum_bps", "Minimum BPS"),
	[F_L2TP_AVP_MAXIMUM_BPS] = U32("l2tp.avp.maximum_bps", "Maximum BPS"),
	[F_L2TP_AVP_ANALOG_BEARER_TYPE] = BOOL32("l2tp.avp.analog_bearer_type", "Analog Bearer Type", 0x2),
	[F_L2TP_AVP_DIGITAL_BEARER_TYPE] = BOOL32("l2tp.avp.digital_bearer_type", "Digital Bearer Type", 0x1),
	[F_L2TP_AVP_ASYNC_FRAMING_TYPE] = BOOL32("l2tp.avp.async_framing_type", "Async Framing Type", 0x2),
	[F_L2TP_AVP_SYNC_FRAMING_TYPE] = BOOL32("l2tp.avp.sync_framing_type", "Sync Framing Type", 0x1),
	[F_L2TP_AVP_CALLED_NUMBER] = STR("l2tp.avp.called_number", "Called Number"),
	[F_L2TP_AVP_CALLING_NUMBER] = STR("l2tp.avp.calling_number", "Calling Number"),
	[F_L2TP_AVP_SUB_ADDRESS] = STR("l2tp.avp.sub_address", "Sub-Address"),
	[F_L2TP_AVP_CONNECT_SPEED] = U32("l2tp.avp.connect_speed", "Connect Speed"),
	[F_L2TP_AVP_PHYSICAL_CHANNEL] = U32("l2tp.avp.physical_channel", "Physical Channel"),
	[F_L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ] = BYTES("l2tp.avp.initial_received_lcp_confreq",
							  "Initial Received LCP CONFREQ"),
	[F_L2TP_AVP_LAST_SENT_LCP_CONFREQ] = BYTES("l2tp.avp.last_sent_lcp_confreq", "Last Sent LCP CONFREQ"),
	[F_L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ] = BYTES("l2tp.avp.last_received_lcp_confreq",
						       "Last Received LCP CONFREQ"),
	[F_L2TP_AVP_PROXY_AUTHEN_TYPE] = { "l2tp.avp.proxy_authen_type", "Proxy Authen Type", FT_UINT16, BASE_DEC,
					   authen_type_vals, 0, NULL },
	[F_L2TP_AVP_PROXY_AUTHEN_NAME] = STR("l2tp.avp.proxy_authen_name", "Proxy Authen Name"),
	[F_L2TP_AVP_PROXY_AUTHEN_CHALLENGE] = BYTES("l2tp.avp.proxy_authen_challenge", "Proxy Authen Challenge"),
	[F_L2TP_AVP_PROXY_AUTHEN_ID] = U8("l2tp.avp.proxy_authen_id", "Proxy Authen ID"),
	[F_L2TP_AVP_PROXY_AUTHEN_RESPONSE] = BYTES("l2tp.avp.proxy_authen_response", "Proxy Authen Response"),
	[F_L2TP_AVP_CRC_ERRORS] = U32("l2tp.avp.crc_errors", "CRC Errors"),
	[F_L2TP_AVP_FRAMING_ERRORS] = U32("l2tp.avp.framing_errors", "Framing Errors"),
	[F_L2TP_AVP_HARDWARE_OVERRUNS] = U32("l2tp.avp.hardware_overruns", "Hardware Overruns"),
	[F_L2TP_AVP_BUFFER_OVERRUNS] = U32("l2tp.avp.buffer_overruns", "Buffer Overruns"),
	[F_L2TP_AVP_TIME_OUT_ERRORS] = U32("l2tp.avp.time_out_errors", "Time-out Errors"),
	[F_L2TP_AVP_ALIGNMENT_ERRORS] = U32("l2tp.avp.alignment_errors", "Alignment Errors"),
	[F_L2TP_AVP_SEND_ACCM] = U32("l2tp.avp.send_accm", "Send ACCM"),
	[F_L2TP_AVP_RECEIVE_ACCM] = U32("l2tp.avp.receive_accm", "Receive ACCM"),
	[F_L2TP_AVP_RANDOM_VECTOR] = BYTES("l2tp.avp.random_vector", "Random Vector"),
	[F_L2TP_AVP_PRIVATE_GROUP_ID] = BYTES("l2tp.avp.private_group_id", "Private Group ID"),
	[F_L2TP_AVP_RX_CONNECT_SPEED] = U32("l2tp.avp.rx_connect_speed", "Rx Connect Speed"),
	[F_L2TP_AVP_DISCONNECT_CODE] = U16("l2tp.avp.disconnect_code", "Disconnect Code"),
	[F_L2TP_AVP_CONTROL_PROTOCOL_NUMBER] = U16("l2tp.avp.control_protocol_number", "Control Protocol Number"),
	[F_L2TP_AVP_CAUSE_CODE_DIRECTION] = { "l2tp.avp.cause_code_direction", "Direction", FT_UINT8, BASE_DEC,
					      cause_direction_vals, 0, NULL },
	[F_L2TP_AVP_CAUSE_CODE_MESSAGE] = STR("l2tp.avp.cause_code_message", "Message"),
	[F_L2TP_AVP_MESSAGE_DIGEST] = BYTES("l2tp.avp.message_digest", "Message Digest"),
	[F_L2TP_AVP_ROUTER_ID] = U32("l2tp.avp.router_id", "Router ID"),
	[F_L2TP_AVP_ASSIGNED_CONTROL_CONN_ID] = U32("l2tp.avp.assigned_control_conn_id",
						    "Assigned Control Connection ID"),
	[F_L2TP_AVP_PW_TYPE] = U16("l2tp.avp.pw_type", "PW Type"),
	[F_L2TP_AVP_LOCAL_SESSION_ID] = U32("l2tp.avp.local_session_id", "Local Session ID"),
	[F_L2TP_AVP_REMOTE_SESSION_ID] = U32("l2tp.avp.remote_session_id", "Remote Session ID"),
	[F_L2TP_AVP_ASSIGNED_COOKIE] = BYTES("l2tp.avp.assigned_cookie", "Assigned Cookie"),
	[F_L2TP_AVP_REMOTE_END_ID] = STR("l2tp.avp.remote_end_id", "Remote End ID"),
	[F_L2TP_AVP_PSEUDOWIRE_TYPE] = U16("l2tp.avp.pseudowire_type", "Pseudowire Type"),
	[F_L2TP_AVP_NONCE] = BYTES("l2tp.avp.nonce", "Nonce"),
	[F_L2TP_AVP_TX_CONNECT_SPEED_V3] = { "l2tp.avp.tx_connect_speed_v3", "Tx Connect Speed v3", FT_UINT64,
					     BASE_HEX, NULL, 0, NULL },
	[F_L2TP_AVP_RX_CONNECT_SPEED_V3] = { "l2tp.avp.rx_connect_speed_v3", "Rx Connect Speed v3", FT_UINT64,
					     BASE_HEX, NULL, 0, NULL },
};

const FieldTable l2tp_field_table = { "l2tp", l2tp_fields, F_L2TP__COUNT };

#define LF(x) (&l2tp_fields[x])

/* ---- control-channel memory (per tunnel and direction) ------------- */

typedef struct {
	bool used;
	uint8_t af, ver;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t tunnel;             /* receiver's tunnel id (v2) / ccid (v3) */
	uint16_t next_ns;            /* one past the highest Ns seen */
	bool any;
	uint64_t seen;               /* bit i: Ns == next_ns - 1 - i was seen */
	uint64_t frame[L2TP_NS_WINDOW]; /* the first frame of each Ns, by Ns % window */
	uint64_t last_use;
	int64_t last_ts;             /* capture time of its last message */
	bool stopped;                /* a StopCCN closed the tunnel */
} L2tpTunnel;

struct L2tpState {
	L2tpTunnel t[L2TP_MAX_TUNNELS];
	uint64_t clock;
};

void l2tp_state_free(L2tpState *s)
{
	g_free(s);
}

/* Closed by a StopCCN, or silent for L2TP_IDLE_S (time going backwards
 * is not silence). */
static bool tunnel_over(const L2tpTunnel *e, int64_t now)
{
	return e->stopped ||
	       (now > e->last_ts && (uint64_t)now - (uint64_t)e->last_ts >= (uint64_t)L2TP_IDLE_S * 1000000000u);
}

static L2tpTunnel *tunnel_find(Packet *pkt, uint8_t ver, uint32_t tunnel)
{
	DissectCtx *ctx = pkt->ctx;
	if (!ctx)
		return NULL;
	if (!ctx->l2tp)
		ctx->l2tp = g_new0(L2tpState, 1);
	L2tpState *s = ctx->l2tp;
	const IpSummary *ip = &pkt->sum.ip;
	/* the place of a new tunnel: a free one, else the least recently
	 * used of those that are over, else the least recently used */
	L2tpTunnel *free_e = NULL, *over = NULL, *lru = NULL;
	s->clock++;
	for (size_t i = 0; i < L2TP_MAX_TUNNELS; i++) {
		L2tpTunnel *e = &s->t[i];
		if (!e->used) {
			if (!free_e)
				free_e = e;
			continue;
		}
		if (e->af == ip->af && e->ver == ver && e->tunnel == tunnel && e->sport == ip->sport &&
		    e->dport == ip->dport && memcmp(e->src, ip->src, 16) == 0 && memcmp(e->dst, ip->dst, 16) == 0) {
			e->last_use = s->clock;
			e->last_ts = pkt->ts_ns;
			return e;
		}
		if (!lru || e->last_use < lru->last_use)
			lru = e;
		if (tunnel_over(e, pkt->ts_ns) && (!over || e->last_use < over->last_use))
			over = e;
	}
	L2tpTunnel *victim = free_e ? free_e : over ? over : lru;
	if (!free_e && !over) {
		ctx->stats.l2tp_tunnels_evicted++;
		pkt_event(pkt, EV_L2TP_STATE_EVICTED, NULL, NULL);
	}
	memset(victim, 0, sizeof(*victim));
	victim->used = true;
	victim->af = ip->af;
	victim->ver = ver;
	victim->tunnel = tunnel;
	victim->sport = ip->sport;
	victim->dport = ip->dport;
	memcpy(victim->src, ip->src, 16);
	memcpy(victim->dst, ip->dst, 16);
	victim->last_use = s->clock;
	victim->last_ts = pkt->ts_ns;
	return victim;
}

/* A StopCCN closes both directions: the peer's state is the one sent to
 * the tunnel id the StopCCN assigns (its sender's), addresses swapped;
 * and the SCCRQ that opened the tunnel went to tunnel id 0. */
static void tunnel_stopped(Packet *pkt, L2tpTunnel *e)
{
	e->stopped = true;
	uint16_t back = pkt->sum.l2tp.assigned_tunnel_id;
	L2tpState *s = pkt->ctx->l2tp;
	for (size_t i = 0; i < L2TP_MAX_TUNNELS; i++) {
		L2tpTunnel *r = &s->t[i];
		if (!r->used || r->af != e->af || r->ver != e->ver)
			continue;
		bool same = r->sport == e->sport && r->dport == e->dport && memcmp(r->src, e->src, 16) == 0 &&
			    memcmp(r->dst, e->dst, 16) == 0;
		bool rev = r->sport == e->dport && r->dport == e->sport && memcmp(r->src, e->dst, 16) == 0 &&
			   memcmp(r->dst, e->src, 16) == 0;
		if ((rev && back && r->tunnel == back) || ((same || rev) && r->tunnel == 0))
			r->stopped = true;
	}
}

/* Remember Ns for a control message that carries AVPs (ZLBs take no
 * sequence number).  Returns the frame that first carried this Ns when
 * this one repeats it, 0 otherwise. */
static uint64_t tunnel_note_ns(Packet *pkt, uint8_t ver, uint32_t tunnel, uint16_t ns, uint16_t mt)
{
	if (pkt->in_error)
		return 0;
	L2tpTunnel *e = tunnel_find(pkt, ver, tunnel);
	if (!e)
		return 0;
	if (mt == 4)
		tunnel_stopped(pkt, e);
	size_t slot = ns % L2TP_NS_WINDOW;
	if (!e->any) {
		e->any = true;
		e->next_ns = (uint16_t)(ns + 1);
		e->seen = 1;
		e->frame[slot] = pkt->number;
		return 0;
	}
	uint16_t behind = (uint16_t)(e->next_ns - 1u - ns); /* 0: the highest seen */
	if (behind < L2TP_NS_WINDOW) {
		if ((e->seen >> behind) & 1) {
			uint64_t first = e->frame[slot];
			return first == pkt->number ? 0 : first; /* the same frame dissected again */
		}
		e->seen |= (uint64_t)1 << behind;
		e->frame[slot] = pkt->number;
		return 0;
	}
	uint16_t ahead = (uint16_t)(ns - e->next_ns + 1u);
	if (ahead < 0x8000) {
		/* a newer Ns: slide the window */
		e->seen = ahead >= 64 ? 0 : e->seen << ahead;
		e->seen |= 1;
		e->next_ns = (uint16_t)(ns + 1);
		e->frame[slot] = pkt->number;
	}
	return 0;
}

/* ---- AVPs ----------------------------------------------------------- */

typedef struct {
	uint16_t msg_type;
	bool v3;
} AvpCtx;

static void add_str(TreeNode *t, int f, Cursor *v, size_t at, size_t n)
{
	const uint8_t *p = cur_bytes(v, n);
	if (!p)
		return;
	char buf[1024];
	ppp_format_text(p, n, false, buf, sizeof(buf));
	tree_add_string(t, LF(f), v, at, n, buf);
}

static void add_rest_bytes(TreeNode *t, int f, Cursor *v)
{
	size_t at = cur_off(v), n = cur_left(v);
	if (n == 0 && cur_wire_left(v) == 0)
		return;
	cur_skip(v, n);
	tree_add_bytes(t, LF(f), v, at, n);
	if (cur_wire_left(v) > 0)
		cur_need(v, 1); /* cut by the capture: flag it */
}

static void add_bool_pair(TreeNode *t, int f_hi, int f_lo, Cursor *v, size_t at, uint32_t val)
{
	TreeNode *a = tree_add_uint(t, LF(f_hi), v, at, 4, val);
	tree_set_text(a, "%s", (val & 2) ? "True" : "False");
	TreeNode *b = tree_add_uint(t, LF(f_lo), v, at, 4, val);
	tree_set_text(b, "%s", (val & 1) ? "True" : "False");
}

/* One IETF AVP's value (vendor 0). */
static void avp_value(Packet *pkt, Cursor *v, TreeNode *t, uint16_t type, AvpCtx *ac)
{
	size_t at = cur_off(v);
	size_t n = cur_left(v);
	switch (type) {
	case 0: {
		uint16_t mt = cur_be16(v);
		if (cur_failed(v))
			return;
		tree_add_uint(t, LF(F_L2TP_AVP_MESSAGE_TYPE), v, at, 2, mt);
		if (ac->msg_type == 0)
			ac->msg_type = mt;
		return;
	}
	case 1: {
		uint16_t rc = cur_be16(v);
		if (cur_failed(v))
			return;
		TreeNode *r = tree_add_uint(t, LF(F_L2TP_RESULT_CODE), v, at, 2, rc);
		const ValueString *tab = ac->msg_type == 4 ? stopccn_result_vals : cdn_result_vals;
		const char *rn = vs_lookup(tab, rc);
		tree_set_text(r, "%s (%u)", rn ? rn : "Unknown", rc);
		uint16_t ec = 0;
		bool has_ec = cur_left(v) >= 2;
		if (has_ec) {
			ec = cur_be16(v);
			tree_add_uint(t, LF(F_L2TP_AVP_ERROR_CODE), v, at + 2, 2, ec);
		}
		if (cur_left(v) > 0)
			add_str(t, F_L2TP_AVP_ERROR_MESSAGE, v, at + 4, cur_left(v));
		if (!pkt->in_error) {
			pkt->sum.l2tp.has_result = true;
			pkt->sum.l2tp.result_code = rc;
			pkt->sum.l2tp.error_code = ec;
		}
		pkt_eventf(pkt, ac->msg_type == 4 ? EV_L2TP_STOPCCN : EV_L2TP_CDN, v, NULL,
			   "%s result %u: %s", ac->msg_type == 4 ? "StopCCN" : "CDN", rc, rn ? rn : "Unknown");
		return;
	}
	case 2:
		tree_add_uint(t, LF(F_L2TP_AVP_PROTOCOL_VERSION), v, at, 1, cur_u8(v));
		tree_add_uint(t, LF(F_L2TP_AVP_PROTOCOL_REVISION), v, at + 1, 1, cur_u8(v));
		return;
	case 3:
	case 4:
	case 18:
	case 19: {
		uint32_t val = cur_be32(v);
		if (cur_failed(v))
			return;
		static const int pairs[][2] = {
			{ F_L2TP_AVP_ASYNC_FRAMING_SUPPORTED, F_L2TP_AVP_SYNC_FRAMING_SUPPORTED },
			{ F_L2TP_AVP_ANALOG_ACCESS_SUPPORTED, F_L2TP_AVP_DIGITAL_ACCESS_SUPPORTED },
			{ F_L2TP_AVP_ANALOG_BEARER_TYPE, F_L2TP_AVP_DIGITAL_BEARER_TYPE },
			{ F_L2TP_AVP_ASYNC_FRAMING_TYPE, F_L2TP_AVP_SYNC_FRAMING_TYPE },
		};
		int k = type == 3 ? 0 : type == 4 ? 1 : type == 18 ? 2 : 3;
		add_bool_pair(t, pairs[k][0], pairs[k][1], v, at, val);
		return;
	}
	case 5:
		tree_add_uint(t, LF(F_L2TP_TIE_BREAKER), v, at, 8, cur_be64(v));
		return;
	case 6:
		tree_add_uint(t, LF(F_L2TP_AVP_FIRMWARE_REVISION), v, at, 2, cur_be16(v));
		return;
	case 7:
		add_str(t, F_L2TP_AVP_HOST_NAME, v, at, n);
		return;
	case 8:
		add_str(t, F_L2TP_AVP_VENDOR_NAME, v, at, n);
		return;
	case 9: {
		uint16_t id = cur_be16(v);
		if (cur_failed(v))
			return;
		tree_add_uint(t, LF(F_L2TP_AVP_ASSIGNED_TUNNEL_ID), v, at, 2, id);
		if (!pkt->in_error)
			pkt->sum.l2tp.assigned_tunnel_id = id;
		return;
	}
	case 10:
		tree_add_uint(t, LF(F_L2TP_AVP_RECEIVE_WINDOW_SIZE), v, at, 2, cur_be16(v));
		return;
	case 11:
		add_rest_bytes(t, F_L2TP_AVP_CHAP_CHALLENGE, v);
		return;
	case 12:
		/* Q.931 cause (RFC 2661 4.4.5): cause code 16 | cause msg 8 | advisory */
		tree_add_uint(t, LF(F_L2TP_AVP_CAUSE_CODE), v, at, 2, cur_be16(v));
		tree_add_uint(t, LF(F_L2TP_AVP_CAUSE_MSG), v, at + 2, 1, cur_u8(v));
		if (!cur_failed(v) && cur_left(v) > 0)
			add_str(t, F_L2TP_AVP_ADVISORY_MSG, v, at + 3, cur_left(v));
		return;
	case 13:
		add_rest_bytes(t, F_L2TP_AVP_CHAP_CHALLENGE_RESPONSE, v);
		return;
	case 14: {
		uint16_t id = cur_be16(v);
		if (cur_failed(v))
			return;
		tree_add_uint(t, LF(F_L2TP_AVP_ASSIGNED_SESSION_ID), v, at, 2, id);
		if (!pkt->in_error)
			pkt->sum.l2tp.assigned_session_id = id;
		return;
	}
	case 15:
		tree_add_uint(t, LF(F_L2TP_AVP_CALL_SERIAL_NUMBER), v, at, 4, cur_be32(v));
		return;
	case 16:
		tree_add_uint(t, LF(F_L2TP_AVP_MINIMUM_BPS), v, at, 4, cur_be32(v));
		return;
	case 17:
		tree_add_uint(t, LF(F_L2TP_AVP_MAXIMUM_BPS), v, at, 4, cur_be32(v));
		return;
	case 21:
		add_str(t, F_L2TP_AVP_CALLED_NUMBER, v, at, n);
		return;
	case 22:
		add_str(t, F_L2TP_AVP_CALLING_NUMBER, v, at, n);
		return;
	case 23:
		add_str(t, F_L2TP_AVP_SUB_ADDRESS, v, at, n);
		return;
	case 24:
		tree_add_uint(t, LF(F_L2TP_AVP_CONNECT_SPEED), v, at, 4, cur_be32(v));
		return;
	case 25:
		tree_add_uint(t, LF(F_L2TP_AVP_PHYSICAL_CHANNEL), v, at, 4, cur_be32(v));
		return;
	case 26:
	case 27:
	case 28: {
		/* the proxied LCP Configure-Request options (RFC 2661 4.4.5) */
		int f = type == 26 ? F_L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ
			: type == 27 ? F_L2TP_AVP_LAST_SENT_LCP_CONFREQ
				     : F_L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ;
		TreeNode *b = tree_add_bytes(t, LF(f), v, at, n);
		Cursor o = cur_sub(v, n);
		ppp_lcp_options(pkt, &o, b);
		return;
	}
	case 29:
		tree_add_uint(t, LF(F_L2TP_AVP_PROXY_AUTHEN_TYPE), v, at, 2, cur_be16(v));
		return;
	case 30:
		add_str(t, F_L2TP_AVP_PROXY_AUTHEN_NAME, v, at, n);
		return;
	case 31:
		add_rest_bytes(t, F_L2TP_AVP_PROXY_AUTHEN_CHALLENGE, v);
		return;
	case 32:
		/* reserved 8 | ID 8 */
		cur_u8(v);
		tree_add_uint(t, LF(F_L2TP_AVP_PROXY_AUTHEN_ID), v, at + 1, 1, cur_u8(v));
		return;
	case 33:
		add_rest_bytes(t, F_L2TP_AVP_PROXY_AUTHEN_RESPONSE, v);
		return;
	case 34: {
		/* reserved 16, then six 32-bit error counters */
		static const int f[] = { F_L2TP_AVP_CRC_ERRORS,	      F_L2TP_AVP_FRAMING_ERRORS,
					 F_L2TP_AVP_HARDWARE_OVERRUNS, F_L2TP_AVP_BUFFER_OVERRUNS,
					 F_L2TP_AVP_TIME_OUT_ERRORS,   F_L2TP_AVP_ALIGNMENT_ERRORS };
		cur_be16(v);
		for (size_t i = 0; i < 6 && !cur_failed(v); i++) {
			size_t o = cur_off(v);
			uint32_t x = cur_be32(v);
			if (!cur_failed(v))
				tree_add_uint(t, LF(f[i]), v, o, 4, x);
		}
		return;
	}
	case 35:
		cur_be16(v);
		tree_add_uint(t, LF(F_L2TP_AVP_SEND_ACCM), v, at + 2, 4, cur_be32(v));
		tree_add_uint(t, LF(F_L2TP_AVP_RECEIVE_ACCM), v, at + 6, 4, cur_be32(v));
		return;
	case 36:
		add_rest_bytes(t, F_L2TP_AVP_RANDOM_VECTOR, v);
		return;
	case 37:
		add_rest_bytes(t, F_L2TP_AVP_PRIVATE_GROUP_ID, v);
		return;
	case 38:
		tree_add_uint(t, LF(F_L2TP_AVP_RX_CONNECT_SPEED), v, at, 4, cur_be32(v));
		return;
	case 39:
		return;
	case 46:
		/* RFC 3145: disconnect code 16 | control protocol 16 | direction 8 | message */
		tree_add_uint(t, LF(F_L2TP_AVP_DISCONNECT_CODE), v, at, 2, cur_be16(v));
		tree_add_uint(t, LF(F_L2TP_AVP_CONTROL_PROTOCOL_NUMBER), v, at + 2, 2, cur_be16(v));
		tree_add_uint(t, LF(F_L2TP_AVP_CAUSE_CODE_DIRECTION), v, at + 4, 1, cur_u8(v));
		if (!cur_failed(v) && cur_left(v) > 0)
			add_str(t, F_L2TP_AVP_CAUSE_CODE_MESSAGE, v, at + 5, cur_left(v));
		return;
	case 59:
		add_rest_bytes(t, F_L2TP_AVP_MESSAGE_DIGEST, v);
		return;
	case 60:
		tree_add_uint(t, LF(F_L2TP_AVP_ROUTER_ID), v, at, 4, cur_be32(v));
		return;
	case 61:
		tree_add_uint(t, LF(F_L2TP_AVP_ASSIGNED_CONTROL_CONN_ID), v, at, 4, cur_be32(v));
		return;
	case 62:
		for (unsigned k = 0; cur_left(v) >= 2 && k < 64; k++) {
			size_t o = cur_off(v);
			tree_add_uint(t, LF(F_L2TP_AVP_PW_TYPE), v, o, 2, cur_be16(v));
		}
		break;
	case 63:
		tree_add_uint(t, LF(F_L2TP_AVP_LOCAL_SESSION_ID), v, at, 4, cur_be32(v));
		return;
	case 64:
		tree_add_uint(t, LF(F_L2TP_AVP_REMOTE_SESSION_ID), v, at, 4, cur_be32(v));
		return;
	case 65:
		add_rest_bytes(t, F_L2TP_AVP_ASSIGNED_COOKIE, v);
		return;
	case 66:
		add_str(t, F_L2TP_AVP_REMOTE_END_ID, v, at, n);
		return;
	case 68:
		tree_add_uint(t, LF(F_L2TP_AVP_PSEUDOWIRE_TYPE), v, at, 2, cur_be16(v));
		return;
	case 73:
		add_rest_bytes(t, F_L2TP_AVP_NONCE, v);
		return;
	case 74:
		tree_add_uint(t, LF(F_L2TP_AVP_TX_CONNECT_SPEED_V3), v, at, 8, cur_be64(v));
		return;
	case 75:
		tree_add_uint(t, LF(F_L2TP_AVP_RX_CONNECT_SPEED_V3), v, at, 8, cur_be64(v));
		return;
	default:
		break;
	}
	if (cur_left(v) > 0 || cur_wire_left(v) > 0)
		add_rest_bytes(t, F_L2TP_AVP_DATA, v);
}

/* The AVP list of a control message.  Returns the message type (0: none). */
static uint16_t avp_list(Packet *pkt, Cursor *c, TreeNode *root_t, bool v3)
{
	AvpCtx ac = { 0, v3 };
	for (unsigned n = 0; cur_wire_left(c) > 0; n++) {
		if (n == L2TP_MAX_AVPS) {
			pkt_event(pkt, EV_L2TP_TOO_MANY_AVPS, c, root_t);
			break;
		}
		size_t at = cur_off(c);
		uint16_t hdr = cur_be16(c);
		uint16_t vendor = cur_be16(c);
		uint16_t type = cur_be16(c);
		if (cur_failed(c)) {
			pkt_cursor_error(pkt, c, root_t, "l2tp");
			break;
		}
		unsigned len = hdr & 0x03ff;
		bool hidden = (hdr & 0x4000) != 0;
		const char *tn = vendor == 0 ? vs_lookup(avp_type_vals, type) : NULL;
		TreeNode *t = NULL;
		if (root_t) {
			if (vendor == 0)
				t = tree_add_text(root_t, c, at, len, "%s AVP", tn ? tn : "Unknown");
			else
				t = tree_add_text(root_t, c, at, len, "Vendor %s (%u): Type %u AVP",
						  vs_name(vendor_vals, vendor, "Unknown"), vendor, type);
			tree_add_uint(t, LF(F_L2TP_AVP_MANDATORY), c, at, 2, hdr);
			tree_add_uint(t, LF(F_L2TP_AVP_HIDDEN), c, at, 2, hdr);
			tree_add_uint(t, LF(F_L2TP_AVP_LENGTH), c, at, 2, hdr);
			if (!hidden) {
				tree_add_uint(t, LF(F_L2TP_AVP_VENDOR_ID), c, at + 2, 2, vendor);
				tree_add_uint(t, LF(F_L2TP_AVP_TYPE), c, at + 4, 2, type);
			} else {
				/* Wireshark shows a hidden AVP's header bits only; its
				 * vendor and type are in the line above */
				tree_add_text(t, c, at + 2, 4, "Vendor ID: %u, AVP Type: %u", vendor, type);
			}
		}
		if (len < 6) {
			pkt_eventf(pkt, EV_L2TP_AVP_BAD_LENGTH, c, t, "AVP length %u is shorter than its 6-byte header",
				   len);
			if (!pkt->in_error)
				pkt->err |= CUR_MALFORMED;
			dissect_data(pkt, c, root_t);
			break;
		}
		if (len - 6u > cur_wire_left(c)) {
			pkt_eventf(pkt, EV_L2TP_AVP_BAD_LENGTH, c, t, "AVP length %u runs past the message", len);
			if (!pkt->in_error)
				pkt->err |= CUR_MALFORMED;
			dissect_data(pkt, c, root_t);
			break;
		}
		Cursor v = cur_sub(c, len - 6u);
		if (hidden) {
			/* RFC 2661 4.3: the value is MD5-masked with the shared
			 * secret and the Random Vector; not decodable here */
			tree_append_text(t, " (hidden)");
			add_rest_bytes(t, F_L2TP_AVP_HIDDEN_DATA, &v);
			pkt_event(pkt, EV_L2TP_HIDDEN_AVP, &v, NULL);
		} else if (vendor != 0) {
			add_rest_bytes(t, F_L2TP_AVP_VENDOR_DATA, &v);
		} else {
			avp_value(pkt, &v, t, type, &ac);
		}
		if (pkt_cursor_error(pkt, &v, t, "l2tp"))
			break;
		if (pkt_cursor_error(pkt, c, root_t, "l2tp"))
			break;
	}
	return ac.msg_type;
}

/* ---- headers -------------------------------------------------------- */

static void flags_tree(TreeNode *t, Cursor *c, size_t at, uint16_t fl, bool v3)
{
	TreeNode *f = tree_add_uint(t, LF(F_L2TP_FLAGS), c, at, 2, fl);
	if (!f)
		return;
	char buf[96];
	size_t o = (size_t)snprintf(buf, sizeof(buf), "0x%04x, Type: %s", fl,
				    (fl & 0x8000) ? "Control Message" : "Data Message");
	if (fl & 0x4000)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, ", Length Bit");
	if (!v3 && (fl & 0x0800))
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, ", Sequence Bit");
	if (!v3 && (fl & 0x0200))
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, ", Offset Bit");
	if (!v3 && (fl & 0x0100))
		snprintf(buf + o, sizeof(buf) - o, ", Priority");
	tree_set_text(f, "%s", buf);
	tree_add_uint(f, LF(F_L2TP_TYPE), c, at, 2, fl);
	TreeNode *x = tree_add_uint(f, LF(F_L2TP_LENGTH_BIT), c, at, 2, fl);
	tree_set_text(x, "%s", (fl & 0x4000) ? "Length field is present" : "Length field is not present");
	x = tree_add_uint(f, LF(F_L2TP_SEQ_BIT), c, at, 2, fl);
	tree_set_text(x, "%s", (fl & 0x0800) ? "Ns and Nr fields are present" : "Ns and Nr fields are not present");
	if (!v3) {
		x = tree_add_uint(f, LF(F_L2TP_OFFSET_BIT), c, at, 2, fl);
		tree_set_text(x, "%s", (fl & 0x0200) ? "Offset size field is present"
						     : "Offset size field is not present");
		x = tree_add_uint(f, LF(F_L2TP_PRIORITY), c, at, 2, fl);
		tree_set_text(x, "%s", (fl & 0x0100) ? "This data message has priority" : "No priority");
	}
	tree_add_uint(f, LF(F_L2TP_VERSION), c, at, 2, fl);
}

static void control_summary(Packet *pkt, uint8_t ver, uint16_t mt, bool zlb)
{
	if (pkt->in_error)
		return;
	pkt->sum.l2tp.control = true;
	pkt->sum.l2tp.msg_type = mt;
	pkt->sum.l2tp.zlb = zlb;
	(void)ver;
}

static void note_retransmission(Packet *pkt, Cursor *c, TreeNode *t, uint8_t ver, uint32_t tunnel, uint16_t ns,
				uint16_t mt)
{
	uint64_t first = tunnel_note_ns(pkt, ver, tunnel, ns, mt);
	if (!first)
		return;
	pkt->sum.l2tp.retransmit = true;
	TreeNode *r = tree_add_uint(t, LF(F_L2TP_RETRANSMISSION), c, cur_off(c), 0, first);
	if (r)
		r->flags |= NODE_GENERATED;
	pkt_eventf(pkt, EV_L2TP_RETRANSMISSION, c, t, "Retransmitted %s (Ns %u first sent in frame %" PRIu64 ")",
		   vs_name(message_type_short, mt, "control message"), ns, first);
	pkt_info_append(pkt, " [retransmission]");
}

static bool l2tp_v2(Packet *pkt, Cursor *c, TreeNode *root, size_t at, uint16_t fl)
{
	bool ctl = (fl & 0x8000) != 0;
	if (ctl && !(fl & 0x0200)) {
		/* tshark names the message type in the info column before it
		 * builds the tree: when the first AVP's type cannot be read,
		 * the message shows no L2TP field at all.  Do the same, so
		 * that -T fields agrees on damaged captures. */
		size_t hdr = 4u + ((fl & 0x4000) ? 2u : 0u) + ((fl & 0x0800) ? 4u : 0u); /* after the flags */
		size_t len = (fl & 0x4000) && cur_has(c, 2) ? ((size_t)cur_ptr(c)[0] << 8 | cur_ptr(c)[1])
							    : cur_wire_left(c) + 2;
		bool zlb = len == hdr + 2;
		size_t need = zlb ? hdr : hdr + 8;
		if (!cur_has(c, need) && cur_left(c) >= ((fl & 0x4000) ? 2u : 0u)) {
			TreeNode *t = tree_add_at(root, LF(F_L2TP), c, at, cur_wire_left(c) + 2);
			pkt_set_proto(pkt, "L2TP");
			if (!zlb && (fl & 0x4000) && len > cur_wire_left(c) + 2)
				pkt_eventf(pkt, EV_L2TP_BAD_LENGTH, c, t, "Length %zu runs past the datagram", len);
			cur_need(c, need);
			pkt_info(pkt, "Control Message");
			pkt_cursor_error(pkt, c, t, "l2tp");
			return true;
		}
	}
	TreeNode *t = tree_add_at(root, LF(F_L2TP), c, at, cur_wire_left(c) + 2);
	flags_tree(t, c, at, fl, false);
	uint16_t len = 0, tid, sid, ns = 0, nr = 0, off = 0;
	if (fl & 0x4000) {
		size_t o = cur_off(c);
		len = cur_be16(c);
		if (!cur_failed(c))
			tree_add_uint(t, LF(F_L2TP_LENGTH), c, o, 2, len);
	}
	size_t o = cur_off(c);
	tid = cur_be16(c);
	sid = cur_be16(c);
	if (cur_failed(c)) {
		pkt_cursor_error(pkt, c, t, "l2tp");
		return true;
	}
	tree_add_uint(t, LF(F_L2TP_TUNNEL), c, o, 2, tid);
	tree_add_uint(t, LF(F_L2TP_SESSION), c, o + 2, 2, sid);
	if (fl & 0x0800) {
		o = cur_off(c);
		ns = cur_be16(c);
		nr = cur_be16(c);
		if (cur_failed(c)) {
			pkt_cursor_error(pkt, c, t, "l2tp");
			return true;
		}
		tree_add_uint(t, LF(F_L2TP_NS), c, o, 2, ns);
		tree_add_uint(t, LF(F_L2TP_NR), c, o + 2, 2, nr);
	}
	if (!pkt->in_error) {
		pkt->sum.layers |= LAYER_L2TP;
		pkt->sum.l2tp.version = 2;
		pkt->sum.l2tp.tunnel_id = tid;
		pkt->sum.l2tp.session_id = sid;
		pkt->sum.l2tp.has_seq = (fl & 0x0800) != 0;
		pkt->sum.l2tp.ns = ns;
		pkt->sum.l2tp.nr = nr;
	}
	if (fl & 0x0200) {
		o = cur_off(c);
		off = cur_be16(c);
		if (cur_failed(c)) {
			pkt_cursor_error(pkt, c, t, "l2tp");
			return true;
		}
		tree_add_uint(t, LF(F_L2TP_OFFSET), c, o, 2, off);
		if (off > 0) {
			size_t po = cur_off(c);
			if (!cur_skip(c, off)) {
				pkt_cursor_error(pkt, c, t, "l2tp");
				return true;
			}
			tree_add_at(t, LF(F_L2TP_OFFSET_PADDING), c, po, off);
		}
	}
	if (fl & 0x4000) {
		/* the length covers the whole message from the flags */
		size_t hdr = cur_off(c) - at;
		if (len < hdr || !cur_limit(c, len - hdr)) {
			pkt_eventf(pkt, EV_L2TP_BAD_LENGTH, c, t, "Length %u does not fit the message", len);
			if (!pkt->in_error)
				pkt->err |= CUR_MALFORMED;
			if (len < hdr)
				return true;
		}
	}
	if (!ctl) {
		pkt_set_proto(pkt, "L2TP");
		pkt_info(pkt, "Data Message (tunnel id=%u, session id=%u)", tid, sid);
		tree_set_end(t, c);
		if (t)
			t->len = (uint32_t)(cur_off(c) - at);
		if (cur_wire_left(c) > 0)
			ppp_dissect_payload(pkt, c, root);
		return true;
	}
	pkt_set_proto(pkt, "L2TP");
	if (cur_wire_left(c) == 0) {
		tree_add_at(t, LF(F_L2TP_ZLB), c, cur_off(c), 0);
		pkt_info(pkt, "Control Message - ZLB      (tunnel id=%u, session id=%u)", tid, sid);
		control_summary(pkt, 2, 0, true);
		return true;
	}
	pkt_info(pkt, "Control Message");
	uint16_t mt = avp_list(pkt, c, t, false);
	control_summary(pkt, 2, mt, false);
	const char *mn = vs_lookup(message_type_short, mt);
	char unk[24];
	if (!mn) {
		snprintf(unk, sizeof(unk), "Unknown (%u)", mt);
		mn = unk;
	}
	if (pkt_want_info(pkt) && !pkt->in_error) {
		/* the info line names the message first, like tshark */
		char tail[320];
		snprintf(tail, sizeof(tail), "%s", pkt->info + strlen("Control Message"));
		pkt_info(pkt, "Control Message - %s (tunnel id=%u, session id=%u)%s", mn, tid, sid, tail);
	}
	if (fl & 0x0800)
		note_retransmission(pkt, c, t, 2, tid, ns, mt);
	return true;
}

/*
 * L2TPv3 (RFC 3931 section 4.1): over UDP, control and data share the
 * first 16 bits (T bit, version 3); over IP, a zero 32-bit session id
 * announces a control message.
 *
 *  |T|L|x|x|S|x|x|x|x|x|x|x|  Ver  |             Length            |
 *  |                     Control Connection ID                     |
 *  |               Ns              |               Nr              |
 *
 *  data over UDP: |T|x|x...|  Ver  |  Reserved  | Session ID 32 | cookie...
 *  data over IP:  | Session ID 32 | cookie ... | payload
 */
static bool l2tp_v3_control(Packet *pkt, Cursor *c, TreeNode *t, size_t at, uint16_t fl)
{
	/* RFC 3931 requires L and S set on control messages; the fields
	 * present are those the bits announce */
	uint16_t len = 0, ns = 0, nr = 0;
	size_t o = cur_off(c);
	if (fl & 0x4000) {
		len = cur_be16(c);
		if (!cur_failed(c))
			tree_add_uint(t, LF(F_L2TP_LENGTH), c, o, 2, len);
	}
	o = cur_off(c);
	uint32_t ccid = cur_be32(c);
	if (!cur_failed(c))
		tree_add_uint(t, LF(F_L2TP_CCID), c, o, 4, ccid);
	if (fl & 0x0800) {
		ns = cur_be16(c);
		nr = cur_be16(c);
		if (!cur_failed(c)) {
			tree_add_uint(t, LF(F_L2TP_NS), c, o + 4, 2, ns);
			tree_add_uint(t, LF(F_L2TP_NR), c, o + 6, 2, nr);
		}
	}
	if (cur_failed(c)) {
		pkt_cursor_error(pkt, c, t, "l2tp");
		return true;
	}
	if (!pkt->in_error) {
		pkt->sum.layers |= LAYER_L2TP;
		pkt->sum.l2tp.version = 3;
		pkt->sum.l2tp.ccid = ccid;
		pkt->sum.l2tp.has_seq = (fl & 0x0800) != 0;
		pkt->sum.l2tp.ns = ns;
		pkt->sum.l2tp.nr = nr;
	}
	pkt_set_proto(pkt, "L2TPv3");
	if (!(fl & 0x8000)) {
		/* the T bit is clear: no AVPs to read */
		pkt_info(pkt, "Data Message (ccid=0x%08x)", ccid);
		if (cur_wire_left(c) > 0)
			dissect_data(pkt, c, t);
		return true;
	}
	size_t hdr = cur_off(c) - at;
	if ((fl & 0x4000) && (len < hdr || !cur_limit(c, len - hdr))) {
		pkt_eventf(pkt, EV_L2TP_BAD_LENGTH, c, t, "Length %u does not fit the message", len);
		if (!pkt->in_error)
			pkt->err |= CUR_MALFORMED;
		if (len < hdr)
			return true;
	}
	if (cur_wire_left(c) == 0) {
		tree_add_at(t, LF(F_L2TP_ZLB), c, cur_off(c), 0);
		pkt_info(pkt, "Control Message - ZLB      (ccid=0x%08x)", ccid);
		control_summary(pkt, 3, 0, true);
		return true;
	}
	uint16_t mt = avp_list(pkt, c, t, true);
	control_summary(pkt, 3, mt, false);
	const char *mn = vs_lookup(message_type_short, mt);
	pkt_info(pkt, "Control Message - %s (ccid=0x%08x)", mn ? mn : "Unknown", ccid);
	note_retransmission(pkt, c, t, 3, ccid, ns, mt);
	return true;
}

static void l2tp_v3_data(Packet *pkt, Cursor *c, TreeNode *t, size_t o, uint32_t sid)
{
	tree_add_uint(t, LF(F_L2TP_SID), c, o, 4, sid);
	if (!pkt->in_error) {
		pkt->sum.layers |= LAYER_L2TP;
		pkt->sum.l2tp.version = 3;
		pkt->sum.l2tp.ccid = sid;
	}
	pkt_set_proto(pkt, "L2TPv3");
	pkt_info(pkt, "D[S:0x%08x]", sid);
	/* the cookie length and the pseudowire type were negotiated on the
	 * control connection: the payload is shown as data */
	if (cur_wire_left(c) > 0)
		dissect_data(pkt, c, t);
}

/* True when a control message's header and first AVP's type (what tshark
 * reads for its info column before it builds the tree) are captured.
 * `pre` bytes precede the flags (the session id over IP). */
static bool v3_control_readable(const Cursor *c, size_t pre)
{
	if (!cur_has(c, pre + 2))
		return false;
	const uint8_t *p = cur_ptr(c) + pre;
	uint16_t fl = (uint16_t)(p[0] << 8 | p[1]);
	if (!(fl & 0x8000))
		return true;
	size_t hdr = 2u + ((fl & 0x4000) ? 2u : 0u) + 4u + ((fl & 0x0800) ? 4u : 0u);
	size_t len = cur_wire_left(c) - pre;
	if ((fl & 0x4000) && cur_has(c, pre + 4))
		len = (size_t)p[2] << 8 | p[3];
	size_t need = pre + (len == hdr ? hdr : hdr + 8);
	return cur_has(c, need);
}

/* A control message tshark would show no field of: the L2TP line and the
 * error only. */
static bool l2tp_unreadable(Packet *pkt, Cursor *c, TreeNode *root, size_t at, const char *label)
{
	TreeNode *t = tree_add_at(root, LF(F_L2TP), c, at, cur_wire_left(c));
	pkt_set_proto(pkt, label);
	pkt_info(pkt, "Control Message");
	cur_need(c, cur_left(c) + 1); /* truncated if the wire has more, malformed if not */
	pkt_cursor_error(pkt, c, t, "l2tp");
	return true;
}

static bool l2tp_udp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	/* fewer bytes than the smallest header (flags, tunnel, session) on
	 * the wire: not L2TP, whatever the port */
	if (cur_wire_left(c) < 6)
		return false;
	size_t at = cur_off(c);
	uint16_t fl = cur_be16(c);
	if (cur_failed(c)) {
		pkt_set_proto(pkt, "L2TP");
		TreeNode *t = tree_add_at(root, LF(F_L2TP), c, at, cur_wire_left(c));
		pkt_cursor_error(pkt, c, t, "l2tp");
		return true;
	}
	uint8_t ver = fl & 0x000f;
	if (ver == 2)
		return l2tp_v2(pkt, c, root, at, fl);
	if (ver == 3) {
		c->off = at;
		bool ok = v3_control_readable(c, 0);
		cur_skip(c, 2);
		if (!ok)
			return l2tp_unreadable(pkt, c, root, at, "L2TPv3");
	}
	TreeNode *t = ver == 3 ? tree_add_at(root, LF(F_L2TP), c, at, cur_wire_left(c) + 2) : NULL;
	if (ver == 3) {
		tree_set_text(t, "Layer 2 Tunneling Protocol version 3");
		flags_tree(t, c, at, fl, true);
		if (fl & 0x8000)
			return l2tp_v3_control(pkt, c, t, at, fl);
		size_t o = cur_off(c);
		uint16_t res = cur_be16(c);
		uint32_t sid = cur_be32(c);
		if (cur_failed(c)) {
			pkt_cursor_error(pkt, c, t, "l2tp");
			return true;
		}
		tree_add_uint(t, LF(F_L2TP_RES), c, o, 2, res);
		l2tp_v3_data(pkt, c, t, o + 2, sid);
		return true;
	}
	/* another version on port 1701 is not L2TP (tshark leaves it to
	 * UDP too); the event tells why */
	(void)t;
	pkt_event(pkt, EV_L2TP_BAD_VERSION, c, NULL);
	return false;
}

static bool l2tp_ip_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	size_t at = cur_off(c);
	if (cur_has(c, 4) && !cur_ptr(c)[0] && !cur_ptr(c)[1] && !cur_ptr(c)[2] && !cur_ptr(c)[3] &&
	    !v3_control_readable(c, 4))
		return l2tp_unreadable(pkt, c, root, at, "L2TPv3");
	uint32_t sid = cur_be32(c);
	TreeNode *t = tree_add_at(root, LF(F_L2TP), c, at, cur_wire_left(c) + 4);
	tree_set_text(t, "Layer 2 Tunneling Protocol version 3");
	pkt_set_proto(pkt, "L2TPv3");
	if (cur_failed(c)) {
		pkt_cursor_error(pkt, c, t, "l2tp");
		return true;
	}
	if (sid != 0) {
		l2tp_v3_data(pkt, c, t, at, sid);
		return true;
	}
	tree_add_uint(t, LF(F_L2TP_SID), c, at, 4, sid);
	size_t fat = cur_off(c);
	uint16_t fl = cur_be16(c);
	if (cur_failed(c)) {
		pkt_cursor_error(pkt, c, t, "l2tp");
		return true;
	}
	flags_tree(t, c, fat, fl, true);
	return l2tp_v3_control(pkt, c, t, fat, fl);
}

const Dissector l2tp_dissector = { "l2tp", "L2TP", l2tp_udp_dissect };
const Dissector l2tpv3_ip_dissector = { "l2tp", "L2TPv3", l2tp_ip_dissect };
