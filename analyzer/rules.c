/*
 * rules.c - the verdict of an attempt, from its per-stage, per-direction
 * counts.  One table of rules, tried in order; the first that matches gives
 * the primary cause.  Each rule names its cause (catalogue.c holds the
 * words), its stage, its direction and its evidence frames.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

/* How long a request may wait for its answer before the silence counts
 * as "no answer" when the capture ends (IKE's first retransmission comes
 * after 2 to 4 s; charon, Windows and iOS give up after 30 to 60 s). */
#define ANSWER_GRACE_NS (10LL * 1000000000)

typedef struct {
	CauseId cause;
	bool (*match)(Attempt *a, bool ended, int64_t end_ns);
} Rule;

static void evidence(Attempt *a, uint64_t frame)
{
	if (frame == 0 || a->verdict.n_evidence == ATTEMPT_MAX_EVIDENCE)
		return;
	for (unsigned i = 0; i < a->verdict.n_evidence; i++)
		if (a->verdict.evidence[i] == frame)
			return;
	a->verdict.evidence[a->verdict.n_evidence++] = frame;
}

static void fail(Attempt *a, StageId st, VerdictDirection d)
{
	a->verdict.status = VERDICT_FAILED;
	a->verdict.stage = st;
	a->verdict.has_stage = true;
	a->verdict.direction = d;
}

/* The name did not resolve (NXDOMAIN or another error), or nobody
 * answered, and no IKE packet followed. */
static bool rule_dns_failed(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	const StageStats *d = &a->stages[STAGE_DNS];
	if (!a->dns_seen || (a->dns_answered && a->dns_rcode == 0))
		return false;
	for (int s = 0; s < STAGE__COUNT; s++)
		if (s != STAGE_DNS && a->stages[s].seen)
			return false;
	fail(a, STAGE_DNS, VDIR_R2I);
	evidence(a, a->dns_query_frame);
	evidence(a, a->dns_answer_frame);
	if (a->dns_answered)
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "the lookup of %s was answered with DNS error %u (%s); no IKE packet was sent", a->dns_name,
			 a->dns_rcode, a->dns_rcode == 3 ? "NXDOMAIN, no such name" : "server failure or refusal");
	else
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "the lookup of %s was never answered (%u quer%s); no IKE packet was sent", a->dns_name,
			 d->dir[DIR_I2R].packets, d->dir[DIR_I2R].packets == 1 ? "y" : "ies");
	return true;
}

/* The initiator's IKE requests got no answer at all, or only ICMP errors. */
static bool rule_ike_no_response(Attempt *a, bool ended, int64_t end_ns)
{
	StageId st = a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1;
	const StageStats *s = &a->stages[st];
	const DirStats *i2r = &s->dir[DIR_I2R], *r2i = &s->dir[DIR_R2I];
	if (i2r->packets == 0 || r2i->packets > 0)
		return false;
	bool refused = r2i->errors > 0;
	bool gave_up = !ended || end_ns - i2r->last_ns >= ANSWER_GRACE_NS || i2r->retransmissions >= 2;
	if (!refused && !gave_up)
		return false;
	fail(a, st, VDIR_R2I);
	evidence(a, i2r->first_frame);
	evidence(a, i2r->last_frame);
	for (unsigned i = 0; i < a->n_icmp_errors; i++)
		evidence(a, a->icmp_error_frames[i]);
	char backoff[96] = "";
	size_t o = 0;
	for (unsigned i = 1; i < a->n_retrans_ns && o + 12 < sizeof(backoff); i++)
		o += (size_t)snprintf(backoff + o, sizeof(backoff) - o, "%s%.1f", i > 1 ? ", " : "",
				      (double)(a->retrans_ns[i] - a->retrans_ns[i - 1]) / 1e9);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "the first IKE request was sent %u time%s%s%s%s and never answered%s", i2r->packets,
		 i2r->packets == 1 ? "" : "s", o ? " (back-off " : "", backoff, o ? " s)" : "",
		 refused ? "; ICMP reported the destination unreachable" : "");
	return true;
}

static const Rule rules[] = {
	{ CAUSE_DNS_FAILED, rule_dns_failed },
	{ CAUSE_IKE_NO_RESPONSE, rule_ike_no_response },
};

/* The furthest stage of the profile where anything was seen. */
static int furthest_stage(const Attempt *a)
{
	const Profile *p = profile_get(a->profile);
	int best = -1;
	for (size_t i = 0; i < p->n_stages; i++)
		if (a->stages[p->stages[i]].seen)
			best = (int)i;
	return best;
}

static int cmp_frame(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static void decide(Attempt *a, bool ended, int64_t end_ns);

void rules_decide(Attempt *a, bool ended, int64_t end_ns)
{
	decide(a, ended, end_ns);
	qsort(a->verdict.evidence, a->verdict.n_evidence, sizeof(a->verdict.evidence[0]), cmp_frame);
}

static void decide(Attempt *a, bool ended, int64_t end_ns)
{
	memset(&a->verdict, 0, sizeof(a->verdict));
	const Profile *p = profile_get(a->profile);
	for (size_t i = 0; i < p->n_stages; i++) {
		StageStats *s = &a->stages[p->stages[i]];
		bool both = s->dir[DIR_I2R].packets && s->dir[DIR_R2I].packets;
		s->status = !s->seen ? STATUS_MISSING : both ? STATUS_COMPLETE : STATUS_PARTIAL;
	}
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (rules[i].match(a, ended, end_ns)) {
			a->verdict.cause = rules[i].cause;
			a->stages[a->verdict.stage].status = STATUS_FAILED;
			return;
		}
	}
	/* no failure recognised: the capture shows the attempt up to its
	 * furthest stage, answered both ways; without the later stages'
	 * dissectors that is all that can be said */
	int f = furthest_stage(a);
	a->verdict.status = VERDICT_INCOMPLETE;
	a->verdict.direction = VDIR_NONE;
	if (f >= 0) {
		a->verdict.stage = p->stages[f];
		a->verdict.has_stage = true;
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "packets went both ways up to stage %s; no failure was recognised", stage_name(p->stages[f]));
	}
}
