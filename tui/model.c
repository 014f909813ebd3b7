/*
 * model.c - attempts from the analyzer's events, and the packet index.
 */
#include "config.h"

#include <string.h>

#include "model.h"

TuiModel *tui_model_new(const char *file)
{
	TuiModel *m = g_new0(TuiModel, 1);
	m->attempts = g_ptr_array_new_with_free_func(g_free);
	m->packets = g_array_new(FALSE, TRUE, sizeof(TuiPacket));
	m->by_an_id = g_hash_table_new(g_direct_hash, g_direct_equal);
	m->file = file;
	m->max_attempts = TUI_MAX_ATTEMPTS;
	return m;
}

void tui_model_free(TuiModel *m)
{
	if (!m)
		return;
	g_hash_table_destroy(m->by_an_id);
	g_ptr_array_free(m->attempts, TRUE);
	g_array_free(m->packets, TRUE);
	g_free(m);
}

void tui_model_on_event(AnalyzerEventKind kind, const Attempt *a, StageId stage, void *user)
{
	(void)stage;
	TuiModel *m = user;
	/* the analyzer's ids are unique while it runs; ours follow the order
	 * of first frames, as `ikescope report` numbers them */
	Attempt *have = g_hash_table_lookup(m->by_an_id, GUINT_TO_POINTER(a->id));
	if (have) {
		unsigned id = have->id;
		*have = *a;
		have->id = id;
		m->generation++;
		return;
	}
	if (m->attempts->len >= m->max_attempts) {
		/* a flood, or a very long live session: memory stays bounded */
		if (kind == AEV_FINISHED) {
			m->attempts_dropped++;
			m->generation++;
		}
		return;
	}
	Attempt *copy = g_memdup2(a, sizeof(*a));
	guint pos = m->attempts->len;
	while (pos > 0 && ((Attempt *)m->attempts->pdata[pos - 1])->first_frame > a->first_frame)
		pos--;
	g_ptr_array_insert(m->attempts, (gint)pos, copy);
	g_hash_table_insert(m->by_an_id, GUINT_TO_POINTER(a->id), copy);
	for (guint i = pos; i < m->attempts->len; i++)
		((Attempt *)m->attempts->pdata[i])->id = i + 1;
	m->generation++;
}

static uint16_t packet_flags(const PacketSummary *s)
{
	uint16_t f = 0;
	if (s->layers & LAYER_DNS)
		f |= TP_DNS;
	if (s->layers & LAYER_IKE) {
		f |= TP_IKE;
		if (s->ike.retransmission_of)
			f |= TP_RETRANS;
		for (unsigned i = 0; i < s->ike.n_notify && i < 4; i++)
			if (s->ike.notify[i] > 0 && s->ike.notify[i] < 16384) /* error types (RFC 2408, 7296) */
				f |= TP_ERROR;
	}
	if ((s->layers & (LAYER_ESP | LAYER_AH)) && !(s->layers & (LAYER_L2TP | LAYER_PPP)))
		f |= TP_ESP;
	if (s->layers & LAYER_ESP)
		f |= TP_IN_ESP;
	if (s->layers & LAYER_GRE)
		f |= TP_IN_GRE;
	if (s->layers & LAYER_L2TP) {
		if (s->l2tp.control)
			f |= TP_L2TP;
		if (s->l2tp.retransmit)
			f |= TP_RETRANS;
		if (s->l2tp.msg_type == 4 || s->l2tp.msg_type == 14) /* StopCCN, CDN */
			f |= TP_ERROR;
	}
	if (s->layers & LAYER_PPP) {
		f |= TP_PPP;
		if (s->ppp.auth_result == PPP_AUTH_FAILURE)
			f |= TP_ERROR;
	}
	if (s->layers & LAYER_PPTP) {
		f |= TP_PPTP;
		if (s->pptp.has_result && s->pptp.error_code)
			f |= TP_ERROR;
	}
	if ((s->layers & LAYER_GRE) && !(s->layers & LAYER_PPP))
		f |= TP_GRE;
	if ((s->layers & LAYER_ICMP) && s->icmp.error)
		f |= TP_ERROR;
	return f;
}

void tui_model_add_packet(TuiModel *m, const PacketSummary *s, uint64_t frame, int64_t ts_ns, uint32_t len,
			  const char *proto, const char *info)
{
	if (m->packets->len >= TUI_MAX_PACKETS) {
		m->packets_dropped++;
		return;
	}
	TuiPacket p;
	memset(&p, 0, sizeof(p));
	p.frame = frame;
	p.ts_ns = ts_ns;
	p.af = s->ip.af;
	memcpy(p.src, s->ip.src, 16);
	memcpy(p.dst, s->ip.dst, 16);
	p.flags = packet_flags(s);
	p.ppp_proto = s->ppp.protocol;
	p.len = len;
	g_strlcpy(p.proto, proto ? proto : "", sizeof(p.proto));
	g_strlcpy(p.info, info ? info : "", sizeof(p.info));
	g_array_append_val(m->packets, p);
	m->generation++;
}

const Attempt *tui_model_attempt(const TuiModel *m, unsigned i)
{
	return i < m->attempts->len ? m->attempts->pdata[i] : NULL;
}

unsigned tui_model_n_attempts(const TuiModel *m)
{
	return m->attempts->len;
}

static bool addr_eq(uint8_t af, const uint8_t *x, const uint8_t *y)
{
	return memcmp(x, y, af == 6 ? 16 : 4) == 0;
}

static bool listed(uint64_t frame, const uint64_t *frames, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (frames[i] == frame)
			return true;
	return false;
}

/* First packet index with frame >= f (binary search: capture order). */
static guint first_at(const TuiModel *m, uint64_t f)
{
	guint lo = 0, hi = m->packets->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(m->packets, TuiPacket, mid).frame < f)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t tui_model_attempt_packets(const TuiModel *m, const Attempt *a, guint **idx, Direction **dirs)
{
	uint64_t lo = a->first_frame, hi = a->last_frame;
	if (a->dns_seen && a->dns_query_frame && a->dns_query_frame < lo)
		lo = a->dns_query_frame;
	GArray *ix = g_array_new(FALSE, FALSE, sizeof(guint));
	GArray *dx = g_array_new(FALSE, FALSE, sizeof(Direction));
	unsigned n_icmp = a->n_icmp_errors < 4 ? a->n_icmp_errors : 4;
	for (guint i = first_at(m, lo); i < m->packets->len; i++) {
		const TuiPacket *p = &g_array_index(m->packets, TuiPacket, i);
		if (p->frame > hi)
			break;
		Direction d;
		bool dns = p->frame == a->dns_query_frame || p->frame == a->dns_answer_frame;
		if (p->af == a->af && addr_eq(p->af, p->src, a->initiator) && addr_eq(p->af, p->dst, a->responder))
			d = DIR_I2R;
		else if (p->af == a->af && addr_eq(p->af, p->src, a->responder) &&
			 addr_eq(p->af, p->dst, a->initiator))
			d = DIR_R2I;
		else if (dns && (p->flags & TP_DNS))
			d = p->frame == a->dns_query_frame ? DIR_I2R : DIR_R2I;
		else if (listed(p->frame, a->icmp_error_frames, n_icmp))
			d = addr_eq(p->af, p->dst, a->initiator) ? DIR_R2I : DIR_I2R;
		else
			continue;
		g_array_append_val(ix, i);
		g_array_append_val(dx, d);
	}
	size_t n = ix->len;
	*idx = (guint *)(void *)g_array_free(ix, FALSE);
	*dirs = (Direction *)(void *)g_array_free(dx, FALSE);
	return n;
}

static bool in_range(const Attempt *a, StageId s, Direction d, uint64_t frame)
{
	const DirStats *ds = &a->stages[s].dir[d];
	return ds->packets && frame >= ds->first_frame && frame <= ds->last_frame;
}

StageId tui_packet_stage(const Attempt *a, const TuiPacket *p, Direction d)
{
	/* candidate stages for the packet's kind, innermost first; the one
	 * whose frame span (from the analyzer) covers the packet wins */
	StageId cand[6];
	size_t n = 0;
	if (p->flags & TP_DNS)
		cand[n++] = STAGE_DNS;
	if (p->flags & TP_PPP) {
		if (p->ppp_proto == 0xc021)
			cand[n++] = STAGE_PPP_LCP;
		else if (p->ppp_proto == 0xc023 || p->ppp_proto == 0xc223 || p->ppp_proto == 0xc227)
			cand[n++] = STAGE_PPP_AUTH;
		else if (p->ppp_proto == 0x8021)
			cand[n++] = STAGE_PPP_IPCP;
		else
			cand[n++] = STAGE_DATA;
	}
	if (p->flags & TP_L2TP)
		cand[n++] = STAGE_L2TP;
	if (p->flags & TP_PPTP)
		cand[n++] = STAGE_PPTP_CONTROL;
	if (p->flags & TP_GRE)
		cand[n++] = STAGE_GRE;
	if (p->flags & TP_IKE) {
		/* informational exchanges after ESP count as data (analyzer) */
		const StageId ike[] = { STAGE_CHILD_SA, STAGE_IKE_AUTH, STAGE_IKE_SA_INIT,
					STAGE_IKE_P2,	STAGE_IKE_P1,	STAGE_DATA };
		for (size_t i = 0; i < G_N_ELEMENTS(ike); i++)
			if (in_range(a, ike[i], d, p->frame))
				return ike[i];
	}
	if (p->flags & TP_ESP)
		cand[n++] = STAGE_ESP;
	for (size_t i = 0; i < n; i++)
		if (in_range(a, cand[i], d, p->frame))
			return cand[i];
	/* decrypted inner traffic the analyzer counted under ESP */
	if ((p->flags & (TP_PPP | TP_L2TP)) && in_range(a, STAGE_ESP, d, p->frame))
		return STAGE_ESP;
	return STAGE__COUNT;
}

const char *tui_furthest_stage(const Attempt *a)
{
	const Profile *pr = profile_get(a->profile);
	const char *name = NULL;
	for (size_t i = 0; i < pr->n_stages; i++)
		if (a->stages[pr->stages[i]].seen)
			name = stage_name(pr->stages[i]);
	return name;
}
