/*
 * canvas.h - the grid every view draws into.  The ncurses front end copies
 * it to the terminal; the headless dump (--dump-screen) prints it as text.
 * One drawing path for both, so the golden dumps show what the terminal
 * shows.
 */
#ifndef IKS_CANVAS_H
#define IKS_CANVAS_H

#include <stdbool.h>
#include <stdio.h>

/* Colour roles (the ncurses front end maps them to pairs, or to plain
 * attributes in monochrome). */
typedef enum {
	ROLE_NORMAL,
	ROLE_TITLE,    /* header and footer bars */
	ROLE_OK,
	ROLE_FAILED,
	ROLE_INCOMPLETE,
	ROLE_DIM,      /* lanes without packets, axis */
	ROLE_RETRANS,
	ROLE_ERROR,    /* error notifies, the missing direction */
	ROLE_I2R,
	ROLE_R2I,
	ROLE__COUNT
} Role;

enum {
	CA_BOLD = 1u << 0,
	CA_REVERSE = 1u << 1, /* selection, highlighted bytes */
	CA_UNDERLINE = 1u << 2,
};

typedef struct {
	char ch[5];      /* one UTF-8 character, NUL-terminated */
	unsigned char role;
	unsigned char attr;
} Cell;

typedef struct {
	int w, h;
	Cell *cells;
	bool utf8;       /* line drawing and marks in UTF-8, else ASCII */
} Canvas;

void canvas_init(Canvas *c, int w, int h, bool utf8);
void canvas_free(Canvas *c);
void canvas_clear(Canvas *c);
/* Write UTF-8 text at (x, y), clipped at max_w cells (or the right edge
 * when max_w < 0); returns the cells written.  Bytes that are not valid
 * UTF-8, and control characters, are shown as '?'. */
int canvas_put(Canvas *c, int x, int y, int max_w, Role role, unsigned attr, const char *s);
int canvas_printf(Canvas *c, int x, int y, int max_w, Role role, unsigned attr, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Set role/attribute on a run of cells, keeping their characters. */
void canvas_paint(Canvas *c, int x, int y, int n, Role role, unsigned attr);
/* Fill a row span with one character. */
void canvas_fill(Canvas *c, int x, int y, int n, Role role, unsigned attr, const char *ch);
/* Line drawing: the horizontal rule, vertical rule, in UTF-8 or ASCII. */
const char *canvas_hline(const Canvas *c);
const char *canvas_vline(const Canvas *c);
/* The screen as text, one line per row, trailing blanks removed (what
 * `tmux capture-pane -p` prints). */
void canvas_dump(const Canvas *c, FILE *out);

#endif
