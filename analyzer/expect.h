/*
 * expect.h - expected outcomes of a capture (doc/expectations.md): parse
 * the `.expect` format and compare it with the attempts found.
 */
#ifndef IKS_EXPECT_H
#define IKS_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "model.h"

typedef struct {
	unsigned line;      /* line in the file */
	unsigned n;         /* attempt N */
	VerdictStatus verdict;
	bool has_stage;
	StageId stage;
	VerdictDirection direction;
	CauseId cause;
	ProfileId profile;
	bool has_nat;
	char nat[8];        /* client|server|both|none */
	bool has_findings;
	uint32_t findings;  /* 1 << FindingId: must be among the attempt's (0 with "-": none at all) */
} Expectation;

/* Parse the text of an expectation file; `name` is used in messages.
 * Returns NULL with err set ("NAME:LINE: what is wrong") on the first bad
 * line. */
GArray *expect_parse(const char *name, const char *text, GError **err);

/* Compare: one message per difference, "NAME:LINE: attempt N: KEY
 * expected E, got G" (or the count mismatch); returns the number of
 * differences.  `nat_of` gives an attempt's nat word. */
unsigned expect_compare(const char *name, const GArray *exp, const Attempt *const *attempts, size_t n,
			const char *(*nat_of)(const Attempt *), GPtrArray *messages);

const char *verdict_status_name(VerdictStatus s);
const char *verdict_direction_name(VerdictDirection d);

#endif
