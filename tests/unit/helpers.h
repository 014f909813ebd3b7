/*
 * helpers.h - shared helpers for the Criterion unit tests: dissect a byte
 * array written in the test and look at the resulting tree and summary.
 */
#ifndef IKS_TEST_HELPERS_H
#define IKS_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "dissectors/dissect.h"

/* Link types used by tests (libpcap DLT_ values). */
#define T_DLT_EN10MB 1
#define T_DLT_RAW 12

typedef struct {
	DissectCtx *ctx;
	Packet pkt;
	uint8_t *data; /* a heap copy of exactly caplen bytes, so ASan sees overreads */
} TestPacket;

/* Dissect `caplen` bytes of `bytes` (wire length `len`, 0 = caplen) with a
 * tree and info.  The copy is freed by t_free. */
TestPacket *t_dissect(int linktype, const uint8_t *bytes, size_t caplen, size_t len);
/* Dissect again in the same context (for reassembly tests). */
void t_dissect_more(TestPacket *tp, int linktype, const uint8_t *bytes, size_t caplen, size_t len);
void t_free(TestPacket *tp);

/* The n-th (from 0) node with that field abbreviation, or NULL. */
const TreeNode *t_find(const TestPacket *tp, const char *abbrev, unsigned nth);
/* All occurrences' `-T fields` text joined with ',' ("" when absent).
 * Returns a static buffer overwritten by the next call. */
const char *t_field(const TestPacket *tp, const char *abbrev);
/* Dissect every prefix (0..n bytes captured of n on the wire) of a
 * packet: none may crash (the sanitizers watch the reads), every short
 * prefix must be flagged CUR_TRUNCATED and, when `well_formed`, the whole
 * packet must carry no error.  Asserts through Criterion. */
void t_every_prefix(int linktype, const uint8_t *b, size_t n, int well_formed);
/* True when the packet carries the event. */
int t_has_event(const TestPacket *tp, EventId id);

#endif
