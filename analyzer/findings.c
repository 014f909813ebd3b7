/*
 * findings.c - the secondary findings of an attempt: facts worth knowing
 * besides the one primary cause (NAT, weak algorithms, retries, rekeys,
 * dead peer detection, ESP sequence anomalies, capture drops).  One table,
 * one row per finding; each test reads the attempt (built from summaries
 * only) and writes at most `room` findings.  The words that describe a
 * finding id live in catalogue.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analyzer.h"

typedef unsigned (*FindingTest)(const Attempt *a, Finding *out, unsigned room);

static void cite(Finding *f, uint64_t frame)
{
	if (frame == 0 || f->n_evidence == FINDING_MAX_EVIDENCE)
		return;
	for (unsigned i = 0; i < f->n_evidence; i++)
		if (f->evidence[i] == frame)
			return;
	f->evidence[f->n_evidence++] = frame;
}

/* A line longer than the finding holds is cut (the numbers come first). */
static void set_text(Finding *f, const char *line)
{
	size_t n = strlen(line);
	if (n >= sizeof(f->text))
		n = sizeof(f->text) - 1;
	memcpy(f->text, line, n);
	f->text[n] = '\0';
}

static void at_stage(Finding *f, StageId st)
{
	f->has_stage = true;
	f->stage = st;
}

static StageId first_ike_stage(const Attempt *a)
{
	return a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1;
}

static VerdictDirection answering(Direction sender)
{
	return sender == DIR_I2R ? VDIR_R2I : VDIR_I2R;
}

/* " 4 times (back-off 2.0, 4.0, 8.0 s)": a re-sent request's copies */
void backoff_text(const DirStats *d, char *buf, size_t size)
{
	buf[0] = '\0';
	if (d->resent == 0 || size < 16)
		return;
	size_t o = (size_t)snprintf(buf, size, " %" PRIu32 " times (back-off ", d->resent + 1);
	unsigned n = d->resent < DIR_MAX_BACKOFF ? d->resent : DIR_MAX_BACKOFF;
	for (unsigned i = 0; i < n && o + 16 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%.1f", i ? ", " : "", d->backoff_ms[i] / 1000.0);
	if (o + 8 < size)
		snprintf(buf + o, size - o, "%s s)", d->resent > n ? ", ..." : "");
}

static unsigned nat_detected(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	if (!a->nat_initiator && !a->nat_responder)
		return 0;
	at_stage(f, first_ike_stage(a));
	const char *moved = a->first_4500_frame ? "; the exchange floated to UDP 4500" : "; no move to UDP 4500 was seen";
	snprintf(f->text, sizeof(f->text), "NAT detected (NAT-D): %s behind NAT%s",
		 a->nat_initiator && a->nat_responder ? "both sides are"
		 : a->nat_initiator		      ? "the client (initiator) is"
						      : "the server (responder) is",
		 moved);
	cite(f, a->nat_frame);
	cite(f, a->first_4500_frame);
	return 1;
}

static void weak_list(uint8_t bits, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < WEAK__BITS && o + 12 < size; i++)
		if (bits & (1u << i))
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "", weak_name(i));
}

static unsigned weak_proposal(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	if (!a->weak_offered && !a->weak_chosen)
		return 0;
	char chosen[48], offered[48];
	weak_list(a->weak_chosen, chosen, sizeof(chosen));
	weak_list((uint8_t)(a->weak_offered & ~a->weak_chosen), offered, sizeof(offered));
	at_stage(f, first_ike_stage(a));
	if (a->weak_chosen)
		snprintf(f->text, sizeof(f->text), "weak algorithms chosen: %s%s%s", chosen,
			 offered[0] ? "; also offered: " : "", offered);
	else
		snprintf(f->text, sizeof(f->text), "weak algorithms offered: %s%s", offered,
			 a->stages[first_ike_stage(a)].dir[DIR_R2I].packets && !a->no_proposal
				 ? " (not in the chosen proposal)"
				 : "");
	cite(f, a->weak_chosen_frame);
	cite(f, a->weak_offered_frame);
	return 1;
}

static unsigned shared_nat(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	if (a->nat_peers == 0)
		return 0;
	snprintf(f->text, sizeof(f->text),
		 "%" PRIu32 " other client%s behind the same NAT talked to this server at the same time", a->nat_peers,
		 a->nat_peers == 1 ? "" : "s");
	cite(f, a->nat_peer_frame);
	return 1;
}

/* Stages that came up, but only after re-sendings: one finding each. */
static unsigned retransmissions(const Attempt *a, Finding *out, unsigned room)
{
	const Profile *p = profile_get(a->profile);
	const Verdict *v = &a->verdict;
	unsigned n = 0;
	for (size_t i = 0; i < p->n_stages && n < room; i++) {
		StageId st = p->stages[i];
		const StageStats *s = &a->stages[st];
		if (!s->dir[DIR_I2R].packets || !s->dir[DIR_R2I].packets ||
		    (v->status != VERDICT_OK && v->has_stage && v->stage == st))
			continue;
		/* the initiator's re-sendings first: its requests are the ones answered */
		Direction d = s->dir[DIR_I2R].retransmissions ? DIR_I2R : DIR_R2I;
		const DirStats *ds = &s->dir[d];
		if (!ds->retransmissions)
			continue;
		Finding *f = &out[n++];
		at_stage(f, st);
		f->direction = answering(d);
		char bo[96], all[48] = "";
		backoff_text(ds, bo, sizeof(bo));
		if (ds->retransmissions > ds->resent)
			snprintf(all, sizeof(all), "; %" PRIu32 " re-sendings in all", ds->retransmissions);
		char line[256];
		snprintf(line, sizeof(line), "%s came up after the %s re-sent a request%s%s%s", stage_name(st),
			 d == DIR_I2R ? "client" : "server", bo[0] ? ": sent" : "", bo, all);
		set_text(f, line);
		cite(f, ds->resent_frame);
	}
	return n;
}

static unsigned rekey(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	bool v2 = a->profile == PROFILE_IKEV2;
	unsigned again = v2 ? a->p2_exchanges : a->p2_exchanges > 1 ? a->p2_exchanges - 1u : 0;
	if (again == 0)
		return 0;
	at_stage(f, v2 ? STAGE_CHILD_SA : STAGE_IKE_P2);
	if (v2)
		snprintf(f->text, sizeof(f->text),
			 "%u CREATE_CHILD_SA exchange%s after IKE_AUTH (rekeys or further child SAs)", again,
			 again == 1 ? "" : "s");
	else
		snprintf(f->text, sizeof(f->text), "Quick Mode ran %u times: phase 2 was rekeyed %u time%s",
			 a->p2_exchanges, again, again == 1 ? "" : "s");
	cite(f, a->rekey_frame);
	return 1;
}

/* Periodic informationals after setup that the peer outlived (the
 * unanswered kind is the primary cause peer-gone). */
static unsigned dpd(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	if (a->verdict.cause == CAUSE_PEER_GONE)
		return 0;
	for (int d = 0; d < DIR__COUNT; d++) {
		int64_t span = a->info_up_last_ns[d] - a->info_up_first_ns[d];
		if (a->info_up[d] < 2 || span < 5LL * 1000000000)
			continue;
		at_stage(f, STAGE_DATA);
		snprintf(f->text, sizeof(f->text),
			 "dead peer detection: the %s sent %" PRIu32 " IKE informational messages over %.0f s after setup, "
			 "and the %s kept answering",
			 d == DIR_I2R ? "client" : "server", a->info_up[d], (double)span / 1e9,
			 d == DIR_I2R ? "server" : "client");
		cite(f, a->info_up_first_frame[d]);
		return 1;
	}
	return 0;
}

static unsigned esp_sequence(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	bool any[DIR__COUNT];
	for (int d = 0; d < DIR__COUNT; d++)
		any[d] = a->esp_gaps[d] || a->esp_replays[d] || a->esp_reordered[d];
	if (!any[DIR_I2R] && !any[DIR_R2I])
		return 0;
	at_stage(f, STAGE_ESP);
	f->direction = any[DIR_I2R] && any[DIR_R2I] ? VDIR_BOTH : any[DIR_I2R] ? VDIR_I2R : VDIR_R2I;
	size_t o = (size_t)snprintf(f->text, sizeof(f->text), "ESP sequence numbers:");
	for (int d = 0; d < DIR__COUNT; d++) {
		if (!any[d] || o >= sizeof(f->text))
			continue;
		o += (size_t)snprintf(f->text + o, sizeof(f->text) - o,
				      "%s %s %" PRIu32 " gap%s, %" PRIu32 " replay%s, %" PRIu32 " reordered",
				      d == DIR_R2I && any[DIR_I2R] ? ";" : "", d == DIR_I2R ? "i2r" : "r2i", a->esp_gaps[d],
				      a->esp_gaps[d] == 1 ? "" : "s", a->esp_replays[d], a->esp_replays[d] == 1 ? "" : "s",
				      a->esp_reordered[d]);
		cite(f, a->esp_seq_frame[d]);
	}
	return 1;
}

static unsigned drops(const Attempt *a, Finding *f, unsigned room)
{
	(void)room;
	if (a->drops == 0)
		return 0;
	snprintf(f->text, sizeof(f->text),
		 "the capture dropped %" PRIu64 " packet%s while this attempt was live; the verdict may miss them",
		 a->drops, a->drops == 1 ? "" : "s");
	return 1;
}

static const struct {
	FindingId id;
	FindingTest test;
} finding_rules[] = {
	{ FINDING_NAT_DETECTED, nat_detected },
	{ FINDING_WEAK_PROPOSAL, weak_proposal },
	{ FINDING_SHARED_NAT, shared_nat },
	{ FINDING_RETRANSMISSIONS, retransmissions },
	{ FINDING_REKEY, rekey },
	{ FINDING_DPD, dpd },
	{ FINDING_ESP_SEQUENCE, esp_sequence },
	{ FINDING_DROPS, drops },
};

void findings_list(const Attempt *a, FindingList *v)
{
	v->n = 0;
	for (size_t r = 0; r < sizeof(finding_rules) / sizeof(finding_rules[0]); r++) {
		unsigned room = ATTEMPT_MAX_FINDINGS - v->n;
		if (room == 0)
			break;
		Finding *out = &v->f[v->n];
		memset(out, 0, room * sizeof(*out));
		unsigned n = finding_rules[r].test(a, out, room);
		for (unsigned i = 0; i < n; i++) {
			out[i].id = finding_rules[r].id;
			/* frames ascending (a handful: insertion sort) */
			for (unsigned k = 1; k < out[i].n_evidence; k++)
				for (unsigned j = k; j > 0 && out[i].evidence[j - 1] > out[i].evidence[j]; j--) {
					uint64_t t = out[i].evidence[j];
					out[i].evidence[j] = out[i].evidence[j - 1];
					out[i].evidence[j - 1] = t;
				}
		}
		v->n += n;
	}
}
