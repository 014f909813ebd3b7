/*
 * view_attempts.c - one line per attempt: start time, endpoints, profile,
 * verdict, furthest stage; coloured by verdict; sortable (s), filterable (/).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "analyzer/json.h"
#include "tui.h"

static void attempt_line(const Attempt *a, bool utf8, char *buf, size_t size)
{
	const char *arrow = utf8 ? "\xe2\x86\x92" : ">";
	char ini[64], resp[64], when[32];
	attempt_endpoint(a, true, ini, sizeof(ini));
	attempt_endpoint(a, false, resp, sizeof(resp));
	time_t sec = (time_t)(a->first_ns / 1000000000);
	struct tm tm;
	gmtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	const char *furthest = tui_furthest_stage(a);
	const char *why = "";
	if (a->verdict.status == VERDICT_FAILED)
		why = cause_def(a->verdict.cause)->id;
	snprintf(buf, size, "%3u %-10s %-12s %-22s %s %s %s  %s %s", a->id, tui_verdict_word(a),
		 furthest ? furthest : "-", why, ini, arrow, resp, profile_get(a->profile)->name, when);
}

static int verdict_rank(const Attempt *a)
{
	return a->verdict.status == VERDICT_FAILED ? 0 : a->verdict.status == VERDICT_INCOMPLETE ? 1 : 2;
}

static int furthest_index(const Attempt *a)
{
	const Profile *p = profile_get(a->profile);
	int f = -1;
	for (size_t i = 0; i < p->n_stages; i++)
		if (a->stages[p->stages[i]].seen)
			f = (int)i;
	return f;
}

static gint cmp_attempts(gconstpointer x, gconstpointer y, gpointer user)
{
	const Tui *t = user;
	const Attempt *a = tui_model_attempt(t->m, *(const guint *)x);
	const Attempt *b = tui_model_attempt(t->m, *(const guint *)y);
	int d = 0;
	switch (t->sort) {
	case 1:
		d = verdict_rank(a) - verdict_rank(b);
		break;
	case 2:
		d = (int)a->profile - (int)b->profile;
		break;
	case 3:
		d = furthest_index(a) - furthest_index(b);
		break;
	default:
		break;
	}
	return d ? d : (a->id > b->id) - (a->id < b->id);
}

static void rebuild_order(Tui *t)
{
	guint keep = t->order->len && t->sel >= 0 && (guint)t->sel < t->order->len
			     ? g_array_index(t->order, guint, t->sel)
			     : G_MAXUINT;
	g_array_set_size(t->order, 0);
	char line[256];
	for (unsigned i = 0; i < tui_model_n_attempts(t->m); i++) {
		attempt_line(tui_model_attempt(t->m, i), false, line, sizeof(line));
		if (t->filter[0] && !strcasestr(line, t->filter))
			continue;
		g_array_append_val(t->order, i);
	}
	g_array_sort_with_data(t->order, cmp_attempts, t);
	t->sel = 0;
	for (guint i = 0; i < t->order->len; i++)
		if (g_array_index(t->order, guint, i) == keep)
			t->sel = (int)i;
	t->order_gen = t->m->generation;
}

static void draw(Tui *t, Canvas *c, int y0, int h)
{
	if (t->order_gen != t->m->generation || !t->order->len)
		rebuild_order(t);
	static const char *const sorts[] = { "id", "verdict", "profile", "stage" };
	canvas_printf(c, 0, y0, -1, ROLE_DIM, CA_BOLD, "  # %-10s %-12s %-22s %s", "verdict", "furthest", "cause",
		      "initiator > responder  profile start(UTC)");
	int rows = h - 2;
	if (rows < 1)
		rows = 1;
	int n = (int)t->order->len;
	if (t->sel >= n)
		t->sel = n ? n - 1 : 0;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + rows)
		t->top = t->sel - rows + 1;
	char line[256];
	for (int i = 0; i < rows && t->top + i < n; i++) {
		const Attempt *a = tui_model_attempt(t->m, g_array_index(t->order, guint, t->top + i));
		attempt_line(a, c->utf8, line, sizeof(line));
		bool sel = t->top + i == t->sel;
		canvas_put(c, 0, y0 + 1 + i, -1, tui_verdict_role(a), sel ? CA_REVERSE : 0, line);
		if (sel)
			canvas_paint(c, 0, y0 + 1 + i, c->w, tui_verdict_role(a), CA_REVERSE);
	}
	if (n == 0)
		canvas_put(c, 2, y0 + 1, -1, ROLE_DIM, 0,
			   tui_model_n_attempts(t->m) ? "no attempt matches the filter"
						      : "no connection attempt in this capture");
	if (t->m->note[0] && h > 3)
		canvas_put(c, 0, y0 + h - 2, -1, ROLE_ERROR, CA_BOLD, t->m->note);
	else if (t->m->attempts_dropped && h > 3)
		canvas_printf(c, 0, y0 + h - 2, -1, ROLE_ERROR, CA_BOLD,
			      "%" G_GUINT64_FORMAT " more attempt%s past the first %u not kept (a flood?)",
			      t->m->attempts_dropped, t->m->attempts_dropped == 1 ? "" : "s", t->m->max_attempts);
	if (t->editing)
		canvas_printf(c, 0, y0 + h - 1, -1, ROLE_NORMAL, CA_BOLD, "/%s_", t->filter);
	else
		canvas_printf(c, 0, y0 + h - 1, -1, ROLE_DIM, 0, "%u attempt%s, %d shown, sorted by %s%s%s%s",
			      tui_model_n_attempts(t->m), tui_model_n_attempts(t->m) == 1 ? "" : "s", n,
			      sorts[t->sort], t->filter[0] ? ", filter \"" : "", t->filter,
			      t->filter[0] ? "\"" : "");
}

static bool key(Tui *t, int k, int page)
{
	if (t->order_gen != t->m->generation)
		rebuild_order(t);
	if (t->editing) {
		size_t len = strlen(t->filter);
		if (k == K_ENTER || k == K_ESC) {
			t->editing = false;
			if (k == K_ESC)
				t->filter[0] = '\0';
		} else if (k == K_BACKSPACE) {
			if (len)
				t->filter[len - 1] = '\0';
		} else if (k >= 0x20 && k < 0x7f && len + 1 < sizeof(t->filter)) {
			t->filter[len] = (char)k;
			t->filter[len + 1] = '\0';
		} else {
			return true;
		}
		rebuild_order(t);
		return true;
	}
	int n = (int)t->order->len;
	switch (k) {
	case K_DOWN:
	case 'j':
		if (t->sel + 1 < n)
			t->sel++;
		return true;
	case K_UP:
	case 'k':
		if (t->sel > 0)
			t->sel--;
		return true;
	case K_PGDN:
		t->sel = t->sel + page < n ? t->sel + page : (n ? n - 1 : 0);
		return true;
	case K_PGUP:
		t->sel = t->sel > page ? t->sel - page : 0;
		return true;
	case K_HOME:
	case 'g':
		t->sel = 0;
		return true;
	case K_END:
	case 'G':
		t->sel = n ? n - 1 : 0;
		return true;
	case 's':
		t->sort = (t->sort + 1) % 4;
		rebuild_order(t);
		return true;
	case '/':
		t->editing = true;
		t->filter[0] = '\0';
		rebuild_order(t);
		return true;
	case K_ENTER:
	case 'l':
	case K_RIGHT:
		if (n) {
			tui_select_attempt(t, (int)g_array_index(t->order, guint, t->sel));
			t->view = VIEW_TIMELINE;
		}
		return true;
	default:
		return false;
	}
}

const TuiView tui_view_attempts = {
	"attempts", draw, key,
	"j/k, arrows  move          Enter, l  timeline of the attempt\n"
	"s            sort: id, verdict, profile, stage\n"
	"/            filter (Enter keeps, Esc clears)\n",
};
