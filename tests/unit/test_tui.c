/*
 * test_tui.c - the TUI's canvas, its model fed by analyzer events (as a
 * live capture would feed it: views follow attempts as they arrive), the
 * placement of packets on the timeline, and the key script.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

/* The headless screen as a string (free with free()). */
static char *dump(Tui *t, int w, int h, bool ascii)
{
	FILE *f = tmpfile();
	cr_assert(f);
	tui_dump(t, w, h, ascii, f);
	long n = ftell(f);
	rewind(f);
	char *s = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

Test(tui_canvas, clips_and_replaces_bad_bytes)
{
	Canvas c;
	canvas_init(&c, 6, 2, true);
	cr_assert_eq(canvas_put(&c, 2, 0, -1, ROLE_NORMAL, 0, "abcdefgh"), 4);
	cr_assert_eq(canvas_put(&c, 0, 1, 3, ROLE_NORMAL, 0, "x\x01\xff\xe2\x86\x92z"), 3);
	cr_assert_eq(canvas_put(&c, 0, 5, -1, ROLE_NORMAL, 0, "off"), 0); /* below the grid */
	cr_assert_eq(canvas_put(&c, -2, 0, 3, ROLE_NORMAL, 0, "XYZ"), 1);  /* left of it */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	canvas_dump(&c, f);
	fclose(f);
	cr_assert_str_eq(buf, "Z abcd\nx??\n");
	free(buf);
	canvas_free(&c);
}

Test(tui_canvas, ascii_mode_never_writes_utf8)
{
	Canvas c;
	canvas_init(&c, 4, 1, false);
	canvas_put(&c, 0, 0, -1, ROLE_NORMAL, 0, "\xe2\x86\x92" "a");
	cr_assert_str_eq(c.cells[0].ch, "?");
	cr_assert_str_eq(c.cells[1].ch, "a");
	cr_assert_str_eq(canvas_hline(&c), "-");
	canvas_free(&c);
}

static Attempt make_attempt(unsigned an_id, uint64_t first, uint64_t last)
{
	Attempt a;
	memset(&a, 0, sizeof(a));
	a.id = an_id;
	a.profile = PROFILE_L2TP_IPSEC;
	a.af = 4;
	memcpy(a.initiator, (uint8_t[]){ 198, 51, 100, 10 }, 4);
	memcpy(a.responder, (uint8_t[]){ 203, 0, 113, 20 }, 4);
	a.iport = a.rport = 500;
	a.first_frame = first;
	a.last_frame = last;
	a.first_ns = (int64_t)first * 1000000000;
	a.last_ns = (int64_t)last * 1000000000;
	a.verdict.status = VERDICT_INCOMPLETE;
	return a;
}

static void add_ike(TuiModel *m, uint64_t frame, bool i2r, bool retrans, uint16_t notify)
{
	PacketSummary s;
	memset(&s, 0, sizeof(s));
	s.layers = LAYER_IPV4 | LAYER_UDP | LAYER_IKE;
	s.ip.af = 4;
	uint8_t c[4] = { 198, 51, 100, 10 }, r[4] = { 203, 0, 113, 20 };
	memcpy(s.ip.src, i2r ? c : r, 4);
	memcpy(s.ip.dst, i2r ? r : c, 4);
	s.ike.version = 1;
	s.ike.retransmission_of = retrans ? 1 : 0;
	if (notify) {
		s.ike.n_notify = 1;
		s.ike.notify[0] = notify;
	}
	tui_model_add_packet(m, &s, frame, (int64_t)frame * 1000000000, 100, "ISAKMP", "Main Mode");
}

Test(tui_model, attempts_follow_the_analyzer_events)
{
	TuiModel *m = tui_model_new("live");
	Tui *t = tui_new(&m, 1, NULL, NULL);
	char *s = dump(t, 80, 12, true);
	cr_assert(strstr(s, "no connection attempt in this capture"), "%s", s);
	free(s);

	/* the analyzer opens attempt 7 (its own numbering): shown live */
	Attempt a = make_attempt(7, 3, 3);
	tui_model_on_event(AEV_OPENED, &a, STAGE_DNS, m);
	s = dump(t, 80, 12, true);
	cr_assert(strstr(s, "  1 live "), "%s", s);
	cr_assert(strstr(s, "1 attempt, 1 shown"), "%s", s);
	free(s);

	/* a second attempt that started earlier arrives: renumbered in order */
	Attempt b = make_attempt(8, 1, 2);
	tui_model_on_event(AEV_OPENED, &b, STAGE_DNS, m);
	cr_assert_eq(tui_model_n_attempts(m), 2);
	cr_assert_eq(tui_model_attempt(m, 0)->first_frame, 1);
	cr_assert_eq(tui_model_attempt(m, 0)->id, 1);
	cr_assert_eq(tui_model_attempt(m, 1)->id, 2);

	/* stage and finish events update the same attempt, not a new one */
	a.stages[STAGE_IKE_P1].seen = true;
	a.stages[STAGE_IKE_P1].dir[DIR_I2R].packets = 2;
	a.stages[STAGE_IKE_P1].dir[DIR_I2R].first_frame = 3;
	a.stages[STAGE_IKE_P1].dir[DIR_I2R].last_frame = 4;
	a.last_frame = 4;
	a.last_ns = 4000000000;
	tui_model_on_event(AEV_STAGE, &a, STAGE_IKE_P1, m);
	a.finished = true;
	a.verdict.status = VERDICT_FAILED;
	a.verdict.has_stage = true;
	a.verdict.stage = STAGE_IKE_P1;
	a.verdict.direction = VDIR_R2I;
	a.verdict.cause = CAUSE_IKE_NO_RESPONSE;
	tui_model_on_event(AEV_FINISHED, &a, STAGE_IKE_P1, m);
	cr_assert_eq(tui_model_n_attempts(m), 2);
	const Attempt *got = tui_model_attempt(m, 1);
	cr_assert_eq(got->id, 2);
	cr_assert(got->finished);
	cr_assert_str_eq(tui_furthest_stage(got), "ike-p1");

	/* its packets, then its timeline: one way, retransmission marked */
	add_ike(m, 3, true, false, 0);
	add_ike(m, 4, true, true, 0);
	add_ike(m, 5, false, false, 0); /* after the attempt: not its packet */
	cr_assert(tui_script(t, "j\\n", 10));
	s = dump(t, 80, 14, true);
	cr_assert(strstr(s, "[timeline]"), "%s", s);
	cr_assert(strstr(s, "attempt 2"), "%s", s);
	cr_assert(strstr(s, "no packets: stalled here"), "%s", s);
	cr_assert(strstr(s, "FAILED at ike-p1, r2i: ike-no-response"), "%s", s);
	char row[128] = "";
	const char *at = strstr(s, "ike-p1");
	if (at)
		sscanf(at, "%127[^\n]", row);
	free(s);
	cr_assert(strchr(row, 'R'), "the retransmission on the ike-p1 lane: %s", row);
	guint *idx;
	Direction *dirs;
	cr_assert_eq(tui_model_attempt_packets(m, got, &idx, &dirs), 2);
	cr_assert_eq(dirs[0], DIR_I2R);
	g_free(idx);
	g_free(dirs);
	tui_free(t);
	tui_model_free(m);
}

Test(tui_model, attempts_past_the_cap_are_counted_not_kept)
{
	TuiModel *m = tui_model_new("flood");
	m->max_attempts = 3;
	Tui *t = tui_new(&m, 1, NULL, NULL);
	for (unsigned i = 1; i <= 10; i++) {
		Attempt a = make_attempt(i, i, i);
		tui_model_on_event(AEV_OPENED, &a, STAGE_DNS, m);
		a.finished = true;
		tui_model_on_event(AEV_FINISHED, &a, STAGE_DNS, m);
	}
	cr_assert_eq(tui_model_n_attempts(m), 3);
	cr_assert_eq(m->attempts_dropped, 7);
	/* the kept ones still update */
	Attempt a = make_attempt(2, 2, 2);
	a.verdict.status = VERDICT_FAILED;
	a.finished = true;
	tui_model_on_event(AEV_FINISHED, &a, STAGE_DNS, m);
	cr_assert_eq(tui_model_attempt(m, 1)->verdict.status, VERDICT_FAILED);
	cr_assert_eq(m->attempts_dropped, 7);
	char *s = dump(t, 80, 12, true);
	cr_assert(strstr(s, "7 more attempts past the first 3 not kept"), "%s", s);
	free(s);
	tui_free(t);
	tui_model_free(m);
}

Test(tui_model, packet_stage_follows_the_analyzer_spans)
{
	Attempt a = make_attempt(1, 1, 20);
	a.stages[STAGE_IKE_P1].dir[DIR_I2R] = (DirStats){ .packets = 3, .first_frame = 1, .last_frame = 5 };
	a.stages[STAGE_IKE_P2].dir[DIR_I2R] = (DirStats){ .packets = 2, .first_frame = 7, .last_frame = 8 };
	a.stages[STAGE_ESP].dir[DIR_I2R] = (DirStats){ .packets = 4, .first_frame = 9, .last_frame = 15 };
	a.stages[STAGE_L2TP].dir[DIR_I2R] = (DirStats){ .packets = 2, .first_frame = 10, .last_frame = 11 };
	a.stages[STAGE_DATA].dir[DIR_I2R] = (DirStats){ .packets = 1, .first_frame = 20, .last_frame = 20 };
	TuiPacket p;
	memset(&p, 0, sizeof(p));
	p.flags = TP_IKE;
	p.frame = 4;
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_I2R), STAGE_IKE_P1);
	p.frame = 8;
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_I2R), STAGE_IKE_P2);
	p.frame = 20; /* an informational after ESP: data, as the analyzer counts it */
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_I2R), STAGE_DATA);
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_R2I), STAGE__COUNT);
	p.flags = TP_L2TP | TP_IN_ESP;
	p.frame = 10;
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_I2R), STAGE_L2TP);
	p.frame = 14; /* decrypted L2TP outside the L2TP span: left on ESP */
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_I2R), STAGE_ESP);
	p.flags = TP_ESP | TP_IN_ESP;
	cr_assert_eq(tui_packet_stage(&a, &p, DIR_I2R), STAGE_ESP);
}

Test(tui_script, parses_escapes_and_names)
{
	TuiModel *m = tui_model_new("x");
	Tui *t = tui_new(&m, 1, NULL, NULL);
	cr_assert(tui_script(t, "<up><down><pgdn>\\t\\e?", 10));
	cr_assert(t->help);
	cr_assert_not(tui_script(t, "<bogus>", 10));
	cr_assert_not(tui_script(t, "\\x", 10));
	cr_assert(tui_script(t, "q", 10)); /* closes the help */
	cr_assert_not(t->quit);
	cr_assert(tui_script(t, "q", 10));
	cr_assert(t->quit);
	tui_free(t);
	tui_model_free(m);
}
