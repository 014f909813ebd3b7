/*
 * tui.h - the ncurses timeline (issue 8): attempt list, timeline of an
 * attempt, packet list with detail tree and hex, help overlay.  One view =
 * one module with draw/key operations (tig/htop style); every view draws
 * into a Canvas, which ncurses shows or --dump-screen prints.
 *
 * tui/ renders only: attempts come from the analyzer (through
 * tui_model_on_event, as they arrive), packet detail from the front end's
 * re-dissection callback.
 */
#ifndef IKS_TUI_H
#define IKS_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "canvas.h"
#include "model.h"

/* Re-dissect one frame with its tree; the packet (tree, data, decrypted
 * buffers) stays valid until the next call.  NULL when the frame cannot be
 * read again. */
typedef const Packet *(*TuiRedissectFn)(const TuiModel *m, uint64_t frame, void *user);

/* Live capture: called from the terminal loop every 50 ms or so, and
 * after each key, to feed the model without blocking input; false ends
 * the TUI. */
typedef bool (*TuiPumpFn)(void *user);

typedef enum { VIEW_ATTEMPTS, VIEW_TIMELINE, VIEW_PACKETS, VIEW__COUNT } ViewId;

/* Keys the views understand (ncurses KEY_* values are mapped to these). */
enum {
	K_UP = 0x101, K_DOWN, K_LEFT, K_RIGHT, K_PGUP, K_PGDN, K_HOME, K_END,
	K_ENTER, K_TAB, K_BACKSPACE, K_ESC, K_RESIZE,
};

#define TUI_MIN_W 40
#define TUI_MIN_H 10

typedef struct Tui Tui;

typedef struct {
	const char *name;
	void (*draw)(Tui *t, Canvas *c, int y0, int h); /* rows y0 .. y0+h-1 */
	bool (*key)(Tui *t, int key, int page);          /* true when handled */
	const char *help;                                /* key lines for the overlay */
} TuiView;

typedef struct {
	const TreeNode *n;
	unsigned depth;
	bool has_children;
} TreeRow;

struct Tui {
	TuiModel *m;         /* the file shown */
	TuiModel **models;   /* one per file ([ and ] switch) */
	unsigned n_models, model_i;
	TuiRedissectFn redissect;
	void *redissect_user;
	TuiPumpFn pump;      /* live capture, or NULL */
	void *pump_user;
	ViewId view;
	bool help;
	bool quit;

	/* attempt list */
	GArray *order;       /* guint: attempt indices shown (filter, sort) */
	unsigned order_gen;  /* model generation the order was built for */
	int sel, top;
	int sort;            /* 0 id, 1 verdict, 2 profile, 3 stage */
	char filter[64];
	bool editing;        /* typing a / filter */

	/* timeline and packets of the current attempt */
	int cur;             /* attempt index, -1 none */
	unsigned cur_gen;
	guint *pidx;
	Direction *pdir;
	size_t np;
	int zoom;            /* 0: whole attempt; n: 2^n times closer */
	int pan;             /* in columns at the current zoom */
	int width;           /* columns of the time axis last drawn */
	bool logtime;

	int pane;            /* 0 list, 1 tree, 2 hex */
	int psel, ptop;
	const Packet *pkt;   /* re-dissected selected packet */
	uint64_t pkt_frame;
	GHashTable *expanded; /* const TreeNode* set: expanded nodes */
	GArray *rows;        /* TreeRow: visible rows of the tree */
	int tsel, ttop, hex_top;
};

extern const TuiView tui_view_attempts, tui_view_timeline, tui_view_packets;

Tui *tui_new(TuiModel **models, unsigned n_models, TuiRedissectFn fn, void *user);
void tui_free(Tui *t);
void tui_set_pump(Tui *t, TuiPumpFn fn, void *user);
/* Draw the whole screen (header, view, footer, help overlay) into c. */
void tui_draw(Tui *t, Canvas *c);
/* One key press (K_* or a character); page is the view's height. */
void tui_key(Tui *t, int key, int page);
/* Apply a key script ("j\n\t", escapes \n \t \e \\ and <up> <down> <left>
 * <right> <pgup> <pgdn> <home> <end>); false when it cannot be parsed. */
bool tui_script(Tui *t, const char *script, int page);

/* The current attempt changed (or its packets did): reload its packets. */
void tui_select_attempt(Tui *t, int index);
/* Select a packet in the packet pane and re-dissect it. */
void tui_select_packet(Tui *t, int i);

/* Run on a terminal until q.  Returns false when the terminal cannot be
 * used (message printed). */
bool tui_run_curses(Tui *t, bool ascii, bool no_color);
/* The headless rendering: draw w x h and print it. */
void tui_dump(Tui *t, int w, int h, bool ascii, FILE *out);

/* helpers shared by the views */
Role tui_verdict_role(const Attempt *a);
const char *tui_verdict_word(const Attempt *a);
void tui_fmt_time(int64_t ns, char *buf, size_t size); /* relative seconds */

#endif
