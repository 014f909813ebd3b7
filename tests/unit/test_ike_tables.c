/*
 * test_ike_tables.c - the IKE value tables are sorted and unique, the
 * vendor-ID table is sorted and every entry is found by its own bytes.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "dissectors/ike_tables.h"

Test(ike_tables, value_tables_sorted_and_unique)
{
	cr_assert_gt(ike_value_table_count, 40);
	for (size_t t = 0; t < ike_value_table_count; t++) {
		const ValueString *vs = ike_value_tables[t].vs;
		cr_assert(vs[0].s != NULL, "%s is empty", ike_value_tables[t].name);
		for (size_t i = 1; vs[i].s; i++)
			cr_assert_gt(vs[i].v, vs[i - 1].v, "%s: %u after %u", ike_value_tables[t].name, vs[i].v,
				     vs[i - 1].v);
	}
}

static int vid_cmp(const IkeVendor *a, const IkeVendor *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->id, b->id, n);
	return c ? c : (int)a->len - (int)b->len;
}

Test(ike_tables, vendor_table_sorted_unique_and_found)
{
	for (size_t i = 0; i < ike_vendor_count; i++) {
		const IkeVendor *v = &ike_vendor_table[i];
		if (i)
			cr_assert_lt(vid_cmp(&ike_vendor_table[i - 1], v), 0, "vendor %s out of order", v->name);
		cr_assert_eq(ike_vendor_lookup(v->id, v->len), v, "vendor %s not found by its bytes", v->name);
		cr_assert(v->flag != 0, "vendor %s has no flag", v->name);
	}
}

Test(ike_tables, vendor_lookup_prefix_and_exact)
{
	/* MS NT5 ISAKMPOAKLEY with a version suffix matches by prefix */
	static const uint8_t ms[] = { 0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96,
				      0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61, 0x00, 0x00, 0x00, 0x09 };
	const IkeVendor *v = ike_vendor_lookup(ms, sizeof(ms));
	cr_assert_not_null(v);
	cr_assert_eq(v->flag, IKE_VID_MS_NT5);
	/* RFC 3947 is an exact match: one more byte is another vendor ID */
	static const uint8_t rfc[] = { 0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c,
				       0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f, 0x00 };
	cr_assert_eq(ike_vendor_lookup(rfc, 16)->flag, IKE_VID_NATT_RFC);
	cr_assert_null(ike_vendor_lookup(rfc, 17));
	cr_assert_null(ike_vendor_lookup(rfc, 3));
	cr_assert_null(ike_vendor_lookup(NULL, 0));
}
