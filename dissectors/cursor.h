/*
 * cursor.h - the bounds-checked view through which every packet byte is read.
 *
 * A Cursor is a window on bytes that are not owned by it.  It knows two
 * lengths, as Wireshark's tvbuffs do: `cap`, the bytes actually present
 * (captured), and `wire`, the bytes the enclosing header claims (>= cap when
 * the capture was cut by the snap length).  A read past `cap` fails and sets
 * a sticky error flag:
 *
 *   CUR_TRUNCATED  the byte would exist on the wire but was not captured
 *                  (snap length, file cut short): "[|proto]" in tcpdump;
 *   CUR_MALFORMED  the byte would not exist even on the wire: a length
 *                  field lied, the packet is invalid.
 *
 * Once failed, every later read fails too and returns 0, so a parser reads
 * a whole header and checks cur_failed() once.  Values read from a failed
 * cursor must never be used as loop steps or lengths without validation.
 *
 * Only this header indexes packet memory.
 */
#ifndef IKS_CURSOR_H
#define IKS_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
	CUR_TRUNCATED = 1u << 0,
	CUR_MALFORMED = 1u << 1,
};

/* Where the bytes of a cursor come from: the frame itself, or a buffer
 * ikescope built (reassembled datagram, decrypted payload).  Tree nodes
 * carry it so that a hex view highlights the right buffer. */
typedef enum {
	SRC_FRAME = 0,
	SRC_REASSEMBLED = 1,
	SRC_DECRYPTED = 2,
} DataSource;

typedef struct {
	const uint8_t *p; /* start of the view (not owned) */
	size_t cap;       /* bytes present */
	size_t wire;      /* bytes the headers claim; >= cap */
	size_t off;       /* read position, <= cap */
	uint32_t base;    /* offset of p[0] within its data source */
	uint8_t src;      /* DataSource */
	uint8_t err;      /* sticky CUR_* flags */
} Cursor;

static inline Cursor cur_init(const uint8_t *p, size_t cap, size_t wire)
{
	Cursor c = { p, cap, wire < cap ? cap : wire, 0, 0, SRC_FRAME, 0 };
	return c;
}

static inline bool cur_failed(const Cursor *c) { return c->err != 0; }
static inline size_t cur_off(const Cursor *c) { return c->off; }
/* Bytes left that can be read. */
static inline size_t cur_left(const Cursor *c) { return c->cap - c->off; }
/* Bytes left on the wire (claimed), captured or not. */
static inline size_t cur_wire_left(const Cursor *c) { return c->wire - c->off; }
/* Absolute offset of the read position in the data source. */
static inline uint32_t cur_abs(const Cursor *c) { return c->base + (uint32_t)c->off; }

/* True when n more bytes can be read; otherwise flags the cursor. */
static inline bool cur_need(Cursor *c, size_t n)
{
	if (c->err)
		return false;
	if (n <= c->cap - c->off)
		return true;
	c->err |= (n <= c->wire - c->off) ? CUR_TRUNCATED : CUR_MALFORMED;
	c->off = c->cap;
	return false;
}

/* Peek without consuming and without flagging: true when n bytes remain. */
static inline bool cur_has(const Cursor *c, size_t n)
{
	return !c->err && n <= c->cap - c->off;
}

static inline const uint8_t *cur_ptr(const Cursor *c) { return c->p + c->off; }

static inline uint8_t cur_u8(Cursor *c)
{
	if (!cur_need(c, 1))
		return 0;
	return c->p[c->off++];
}

static inline uint16_t cur_be16(Cursor *c)
{
	if (!cur_need(c, 2))
		return 0;
	uint16_t v = (uint16_t)((unsigned)c->p[c->off] << 8 | c->p[c->off + 1]);
	c->off += 2;
	return v;
}

static inline uint16_t cur_le16(Cursor *c)
{
	if (!cur_need(c, 2))
		return 0;
	uint16_t v = (uint16_t)((unsigned)c->p[c->off + 1] << 8 | c->p[c->off]);
	c->off += 2;
	return v;
}

static inline uint32_t cur_be24(Cursor *c)
{
	if (!cur_need(c, 3))
		return 0;
	uint32_t v = (uint32_t)c->p[c->off] << 16 | (uint32_t)c->p[c->off + 1] << 8 |
		     c->p[c->off + 2];
	c->off += 3;
	return v;
}

static inline uint32_t cur_be32(Cursor *c)
{
	if (!cur_need(c, 4))
		return 0;
	uint32_t v = (uint32_t)c->p[c->off] << 24 | (uint32_t)c->p[c->off + 1] << 16 |
		     (uint32_t)c->p[c->off + 2] << 8 | c->p[c->off + 3];
	c->off += 4;
	return v;
}

static inline uint32_t cur_le32(Cursor *c)
{
	if (!cur_need(c, 4))
		return 0;
	uint32_t v = (uint32_t)c->p[c->off + 3] << 24 | (uint32_t)c->p[c->off + 2] << 16 |
		     (uint32_t)c->p[c->off + 1] << 8 | c->p[c->off];
	c->off += 4;
	return v;
}

static inline uint64_t cur_be64(Cursor *c)
{
	if (!cur_need(c, 8))
		return 0;
	uint64_t hi = cur_be32(c);
	return hi << 32 | cur_be32(c);
}

/* Copy n bytes out; on failure the destination is zero-filled. */
static inline bool cur_copy(Cursor *c, void *dst, size_t n)
{
	if (!cur_need(c, n)) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, c->p + c->off, n);
	c->off += n;
	return true;
}

/* Skip n bytes. */
static inline bool cur_skip(Cursor *c, size_t n)
{
	if (!cur_need(c, n))
		return false;
	c->off += n;
	return true;
}

/* Return a pointer to n bytes and consume them, or NULL. */
static inline const uint8_t *cur_bytes(Cursor *c, size_t n)
{
	if (!cur_need(c, n))
		return NULL;
	const uint8_t *p = c->p + c->off;
	c->off += n;
	return p;
}

/*
 * A child view of the next n bytes (as claimed on the wire).  Whatever part
 * of them was captured is readable through the child; the child's `wire` is
 * n, so it can never read beyond its own length.  The parent skips the n
 * bytes, or what is present of them; if n exceeds what the parent's wire
 * length allows, the parent is flagged MALFORMED (the child still covers the
 * bytes that exist, so the caller may show them).
 */
static inline Cursor cur_sub(Cursor *c, size_t n)
{
	Cursor s = { c->p + c->off, 0, n, 0, c->base + (uint32_t)c->off, c->src, 0 };
	if (c->err) {
		s.err = c->err;
		return s;
	}
	size_t avail = c->cap - c->off;
	s.cap = n < avail ? n : avail;
	if (n > c->wire - c->off) {
		s.wire = c->wire - c->off;
		c->err |= CUR_MALFORMED;
		c->off = c->cap;
	} else if (n > avail) {
		c->off = c->cap;
		c->err |= CUR_TRUNCATED;
	} else {
		c->off += n;
	}
	return s;
}

/* A child view of everything left; the parent is consumed. */
static inline Cursor cur_rest(Cursor *c)
{
	Cursor s = { c->p + c->off, c->cap - c->off, c->wire - c->off, 0,
		     c->base + (uint32_t)c->off, c->src, c->err };
	c->off = c->cap;
	return s;
}

/* Shrink the claimed length of the remaining view to n bytes from here
 * (an IP total length or UDP length narrower than the frame: trailer bytes
 * are cut off).  Returns false when n claims more than the wire has. */
static inline bool cur_limit(Cursor *c, size_t n)
{
	if (n > c->wire - c->off)
		return false;
	c->wire = c->off + n;
	if (c->cap > c->wire)
		c->cap = c->wire;
	return true;
}

#endif
