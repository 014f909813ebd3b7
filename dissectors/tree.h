/*
 * tree.h - the field tree, built only when a front end asks for details.
 *
 * Nodes live in a per-packet arena that is reset (not freed) after the
 * packet has been rendered, so building a tree costs no malloc once the
 * arena has grown to the size of the largest packet's tree.  Every function
 * here accepts a NULL parent and then does nothing and returns NULL: that
 * is the summary-only fast path, and dissectors need no `if (tree)` around
 * each call.
 */
#ifndef IKS_TREE_H
#define IKS_TREE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "field.h"

/* ---- arena ---------------------------------------------------------- */

typedef struct ArenaChunk ArenaChunk;
typedef struct {
	ArenaChunk *head;  /* chunk being filled */
	ArenaChunk *first; /* all chunks, kept across resets */
	size_t used;       /* bytes handed out since the last reset */
} Arena;

void arena_init(Arena *a);
void arena_reset(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);   /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
void *arena_memdup(Arena *a, const void *p, size_t n);

/* ---- nodes ---------------------------------------------------------- */

enum {
	NODE_TRUNCATED = 1u << 0, /* the field's bytes were not all captured */
	NODE_MALFORMED = 1u << 1,
	NODE_GENERATED = 1u << 2, /* not on the wire: computed ([brackets]) */
	NODE_HIDDEN = 1u << 3,    /* for -T fields only, not shown by -V */
	NODE_EXPERT = 1u << 4,    /* an expert-info line (v.u = EventId) */
};

typedef struct TreeNode TreeNode;
struct TreeNode {
	const FieldDef *f; /* NULL for a text-only line */
	const char *text;  /* display text overriding the default, or NULL */
	uint32_t off, len; /* position in the data source */
	uint8_t src;       /* DataSource */
	uint8_t flags;
	union {
		uint64_t u;
		int64_t i;
		uint8_t addr[16];
		struct {
			const uint8_t *p;
			uint32_t n;
		} b;
		const char *s;
	} v;
	TreeNode *parent, *first, *last, *next;
	Arena *arena;
};

/* The root: a node with no field; its children are the protocols. */
TreeNode *tree_new_root(Arena *a);

/* Append a child covering len bytes at the cursor's current position
 * (the cursor is not moved). */
TreeNode *tree_add(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t len);
/* Same at an explicit offset relative to the cursor's base (off is a cursor
 * position, e.g. one saved with cur_off() before reading). */
TreeNode *tree_add_at(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len);

TreeNode *tree_add_uint(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len,
			uint64_t v);
TreeNode *tree_add_bytes(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len);
TreeNode *tree_add_addr(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len,
			const uint8_t *addr);
TreeNode *tree_add_string(TreeNode *parent, const FieldDef *f, const Cursor *c, size_t off, size_t len,
			  const char *s); /* s is copied into the arena */
/* A text-only line ("[Malformed Packet: ip]", a comment). */
TreeNode *tree_add_text(TreeNode *parent, const Cursor *c, size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Set/replace a node's display text (printf-style). */
void tree_set_text(TreeNode *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append to a node's display text (used for protocol summary lines). */
void tree_append_text(TreeNode *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grow a node's length so it ends at the cursor's position. */
void tree_set_end(TreeNode *n, const Cursor *c);

/* Depth-first walk. */
typedef bool (*TreeVisit)(const TreeNode *n, unsigned depth, void *user);
void tree_walk(const TreeNode *root, TreeVisit fn, void *user);

/* Render a node's "Name: value" line into buf (the -V / TUI text). */
size_t tree_node_label(const TreeNode *n, char *buf, size_t size);
/* Render a node's value the way `tshark -T fields` prints it. */
size_t tree_node_field_text(const TreeNode *n, char *buf, size_t size);

#endif
