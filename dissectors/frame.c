/*
 * frame.c - the frame pseudo-protocol (frame.number, frame.len, times) and
 * the hand-off to the link-layer dissector chosen by the link type.
 */
#include "config.h"

#include "frame.h"

enum {
	F_FRAME,
	F_FRAME_TIME,
	F_FRAME_TIME_EPOCH,
	F_FRAME_TIME_DELTA,
	F_FRAME_TIME_RELATIVE,
	F_FRAME_NUMBER,
	F_FRAME_LEN,
	F_FRAME_CAP_LEN,
	F_FRAME_LINKTYPE,
	F_FRAME__COUNT
};

static const ValueString linktype_vals[] = {
	{ 0, "BSD loopback (NULL)" },
	{ 1, "Ethernet" },
	{ 9, "PPP" },
	{ 12, "Raw IP" },
	{ 14, "Raw IP" },
	{ 50, "PPP in HDLC-like framing" },
	{ 51, "PPPoE" },
	{ 101, "Raw IP" },
	{ 104, "Cisco HDLC" },
	{ 108, "OpenBSD loopback" },
	{ 113, "Linux cooked capture v1" },
	{ 166, "PPP (pppd)" },
	{ 204, "PPP with direction" },
	{ 228, "Raw IPv4" },
	{ 229, "Raw IPv6" },
	{ 276, "Linux cooked capture v2" },
	{ 0, NULL },
};

static const FieldDef frame_fields[F_FRAME__COUNT] = {
	[F_FRAME] = { "frame", "Frame", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_FRAME_TIME] = { "frame.time", "Arrival Time", FT_ABSTIME, BASE_NONE, NULL, 0, NULL },
	[F_FRAME_TIME_EPOCH] = { "frame.time_epoch", "Epoch Time", FT_RELTIME, BASE_NONE, NULL, 0, " seconds" },
	[F_FRAME_TIME_DELTA] = { "frame.time_delta", "Time delta from previous captured frame", FT_RELTIME,
				 BASE_NONE, NULL, 0, " seconds" },
	[F_FRAME_TIME_RELATIVE] = { "frame.time_relative", "Time since reference or first frame", FT_RELTIME,
				    BASE_NONE, NULL, 0, " seconds" },
	[F_FRAME_NUMBER] = { "frame.number", "Frame Number", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_FRAME_LEN] = { "frame.len", "Frame Length", FT_UINT32, BASE_DEC, NULL, 0, " bytes" },
	[F_FRAME_CAP_LEN] = { "frame.cap_len", "Capture Length", FT_UINT32, BASE_DEC, NULL, 0, " bytes" },
	[F_FRAME_LINKTYPE] = { "frame.encap_type", "Encapsulation type", FT_UINT16, BASE_DEC, linktype_vals, 0,
			       NULL },
};

const FieldTable frame_field_table = { "frame", frame_fields, F_FRAME__COUNT };

void frame_dissect(Packet *pkt, Cursor *c, TreeNode *root, int64_t rel_ns, int64_t delta_ns)
{
	TreeNode *t = tree_add(root, &frame_fields[F_FRAME], c, c->cap);
	if (t) {
		tree_set_text(t, "Frame %" PRIu64 ": %u bytes on wire (%u bits), %u bytes captured (%u bits)",
			      pkt->number, pkt->len, pkt->len * 8, pkt->caplen, pkt->caplen * 8);
		tree_add_uint(t, &frame_fields[F_FRAME_LINKTYPE], c, 0, 0, (uint32_t)pkt->linktype);
		TreeNode *n = tree_add_uint(t, &frame_fields[F_FRAME_TIME], c, 0, 0, (uint64_t)pkt->ts_ns);
		n = tree_add_uint(t, &frame_fields[F_FRAME_TIME_EPOCH], c, 0, 0, (uint64_t)pkt->ts_ns);
		n = tree_add_uint(t, &frame_fields[F_FRAME_TIME_DELTA], c, 0, 0, (uint64_t)delta_ns);
		n = tree_add_uint(t, &frame_fields[F_FRAME_TIME_RELATIVE], c, 0, 0, (uint64_t)rel_ns);
		(void)n;
		tree_add_uint(t, &frame_fields[F_FRAME_NUMBER], c, 0, 0, pkt->number);
		tree_add_uint(t, &frame_fields[F_FRAME_LEN], c, 0, 0, pkt->len);
		tree_add_uint(t, &frame_fields[F_FRAME_CAP_LEN], c, 0, 0, pkt->caplen);
	}
	if (!dissect_next(TABLE_LINKTYPE, (uint32_t)pkt->linktype, pkt, c, root)) {
		pkt->ctx->stats.unsupported_link++;
		pkt_event(pkt, EV_LINK_UNSUPPORTED, c, t);
		pkt_info(pkt, "Link type %d not supported", pkt->linktype);
	}
}
