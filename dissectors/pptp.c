/*
 * pptp.c - PPTP control connection (RFC 2637 section 2) on TCP 1723.
 *
 * Every control message starts with the same 12 bytes:
 *
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Length            |       PPTP Message Type       |
 *  |                         Magic Cookie                          |
 *  |     Control Message Type      |           Reserved0           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * then a body fixed by the message type (15 types).  The control stream is
 * reassembled in TCP order: each direction of a connection keeps the next
 * expected sequence number, the unfinished tail of a message, and a few
 * segments that arrived ahead of a gap.  A message is dissected in the
 * frame that completes it.  The state lives in the DissectCtx, capped (LRU
 * eviction, counted).  The data channel (enhanced GRE) is tunnel.c's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "protos.h"

enum {
	PPTP_MAGIC = 0x1a2b3c4d,
	PPTP_MIN_MSG = 12,
	PPTP_MAX_MSG = 1024,     /* the largest message is 220 bytes */
	PPTP_MAX_STREAMS = 64,   /* connection directions followed */
	PPTP_MAX_PENDING = 4,    /* out-of-order segments held per direction */
	PPTP_PENDING_MAX = 2048, /* bytes of one held segment */
	PPTP_MAX_PER_FRAME = 32, /* messages dissected per frame */
};

enum {
	F_PPTP,
	F_PPTP_LENGTH,
	F_PPTP_TYPE,
	F_PPTP_MAGIC_COOKIE,
	F_PPTP_CONTROL_MESSAGE_TYPE,
	F_PPTP_RESERVED,
	F_PPTP_PROTOCOL_VERSION,
	F_PPTP_FRAMING_CAPABILITIES,
	F_PPTP_BEARER_CAPABILITIES,
	F_PPTP_MAXIMUM_CHANNELS,
	F_PPTP_FIRMWARE_REVISION,
	F_PPTP_HOST_NAME,
	F_PPTP_VENDOR_NAME,
	F_PPTP_CONTROL_RESULT,
	F_PPTP_ERROR,
	F_PPTP_REASON,
	F_PPTP_STOP_RESULT,
	F_PPTP_IDENTIFIER,
	F_PPTP_ECHO_RESULT,
	F_PPTP_CALL_ID,
	F_PPTP_CALL_SERIAL_NUMBER,
	F_PPTP_MINIMUM_BPS,
	F_PPTP_MAXIMUM_BPS,
	F_PPTP_FRAMING_TYPE,
	F_PPTP_BEARER_TYPE,
	F_PPTP_PACKET_RECEIVE_WINDOW_SIZE,
	F_PPTP_PACKET_PROCESSING_DELAY,
	F_PPTP_PHONE_NUMBER_LENGTH,
	F_PPTP_PHONE_NUMBER,
	F_PPTP_SUBADDRESS,
	F_PPTP_PEER_CALL_ID,
	F_PPTP_OUT_RESULT,
	F_PPTP_CAUSE,
	F_PPTP_CONNECT_SPEED,
	F_PPTP_PHYSICAL_CHANNEL_ID,
	F_PPTP_DIALED_NUMBER_LENGTH,
	F_PPTP_DIALED_NUMBER,
	F_PPTP_DIALING_NUMBER_LENGTH,
	F_PPTP_DIALING_NUMBER,
	F_PPTP_IN_RESULT,
	F_PPTP_DISC_RESULT,
	F_PPTP_CALL_STATISTICS,
	F_PPTP_CRC_ERRORS,
	F_PPTP_FRAMING_ERRORS,
	F_PPTP_HARDWARE_OVERRUNS,
	F_PPTP_BUFFER_OVERRUNS,
	F_PPTP_TIMEOUT_ERRORS,
	F_PPTP_ALIGNMENT_ERRORS,
	F_PPTP_SEND_ACCM,
	F_PPTP_RECEIVE_ACCM,
	F_PPTP__COUNT
};

static const ValueString msg_type_vals[] = {
	{ 1, "Control Message" },
	{ 2, "Management Message" },
	{ 0, NULL },
};

static const ValueString ctrl_type_vals[] = {
	{ 1, "Start-Control-Connection-Request" },
	{ 2, "Start-Control-Connection-Reply" },
	{ 3, "Stop-Control-Connection-Request" },
	{ 4, "Stop-Control-Connection-Reply" },
	{ 5, "Echo-Request" },
	{ 6, "Echo-Reply" },
	{ 7, "Outgoing-Call-Request" },
	{ 8, "Outgoing-Call-Reply" },
	{ 9, "Incoming-Call-Request" },
	{ 10, "Incoming-Call-Reply" },
	{ 11, "Incoming-Call-Connected" },
	{ 12, "Call-Clear-Request" },
	{ 13, "Call-Disconnect-Notify" },
	{ 14, "WAN-Error-Notify" },
	{ 15, "Set-Link-Info" },
	{ 0, NULL },
};

static const ValueString framing_caps_vals[] = {
	{ 1, "Asynchronous Framing supported" },
	{ 2, "Synchronous Framing supported" },
	{ 3, "Either Framing supported" },
	{ 0, NULL },
};

static const ValueString bearer_caps_vals[] = {
	{ 1, "Analog access supported" },
	{ 2, "Digital access supported" },
	{ 3, "Either access supported" },
	{ 0, NULL },
};

static const ValueString framing_type_vals[] = {
	{ 1, "Asynchronous Framing" },
	{ 2, "Synchronous Framing" },
	{ 3, "Either Framing" },
	{ 0, NULL },
};

static const ValueString bearer_type_vals[] = {
	{ 1, "Analog channel" },
	{ 2, "Digital channel" },
	{ 3, "Any type of channel" },
	{ 0, NULL },
};

/* Result and error codes (RFC 2637 sections 2.2-2.13) */
static const ValueString control_result_vals[] = {
	{ 1, "Successful channel establishment" },
	{ 2, "General error" },
	{ 3, "Command channel already exists" },
	{ 4, "Requester not authorized" },
	{ 5, "Protocol version not supported" },
	{ 0, NULL },
};

static const ValueString error_vals[] = {
	{ 0, "None" },
	{ 1, "Not-Connected" },
	{ 2, "Bad-Format" },
	{ 3, "Bad-Value" },
	{ 4, "No-Resource" },
	{ 5, "Bad-Call ID" },
	{ 6, "PAC-Error" },
	{ 0, NULL },
};

static const ValueString reason_vals[] = {
	{ 1, "General request to clear control connection" },
	{ 2, "Can't support peer's protocol version" },
	{ 3, "Requester is being shut down" },
	{ 0, NULL },
};

static const ValueString stop_result_vals[] = {
	{ 1, "OK" },
	{ 2, "General error" },
	{ 0, NULL },
};

static const ValueString echo_result_vals[] = {
	{ 1, "OK" },
	{ 2, "General error" },
	{ 0, NULL },
};

static const ValueString out_result_vals[] = {
	{ 1, "Connected" },
	{ 2, "General Error" },
	{ 3, "No Carrier" },
	{ 4, "Busy" },
	{ 5, "No Dial Tone" },
	{ 6, "Time-out" },
	{ 7, "Do Not Accept" },
	{ 0, NULL },
};

static const ValueString in_result_vals[] = {
	{ 1, "Connect" },
	{ 2, "General error" },
	{ 3, "Do Not Accept" },
	{ 0, NULL },
};

static const ValueString disc_result_vals[] = {
	{ 1, "Lost Carrier" },
	{ 2, "General Error" },
	{ 3, "Admin Shutdown" },
	{ 4, "Request" },
	{ 0, NULL },
};

#define U8V(abbr, name, vals) { abbr, name, FT_UINT8, BASE_DEC, vals, 0, NULL }
#define U16(abbr, name) { abbr, name, FT_UINT16, BASE_DEC, NULL, 0, NULL }
#define U32(abbr, name) { abbr, name, FT_UINT32, BASE_DEC, NULL, 0, NULL }
#define STR(abbr, name) { abbr, name, FT_STRING, BASE_NONE, NULL, 0, NULL }

static const FieldDef pptp_fields[F_PPTP__COUNT] = {
	[F_PPTP] = { "pptp", "Point-to-Point Tunnelling Protocol", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_PPTP_LENGTH] = U16("pptp.length", "Length"),
	[F_PPTP_TYPE] = { "pptp.type", "Message type", FT_UINT16, BASE_DEC, msg_type_vals, 0, NULL },
	[F_PPTP_MAGIC_COOKIE] = { "pptp.magic_cookie", "Magic Cookie", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_PPTP_CONTROL_MESSAGE_TYPE] = { "pptp.control_message_type", "Control Message Type", FT_UINT16, BASE_DEC,
					  ctrl_type_vals, 0, NULL },
	[F_PPTP_RESERVED] = { "pptp.reserved", "Reserved", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_PPTP_PROTOCOL_VERSION] = U16("pptp.protocol_version", "Protocol version"),
	[F_PPTP_FRAMING_CAPABILITIES] = { "pptp.framing_capabilities", "Framing Capabilities", FT_UINT32, BASE_DEC,
					  framing_caps_vals, 0, NULL },
	[F_PPTP_BEARER_CAPABILITIES] = { "pptp.bearer_capabilities", "Bearer Capabilities", FT_UINT32, BASE_DEC,
					 bearer_caps_vals, 0, NULL },
	[F_PPTP_MAXIMUM_CHANNELS] = U16("pptp.maximum_channels", "Maximum Channels"),
	[F_PPTP_FIRMWARE_REVISION] = U16("pptp.firmware_revision", "Firmware Revision"),
	[F_PPTP_HOST_NAME] = STR("pptp.host_name", "Host Name"),
	[F_PPTP_VENDOR_NAME] = STR("pptp.vendor_name", "Vendor Name"),
	[F_PPTP_CONTROL_RESULT] = U8V("pptp.control_result", "Result Code", control_result_vals),
	[F_PPTP_ERROR] = U8V("pptp.error", "Error Code", error_vals),
	[F_PPTP_REASON] = U8V("pptp.reason", "Reason", reason_vals),
	[F_PPTP_STOP_RESULT] = U8V("pptp.stop_result", "Result Code", stop_result_vals),
	[F_PPTP_IDENTIFIER] = U32("pptp.identifier", "Identifier"),
	[F_PPTP_ECHO_RESULT] = U8V("pptp.echo_result", "Result Code", echo_result_vals),
	[F_PPTP_CALL_ID] = U16("pptp.call_id", "Call ID"),
	[F_PPTP_CALL_SERIAL_NUMBER] = U16("pptp.call_serial_number", "Call Serial Number"),
	[F_PPTP_MINIMUM_BPS] = U32("pptp.minimum_bps", "Minimum BPS"),
	[F_PPTP_MAXIMUM_BPS] = U32("pptp.maximum_bps", "Maximum BPS"),
	[F_PPTP_FRAMING_TYPE] = { "pptp.framing_type", "Framing Type", FT_UINT32, BASE_DEC, framing_type_vals, 0,
				  NULL },
	[F_PPTP_BEARER_TYPE] = { "pptp.bearer_type", "Bearer Type", FT_UINT32, BASE_DEC, bearer_type_vals, 0, NULL },
	[F_PPTP_PACKET_RECEIVE_WINDOW_SIZE] = U16("pptp.packet_receive_window_size", "Packet Receive Window Size"),
	[F_PPTP_PACKET_PROCESSING_DELAY] = U16("pptp.packet_processing_delay", "Packet Processing Delay"),
	[F_PPTP_PHONE_NUMBER_LENGTH] = U16("pptp.phone_number_length", "Phone Number Length"),
	[F_PPTP_PHONE_NUMBER] = STR("pptp.phone_number", "Phone Number"),
	[F_PPTP_SUBADDRESS] = STR("pptp.subaddress", "Subaddress"),
	[F_PPTP_PEER_CALL_ID] = U16("pptp.peer_call_id", "Peer Call ID"),
	[F_PPTP_OUT_RESULT] = U8V("pptp.out_result", "Result Code", out_result_vals),
	[F_PPTP_CAUSE] = U16("pptp.cause", "Cause Code"),
	[F_PPTP_CONNECT_SPEED] = U32("pptp.connect_speed", "Connect Speed"),
	[F_PPTP_PHYSICAL_CHANNEL_ID] = U32("pptp.physical_channel_id", "Physical Channel ID"),
	[F_PPTP_DIALED_NUMBER_LENGTH] = U16("pptp.dialed_number_length", "Dialed Number Length"),
	[F_PPTP_DIALED_NUMBER] = STR("pptp.dialed_number", "Dialed Number"),
	[F_PPTP_DIALING_NUMBER_LENGTH] = U16("pptp.dialing_number_length", "Dialing Number Length"),
	[F_PPTP_DIALING_NUMBER] = STR("pptp.dialing_number", "Dialing Number"),
	[F_PPTP_IN_RESULT] = U8V("pptp.in_result", "Result Code", in_result_vals),
	[F_PPTP_DISC_RESULT] = U8V("pptp.disc_result", "Result Code", disc_result_vals),
	[F_PPTP_CALL_STATISTICS] = STR("pptp.call_Statistics", "Call Statistics"),
	[F_PPTP_CRC_ERRORS] = U32("pptp.crc_errors", "CRC Errors"),
	[F_PPTP_FRAMING_ERRORS] = U32("pptp.framing_errors", "Framing Errors"),
	[F_PPTP_HARDWARE_OVERRUNS] = U32("pptp.hardware_overruns", "Hardware overruns"),
	[F_PPTP_BUFFER_OVERRUNS] = U32("pptp.buffer_overruns", "Buffer overruns"),
	[F_PPTP_TIMEOUT_ERRORS] = U32("pptp.timeout_errors", "Time-out Errors"),
	[F_PPTP_ALIGNMENT_ERRORS] = U32("pptp.alignment_errors", "Alignment Errors"),
	[F_PPTP_SEND_ACCM] = { "pptp.send_accm", "Send ACCM", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_PPTP_RECEIVE_ACCM] = { "pptp.receive_accm", "Receive ACCM", FT_UINT32, BASE_HEX, NULL, 0, NULL },
};

const FieldTable pptp_field_table = { "pptp", pptp_fields, F_PPTP__COUNT };

#define PF(x) (&pptp_fields[x])

/* ---- message bodies -------------------------------------------------- */

/* A body is a list of steps: field, width (1, 2, 4 bytes; 64/128 for a
 * NUL-padded string; or a negative count of reserved bytes). */
typedef struct {
	int f;     /* field, or -1 for reserved bytes */
	int width; /* bytes */
} Step;

#define END { -2, 0 }
#define RES(n) { -1, n }

static const Step body_sccrq[] = { { F_PPTP_PROTOCOL_VERSION, 2 }, RES(2), { F_PPTP_FRAMING_CAPABILITIES, 4 },
				   { F_PPTP_BEARER_CAPABILITIES, 4 }, { F_PPTP_MAXIMUM_CHANNELS, 2 },
				   { F_PPTP_FIRMWARE_REVISION, 2 }, { F_PPTP_HOST_NAME, 64 },
				   { F_PPTP_VENDOR_NAME, 64 }, END };
static const Step body_sccrp[] = { { F_PPTP_PROTOCOL_VERSION, 2 }, { F_PPTP_CONTROL_RESULT, 1 },
				   { F_PPTP_ERROR, 1 }, { F_PPTP_FRAMING_CAPABILITIES, 4 },
				   { F_PPTP_BEARER_CAPABILITIES, 4 }, { F_PPTP_MAXIMUM_CHANNELS, 2 },
				   { F_PPTP_FIRMWARE_REVISION, 2 }, { F_PPTP_HOST_NAME, 64 },
				   { F_PPTP_VENDOR_NAME, 64 }, END };
static const Step body_stopreq[] = { { F_PPTP_REASON, 1 }, RES(1), RES(2), END };
static const Step body_stoprep[] = { { F_PPTP_STOP_RESULT, 1 }, { F_PPTP_ERROR, 1 }, RES(2), END };
static const Step body_echoreq[] = { { F_PPTP_IDENTIFIER, 4 }, END };
static const Step body_echorep[] = { { F_PPTP_IDENTIFIER, 4 }, { F_PPTP_ECHO_RESULT, 1 }, { F_PPTP_ERROR, 1 },
				     RES(2), END };
static const Step body_ocrq[] = { { F_PPTP_CALL_ID, 2 }, { F_PPTP_CALL_SERIAL_NUMBER, 2 },
				  { F_PPTP_MINIMUM_BPS, 4 }, { F_PPTP_MAXIMUM_BPS, 4 }, { F_PPTP_BEARER_TYPE, 4 },
				  { F_PPTP_FRAMING_TYPE, 4 }, { F_PPTP_PACKET_RECEIVE_WINDOW_SIZE, 2 },
				  { F_PPTP_PACKET_PROCESSING_DELAY, 2 }, { F_PPTP_PHONE_NUMBER_LENGTH, 2 }, RES(2),
				  { F_PPTP_PHONE_NUMBER, 64 }, { F_PPTP_SUBADDRESS, 64 }, END };
static const Step body_ocrp[] = { { F_PPTP_CALL_ID, 2 }, { F_PPTP_PEER_CALL_ID, 2 }, { F_PPTP_OUT_RESULT, 1 },
				  { F_PPTP_ERROR, 1 }, { F_PPTP_CAUSE, 2 }, { F_PPTP_CONNECT_SPEED, 4 },
				  { F_PPTP_PACKET_RECEIVE_WINDOW_SIZE, 2 }, { F_PPTP_PACKET_PROCESSING_DELAY, 2 },
				  { F_PPTP_PHYSICAL_CHANNEL_ID, 4 }, END };
static const Step body_icrq[] = { { F_PPTP_CALL_ID, 2 }, { F_PPTP_CALL_SERIAL_NUMBER, 2 },
				  { F_PPTP_BEARER_TYPE, 4 }, { F_PPTP_PHYSICAL_CHANNEL_ID, 4 },
				  { F_PPTP_DIALED_NUMBER_LENGTH, 2 }, { F_PPTP_DIALING_NUMBER_LENGTH, 2 },
				  { F_PPTP_DIALED_NUMBER, 64 }, { F_PPTP_DIALING_NUMBER, 64 },
				  { F_PPTP_SUBADDRESS, 64 }, END };
static const Step body_icrp[] = { { F_PPTP_CALL_ID, 2 }, { F_PPTP_PEER_CALL_ID, 2 }, { F_PPTP_IN_RESULT, 1 },
				  { F_PPTP_ERROR, 1 }, { F_PPTP_PACKET_RECEIVE_WINDOW_SIZE, 2 },
				  { F_PPTP_PACKET_PROCESSING_DELAY, 2 }, RES(2), END };
static const Step body_iccn[] = { { F_PPTP_PEER_CALL_ID, 2 }, RES(2), { F_PPTP_CONNECT_SPEED, 4 },
				  { F_PPTP_PACKET_RECEIVE_WINDOW_SIZE, 2 }, { F_PPTP_PACKET_PROCESSING_DELAY, 2 },
				  { F_PPTP_FRAMING_TYPE, 4 }, END };
static const Step body_ccrq[] = { { F_PPTP_CALL_ID, 2 }, RES(2), END };
static const Step body_cdn[] = { { F_PPTP_CALL_ID, 2 }, { F_PPTP_DISC_RESULT, 1 }, { F_PPTP_ERROR, 1 },
				 { F_PPTP_CAUSE, 2 }, RES(2), { F_PPTP_CALL_STATISTICS, 128 }, END };
static const Step body_wen[] = { { F_PPTP_PEER_CALL_ID, 2 }, RES(2), { F_PPTP_CRC_ERRORS, 4 },
				 { F_PPTP_FRAMING_ERRORS, 4 }, { F_PPTP_HARDWARE_OVERRUNS, 4 },
				 { F_PPTP_BUFFER_OVERRUNS, 4 }, { F_PPTP_TIMEOUT_ERRORS, 4 },
				 { F_PPTP_ALIGNMENT_ERRORS, 4 }, END };
static const Step body_sli[] = { { F_PPTP_PEER_CALL_ID, 2 }, RES(2), { F_PPTP_SEND_ACCM, 4 },
				 { F_PPTP_RECEIVE_ACCM, 4 }, END };

static const Step *const bodies[16] = {
	[1] = body_sccrq, [2] = body_sccrp, [3] = body_stopreq, [4] = body_stoprep, [5] = body_echoreq,
	[6] = body_echorep, [7] = body_ocrq, [8] = body_ocrp, [9] = body_icrq, [10] = body_icrp,
	[11] = body_iccn, [12] = body_ccrq, [13] = body_cdn, [14] = body_wen, [15] = body_sli,
};

static bool is_result_field(int f)
{
	return f == F_PPTP_CONTROL_RESULT || f == F_PPTP_STOP_RESULT || f == F_PPTP_ECHO_RESULT ||
	       f == F_PPTP_OUT_RESULT || f == F_PPTP_IN_RESULT || f == F_PPTP_DISC_RESULT;
}

/* One whole control message of `len` bytes (the cursor is bounded to it). */
static void pptp_message(Packet *pkt, Cursor *m, TreeNode *root, bool first)
{
	size_t at = cur_off(m);
	uint16_t len = cur_be16(m);
	uint16_t type = cur_be16(m);
	uint32_t magic = cur_be32(m);
	uint16_t ctype = cur_be16(m);
	TreeNode *t = tree_add_at(root, PF(F_PPTP), m, at, cur_wire_left(m) + 10);
	if (cur_failed(m)) {
		pkt_cursor_error(pkt, m, t, "pptp");
		return;
	}
	tree_add_uint(t, PF(F_PPTP_LENGTH), m, at, 2, len);
	tree_add_uint(t, PF(F_PPTP_TYPE), m, at + 2, 2, type);
	TreeNode *mc = tree_add_uint(t, PF(F_PPTP_MAGIC_COOKIE), m, at + 4, 4, magic);
	tree_set_text(mc, "0x%08x (%s)", magic, magic == PPTP_MAGIC ? "correct" : "incorrect");
	tree_add_uint(t, PF(F_PPTP_CONTROL_MESSAGE_TYPE), m, at + 8, 2, ctype);
	tree_add_bytes(t, PF(F_PPTP_RESERVED), m, at + 10, 2);
	cur_skip(m, 2);
	const char *name = vs_lookup(ctrl_type_vals, ctype);
	if (first)
		pkt_info(pkt, "%s", name ? name : "Unknown control type");
	else
		pkt_info_append(pkt, ", %s", name ? name : "Unknown control type");
	if (!name && pkt_want_info(pkt))
		pkt_info_append(pkt, " (%u)", ctype);
	if (magic != PPTP_MAGIC) {
		pkt_eventf(pkt, EV_PPTP_BAD_MAGIC, m, t, "Incorrect Magic Cookie 0x%08x", magic);
		return;
	}
	if (!pkt->in_error) {
		pkt->sum.layers |= LAYER_PPTP;
		if (pkt->sum.pptp.n_messages < 255)
			pkt->sum.pptp.n_messages++;
		if (first)
			pkt->sum.pptp.msg_type = ctype;
	}
	const Step *s = ctype < 16 ? bodies[ctype] : NULL;
	if (!s) {
		if (cur_left(m) > 0)
			dissect_data(pkt, m, t);
		return;
	}
	for (; s->f != -2; s++) {
		size_t o = cur_off(m);
		if (s->f == -1) {
			if (cur_skip(m, (size_t)s->width))
				tree_add_bytes(t, PF(F_PPTP_RESERVED), m, o, (size_t)s->width);
			continue;
		}
		const FieldDef *f = PF(s->f);
		if (f->type == FT_STRING) {
			const uint8_t *p = cur_bytes(m, (size_t)s->width);
			if (!p)
				break;
			char buf[600];
			ppp_format_text(p, (size_t)s->width, true, buf, sizeof(buf));
			tree_add_string(t, f, m, o, (size_t)s->width, buf);
			continue;
		}
		uint32_t v = s->width == 1 ? cur_u8(m) : s->width == 2 ? cur_be16(m) : cur_be32(m);
		if (cur_failed(m))
			break;
		TreeNode *n = tree_add_uint(t, f, m, o, (size_t)s->width, v);
		if (s->f == F_PPTP_PROTOCOL_VERSION)
			tree_set_text(n, "%u.%u", v >> 8, v & 0xff);
		if (pkt->in_error || !first)
			continue;
		if (s->f == F_PPTP_CALL_ID)
			pkt->sum.pptp.call_id = (uint16_t)v;
		else if (s->f == F_PPTP_PEER_CALL_ID)
			pkt->sum.pptp.peer_call_id = (uint16_t)v;
		else if (s->f == F_PPTP_ERROR)
			pkt->sum.pptp.error_code = (uint8_t)v;
		else if (is_result_field(s->f)) {
			pkt->sum.pptp.has_result = true;
			pkt->sum.pptp.result_code = (uint8_t)v;
		}
	}
	/* the results that say "no" (RFC 2637: 1 means success for every
	 * reply; a CDN or StopCCRQ always ends something) */
	if (!cur_failed(m) && !pkt->in_error) {
		bool bad = false;
		switch (ctype) {
		case 2:
		case 4:
		case 6:
		case 8:
		case 10:
			bad = first && pkt->sum.pptp.has_result && pkt->sum.pptp.result_code != 1;
			break;
		case 13:
			bad = true;
			break;
		default:
			break;
		}
		if (bad)
			pkt_eventf(pkt, EV_PPTP_RESULT_ERROR, m, t, "%s reports result %u, error %u", name,
				   pkt->sum.pptp.result_code, pkt->sum.pptp.error_code);
	}
	if (cur_failed(m)) {
		pkt_cursor_error(pkt, m, t, "pptp");
		return;
	}
	if (cur_left(m) > 0)
		dissect_data(pkt, m, t);
}

/* Dissect the complete messages of a buffer; returns the bytes used.  A
 * bogus length makes the rest undecodable: it is shown as data. */
static size_t pptp_messages(Packet *pkt, Cursor *c, TreeNode *root, bool stream_end)
{
	size_t used = 0;
	for (unsigned n = 0; cur_left(c) >= 2; n++) {
		if (n == PPTP_MAX_PER_FRAME) {
			dissect_data(pkt, c, root);
			return cur_off(c);
		}
		uint16_t len = (uint16_t)(cur_ptr(c)[0] << 8 | cur_ptr(c)[1]);
		if (len < PPTP_MIN_MSG || len > PPTP_MAX_MSG) {
			pkt_set_proto(pkt, "PPTP");
			TreeNode *t = tree_add(root, PF(F_PPTP), c, cur_left(c));
			tree_add_uint(t, PF(F_PPTP_LENGTH), c, cur_off(c), 2, len);
			pkt_eventf(pkt, EV_PPTP_BAD_LENGTH, c, t, "PPTP length %u is not a control message length", len);
			if (!pkt->in_error)
				pkt->err |= CUR_MALFORMED;
			dissect_data(pkt, c, root);
			return cur_off(c);
		}
		if (len > cur_left(c) && !stream_end)
			break;
		pkt_set_proto(pkt, "PPTP");
		Cursor m = cur_sub(c, len);
		pptp_message(pkt, &m, root, n == 0);
		used = cur_off(c);
		if (cur_failed(c))
			break;
	}
	if (stream_end && !cur_failed(c) && cur_wire_left(c) > 0) {
		/* a message cut short, or stray bytes at the end */
		dissect_data(pkt, c, root);
		used = cur_off(c);
	}
	return used;
}

/* ---- stream reassembly ---------------------------------------------- */

typedef struct {
	uint32_t seq;
	uint16_t len;
	uint8_t data[PPTP_PENDING_MAX];
} PptpPending;

typedef struct {
	bool used;
	uint8_t af;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t next_seq;
	uint16_t len;                 /* bytes of an unfinished message */
	uint8_t buf[PPTP_MAX_MSG];
	unsigned n_pending;
	PptpPending pending[PPTP_MAX_PENDING];
	uint64_t last_use;
} PptpStream;

struct PptpState {
	PptpStream s[PPTP_MAX_STREAMS];
	uint64_t clock;
};

void pptp_state_free(PptpState *s)
{
	g_free(s);
}

static PptpStream *stream_find(Packet *pkt, bool *fresh)
{
	DissectCtx *ctx = pkt->ctx;
	if (!ctx->pptp)
		ctx->pptp = g_new0(PptpState, 1);
	PptpState *st = ctx->pptp;
	const IpSummary *ip = &pkt->sum.ip;
	PptpStream *victim = &st->s[0];
	st->clock++;
	*fresh = false;
	for (size_t i = 0; i < PPTP_MAX_STREAMS; i++) {
		PptpStream *e = &st->s[i];
		if (!e->used) {
			if (victim->used)
				victim = e;
			continue;
		}
		if (e->af == ip->af && e->sport == ip->sport && e->dport == ip->dport &&
		    memcmp(e->src, ip->src, 16) == 0 && memcmp(e->dst, ip->dst, 16) == 0) {
			e->last_use = st->clock;
			return e;
		}
		if (victim->used && e->last_use < victim->last_use)
			victim = e;
	}
	if (victim->used) {
		ctx->stats.pptp_streams_evicted++;
		pkt_event(pkt, EV_PPTP_STREAM_EVICTED, NULL, NULL);
	}
	memset(victim, 0, sizeof(*victim));
	victim->used = true;
	victim->af = ip->af;
	victim->sport = ip->sport;
	victim->dport = ip->dport;
	memcpy(victim->src, ip->src, 16);
	memcpy(victim->dst, ip->dst, 16);
	victim->last_use = st->clock;
	*fresh = true;
	return victim;
}

/* Append in-order bytes to the stream's message buffer, collecting the
 * completed messages into out (an arena buffer of `cap` bytes). */
static void stream_feed(Packet *pkt, PptpStream *s, const uint8_t *p, size_t n, uint8_t *out, size_t *olen,
			size_t cap)
{
	while (n > 0) {
		size_t room = sizeof(s->buf) - s->len;
		size_t k = n < room ? n : room;
		memcpy(s->buf + s->len, p, k);
		s->len = (uint16_t)(s->len + k);
		p += k;
		n -= k;
		s->next_seq += (uint32_t)k;
		/* move every complete message out */
		for (;;) {
			if (s->len < 2)
				break;
			size_t ml = (size_t)s->buf[0] << 8 | s->buf[1];
			if (ml < PPTP_MIN_MSG || ml > PPTP_MAX_MSG)
				ml = s->len; /* bogus: hand it all over, pptp_messages reports it */
			if (ml > s->len)
				break;
			if (*olen + ml <= cap) {
				memcpy(out + *olen, s->buf, ml);
				*olen += ml;
			} else {
				pkt->ctx->stats.pptp_bytes_dropped += ml;
			}
			memmove(s->buf, s->buf + ml, s->len - ml);
			s->len = (uint16_t)(s->len - ml);
		}
	}
}

static bool seq_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

static bool pptp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	/* quoted in an ICMP error, or without a context: no stream state */
	if (pkt->in_error || !pkt->ctx || !(pkt->sum.layers & LAYER_TCP) || cur_wire_left(c) != cur_left(c)) {
		if (!pkt->in_error && pkt->ctx && (pkt->sum.layers & LAYER_TCP)) {
			/* a segment cut by the snap length: the stream loses its
			 * place; start again after this segment */
			bool fresh;
			PptpStream *s = stream_find(pkt, &fresh);
			s->next_seq = pkt->sum.tcp.seq + (uint32_t)cur_wire_left(c);
			s->len = 0;
			pkt->ctx->stats.pptp_bytes_dropped += cur_wire_left(c);
		}
		size_t used = pptp_messages(pkt, c, root, true);
		(void)used;
		if (cur_left(c) > 0)
			dissect_data(pkt, c, root);
		return true;
	}
	size_t n = cur_left(c);
	const uint8_t *p = cur_ptr(c);
	uint32_t seq = pkt->sum.tcp.seq;
	bool fresh;
	PptpStream *s = stream_find(pkt, &fresh);
	if (fresh)
		s->next_seq = seq;
	size_t cap = 2 * (n + sizeof(s->buf) + PPTP_MAX_PENDING * PPTP_PENDING_MAX);
	uint8_t *out = arena_alloc(&pkt->ctx->arena, cap);
	size_t olen = 0;
	bool direct = s->len == 0 && seq == s->next_seq;

	if (seq_before(s->next_seq, seq)) {
		/* a gap: hold the segment until it closes */
		pkt_set_proto(pkt, "PPTP");
		TreeNode *t = tree_add(root, PF(F_PPTP), c, n);
		tree_set_text(t, "Point-to-Point Tunnelling Protocol (segment after a gap, held for reassembly)");
		if (s->n_pending < PPTP_MAX_PENDING && n <= PPTP_PENDING_MAX) {
			PptpPending *q = &s->pending[s->n_pending++];
			q->seq = seq;
			q->len = (uint16_t)n;
			memcpy(q->data, p, n);
		} else {
			pkt->ctx->stats.pptp_bytes_dropped += n;
		}
		pkt_eventf(pkt, EV_PPTP_OUT_OF_ORDER, c, t, "PPTP segment out of order: %u bytes missing before it",
			   seq - s->next_seq);
		pkt_info(pkt, "[PPTP segment out of order]");
		dissect_data(pkt, c, t);
		return true;
	}
	size_t skip = s->next_seq - seq; /* bytes already seen */
	if (skip >= n) {
		pkt_set_proto(pkt, "PPTP");
		TreeNode *t = tree_add(root, PF(F_PPTP), c, n);
		tree_set_text(t, "Point-to-Point Tunnelling Protocol (retransmitted segment)");
		pkt_eventf(pkt, EV_PPTP_RETRANSMISSION, c, t, "Retransmitted PPTP segment (%zu bytes already seen)", n);
		pkt_info(pkt, "[PPTP retransmission]");
		dissect_data(pkt, c, t);
		return true;
	}
	stream_feed(pkt, s, p + skip, n - skip, out, &olen, cap);
	/* segments held after a gap that now fits */
	for (bool progress = true; progress;) {
		progress = false;
		for (unsigned i = 0; i < s->n_pending; i++) {
			PptpPending *q = &s->pending[i];
			uint32_t end = q->seq + q->len;
			if (seq_before(s->next_seq, q->seq))
				continue;
			if (seq_before(s->next_seq, end)) {
				size_t k = s->next_seq - q->seq;
				stream_feed(pkt, s, q->data + k, q->len - k, out, &olen, cap);
			}
			s->pending[i] = s->pending[--s->n_pending];
			progress = true;
			direct = false;
			break;
		}
	}
	if (olen == 0) {
		pkt_set_proto(pkt, "PPTP");
		TreeNode *t = tree_add(root, PF(F_PPTP), c, n);
		tree_set_text(t, "Point-to-Point Tunnelling Protocol (segment of a message, %u of its bytes so far)",
			      s->len);
		pkt_info(pkt, "[PPTP segment of a reassembled PDU]");
		dissect_data(pkt, c, t);
		return true;
	}
	if (direct && skip == 0 && olen == n && s->len == 0) {
		/* the common case: this segment held whole messages */
		pptp_messages(pkt, c, root, true);
		return true;
	}
	pkt_add_source(pkt, SRC_REASSEMBLED, out, olen, "Reassembled PPTP");
	Cursor r = cur_init(out, olen, olen);
	r.src = SRC_REASSEMBLED;
	pptp_messages(pkt, &r, root, true);
	cur_skip(c, cur_left(c));
	return true;
}

const Dissector pptp_dissector = { "pptp", "PPTP", pptp_dissect };
