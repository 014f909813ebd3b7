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
	uint16_t id, sport, qtype;
	uint16_t id_last; /* a retry may carry another id: answers to either count */
	bool used, answered;
	uint8_t rcode;
	uint8_t answer_af, answer[16];
	uint64_t query_frame, answer_frame;
	int64_t query_ns, answer_ns;
	/* the resolver asking again (the same name and type, unanswered) */
	uint32_t retries;
	uint64_t retry_frame, last_query_frame; /* the first re-sending, the last copy */
	int64_t last_query_ns;
	uint32_t backoff_ms[DIR_MAX_BACKOFF];
	char name[256];
} Lookup;

typedef struct {
	uint8_t af;
	uint8_t a[16], b[16]; /* a <= b */
} PairKey;

enum { PAIR_CACHE_BITS = 8, PAIR_CACHE = 1 << PAIR_CACHE_BITS }; /* direct-mapped cache in front of by_pair */

struct Analyzer {
	AnalyzerOptions opt;
	AnalyzerEventFn fn;
	void *user;
	GHashTable *live;    /* Attempt* set: every live attempt */
	GHashTable *by_pair; /* PairKey* -> Attempt*: the latest attempt between two hosts */
	GHashTable *by_ispi; /* guint64* (IKE initiator SPI) -> Attempt* */
	/* eviction order (a full table): attempts in the order they opened,
	 * and those found to have progressed; entries of attempts already
	 * finished are dropped lazily (EvictRef checks), so eviction is O(1)
	 * amortised even under a flood of initiations */
	GQueue *fresh, *progressed;
	Lookup dns[DNS_RING];
	unsigned dns_next;
	unsigned next_id;
	int64_t now_ns, last_sweep_ns;
	uint64_t drops; /* analyzer_set_drops: the capture's drops so far */
	AnalyzerStats stats;
	/* by_pair answers for the packets in flight, in front of the hash
	 * table (ESP packets, mostly of no live attempt); an entry goes when
	 * its key is given an attempt or its attempt leaves by_pair */
	struct {
		PairKey k;
		Attempt *a; /* NULL: no attempt between these two */
		bool valid;
	} pair_cache[PAIR_CACHE];
};

void analyzer_options_default(AnalyzerOptions *o)
{
	o->max_attempts = 10000;
	o->idle_timeout_ns = 120LL * 1000000000;
	o->dns_window_ns = 30LL * 1000000000;
}

static guint pair_hash(gconstpointer p)
{
	/* only the address bytes of the family, four at a time (this runs
	 * for every packet) */
	const PairKey *k = p;
	size_t n = k->af == 4 ? 4 : 16;
	uint64_t h = k->af;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t x, y;
		memcpy(&x, k->a + i, 4);
		memcpy(&y, k->b + i, 4);
		h = (h ^ ((uint64_t)x << 32 | y)) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
	}
	return (guint)(h ^ (h >> 32));
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
	an->live = g_hash_table_new(g_direct_hash, g_direct_equal);
	an->by_pair = g_hash_table_new_full(pair_hash, pair_equal, g_free, NULL);
	an->by_ispi = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	an->fresh = g_queue_new();
	an->progressed = g_queue_new();
	an->next_id = 1;
	return an;
}

void analyzer_free(Analyzer *an)
{
	if (!an)
		return;
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, an->live);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_free(key);
	g_hash_table_destroy(an->live);
	g_hash_table_destroy(an->by_pair);
	g_hash_table_destroy(an->by_ispi);
	g_queue_free_full(an->fresh, g_free);
	g_queue_free_full(an->progressed, g_free);
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
	a->drops_at_open = an->drops;
	an->stats.attempts++;
	emit(an, AEV_OPENED, a, STAGE_DNS);
	return a;
}

void analyzer_set_drops(Analyzer *an, uint64_t total)
{
	an->drops = total;
}

static void attempt_finish(Analyzer *an, Attempt *a, bool ended)
{
	a->drops = an->drops > a->drops_at_open ? an->drops - a->drops_at_open : 0;
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
	if (ts > a->last_ns_dir[d])
		a->last_ns_dir[d] = ts;
	if (error)
		ds->errors++;
	/* live waits: this packet waits for the other side, and answers it */
	Direction other = d == DIR_I2R ? DIR_R2I : DIR_I2R;
	ds->unanswered++;
	s->dir[other].unanswered = 0;
	if (a->wait_since_ns[st][d] == 0)
		a->wait_since_ns[st][d] = ts ? ts : 1;
	a->wait_since_ns[st][other] = 0;
	a->stall_reported[st][other] = false;
	if (frame > a->last_frame)
		a->last_frame = frame;
	if (ts > a->last_ns)
		a->last_ns = ts;
	if (first_time)
		emit(an, AEV_STAGE, a, st);
}

/* A request re-sent at a stage (call before attempt_count: the
 * direction's last packet is then the previous copy).  `key` names the
 * request; the back-off list follows the last request re-sent. */
static void count_retrans(Attempt *a, StageId st, Direction d, uint64_t key, uint64_t frame, int64_t ts)
{
	DirStats *ds = &a->stages[st].dir[d];
	ds->retransmissions++;
	if (ds->resent == 0 || ds->resent_key != key) {
		ds->resent = 0;
		ds->resent_key = key;
		ds->resent_frame = frame;
	}
	if (ds->resent < DIR_MAX_BACKOFF) {
		int64_t gap = ds->packets && ts > ds->last_ns ? ts - ds->last_ns : 0;
		ds->backoff_ms[ds->resent] = gap / 1000000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(gap / 1000000);
	}
	ds->resent++;
}

/* ---- DNS ---------------------------------------------------------------- */

static bool is_ike_port(uint16_t p)
{
	return p == 500 || p == 4500;
}

/* a cache slot: the top bits of the hash mixed once more (pair_hash's low
 * bits hardly change when only the last byte of an address does) */
static unsigned pair_slot(const PairKey *k)
{
	return (unsigned)(((uint32_t)pair_hash(k) * 0x9E3779B1u) >> (32 - PAIR_CACHE_BITS));
}

static Attempt *find(Analyzer *an, uint8_t af, const uint8_t *x, const uint8_t *y)
{
	PairKey k;
	pair_make(&k, af, x, y);
	unsigned slot = pair_slot(&k);
	if (an->pair_cache[slot].valid && pair_equal(&an->pair_cache[slot].k, &k))
		return an->pair_cache[slot].a;
	Attempt *a = g_hash_table_lookup(an->by_pair, &k);
	an->pair_cache[slot].k = k;
	an->pair_cache[slot].a = a;
	an->pair_cache[slot].valid = true;
	return a;
}

/* by_pair now maps k to another attempt, or to none */
static void pair_cache_forget_key(Analyzer *an, const PairKey *k)
{
	unsigned slot = pair_slot(k);
	if (an->pair_cache[slot].valid && pair_equal(&an->pair_cache[slot].k, k))
		an->pair_cache[slot].valid = false;
}

/* a leaves by_pair (it ends or is evicted): no slot may keep it */
static void pair_cache_forget_attempt(Analyzer *an, const Attempt *a)
{
	for (unsigned i = 0; i < PAIR_CACHE; i++)
		if (an->pair_cache[i].a == a)
			an->pair_cache[i].valid = false;
}

static guint64 ispi_key(const uint8_t *ispi)
{
	guint64 v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | ispi[i];
	return v;
}

static void index_ispi(Analyzer *an, Attempt *a)
{
	guint64 *k = g_new(guint64, 1);
	*k = ispi_key(a->ispi);
	g_hash_table_replace(an->by_ispi, k, a);
}

/* Take an attempt out of every index (it is finished, or evicted). */
static void unlink_live(Analyzer *an, Attempt *a)
{
	g_hash_table_remove(an->live, a);
	PairKey k;
	pair_make(&k, a->af, a->initiator, a->responder);
	if (g_hash_table_lookup(an->by_pair, &k) == a)
		g_hash_table_remove(an->by_pair, &k);
	pair_cache_forget_attempt(an, a);
	/* indexed by its SPI even when the header claimed version 0 */
	guint64 ik = ispi_key(a->ispi);
	if (g_hash_table_lookup(an->by_ispi, &ik) == a)
		g_hash_table_remove(an->by_ispi, &ik);
}

static void insert_live(Analyzer *an, Attempt *a, const uint8_t *x, const uint8_t *y);

/* A lookup's queries at its attempt's DNS stage: the first, its retries
 * and the back-off between the copies. */
static void dns_count_queries(Analyzer *an, Attempt *a, const Lookup *l)
{
	attempt_count(an, a, STAGE_DNS, DIR_I2R, l->query_frame, l->query_ns, false);
	if (!l->retries)
		return;
	attempt_count(an, a, STAGE_DNS, DIR_I2R, l->last_query_frame, l->last_query_ns, false);
	DirStats *ds = &a->stages[STAGE_DNS].dir[DIR_I2R];
	ds->packets += l->retries - 1;
	ds->unanswered += l->retries - 1;
	ds->retransmissions += l->retries;
	if (l->retries > ds->resent) {
		ds->resent = l->retries;
		ds->resent_frame = l->retry_frame;
		memcpy(ds->backoff_ms, l->backoff_ms, sizeof(ds->backoff_ms));
	}
}

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
	dns_count_queries(an, a, l);
	if (l->answered)
		attempt_count(an, a, STAGE_DNS, DIR_R2I, frame, ts, true);
}


/* The unanswered lookup this query asks again, if any: the same client,
 * name and type, within the window (resolvers retry after seconds, with
 * the same id or a new one, to the same server or the next). */
static Lookup *dns_retry_of(Analyzer *an, const PacketSummary *s, int64_t ts)
{
	size_t n = s->ip.af == 4 ? 4 : 16;
	for (unsigned i = 0; i < DNS_RING; i++) {
		Lookup *l = &an->dns[i];
		if (l->query_frame != 0 && !l->used && !l->answered && l->af == s->ip.af && l->qtype == s->dns.qtype &&
		    ts >= l->last_query_ns && ts - l->query_ns < an->opt.dns_window_ns &&
		    memcmp(l->client, s->ip.src, n) == 0 && strcmp(l->name, s->dns.qname) == 0)
			return l;
	}
	return NULL;
}

static void dns_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	size_t n = s->ip.af == 4 ? 4 : 16;
	if (!s->dns.response) {
		if (s->dns.qtype != 1 && s->dns.qtype != 28)
			return;
		Lookup *r = dns_retry_of(an, s, ts);
		if (r) {
			if (r->retries < DIR_MAX_BACKOFF) {
				int64_t gap = ts > r->last_query_ns ? ts - r->last_query_ns : 0;
				r->backoff_ms[r->retries] = gap / 1000000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(gap / 1000000);
			}
			if (!r->retries++)
				r->retry_frame = frame;
			r->last_query_frame = frame;
			r->last_query_ns = ts;
			r->id_last = s->dns.id;
			return;
		}
		Lookup *l = &an->dns[an->dns_next++ % DNS_RING];
		memset(l, 0, sizeof(*l));
		l->af = s->ip.af;
		memcpy(l->client, s->ip.src, n);
		memcpy(l->server, s->ip.dst, n);
		l->sport = s->ip.sport;
		l->id = l->id_last = s->dns.id;
		l->qtype = s->dns.qtype;
		l->query_frame = l->last_query_frame = frame;
		l->query_ns = l->last_query_ns = ts;
		g_strlcpy(l->name, s->dns.qname, sizeof(l->name));
		an->stats.dns_lookups++;
		return;
	}
	for (unsigned i = 0; i < DNS_RING; i++) {
		Lookup *l = &an->dns[i];
		if (l->query_frame == 0 || l->answered || (l->id != s->dns.id && l->id_last != s->dns.id) ||
		    l->af != s->ip.af || memcmp(l->client, s->ip.dst, n) != 0 || strcmp(l->name, s->dns.qname) != 0)
			continue;
		l->answered = true;
		l->rcode = s->dns.rcode;
		l->answer_frame = frame;
		l->answer_ns = ts;
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
	s->dir[DIR_I2R] = (DirStats){ .packets = 1 + best->retries,
				      .first_frame = best->query_frame,
				      .last_frame = best->last_query_frame,
				      .first_ns = best->query_ns,
				      .last_ns = best->last_query_ns,
				      .retransmissions = best->retries,
				      .resent = best->retries,
				      .resent_frame = best->retry_frame };
	memcpy(s->dir[DIR_I2R].backoff_ms, best->backoff_ms, sizeof(best->backoff_ms));
	s->dir[DIR_R2I] = (DirStats){ .packets = 1, .first_frame = best->answer_frame, .last_frame = best->answer_frame,
				      .first_ns = best->answer_ns, .last_ns = best->answer_ns };
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

/* An entry of the eviction queues: the attempt's address is only
 * dereferenced once the live set says it is still there, and its id
 * guards against the address having been reused. */
typedef struct {
	Attempt *a;
	unsigned id;
} EvictRef;

static Attempt *ref_live(Analyzer *an, const EvictRef *r)
{
	if (!g_hash_table_contains(an->live, r->a) || r->a->id != r->id)
		return NULL;
	return r->a;
}

bool attempt_progressed(const Attempt *a)
{
	unsigned stages = 0;
	uint64_t each[DIR__COUNT] = { 0, 0 };
	for (unsigned st = 0; st < STAGE__COUNT; st++) {
		if (st == STAGE_DNS || !a->stages[st].seen)
			continue;
		stages++;
		for (unsigned d = 0; d < DIR__COUNT; d++)
			each[d] += a->stages[st].dir[d].packets;
	}
	return stages > 1 || (each[DIR_I2R] >= 2 && each[DIR_R2I] >= 2);
}

static void evict(Analyzer *an, Attempt *a)
{
	an->stats.evicted++;
	unlink_live(an, a);
	attempt_finish(an, a, false);
	g_free(a);
}

/* The table is full: finish the oldest attempt that has not progressed
 * (a flood of bogus initiations then only evicts its own), or when every
 * live attempt has, the oldest of those. */
static void evict_one(Analyzer *an)
{
	EvictRef *r;
	while ((r = g_queue_pop_head(an->fresh))) {
		Attempt *a = ref_live(an, r);
		if (!a) {
			g_free(r);
			continue;
		}
		if (attempt_progressed(a)) {
			g_queue_push_tail(an->progressed, r);
			continue;
		}
		g_free(r);
		evict(an, a);
		return;
	}
	while ((r = g_queue_pop_head(an->progressed))) {
		Attempt *a = ref_live(an, r);
		g_free(r);
		if (a) {
			evict(an, a);
			return;
		}
	}
}

/* Drop the queue entries of finished attempts once they outnumber the
 * live ones (amortised O(1) per attempt). */
static void queue_compact(Analyzer *an, GQueue *q)
{
	if (q->length <= 2u * g_hash_table_size(an->live) + 1024)
		return;
	GList *l = q->head;
	while (l) {
		GList *next = l->next;
		if (!ref_live(an, l->data)) {
			g_free(l->data);
			g_queue_delete_link(q, l);
		}
		l = next;
	}
}

static void insert_live(Analyzer *an, Attempt *a, const uint8_t *x, const uint8_t *y)
{
	if (g_hash_table_size(an->live) >= an->opt.max_attempts)
		evict_one(an);
	g_hash_table_add(an->live, a);
	EvictRef *r = g_new(EvictRef, 1);
	r->a = a;
	r->id = a->id;
	g_queue_push_tail(an->fresh, r);
	queue_compact(an, an->fresh);
	queue_compact(an, an->progressed);
	PairKey *k = g_new(PairKey, 1);
	pair_make(k, a->af, x, y);
	g_hash_table_replace(an->by_pair, k, a);
	pair_cache_forget_key(an, k);
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

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* IKE error notifies (RFC 2408 / 7296: types below 16384 report errors) */
#define NOTIFY_NO_PROPOSAL_CHOSEN 14
#define IKEV2_INVALID_KE_PAYLOAD 17 /* a request to retry with another group: not fatal */

/* One NAT in front of both: the same public address (seen from the
 * server), or neighbours on one LAN (seen from inside: the same /24, /64). */
static bool same_nat(const Attempt *a, const Attempt *o)
{
	size_t n = a->af == 4 ? 4 : 16;
	if (memcmp(a->initiator, o->initiator, n) == 0)
		return true;
	return memcmp(a->initiator, o->initiator, a->af == 4 ? 3 : 8) == 0;
}

/* Several clients behind one NAT talking to one responder at once: each
 * counts the others (a finding); for L2TP/IPsec in transport mode their SAs
 * collide on the server, the primary cause multi-client-same-nat (DESIGN §2). */
static void mark_shared_nat(Analyzer *an, Attempt *a)
{
	size_t n = a->af == 4 ? 4 : 16;
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, an->live);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		Attempt *o = key;
		if (o == a || !o->nat_initiator || o->af != a->af || memcmp(o->responder, a->responder, n) != 0 ||
		    memcmp(o->ispi, a->ispi, 8) == 0 || !same_nat(a, o))
			continue;
		/* seen after their NATs (source ports rewritten), clients with
		 * different public addresses are behind different NATs: a
		 * concentrator serves many NATed clients at once */
		if (o->iport != 500 && a->iport != 500 && memcmp(o->initiator, a->initiator, n) != 0)
			continue;
		o->nat_peers++;
		a->nat_peers++;
		if (!o->nat_peer_frame)
			o->nat_peer_frame = a->first_frame;
		if (!a->nat_peer_frame)
			a->nat_peer_frame = o->first_frame;
		if (o->profile == PROFILE_L2TP_IPSEC && a->profile == PROFILE_L2TP_IPSEC)
			o->shared_nat = a->shared_nat = true;
	}
}

/* DES/3DES, MD5/SHA-1 (integrity, PRF), MODP768/1024 in a proposal
 * (IKEv1 attribute values of RFC 2409, IKEv2 transform ids of RFC 7296). */
static uint8_t weak_bits(uint8_t version, uint16_t enc, uint16_t hash, uint16_t prf, uint16_t group)
{
	uint8_t w = 0;
	if (version == 1) {
		w |= enc == 1 ? WEAK_DES : enc == 5 ? WEAK_3DES : 0;
		w |= hash == 1 ? WEAK_MD5 : hash == 2 ? WEAK_SHA1 : 0;
	} else {
		w |= enc == 1 || enc == 2 ? WEAK_DES : enc == 3 ? WEAK_3DES : 0;
		w |= hash == 1 || prf == 1 ? WEAK_MD5 : 0;
		w |= hash == 2 || prf == 2 ? WEAK_SHA1 : 0;
	}
	w |= group == 1 ? WEAK_MODP768 : group == 2 ? WEAK_MODP1024 : 0;
	return w;
}

/* The stage an IKE message belongs to. */
static StageId ike_stage(const Attempt *a, uint8_t version, uint8_t exch)
{
	if (version == 2) {
		switch (exch) {
		case 34: return STAGE_IKE_SA_INIT;
		case 35: return STAGE_IKE_AUTH;
		case 36: return STAGE_CHILD_SA;
		default: /* INFORMATIONAL: where the attempt is */
			if (a->stages[STAGE_ESP].seen)
				return STAGE_DATA;
			if (a->stages[STAGE_IKE_AUTH].seen)
				return STAGE_IKE_AUTH;
			return STAGE_IKE_SA_INIT;
		}
	}
	switch (exch) {
	case 32: return STAGE_IKE_P2;
	case 5: /* Informational: errors, deletes, DPD - where the attempt is */
		if (a->stages[STAGE_ESP].seen)
			return STAGE_DATA;
		if (a->stages[STAGE_IKE_P2].seen)
			return STAGE_IKE_P2;
		return STAGE_IKE_P1;
	default: return STAGE_IKE_P1; /* Main, Aggressive, Transaction */
	}
}

static void ike_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	const __typeof__(s->ike) *k = &s->ike;
	if (k->version != 1 && k->version != 2)
		return; /* not an IKE message this analyzer can follow */
	bool start = all_zero(k->rspi, 8) &&
		     (k->version == 2 ? k->exch == 34 && !k->response : k->exch == 2 || k->exch == 4);
	guint64 ik = ispi_key(k->ispi);
	Attempt *a = g_hash_table_lookup(an->by_ispi, &ik);
	if (!a && !start)
		a = find(an, s->ip.af, s->ip.src, s->ip.dst); /* started before the capture, or a rekey */
	if (!a) {
		a = open_live(an, s, frame, ts);
		a->profile = k->version == 2 ? PROFILE_IKEV2 : PROFILE_L2TP_IPSEC;
	}
	if (!a->ike_version) {
		a->ike_version = k->version;
		memcpy(a->ispi, k->ispi, 8);
		index_ispi(an, a);
	}
	Direction d = dir_of(a, s->ip.src);
	StageId st = ike_stage(a, k->version, k->exch);
	DirStats *mine = &a->stages[st].dir[d], *theirs = &a->stages[st].dir[d == DIR_I2R ? DIR_R2I : DIR_I2R];
	bool retrans = k->retransmission_of != 0;
	if (d == DIR_I2R && theirs->packets == 0 && st == (a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1) &&
	    a->n_retrans_ns < ATTEMPT_MAX_RETRANS && (retrans || mine->packets == 0))
		a->retrans_ns[a->n_retrans_ns++] = ts;
	if (retrans)
		count_retrans(a, st, d, k->retransmission_of, frame, ts);
	if (k->decrypted)
		a->ike_decrypted = true;
	if (d == DIR_I2R && k->ms_version && !a->ms_client_frame)
		a->ms_client_frame = frame; /* a Windows client */
	/* proposals: a request's are offered, an answer's are the one chosen */
	bool answer = k->version == 2 ? k->response : d == DIR_R2I;
	if (!answer && a->n_offer == 0 && st == (k->version == 2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1))
		for (unsigned i = 0; i < k->n_proposals && i < 4; i++) {
			a->offer[i].enc = k->prop[i].enc;
			a->offer[i].keylen = k->prop[i].keylen;
			a->offer[i].hash = k->prop[i].hash;
			a->offer[i].prf = k->prop[i].prf;
			a->offer[i].group = k->prop[i].group;
			a->n_offer = (uint8_t)(i + 1);
		}
	for (unsigned i = 0; i < k->n_proposals && i < 8 && !retrans; i++) {
		uint8_t w = weak_bits(k->version, k->prop[i].enc, k->prop[i].hash, k->prop[i].prf, k->prop[i].group);
		if (!w)
			continue;
		if (answer && !a->weak_chosen_frame)
			a->weak_chosen_frame = frame;
		if (!answer && !a->weak_offered_frame)
			a->weak_offered_frame = frame;
		*(answer ? &a->weak_chosen : &a->weak_offered) |= w;
	}
	/* phase-2 exchanges: IKEv1 Quick Modes by message id, IKEv2
	 * CREATE_CHILD_SA requests */
	if (!retrans && ((k->version == 1 && k->exch == 32 && k->msgid != a->p2_last_msgid) ||
			 (k->version == 2 && k->exch == 36 && !k->response))) {
		a->p2_last_msgid = k->msgid;
		if (a->p2_exchanges++ == (k->version == 1 ? 1 : 0))
			a->rekey_frame = frame;
	}
	bool error = false;
	for (unsigned i = 0; i < k->n_notify && i < 4; i++) {
		uint16_t t = k->notify[i];
		if (t == 0 || t >= 16384 || (k->version == 2 && t == IKEV2_INVALID_KE_PAYLOAD))
			continue;
		if (k->decrypted && !a->dec_notify) {
			a->dec_notify = t;
			a->dec_notify_frame = frame;
			a->dec_notify_stage = st;
		}
		error = true;
		a->error_notify = t;
		a->error_notify_frame = frame;
		if (t == NOTIFY_NO_PROPOSAL_CHOSEN && !a->no_proposal) {
			a->no_proposal = true;
			a->no_proposal_stage = st;
			a->no_proposal_frame = frame;
		}
	}
	attempt_count(an, a, st, d, frame, ts, error);
	if ((k->version == 1 && k->exch == 5) || (k->version == 2 && k->exch == 37)) {
		const StageStats *e = &a->stages[STAGE_ESP];
		if (e->dir[DIR_I2R].packets && e->dir[DIR_R2I].packets) {
			if (a->info_up[d]++ == 0) {
				a->info_up_first_ns[d] = ts;
				a->info_up_first_frame[d] = frame;
			}
			a->info_up_last_ns[d] = ts;
		}
		if (d == DIR_R2I) {
			a->r_informational++;
			if (!a->r_informational_frame)
				a->r_informational_frame = frame;
		}
	}
	/* Main Mode 5/6 (encrypted), IKE_AUTH request/response */
	if ((k->version == 1 && k->exch == 2 && k->encrypted) || (k->version == 2 && k->exch == 35)) {
		if (d == DIR_I2R) {
			if (!a->p1_i_encrypted)
				a->p1_i_encrypted_frame = frame;
			a->p1_i_encrypted = true;
		} else {
			a->p1_r_encrypted = true;
		}
	}
	if (k->version == 1 && k->exch == 32 && !retrans)
		(*(d == DIR_I2R ? &a->qm_i_msgs : &a->qm_r_msgs))++;
	if (s->ip.sport == 4500 || s->ip.dport == 4500) {
		if (!a->first_4500_frame)
			a->first_4500_frame = frame;
		(*(d == DIR_I2R ? &a->i2r_4500 : &a->r2i_4500))++;
	}
	if (k->natd & IKE_NATD_CHECKED) {
		bool was = a->nat_initiator;
		if (k->natd & IKE_NATD_SRC_NAT)
			*(d == DIR_I2R ? &a->nat_initiator : &a->nat_responder) = true;
		if (k->natd & IKE_NATD_DST_NAT)
			*(d == DIR_I2R ? &a->nat_responder : &a->nat_initiator) = true;
		if ((k->natd & (IKE_NATD_SRC_NAT | IKE_NATD_DST_NAT)) && !a->nat_frame)
			a->nat_frame = frame;
		if (!was && a->nat_initiator)
			mark_shared_nat(an, a);
	}
}

/* Before the IKE dissector knows a message (fragments, unknown versions):
 * UDP to the IKE ports still counts for the first IKE stage. */
static void ike_port_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
	if (!a) {
		if (!is_ike_port(s->ip.dport))
			return;
		a = open_live(an, s, frame, ts);
	}
	Direction d = dir_of(a, s->ip.src);
	StageId st = a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1;
	DirStats *mine = &a->stages[st].dir[d], *theirs = &a->stages[st].dir[d == DIR_I2R ? DIR_R2I : DIR_I2R];
	if (d == DIR_I2R && mine->packets > 0 && theirs->packets == 0)
		count_retrans(a, st, d, 0, frame, ts);
	if (d == DIR_I2R && theirs->packets == 0 && a->n_retrans_ns < ATTEMPT_MAX_RETRANS)
		a->retrans_ns[a->n_retrans_ns++] = ts;
	attempt_count(an, a, st, d, frame, ts, false);
}

/* PPP inside L2TP or GRE, in clear or decrypted. */
static void ppp_feed(Analyzer *an, Attempt *a, const PacketSummary *s, Direction d, uint64_t frame, int64_t ts)
{
	const __typeof__(s->ppp) *p = &s->ppp;
	StageId st;
	switch (p->protocol) {
	case 0xc021: st = STAGE_PPP_LCP; break;
	case 0xc023: case 0xc223: case 0xc227: st = STAGE_PPP_AUTH; break;
	case 0x8021: case 0x8057: case 0x80fd: st = STAGE_PPP_IPCP; break;
	case 0x0021: case 0x0057: st = STAGE_DATA; break;
	default: return;
	}
	bool error = false;
	if (st == STAGE_PPP_LCP && p->has_code && (p->code == 3 || p->code == 4) && p->auth_proto &&
	    !a->lcp_auth_refused_frame) {
		a->lcp_auth_refused_frame = frame;
		a->lcp_auth_refused_dir = d;
		error = true;
	}
	if (st == STAGE_PPP_AUTH) {
		if (p->auth_result == PPP_AUTH_FAILURE && !a->auth_failure_frame) {
			a->auth_failure_frame = frame;
			a->mschap_error = p->mschap_error;
			error = true;
		} else if (p->auth_result == PPP_AUTH_SUCCESS) {
			a->auth_success = true;
		}
	}
	if (st == STAGE_PPP_IPCP && p->protocol == 0x8021 && p->has_code && p->code == 2)
		a->ipcp_done = true;
	if (st == STAGE_PPP_LCP && p->has_code && p->code == 1)
		a->lcp_req[d]++;
	/* a Configure-Request with the identifier of the previous one is a
	 * re-sending (RFC 1661 §5.1: a new request takes a new identifier) */
	if (p->has_code && p->code == 1 && (p->protocol == 0xc021 || p->protocol == 0x8021)) {
		uint16_t *last = &a->ppp_req_id[d][p->protocol == 0x8021];
		if (*last == (uint16_t)(p->identifier + 1u))
			count_retrans(a, st, d, (uint64_t)p->protocol << 8 | p->identifier, frame, ts);
		*last = (uint16_t)(p->identifier + 1u);
	}
	if (st == STAGE_PPP_LCP && p->has_code && p->code == 2)
		a->lcp_ack[d]++;
	attempt_count(an, a, st, d, frame, ts, error);
}

static void l2tp_feed(Analyzer *an, Attempt *a, const PacketSummary *s, Direction d, uint64_t frame, int64_t ts)
{
	const __typeof__(s->l2tp) *l = &s->l2tp;
	if (l->control) {
		bool error = false;
		if (l->msg_type == 1 && !a->sccrq_frame)
			a->sccrq_frame = frame;
		if (l->msg_type == 2)
			a->sccrp_seen = true;
		if (l->retransmit)
			count_retrans(a, STAGE_L2TP, d, (uint64_t)l->ns + 1, frame, ts);
		/* a StopCCN/CDN of the responder before PPP started is a refusal;
		 * later ones are the teardown */
		if ((l->msg_type == 4 || l->msg_type == 14) && d == DIR_R2I && !a->stages[STAGE_PPP_LCP].seen &&
		    !a->stopccn_frame) {
			a->stopccn_frame = frame;
			a->stopccn_result = l->result_code;
			error = true;
		}
		attempt_count(an, a, STAGE_L2TP, d, frame, ts, error);
		return;
	}
	if (s->layers & LAYER_PPP)
		ppp_feed(an, a, s, d, frame, ts);
}

static void esp_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
	if (!a)
		return; /* ESP of an SA set up before the capture: no attempt to hold it against */
	Direction d = dir_of(a, s->ip.src);
	/* without keys: the initiator's first packet inside ESP and the ones
	 * of the same length right after it (rules.c: a request re-sent?) */
	const DirStats *e = &a->stages[STAGE_ESP].dir[d];
	if (d == DIR_I2R && (e->packets == 0 || (e->packets == a->esp_copies && s->ip.len == a->esp_first_len)) &&
	    a->esp_copies <= DIR_MAX_BACKOFF) {
		a->esp_first_len = s->ip.len;
		a->esp_copy_ns[a->esp_copies++] = ts;
	}
	attempt_count(an, a, STAGE_ESP, d, frame, ts, false);
	if (!a->esp_spi[d])
		a->esp_spi[d] = s->esp.spi;
	uint8_t q = s->esp.seq_status; /* SeqVerdict: 2 gap, 3 replay, 4 reordered */
	if (q >= 2 && q <= 4) {
		(*(q == 2 ? &a->esp_gaps[d] : q == 3 ? &a->esp_replays[d] : &a->esp_reordered[d]))++;
		if (!a->esp_seq_frame[d])
			a->esp_seq_frame[d] = frame;
	}
	if (s->esp.decrypted && (s->layers & LAYER_L2TP)) {
		a->inner_decrypted = true;
		l2tp_feed(an, a, s, d, frame, ts);
	}
}

#define TCP_SYN 0x002
#define TCP_RST 0x004
#define TCP_ACK 0x010

static void pptp_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
	/* a connection to TCP 1723 opens an attempt: its SYN (a new source
	 * port is a new try), or its first PPTP message when the handshake
	 * was not captured */
	bool syn = (s->layers & LAYER_TCP) && !(s->layers & LAYER_PPTP) && s->ip.dport == 1723 &&
		   (s->tcp.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN;
	if (!a || (syn && (a->profile != PROFILE_PPTP || a->iport != s->ip.sport))) {
		if (!syn && (!(s->layers & LAYER_PPTP) || s->ip.dport != 1723))
			return;
		a = open_live(an, s, frame, ts);
		a->profile = PROFILE_PPTP;
	}
	if (a->profile != PROFILE_PPTP)
		return;
	Direction d = dir_of(a, s->ip.src);
	const DirStats *ctl = a->stages[STAGE_PPTP_CONTROL].dir;
	if ((s->layers & LAYER_TCP) && !(s->layers & LAYER_PPTP) && (s->tcp.flags & (TCP_SYN | TCP_RST))) {
		/* the handshake (SYN re-sent while unanswered), or a reset: a refusal
		 * while the server had sent nothing else */
		if (syn && d == DIR_I2R && ctl[DIR_I2R].packets && !ctl[DIR_R2I].packets)
			count_retrans(a, STAGE_PPTP_CONTROL, d, s->tcp.seq, frame, ts);
		bool refused = (s->tcp.flags & TCP_RST) && d == DIR_R2I && !ctl[DIR_R2I].packets;
		if (refused && !a->pptp_rst_frame)
			a->pptp_rst_frame = frame;
		attempt_count(an, a, STAGE_PPTP_CONTROL, d, frame, ts, refused);
		return;
	}
	if (s->layers & LAYER_GRE) {
		attempt_count(an, a, STAGE_GRE, d, frame, ts, false);
		if (s->layers & LAYER_PPP)
			ppp_feed(an, a, s, d, frame, ts);
	} else if (s->layers & LAYER_PPTP) {
		bool error = s->pptp.has_result && s->pptp.result_code != 1 && s->pptp.msg_type != 0 &&
			     (s->pptp.msg_type == 2 || s->pptp.msg_type == 8);
		attempt_count(an, a, STAGE_PPTP_CONTROL, d, frame, ts, error);
	}
}

static void icmp_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts)
{
	const IpSummary *q = &s->icmp.quoted;
	if (!s->icmp.error || q->af == 0 || q->proto != 17)
		return;
	Attempt *a = find(an, q->af, q->src, q->dst);
	if (!a)
		return;
	if (q->dport == 1701 || q->sport == 1701) {
		if (!a->l2tp_icmp_frame)
			a->l2tp_icmp_frame = frame;
		attempt_count(an, a, STAGE_L2TP, dir_of(a, q->src) == DIR_I2R ? DIR_R2I : DIR_I2R, frame, ts, true);
		return;
	}
	if (!is_ike_port(q->dport))
		return;
	/* an error about a packet the initiator sent: the answer that came
	 * back instead of the responder's */
	Direction d = dir_of(a, q->src) == DIR_I2R ? DIR_R2I : DIR_I2R;
	StageId st = a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1;
	a->stages[st].dir[d].errors++;
	if (a->n_icmp_errors < 4)
		a->icmp_error_frames[a->n_icmp_errors++] = frame;
	if (frame > a->last_frame)
		a->last_frame = frame;
	if (ts > a->last_ns)
		a->last_ns = ts;
}

static void frag_feed(Analyzer *an, const PacketSummary *s)
{
	Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
	if (a && s->ip.proto == 17)
		(*(dir_of(a, s->ip.src) == DIR_I2R ? &a->ip_frags_i2r : &a->ip_frags_r2i))++;
}

/* ---- driving ---------------------------------------------------------------- */

static gint by_id(gconstpointer x, gconstpointer y)
{
	const Attempt *a = *(Attempt *const *)x, *b = *(Attempt *const *)y;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void sweep(Analyzer *an, bool all)
{
	dns_sweep(an, all);
	GHashTableIter it;
	gpointer key;
	GPtrArray *done = g_ptr_array_new();
	g_hash_table_iter_init(&it, an->live);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		Attempt *a = key;
		if (all || an->now_ns - a->last_ns > an->opt.idle_timeout_ns)
			g_ptr_array_add(done, a);
	}
	/* emit in the order of the attempts' first packets */
	g_ptr_array_sort(done, by_id);
	for (guint i = 0; i < done->len; i++) {
		Attempt *a = done->pdata[i];
		unlink_live(an, a);
		attempt_finish(an, a, all);
		g_free(a);
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
	/* ESP first: what was decrypted inside it (L2TP, PPP, a ping) belongs
	 * to the attempt of the outer addresses */
	if (s->layers & LAYER_ESP) {
		esp_feed(an, s, frame, ts);
		return;
	}
	if (s->layers & LAYER_DNS) {
		dns_feed(an, s, frame, ts);
		return;
	}
	if (s->layers & LAYER_ICMP) {
		icmp_feed(an, s, frame, ts);
		return;
	}
	if (s->layers & LAYER_FRAG) {
		frag_feed(an, s);
		return;
	}
	if (s->layers & LAYER_NATT_KEEPALIVE)
		return;
	if (s->layers & LAYER_IKE) {
		ike_feed(an, s, frame, ts);
		return;
	}
	if ((s->layers & (LAYER_PPTP | LAYER_GRE)) || (s->layers & LAYER_TCP && (s->ip.sport == 1723 || s->ip.dport == 1723))) {
		pptp_feed(an, s, frame, ts);
		return;
	}
	if (s->layers & LAYER_L2TP) {
		Attempt *a = find(an, s->ip.af, s->ip.src, s->ip.dst);
		if (a)
			l2tp_feed(an, a, s, dir_of(a, s->ip.src), frame, ts);
		return;
	}
	if ((s->layers & LAYER_UDP) && (is_ike_port(s->ip.sport) || is_ike_port(s->ip.dport)))
		ike_port_feed(an, s, frame, ts);
}

/* The stage an attempt is at: the last one of its profile it reached. */
static bool current_stage(const Attempt *a, StageId *out)
{
	const Profile *p = profile_get(a->profile);
	for (size_t i = p->n_stages; i-- > 0;)
		if (a->stages[p->stages[i]].seen) {
			*out = p->stages[i];
			return true;
		}
	return false;
}

void analyzer_tick(Analyzer *an, int64_t now_ns)
{
	if (now_ns > an->now_ns)
		an->now_ns = now_ns;
	if (an->now_ns - an->last_sweep_ns > 1000000000) {
		an->last_sweep_ns = an->now_ns;
		sweep(an, false);
	}
	GHashTableIter it;
	gpointer key;
	GPtrArray *stalled = g_ptr_array_new();
	g_hash_table_iter_init(&it, an->live);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		Attempt *a = key;
		StageId st;
		if (!current_stage(a, &st))
			continue;
		const StallDef *sd = stall_def(st);
		if (sd->wait_ns == 0)
			continue;
		for (int d = 0; d < DIR__COUNT; d++) {
			int64_t since = a->wait_since_ns[st][d];
			if (sd->until_first_answer && a->stages[st].dir[d == DIR_I2R ? DIR_R2I : DIR_I2R].packets)
				continue;
			if (since && !a->stall_reported[st][d] && an->now_ns - since > sd->wait_ns) {
				a->stall_reported[st][d] = true;
				g_ptr_array_add(stalled, a);
			}
		}
	}
	g_ptr_array_sort(stalled, by_id);
	for (guint i = 0; i < stalled->len; i++) {
		Attempt *a = stalled->pdata[i];
		StageId st = STAGE_DATA;
		current_stage(a, &st);
		an->stats.stalls++;
		emit(an, AEV_STALLED, a, st);
	}
	g_ptr_array_free(stalled, TRUE);
}

void analyzer_finish(Analyzer *an)
{
	sweep(an, true);
}
