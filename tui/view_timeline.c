/*
 * view_timeline.c - one attempt: a row per stage, two lanes per row
 * (initiator->responder above, responder->initiator below), packets as
 * marks on a time axis.  Retransmissions (R) and errors (!) stand out, a
 * lane that stayed empty while the other carried packets is flagged, the
 * stall point is a vertical marker, and the verdict and fix close the view.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "analyzer/expect.h"
#include "analyzer/json.h"
#include "tui.h"

#define LABEL_W 16

typedef struct {
	int64_t t0, span;
	int width;   /* columns of the axis */
	int zoom, pan;
	bool logtime;
} Axis;

/* Column of a time on the axis (may fall outside 0 .. width-1). */
static int axis_col(const Axis *ax, int64_t ts)
{
	double scaled = (double)ax->width * (double)(1 << ax->zoom);
	double x;
	if (ax->logtime)
		x = log1p((double)(ts - ax->t0) / 1e6) / log1p((double)ax->span / 1e6);
	else
		x = (double)(ts - ax->t0) / (double)ax->span;
	int col = (int)(x * (scaled - 1) + 0.5) - ax->pan;
	return col;
}

static int64_t axis_time(const Axis *ax, int col)
{
	double scaled = (double)ax->width * (double)(1 << ax->zoom);
	double x = (double)(col + ax->pan) / (scaled - 1);
	if (ax->logtime)
		return ax->t0 + (int64_t)(expm1(x * log1p((double)ax->span / 1e6)) * 1e6);
	return ax->t0 + (int64_t)(x * (double)ax->span);
}

/* The stages shown: those seen, the verdict's, and the next one not reached. */
static size_t shown_stages(const Attempt *a, StageId *out)
{
	const Profile *p = profile_get(a->profile);
	int furthest = -1;
	for (size_t i = 0; i < p->n_stages; i++)
		if (a->stages[p->stages[i]].seen)
			furthest = (int)i;
	size_t n = 0;
	for (size_t i = 0; i < p->n_stages; i++) {
		StageId s = p->stages[i];
		bool verdict = a->verdict.status != VERDICT_OK && a->verdict.has_stage && a->verdict.stage == s;
		if (s == STAGE_DNS && !a->stages[s].seen && !verdict)
			continue;
		if (a->stages[s].seen || verdict || (int)i <= furthest + 1)
			out[n++] = s;
	}
	return n;
}

static bool lane_missing(const Attempt *a, StageId s, Direction d)
{
	const Verdict *v = &a->verdict;
	if (a->stages[s].dir[d].packets)
		return false;
	if (v->status == VERDICT_FAILED && v->stage == s)
		return v->direction == VDIR_BOTH || (d == DIR_I2R ? v->direction == VDIR_I2R : v->direction == VDIR_R2I);
	/* one way: the other direction carried packets (stages past a
	 * failure are not flagged: they only show what came after it) */
	if (v->status != VERDICT_OK && v->has_stage) {
		const Profile *p = profile_get(a->profile);
		if (profile_stage_index(p, s) > profile_stage_index(p, v->stage))
			return false;
	}
	return a->stages[s].dir[d == DIR_I2R ? DIR_R2I : DIR_I2R].packets > 0;
}

void tui_fmt_time(int64_t ns, char *buf, size_t size)
{
	double s = (double)ns / 1e9;
	if (ns < 1000000000)
		snprintf(buf, size, "%.0fms", s * 1e3);
	else if (s < 100)
		snprintf(buf, size, "%.1fs", s);
	else
		snprintf(buf, size, "%.0fs", s);
}

static void draw_axis(Canvas *c, int y, const Axis *ax)
{
	canvas_put(c, 0, y, LABEL_W, ROLE_DIM, 0, ax->logtime ? "time (log)" : "time");
	canvas_fill(c, LABEL_W, y, ax->width, ROLE_DIM, 0, canvas_hline(c));
	char lab[24];
	for (int col = 0; col + 6 <= ax->width; col += 16) {
		tui_fmt_time(axis_time(ax, col) - ax->t0, lab, sizeof(lab));
		canvas_put(c, LABEL_W + col, y, ax->width - col, ROLE_DIM, 0, "+");
		canvas_put(c, LABEL_W + col + 1, y, ax->width - col - 1, ROLE_DIM, 0, lab);
	}
}

static void wrap_line(Canvas *c, int *y, int ymax, Role role, unsigned attr, const char *prefix, const char *text)
{
	int indent = (int)strlen(prefix);
	const char *p = text;
	bool first = true;
	while (*y <= ymax) {
		int room = c->w - indent;
		if (room < 10)
			room = 10;
		size_t len = strlen(p);
		size_t cut = len;
		if ((int)len > room) {
			cut = (size_t)room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)room;
		}
		if (first)
			canvas_put(c, 0, *y, -1, role, attr | CA_BOLD, prefix);
		canvas_printf(c, indent, *y, -1, role, attr, "%.*s", (int)cut, p);
		(*y)++;
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
	}
}

/* The secondary findings' ids, when there is room left. */
static void draw_notes(Canvas *c, const Attempt *a, int *y, int ymax)
{
	char line[256];
	size_t o = 0;
	line[0] = '\0';
	FindingList fl;
	findings_list(a, &fl);
	for (unsigned i = 0; i < fl.n && o + 24 < sizeof(line); i++) {
		const char *id = finding_def(fl.f[i].id)->id;
		if (i && fl.f[i].id == fl.f[i - 1].id)
			continue;
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s", o ? ", " : "", id);
	}
	if (o)
		wrap_line(c, y, ymax, ROLE_DIM, 0, "notes: ", line);
}

static void draw_footer(Tui *t, Canvas *c, const Attempt *a, int y, int ymax)
{
	const Verdict *v = &a->verdict;
	Role role = tui_verdict_role(a);
	char line[768];
	if (v->status == VERDICT_OK) {
		wrap_line(c, &y, ymax, role, 0, "OK: ", "the connection came up");
		draw_notes(c, a, &y, ymax);
		return;
	}
	if (v->status == VERDICT_INCOMPLETE) {
		snprintf(line, sizeof(line), "%s%s%s", v->has_stage ? "at " : "", v->has_stage ? stage_name(v->stage) : "",
			 v->detail[0] ? v->detail : " the capture ends before the outcome is known");
		wrap_line(c, &y, ymax, role, 0, "INCOMPLETE: ", line);
		return;
	}
	const CauseDef *cd = cause_def(v->cause);
	snprintf(line, sizeof(line), "at %s, %s: %s", stage_name(v->stage), verdict_direction_name(v->direction), cd->id);
	wrap_line(c, &y, ymax, role, 0, "FAILED ", line);
	if (v->detail[0])
		wrap_line(c, &y, ymax, ROLE_NORMAL, 0, "seen: ", v->detail);
	wrap_line(c, &y, ymax, ROLE_NORMAL, 0, "fix: ", cd->fix);
	draw_notes(c, a, &y, ymax);
	(void)t;
}

/* One packet's mark: errors (!) over retransmissions (R) over plain
 * packets (> <); several plain packets in one column count up 2-9, then +. */
static void put_mark(Canvas *c, int x, int y, const TuiPacket *p, Direction d)
{
	const Cell *cell = &c->cells[y * c->w + x];
	char prev = cell->ch[0];
	const char *mk;
	Role role = d == DIR_I2R ? ROLE_I2R : ROLE_R2I;
	char digit[2] = { 0, 0 };
	if (p->flags & TP_ERROR) {
		mk = "!";
		role = ROLE_ERROR;
	} else if (prev == '!') {
		return;
	} else if (p->flags & TP_RETRANS) {
		mk = "R";
		role = ROLE_RETRANS;
	} else if (prev == 'R') {
		return;
	} else if (prev == '>' || prev == '<') {
		mk = "2";
	} else if (prev >= '2' && prev <= '8') {
		digit[0] = (char)(prev + 1);
		mk = digit;
	} else if (prev == '9' || prev == '+') {
		mk = "+";
	} else {
		mk = d == DIR_I2R ? ">" : "<";
	}
	canvas_put(c, x, y, 1, role, CA_BOLD, mk);
}

static void draw(Tui *t, Canvas *c, int y0, int h)
{
	const Attempt *a = t->cur >= 0 ? tui_model_attempt(t->m, (unsigned)t->cur) : NULL;
	if (!a) {
		canvas_put(c, 2, y0, -1, ROLE_DIM, 0, "no attempt selected");
		return;
	}
	if (t->cur_gen != t->m->generation)
		tui_select_attempt(t, t->cur);
	char ini[64], resp[64];
	attempt_endpoint(a, true, ini, sizeof(ini));
	attempt_endpoint(a, false, resp, sizeof(resp));
	const char *arrow = c->utf8 ? "\xe2\x86\x92" : "->";
	const char *back = c->utf8 ? "\xe2\x86\x90" : "<-";
	canvas_printf(c, 0, y0, -1, ROLE_NORMAL, CA_BOLD, "attempt %u  %s  %s %s %s  frames %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
		      a->id, profile_get(a->profile)->name, ini, arrow, resp, a->first_frame, a->last_frame);

	Axis ax;
	ax.t0 = a->first_ns;
	int64_t t1 = a->last_ns;
	for (size_t i = 0; i < t->np; i++) {
		const TuiPacket *p = &g_array_index(t->m->packets, TuiPacket, t->pidx[i]);
		if (p->ts_ns < ax.t0)
			ax.t0 = p->ts_ns;
		if (p->ts_ns > t1)
			t1 = p->ts_ns;
	}
	ax.span = t1 - ax.t0 > 1000000 ? t1 - ax.t0 : 1000000;
	ax.width = c->w - LABEL_W - 1;
	if (ax.width < 8)
		ax.width = 8;
	t->width = ax.width;
	ax.zoom = t->zoom;
	ax.pan = t->pan;
	ax.logtime = t->logtime;
	draw_axis(c, y0 + 1, &ax);

	StageId st[STAGE__COUNT];
	size_t ns = shown_stages(a, st);
	int footer = 3;
	int lanes_top = y0 + 2;
	int lanes_max = y0 + h - footer - 1; /* last row for lanes */
	bool stalled = a->verdict.status != VERDICT_OK && a->verdict.has_stage;
	int stall_col = -1;
	if (stalled) {
		const StageStats *vs = &a->stages[a->verdict.stage];
		int64_t last = 0;
		for (int d = 0; d < DIR__COUNT; d++)
			if (vs->dir[d].packets && vs->dir[d].last_ns > last)
				last = vs->dir[d].last_ns;
		if (last)
			stall_col = axis_col(&ax, last);
	}
	int y = lanes_top;
	size_t drawn = 0;
	for (size_t si = 0; si < ns && y + 1 <= lanes_max; si++, drawn++) {
		StageId s = st[si];
		bool vstage = stalled && a->verdict.stage == s;
		for (int d = 0; d < DIR__COUNT; d++, y++) {
			if (d == 0)
				canvas_put(c, 0, y, LABEL_W - 3, vstage ? tui_verdict_role(a) : ROLE_NORMAL,
					   vstage ? CA_BOLD : 0, stage_name(s));
			canvas_put(c, LABEL_W - 3, y, 2, d == DIR_I2R ? ROLE_I2R : ROLE_R2I, 0, d == DIR_I2R ? arrow : back);
			canvas_fill(c, LABEL_W, y, ax.width, ROLE_DIM, 0, c->utf8 ? "\xc2\xb7" : ".");
			if (stall_col >= 0 && stall_col < ax.width)
				canvas_put(c, LABEL_W + stall_col, y, 1, ROLE_ERROR, vstage ? CA_BOLD : 0, canvas_vline(c));
			if (lane_missing(a, s, (Direction)d)) {
				const char *msg = vstage ? " no packets: stalled here " : " no packets this way ";
				int len = (int)strlen(msg);
				int x = 1;
				if (stall_col >= 0 && stall_col + 2 + len <= ax.width)
					x = stall_col + 2;
				else if (stall_col - len - 1 > 0)
					x = stall_col - len - 1;
				canvas_put(c, LABEL_W + x, y, ax.width - x, ROLE_ERROR, vstage ? CA_REVERSE | CA_BOLD : CA_BOLD,
					   msg);
			}
		}
	}
	/* the marks; a packet carried in ESP or GRE is marked on that lane too */
	int n_lane_rows = (int)drawn;
	for (size_t i = 0; i < t->np; i++) {
		const TuiPacket *p = &g_array_index(t->m->packets, TuiPacket, t->pidx[i]);
		Direction d = t->pdir[i];
		StageId s = tui_packet_stage(a, p, d);
		int col = axis_col(&ax, p->ts_ns);
		if (col < 0 || col >= ax.width)
			continue;
		for (int r = 0; r < n_lane_rows; r++)
			if (st[r] == s || (s != STAGE__COUNT && ((st[r] == STAGE_ESP && (p->flags & TP_IN_ESP)) ||
								  (st[r] == STAGE_GRE && (p->flags & TP_IN_GRE)))))
				put_mark(c, LABEL_W + col, lanes_top + r * 2 + (int)d, p, d);
	}
	if (drawn < ns)
		canvas_printf(c, 0, lanes_max, -1, ROLE_DIM, 0, "(%zu more stage%s: enlarge the terminal)", ns - drawn,
			      ns - drawn == 1 ? "" : "s");
	draw_footer(t, c, a, y0 + h - footer, y0 + h - 1);
}

static bool key(Tui *t, int k, int page)
{
	(void)page;
	switch (k) {
	case '+':
	case 'z':
		if (t->zoom < 12) {
			int half = (t->width > 0 ? t->width : 64) / 2;
			t->zoom++;
			t->pan = 2 * (t->pan + half) - half;
		}
		return true;
	case '-':
	case 'Z':
		if (t->zoom > 0) {
			int half = (t->width > 0 ? t->width : 64) / 2;
			t->zoom--;
			t->pan = (t->pan + half) / 2 - half;
		}
		if (t->zoom == 0 || t->pan < 0)
			t->pan = 0;
		return true;
	case K_LEFT:
	case 'h':
		t->pan = t->pan > 8 ? t->pan - 8 : 0;
		return true;
	case K_RIGHT:
	case 'l':
		if (t->zoom > 0 && t->width > 0 && t->pan + 8 <= t->width * ((1 << t->zoom) - 1))
			t->pan += 8;
		return true;
	case '0':
		t->zoom = 0;
		t->pan = 0;
		return true;
	case 'L':
		t->logtime = !t->logtime;
		return true;
	case 'n':
	case 'j':
	case K_DOWN:
		if (t->cur + 1 < (int)tui_model_n_attempts(t->m))
			tui_select_attempt(t, t->cur + 1);
		return true;
	case 'p':
	case 'k':
	case K_UP:
		if (t->cur > 0)
			tui_select_attempt(t, t->cur - 1);
		return true;
	case K_ENTER:
		t->view = VIEW_PACKETS;
		t->pane = 0;
		if (t->np && !t->pkt)
			tui_select_packet(t, t->psel);
		return true;
	case K_BACKSPACE:
	case K_ESC:
	case 'b':
		t->view = VIEW_ATTEMPTS;
		return true;
	default:
		return false;
	}
}

const TuiView tui_view_timeline = {
	"timeline", draw, key,
	"+/z  -/Z     zoom in/out   h/l, arrows  pan   0  whole attempt\n"
	"L            log time axis (long gaps)\n"
	"j/k n/p      next/previous attempt\n"
	"Enter        packets of the attempt   Esc, b  attempt list\n"
	"marks: > < packets (2-9 several), R retransmission, ! error,\n"
	"       | stall point, 'no packets' the missing direction\n",
};
