/*
 * fields.c - the index of every field table: lookup by abbreviation (for
 * `-T fields -e`), suggestions for unknown names, value-string lookup.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "protos.h"

static const FieldTable *const tables[] = {
	&frame_field_table,
	&link_field_table,
	&ip_field_table,
	&ipv6_field_table,
	&udp_field_table,
	&tcp_field_table,
	&icmp_field_table,
	&icmpv6_field_table,
	&dns_field_table,
	&gre_field_table,
	&esp_field_table,
	&ah_field_table,
	&ipcomp_field_table,
	&udpencap_field_table,
	/* IKE (issue 4) */
	&isakmp_field_table,
	/* ESP/AH decryption (issue 5) */
	/* L2TP, PPP, PPTP (issue 6) */
	&l2tp_field_table,
	&ppp_field_table,
	&pptp_field_table,
};

#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

const FieldDef *field_at(size_t i)
{
	for (size_t t = 0; t < N_TABLES; t++) {
		if (i < tables[t]->n)
			return &tables[t]->defs[i];
		i -= tables[t]->n;
	}
	return NULL;
}

const FieldDef *field_lookup(const char *abbrev)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (size_t i = 0; i < tables[t]->n; i++)
			if (tables[t]->defs[i].abbrev && strcmp(tables[t]->defs[i].abbrev, abbrev) == 0)
				return &tables[t]->defs[i];
	return NULL;
}

/* Levenshtein distance, capped work: names are short. */
static unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 1000;
	unsigned row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned prev = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cur = row[j];
			unsigned sub = prev + (a[i - 1] != b[j - 1]);
			unsigned del = row[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			prev = cur;
		}
	}
	return row[lb];
}

size_t field_suggest(const char *abbrev, const FieldDef **out, size_t max)
{
	size_t n = 0;
	unsigned dist[16];
	if (max > 16)
		max = 16;
	for (size_t i = 0;; i++) {
		const FieldDef *f = field_at(i);
		if (!f)
			break;
		unsigned d = edit_distance(abbrev, f->abbrev);
		if (strstr(f->abbrev, abbrev) || strstr(abbrev, f->abbrev))
			d = d > 2 ? 2 : d;
		size_t len = strlen(abbrev);
		if (d > 3 + len / 6)
			continue;
		/* insertion sort into the best `max` */
		size_t k = n < max ? n++ : max;
		if (k == max && d >= dist[max - 1])
			continue;
		if (k == max)
			k = max - 1;
		while (k > 0 && dist[k - 1] > d) {
			dist[k] = dist[k - 1];
			out[k] = out[k - 1];
			k--;
		}
		dist[k] = d;
		out[k] = f;
	}
	return n;
}

const char *vs_lookup(const ValueString *vs, uint32_t v)
{
	if (!vs)
		return NULL;
	for (; vs->s; vs++)
		if (vs->v == v)
			return vs->s;
	return NULL;
}

const char *vs_name(const ValueString *vs, uint32_t v, const char *unknown)
{
	const char *s = vs_lookup(vs, v);
	return s ? s : unknown;
}

unsigned field_int_width(FieldType t)
{
	switch (t) {
	case FT_UINT8: return 1;
	case FT_UINT16: return 2;
	case FT_UINT24: return 3;
	case FT_UINT32: return 4;
	case FT_FRAMENUM: return 4;
	case FT_INT32: return 4;
	case FT_UINT64: return 8;
	case FT_BOOLEAN: return 1;
	default: return 0;
	}
}

bool field_is_int(FieldType t)
{
	return t == FT_UINT8 || t == FT_UINT16 || t == FT_UINT24 || t == FT_UINT32 || t == FT_UINT64 ||
	       t == FT_INT32;
}
