/*
 * render.h - text renderings of a dissected packet: the one-line summary,
 * the detail tree (-V), the hex dump (-x) and tab-separated fields
 * (-T fields).  Front ends only render; the packet is not changed.
 */
#ifndef IKS_RENDER_H
#define IKS_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "dissectors/dissect.h"

void render_summary_line(FILE *out, const Packet *pkt, int64_t rel_ns, bool nano);
void render_tree(FILE *out, const Packet *pkt, bool show_abbrev);
void render_hex(FILE *out, const Packet *pkt);

typedef struct {
	const FieldDef **defs;
	size_t n;
	char occurrence_sep; /* ',' like tshark */
} FieldList;

void render_fields(FILE *out, const Packet *pkt, const FieldList *fl);

#endif
