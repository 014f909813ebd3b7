/*
 * analyzer.c - attempts from summaries (see analyzer.h).
 *
 * What groups packets into an attempt, today: the two endpoints of the IKE
 * exchange (UDP 500/4500), the ESP between them (IP protocol 50 or
 * ESP-in-UDP), ICMP errors that quote one of their packets, and the DNS
 * lookup of the responder's name just before.  The IKE dissector's summary
 * (cookies, exchange, message ids) refines this as it lands: the stage a
 * packet belongs to is decided in classify() alone.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "analyzer.h"

#define DNS_RING 64

typedef struct {
	uint8_t af, client[16], server[16];
	uint16_t id, sport;
	bool used, answered;
	uint8_t rcode;
	uint8_t answer_af, answer[16];
	uint64_t query_frame, answer_frame;
	int64_t query_ns;
	char name[256];
} Lookup;

typedef struct {
	uint8_t af;
	uint8_t a[16], b[16]; /* a <= b */
} PairKey;

struct Analyzer {
	AnalyzerOptions opt;
	AnalyzerEventFn fn;
	void *user;
	GHashTable *live; /* PairKey* -> Attempt* */
	Lookup dns[DNS_RING];
	unsigned dns_next;
	unsigned next_id;
	int64_t now_ns, last_sweep_ns;
	AnalyzerStats stats;
};

void analyzer_options_default(AnalyzerOptions *o)
{
	o->max_attempts = 10000;
	o->idle_timeout_ns = 120LL * 1000000000;
	o->dns_window_ns = 30LL * 1000000000;
}

static guint pair_hash(gconstpointer p)
{
	const PairKey *k = p;
	guint h = k->af;
	for (int i = 0; i < 16; i++)
		h = h * 31u + k->a[i] * 7u + k->b[i];
	return h;
}

static gboolean pair_equal(gconstpointer x, gconstpointer y)
{
	return memcmp(x, y, sizeof(PairKey)) == 0;
}

static void pair_make(PairKey *k, uint8_t af, const uint8_t *x, const uint8_t *y)
{
	memset(k, 0, sizeof(*k));
	k->af = af;
	size_t n = af == 4 ? 4 : 16;
	bool swap = memcmp(x, y, n) > 0;
	memcpy(k->a, swap ? y : x, n);
	memcpy(k->b, swap ? x : y, n);
}

Analyzer *analyzer_new(const AnalyzerOptions *o, AnalyzerEventFn fn, void *user)
{
	Analyzer *an = g_new0(Analyzer, 1);
	if (o)
		an->opt = *o;
	else
		analyzer_options_default(&an->opt);
	if (an->opt.max_attempts == 0)
		an->opt.max_attempts = 1;
	an->fn = fn;
	an->user = user;
	an->live = g_hash_table_new_full(pair_hash, pair_equal, g_free, g_free);
	an->next_id = 1;
	return an;
}

void analyzer_free(Analyzer *an)
{
	if (!an)
		return;
	g_hash_table_destroy(an->live);
	g_free(an);
}

const AnalyzerStats *analyzer_stats(const Analyzer *an)
{
	return &an->stats;
}

static void emit(Analyzer *an, AnalyzerEventKind k, const Attempt *a, StageId s)
{
	if (an->fn)
		an->fn(k, a, s, an->user);
}

static Attempt *attempt_open(Analyzer *an, ProfileId profile, uint8_t af, const uint8_t *ini, const uint8_t *resp,
			     uint16_t iport, uint16_t rport, uint64_t frame, int64_t ts)
{
	Attempt *a = g_new0(Attempt, 1);
	a->id = an->next_id++;
	a->profile = profile;
	a->af = af;
	size_t n = af == 4 ? 4 : 16;
	memcpy(a->initiator, ini, n);
	memcpy(a->responder, resp, n);
	a->iport = iport;
	a->rport = rport;
	a->first_frame = a->last_frame = frame;
	a->first_ns = a->last_ns = ts;
	an->stats.attempts++;
	emit(an, AEV_OPENED, a, STAGE_DNS);
	return a;
}

static void attempt_finish(Analyzer *an, Attempt *a, bool ended)
{
	rules_decide(a, ended, an->now_ns);
	a->finished = true;
	emit(an, AEV_FINISHED, a, a->verdict.stage);
}

/* Count a packet of an attempt at a stage, in a direction. */
static void attempt_count(Analyzer *an, Attempt *a, StageId st, Direction d, uint64_t frame, int64_t ts,
			  bool error)
{
	StageStats *s = &a->stages[st];
	DirStats *ds = &s->dir[d];
	bool first_time = !s->seen;
	s->seen = true;
	if (ds->packets == 0) {
		ds->first_frame = frame;
		ds->first_ns = ts;
	}
	ds->packets++;
	ds->last_frame = frame;
	ds->last_ns = ts;
	if (error)
		ds->errors++;
	if (frame > a->last_frame)
		a->last_frame = frame;
	if (ts > a->last_ns)
		a->last_ns = ts;
	if (first_time)
		emit(an, AEV_STAGE, a, st);
}

/* ---- DNS ---------------------------------------------------------------- */

static bool is_ike_port(uint16_t p)
{
	return p == 500 || p == 4500;
}

static Attempt *find(Analyzer *an, uint8_t af, const uint8_t *x, const uint8_t *y)
{
	PairKey k;
	pair_make(&k, af, x, y);
	return g_hash_table_lookup(an->live, &k);
}

static void insert_live(Analyzer *an, Attempt *a, const uint8_t *x, const uint8_t *y);

/* A lookup that failed (error answer, or none within the window): the
 * client cannot go on, so it is an attempt of its own, stopped at the name
 * lookup.  The resolver asked again for the same name (a retry, the A and
 * AAAA pair) is the same attempt. */
static void dns_failed(Analyzer *an, Lookup *l, uint64_t frame, int64_t ts)
{
	l->used = true;
	Attempt *a = find(an, l->af, l->client, l->server);
	if (!a || !a->dns_seen || strcmp(a->dns_name, l->name) != 0) {
		a = attempt_open(an, PROFILE_L2TP_IPSEC, l->af, l->client, l->server, l->sport, 53, l->query_frame,
				 l->query_ns);
		a->dns_seen = true;
		g_strlcpy(a->dns_name, l->name, sizeof(a->dns_name));
		a->dns_query_frame = l->query_frame;
		insert_live(an, a, l->client, l->server);
	}
	a->dns_answered = l->answered;
	a->dns_rcode = l->rcode;
	if (l->answered)
		a->dns_answer_frame = frame;
	attempt_count(an, a, STAGE_DNS, DIR_I2R, l->query_frame, l->query_ns, false);
	if (l->answered)
		attempt_count(an, a, STAGE_DNS, DIR_R2I, frame, ts, true);
}


static void dns_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	size_t n = s->ip.af == 4 ? 4 : 16;
	if (!s->dns.response) {
		if (s->dns.qtype != 1 && s->dns.qtype != 28)
			return;
		Lookup *l = &an->dns[an->dns_next++ % DNS_RING];
		memset(l, 0, sizeof(*l));
		l->af = s->ip.af;
		memcpy(l->client, s->ip.src, n);
		memcpy(l->server, s->ip.dst, n);
		l->sport = s->ip.sport;
		l->id = s->dns.id;
		l->query_frame = frame;
		l->query_ns = ts;
		g_strlcpy(l->name, s->dns.qname, sizeof(l->name));
		an->stats.dns_lookups++;
		return;
	}
	for (unsigned i = 0; i < DNS_RING; i++) {
		Lookup *l = &an->dns[i];
		if (l->query_frame == 0 || l->answered || l->id != s->dns.id || l->af != s->ip.af ||
		    memcmp(l->client, s->ip.dst, n) != 0 || strcmp(l->name, s->dns.qname) != 0)
			continue;
		l->answered = true;
		l->rcode = s->dns.rcode;
		l->answer_frame = frame;
		l->answer_af = s->dns.answer_af;
		memcpy(l->answer, s->dns.answer, sizeof(l->answer));
		if (l->rcode != 0)
			dns_failed(an, l, frame, ts);
		return;
	}
}

/* The lookup that led to an attempt: the latest one from its initiator,
 * within the window, that resolved to its responder (or to anything). */
static void dns_attach(Analyzer *an, Attempt *a)
{
	Lookup *best = NULL;
	size_t n = a->af == 4 ? 4 : 16;
	for (unsigned i = 0; i < DNS_RING; i++) {
		Lookup *l = &an->dns[i];
		if (l->query_frame == 0 || l->used || !l->answered || l->rcode != 0 || l->af != a->af ||
		    memcmp(l->client, a->initiator, n) != 0 || a->first_ns - l->query_ns > an->opt.dns_window_ns ||
		    l->query_ns > a->first_ns)
			continue;
		bool match = l->answer_af == a->af && memcmp(l->answer, a->responder, n) == 0;
		if (!match)
			continue;
		if (!best || l->query_ns > best->query_ns)
			best = l;
	}
	if (!best)
		return;
	best->used = true;
	a->dns_seen = a->dns_answered = true;
	a->dns_rcode = 0;
	g_strlcpy(a->dns_name, best->name, sizeof(a->dns_name));
	a->dns_query_frame = best->query_frame;
	a->dns_answer_frame = best->answer_frame;
	a->first_frame = best->query_frame;
	a->first_ns = best->query_ns;
	StageStats *s = &a->stages[STAGE_DNS];
	s->seen = true;
	s->dir[DIR_I2R] = (DirStats){ 1, 0, 0, best->query_frame, best->query_frame, best->query_ns, best->query_ns };
	s->dir[DIR_R2I] = (DirStats){ 1, 0, 0, best->answer_frame, best->answer_frame, best->query_ns, best->query_ns };
}

/* Unanswered lookups older than the window: failed lookups of their own. */
static void dns_sweep(Analyzer *an, bool all)
{
	for (unsigned i = 0; i < DNS_RING; i++) {
		Lookup *l = &an->dns[i];
		if (l->query_frame == 0 || l->used || l->answered)
			continue;
		if (!all && an->now_ns - l->query_ns < an->opt.dns_window_ns)
			continue;
		dns_failed(an, l, l->query_frame, l->query_ns);
	}
}

/* ---- IKE, ESP, ICMP ------------------------------------------------------- */

static void evict_oldest(Analyzer *an)
{
	GHashTableIter it;
	gpointer key, val, oldest_key = NULL;
	Attempt *oldest = NULL;
	g_hash_table_iter_init(&it, an->live);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		Attempt *a = val;
		if (!oldest || a->last_ns < oldest->last_ns) {
			oldest = a;
			oldest_key = key;
		}
	}
	if (!oldest)
		return;
	an->stats.evicted++;
	g_hash_table_steal(an->live, oldest_key);
	attempt_finish(an, oldest, false);
	g_free(oldest_key);
	g_free(oldest);
}

static void insert_live(Analyzer *an, Attempt *a, const uint8_t *x, const uint8_t *y)
{
	if (g_hash_table_size(an->live) >= an->opt.max_attempts)
		evict_oldest(an);
	PairKey *k = g_new(PairKey, 1);
	pair_make(k, a->af, x, y);
	g_hash_table_insert(an->live, k, a);
}

static Attempt *open_live(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	Attempt *a = attempt_open(an, PROFILE_L2TP_IPSEC, s->ip.af, s->ip.src, s->ip.dst, s->ip.sport, s->ip.dport,
				  frame, ts);
	insert_live(an, a, s->ip.src, s->ip.dst);
	dns_attach(an, a);
	return a;
}

static Direction dir_of(const Attempt *a, const uint8_t *src)
{
	return memcmp(src, a->initiator, a->af == 4 ? 4 : 16) == 0 ? DIR_I2R : DIR_R2I;
}

/* Which stage a packet of an attempt belongs to.  Until the IKE summary
 * distinguishes the exchanges, every IKE message counts for the first IKE
 * stage of the profile. */
static StageId classify_ike(const Attempt *a)
{
	return a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1;
}

static void ike_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
	if (!a) {
		/* a new exchange starts with a request to the IKE port */
		if (!is_ike_port(s->ip.dport))
			return;
		a = open_live(an, s, frame, ts);
	}
	Direction d = dir_of(a, s->ip.src);
	StageId st = classify_ike(a);
	DirStats *mine = &a->stages[st].dir[d], *theirs = &a->stages[st].dir[d == DIR_I2R ? DIR_R2I : DIR_I2R];
	/* a request sent again before any answer came back is a
	 * retransmission (refined by the IKE summary's message digest) */
	if (d == DIR_I2R && mine->packets > 0 && theirs->packets == 0)
		mine->retransmissions++;
	if (d == DIR_I2R && theirs->packets == 0 && a->n_retrans_ns < ATTEMPT_MAX_RETRANS)
		a->retrans_ns[a->n_retrans_ns++] = ts;
	attempt_count(an, a, st, d, frame, ts, false);
}

static void esp_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
	if (!a)
		return; /* ESP of an SA set up before the capture: no attempt to hold it against */
	attempt_count(an, a, STAGE_ESP, dir_of(a, s->ip.src), frame, ts, false);
}

static void icmp_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	const IpSummary *q = &s->icmp.quoted;
	if (!s->icmp.error || q->af == 0 || q->proto != 17 || !is_ike_port(q->dport))
		return;
	Attempt *a = find(an, q->af, q->src, q->dst);
	if (!a)
		return;
	/* an error about a packet the initiator sent: the answer that came
	 * back instead of the responder's */
	Direction d = dir_of(a, q->src) == DIR_I2R ? DIR_R2I : DIR_I2R;
	StageId st = classify_ike(a);
	a->stages[st].dir[d].errors++;
	if (a->n_icmp_errors < 4)
		a->icmp_error_frames[a->n_icmp_errors++] = frame;
	if (frame > a->last_frame)
		a->last_frame = frame;
	if (ts > a->last_ns)
		a->last_ns = ts;
}

/* ---- driving ---------------------------------------------------------------- */

static void sweep(Analyzer *an, bool all)
{
	dns_sweep(an, all);
	GHashTableIter it;
	gpointer key, val;
	GPtrArray *done = g_ptr_array_new();
	g_hash_table_iter_init(&it, an->live);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		Attempt *a = val;
		if (all || an->now_ns - a->last_ns > an->opt.idle_timeout_ns) {
			g_ptr_array_add(done, a);
			g_hash_table_iter_steal(&it);
			g_free(key);
		}
	}
	/* emit in the order of the attempts' first packets */
	for (guint i = 0; i < done->len; i++)
		for (guint j = i + 1; j < done->len; j++)
			if (((Attempt *)done->pdata[j])->id < ((Attempt *)done->pdata[i])->id) {
				gpointer t = done->pdata[i];
				done->pdata[i] = done->pdata[j];
				done->pdata[j] = t;
			}
	for (guint i = 0; i < done->len; i++) {
		attempt_finish(an, done->pdata[i], all);
		g_free(done->pdata[i]);
	}
	g_ptr_array_free(done, TRUE);
}

void analyzer_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	an->stats.packets++;
	if (ts > an->now_ns || an->stats.packets == 1)
		an->now_ns = ts;
	if (an->now_ns - an->last_sweep_ns > 1000000000) {
		an->last_sweep_ns = an->now_ns;
		sweep(an, false);
	}
	if (s->ip.af == 0)
		return;
	if (s->layers & LAYER_DNS) {
		dns_feed(an, s, frame, ts);
		return;
	}
	if (s->layers & LAYER_ICMP) {
		icmp_feed(an, s, frame, ts);
		return;
	}
	if (s->layers & LAYER_NATT_KEEPALIVE)
		return;
	if (s->layers & LAYER_ESP) {
		esp_feed(an, s, frame, ts);
		return;
	}
	if ((s->layers & LAYER_UDP) && (is_ike_port(s->ip.sport) || is_ike_port(s->ip.dport)))
		ike_feed(an, s, frame, ts);
}

void analyzer_finish(Analyzer *an)
{
	sweep(an, true);
}
