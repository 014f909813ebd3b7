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
#include "analyzer/json.h"

#define S(x) ((int64_t)(x) * 1000000000)

static const uint8_t CLIENT[4] = { 198, 51, 100, 10 }, SERVER[4] = { 203, 0, 113, 20 },
		     RESOLVER[4] = { 198, 51, 100, 1 };

typedef struct {
	GPtrArray *done;
	unsigned opened, stages, stalls;
	StageId stall_stage;
	bool stall_server; /* the client waits for the server */
} Seen;

static void on_event(AnalyzerEventKind k, const Attempt *a, StageId st, void *user)
{
	(void)st;
	Seen *s = user;
	if (k == AEV_OPENED)
		s->opened++;
	else if (k == AEV_STAGE)
		s->stages++;
	else if (k == AEV_STALLED) {
		s->stalls++;
		s->stall_stage = st;
		s->stall_server = a->stall_reported[st][DIR_I2R];
	} else
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
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
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

Test(analyzer, lookup_retried_then_answered_is_one_attempt)
{
	/* the resolver asks three times (a new id the third time), the last
	 * copy is answered and IKE follows: one attempt, not a failed lookup
	 * beside it, and the DNS stage shows the retries and their back-off */
	PacketSummary p[] = { dns(false, 0, "vpn.example.com"), dns(false, 0, "vpn.example.com"),
			      dns(false, 0, "vpn.example.com"), dns(true, 0, "vpn.example.com"),
			      udp(CLIENT, SERVER, 500, 500), udp(SERVER, CLIENT, 500, 500) };
	p[2].dns.id = p[3].dns.id = 8;
	int64_t t[] = { S(0), S(1), S(3), S(3) + 1000, S(4), S(4) + 5000 };
	Seen s = run(p, t, 6);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert_neq(a->verdict.status, VERDICT_FAILED);
	cr_assert_eq(a->first_frame, 1, "the attempt starts with the first query");
	const DirStats *q = &a->stages[STAGE_DNS].dir[DIR_I2R];
	cr_assert_eq(q->packets, 3);
	cr_assert_eq(q->retransmissions, 2);
	cr_assert_eq(q->last_frame, 3);
	cr_assert_eq(q->resent, 2);
	cr_assert_eq(q->backoff_ms[0], 1000);
	cr_assert_eq(q->backoff_ms[1], 2000);
	cr_assert_eq(a->stages[STAGE_DNS].dir[DIR_R2I].first_ns, S(3) + 1000);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, lookup_retried_unanswered_counts_every_query)
{
	PacketSummary p[] = { dns(false, 0, "vpn.example.com"), dns(false, 0, "vpn.example.com"),
			      udp(CLIENT, RESOLVER, 1, 2) };
	int64_t t[] = { S(0), S(5), S(60) };
	Seen s = run(p, t, 3);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	cr_assert_eq(a->verdict.cause, CAUSE_DNS_FAILED);
	cr_assert_eq(a->stages[STAGE_DNS].dir[DIR_I2R].packets, 2);
	cr_assert_eq(a->stages[STAGE_DNS].dir[DIR_I2R].backoff_ms[0], 5000);
	cr_assert(strstr(a->verdict.detail, "(2 queries)"), "%s", a->verdict.detail);
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
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
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

/* A flood of one-packet initiations evicts its own kind: an attempt that
 * has progressed (packets both ways) stays live however many arrive, and
 * is finished with the capture, not early. */
Test(analyzer, flood_evicts_fresh_attempts_first)
{
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
	AnalyzerOptions o;
	analyzer_options_default(&o);
	o.max_attempts = 16;
	Analyzer *an = analyzer_new(&o, on_event, &s);
	uint64_t frame = 1;
	for (int k = 0; k < 2; k++) {
		PacketSummary q = udp(CLIENT, SERVER, 500, 500), r = udp(SERVER, CLIENT, 500, 500);
		analyzer_feed(an, &q, frame++, 0);
		analyzer_feed(an, &r, frame++, 0);
	}
	for (uint32_t i = 0; i < 5000; i++) {
		uint8_t src[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		PacketSummary p = udp(src, SERVER, 500, 500);
		analyzer_feed(an, &p, frame++, 1000);
	}
	cr_assert_eq(analyzer_stats(an)->evicted, 5000 - 15, "the progressed attempt holds its slot");
	for (guint i = 0; i < s.done->len; i++)
		cr_assert_neq(((Attempt *)s.done->pdata[i])->first_frame, 1, "the real attempt was evicted");
	analyzer_finish(an);
	cr_assert_eq(s.done->len, 5001);
	bool found = false;
	for (guint i = 0; i < s.done->len; i++) {
		const Attempt *a = s.done->pdata[i];
		if (a->first_frame == 1)
			found = a->stages[STAGE_IKE_P1].dir[DIR_R2I].packets == 2;
	}
	cr_assert(found, "the real attempt is finished at the end with all its packets");
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
		{ "attempt 1 verdict=ok stage=- direction=none cause=- profile=pptp findings=nat-detected,frobbed\n",
		  "unknown finding 'frobbed'" },
		{ "attempt 1 verdict=ok stage=- direction=none cause=- profile=pptp findings=- nat=none\n",
		  "unexpected word 'nat=none'" },
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

/* ---- IKE, ESP, L2TP, PPP summaries ------------------------------------ */


typedef struct {
	PacketSummary p[64];
	int64_t t[64];
	size_t n;
} Flow;

static PacketSummary *add(Flow *f, PacketSummary s, double at)
{
	f->p[f->n] = s;
	f->t[f->n] = (int64_t)(at * 1e9);
	return &f->p[f->n++];
}

static const uint8_t ISPI[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, RSPI[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };

/* An IKEv1 message: i2r from the client, r2i from the server. */
static PacketSummary ike1(bool i2r, uint8_t exch, bool encrypted, uint16_t port)
{
	PacketSummary s = i2r ? udp(CLIENT, SERVER, port, port) : udp(SERVER, CLIENT, port, port);
	s.layers |= LAYER_IKE;
	s.ike.version = 1;
	s.ike.exch = exch;
	s.ike.encrypted = encrypted;
	memcpy(s.ike.ispi, ISPI, 8);
	return s;
}

/* Main Mode 1-4 (and 5-6 when `full`), with responder cookies after MM1. */
static void main_mode(Flow *f, bool full, double *at)
{
	PacketSummary *m;
	add(f, ike1(true, 2, false, 500), *at += 0.01);
	for (int i = 0; i < 3; i++) {
		m = add(f, ike1(i % 2 == 0 ? false : true, 2, false, 500), *at += 0.01);
		memcpy(m->ike.rspi, RSPI, 8);
	}
	if (full) {
		m = add(f, ike1(true, 2, true, 500), *at += 0.01);
		memcpy(m->ike.rspi, RSPI, 8);
		m = add(f, ike1(false, 2, true, 500), *at += 0.01);
		memcpy(m->ike.rspi, RSPI, 8);
	}
}

static void quick_mode(Flow *f, double *at)
{
	for (int i = 0; i < 3; i++) {
		PacketSummary *m = add(f, ike1(i != 1, 32, true, 500), *at += 0.01);
		memcpy(m->ike.rspi, RSPI, 8);
		m->ike.msgid = 77;
	}
}

static PacketSummary esp(bool i2r)
{
	PacketSummary s = udp(i2r ? CLIENT : SERVER, i2r ? SERVER : CLIENT, 0, 0);
	s.layers = LAYER_IPV4 | LAYER_ESP;
	s.ip.proto = 50;
	return s;
}

/* ESP carrying L2TP (decrypted): a control message, or PPP */
static PacketSummary l2tp_ctl(bool i2r, uint16_t type)
{
	PacketSummary s = esp(i2r);
	s.layers |= LAYER_L2TP | LAYER_UDP;
	s.esp.decrypted = true;
	s.l2tp.version = 2;
	s.l2tp.control = true;
	s.l2tp.msg_type = type;
	return s;
}

static PacketSummary ppp(bool i2r, uint16_t proto, uint8_t code)
{
	PacketSummary s = esp(i2r);
	s.layers |= LAYER_L2TP | LAYER_UDP | LAYER_PPP;
	s.esp.decrypted = true;
	s.l2tp.version = 2;
	s.ppp.protocol = proto;
	s.ppp.has_code = true;
	s.ppp.code = code;
	return s;
}

static const Attempt *only(Flow *f, Seen *s)
{
	*s = run(f->p, f->t, f->n);
	cr_assert_eq(s->done->len, 1, "%u attempts", s->done->len);
	return s->done->pdata[0];
}

static void expect_verdict(const Attempt *a, VerdictStatus st, StageId stage, VerdictDirection d, CauseId c)
{
	cr_assert_eq(a->verdict.status, st, "status %d (%s)", a->verdict.status, a->verdict.detail);
	if (st != VERDICT_OK)
		cr_assert_eq(a->verdict.stage, stage, "stage %s", stage_name(a->verdict.stage));
	cr_assert_eq(a->verdict.direction, d, "direction %d", a->verdict.direction);
	cr_assert_eq(a->verdict.cause, c, "cause %s", cause_def(a->verdict.cause)->id);
	if (st == VERDICT_FAILED)
		cr_assert_gt(a->verdict.n_evidence, 0);
}

Test(rules, psk_mismatch_mm5_without_mm6)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	for (int i = 0; i < 3; i++) {
		PacketSummary *m = add(&f, ike1(true, 2, true, 500), at += 2);
		memcpy(m->ike.rspi, RSPI, 8);
		m->ike.retransmission_of = i ? 5 : 0;
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_R2I, CAUSE_PSK_MISMATCH);
	cr_assert_eq(a->stages[STAGE_IKE_P1].dir[DIR_I2R].retransmissions, 2);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, proposal_mismatch_in_clear)
{
	Flow f = { .n = 0 };
	add(&f, ike1(true, 2, false, 500), 0);
	PacketSummary *n = add(&f, ike1(false, 5, false, 500), 0.01);
	n->ike.n_notify = 1;
	n->ike.notify[0] = 14;
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_R2I, CAUSE_IKE_PROPOSAL_MISMATCH);
	cr_assert_eq(a->verdict.evidence[1], 2);
	g_ptr_array_free(s.done, TRUE);

	/* the initiator's offer is listed */
	f.p[0].ike.n_proposals = 2;
	f.p[0].ike.prop[0].enc = 7;
	f.p[0].ike.prop[0].keylen = 256;
	f.p[0].ike.prop[0].hash = 2;
	f.p[0].ike.prop[0].group = 14;
	f.p[0].ike.prop[1].enc = 5;
	f.p[0].ike.prop[1].hash = 1;
	f.p[0].ike.prop[1].group = 99;
	a = only(&f, &s);
	cr_assert(strstr(a->verdict.detail,
			 "NO-PROPOSAL-CHOSEN; the initiator offered AES-CBC-256/SHA1/MODP2048, 3DES/MD5/#99"),
		  "%s", a->verdict.detail);
	char buf[96];
	proposal_text(2, 20, 128, 0, 5, 31, buf, sizeof(buf));
	cr_assert_str_eq(buf, "AES-GCM-16-128/PRF-HMAC-SHA2-256/Curve25519");
	proposal_text(2, 12, 256, 12, 7, 2, buf, 12); /* cut short, terminated */
	cr_assert_eq(strlen(buf), 11);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, natt_blocked_and_nat_side)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	f.p[2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT; /* MM3 of the client: it is behind NAT */
	for (int i = 0; i < 2; i++) {
		PacketSummary *m = add(&f, ike1(true, 2, true, 4500), at += 3);
		memcpy(m->ike.rspi, RSPI, 8);
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_R2I, CAUSE_NATT_BLOCKED);
	cr_assert_str_eq(attempt_nat(a), "client");
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, windows_client_and_server_behind_nat)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	f.p[0].ike.ms_version = 6;                            /* MM1 of a Windows client */
	f.p[3].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT; /* MM4: the server is behind NAT */
	add(&f, udp(CLIENT, RESOLVER, 40001, 53), at += 30);  /* time passes, no MM5 */
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_I2R, CAUSE_WINDOWS_NATT_REGISTRY);
	cr_assert_str_eq(attempt_nat(a), "server");
	cr_assert_eq(a->verdict.evidence[0], 1);
	cr_assert_eq(a->verdict.evidence[a->verdict.n_evidence - 1], 4);
	g_ptr_array_free(s.done, TRUE);

	/* the same without the Windows vendor ID is not this cause */
	f.p[0].ike.ms_version = 0;
	a = only(&f, &s);
	cr_assert_neq(a->verdict.cause, CAUSE_WINDOWS_NATT_REGISTRY);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, quick_mode_refused)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	for (int i = 0; i < 3; i++) {
		PacketSummary *m = add(&f, ike1(true, 32, true, 500), at += 2);
		memcpy(m->ike.rspi, RSPI, 8);
		m->ike.retransmission_of = i ? 7 : 0;
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P2, VDIR_R2I, CAUSE_P2_PROPOSAL_MISMATCH);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, esp_one_way)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	for (int i = 0; i < 4; i++)
		add(&f, esp(true), at += 1);
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_ESP, VDIR_R2I, CAUSE_ESP_BLOCKED);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, l2tp_refused_and_teardown_is_not_a_refusal)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, l2tp_ctl(true, 1), at += 0.1);  /* SCCRQ */
	add(&f, l2tp_ctl(false, 4), at += 0.1); /* StopCCN from the server */
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_L2TP, VDIR_R2I, CAUSE_L2TP_NO_ANSWER);
	g_ptr_array_free(s.done, TRUE);

	/* a full session torn down by the client's StopCCN is ok */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	add(&g, l2tp_ctl(true, 1), at += 0.1);
	add(&g, l2tp_ctl(false, 2), at += 0.1);
	add(&g, l2tp_ctl(true, 3), at += 0.1);
	add(&g, ppp(true, 0xc021, 1), at += 0.1);
	add(&g, ppp(false, 0xc021, 2), at += 0.1);
	PacketSummary *ok = add(&g, ppp(false, 0xc223, 3), at += 0.1);
	ok->ppp.auth_result = PPP_AUTH_SUCCESS;
	add(&g, ppp(true, 0x8021, 2), at += 0.1);
	add(&g, ppp(true, 0x0021, 0), at += 0.1);
	add(&g, ppp(false, 0x0021, 0), at += 0.1);
	add(&g, l2tp_ctl(true, 4), at += 0.1);
	a = only(&g, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, ppp_auth_failed_and_auth_protocol_refused)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, l2tp_ctl(true, 1), at += 0.1);
	add(&f, l2tp_ctl(false, 2), at += 0.1);
	add(&f, ppp(true, 0xc021, 1), at += 0.1);
	PacketSummary *fail691 = add(&f, ppp(false, 0xc223, 4), at += 0.1);
	fail691->ppp.auth_result = PPP_AUTH_FAILURE;
	fail691->ppp.mschap_error = 691;
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_PPP_AUTH, VDIR_R2I, CAUSE_PPP_AUTH_FAILED);
	cr_assert(strstr(a->verdict.detail, "E=691"), "%s", a->verdict.detail);
	g_ptr_array_free(s.done, TRUE);

	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	add(&g, l2tp_ctl(true, 1), at += 0.1);
	add(&g, l2tp_ctl(false, 2), at += 0.1);
	add(&g, ppp(false, 0xc021, 1), at += 0.1);
	PacketSummary *nak = add(&g, ppp(true, 0xc021, 3), at += 0.1); /* the client naks MS-CHAPv2 */
	nak->ppp.auth_proto = 0xc223;
	a = only(&g, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_PPP_LCP, VDIR_I2R, CAUSE_PPP_AUTH_PROTOCOL_MISMATCH);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, a_retry_with_new_cookies_is_a_new_attempt)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	PacketSummary *m = add(&f, ike1(true, 2, true, 500), at += 1);
	memcpy(m->ike.rspi, RSPI, 8);
	PacketSummary *retry = add(&f, ike1(true, 2, false, 500), at += 5);
	retry->ike.ispi[0] = 0xee;
	Seen s = run(f.p, f.t, f.n);
	cr_assert_eq(s.done->len, 2);
	cr_assert_eq(((Attempt *)s.done->pdata[0])->verdict.cause, CAUSE_PSK_MISMATCH);
	g_ptr_array_free(s.done, TRUE);
}

/* ---- live stalls (analyzer_tick, stall.c) ----------------------------- */

Test(analyzer, stall_once_per_wait_and_rearmed_by_an_answer)
{
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
	Analyzer *an = analyzer_new(NULL, on_event, &s);
	PacketSummary mm1 = ike1(true, 2, false, 500);
	analyzer_feed(an, &mm1, 1, S(100));
	analyzer_tick(an, S(105));
	cr_assert_eq(s.stalls, 0, "5 s is within the stage's time");
	analyzer_feed(an, &mm1, 2, S(106)); /* a retransmission does not restart the wait */
	analyzer_tick(an, S(110) + 1000);
	cr_assert_eq(s.stalls, 1);
	cr_assert_eq(s.stall_stage, STAGE_IKE_P1);
	cr_assert(s.stall_server, "the client waits for the server");
	analyzer_tick(an, S(115));
	cr_assert_eq(s.stalls, 1, "reported once per wait");
	PacketSummary mm2 = ike1(false, 2, false, 500);
	memcpy(mm2.ike.rspi, RSPI, 8);
	analyzer_feed(an, &mm2, 3, S(116));
	analyzer_tick(an, S(120));
	cr_assert_eq(s.stalls, 1, "the answer ended the client's wait");
	analyzer_tick(an, S(127));
	cr_assert_eq(s.stalls, 2, "now the server waits for MM3");
	cr_assert(!s.stall_server);
	cr_assert_eq(s.done->len, 0, "nothing finished before the idle timeout");
	analyzer_tick(an, S(116) + S(121));
	cr_assert_eq(s.done->len, 1, "the tick finishes idle attempts");
	analyzer_free(an);
	g_ptr_array_free(s.done, TRUE);
}

Test(analyzer, stall_not_for_a_tunnel_with_traffic_both_ways)
{
	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
	Analyzer *an = analyzer_new(NULL, on_event, &s);
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, esp(true), at += 0.1);
	add(&f, esp(false), at += 0.1);
	add(&f, esp(true), at += 0.1);
	for (size_t i = 0; i < f.n; i++)
		analyzer_feed(an, &f.p[i], i + 1, f.t[i]);
	analyzer_tick(an, S(30));
	cr_assert_eq(s.stalls, 0, "an idle tunnel is not stalled");
	analyzer_free(an);
	g_ptr_array_free(s.done, TRUE);

	Seen s2 = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
	an = analyzer_new(NULL, on_event, &s2);
	f.n--;
	f.n--; /* ESP from the client only */
	for (size_t i = 0; i < f.n; i++)
		analyzer_feed(an, &f.p[i], i + 1, f.t[i]);
	analyzer_tick(an, S(30));
	cr_assert_eq(s2.stalls, 1);
	cr_assert_eq(s2.stall_stage, STAGE_ESP);
	cr_assert(s2.stall_server);
	analyzer_free(an);
	g_ptr_array_free(s2.done, TRUE);
}

Test(rules, dead_peer_detection_unanswered_but_not_a_clean_teardown)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, esp(true), at += 1);
	add(&f, esp(false), at += 0.1);
	for (int i = 0; i < 3; i++) {
		PacketSummary *d = add(&f, ike1(true, 5, true, 500), at += 10); /* R-U-THERE, encrypted */
		memcpy(d->ike.rspi, RSPI, 8);
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_DATA, VDIR_R2I, CAUSE_PEER_GONE);
	g_ptr_array_free(s.done, TRUE);

	/* two deletes at the end of a good connection are its teardown */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	add(&g, esp(true), at += 1);
	add(&g, esp(false), at += 0.1);
	for (int i = 0; i < 2; i++) {
		PacketSummary *d = add(&g, ike1(true, 5, true, 500), at += 0.01);
		memcpy(d->ike.rspi, RSPI, 8);
	}
	a = only(&g, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, two_clients_behind_one_nat)
{
	/* two clients (different cookies) from one public address, both seen
	 * behind NAT; the second never completes LCP */
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	f.p[2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT;
	quick_mode(&f, &at);
	add(&f, l2tp_ctl(true, 1), at += 0.1);
	add(&f, l2tp_ctl(false, 2), at += 0.1);
	size_t second = f.n;
	main_mode(&f, true, &at);
	for (size_t i = second; i < f.n; i++)
		f.p[i].ike.ispi[0] = 0x77;
	f.p[second + 2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT;
	add(&f, ppp(true, 0xc021, 1), at += 0.1);
	Seen s = run(f.p, f.t, f.n);
	cr_assert_eq(s.done->len, 2);
	for (guint i = 0; i < 2; i++) {
		const Attempt *a = s.done->pdata[i];
		cr_assert_eq(a->verdict.cause, CAUSE_MULTI_CLIENT_SAME_NAT, "attempt %u: %s", i,
			     cause_def(a->verdict.cause)->id);
		cr_assert_eq(a->verdict.direction, VDIR_R2I);
		cr_assert_str_eq(attempt_nat(a), "client");
	}
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, l2tp_answers_lost_on_the_way_back)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, l2tp_ctl(true, 1), at += 0.1);
	add(&f, l2tp_ctl(false, 2), at += 0.1);
	PacketSummary *again = add(&f, l2tp_ctl(true, 1), at += 1);
	again->l2tp.retransmit = true;
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_ESP, VDIR_R2I, CAUSE_ESP_BLOCKED);
	g_ptr_array_free(s.done, TRUE);
}

/* ---- secondary findings, evidence basis, confirm-with ------------------ */

static FindingList found; /* the last findings_list() of finding() */

static const Finding *finding(const Attempt *a, FindingId id)
{
	findings_list(a, &found);
	for (unsigned i = 0; i < found.n; i++)
		if (found.f[i].id == id)
			return &found.f[i];
	return NULL;
}

static bool cites(const Finding *f, uint64_t frame)
{
	for (unsigned i = 0; i < f->n_evidence; i++)
		if (f->evidence[i] == frame)
			return true;
	return false;
}

/* IKEv1 Main Mode, ESP both ways, and L2TP/PPP up inside (decrypted). */
static void full_session(Flow *f, double *at)
{
	main_mode(f, true, at);
	quick_mode(f, at);
	add(f, l2tp_ctl(true, 1), *at += 0.1);
	add(f, l2tp_ctl(false, 2), *at += 0.1);
	add(f, ppp(true, 0xc021, 1), *at += 0.1);
	add(f, ppp(false, 0xc021, 2), *at += 0.1);
	PacketSummary *ok = add(f, ppp(false, 0xc223, 3), *at += 0.1);
	ok->ppp.auth_result = PPP_AUTH_SUCCESS;
	add(f, ppp(true, 0x8021, 2), *at += 0.1);
	add(f, ppp(true, 0x0021, 0), *at += 0.1);
	add(f, ppp(false, 0x0021, 0), *at += 0.1);
}

Test(findings, nat_detected_names_the_side_and_the_float)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	f.p[2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT; /* MM3: the client is behind NAT */
	for (int i = 0; i < 2; i++) {
		PacketSummary *m = add(&f, ike1(i == 0, 2, true, 4500), at += 0.01);
		memcpy(m->ike.rspi, RSPI, 8);
	}
	quick_mode(&f, &at);
	Seen s;
	const Attempt *a = only(&f, &s);
	const Finding *n = finding(a, FINDING_NAT_DETECTED);
	cr_assert_not_null(n);
	cr_assert(strstr(n->text, "the client (initiator) is behind NAT"), "%s", n->text);
	cr_assert(strstr(n->text, "floated to UDP 4500"), "%s", n->text);
	cr_assert(cites(n, 3) && cites(n, 5), "NAT-D frame and first 4500 frame");
	cr_assert_eq(n->stage, STAGE_IKE_P1);
	cr_assert_null(finding(a, FINDING_SHARED_NAT));
	g_ptr_array_free(s.done, TRUE);

	/* no NAT-D showing NAT: no finding */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	a = only(&g, &s);
	cr_assert_null(finding(a, FINDING_NAT_DETECTED));
	g_ptr_array_free(s.done, TRUE);
}

static void proposal(PacketSummary *m, uint16_t enc, uint16_t hash, uint16_t prf, uint16_t group)
{
	unsigned i = m->ike.n_proposals++;
	m->ike.prop[i].prop = (uint8_t)(i + 1);
	m->ike.prop[i].enc = enc;
	m->ike.prop[i].hash = hash;
	m->ike.prop[i].prf = prf;
	m->ike.prop[i].group = group;
}

Test(findings, weak_proposal_chosen_or_only_offered)
{
	/* IKEv1: AES/SHA2-256/MODP2048 and 3DES/SHA1/MODP1024 offered, the weak one chosen */
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	proposal(&f.p[0], 7, 4, 0, 14);
	proposal(&f.p[0], 5, 2, 0, 2);
	proposal(&f.p[1], 5, 2, 0, 2);
	Seen s;
	const Attempt *a = only(&f, &s);
	const Finding *w = finding(a, FINDING_WEAK_PROPOSAL);
	cr_assert_not_null(w);
	cr_assert_str_eq(w->text, "weak algorithms chosen: 3DES, SHA1, MODP1024");
	cr_assert(cites(w, 1) && cites(w, 2));
	g_ptr_array_free(s.done, TRUE);

	/* the strong one chosen: the weak ones were only offered */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	proposal(&g.p[0], 7, 4, 0, 14);
	proposal(&g.p[0], 1, 1, 0, 1);
	proposal(&g.p[1], 7, 4, 0, 14);
	a = only(&g, &s);
	w = finding(a, FINDING_WEAK_PROPOSAL);
	cr_assert_not_null(w);
	cr_assert_str_eq(w->text, "weak algorithms offered: DES, MD5, MODP768 (not in the chosen proposal)");
	g_ptr_array_free(s.done, TRUE);

	/* nothing weak: no finding */
	Flow h = { .n = 0 };
	at = 0;
	main_mode(&h, true, &at);
	proposal(&h.p[0], 7, 4, 0, 14);
	proposal(&h.p[1], 7, 4, 0, 14);
	a = only(&h, &s);
	cr_assert_null(finding(a, FINDING_WEAK_PROPOSAL));
	g_ptr_array_free(s.done, TRUE);
}

static PacketSummary ike2(bool i2r, uint8_t exch, bool response)
{
	PacketSummary s = i2r ? udp(CLIENT, SERVER, 500, 500) : udp(SERVER, CLIENT, 500, 500);
	s.layers |= LAYER_IKE;
	s.ike.version = 2;
	s.ike.exch = exch;
	s.ike.response = response;
	s.ike.initiator = i2r;
	s.ike.encrypted = exch != 34;
	memcpy(s.ike.ispi, ISPI, 8);
	if (exch != 34 || response)
		memcpy(s.ike.rspi, RSPI, 8);
	return s;
}

Test(findings, weak_proposal_ikev2_prf_and_group_and_rekey)
{
	Flow f = { .n = 0 };
	double at = 0;
	proposal(add(&f, ike2(true, 34, false), at += 0.01), 12, 12, 5, 14);
	proposal(add(&f, ike2(false, 34, true), at += 0.01), 12, 12, 2, 2); /* PRF SHA1, MODP1024 */
	add(&f, ike2(true, 35, false), at += 0.01);
	add(&f, ike2(false, 35, true), at += 0.01);
	add(&f, esp(true), at += 0.1);
	add(&f, esp(false), at += 0.1);
	add(&f, ike2(true, 36, false), at += 100); /* CREATE_CHILD_SA: a rekey */
	add(&f, ike2(false, 36, true), at += 0.01);
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	const Finding *w = finding(a, FINDING_WEAK_PROPOSAL);
	cr_assert_not_null(w);
	cr_assert_str_eq(w->text, "weak algorithms chosen: SHA1, MODP1024");
	const Finding *r = finding(a, FINDING_REKEY);
	cr_assert_not_null(r);
	cr_assert_eq(r->stage, STAGE_CHILD_SA);
	cr_assert(cites(r, 7), "the CREATE_CHILD_SA request");
	g_ptr_array_free(s.done, TRUE);
}

Test(findings, quick_mode_rekey_by_message_id)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, esp(true), at += 0.1);
	add(&f, esp(false), at += 0.1);
	size_t second = f.n;
	quick_mode(&f, &at);
	for (size_t i = second; i < f.n; i++)
		f.p[i].ike.msgid = 78;
	Seen s;
	const Attempt *a = only(&f, &s);
	const Finding *r = finding(a, FINDING_REKEY);
	cr_assert_not_null(r);
	cr_assert_str_eq(r->text, "Quick Mode ran 2 times: phase 2 was rekeyed 1 time");
	cr_assert(cites(r, second + 1));
	g_ptr_array_free(s.done, TRUE);

	/* one Quick Mode (three messages, one id): no rekey */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	a = only(&g, &s);
	cr_assert_null(finding(a, FINDING_REKEY));
	g_ptr_array_free(s.done, TRUE);
}

Test(findings, retransmissions_with_backoff_of_stages_that_came_up)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, l2tp_ctl(true, 1), at += 0.1)->l2tp.ns = 0; /* SCCRQ, then twice again */
	PacketSummary *r1 = add(&f, l2tp_ctl(true, 1), at += 1);
	r1->l2tp.retransmit = true;
	PacketSummary *r2 = add(&f, l2tp_ctl(true, 1), at += 2);
	r2->l2tp.retransmit = true;
	size_t again = f.n - 1;
	add(&f, l2tp_ctl(false, 2), at += 0.1);
	/* LCP Configure-Request re-sent with its identifier */
	add(&f, ppp(true, 0xc021, 1), at += 0.1)->ppp.identifier = 1;
	add(&f, ppp(true, 0xc021, 1), at += 3)->ppp.identifier = 1;
	add(&f, ppp(false, 0xc021, 2), at += 0.1)->ppp.identifier = 1;
	PacketSummary *ok = add(&f, ppp(false, 0xc223, 3), at += 0.1);
	ok->ppp.auth_result = PPP_AUTH_SUCCESS;
	add(&f, ppp(true, 0x8021, 2), at += 0.1);
	add(&f, ppp(true, 0x0021, 0), at += 0.1);
	add(&f, ppp(false, 0x0021, 0), at += 0.1);
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	const DirStats *l = &a->stages[STAGE_L2TP].dir[DIR_I2R];
	cr_assert_eq(l->retransmissions, 2);
	cr_assert_eq(l->resent, 2);
	cr_assert_eq(l->backoff_ms[0], 1000);
	cr_assert_eq(l->backoff_ms[1], 2000);
	cr_assert_eq(a->stages[STAGE_PPP_LCP].dir[DIR_I2R].retransmissions, 1);
	cr_assert_eq(a->stages[STAGE_PPP_LCP].dir[DIR_I2R].backoff_ms[0], 3000);
	unsigned n = 0;
	FindingList fl;
	findings_list(a, &fl);
	for (unsigned i = 0; i < fl.n; i++) {
		const Finding *fd = &fl.f[i];
		if (fd->id != FINDING_RETRANSMISSIONS)
			continue;
		n++;
		if (fd->stage == STAGE_L2TP) {
			cr_assert_str_eq(fd->text, "l2tp came up after the client re-sent a request: sent 3 times (back-off "
						   "1.0, 2.0 s)");
			cr_assert_eq(fd->direction, VDIR_R2I);
			cr_assert(cites(fd, again));
		} else {
			cr_assert_eq(fd->stage, STAGE_PPP_LCP);
		}
	}
	cr_assert_eq(n, 2);
	g_ptr_array_free(s.done, TRUE);

	/* the stage that failed carries its re-sendings in the verdict, not as a finding */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	add(&g, esp(false), at += 0.1);
	add(&g, l2tp_ctl(true, 1), at += 0.1);
	for (int i = 0; i < 3; i++)
		add(&g, l2tp_ctl(true, 1), at += 1 << i)->l2tp.retransmit = true;
	a = only(&g, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_L2TP, VDIR_R2I, CAUSE_L2TP_NO_ANSWER);
	cr_assert_null(finding(a, FINDING_RETRANSMISSIONS));
	cr_assert(strstr(a->verdict.detail, "sent 4 times (back-off 1.0, 2.0, 4.0 s)"), "%s", a->verdict.detail);
	cr_assert_eq(a->verdict.basis, BASIS_DECRYPTED);
	cr_assert_str_eq(a->verdict.confirm_with, "");
	g_ptr_array_free(s.done, TRUE);
}

Test(findings, dpd_answered_esp_sequence_and_drops)
{
	Flow f = { .n = 0 };
	double at = 0;
	full_session(&f, &at);
	for (int i = 0; i < 3; i++) {
		PacketSummary *d = add(&f, ike1(true, 5, true, 500), at += 10); /* R-U-THERE */
		memcpy(d->ike.rspi, RSPI, 8);
		d->ike.msgid = (uint32_t)(100 + i);
		d = add(&f, ike1(false, 5, true, 500), at += 0.01); /* R-U-THERE-ACK */
		memcpy(d->ike.rspi, RSPI, 8);
		d->ike.msgid = (uint32_t)(100 + i);
	}
	PacketSummary *gap = add(&f, esp(false), at += 0.1);
	gap->esp.seq_status = 2;
	PacketSummary *replay = add(&f, esp(false), at += 0.1);
	replay->esp.seq_status = 3;

	Seen s = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0, STAGE_DATA, false };
	Analyzer *an = analyzer_new(NULL, on_event, &s);
	for (size_t i = 0; i < f.n; i++) {
		if (i == 0)
			analyzer_set_drops(an, 7); /* before the attempt: not its drops */
		analyzer_feed(an, &f.p[i], i + 1, f.t[i]);
	}
	analyzer_set_drops(an, 19);
	analyzer_finish(an);
	analyzer_free(an);
	cr_assert_eq(s.done->len, 1);
	const Attempt *a = s.done->pdata[0];
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	const Finding *d = finding(a, FINDING_DPD);
	cr_assert_not_null(d);
	cr_assert(strstr(d->text, "the client sent 3 IKE informational messages over 20 s"), "%s", d->text);
	const Finding *q = finding(a, FINDING_ESP_SEQUENCE);
	cr_assert_not_null(q);
	cr_assert_eq(q->direction, VDIR_R2I);
	cr_assert(strstr(q->text, "r2i 1 gap, 1 replay, 0 reordered"), "%s", q->text);
	cr_assert(cites(q, f.n - 1));
	const Finding *dr = finding(a, FINDING_DROPS);
	cr_assert_not_null(dr);
	cr_assert(strstr(dr->text, "dropped 12 packets"), "%s", dr->text);
	g_ptr_array_free(s.done, TRUE);
}

Test(findings, shared_nat_any_profile_but_not_for_strangers)
{
	/* two IKEv2 clients behind one NAT (one public address): a finding, not a cause */
	Flow f = { .n = 0 };
	double at = 0;
	for (int c = 0; c < 2; c++) {
		size_t from = f.n;
		PacketSummary *m = add(&f, ike2(true, 34, false), at += 0.01);
		m->ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT;
		add(&f, ike2(false, 34, true), at += 0.01);
		add(&f, ike2(true, 35, false), at += 0.01);
		add(&f, ike2(false, 35, true), at += 0.01);
		for (size_t i = from; i < f.n; i++) {
			f.p[i].ike.ispi[0] = (uint8_t)(0x40 + c);
			if (f.p[i].ip.sport == 500 && memcmp(f.p[i].ip.src, CLIENT, 4) == 0)
				f.p[i].ip.sport = (uint16_t)(4500 + c);
			else
				f.p[i].ip.dport = (uint16_t)(4500 + c);
		}
	}
	Seen s = run(f.p, f.t, f.n);
	cr_assert_eq(s.done->len, 2);
	for (guint i = 0; i < 2; i++) {
		const Attempt *a = s.done->pdata[i];
		const Finding *sh = finding(a, FINDING_SHARED_NAT);
		cr_assert_not_null(sh, "attempt %u", i + 1);
		cr_assert(strstr(sh->text, "1 other client behind the same NAT"), "%s", sh->text);
		cr_assert_neq(a->verdict.cause, CAUSE_MULTI_CLIENT_SAME_NAT);
	}
	g_ptr_array_free(s.done, TRUE);

	/* L2TP/IPsec clients behind NAT in two different networks: not one NAT */
	static const uint8_t OTHER[4] = { 192, 0, 2, 77 };
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	g.p[2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT;
	size_t second = g.n;
	main_mode(&g, true, &at);
	for (size_t i = second; i < g.n; i++) {
		g.p[i].ike.ispi[0] = 0x77;
		memcpy(memcmp(g.p[i].ip.src, CLIENT, 4) == 0 ? g.p[i].ip.src : g.p[i].ip.dst, OTHER, 4);
	}
	g.p[second + 2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT;
	s = run(g.p, g.t, g.n);
	cr_assert_eq(s.done->len, 2);
	for (guint i = 0; i < 2; i++) {
		const Attempt *a = s.done->pdata[i];
		cr_assert_null(finding(a, FINDING_SHARED_NAT));
		cr_assert_neq(a->verdict.cause, CAUSE_MULTI_CLIENT_SAME_NAT);
	}
	g_ptr_array_free(s.done, TRUE);
}

Test(confirm, psk_mismatch_inferred_without_keys_seen_with_them)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	for (int i = 0; i < 3; i++) {
		PacketSummary *m = add(&f, ike1(true, 2, true, 500), at += 2);
		memcpy(m->ike.rspi, RSPI, 8);
		m->ike.retransmission_of = i ? 5 : 0;
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_R2I, CAUSE_PSK_MISMATCH);
	cr_assert_eq(a->verdict.basis, BASIS_INFERRED);
	cr_assert(strstr(a->verdict.detail, "was sent 3 times (back-off 2.0, 2.0 s) and Main Mode 6 never came"), "%s",
		  a->verdict.detail);
	cr_assert(strstr(a->verdict.confirm_with, "the IKEv1 keys of the IKE SA with initiator cookie 0x0102030405060708 "
						  "(an ikev1_decryption_table row"),
		  "%s", a->verdict.confirm_with);
	g_ptr_array_free(s.done, TRUE);

	/* with the IKE keys: the responder's notification decrypted */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, false, &at);
	PacketSummary *m5 = add(&g, ike1(true, 2, true, 500), at += 0.01);
	memcpy(m5->ike.rspi, RSPI, 8);
	m5->ike.decrypted = true;
	PacketSummary *n = add(&g, ike1(false, 5, true, 500), at += 0.01);
	memcpy(n->ike.rspi, RSPI, 8);
	n->ike.decrypted = true;
	n->ike.n_notify = 1;
	n->ike.notify[0] = 24;
	a = only(&g, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_R2I, CAUSE_PSK_MISMATCH);
	cr_assert_eq(a->verdict.basis, BASIS_DECRYPTED);
	cr_assert_str_eq(a->verdict.confirm_with, "");
	cr_assert(strstr(a->verdict.detail, "AUTHENTICATION-FAILED (decrypted)"), "%s", a->verdict.detail);
	g_ptr_array_free(s.done, TRUE);
}

Test(confirm, quick_mode_inferred_and_decrypted)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	for (int i = 0; i < 3; i++) {
		PacketSummary *m = add(&f, ike1(true, 32, true, 500), at += 2);
		memcpy(m->ike.rspi, RSPI, 8);
		m->ike.msgid = 77;
		m->ike.retransmission_of = i ? 7 : 0;
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P2, VDIR_R2I, CAUSE_P2_PROPOSAL_MISMATCH);
	cr_assert_eq(a->verdict.basis, BASIS_INFERRED);
	cr_assert(strstr(a->verdict.detail, "Quick Mode 1 was sent 3 times (back-off 2.0, 2.0 s)"), "%s",
		  a->verdict.detail);
	cr_assert(strstr(a->verdict.confirm_with, "IKEv1 keys"), "%s", a->verdict.confirm_with);
	g_ptr_array_free(s.done, TRUE);

	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	PacketSummary *q = add(&g, ike1(true, 32, true, 500), at += 0.01);
	memcpy(q->ike.rspi, RSPI, 8);
	q->ike.msgid = 77;
	q->ike.decrypted = true;
	PacketSummary *n = add(&g, ike1(false, 5, true, 500), at += 0.01);
	memcpy(n->ike.rspi, RSPI, 8);
	n->ike.decrypted = true;
	n->ike.n_notify = 1;
	n->ike.notify[0] = 14;
	a = only(&g, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P2, VDIR_R2I, CAUSE_P2_PROPOSAL_MISMATCH);
	cr_assert_eq(a->verdict.basis, BASIS_DECRYPTED);
	cr_assert(strstr(a->verdict.detail, "NO-PROPOSAL-CHOSEN (decrypted)"), "%s", a->verdict.detail);
	cr_assert(a->verdict.n_evidence >= 2);
	cr_assert_eq(a->verdict.evidence[a->verdict.n_evidence - 1], g.n);
	cr_assert_str_eq(a->verdict.confirm_with, "");
	g_ptr_array_free(s.done, TRUE);
}

Test(confirm, ikev2_auth_and_esp_only_ok_and_clear_causes)
{
	/* IKE_AUTH answered, no child SA: the IKEv2 keys would show why */
	Flow f = { .n = 0 };
	double at = 0;
	add(&f, ike2(true, 34, false), at += 0.01);
	add(&f, ike2(false, 34, true), at += 0.01);
	add(&f, ike2(true, 35, false), at += 0.01);
	add(&f, ike2(false, 35, true), at += 0.01);
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_AUTH, VDIR_R2I, CAUSE_PSK_MISMATCH);
	cr_assert_eq(a->verdict.basis, BASIS_INFERRED);
	cr_assert(strstr(a->verdict.confirm_with, "the IKEv2 keys of the IKE SA with initiator SPI 0x0102030405060708 "
						  "(an ikev2_decryption_table row"),
		  "%s", a->verdict.confirm_with);
	g_ptr_array_free(s.done, TRUE);

	/* L2TP/IPsec up to ESP both ways, nothing decrypted: ok, and the ESP keys would show the inside */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	add(&g, esp(true), at += 0.1)->esp.spi = 0xc1000001;
	add(&g, esp(false), at += 0.1)->esp.spi = 0x5e000002;
	a = only(&g, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	cr_assert_eq(a->verdict.basis, BASIS_INFERRED);
	cr_assert(strstr(a->verdict.confirm_with, "the ESP keys of SPI 0xc1000001 and 0x5e000002 (esp_sa rows"), "%s",
		  a->verdict.confirm_with);
	g_ptr_array_free(s.done, TRUE);

	/* decrypted inside: seen */
	Flow h = { .n = 0 };
	at = 0;
	full_session(&h, &at);
	a = only(&h, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	cr_assert_eq(a->verdict.basis, BASIS_DECRYPTED);
	cr_assert_str_eq(a->verdict.confirm_with, "");
	g_ptr_array_free(s.done, TRUE);

	/* a cause seen in clear needs no keys */
	Flow k = { .n = 0 };
	add(&k, ike1(true, 2, false, 500), 0);
	PacketSummary *n = add(&k, ike1(false, 5, false, 500), 0.01);
	n->ike.n_notify = 1;
	n->ike.notify[0] = 14;
	a = only(&k, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_IKE_P1, VDIR_R2I, CAUSE_IKE_PROPOSAL_MISMATCH);
	cr_assert_eq(a->verdict.basis, BASIS_CLEAR);
	cr_assert_str_eq(a->verdict.confirm_with, "");
	g_ptr_array_free(s.done, TRUE);
}

Test(catalogue, every_finding_and_key_kind_has_words)
{
	for (int f = 0; f < FINDING__COUNT; f++) {
		const FindingDef *d = finding_def((FindingId)f);
		cr_assert(d->id && d->id[0] && d->about && d->about[0], "finding %d", f);
		FindingId back;
		cr_assert(finding_from_name(d->id, &back) && back == (FindingId)f);
	}
	for (int k = KEYS_IKE; k < KEYS__COUNT; k++)
		for (int v2 = 0; v2 < 2; v2++) {
			const KeySourceDef *ks = key_source_def((KeyKind)k, v2);
			cr_assert(ks->what[0] && ks->sources[0], "key kind %d", k);
		}
	/* the causes that are only inferred without keys say which keys */
	cr_assert_eq(cause_def(CAUSE_PSK_MISMATCH)->confirm, KEYS_IKE);
	cr_assert_eq(cause_def(CAUSE_P2_PROPOSAL_MISMATCH)->confirm, KEYS_IKE);
	cr_assert_eq(cause_def(CAUSE_IKE_NO_RESPONSE)->confirm, KEYS_NONE);
}

Test(json, findings_basis_and_backoff)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, false, &at);
	f.p[2].ike.natd = IKE_NATD_CHECKED | IKE_NATD_SRC_NAT;
	for (int i = 0; i < 3; i++) {
		PacketSummary *m = add(&f, ike1(true, 2, true, 500), at += 2);
		memcpy(m->ike.rspi, RSPI, 8);
		m->ike.retransmission_of = i ? 5 : 0;
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	JsonNode *n = attempt_to_json(a, "x.pcap");
	char *txt = json_to_string(n, FALSE);
	cr_assert(strstr(txt, "\"basis\":\"inferred\""), "%s", txt);
	cr_assert(strstr(txt, "\"confirm_with\":\"the IKEv1 keys"), "%s", txt);
	cr_assert(strstr(txt, "\"findings\":[{\"id\":\"nat-detected\",\"stage\":\"ike-p1\",\"direction\":\"none\""), "%s",
		  txt);
	cr_assert(strstr(txt, "\"resent\":2,\"backoff_s\":[2,2]") || strstr(txt, "\"resent\":2,\"backoff_s\":[2.0,2.0]"),
		  "%s", txt);
	g_free(txt);
	json_node_unref(n);
	g_ptr_array_free(s.done, TRUE);
}

Test(expect, findings_are_a_subset_or_none)
{
	const char *text = "attempt 1 verdict=ok stage=- direction=none cause=- profile=l2tp-ipsec nat=client "
			   "findings=nat-detected,weak-proposal\n"
			   "attempt 2 verdict=ok stage=- direction=none cause=- profile=l2tp-ipsec findings=-\n";
	GError *err = NULL;
	GArray *e = expect_parse("f.expect", text, &err);
	cr_assert_not_null(e, "%s", err ? err->message : "");
	cr_assert_eq(e->len, 2);
	cr_assert(g_array_index(e, Expectation, 0).has_nat);
	cr_assert(!g_array_index(e, Expectation, 1).has_nat);
	Attempt a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.nat_initiator = true;    /* nat-detected */
	a.weak_offered = WEAK_3DES; /* weak-proposal */
	a.drops = 2;               /* drops: more than expected is fine */
	const Attempt *list[] = { &a, &b };
	GPtrArray *m = g_ptr_array_new_with_free_func(g_free);
	cr_assert_eq(expect_compare("f.expect", e, list, 2, NULL, m), 0);
	a.weak_offered = 0;
	a.drops = 0;
	b.drops = 1;
	cr_assert_eq(expect_compare("f.expect", e, list, 2, NULL, m), 2);
	cr_assert_str_eq(m->pdata[0], "f.expect:1: attempt 1: findings expected nat-detected,weak-proposal, got nat-detected");
	cr_assert_str_eq(m->pdata[1], "f.expect:2: attempt 2: findings expected -, got drops");
	g_ptr_array_free(m, TRUE);
	g_array_free(e, TRUE);
}

static PacketSummary tcp1723(bool i2r, uint16_t cport, uint16_t flags, uint32_t seq)
{
	PacketSummary s = i2r ? udp(CLIENT, SERVER, cport, 1723) : udp(SERVER, CLIENT, 1723, cport);
	s.layers = LAYER_IPV4 | LAYER_TCP;
	s.ip.proto = 6;
	s.tcp.flags = flags;
	s.tcp.seq = seq;
	return s;
}

Test(rules, pptp_tcp_1723_unanswered_or_reset)
{
	/* SYN sent three times, nothing back */
	Flow f = { .n = 0 };
	add(&f, tcp1723(true, 40000, 0x002, 77), 0);
	add(&f, tcp1723(true, 40000, 0x002, 77), 1);
	add(&f, tcp1723(true, 40000, 0x002, 77), 3);
	Seen s;
	const Attempt *a = only(&f, &s);
	cr_assert_eq(a->profile, PROFILE_PPTP);
	expect_verdict(a, VERDICT_FAILED, STAGE_PPTP_CONTROL, VDIR_R2I, CAUSE_PPTP_NO_RESPONSE);
	cr_assert(strstr(a->verdict.detail, "never answered (SYN sent 3 times (back-off 1.0, 2.0 s))"), "%s",
		  a->verdict.detail);
	cr_assert_eq(a->verdict.basis, BASIS_CLEAR);
	g_ptr_array_free(s.done, TRUE);

	/* reset: refused; then a new connection from another port is a new attempt */
	Flow g = { .n = 0 };
	add(&g, tcp1723(true, 40000, 0x002, 77), 0);
	add(&g, tcp1723(false, 40000, 0x014, 0), 0.001);
	add(&g, tcp1723(true, 40001, 0x002, 99), 5);
	add(&g, tcp1723(false, 40001, 0x012, 5), 5.001);
	PacketSummary *sccrq = add(&g, tcp1723(true, 40001, 0x018, 100), 5.002);
	sccrq->layers |= LAYER_PPTP;
	sccrq->pptp.msg_type = 1;
	PacketSummary *sccrp = add(&g, tcp1723(false, 40001, 0x018, 6), 5.003);
	sccrp->layers |= LAYER_PPTP;
	sccrp->pptp.msg_type = 2;
	sccrp->pptp.has_result = true;
	sccrp->pptp.result_code = 1;
	s = run(g.p, g.t, g.n);
	cr_assert_eq(s.done->len, 2);
	a = s.done->pdata[0];
	expect_verdict(a, VERDICT_FAILED, STAGE_PPTP_CONTROL, VDIR_R2I, CAUSE_PPTP_NO_RESPONSE);
	cr_assert(strstr(a->verdict.detail, "reset"), "%s", a->verdict.detail);
	cr_assert_eq(a->verdict.evidence[a->verdict.n_evidence - 1], 2);
	a = s.done->pdata[1];
	cr_assert_eq(a->iport, 40001);
	cr_assert_eq(a->first_frame, 3);
	cr_assert_neq(a->verdict.cause, CAUSE_PPTP_NO_RESPONSE);
	cr_assert_eq(a->stages[STAGE_PPTP_CONTROL].dir[DIR_R2I].packets, 2);
	g_ptr_array_free(s.done, TRUE);
}

Test(rules, path_lost_after_the_tunnel_was_up)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	add(&f, esp(true), at += 1);
	add(&f, esp(false), at += 0.1);
	size_t last_back = f.n;
	for (int i = 0; i < 4; i++)
		add(&f, esp(true), at += 5);
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_DATA, VDIR_R2I, CAUSE_PEER_GONE);
	cr_assert_eq(a->verdict.evidence[0], last_back);
	cr_assert_eq(a->verdict.evidence[1], f.n);
	cr_assert(strstr(a->verdict.detail, "ESP kept coming from the client (4 packets over 20 s"), "%s",
		  a->verdict.detail);
	g_ptr_array_free(s.done, TRUE);

	/* a short silence (or fewer packets) is no loss */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	add(&g, esp(true), at += 1);
	add(&g, esp(false), at += 0.1);
	for (int i = 0; i < 4; i++)
		add(&g, esp(true), at += 1);
	a = only(&g, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	g_ptr_array_free(s.done, TRUE);
}

Test(confirm, esp_answers_lost_inferred_from_sizes_without_keys)
{
	Flow f = { .n = 0 };
	double at = 0;
	main_mode(&f, true, &at);
	quick_mode(&f, &at);
	for (int i = 0; i < 4; i++) {
		PacketSummary *q = add(&f, esp(true), at += i ? 1 << (i - 1) : 1); /* SCCRQ: 1, 2, 4 s apart */
		q->ip.len = 184;
		q->esp.spi = 0xc1000001;
		add(&f, esp(false), at += 0.01)->esp.spi = 0x5e000002;
	}
	Seen s;
	const Attempt *a = only(&f, &s);
	expect_verdict(a, VERDICT_FAILED, STAGE_ESP, VDIR_R2I, CAUSE_ESP_BLOCKED);
	cr_assert_eq(a->verdict.basis, BASIS_INFERRED);
	cr_assert(strstr(a->verdict.detail, "(184 bytes, the L2TP request) was sent 4 times (back-off 1.0, 2.0, 4.0 s)"),
		  "%s", a->verdict.detail);
	cr_assert(strstr(a->verdict.confirm_with, "the ESP keys of SPI 0xc1000001 and 0x5e000002"), "%s",
		  a->verdict.confirm_with);
	g_ptr_array_free(s.done, TRUE);

	/* other sizes from the client: a working tunnel, not re-sendings */
	Flow g = { .n = 0 };
	at = 0;
	main_mode(&g, true, &at);
	quick_mode(&g, &at);
	for (int i = 0; i < 4; i++) {
		add(&g, esp(true), at += 1)->ip.len = (uint32_t)(184 - (i == 2) * 80);
		add(&g, esp(false), at += 0.01);
	}
	a = only(&g, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	g_ptr_array_free(s.done, TRUE);

	/* pings of one size at a steady pace, answered: no back-off, ok */
	Flow h = { .n = 0 };
	at = 0;
	main_mode(&h, true, &at);
	quick_mode(&h, &at);
	for (int i = 0; i < 5; i++) {
		add(&h, esp(true), at += 1)->ip.len = 168;
		add(&h, esp(false), at += 0.01)->ip.len = 168;
	}
	a = only(&h, &s);
	expect_verdict(a, VERDICT_OK, STAGE_DNS, VDIR_NONE, CAUSE_NONE);
	cr_assert_null(finding(a, FINDING_RETRANSMISSIONS));
	g_ptr_array_free(s.done, TRUE);
}
