/*
 * attempt_text.c - an attempt and its verdict as text (attempt_text.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "analyzer/analyzer.h"
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

/* The verbose per-stage, per-direction table: packets, first/last frame
 * and time (seconds from the attempt's first packet), requests still
 * unanswered at the end, re-sendings with the back-off of the last
 * request re-sent, and errors (error notifies, ICMP errors, result codes). */
static void stage_table(FILE *out, const Attempt *a)
{
	const Profile *p = profile_get(a->profile);
	fprintf(out, "  %-12s %-3s %7s %7s %7s %9s %9s %5s %7s %6s  %s\n", "stage", "dir", "packets", "first",
		"last", "first-s", "last-s", "unans", "retrans", "errors", "back-off");
	for (size_t i = 0; i < p->n_stages; i++) {
		const StageStats *st = &a->stages[p->stages[i]];
		for (int d = 0; d < DIR__COUNT; d++) {
			const DirStats *ds = &st->dir[d];
			if (!st->seen && st->dir[DIR_R2I].errors == 0 && st->dir[DIR_I2R].errors == 0) {
				fprintf(out, "  %-12s (nothing seen)\n", stage_name(p->stages[i]));
				break;
			}
			if (ds->packets == 0 && ds->errors == 0) {
				fprintf(out, "  %-12s %-3s %7u\n", d ? "" : stage_name(p->stages[i]), d == DIR_I2R ? "i2r" : "r2i",
					0u);
				continue;
			}
			char bo[96];
			backoff_text(ds, bo, sizeof(bo));
			fprintf(out, "  %-12s %-3s %7u %7" PRIu64 " %7" PRIu64 " %9.3f %9.3f %5u %7u %6u  %s\n",
				d ? "" : stage_name(p->stages[i]), d == DIR_I2R ? "i2r" : "r2i", ds->packets, ds->first_frame,
				ds->last_frame, (double)(ds->first_ns - a->first_ns) / 1e9,
				(double)(ds->last_ns - a->first_ns) / 1e9, ds->unanswered, ds->retransmissions, ds->errors,
				bo[0] ? bo + 1 : "-");
		}
	}
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
		fprintf(out, "  OK: %s\n", v->detail[0] ? v->detail : "the connection came up");
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
		fputs(v->status != VERDICT_FAILED	 ? ""
		      : v->basis == BASIS_DECRYPTED ? " (seen decrypted)"
		      : v->basis == BASIS_INFERRED  ? " (likely: inferred without keys)"
						     : "",
		      out);
		fputc('\n', out);
	}
	if (v->confirm_with[0])
		fprintf(out, "  %s: %s\n", v->status == VERDICT_OK ? "L2TP and PPP inside ESP would show with" : "confirm with",
			v->confirm_with);
	FindingList fl;
	findings_list(a, &fl);
	if (fl.n) {
		fputs("  notes:\n", out);
		for (unsigned i = 0; i < fl.n; i++) {
			const Finding *f = &fl.f[i];
			fprintf(out, "    - %s: %s", finding_def(f->id)->id, f->text);
			for (unsigned k = 0; k < f->n_evidence; k++)
				fprintf(out, "%s%" PRIu64, k ? ", " : f->n_evidence > 1 ? " (frames " : " (frame ",
					f->evidence[k]);
			fputs(f->n_evidence ? ")\n" : "\n", out);
		}
	}
	if (s->verbose)
		stage_table(out, a);
}

