/*
 * tree.c - per-packet arena and the field tree (see tree.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "dissect.h"
#include "events.h"
#include "tree.h"

/* ---- arena ---------------------------------------------------------- */

#define ARENA_CHUNK_MIN (64u * 1024u)

struct ArenaChunk {
	ArenaChunk *next;
	size_t size, used;
	max_align_t data[];
};

void arena_init(Arena *a)
{
	memset(a, 0, sizeof(*a));
}

void arena_reset(Arena *a)
{
	for (ArenaChunk *c = a->first; c; c = c->next)
		c->used = 0;
	a->head = a->first;
	a->used = 0;
}

void arena_free(Arena *a)
{
	ArenaChunk *c = a->first;
	while (c) {
		ArenaChunk *n = c->next;
		g_free(c);
		c = n;
	}
	memset(a, 0, sizeof(*a));
}

void *arena_alloc(Arena *a, size_t n)
{
	n = (n + 15u) & ~(size_t)15u;
	ArenaChunk *c = a->head;
	while (c && c->size - c->used < n)
		c = c->next; /* a later, already allocated chunk may fit */
	if (!c) {
		size_t size = n > ARENA_CHUNK_MIN ? n : ARENA_CHUNK_MIN;
		c = g_malloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = NULL;
		if (!a->first) {
			a->first = c;
		} else {
			ArenaChunk *t = a->first;
			while (t->next)
				t = t->next;
			t->next = c;
		}
	}
	a->head = c;
	void *p = (char *)c->data + c->used;
	c->used += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
	/* most texts fit a small buffer: format once, copy; else again */
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(small))
		return arena_memdup(a, small, (size_t)n + 1);
	char *s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

char *arena_strdup(Arena *a, const char *s)
{
	size_t n = strlen(s);
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	return d;
}

void *arena_memdup(Arena *a, const void *p, size_t n)
{
	void *d = arena_alloc(a, n ? n : 1);
	if (n)
		memcpy(d, p, n);
	return d;
}

/* ---- nodes ---------------------------------------------------------- */

TreeNode *tree_new_root(Arena *a)
{
	TreeNode *n = arena_alloc(a, sizeof(*n));
	n->arena = a;
	return n;
}

static TreeNode *node_append(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len)
{
	if (!parent)
		return NULL;
	TreeNode *n = arena_alloc(parent->arena, sizeof(*n));
	n->arena = parent->arena;
	n->f = f;
	n->parent = parent;
	n->src = c ? c->src : SRC_FRAME;
	if (c) {
		n->off = c->base + (uint32_t)off;
		/* clip to the captured bytes; remember that the field was cut */
		size_t avail = off <= c->cap ? c->cap - off : 0;
		if (len > avail) {
			n->flags |= NODE_TRUNCATED;
			len = avail;
		}
	}
	n->len = (uint32_t)len;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	return n;
}

TreeNode *tree_add_at(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len)
{
	return node_append(parent, f, c, off, len);
}

TreeNode *tree_add(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t len)
{
	return node_append(parent, f, c, c ? c->off : 0, len);
}

TreeNode *tree_add_uint(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len,
			uint64_t v)
{
	TreeNode *n = node_append(parent, f, c, off, len);
	if (n)
		n->v.u = v;
	return n;
}

TreeNode *tree_add_bytes(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len)
{
	TreeNode *n = node_append(parent, f, c, off, len);
	if (n && c) {
		n->v.b.p = c->p + (off <= c->cap ? off : c->cap);
		n->v.b.n = n->len;
	}
	return n;
}

TreeNode *tree_add_addr(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len,
			const uint8_t *addr)
{
	TreeNode *n = node_append(parent, f, c, off, len);
	if (n) {
		size_t k = f && f->type == FT_IPv4 ? 4 : f && f->type == FT_ETHER ? 6 : 16;
		memcpy(n->v.addr, addr, k);
	}
	return n;
}

TreeNode *tree_add_string(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len,
			  const char *s)
{
	TreeNode *n = node_append(parent, f, c, off, len);
	if (n)
		n->v.s = arena_strdup(n->arena, s);
	return n;
}

TreeNode *tree_add_text(TreeNode *parent, const Cursor *c, size_t off, size_t len, const char *fmt, ...)
{
	TreeNode *n = node_append(parent, NULL, c, off, len);
	if (n) {
		va_list ap;
		va_start(ap, fmt);
		n->text = arena_vprintf(n->arena, fmt, ap);
		va_end(ap);
	}
	return n;
}

void tree_set_text(TreeNode *n, const char *fmt, ...)
{
	if (!n)
		return;
	va_list ap;
	va_start(ap, fmt);
	n->text = arena_vprintf(n->arena, fmt, ap);
	va_end(ap);
}

void tree_append_text(TreeNode *n, const char *fmt, ...)
{
	if (!n)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *add = arena_vprintf(n->arena, fmt, ap);
	va_end(ap);
	if (!n->text)
		n->text = add;
	else
		n->text = arena_printf(n->arena, "%s%s", n->text, add);
}

void tree_set_end(TreeNode *n, const Cursor *c)
{
	if (!n || !c)
		return;
	uint32_t end = cur_abs(c);
	if (end >= n->off)
		n->len = end - n->off;
}

static bool walk(const TreeNode *n, unsigned depth, TreeVisit fn, void *user)
{
	for (const TreeNode *k = n->first; k; k = k->next) {
		if (!fn(k, depth, user))
			return false;
		if (k->first && !walk(k, depth + 1, fn, user))
			return false;
	}
	return true;
}

void tree_walk(const TreeNode *root, TreeVisit fn, void *user)
{
	if (root)
		walk(root, 0, fn, user);
}

/* ---- value rendering ------------------------------------------------ */

static unsigned mask_shift(uint64_t mask)
{
	unsigned s = 0;
	if (!mask)
		return 0;
	while (!(mask & 1)) {
		mask >>= 1;
		s++;
	}
	return s;
}

/* Hex digits tshark uses for an integer field: the type's width, or for a
 * masked field the shifted mask's width rounded up to whole bytes. */
static unsigned hex_digits(const FieldDef *f)
{
	if (f->mask) {
		uint64_t m = f->mask >> mask_shift(f->mask);
		unsigned bits = 0;
		while (m) {
			bits++;
			m >>= 1;
		}
		return ((bits + 7) / 8) * 2;
	}
	return field_int_width(f->type) * 2;
}

static uint64_t node_int(const TreeNode *n)
{
	uint64_t v = n->v.u;
	if (n->f->mask)
		v = (v & n->f->mask) >> mask_shift(n->f->mask);
	return v;
}

static size_t fmt_ipv6(const uint8_t *a, char *buf, size_t size)
{
	/* RFC 5952: longest run (>= 2) of zero groups becomes "::", lower case */
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	int best = -1, bestlen = 0;
	for (int i = 0; i < 8;) {
		if (g[i] == 0) {
			int j = i;
			while (j < 8 && g[j] == 0)
				j++;
			if (j - i > bestlen && j - i >= 2) {
				best = i;
				bestlen = j - i;
			}
			i = j;
		} else {
			i++;
		}
	}
	/* IPv4-mapped / compatible forms print the last 32 bits dotted */
	bool v4 = best == 0 && (bestlen == 6 || (bestlen == 5 && g[5] == 0xffff));
	size_t o = 0;
	char tmp[64];
	if (v4) {
		o = (size_t)snprintf(tmp, sizeof(tmp), "::%s%u.%u.%u.%u", bestlen == 5 ? "ffff:" : "", a[12], a[13],
				     a[14], a[15]);
	} else {
		for (int i = 0; i < 8; i++) {
			if (i == best) {
				o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "::");
				i += bestlen - 1;
				continue;
			}
			if (i > 0 && !(best >= 0 && i == best + bestlen))
				o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, ":");
			o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%x", g[i]);
		}
	}
	return (size_t)snprintf(buf, size, "%s", tmp);
}

size_t fmt_ip_addr(int af, const uint8_t *a, char *buf, size_t size)
{
	if (af == 4)
		return (size_t)snprintf(buf, size, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return fmt_ipv6(a, buf, size);
}

static size_t fmt_reltime(int64_t ns, char *buf, size_t size)
{
	const char *sign = "";
	if (ns < 0) {
		sign = "-";
		ns = -ns;
	}
	return (size_t)snprintf(buf, size, "%s%" PRId64 ".%09" PRId64, sign, ns / 1000000000, ns % 1000000000);
}

static size_t fmt_abstime(uint64_t ns, char *buf, size_t size)
{
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(ns / 1000000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return (size_t)snprintf(buf, size, "(invalid time)");
	char zone[16];
	strftime(zone, sizeof(zone), "%Z", &tm);
	return (size_t)snprintf(buf, size, "%s %2d, %d %02d:%02d:%02d.%09u %s", mon[tm.tm_mon], tm.tm_mday,
				tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned)(ns % 1000000000u),
				zone);
}

size_t tree_node_field_text(const TreeNode *n, char *buf, size_t size)
{
	const FieldDef *f = n->f;
	if (!f || size == 0)
		return 0;
	buf[0] = '\0';
	switch (f->type) {
	case FT_NONE:
		/* tshark prints 1 for a present text-only field */
		return (size_t)snprintf(buf, size, "1");
	case FT_PROTOCOL:
		/* the protocol's summary line, or its name when it has none */
		return (size_t)snprintf(buf, size, "%s", n->text ? n->text : f->abbrev);
	case FT_UINT8:
	case FT_UINT16:
	case FT_UINT24:
	case FT_UINT32:
	case FT_UINT64:
	case FT_FRAMENUM: {
		uint64_t v = node_int(n);
		if (f->base == BASE_HEX || f->base == BASE_HEX_DEC)
			return (size_t)snprintf(buf, size, "0x%0*" PRIx64, (int)hex_digits(f), v);
		return (size_t)snprintf(buf, size, "%" PRIu64, v);
	}
	case FT_INT32:
		return (size_t)snprintf(buf, size, "%" PRId64, n->v.i);
	case FT_BOOLEAN:
		return (size_t)snprintf(buf, size, "%d", (f->mask ? (n->v.u & f->mask) : n->v.u) ? 1 : 0);
	case FT_IPv4:
		return fmt_ip_addr(4, n->v.addr, buf, size);
	case FT_IPv6:
		return fmt_ip_addr(6, n->v.addr, buf, size);
	case FT_ETHER:
		return (size_t)snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x", n->v.addr[0], n->v.addr[1],
					n->v.addr[2], n->v.addr[3], n->v.addr[4], n->v.addr[5]);
	case FT_BYTES: {
		if (n->v.b.n == 0)
			return (size_t)snprintf(buf, size, "<MISSING>");
		size_t o = 0;
		for (uint32_t i = 0; i < n->v.b.n && o + 3 <= size; i++)
			o += (size_t)snprintf(buf + o, size - o, "%02x", n->v.b.p[i]);
		return o;
	}
	case FT_STRING:
		/* dissectors build the display form of their strings
		 * (escapes included), as Wireshark's do */
		return (size_t)snprintf(buf, size, "%s", n->v.s ? n->v.s : "");
	case FT_RELTIME:
		return fmt_reltime(n->v.i, buf, size);
	case FT_ABSTIME:
		return fmt_abstime(n->v.u, buf, size);
	}
	return 0;
}

/* "..01 0... = " bit pattern for masked fields, as Wireshark shows them. */
static size_t fmt_bits(const TreeNode *n, uint64_t raw, char *buf, size_t size)
{
	const FieldDef *f = n->f;
	unsigned width = field_int_width(f->type) * 8;
	if (f->type == FT_BOOLEAN) {
		/* a flag is drawn across the bytes its node covers (a TCP flag
		 * in 16 bits), or as wide as its mask needs */
		width = n->len >= 1 && n->len <= 8 ? n->len * 8u : 8u;
		while (width < 64 && (f->mask >> width))
			width += 8;
	}
	size_t o = 0;
	for (int b = (int)width - 1; b >= 0 && o + 3 < size; b--) {
		if (f->mask >> b & 1)
			buf[o++] = (raw >> b & 1) ? '1' : '0';
		else
			buf[o++] = '.';
		if (b && b % 4 == 0)
			buf[o++] = ' ';
	}
	o += (size_t)snprintf(buf + o, size - o, " = ");
	return o;
}

size_t tree_node_label(const TreeNode *n, char *buf, size_t size)
{
	const FieldDef *f = n->f;
	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (n->flags & NODE_EXPERT) {
		const EventDef *e = event_def((EventId)n->v.u);
		return (size_t)snprintf(buf, size, "[Expert Info (%s/%s): %s]", severity_name(e->severity), e->group,
					n->text ? n->text : e->summary);
	}
	if (n->text && (!f || f->type == FT_PROTOCOL || f->type == FT_NONE))
		return (size_t)snprintf(buf, size, "%s", n->text);
	if (!f)
		return 0;
	if (f->type == FT_PROTOCOL || f->type == FT_NONE)
		return (size_t)snprintf(buf, size, "%s", f->name);

	size_t o = 0;
	const char *open = (n->flags & NODE_GENERATED) ? "[" : "";
	o += (size_t)snprintf(buf + o, size - o, "%s", open);
	if (f->mask && (field_is_int(f->type) || f->type == FT_BOOLEAN))
		o += fmt_bits(n, n->v.u, buf + o, size - o);
	o += (size_t)snprintf(buf + o, size - o, "%s: ", f->name);
	if (o >= size)
		return size - 1;
	if (n->text) {
		o += (size_t)snprintf(buf + o, size - o, "%s", n->text);
	} else if (f->type == FT_BOOLEAN) {
		bool set = (f->mask ? (n->v.u & f->mask) : n->v.u) != 0;
		o += (size_t)snprintf(buf + o, size - o, "%s", set ? "Set" : "Not set");
	} else if (field_is_int(f->type) || f->type == FT_FRAMENUM) {
		uint64_t v = node_int(n);
		const char *name = f->vals ? vs_lookup(f->vals, (uint32_t)v) : NULL;
		char num[40];
		switch (f->base) {
		case BASE_HEX:
			snprintf(num, sizeof(num), "0x%0*" PRIx64, (int)hex_digits(f), v);
			break;
		case BASE_DEC_HEX:
			snprintf(num, sizeof(num), "%" PRIu64 " (0x%0*" PRIx64 ")", v, (int)hex_digits(f), v);
			break;
		case BASE_HEX_DEC:
			snprintf(num, sizeof(num), "0x%0*" PRIx64 " (%" PRIu64 ")", (int)hex_digits(f), v, v);
			break;
		default:
			snprintf(num, sizeof(num), "%" PRIu64, v);
			break;
		}
		if (name && f->base == BASE_NONE)
			o += (size_t)snprintf(buf + o, size - o, "%s", name);
		else if (name)
			o += (size_t)snprintf(buf + o, size - o, "%s (%s)", name, num);
		else if (f->vals)
			o += (size_t)snprintf(buf + o, size - o, "Unknown (%s)", num);
		else
			o += (size_t)snprintf(buf + o, size - o, "%s%s", num, f->unit ? f->unit : "");
	} else {
		o += tree_node_field_text(n, buf + o, size - o);
	}
	if (o < size && (n->flags & NODE_GENERATED))
		o += (size_t)snprintf(buf + o, size - o, "]");
	return o < size ? o : size - 1;
}
