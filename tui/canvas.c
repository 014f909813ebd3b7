/*
 * canvas.c - a character grid with colour roles.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "canvas.h"

void canvas_init(Canvas *c, int w, int h, bool utf8)
{
	c->w = w > 0 ? w : 1;
	c->h = h > 0 ? h : 1;
	c->utf8 = utf8;
	c->cells = g_new0(Cell, (size_t)c->w * (size_t)c->h);
	canvas_clear(c);
}

void canvas_free(Canvas *c)
{
	g_free(c->cells);
	c->cells = NULL;
}

void canvas_clear(Canvas *c)
{
	for (int i = 0; i < c->w * c->h; i++) {
		c->cells[i].ch[0] = ' ';
		c->cells[i].ch[1] = '\0';
		c->cells[i].role = ROLE_NORMAL;
		c->cells[i].attr = 0;
	}
}

/* Length of the UTF-8 sequence at s, 0 when it is not a valid one. */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

int canvas_put(Canvas *c, int x, int y, int max_w, Role role, unsigned attr, const char *s)
{
	if (y < 0 || y >= c->h || !s)
		return 0;
	int limit = c->w;
	if (max_w >= 0 && x + max_w < limit)
		limit = x + max_w;
	int n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && x < limit) {
		int len = utf8_len(p);
		if (x >= 0) {
			Cell *cell = &c->cells[y * c->w + x];
			if (len == 0 || (len == 1 && (*p < 0x20 || *p == 0x7f))) {
				cell->ch[0] = '?';
				cell->ch[1] = '\0';
			} else if (len > 1 && !c->utf8) {
				cell->ch[0] = '?';
				cell->ch[1] = '\0';
			} else {
				memcpy(cell->ch, p, (size_t)len);
				cell->ch[len] = '\0';
			}
			cell->role = (unsigned char)role;
			cell->attr = (unsigned char)attr;
			n++;
		}
		p += len ? len : 1;
		x++;
	}
	return n;
}

int canvas_printf(Canvas *c, int x, int y, int max_w, Role role, unsigned attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return canvas_put(c, x, y, max_w, role, attr, buf);
}

void canvas_paint(Canvas *c, int x, int y, int n, Role role, unsigned attr)
{
	if (y < 0 || y >= c->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + n && i < c->w; i++) {
		c->cells[y * c->w + i].role = (unsigned char)role;
		c->cells[y * c->w + i].attr = (unsigned char)attr;
	}
}

void canvas_fill(Canvas *c, int x, int y, int n, Role role, unsigned attr, const char *ch)
{
	for (int i = 0; i < n; i++)
		canvas_put(c, x + i, y, 1, role, attr, ch);
}

const char *canvas_hline(const Canvas *c)
{
	return c->utf8 ? "\xe2\x94\x80" : "-"; /* ─ */
}

const char *canvas_vline(const Canvas *c)
{
	return c->utf8 ? "\xe2\x94\x82" : "|"; /* │ */
}

void canvas_dump(const Canvas *c, FILE *out)
{
	for (int y = 0; y < c->h; y++) {
		int end = c->w;
		while (end > 0 && strcmp(c->cells[y * c->w + end - 1].ch, " ") == 0)
			end--;
		for (int x = 0; x < end; x++)
			fputs(c->cells[y * c->w + x].ch, out);
		fputc('\n', out);
	}
}
