/*
 * reasm.c - bounded IP fragment reassembly (see reasm.h).
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "reasm.h"

#define REASM_MAX_FRAGS 128     /* per datagram */
#define REASM_MAX_LEN 65535u    /* payload bytes of one datagram */

typedef struct {
	uint32_t off, len;
	uint8_t *data;
} Frag;

typedef struct {
	ReasmKey key;
	int64_t first_ns;
	uint64_t first_frame;
	uint32_t total;   /* payload length once the last fragment is seen */
	bool have_last;
	bool overlap;
	unsigned nfrags;
	size_t bytes;
	Frag frags[REASM_MAX_FRAGS];
	GList *link;      /* in Reasm.order */
} Datagram;

struct Reasm {
	GHashTable *table; /* ReasmKey* -> Datagram* */
	GQueue order;      /* oldest first */
	uint32_t max_datagrams, max_bytes;
	int64_t timeout_ns;
	size_t bytes;
};

static guint key_hash(gconstpointer p)
{
	const ReasmKey *k = p;
	guint h = k->id * 2654435761u ^ k->proto ^ (guint)k->af << 8;
	for (int i = 0; i < 16; i++)
		h = h * 31u + k->src[i] * 7u + k->dst[i];
	return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(ReasmKey)) == 0;
}

static void datagram_free(Reasm *r, Datagram *d)
{
	for (unsigned i = 0; i < d->nfrags; i++)
		g_free(d->frags[i].data);
	r->bytes -= d->bytes;
	g_free(d);
}

static void datagram_remove(Reasm *r, Datagram *d)
{
	g_queue_delete_link(&r->order, d->link);
	g_hash_table_remove(r->table, &d->key);
	datagram_free(r, d);
}

Reasm *reasm_new(uint32_t max_datagrams, uint32_t max_bytes, uint32_t timeout_s)
{
	Reasm *r = g_new0(Reasm, 1);
	r->table = g_hash_table_new(key_hash, key_equal);
	g_queue_init(&r->order);
	r->max_datagrams = max_datagrams ? max_datagrams : 1;
	r->max_bytes = max_bytes ? max_bytes : 65536;
	r->timeout_ns = (int64_t)(timeout_s ? timeout_s : 60) * 1000000000;
	return r;
}

void reasm_free(Reasm *r)
{
	if (!r)
		return;
	Datagram *d;
	while ((d = g_queue_pop_head(&r->order)) != NULL) {
		g_hash_table_remove(r->table, &d->key);
		datagram_free(r, d);
	}
	g_hash_table_destroy(r->table);
	g_free(r);
}

size_t reasm_pending(const Reasm *r)
{
	return g_hash_table_size(r->table);
}

size_t reasm_bytes(const Reasm *r)
{
	return r->bytes;
}

/* Drop datagrams older than the timeout, and the oldest while over a cap. */
static unsigned expire(Reasm *r, int64_t now_ns, size_t need_bytes, unsigned *by_cap)
{
	unsigned n = 0;
	for (;;) {
		Datagram *d = g_queue_peek_head(&r->order);
		if (!d)
			break;
		bool old = now_ns - d->first_ns > r->timeout_ns;
		bool full = g_hash_table_size(r->table) >= r->max_datagrams;
		bool heavy = r->bytes + need_bytes > r->max_bytes;
		if (!old && !full && !heavy)
			break;
		if (!old)
			(*by_cap)++;
		datagram_remove(r, d);
		n++;
	}
	return n;
}

static bool complete(const Datagram *d)
{
	if (!d->have_last)
		return false;
	/* coverage of [0, total) by the fragments, any order */
	uint32_t covered = 0;
	bool progress = true;
	while (covered < d->total && progress) {
		progress = false;
		for (unsigned i = 0; i < d->nfrags; i++) {
			const Frag *f = &d->frags[i];
			if (f->off <= covered && f->off + f->len > covered) {
				covered = f->off + f->len;
				progress = true;
			}
		}
	}
	return covered >= d->total;
}

ReasmResult reasm_add(Reasm *r, const ReasmKey *key, uint32_t off, const uint8_t *data, size_t len,
		      bool more, int64_t now_ns, uint64_t frame, Arena *arena, ReasmOut *out)
{
	memset(out, 0, sizeof(*out));
	out->evicted = expire(r, now_ns, len, &out->evicted_cap);
	if ((uint64_t)off + len > REASM_MAX_LEN || len > r->max_bytes)
		return REASM_REFUSED;

	Datagram *d = g_hash_table_lookup(r->table, key);
	if (!d) {
		d = g_new0(Datagram, 1);
		d->key = *key;
		d->first_ns = now_ns;
		d->first_frame = frame;
		g_queue_push_tail(&r->order, d);
		d->link = g_queue_peek_tail_link(&r->order);
		g_hash_table_insert(r->table, &d->key, d);
	}
	if (d->nfrags == REASM_MAX_FRAGS)
		return REASM_REFUSED;
	uint32_t end = off + (uint32_t)len;
	if (!more) {
		if (d->have_last && d->total != end) {
			d->overlap = true; /* two different last fragments */
			return REASM_REFUSED;
		}
		d->have_last = true;
		d->total = end;
	}
	for (unsigned i = 0; i < d->nfrags; i++) {
		const Frag *f = &d->frags[i];
		if (off < f->off + f->len && f->off < end)
			d->overlap = true;
	}
	Frag *f = &d->frags[d->nfrags++];
	f->off = off;
	f->len = (uint32_t)len;
	f->data = g_malloc(len ? len : 1);
	if (len)
		memcpy(f->data, data, len);
	d->bytes += len;
	r->bytes += len;

	if (!complete(d))
		return REASM_PENDING;

	uint8_t *buf = arena_alloc(arena, d->total ? d->total : 1);
	/* earlier fragments first; later copies win on overlap, as the
	 * fragments arrived */
	for (unsigned i = 0; i < d->nfrags; i++) {
		const Frag *g = &d->frags[i];
		if (g->off >= d->total)
			continue;
		uint32_t n = g->off + g->len > d->total ? d->total - g->off : g->len;
		memcpy(buf + g->off, g->data, n);
	}
	out->data = buf;
	out->len = d->total;
	out->first_frame = d->first_frame;
	out->nfrags = d->nfrags;
	out->overlap = d->overlap;
	datagram_remove(r, d);
	return REASM_DONE;
}
