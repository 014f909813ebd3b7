/*
 * test_cursor.c - the bounds-checked cursor: every read at every length,
 * truncated kept apart from malformed, sub-views bounded by their length.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <glib.h>

#include "dissectors/cursor.h"

static const uint8_t bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b };

Test(cursor, reads_big_endian)
{
	Cursor c = cur_init(bytes, sizeof(bytes), sizeof(bytes));
	cr_assert_eq(cur_u8(&c), 0x01);
	cr_assert_eq(cur_be16(&c), 0x0203);
	cr_assert_eq(cur_be24(&c), 0x040506);
	cr_assert_eq(cur_be32(&c), 0x0708090a);
	cr_assert_eq(cur_left(&c), 1);
	cr_assert(!cur_failed(&c));
	cr_assert_eq(cur_be16(&c), 0);
	cr_assert(c.err & CUR_MALFORMED, "reading past the wire length is malformed");
}

Test(cursor, little_endian_and_64)
{
	Cursor c = cur_init(bytes, sizeof(bytes), sizeof(bytes));
	cr_assert_eq(cur_le16(&c), 0x0201);
	cr_assert_eq(cur_le32(&c), 0x06050403);
	c = cur_init(bytes, 8, 8);
	cr_assert_eq(cur_be64(&c), 0x0102030405060708ull);
	cr_assert_eq(cur_left(&c), 0);
}

/* strongSwan's test_bio_reader idea: read n-bit values from every prefix
 * until the data runs out, then the next read must fail with the right flag. */
#define READ_ALL(bits, fn)                                                                              \
	for (size_t len = 0; len <= sizeof(bytes); len++) {                                            \
		uint8_t *copy = g_memdup2(bytes, len ? len : 1);                                       \
		Cursor c = cur_init(copy, len, sizeof(bytes));                                         \
		size_t i;                                                                             \
		for (i = 0; cur_left(&c) >= (bits) / 8; i++)                                           \
			(void)fn(&c);                                                                  \
		cr_assert_eq(i, len / ((bits) / 8));                                                   \
		cr_assert(!cur_failed(&c));                                                            \
		cr_assert_eq(fn(&c), 0);                                                               \
		cr_assert(c.err == (len / ((bits) / 8) * ((bits) / 8) + (bits) / 8 <= sizeof(bytes)   \
					    ? CUR_TRUNCATED                                            \
					    : CUR_MALFORMED),                                          \
			  "len %zu bits %d err %u", len, bits, c.err);                                 \
		cr_assert_eq(fn(&c), 0, "sticky");                                                     \
		g_free(copy);                                                                         \
	}

Test(cursor, every_prefix_u8) { READ_ALL(8, cur_u8) }
Test(cursor, every_prefix_be16) { READ_ALL(16, cur_be16) }
Test(cursor, every_prefix_be24) { READ_ALL(24, cur_be24) }
Test(cursor, every_prefix_be32) { READ_ALL(32, cur_be32) }
Test(cursor, every_prefix_be64) { READ_ALL(64, cur_be64) }

Test(cursor, truncated_vs_malformed)
{
	/* 4 bytes captured of 10 on the wire */
	Cursor c = cur_init(bytes, 4, 10);
	cur_be32(&c);
	cr_assert(!cur_failed(&c));
	cur_u8(&c);
	cr_assert_eq(c.err, CUR_TRUNCATED);

	c = cur_init(bytes, 4, 4);
	cur_skip(&c, 5);
	cr_assert_eq(c.err, CUR_MALFORMED);
}

Test(cursor, sub_view_is_bounded)
{
	Cursor c = cur_init(bytes, sizeof(bytes), sizeof(bytes));
	cur_u8(&c);
	Cursor s = cur_sub(&c, 3);
	cr_assert_eq(cur_off(&c), 4);
	cr_assert_eq(s.base, 1);
	cr_assert_eq(cur_be16(&s), 0x0203);
	cr_assert_eq(cur_u8(&s), 0x04);
	cr_assert_eq(cur_u8(&s), 0);
	cr_assert_eq(s.err, CUR_MALFORMED, "a sub-view never reads past its own length");
	cr_assert(!cur_failed(&c), "the parent is unaffected");
}

Test(cursor, sub_view_longer_than_parent)
{
	Cursor c = cur_init(bytes, 6, 6);
	cur_u8(&c);
	Cursor s = cur_sub(&c, 100);
	cr_assert_eq(c.err, CUR_MALFORMED);
	cr_assert_eq(s.cap, 5, "the child still covers the bytes that exist");
	cr_assert_eq(cur_be32(&s), 0x02030405);
	cr_assert_eq(cur_u8(&s), 0x06);
	cur_u8(&s);
	cr_assert_eq(s.err, CUR_MALFORMED, "beyond what the parent could hold is malformed");
}

Test(cursor, sub_view_of_truncated_data)
{
	Cursor c = cur_init(bytes, 6, 20);
	Cursor s = cur_sub(&c, 10);
	cr_assert_eq(c.err, CUR_TRUNCATED);
	cr_assert_eq(s.cap, 6);
	cr_assert_eq(s.wire, 10);
	cur_skip(&s, 7);
	cr_assert_eq(s.err, CUR_TRUNCATED);
}

Test(cursor, limit_cuts_trailer)
{
	Cursor c = cur_init(bytes, sizeof(bytes), sizeof(bytes));
	cur_u8(&c);
	cr_assert(cur_limit(&c, 4));
	cr_assert_eq(cur_left(&c), 4);
	cr_assert_eq(cur_wire_left(&c), 4);
	cr_assert(!cur_limit(&c, 5), "cannot widen");
	Cursor r = cur_rest(&c);
	cr_assert_eq(r.cap, 4);
	cr_assert_eq(cur_left(&c), 0);
}

Test(cursor, copy_and_bytes)
{
	uint8_t out[4];
	Cursor c = cur_init(bytes, 3, 3);
	cr_assert(!cur_copy(&c, out, 4));
	cr_assert_eq(out[0], 0, "failed copy zero-fills");
	c = cur_init(bytes, 3, 3);
	const uint8_t *p = cur_bytes(&c, 2);
	cr_assert_not_null(p);
	cr_assert_eq(p[1], 0x02);
	cr_assert_null(cur_bytes(&c, 2));
}
