/*
 * dissect.c - the entry point: the frame layer, packet helpers, contexts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "dissect.h"
#include "frame.h"
#include "keyring.h"
#include "reasm.h"
#include "protos.h"

void dissect_options_default(DissectOptions *o)
{
	memset(o, 0, sizeof(*o));
	o->reassemble = true;
	o->reasm_max_datagrams = 4096;
	o->reasm_max_bytes = 16u * 1024u * 1024u;
	o->reasm_timeout_s = 60;
}

DissectCtx *dissect_ctx_new(const DissectOptions *o)
{
	DissectCtx *ctx = g_new0(DissectCtx, 1);
	if (o)
		ctx->opt = *o;
	else
		dissect_options_default(&ctx->opt);
	arena_init(&ctx->arena);
	ctx->reasm = reasm_new(ctx->opt.reasm_max_datagrams, ctx->opt.reasm_max_bytes, ctx->opt.reasm_timeout_s);
	ctx->esp_track = esp_track_new(4096);
	ctx->ike = ike_state_new();
	return ctx;
}

void dissect_ctx_free(DissectCtx *ctx)
{
	if (!ctx)
		return;
	reasm_free(ctx->reasm);
	l2tp_state_free(ctx->l2tp);
	pptp_state_free(ctx->pptp);
	esp_track_free(ctx->esp_track);
	ike_state_free(ctx->ike);
	arena_free(&ctx->arena);
	g_free(ctx);
}

void dissect_ctx_set_keyring(DissectCtx *ctx, struct Keyring *kr)
{
	ctx->keyring = kr;
}

void dissect_frame(DissectCtx *ctx, Packet *pkt, int linktype, const uint8_t *data, uint32_t caplen,
		   uint32_t len, int64_t ts_ns, uint64_t number)
{
	arena_reset(&ctx->arena);
	/* reset only the header of the packet; the summary's big parts are
	 * valid only when their LAYER_ bit is set */
	pkt->number = number;
	pkt->ts_ns = ts_ns;
	pkt->caplen = caplen;
	pkt->len = len < caplen ? caplen : len;
	pkt->linktype = linktype;
	pkt->data = data;
	pkt->sum.layers = 0;
	pkt->sum.ip.af = 0;
	pkt->sum.ip.sport = pkt->sum.ip.dport = 0;
	memset(&pkt->sum.l2tp, 0, sizeof(pkt->sum.l2tp));
	memset(&pkt->sum.ppp, 0, sizeof(pkt->sum.ppp));
	memset(&pkt->sum.pptp, 0, sizeof(pkt->sum.pptp));
	pkt->proto = "Frame";
	pkt->info[0] = '\0';
	pkt->info_len = 0;
	pkt->n_events = pkt->events_dropped = 0;
	pkt->err = 0;
	pkt->depth = 0;
	pkt->in_error = 0;
	pkt->ctx = ctx;
	memset(pkt->sources, 0, sizeof(pkt->sources));
	pkt->sources[SRC_FRAME].data = data;
	pkt->sources[SRC_FRAME].len = caplen;
	pkt->sources[SRC_FRAME].name = "Frame";
	pkt->tree = ctx->opt.want_tree ? tree_new_root(&ctx->arena) : NULL;

	if (!ctx->have_first) {
		ctx->first_ts = ctx->prev_ts = ts_ns;
		ctx->have_first = true;
	}
	ctx->stats.frames++;
	ctx->stats.bytes += caplen;

	Cursor c = cur_init(data, caplen, pkt->len);
	frame_dissect(pkt, &c, pkt->tree, ts_ns - ctx->first_ts, ts_ns - ctx->prev_ts);
	ctx->prev_ts = ts_ns;

	if (pkt->err & CUR_TRUNCATED)
		ctx->stats.truncated++;
	if (pkt->err & CUR_MALFORMED)
		ctx->stats.malformed++;
}

size_t dissect_pending_datagrams(const DissectCtx *ctx)
{
	return reasm_pending(ctx->reasm);
}

bool dissect_linktype_supported(int linktype)
{
	return registry_find(TABLE_LINKTYPE, (uint32_t)linktype) != NULL;
}

/* ---- helpers -------------------------------------------------------- */

bool pkt_want_info(const Packet *pkt)
{
	return pkt->ctx && pkt->ctx->opt.want_info;
}

void pkt_add_source(Packet *pkt, DataSource src, const uint8_t *data, size_t len, const char *name)
{
	if ((unsigned)src < sizeof(pkt->sources) / sizeof(pkt->sources[0])) {
		pkt->sources[src].data = data;
		pkt->sources[src].len = len;
		pkt->sources[src].name = name;
	}
}

static void add_event(Packet *pkt, EventId id, const Cursor *c)
{
	if (pkt->n_events == PKT_MAX_EVENTS) {
		pkt->events_dropped++;
		return;
	}
	EventRec *e = &pkt->events[pkt->n_events++];
	e->id = id;
	e->off = c ? cur_abs(c) : 0;
	e->src = c ? c->src : SRC_FRAME;
}

void pkt_event(Packet *pkt, EventId id, const Cursor *c, TreeNode *node)
{
	add_event(pkt, id, c);
	if (node) {
		TreeNode *n = tree_add_text(node, c, c ? c->off : 0, 0, "%s", event_def(id)->summary);
		n->flags |= NODE_EXPERT;
		n->v.u = id;
		n->text = NULL;
	}
}

void pkt_eventf(Packet *pkt, EventId id, const Cursor *c, TreeNode *node, const char *fmt, ...)
{
	add_event(pkt, id, c);
	if (node) {
		TreeNode *n = tree_add_text(node, c, c ? c->off : 0, 0, "x");
		va_list ap;
		va_start(ap, fmt);
		n->text = arena_vprintf(n->arena, fmt, ap);
		va_end(ap);
		n->flags |= NODE_EXPERT;
		n->v.u = id;
	}
}

bool pkt_cursor_error(Packet *pkt, const Cursor *c, TreeNode *node, const char *proto)
{
	if (!c->err)
		return false;
	bool trunc = (c->err & CUR_MALFORMED) == 0;
	pkt->err |= c->err;
	add_event(pkt, trunc ? EV_TRUNCATED : EV_MALFORMED, c);
	if (node) {
		TreeNode *n = tree_add_text(node, c, c->off, 0, "x");
		n->flags |= NODE_EXPERT;
		n->v.u = trunc ? EV_TRUNCATED : EV_MALFORMED;
		n->text = trunc ? arena_printf(n->arena, "Packet size limited during capture: %s truncated", proto)
				: arena_printf(n->arena, "Malformed Packet (Exception occurred in %s)", proto);
	}
	if (pkt_want_info(pkt))
		pkt_info_append(pkt, trunc ? " [|%s]" : " [Malformed Packet: %s]", proto);
	return true;
}

void pkt_set_proto(Packet *pkt, const char *label)
{
	if (!pkt->in_error)
		pkt->proto = label;
}

static void info_vset(Packet *pkt, bool append, const char *fmt, va_list ap)
{
	size_t at = append ? pkt->info_len : 0;
	if (at >= sizeof(pkt->info) - 1)
		return;
	int n = vsnprintf(pkt->info + at, sizeof(pkt->info) - at, fmt, ap);
	if (n < 0)
		n = 0;
	at += (size_t)n;
	pkt->info_len = at < sizeof(pkt->info) - 1 ? at : sizeof(pkt->info) - 1;
}

void pkt_info(Packet *pkt, const char *fmt, ...)
{
	if (!pkt_want_info(pkt) || pkt->in_error)
		return;
	va_list ap;
	va_start(ap, fmt);
	info_vset(pkt, false, fmt, ap);
	va_end(ap);
}

void pkt_info_append(Packet *pkt, const char *fmt, ...)
{
	if (!pkt_want_info(pkt))
		return;
	va_list ap;
	va_start(ap, fmt);
	info_vset(pkt, true, fmt, ap);
	va_end(ap);
}

bool pkt_enter(Packet *pkt, const Cursor *c, TreeNode *parent)
{
	if (pkt->depth >= PKT_MAX_DEPTH) {
		pkt_event(pkt, EV_NESTING_TOO_DEEP, c, parent);
		return false;
	}
	pkt->depth++;
	return true;
}

uint32_t inet_cksum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	/* eight bytes at a time in host order (RFC 1071 2(B): the one's
	 * complement sum of byte-swapped words is the byte-swapped sum), the
	 * rest by big-endian words; this runs over every ICMP message */
	uint64_t acc = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		acc += (w & 0xffffffffu) + (w >> 32);
	}
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	uint64_t s = acc;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	s = (s & 0xff) << 8 | s >> 8;
#endif
	for (; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < n)
		s += (uint32_t)p[i] << 8;
	s += sum;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint32_t)s;
}

uint16_t inet_cksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
