/*
 * view_packets.c - the packets of the attempt (top), the selected
 * packet's detail tree, re-dissected on demand and expandable (middle),
 * and its bytes with the selected field highlighted (bottom): the
 * Wireshark three-pane habit.  Tab moves between the panes.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "tui.h"

static bool visible(const TreeNode *n)
{
	return !(n->flags & NODE_HIDDEN);
}

static void add_rows(Tui *t, const TreeNode *n, unsigned depth)
{
	for (const TreeNode *ch = n->first; ch; ch = ch->next) {
		if (!visible(ch))
			continue;
		bool kids = false;
		for (const TreeNode *g = ch->first; g; g = g->next)
			if (visible(g))
				kids = true;
		TreeRow r = { ch, depth, kids };
		g_array_append_val(t->rows, r);
		if (kids && g_hash_table_contains(t->expanded, ch))
			add_rows(t, ch, depth + 1);
	}
}

static void build_rows(Tui *t)
{
	g_array_set_size(t->rows, 0);
	if (t->pkt && t->pkt->tree)
		add_rows(t, t->pkt->tree, 0);
	if (t->tsel >= (int)t->rows->len)
		t->tsel = t->rows->len ? (int)t->rows->len - 1 : 0;
}

void tui_select_packet(Tui *t, int i)
{
	if (i < 0 || (size_t)i >= t->np)
		return;
	t->psel = i;
	const TuiPacket *p = &g_array_index(t->m->packets, TuiPacket, t->pidx[i]);
	if (t->pkt && t->pkt_frame == p->frame)
		return;
	t->pkt = t->redissect ? t->redissect(t->m, p->frame, t->redissect_user) : NULL;
	t->pkt_frame = p->frame;
	g_hash_table_remove_all(t->expanded);
	t->tsel = t->ttop = t->hex_top = 0;
	build_rows(t);
}

static const uint8_t *node_source(const Packet *pkt, const TreeNode *n, size_t *len)
{
	if (n && n->src > 0 && n->src < G_N_ELEMENTS(pkt->sources) && pkt->sources[n->src].data) {
		*len = pkt->sources[n->src].len;
		return pkt->sources[n->src].data;
	}
	*len = pkt->caplen;
	return pkt->data;
}

static void pane_title(Canvas *c, int y, bool focus, const char *title)
{
	canvas_fill(c, 0, y, c->w, ROLE_TITLE, focus ? CA_BOLD : 0, canvas_hline(c));
	canvas_printf(c, 2, y, -1, ROLE_TITLE, focus ? CA_BOLD | CA_REVERSE : 0, " %s ", title);
}

static void draw_list(Tui *t, Canvas *c, int y, int h)
{
	if (t->psel < t->ptop)
		t->ptop = t->psel;
	if (t->psel >= t->ptop + h)
		t->ptop = t->psel - h + 1;
	const char *arrow = c->utf8 ? "\xe2\x86\x92" : ">";
	const char *back = c->utf8 ? "\xe2\x86\x90" : "<";
	int64_t t0 = t->np ? g_array_index(t->m->packets, TuiPacket, t->pidx[0]).ts_ns : 0;
	for (int i = 0; i < h && t->ptop + i < (int)t->np; i++) {
		int k = t->ptop + i;
		const TuiPacket *p = &g_array_index(t->m->packets, TuiPacket, t->pidx[k]);
		char when[24];
		tui_fmt_time(p->ts_ns - t0, when, sizeof(when));
		Role role = p->flags & TP_ERROR ? ROLE_ERROR : p->flags & TP_RETRANS ? ROLE_RETRANS
							   : t->pdir[k] == DIR_I2R ? ROLE_I2R : ROLE_R2I;
		bool sel = k == t->psel;
		const char *mark = p->flags & TP_ERROR ? "!" : p->flags & TP_RETRANS ? "R" : " ";
		canvas_printf(c, 0, y + i, -1, role, 0, "%5" PRIu64 " %7s %s%s %-8s %s", p->frame, when,
			      t->pdir[k] == DIR_I2R ? arrow : back, mark, p->proto, p->info);
		if (sel)
			canvas_paint(c, 0, y + i, c->w, role, t->pane == 0 ? CA_REVERSE : CA_UNDERLINE);
	}
	if (!t->np)
		canvas_put(c, 2, y, -1, ROLE_DIM, 0, "no packets indexed for this attempt");
}

static void draw_tree(Tui *t, Canvas *c, int y, int h)
{
	if (!t->pkt) {
		canvas_put(c, 2, y, -1, ROLE_DIM, 0, t->np ? "the packet could not be read again" : "");
		return;
	}
	if (t->tsel < t->ttop)
		t->ttop = t->tsel;
	if (t->tsel >= t->ttop + h)
		t->ttop = t->tsel - h + 1;
	char label[1024];
	for (int i = 0; i < h && t->ttop + i < (int)t->rows->len; i++) {
		const TreeRow *r = &g_array_index(t->rows, TreeRow, t->ttop + i);
		tree_node_label(r->n, label, sizeof(label));
		const char *fold = !r->has_children ? " "
				   : g_hash_table_contains(t->expanded, r->n) ? (c->utf8 ? "\xe2\x96\xbe" : "-")
									   : (c->utf8 ? "\xe2\x96\xb8" : "+");
		bool sel = t->ttop + i == t->tsel;
		Role role = r->n->flags & (NODE_MALFORMED | NODE_EXPERT) ? ROLE_ERROR : ROLE_NORMAL;
		canvas_printf(c, 0, y + i, -1, role, 0, "%*s%s %s%s", (int)r->depth * 2, "", fold, label,
			      r->n->flags & NODE_TRUNCATED ? " [truncated]" : "");
		if (sel)
			canvas_paint(c, 0, y + i, c->w, role, t->pane == 1 ? CA_REVERSE : CA_UNDERLINE);
	}
}

static void draw_hex(Tui *t, Canvas *c, int y, int h)
{
	if (!t->pkt)
		return;
	const TreeNode *n = t->rows->len ? g_array_index(t->rows, TreeRow, t->tsel).n : NULL;
	size_t len;
	const uint8_t *d = node_source(t->pkt, n, &len);
	int per = c->w >= 74 ? 16 : 8;
	int lines = (int)((len + (size_t)per - 1) / (size_t)per);
	size_t hl_lo = n ? n->off : 0, hl_hi = n ? (size_t)n->off + n->len : 0;
	if (t->pane != 2 && n && n->len) {
		/* keep the highlighted bytes in view */
		int first = (int)(hl_lo / (size_t)per);
		if (first < t->hex_top || first >= t->hex_top + h)
			t->hex_top = first > 1 ? first - 1 : 0;
	}
	if (t->hex_top > lines - 1)
		t->hex_top = lines > 0 ? lines - 1 : 0;
	for (int i = 0; i < h && t->hex_top + i < lines; i++) {
		size_t off = (size_t)(t->hex_top + i) * (size_t)per;
		canvas_printf(c, 0, y + i, -1, ROLE_DIM, 0, "%04zx", off);
		for (int b = 0; b < per && off + (size_t)b < len; b++) {
			size_t at = off + (size_t)b;
			bool hl = at >= hl_lo && at < hl_hi;
			int x = 6 + b * 3 + (b >= per / 2 ? 1 : 0);
			canvas_printf(c, x, y + i, 2, ROLE_NORMAL, hl ? CA_REVERSE : 0, "%02x", d[at]);
			char ch[2] = { d[at] >= 0x20 && d[at] < 0x7f ? (char)d[at] : '.', 0 };
			canvas_put(c, 6 + per * 3 + 2 + b, y + i, 1, ROLE_NORMAL, hl ? CA_REVERSE : 0, ch);
		}
	}
}

/* The list selection moves without re-dissecting (holding a key down
 * stays cheap); the packet is re-dissected when drawn or used. */
static void sync_packet(Tui *t)
{
	if (t->cur_gen != t->m->generation)
		tui_select_attempt(t, t->cur);
	if (t->np && (!t->pkt || t->pkt_frame != g_array_index(t->m->packets, TuiPacket, t->pidx[t->psel]).frame))
		tui_select_packet(t, t->psel);
}

static void draw(Tui *t, Canvas *c, int y0, int h)
{
	sync_packet(t);
	int body = h - 3;
	int hl = body / 3 > 1 ? body / 3 : 1;
	int ht = (body - hl) / 2 > 1 ? (body - hl) / 2 : 1;
	int hh = body - hl - ht > 1 ? body - hl - ht : 1;
	const Attempt *a = t->cur >= 0 ? tui_model_attempt(t->m, (unsigned)t->cur) : NULL;
	char title[160];
	snprintf(title, sizeof(title), "attempt %u: packet %d of %zu", a ? a->id : 0, t->np ? t->psel + 1 : 0, t->np);
	pane_title(c, y0, t->pane == 0, title);
	draw_list(t, c, y0 + 1, hl);
	const TreeNode *n = t->pkt && t->rows->len ? g_array_index(t->rows, TreeRow, t->tsel).n : NULL;
	if (t->pkt)
		snprintf(title, sizeof(title), "frame %" PRIu64 " detail%s%s", t->pkt_frame, n && n->f ? ": " : "",
			 n && n->f ? n->f->abbrev : "");
	else
		snprintf(title, sizeof(title), "detail");
	pane_title(c, y0 + 1 + hl, t->pane == 1, title);
	draw_tree(t, c, y0 + 2 + hl, ht);
	if (n && n->len) {
		size_t len;
		node_source(t->pkt, n, &len);
		const char *src = n->src > 0 && n->src < G_N_ELEMENTS(t->pkt->sources) && t->pkt->sources[n->src].name
					  ? t->pkt->sources[n->src].name
					  : "frame";
		snprintf(title, sizeof(title), "bytes: %s 0x%x-0x%x (%u byte%s highlighted)", src, n->off,
			 n->off + n->len - 1, n->len, n->len == 1 ? "" : "s");
	} else {
		snprintf(title, sizeof(title), "bytes");
	}
	pane_title(c, y0 + 2 + hl + ht, t->pane == 2, title);
	draw_hex(t, c, y0 + 3 + hl + ht, hh);
}

static bool key(Tui *t, int k, int page)
{
	int third = page / 3 > 1 ? page / 3 : 1;
	if (k == K_TAB) {
		t->pane = (t->pane + 1) % 3;
		return true;
	}
	if (k == K_ESC || k == 'b' || k == K_BACKSPACE) {
		t->view = VIEW_TIMELINE;
		return true;
	}
	if (t->pane == 0) {
		int n = (int)t->np;
		int want = t->psel;
		switch (k) {
		case K_DOWN:
		case 'j':
			want++;
			break;
		case K_UP:
		case 'k':
			want--;
			break;
		case K_PGDN:
			want += third;
			break;
		case K_PGUP:
			want -= third;
			break;
		case K_HOME:
		case 'g':
			want = 0;
			break;
		case K_END:
		case 'G':
			want = n - 1;
			break;
		case K_ENTER:
		case 'l':
			t->pane = 1;
			return true;
		default:
			return false;
		}
		if (want >= n)
			want = n - 1;
		if (want < 0)
			want = 0;
		t->psel = want; /* re-dissected when drawn */
		return true;
	}
	sync_packet(t);
	if (t->pane == 1) {
		int n = (int)t->rows->len;
		const TreeRow *r = n ? &g_array_index(t->rows, TreeRow, t->tsel) : NULL;
		switch (k) {
		case K_DOWN:
		case 'j':
			if (t->tsel + 1 < n)
				t->tsel++;
			return true;
		case K_UP:
		case 'k':
			if (t->tsel > 0)
				t->tsel--;
			return true;
		case K_PGDN:
			t->tsel = t->tsel + third < n ? t->tsel + third : (n ? n - 1 : 0);
			return true;
		case K_PGUP:
			t->tsel = t->tsel > third ? t->tsel - third : 0;
			return true;
		case K_ENTER:
		case ' ':
		case K_RIGHT:
		case 'l':
			if (r && r->has_children) {
				if (g_hash_table_contains(t->expanded, r->n) && k != K_RIGHT && k != 'l')
					g_hash_table_remove(t->expanded, r->n);
				else
					g_hash_table_add(t->expanded, (gpointer)r->n);
				build_rows(t);
			}
			return true;
		case K_LEFT:
		case 'h':
			if (r && g_hash_table_contains(t->expanded, r->n)) {
				g_hash_table_remove(t->expanded, r->n);
				build_rows(t);
			} else if (r && r->depth > 0) {
				for (int i = t->tsel; i-- > 0;)
					if (g_array_index(t->rows, TreeRow, i).n == r->n->parent) {
						t->tsel = i;
						break;
					}
			}
			return true;
		case 'e': /* expand everything */
			for (guint i = 0; i < t->rows->len; i++) {
				const TreeRow *x = &g_array_index(t->rows, TreeRow, i);
				if (x->has_children && !g_hash_table_contains(t->expanded, x->n)) {
					g_hash_table_add(t->expanded, (gpointer)x->n);
					build_rows(t); /* rows grows: the loop visits the new ones too */
				}
			}
			return true;
		default:
			return false;
		}
	}
	switch (k) {
	case K_DOWN:
	case 'j':
		t->hex_top++;
		return true;
	case K_UP:
	case 'k':
		if (t->hex_top > 0)
			t->hex_top--;
		return true;
	case K_PGDN:
		t->hex_top += third;
		return true;
	case K_PGUP:
		t->hex_top = t->hex_top > third ? t->hex_top - third : 0;
		return true;
	default:
		return false;
	}
}

const TuiView tui_view_packets = {
	"packets", draw, key,
	"Tab          next pane: packets, detail, bytes\n"
	"j/k, arrows  move in the pane (packets: re-dissect the selected one)\n"
	"Enter, l     detail: expand/collapse   h  collapse, up to parent\n"
	"e            detail: expand all        Esc, b  back to the timeline\n",
};
