/*
 * attempt_text.h - an attempt and its verdict as the text of `ikescope
 * report` (shared by report and live).
 */
#ifndef IKS_ATTEMPT_TEXT_H
#define IKS_ATTEMPT_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "analyzer/model.h"

typedef struct {
	bool utf8;    /* check marks and arrows; otherwise plain ASCII */
	bool verbose; /* add the per-stage, per-direction table */
} AttemptStyle;

/* True when out is a terminal and the locale's character set is UTF-8. */
bool attempt_style_utf8(FILE *out);
/* The attempt's header, ladder, verdict, evidence (and table). */
void attempt_print(FILE *out, const Attempt *a, const AttemptStyle *s);

#endif
