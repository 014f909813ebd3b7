/*
 * test_tree.c - field text as tshark prints it, tree labels, the arena,
 * field lookup and suggestions, value tables.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "dissectors/protos.h"
#include "dissectors/tree.h"

static const FieldDef f_u8hex = { "t.u8hex", "U8", FT_UINT8, BASE_HEX, NULL, 0, NULL };
static const FieldDef f_u16hex = { "t.u16hex", "U16", FT_UINT16, BASE_HEX, NULL, 0, NULL };
static const FieldDef f_u32hex = { "t.u32hex", "U32", FT_UINT32, BASE_HEX, NULL, 0, NULL };
static const FieldDef f_masked = { "t.masked", "Flags", FT_UINT8, BASE_HEX, NULL, 0xe0, NULL };
static const FieldDef f_mask20 = { "t.mask20", "Flow", FT_UINT32, BASE_HEX, NULL, 0x000fffff, NULL };
static const FieldDef f_dechex = { "t.dechex", "DH", FT_UINT16, BASE_DEC_HEX, NULL, 0, NULL };
static const FieldDef f_hexdec = { "t.hexdec", "HD", FT_UINT16, BASE_HEX_DEC, NULL, 0, NULL };
static const FieldDef f_bool = { "t.bool", "Don't fragment", FT_BOOLEAN, BASE_NONE, NULL, 0x40, NULL };
static const FieldDef f_v6 = { "t.v6", "Addr", FT_IPv6, BASE_NONE, NULL, 0, NULL };
static const FieldDef f_bytes = { "t.bytes", "Bytes", FT_BYTES, BASE_NONE, NULL, 0, NULL };
static const FieldDef f_str = { "t.str", "Name", FT_STRING, BASE_NONE, NULL, 0, NULL };
static const ValueString vals[] = { { 17, "UDP" }, { 0, NULL } };
static const FieldDef f_proto = { "t.proto", "Protocol", FT_UINT8, BASE_DEC, vals, 0, NULL };

static const char *text(TreeNode *root, const FieldDef *f, uint64_t v)
{
	static char buf[256];
	Cursor c = cur_init((const uint8_t *)"\0\0\0\0", 4, 4);
	TreeNode *n = tree_add_uint(root, f, &c, 0, 1, v);
	tree_node_field_text(n, buf, sizeof(buf));
	return buf;
}

Test(tree, field_text_like_tshark)
{
	Arena a;
	arena_init(&a);
	TreeNode *r = tree_new_root(&a);
	cr_assert_str_eq(text(r, &f_u8hex, 0), "0x00");
	cr_assert_str_eq(text(r, &f_u16hex, 0xa615), "0xa615");
	cr_assert_str_eq(text(r, &f_u32hex, 0x12345678), "0x12345678");
	cr_assert_str_eq(text(r, &f_masked, 0x40), "0x02", "masked: shifted, width of the mask in bytes");
	cr_assert_str_eq(text(r, &f_mask20, 0x6000beef), "0x00beef");
	cr_assert_str_eq(text(r, &f_dechex, 4660), "4660");
	cr_assert_str_eq(text(r, &f_hexdec, 0x65), "0x0065");
	cr_assert_str_eq(text(r, &f_bool, 0x40), "1");
	cr_assert_str_eq(text(r, &f_bool, 0xbf), "0");
	cr_assert_str_eq(text(r, &f_proto, 17), "17", "-T fields prints the number, not the name");
	arena_free(&a);
}

Test(tree, labels_like_wireshark)
{
	Arena a;
	arena_init(&a);
	TreeNode *r = tree_new_root(&a);
	char buf[256];
	Cursor c = cur_init((const uint8_t *)"\x40", 1, 1);
	TreeNode *n = tree_add_uint(r, &f_bool, &c, 0, 1, 0x40);
	tree_node_label(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, ".1.. .... = Don't fragment: Set");
	n = tree_add_uint(r, &f_proto, &c, 0, 1, 17);
	tree_node_label(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Protocol: UDP (17)");
	n = tree_add_uint(r, &f_proto, &c, 0, 1, 99);
	tree_node_label(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Protocol: Unknown (99)");
	n = tree_add_uint(r, &f_dechex, &c, 0, 1, 10);
	tree_node_label(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, "DH: 10 (0x000a)");
	arena_free(&a);
}

Test(tree, ipv6_text_rfc5952)
{
	static const struct {
		uint8_t a[16];
		const char *s;
	} cases[] = {
		{ { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, "2001:db8::1" },
		{ { [15] = 1 }, "::1" },
		{ { 0 }, "::" },
		{ { 0xfe, 0x80, [15] = 2 }, "fe80::2" },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, "2001:db8:0:1::1" },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 }, "2001:db8:1:0:1::1" },
		{ { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 }, "::ffff:192.0.2.1" },
	};
	Arena a;
	arena_init(&a);
	TreeNode *r = tree_new_root(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];
		TreeNode *n = tree_add_addr(r, &f_v6, NULL, 0, 16, cases[i].a);
		tree_node_field_text(n, buf, sizeof(buf));
		cr_assert_str_eq(buf, cases[i].s);
	}
	arena_free(&a);
}

Test(tree, bytes_and_strings)
{
	Arena a;
	arena_init(&a);
	TreeNode *r = tree_new_root(&a);
	Cursor c = cur_init((const uint8_t *)"\x01\xab\xff", 3, 5);
	char buf[64];
	TreeNode *n = tree_add_bytes(r, &f_bytes, &c, 0, 5);
	cr_assert(n->flags & NODE_TRUNCATED, "5 bytes claimed, 3 captured");
	tree_node_field_text(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, "01abff");
	n = tree_add_string(r, &f_str, &c, 0, 3, "a\\001z");
	tree_node_field_text(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, "a\\001z", "strings print as the dissector built them");
	n = tree_add_bytes(r, &f_bytes, &c, 0, 0);
	tree_node_field_text(n, buf, sizeof(buf));
	cr_assert_str_eq(buf, "<MISSING>");
	arena_free(&a);
}

Test(tree, null_parent_is_the_fast_path)
{
	Cursor c = cur_init((const uint8_t *)"x", 1, 1);
	cr_assert_null(tree_add_uint(NULL, &f_u8hex, &c, 0, 1, 1));
	cr_assert_null(tree_add_text(NULL, &c, 0, 1, "x"));
	tree_set_text(NULL, "x");
}

Test(tree, arena_reuses_memory)
{
	Arena a;
	arena_init(&a);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 10000; i++) {
			char *p = arena_alloc(&a, 40);
			cr_assert_eq((uintptr_t)p % 16, 0);
			memset(p, 1, 40);
		}
		arena_reset(&a);
	}
	void *big = arena_alloc(&a, 1 << 20);
	cr_assert_not_null(big);
	cr_assert_str_eq(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
	arena_free(&a);
}

Test(fields, lookup_and_suggest)
{
	const FieldDef *f = field_lookup("ip.src");
	cr_assert_not_null(f);
	cr_assert_eq(f->type, FT_IPv4);
	cr_assert_null(field_lookup("ip.srcc"));
	const FieldDef *out[5];
	size_t n = field_suggest("ip.srcc", out, 5);
	cr_assert_geq(n, 1);
	cr_assert_str_eq(out[0]->abbrev, "ip.src");
	n = field_suggest("udp.sport", out, 5);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= strcmp(out[i]->abbrev, "udp.srcport") == 0;
	cr_assert(found);
}

/* Every field table: names present, abbreviations unique and under the
 * table's protocol, no empty slots (a forgotten enum entry). */
Test(fields, tables_are_complete_and_unique)
{
	size_t n = 0;
	for (; field_at(n); n++) {
		const FieldDef *f = field_at(n);
		cr_assert_not_null(f->abbrev, "empty slot at %zu", n);
		cr_assert_not_null(f->name, "%s has no name", f->abbrev);
		cr_assert(f->abbrev[0] != '\0');
	}
	cr_assert_gt(n, 100);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(field_at(i)->abbrev, field_at(j)->abbrev) == 0)
				cr_assert_eq(field_at(i)->type, field_at(j)->type,
					     "%s declared twice with different types", field_at(i)->abbrev);
}

Test(fields, value_tables)
{
	cr_assert_str_eq(vs_lookup(ip_proto_vals, 50), "ESP");
	cr_assert_null(vs_lookup(ip_proto_vals, 253));
	cr_assert_str_eq(vs_name(ip_proto_vals, 253, "Unknown"), "Unknown");
	for (const ValueString *v = ip_proto_vals; v->s; v++)
		for (const ValueString *w = v + 1; w->s; w++)
			cr_assert_neq(v->v, w->v, "duplicate value %u", v->v);
}

Test(registry, sorted_unique_and_found)
{
	size_t n = 0;
	for (const Binding *prev = NULL, *b; (b = registry_binding_at(n)) != NULL; prev = b, n++) {
		if (prev)
			cr_assert(prev->table < b->table || (prev->table == b->table && prev->key < b->key),
				  "binding %zu (table %d, key %u) out of order or duplicated", n, b->table, b->key);
		cr_assert_eq(registry_find(b->table, b->key), b->d);
	}
	cr_assert_gt(n, 20);
	cr_assert_null(registry_find(TABLE_UDP_PORT, 9));
	cr_assert_null(registry_find(TABLE__COUNT, 0));
	cr_assert_str_eq(registry_find(TABLE_UDP_PORT, 4500)->name, "udpencap");
}

/* registry_find answers the hot keys before searching: every key of every
 * table must give what the binding lists say (a linear scan here) */
Test(registry, every_key_agrees_with_the_lists)
{
	for (int t = 0; t < TABLE__COUNT; t++) {
		for (uint32_t key = 0; key <= 0x10000; key++) {
			const Dissector *want = NULL;
			const Binding *b;
			for (size_t i = 0; (b = registry_binding_at(i)) != NULL; i++)
				if ((int)b->table == t && b->key == key)
					want = b->d;
			cr_assert_eq(registry_find((TableId)t, key), want, "table %d key %u", t, key);
		}
	}
	cr_assert_null(registry_find(TABLE_IP_PROTO, 0xffffffffu));
}
