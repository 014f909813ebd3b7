/*
 * attempt_text.c - an attempt and its verdict as text (attempt_text.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "analyzer/expect.h"
#include "analyzer/json.h"
#include "attempt_text.h"

bool attempt_style_utf8(FILE *out)
{
	const char *cs = g_getenv("LC_ALL");
	if (!cs || !*cs)
		cs = g_getenv("LC_CTYPE");
	if (!cs || !*cs)
		cs = g_getenv("LANG");
	return isatty(fileno(out)) && cs && (strstr(cs, "UTF-8") || strstr(cs, "utf8"));
}

static const char *mark(const AttemptStyle *s, const DirStats *d, bool failed)
{
	if (failed)
		return s->utf8 ? "\xe2\x9c\x97" : "x"; /* ✗ */
	if (d->packets > 0)
		return s->utf8 ? "\xe2\x9c\x93" : "+"; /* ✓ */
	return s->utf8 ? "\xc2\xb7" : ".";             /* · */
}

void attempt_print(FILE *out, const Attempt *a, const AttemptStyle *s)
{
	char ini[80], resp[80];
	attempt_endpoint(a, true, ini, sizeof(ini));
	attempt_endpoint(a, false, resp, sizeof(resp));
	const Verdict *v = &a->verdict;
	const char *arrow = s->utf8 ? "\xe2\x86\x92" : "->";
	fprintf(out, "attempt %u  %s  %s %s %s  frames %" PRIu64 "-%" PRIu64 "  NAT: %s\n", a->id,
		profile_get(a->profile)->name, ini, arrow, resp, a->first_frame, a->last_frame, attempt_nat(a));
	if (a->dns_seen)
		fprintf(out, "  lookup of %s: %s\n", a->dns_name,
			!a->dns_answered ? "no answer" : a->dns_rcode == 0 ? "answered" : "failed");
	/* the stage ladder: per stage, initiator->responder then back */
	const Profile *p = profile_get(a->profile);
	fputs("  ", out);
	for (size_t i = 0; i < p->n_stages; i++) {
		const StageStats *st = &a->stages[p->stages[i]];
		bool failed_here = v->status == VERDICT_FAILED && v->stage == p->stages[i];
		fprintf(out, "%s %s%s%s", stage_name(p->stages[i]),
			mark(s, &st->dir[DIR_I2R], failed_here && v->direction == VDIR_I2R),
			mark(s, &st->dir[DIR_R2I], failed_here && (v->direction == VDIR_R2I || v->direction == VDIR_BOTH)),
			i + 1 < p->n_stages ? "  " : "\n");
	}
	switch (v->status) {
	case VERDICT_OK:
		fputs("  OK: the connection came up\n", out);
		break;
	case VERDICT_INCOMPLETE:
		fprintf(out, "  INCOMPLETE%s%s: %s\n", v->has_stage ? " at " : "", v->has_stage ? stage_name(v->stage) : "",
			v->detail[0] ? v->detail : "the capture ends before the outcome is known");
		break;
	case VERDICT_FAILED: {
		const CauseDef *c = cause_def(v->cause);
		fprintf(out, "  FAILED at %s, %s: %s\n", stage_name(v->stage), verdict_direction_name(v->direction),
			c->id);
		if (v->detail[0])
			fprintf(out, "  seen: %s\n", v->detail);
		fprintf(out, "  likely cause: %s\n", c->cause);
		fprintf(out, "  fix: %s\n", c->fix);
		if (c->windows)
			fprintf(out, "  Windows: %s\n", c->windows);
		break;
	}
	}
	if (v->n_evidence) {
		fputs("  evidence: frame", out);
		fputs(v->n_evidence > 1 ? "s " : " ", out);
		for (unsigned i = 0; i < v->n_evidence; i++)
			fprintf(out, "%s%" PRIu64, i ? ", " : "", v->evidence[i]);
		fputc('\n', out);
	}
	if (s->verbose) {
		fprintf(out, "  %-13s %8s %8s %8s %8s %8s %8s\n", "stage", "i2r", "retrans", "errors", "r2i", "retrans",
			"errors");
		for (size_t i = 0; i < p->n_stages; i++) {
			const StageStats *st = &a->stages[p->stages[i]];
			fprintf(out, "  %-13s %8u %8u %8u %8u %8u %8u\n", stage_name(p->stages[i]),
				st->dir[DIR_I2R].packets, st->dir[DIR_I2R].retransmissions, st->dir[DIR_I2R].errors,
				st->dir[DIR_R2I].packets, st->dir[DIR_R2I].retransmissions, st->dir[DIR_R2I].errors);
		}
	}
}

