/*
 * field.h - field definitions: the public vocabulary of the detail tree.
 *
 * Every value a dissector shows is declared once, in its protocol's const
 * table, with Wireshark's abbreviation ("ip.src", "udp.srcport"), a display
 * name, a type, a base and optionally a value table and a bit mask.  The same
 * definition drives `dissect -V`, `-T fields`, the TUI detail pane and the
 * tests.  Field tables are const data; there are no mutable globals.
 */
#ifndef IKS_FIELD_H
#define IKS_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	FT_NONE,     /* a label / subtree without a value */
	FT_PROTOCOL, /* a protocol's top node */
	FT_UINT8,
	FT_UINT16,
	FT_UINT24,
	FT_UINT32,
	FT_UINT64,
	FT_INT32,
	FT_BOOLEAN,
	FT_IPv4,
	FT_IPv6,
	FT_ETHER,
	FT_BYTES,
	FT_STRING,
	FT_FRAMENUM,
	FT_RELTIME,  /* value: nanoseconds, signed */
	FT_ABSTIME,  /* value: nanoseconds since the epoch */
} FieldType;

typedef enum {
	BASE_NONE,
	BASE_DEC,
	BASE_HEX,
	BASE_DEC_HEX,
	BASE_HEX_DEC,
} FieldBase;

typedef struct {
	uint32_t v;
	const char *s;
} ValueString; /* tables end with { 0, NULL } */

typedef struct {
	const char *abbrev; /* Wireshark's field name, e.g. "ip.src" */
	const char *name;   /* display name, e.g. "Source Address" */
	FieldType type;
	FieldBase base;
	const ValueString *vals; /* optional value names */
	uint64_t mask;           /* optional bit mask (integers, booleans) */
	const char *unit;        /* optional unit suffix shown in the tree (" bytes") */
} FieldDef;

/* A protocol's field table, listed in fields.c for lookup by name. */
typedef struct {
	const char *proto; /* "ip" */
	const FieldDef *defs;
	size_t n;
} FieldTable;

const char *vs_lookup(const ValueString *vs, uint32_t v);
/* Name or "Unknown" for display. */
const char *vs_name(const ValueString *vs, uint32_t v, const char *unknown);

/* The registry of all field tables (fields.c). */
const FieldDef *field_lookup(const char *abbrev);
/* Up to max close matches for an unknown name, best first; returns count. */
size_t field_suggest(const char *abbrev, const FieldDef **out, size_t max);
/* Iterate over every known field; returns NULL past the end. */
const FieldDef *field_at(size_t i);

/* Width of the integer type in bytes (0 when not an integer). */
unsigned field_int_width(FieldType t);
bool field_is_int(FieldType t);

#endif
