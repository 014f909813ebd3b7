/*
 * test_analyzer.c - attempts and verdict rules from small synthetic
 * summaries (no bytes), and the expectation format.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include <glib.h>

#include "analyzer/analyzer.h"
#include "analyzer/expect.h"

#define S(x) ((int64_t)(x) * 1000000000)

static const uint8_t CLIENT[4] = { 198, 51, 100, 10 }, SERVER[4] = { 203, 0, 113, 20 },
		     RESOLVER[4] = { 198, 51, 100, 1 };

typedef struct {
	GPtrArray *done;
	unsigned opened, stages;
} Seen;

static void on_event(AnalyzerEventKind k, const Attempt *a, StageId st, void *user)
{
	(void)st;
	Seen *s = user;
	if (k == AEV_OPENED)
		s->opened++;
	else if (k == AEV_STAGE)
		s->stages++;
	else
		g_ptr_array_add(s->done, g_memdup2(a, sizeof(*a)));
}

static PacketSummary udp(const uint8_t *src, const uint8_t *dst, uint16_t sp, uint16_t dp)
{
	PacketSummary s;
	memset(&s, 0, sizeof(s));
	s.layers = LAYER_IPV4 | LAYER_UDP;
	s.ip.af = 4;
	s.ip.proto = 17;
	memcpy(s.ip.src, src, 4);
	memcpy(s.ip.dst, dst, 4);
	s.ip.sport = sp;
	s.ip.dport = dp;
	return s;
}

static PacketSummary dns(bool response, uint8_t rcode, const char *name)
{
	PacketSummary s = response ? udp(RESOLVER, CLIENT, 53, 40000) : udp(CLIENT, RESOLVER, 40000, 53);
	s.layers |= LAYER_DNS;
	s.dns.id = 7;
	s.dns.response = response;
	s.dns.rcode = rcode;
	s.dns.qtype = 1;
	g_strlcpy(s.dns.qname, name, sizeof(s.dns.qname));
	if (response && rcode == 0) {
		s.dns.answer_af = 4;
		memcpy(s.dns.answer, SERVER, 4);
	}
	return s;
}

static Seen run(const PacketSummary *pk, const int64_t *ts, size_t n)
{
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0 };
	Analyzer *an = analyzer_new(NULL, on_event, &s);
	for (size_t i = 0; i < n; i++)
		analyzer_feed(an, &pk[i], i + 1, ts[i]);
	analyzer_finish(an);
	analyzer_free(an);
	return s;
}

Test(analyzer, dns_nxdomain_is_dns_failed)
{
	PacketSummary p[] = { dns(false, 0, "vpm.example.com"), dns(true, 3, "vpm.example.com") };
	int64_t t[] = { S(0), S(0) + 1000 };
	Seen s = run(p, t, 2);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert_eq(a->verdict.status, VERDICT_FAILED);
	cr_assert_eq(a->verdict.stage, STAGE_DNS);
	cr_assert_eq(a->verdict.direction, VDIR_R2I);
	cr_assert_eq(a->verdict.cause, CAUSE_DNS_FAILED);
	cr_assert_eq(a->verdict.n_evidence, 2);
	cr_assert_eq(a->verdict.evidence[0], 1);
	cr_assert_eq(a->verdict.evidence[1], 2);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, dns_unanswered_is_dns_failed)
{
	PacketSummary p[] = { dns(false, 0, "vpn.example.com"), udp(CLIENT, RESOLVER, 1, 2) };
	int64_t t[] = { S(0), S(40) };
	Seen s = run(p, t, 2);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert_eq(a->verdict.cause, CAUSE_DNS_FAILED);
	cr_assert(!a->dns_answered);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, lookup_belongs_to_the_attempt)
{
	PacketSummary p[] = { dns(false, 0, "vpn.example.com"), dns(true, 0, "vpn.example.com"),
			      udp(CLIENT, SERVER, 500, 500), udp(SERVER, CLIENT, 500, 500) };
	int64_t t[] = { S(0), S(0) + 1000, S(1), S(1) + 5000 };
	Seen s = run(p, t, 4);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert(a->dns_seen && a->dns_answered);
	cr_assert_str_eq(a->dns_name, "vpn.example.com");
	cr_assert_eq(a->first_frame, 1, "the attempt starts with its lookup");
	cr_assert_eq(a->stages[STAGE_DNS].status, STATUS_COMPLETE);
	cr_assert_eq(a->stages[STAGE_IKE_P1].status, STATUS_COMPLETE);
	cr_assert_neq(a->verdict.status, VERDICT_FAILED);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, ike_unanswered_with_backoff)
{
	PacketSummary p[4];
	int64_t t[] = { S(0), S(2), S(6), S(14) };
	for (int i = 0; i < 4; i++)
		p[i] = udp(CLIENT, SERVER, 500, 500);
	Seen s = run(p, t, 4);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert_eq(a->verdict.status, VERDICT_FAILED);
	cr_assert_eq(a->verdict.stage, STAGE_IKE_P1);
	cr_assert_eq(a->verdict.direction, VDIR_R2I);
	cr_assert_eq(a->verdict.cause, CAUSE_IKE_NO_RESPONSE);
	cr_assert_eq(a->stages[STAGE_IKE_P1].dir[DIR_I2R].retransmissions, 3);
	cr_assert(strstr(a->verdict.detail, "back-off 2.0, 4.0, 8.0 s"), "%s", a->verdict.detail);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, capture_ending_right_after_a_request_is_incomplete)
{
	PacketSummary p[] = { udp(CLIENT, SERVER, 500, 500) };
	int64_t t[] = { S(0) };
	Seen s = run(p, t, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert_eq(a->verdict.status, VERDICT_INCOMPLETE);
	cr_assert_eq(a->verdict.cause, CAUSE_NONE);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, icmp_unreachable_is_a_refusal)
{
	PacketSummary p[] = { udp(CLIENT, SERVER, 500, 500), udp(SERVER, CLIENT, 0, 0) };
	p[1].layers = LAYER_IPV4 | LAYER_ICMP;
	p[1].icmp.type = 3;
	p[1].icmp.code = 3;
	p[1].icmp.error = true;
	p[1].icmp.quoted = p[0].ip;
	int64_t t[] = { S(0), S(0) + 1000 };
	Seen s = run(p, t, 2);
	const Attempt *a = s.done->pdata[0];
	cr_assert_eq(a->verdict.cause, CAUSE_IKE_NO_RESPONSE, "refused at once: no need to wait");
	cr_assert_eq(a->verdict.n_evidence, 2);
	cr_assert_eq(a->verdict.evidence[1], 2);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, attempts_are_bounded)
{
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0 };
	AnalyzerOptions o;
	analyzer_options_default(&o);
	o.max_attempts = 16;
	Analyzer *an = analyzer_new(&o, on_event, &s);
	for (uint32_t i = 0; i < 1000; i++) {
		uint8_t src[4] = { 192, 0, 2, 0 };
		src[2] = (uint8_t)(i >> 8);
		src[3] = (uint8_t)i;
		PacketSummary p = udp(src, SERVER, 500, 500);
		analyzer_feed(an, &p, i + 1, i);
	}
	cr_assert_eq(analyzer_stats(an)->attempts, 1000);
	cr_assert_eq(analyzer_stats(an)->evicted, 1000 - 16);
	cr_assert_eq(s.done->len, 1000 - 16, "evicted attempts are finished and reported");
	analyzer_finish(an);
	cr_assert_eq(s.done->len, 1000);
	analyzer_free(an);
	g_ptr_array_free(s.done, TRUE);
}

Test(expect, parse_and_compare)
{
	const char *text = "# comment\n\nattempt 1 verdict=failed stage=ike-p1 direction=r2i cause=ike-no-response "
			   "profile=l2tp-ipsec nat=none\n";
	GError *err = NULL;
	GArray *e = expect_parse("x.expect", text, &err);
	cr_assert_not_null(e);
	cr_assert_eq(e->len, 1);
	Attempt a;
	memset(&a, 0, sizeof(a));
	a.verdict.status = VERDICT_FAILED;
	a.verdict.stage = STAGE_IKE_P2;
	a.verdict.has_stage = true;
	a.verdict.direction = VDIR_R2I;
	a.verdict.cause = CAUSE_IKE_NO_RESPONSE;
	const Attempt *list[] = { &a };
	GPtrArray *m = g_ptr_array_new_with_free_func(g_free);
	cr_assert_eq(expect_compare("x.expect", e, list, 1, NULL, m), 1);
	cr_assert_str_eq(m->pdata[0], "x.expect:3: attempt 1: stage expected ike-p1, got ike-p2");
	g_ptr_array_set_size(m, 0);
	cr_assert_eq(expect_compare("x.expect", e, list, 0, NULL, m), 1);
	cr_assert_str_eq(m->pdata[0], "x.expect: expected 1 attempt, found 0");
	g_ptr_array_free(m, TRUE);
	g_array_free(e, TRUE);
}

Test(expect, rejects_bad_lines)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "attempt 2 verdict=ok stage=- direction=none cause=- profile=pptp\n", "out of sequence" },
		{ "attempt 1 stage=- verdict=ok direction=none cause=- profile=pptp\n", "expected verdict=" },
		{ "attempt 1 verdict=ok stage=ike-p9 direction=none cause=- profile=pptp\n", "unknown stage 'ike-p9'" },
		{ "attempt 1 verdict=ok stage=- direction=up cause=- profile=pptp\n", "unknown direction" },
		{ "attempt 1 verdict=ok stage=- direction=none cause=- profile=sstp\n", "unknown profile" },
		{ "attempt 1 verdict=ok stage=- direction=none cause=- profile=pptp nat=maybe\n", "unknown nat" },
		{ "attempt 1 verdict=ok\n", "expected 'attempt N" },
		{ "hello\n", "expected 'attempt N" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		GError *err = NULL;
		cr_assert_null(expect_parse("b.expect", bad[i].text, &err), "%s", bad[i].text);
		cr_assert_not_null(err);
		cr_assert(strstr(err->message, bad[i].msg), "%s -> %s", bad[i].text, err->message);
		cr_assert(strstr(err->message, "b.expect:1:"), "%s", err->message);
		g_error_free(err);
	}
}

Test(catalogue, every_cause_is_complete)
{
	for (int c = 1; c < CAUSE__COUNT; c++) {
		const CauseDef *d = cause_def((CauseId)c);
		cr_assert(d->id && d->symptom && d->cause && d->fix, "cause %d incomplete", c);
		CauseId back;
		cr_assert(cause_from_name(d->id, &back) && back == (CauseId)c);
	}
	for (int p = 0; p < PROFILE__COUNT; p++) {
		const Profile *pr = profile_get((ProfileId)p);
		cr_assert_gt(pr->n_stages, 3);
		cr_assert_eq(pr->stages[0], STAGE_DNS);
		cr_assert_eq(pr->stages[pr->n_stages - 1], STAGE_DATA);
	}
}
