/*
 * frame.h - the frame layer: frame.* fields and the link-type dispatch.
 */
#ifndef IKS_FRAME_H
#define IKS_FRAME_H

#include "dissect.h"

void frame_dissect(Packet *pkt, Cursor *c, TreeNode *root, int64_t rel_ns, int64_t delta_ns);

extern const FieldTable frame_field_table;

#endif
