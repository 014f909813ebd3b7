/*
 * tui.c - the TUI core: state, key dispatch, the frame around the views
 * (title bar, status bar, help overlay, the "too small" notice), the
 * ncurses front end and the headless dump.
 */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "tui.h"

static const TuiView *const views[VIEW__COUNT] = { &tui_view_attempts, &tui_view_timeline, &tui_view_packets };

Tui *tui_new(TuiModel **models, unsigned n_models, TuiRedissectFn fn, void *user)
{
	Tui *t = g_new0(Tui, 1);
	t->models = models;
	t->n_models = n_models;
	t->m = models[0];
	t->redissect = fn;
	t->redissect_user = user;
	t->order = g_array_new(FALSE, FALSE, sizeof(guint));
	t->order_gen = (unsigned)-1;
	t->cur = -1;
	t->expanded = g_hash_table_new(g_direct_hash, g_direct_equal);
	t->rows = g_array_new(FALSE, FALSE, sizeof(TreeRow));
	return t;
}

void tui_free(Tui *t)
{
	if (!t)
		return;
	g_array_free(t->order, TRUE);
	g_free(t->pidx);
	g_free(t->pdir);
	g_hash_table_destroy(t->expanded);
	g_array_free(t->rows, TRUE);
	g_free(t);
}

void tui_set_pump(Tui *t, TuiPumpFn fn, void *user)
{
	t->pump = fn;
	t->pump_user = user;
}

void tui_select_attempt(Tui *t, int index)
{
	const Attempt *a = index >= 0 ? tui_model_attempt(t->m, (unsigned)index) : NULL;
	bool same = index == t->cur;
	t->cur = a ? index : -1;
	g_free(t->pidx);
	g_free(t->pdir);
	t->pidx = NULL;
	t->pdir = NULL;
	t->np = a ? tui_model_attempt_packets(t->m, a, &t->pidx, &t->pdir) : 0;
	t->cur_gen = t->m->generation;
	if (!same) {
		t->zoom = 0;
		t->pan = 0;
		t->psel = t->ptop = 0;
		t->pkt = NULL;
		t->pkt_frame = 0;
		g_array_set_size(t->rows, 0);
	} else if (t->psel >= (int)t->np) {
		t->psel = t->np ? (int)t->np - 1 : 0;
	}
}

Role tui_verdict_role(const Attempt *a)
{
	return a->verdict.status == VERDICT_OK ? ROLE_OK
	       : a->verdict.status == VERDICT_FAILED ? ROLE_FAILED
						     : ROLE_INCOMPLETE;
}

const char *tui_verdict_word(const Attempt *a)
{
	if (!a->finished)
		return "live";
	return a->verdict.status == VERDICT_OK ? "ok" : a->verdict.status == VERDICT_FAILED ? "FAILED" : "incomplete";
}

static const char global_help[] = "?            this help (any key closes it)\n"
				  "q            quit          [ ]  previous/next file\n";

static void draw_help(Tui *t, Canvas *c)
{
	const char *parts[] = { global_help, views[t->view]->help };
	int lines = 0, width = 0;
	for (size_t p = 0; p < G_N_ELEMENTS(parts); p++)
		for (const char *s = parts[p]; *s;) {
			const char *e = strchr(s, '\n');
			int len = e ? (int)(e - s) : (int)strlen(s);
			width = len > width ? len : width;
			lines++;
			s = e ? e + 1 : s + len;
		}
	int w = width + 4 < c->w ? width + 4 : c->w;
	int h = lines + 2 < c->h ? lines + 2 : c->h;
	int x0 = (c->w - w) / 2, y0 = (c->h - h) / 2;
	for (int y = 0; y < h; y++)
		canvas_fill(c, x0, y0 + y, w, ROLE_TITLE, 0, " ");
	canvas_fill(c, x0, y0, w, ROLE_TITLE, CA_BOLD, canvas_hline(c));
	canvas_fill(c, x0, y0 + h - 1, w, ROLE_TITLE, CA_BOLD, canvas_hline(c));
	canvas_printf(c, x0 + 2, y0, w - 4, ROLE_TITLE, CA_BOLD, " keys: %s ", views[t->view]->name);
	int y = y0 + 1;
	for (size_t p = 0; p < G_N_ELEMENTS(parts); p++)
		for (const char *s = parts[p]; *s && y < y0 + h - 1; y++) {
			const char *e = strchr(s, '\n');
			int len = e ? (int)(e - s) : (int)strlen(s);
			char line[256];
			snprintf(line, sizeof(line), "%.*s", len < 255 ? len : 255, s);
			canvas_put(c, x0 + 2, y, w - 4, ROLE_TITLE, 0, line);
			s = e ? e + 1 : s + len;
		}
}

void tui_draw(Tui *t, Canvas *c)
{
	canvas_clear(c);
	if (c->w < TUI_MIN_W || c->h < TUI_MIN_H) {
		canvas_printf(c, 0, 0, -1, ROLE_NORMAL, CA_BOLD, "terminal too small");
		canvas_printf(c, 0, 1, -1, ROLE_NORMAL, 0, "%dx%d; need %dx%d", c->w, c->h, TUI_MIN_W, TUI_MIN_H);
		canvas_put(c, 0, 2, -1, ROLE_NORMAL, 0, "q quits");
		return;
	}
	canvas_fill(c, 0, 0, c->w, ROLE_TITLE, CA_REVERSE, " ");
	if (t->n_models > 1)
		canvas_printf(c, 0, 0, -1, ROLE_TITLE, CA_REVERSE | CA_BOLD, " ikescope  %s (file %u/%u, [ ] switch)  [%s]",
			      t->m->file ? t->m->file : "", t->model_i + 1, t->n_models, views[t->view]->name);
	else
		canvas_printf(c, 0, 0, -1, ROLE_TITLE, CA_REVERSE | CA_BOLD, " ikescope  %s  [%s]",
			      t->m->file ? t->m->file : "", views[t->view]->name);
	if (t->m->status[0]) {
		int len = (int)strlen(t->m->status);
		if (len + 40 < c->w)
			canvas_put(c, c->w - len - 1, 0, -1, ROLE_TITLE, CA_REVERSE | CA_BOLD, t->m->status);
	}
	views[t->view]->draw(t, c, 1, c->h - 2);
	canvas_fill(c, 0, c->h - 1, c->w, ROLE_TITLE, CA_REVERSE, " ");
	const char *keys = t->view == VIEW_ATTEMPTS ? " q quit  ? help  Enter timeline  / filter  s sort"
			   : t->view == VIEW_TIMELINE ? " q quit  ? help  Enter packets  Esc back  +/- zoom  L log"
						      : " q quit  ? help  Tab pane  Enter expand  Esc back";
	canvas_put(c, 0, c->h - 1, -1, ROLE_TITLE, CA_REVERSE, keys);
	if (t->help)
		draw_help(t, c);
}

void tui_key(Tui *t, int key, int page)
{
	if (t->help) {
		t->help = false;
		return;
	}
	if (t->view == VIEW_ATTEMPTS && t->editing) {
		views[t->view]->key(t, key, page);
		return;
	}
	if (views[t->view]->key(t, key, page))
		return;
	if (key == 'q') {
		t->quit = true;
	} else if ((key == ']' || key == '[') && t->n_models > 1) {
		t->model_i = (t->model_i + (key == ']' ? 1 : t->n_models - 1)) % t->n_models;
		t->m = t->models[t->model_i];
		t->view = VIEW_ATTEMPTS;
		t->sel = t->top = 0;
		t->order_gen = (unsigned)-1;
		t->cur = -2; /* forces a reset */
		tui_select_attempt(t, -1);
	}
	else if (key == '?')
		t->help = true;
}

bool tui_script(Tui *t, const char *s, int page)
{
	static const struct {
		const char *name;
		int key;
	} names[] = { { "<up>", K_UP },	    { "<down>", K_DOWN }, { "<left>", K_LEFT }, { "<right>", K_RIGHT },
		      { "<pgup>", K_PGUP }, { "<pgdn>", K_PGDN }, { "<home>", K_HOME }, { "<end>", K_END },
		      { "<bs>", K_BACKSPACE } };
	while (*s && !t->quit) {
		int k = (unsigned char)*s++;
		if (k == '\\') {
			char e = *s ? *s++ : 0;
			k = e == 'n' ? K_ENTER : e == 't' ? K_TAB : e == 'e' ? K_ESC : e == '\\' ? '\\' : e == '<' ? '<' : -1;
			if (k < 0)
				return false;
		} else if (k == '<') {
			bool found = false;
			for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
				size_t len = strlen(names[i].name);
				if (strncmp(s - 1, names[i].name, len) == 0) {
					k = names[i].key;
					s += len - 1;
					found = true;
					break;
				}
			}
			if (!found)
				return false;
		}
		tui_key(t, k, page);
	}
	return true;
}

void tui_dump(Tui *t, int w, int h, bool ascii, FILE *out)
{
	Canvas c;
	canvas_init(&c, w, h, !ascii);
	tui_draw(t, &c);
	canvas_dump(&c, out);
	canvas_free(&c);
}

/* ---- ncurses ------------------------------------------------------------ */

static int map_key(int ch)
{
	switch (ch) {
	case KEY_UP:
		return K_UP;
	case KEY_DOWN:
		return K_DOWN;
	case KEY_LEFT:
		return K_LEFT;
	case KEY_RIGHT:
		return K_RIGHT;
	case KEY_PPAGE:
		return K_PGUP;
	case KEY_NPAGE:
		return K_PGDN;
	case KEY_HOME:
		return K_HOME;
	case KEY_END:
		return K_END;
	case KEY_ENTER:
	case '\n':
	case '\r':
		return K_ENTER;
	case '\t':
		return K_TAB;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		return K_BACKSPACE;
	case 27:
		return K_ESC;
	case KEY_RESIZE:
		return K_RESIZE;
	default:
		return ch;
	}
}

static void setup_colors(bool color, chtype *role_attr)
{
	for (int r = 0; r < ROLE__COUNT; r++)
		role_attr[r] = A_NORMAL;
	if (!color)
		return;
	start_color();
	use_default_colors();
	static const short fg[ROLE__COUNT] = {
		[ROLE_NORMAL] = -1,	    [ROLE_TITLE] = COLOR_CYAN, [ROLE_OK] = COLOR_GREEN,
		[ROLE_FAILED] = COLOR_RED,  [ROLE_INCOMPLETE] = COLOR_YELLOW, [ROLE_DIM] = COLOR_BLUE,
		[ROLE_RETRANS] = COLOR_YELLOW, [ROLE_ERROR] = COLOR_RED, [ROLE_I2R] = COLOR_CYAN,
		[ROLE_R2I] = COLOR_MAGENTA,
	};
	for (int r = 1; r < ROLE__COUNT; r++) {
		init_pair((short)r, fg[r], -1);
		role_attr[r] = COLOR_PAIR(r);
	}
}

static void blit(const Canvas *c, const chtype *role_attr, bool color)
{
	for (int y = 0; y < c->h; y++) {
		move(y, 0);
		for (int x = 0; x < c->w; x++) {
			const Cell *cell = &c->cells[y * c->w + x];
			chtype a = role_attr[cell->role];
			if (cell->attr & CA_BOLD)
				a |= A_BOLD;
			if (cell->attr & CA_REVERSE)
				a |= A_REVERSE;
			if (cell->attr & CA_UNDERLINE)
				a |= A_UNDERLINE;
			/* monochrome: the failure roles still stand out */
			if (!color && (cell->role == ROLE_ERROR || cell->role == ROLE_FAILED))
				a |= A_BOLD;
			attrset(a);
			if (y == c->h - 1 && x == c->w - 1)
				insstr(cell->ch); /* the last cell: addstr would scroll */
			else
				addstr(cell->ch);
		}
	}
	attrset(A_NORMAL);
}

bool tui_run_curses(Tui *t, bool ascii, bool no_color)
{
	const char *cs = nl_langinfo(CODESET);
	bool utf8 = !ascii && cs && strcmp(cs, "UTF-8") == 0;
	if (!newterm(NULL, stdout, stdin)) {
		fprintf(stderr, "ikescope: cannot use the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(t->pump ? 50 : 250); /* the views refresh while attempts arrive */
	bool color = !no_color && !getenv("NO_COLOR") && has_colors();
	chtype role_attr[ROLE__COUNT];
	setup_colors(color, role_attr);
	Canvas c;
	canvas_init(&c, COLS, LINES, utf8);
	unsigned drawn_gen = (unsigned)-1;
	bool dirty = true;
	while (!t->quit) {
		if (t->pump && !t->pump(t->pump_user))
			break;
		if (c.w != COLS || c.h != LINES) {
			canvas_free(&c);
			canvas_init(&c, COLS, LINES, utf8);
			dirty = true;
		}
		if (dirty || drawn_gen != t->m->generation) {
			tui_draw(t, &c);
			erase();
			blit(&c, role_attr, color);
			refresh();
			drawn_gen = t->m->generation;
			dirty = false;
		}
		int ch = getch();
		if (ch == ERR)
			continue;
		int k = map_key(ch);
		dirty = true;
		if (k == K_RESIZE)
			continue;
		if (c.w < TUI_MIN_W || c.h < TUI_MIN_H) {
			if (k == 'q')
				t->quit = true;
			continue;
		}
		tui_key(t, k, c.h - 2);
	}
	canvas_free(&c);
	endwin();
	return true;
}
