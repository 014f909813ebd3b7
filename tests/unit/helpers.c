/*
 * helpers.c - see helpers.h.
 */
#include "config.h"

#include <string.h>

#include <criterion/criterion.h>

#include <glib.h>

#include "helpers.h"

void t_dissect_more(TestPacket *tp, int linktype, const uint8_t *bytes, size_t caplen, size_t len)
{
	g_free(tp->data);
	tp->data = g_malloc(caplen ? caplen : 1);
	if (caplen)
		memcpy(tp->data, bytes, caplen);
	static uint64_t frame;
	frame++;
	dissect_frame(tp->ctx, &tp->pkt, linktype, tp->data, (uint32_t)caplen, (uint32_t)(len ? len : caplen),
		      (int64_t)frame * 1000000, frame);
}

TestPacket *t_dissect(int linktype, const uint8_t *bytes, size_t caplen, size_t len)
{
	TestPacket *tp = g_new0(TestPacket, 1);
	DissectOptions o;
	dissect_options_default(&o);
	o.want_tree = true;
	o.want_info = true;
	tp->ctx = dissect_ctx_new(&o);
	t_dissect_more(tp, linktype, bytes, caplen, len);
	return tp;
}

void t_free(TestPacket *tp)
{
	if (!tp)
		return;
	dissect_ctx_free(tp->ctx);
	g_free(tp->data);
	g_free(tp);
}

typedef struct {
	const char *abbrev;
	unsigned nth, seen;
	const TreeNode *found;
	GString *joined;
} FindCtx;

static bool find_visit(const TreeNode *n, unsigned depth, void *user)
{
	(void)depth;
	FindCtx *fc = user;
	if (!n->f || (n->flags & NODE_EXPERT) || strcmp(n->f->abbrev, fc->abbrev) != 0)
		return true;
	if (fc->joined) {
		char buf[2048];
		tree_node_field_text(n, buf, sizeof(buf));
		if (fc->seen)
			g_string_append_c(fc->joined, ',');
		g_string_append(fc->joined, buf);
		fc->seen++;
		return true;
	}
	if (fc->seen++ == fc->nth) {
		fc->found = n;
		return false;
	}
	return true;
}

const TreeNode *t_find(const TestPacket *tp, const char *abbrev, unsigned nth)
{
	FindCtx fc = { abbrev, nth, 0, NULL, NULL };
	tree_walk(tp->pkt.tree, find_visit, &fc);
	return fc.found;
}

const char *t_field(const TestPacket *tp, const char *abbrev)
{
	static char out[4096];
	FindCtx fc = { abbrev, 0, 0, NULL, g_string_new(NULL) };
	tree_walk(tp->pkt.tree, find_visit, &fc);
	g_strlcpy(out, fc.joined->str, sizeof(out));
	g_string_free(fc.joined, TRUE);
	return out;
}

int t_has_event(const TestPacket *tp, EventId id)
{
	for (unsigned i = 0; i < tp->pkt.n_events; i++)
		if (tp->pkt.events[i].id == id)
			return 1;
	return 0;
}

void t_every_prefix(int linktype, const uint8_t *b, size_t n, int well_formed)
{
	for (size_t len = 0; len <= n; len++) {
		TestPacket *tp = t_dissect(linktype, b, len, n);
		if (len < n)
			cr_assert(tp->pkt.err & CUR_TRUNCATED, "prefix %zu of %zu not flagged truncated", len, n);
		else if (well_formed)
			cr_assert_eq(tp->pkt.err, 0, "full packet of %zu bytes flagged %u", n, tp->pkt.err);
		t_free(tp);
	}
}
