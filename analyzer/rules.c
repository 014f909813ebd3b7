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

/* The few notify types a decrypted message shows for these causes. */
static const char *notify_name(uint16_t t)
{
	switch (t) {
	case 1: return "INVALID-PAYLOAD-TYPE";
	case 14: return "NO-PROPOSAL-CHOSEN";
	case 16: return "PAYLOAD-MALFORMED";
	case 18: return "INVALID-ID-INFORMATION";
	case 23: return "INVALID-HASH-INFORMATION";
	case 24: return "AUTHENTICATION-FAILED";
	case 38: return "TS_UNACCEPTABLE";
	default: return "an error notify";
	}
}

/* The verdict rests on what decryption showed when `seen`, else on a
 * shape that only suggests it. */
static void basis(Attempt *a, bool seen)
{
	a->verdict.basis = seen ? BASIS_DECRYPTED : BASIS_INFERRED;
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

/* PPTP: the TCP connection to port 1723 got no answer, or a reset. */
static bool rule_pptp_no_response(Attempt *a, bool ended, int64_t end_ns)
{
	if (a->profile != PROFILE_PPTP)
		return false;
	const DirStats *i2r = &a->stages[STAGE_PPTP_CONTROL].dir[DIR_I2R];
	const DirStats *r2i = &a->stages[STAGE_PPTP_CONTROL].dir[DIR_R2I];
	bool refused = a->pptp_rst_frame && r2i->packets == r2i->errors;
	if (i2r->packets == 0 || (r2i->packets > 0 && !refused))
		return false;
	bool gave_up = !ended || end_ns - i2r->last_ns >= ANSWER_GRACE_NS || i2r->retransmissions >= 2;
	if (!refused && !gave_up)
		return false;
	fail(a, STAGE_PPTP_CONTROL, VDIR_R2I);
	evidence(a, i2r->first_frame);
	evidence(a, i2r->last_frame);
	evidence(a, a->pptp_rst_frame);
	char bo[96];
	backoff_text(i2r, bo, sizeof(bo));
	if (refused)
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "the server reset the TCP connection to port 1723: nothing listens there");
	else
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "the TCP connection to port 1723 was never answered (SYN sent%s)", bo[0] ? bo : " once");
	return true;
}

static StageId first_ike_stage(const Attempt *a)
{
	return a->profile == PROFILE_IKEV2 ? STAGE_IKE_SA_INIT : STAGE_IKE_P1;
}

static const DirStats *dirs(const Attempt *a, StageId st, Direction d)
{
	return &a->stages[st].dir[d];
}

/* The responder refused every proposal, in clear. */
static bool rule_ike_proposal(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (!a->no_proposal || a->no_proposal_stage != first_ike_stage(a))
		return false;
	fail(a, first_ike_stage(a), VDIR_R2I);
	evidence(a, dirs(a, first_ike_stage(a), DIR_I2R)->first_frame);
	evidence(a, a->no_proposal_frame);
	char offer[320] = "";
	size_t o = 0;
	for (unsigned i = 0; i < a->n_offer && o + 64 < sizeof(offer); i++) {
		char one[80];
		proposal_text(a->ike_version, a->offer[i].enc, a->offer[i].keylen, a->offer[i].hash, a->offer[i].prf,
			      a->offer[i].group, one, sizeof(one));
		o += (size_t)snprintf(offer + o, sizeof(offer) - o, "%s%s", i ? ", " : "; the initiator offered ", one);
	}
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "the responder answered the first proposals with NO-PROPOSAL-CHOSEN%s", offer);
	return true;
}

/* NAT detected, the exchange moved to UDP 4500, nothing answers there. */
static bool rule_natt_blocked(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	const DirStats *r = dirs(a, first_ike_stage(a), DIR_R2I);
	bool nat = a->nat_initiator || a->nat_responder;
	/* seen from the responder: NAT detected, its Main Mode 4 went out and
	 * the initiator, now on 4500, never arrives */
	if (a->profile == PROFILE_L2TP_IPSEC && nat && a->i2r_4500 == 0 && !a->p1_i_encrypted && r->packets >= 2 &&
	    a->ip_frags_i2r == 0) {
		fail(a, first_ike_stage(a), VDIR_R2I);
		evidence(a, r->last_frame);
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "NAT was detected, so Main Mode 5 had to come on UDP 4500: it never arrived");
		return true;
	}
	if (a->i2r_4500 == 0 || a->r2i_4500 > 0 || r->packets == 0)
		return false;
	fail(a, first_ike_stage(a), VDIR_R2I);
	evidence(a, a->first_4500_frame);
	evidence(a, dirs(a, first_ike_stage(a), DIR_I2R)->last_frame);
	char bo[96];
	backoff_text(dirs(a, first_ike_stage(a), DIR_I2R), bo, sizeof(bo));
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "NAT was detected and the exchange moved to UDP 4500: %u message%s sent there, none answered%s%s",
		 a->i2r_4500, a->i2r_4500 == 1 ? "" : "s", bo[0] ? "; the last one was sent" : "", bo);
	return true;
}

/* The server is behind NAT and a Windows client (MS vendor ID) stops
 * after Main Mode 4 instead of moving to UDP 4500: Windows refuses NAT-T
 * to a server behind NAT unless told otherwise (error 809). */
static bool rule_windows_natt(Attempt *a, bool ended, int64_t end_ns)
{
	const DirStats *r = dirs(a, STAGE_IKE_P1, DIR_R2I);
	if (a->profile != PROFILE_L2TP_IPSEC || !a->ms_client_frame || !a->nat_responder || a->i2r_4500 ||
	    a->p1_i_encrypted || r->packets < 2 || a->ip_frags_i2r)
		return false;
	if (ended && end_ns - r->last_ns < ANSWER_GRACE_NS)
		return false;
	fail(a, STAGE_IKE_P1, VDIR_I2R);
	evidence(a, a->ms_client_frame);
	evidence(a, a->nat_frame);
	evidence(a, r->last_frame);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "NAT-D shows the server behind NAT, and the Windows client (MS NT5 ISAKMPOAKLEY vendor ID) stopped "
		 "after Main Mode 4 instead of moving to UDP 4500");
	return true;
}

/* Main Mode 5 went out IP-fragmented and was never answered. */
static bool rule_fragments_lost(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (a->profile == PROFILE_IKEV2 || a->p1_r_encrypted || a->ip_frags_i2r == 0)
		return false;
	/* seen from the responder, only pieces of Main Mode 5 arrive */
	if (!a->p1_i_encrypted && dirs(a, STAGE_IKE_P1, DIR_R2I)->packets < 2)
		return false;
	fail(a, STAGE_IKE_P1, VDIR_R2I);
	evidence(a, a->p1_i_encrypted_frame);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "Main Mode 5 was sent in IP fragments (%u fragment%s seen%s) and never answered", a->ip_frags_i2r,
		 a->ip_frags_i2r == 1 ? "" : "s", a->p1_i_encrypted ? "" : ", never all of them");
	return true;
}

/* IKEv1: Main Mode 5 sent (again) with no Main Mode 6.  IKEv2: one
 * IKE_AUTH round answered, and nothing came of it. */
static bool rule_psk_mismatch(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (a->profile == PROFILE_IKEV2) {
		const DirStats *q = dirs(a, STAGE_IKE_AUTH, DIR_I2R), *r = dirs(a, STAGE_IKE_AUTH, DIR_R2I);
		if (q->packets == 0 || r->packets == 0 || a->stages[STAGE_ESP].seen || q->packets - q->retransmissions > 1 ||
		    a->stages[STAGE_CHILD_SA].dir[DIR_R2I].packets)
			return false;
		fail(a, STAGE_IKE_AUTH, VDIR_R2I);
		evidence(a, q->first_frame);
		evidence(a, r->first_frame);
		bool seen = a->dec_notify && a->dec_notify_stage == STAGE_IKE_AUTH;
		basis(a, seen);
		evidence(a, seen ? a->dec_notify_frame : 0);
		if (seen)
			snprintf(a->verdict.detail, sizeof(a->verdict.detail),
				 "IKE_AUTH was answered with %s (decrypted) and no child SA came up",
				 notify_name(a->dec_notify));
		else
			snprintf(a->verdict.detail, sizeof(a->verdict.detail),
				 "IKE_AUTH was answered but no child SA came up (the answer is encrypted: an "
				 "AUTHENTICATION_FAILED notify is the usual reason)");
		return true;
	}
	if (!a->p1_i_encrypted || a->p1_r_encrypted)
		return false;
	fail(a, STAGE_IKE_P1, VDIR_R2I);
	evidence(a, a->p1_i_encrypted_frame);
	evidence(a, a->r_informational_frame);
	const DirStats *i = dirs(a, STAGE_IKE_P1, DIR_I2R);
	char bo[96] = "";
	if (i->resent && i->resent_key == a->p1_i_encrypted_frame)
		backoff_text(i, bo, sizeof(bo));
	bool seen = a->dec_notify && a->dec_notify_stage == STAGE_IKE_P1;
	basis(a, seen);
	evidence(a, seen ? a->dec_notify_frame : 0);
	char instead[96] = "";
	if (seen)
		snprintf(instead, sizeof(instead), "; the responder answered %s (decrypted)", notify_name(a->dec_notify));
	else if (a->r_informational)
		snprintf(instead, sizeof(instead), "; the responder sent an encrypted notification instead");
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "Main Mode 5 (identity and hash, encrypted) was sent%s and Main Mode 6 never came%s", bo[0] ? bo : "",
		 instead);
	return true;
}

/* EAP rounds inside IKE_AUTH, then a failure: the user's credentials. */
static bool rule_eap_failed(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (a->profile != PROFILE_IKEV2)
		return false;
	const DirStats *q = dirs(a, STAGE_IKE_AUTH, DIR_I2R), *r = dirs(a, STAGE_IKE_AUTH, DIR_R2I);
	if (q->packets - q->retransmissions <= 1 || r->packets == 0 || a->stages[STAGE_ESP].seen ||
	    a->stages[STAGE_CHILD_SA].dir[DIR_R2I].packets)
		return false;
	fail(a, STAGE_IKE_AUTH, VDIR_R2I);
	evidence(a, r->last_frame);
	bool seen = a->dec_notify && a->dec_notify_stage == STAGE_IKE_AUTH;
	basis(a, seen);
	evidence(a, seen ? a->dec_notify_frame : 0);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "IKE_AUTH went through %u EAP round%s and no child SA came up: the EAP (MS-CHAPv2) "
		 "authentication of the user failed", q->packets - q->retransmissions,
		 q->packets - q->retransmissions == 1 ? "" : "s");
	return true;
}

/* Quick Mode offered and never accepted. */
static bool rule_p2(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (a->profile != PROFILE_L2TP_IPSEC || !a->p1_r_encrypted || a->qm_i_msgs == 0 || a->qm_r_msgs > 0)
		return false;
	fail(a, STAGE_IKE_P2, VDIR_R2I);
	evidence(a, dirs(a, STAGE_IKE_P2, DIR_I2R)->first_frame);
	if (a->stages[STAGE_IKE_P2].dir[DIR_R2I].packets)
		evidence(a, dirs(a, STAGE_IKE_P2, DIR_R2I)->first_frame);
	bool seen = a->dec_notify && a->dec_notify_stage == STAGE_IKE_P2;
	basis(a, seen);
	evidence(a, seen ? a->dec_notify_frame : 0);
	char bo[96], instead[96] = "";
	backoff_text(dirs(a, STAGE_IKE_P2, DIR_I2R), bo, sizeof(bo));
	if (seen)
		snprintf(instead, sizeof(instead), "; the responder answered %s (decrypted)", notify_name(a->dec_notify));
	else if (a->stages[STAGE_IKE_P2].dir[DIR_R2I].packets)
		snprintf(instead, sizeof(instead), "; the responder sent an encrypted notification instead");
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "Quick Mode 1 was sent%s and never answered with Quick Mode 2%s", bo, instead);
	return true;
}

/* The SAs are up, ESP goes one way only. */
static bool rule_esp_blocked(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	const DirStats *i = dirs(a, STAGE_ESP, DIR_I2R), *r = dirs(a, STAGE_ESP, DIR_R2I);
	if (!a->stages[STAGE_ESP].seen || (i->packets && r->packets))
		return false;
	/* the responder answered in clear that nothing listens: L2TP's fault */
	if (a->l2tp_icmp_frame)
		return false;
	fail(a, STAGE_ESP, i->packets ? VDIR_R2I : VDIR_I2R);
	evidence(a, i->packets ? i->first_frame : r->first_frame);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail), "ESP went %s only (%u packet%s), never back",
		 i->packets ? "from the initiator" : "from the responder", i->packets ? i->packets : r->packets,
		 (i->packets ? i->packets : r->packets) == 1 ? "" : "s");
	return true;
}

/* Seen from the responder's side: its L2TP answers leave, yet the
 * initiator keeps re-sending its request - the answers are lost on the way
 * back, with the ESP that carries them. */
static bool rule_esp_lost_back(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (!a->sccrp_seen || a->stages[STAGE_PPP_LCP].seen || a->stopccn_frame ||
	    a->stages[STAGE_L2TP].dir[DIR_I2R].retransmissions == 0)
		return false;
	fail(a, STAGE_ESP, VDIR_R2I);
	evidence(a, a->sccrq_frame);
	if (a->inner_decrypted)
		basis(a, true);
	char bo[96];
	backoff_text(dirs(a, STAGE_L2TP, DIR_I2R), bo, sizeof(bo));
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "the L2TP server answered, but the client kept re-sending its request%s: the answers (ESP "
		 "from the server) are lost on the way back", bo);
	return true;
}

/* The same without keys, from sizes and timing: the initiator's first
 * packet inside ESP re-sent again and again (same length, backing off)
 * while the responder's ESP answers each time - its answers are lost on
 * the way back.  Inferred; the ESP keys would show the L2TP inside. */
static bool rule_esp_resent(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	const DirStats *i = dirs(a, STAGE_ESP, DIR_I2R), *r = dirs(a, STAGE_ESP, DIR_R2I);
	/* the first packet and at least 3 copies, each answered, then at most
	 * a teardown (StopCCN); the copies back off (a request re-sent, not
	 * pings of one size at a steady pace) */
	unsigned n = a->esp_copies;
	if (a->profile != PROFILE_L2TP_IPSEC || a->inner_decrypted || a->stages[STAGE_L2TP].seen || n < 4 ||
	    r->packets < n - 1 || i->packets > n + 3)
		return false;
	char bo[96];
	size_t o = (size_t)snprintf(bo, sizeof(bo), " %u times (back-off ", n);
	for (unsigned k = 1; k < n; k++) {
		int64_t gap = a->esp_copy_ns[k] - a->esp_copy_ns[k - 1];
		if (gap < 500000000 || (k > 1 && 4 * gap < 6 * (a->esp_copy_ns[k - 1] - a->esp_copy_ns[k - 2])))
			return false;
		if (o + 16 < sizeof(bo))
			o += (size_t)snprintf(bo + o, sizeof(bo) - o, "%s%.1f", k > 1 ? ", " : "", (double)gap / 1e9);
	}
	if (o + 4 < sizeof(bo))
		snprintf(bo + o, sizeof(bo) - o, " s)");
	fail(a, STAGE_ESP, VDIR_R2I);
	basis(a, false);
	evidence(a, i->first_frame);
	evidence(a, i->last_frame);
	evidence(a, r->first_frame);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "the client's first packet inside ESP (%u bytes, the L2TP request) was sent%s and the "
		 "connection went no further, although the server's ESP answered each time: the answers are lost "
		 "on the way back",
		 a->esp_first_len, bo);
	return true;
}

/* L2TP inside the SAs: SCCRQ unanswered, refused or port unreachable. */
static bool rule_l2tp(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	bool unanswered = a->sccrq_frame && !a->sccrp_seen;
	if (!unanswered && !a->stopccn_frame && !a->l2tp_icmp_frame)
		return false;
	if (a->sccrp_seen && !a->stopccn_frame)
		return false;
	fail(a, STAGE_L2TP, VDIR_R2I);
	evidence(a, a->sccrq_frame);
	evidence(a, a->stopccn_frame);
	evidence(a, a->l2tp_icmp_frame);
	if (!a->l2tp_icmp_frame && a->inner_decrypted)
		basis(a, true);
	char bo[96];
	backoff_text(dirs(a, STAGE_L2TP, DIR_I2R), bo, sizeof(bo));
	if (a->l2tp_icmp_frame)
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "the L2TP request (UDP 1701) was answered by ICMP port unreachable");
	else if (a->stopccn_frame && a->stopccn_result)
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "the L2TP server refused the tunnel (StopCCN, result code %u)", a->stopccn_result);
	else if (a->stopccn_frame)
		snprintf(a->verdict.detail, sizeof(a->verdict.detail), "the L2TP server refused the tunnel (StopCCN)");
	else
		snprintf(a->verdict.detail, sizeof(a->verdict.detail), "the L2TP request (SCCRQ) was sent%s and never answered",
			 bo);
	return true;
}

/* LCP: the authentication protocol asked for was refused. */
static bool rule_auth_protocol(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (!a->lcp_auth_refused_frame || a->auth_success)
		return false;
	fail(a, STAGE_PPP_LCP, a->lcp_auth_refused_dir == DIR_I2R ? VDIR_I2R : VDIR_R2I);
	evidence(a, a->lcp_auth_refused_frame);
	if (a->inner_decrypted)
		basis(a, true);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "the %s refused (Configure-Nak/Reject) the authentication protocol the other side requires",
		 a->lcp_auth_refused_dir == DIR_I2R ? "client" : "server");
	return true;
}

/* PPP authentication failed (MS-CHAPv2 E=691 ...). */
static bool rule_auth_failed(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (!a->auth_failure_frame)
		return false;
	fail(a, STAGE_PPP_AUTH, VDIR_R2I);
	evidence(a, a->auth_failure_frame);
	if (a->inner_decrypted)
		basis(a, true);
	if (a->mschap_error)
		snprintf(a->verdict.detail, sizeof(a->verdict.detail), "the server answered MS-CHAP Failure E=%u%s",
			 a->mschap_error,
			 a->mschap_error == 691 ? " (user name or password refused)"
			 : a->mschap_error == 649 ? " (no dial-in permission)"
			 : a->mschap_error == 647 ? " (account disabled)"
			 : a->mschap_error == 648 ? " (password expired)"
						  : "");
	else
		snprintf(a->verdict.detail, sizeof(a->verdict.detail), "the server answered the authentication with a failure");
	return true;
}

/* PPTP: the control connection is fine, GRE goes one way only. */
static bool rule_gre_blocked(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (a->profile != PROFILE_PPTP)
		return false;
	const DirStats *i = dirs(a, STAGE_GRE, DIR_I2R), *r = dirs(a, STAGE_GRE, DIR_R2I);
	if (!a->stages[STAGE_PPTP_CONTROL].dir[DIR_R2I].packets || (i->packets && r->packets) ||
	    (!i->packets && !r->packets))
		return false;
	fail(a, STAGE_GRE, i->packets ? VDIR_R2I : VDIR_I2R);
	evidence(a, i->packets ? i->first_frame : r->first_frame);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail), "GRE (IP protocol 47) went one way only");
	return true;
}

/* PPTP seen from the server: GRE leaves both ways, yet the client keeps
 * re-sending its LCP request although the server acknowledges it, and
 * never acknowledges the server's: the server's GRE is lost on the way. */
static bool rule_gre_lost_back(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (a->profile != PROFILE_PPTP || a->auth_success || a->auth_failure_frame)
		return false;
	if (a->lcp_req[DIR_I2R] < 3 || a->lcp_ack[DIR_R2I] == 0 || a->lcp_ack[DIR_I2R] > 0)
		return false;
	fail(a, STAGE_GRE, VDIR_R2I);
	evidence(a, a->stages[STAGE_GRE].dir[DIR_R2I].first_frame);
	evidence(a, a->stages[STAGE_PPP_LCP].dir[DIR_I2R].last_frame);
	char bo[96];
	backoff_text(dirs(a, STAGE_PPP_LCP, DIR_I2R), bo, sizeof(bo));
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "the server acknowledged the client's LCP request %u times, yet the client kept re-sending it%s and "
		 "never acknowledged the server's: the server's GRE packets do not reach the client",
		 a->lcp_ack[DIR_R2I], bo);
	return true;
}

/* After the tunnel came up, one side's IKE informationals (DPD
 * R-U-THERE, or a delete) went unanswered and nothing more came from the
 * other side: the peer (or the path to it) is gone. */
static bool rule_peer_gone(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	for (int d = 0; d < DIR__COUNT; d++) {
		int other = d == DIR_I2R ? DIR_R2I : DIR_I2R;
		/* dead peer detection repeats itself over seconds; the deletes
		 * of a clean teardown come together */
		if (a->info_up[d] < 3 || a->info_up_last_ns[d] - a->info_up_first_ns[d] < 5LL * 1000000000 ||
		    a->last_ns_dir[other] >= a->info_up_first_ns[d])
			continue;
		fail(a, STAGE_DATA, d == DIR_I2R ? VDIR_R2I : VDIR_I2R);
		evidence(a, a->info_up_first_frame[d]);
		basis(a, a->ike_decrypted);
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "after the connection was up, the %s sent %u IKE informational messages (dead peer "
			 "detection) and nothing more came from the %s",
			 d == DIR_I2R ? "client" : "server", a->info_up[d], d == DIR_I2R ? "server" : "client");
		return true;
	}
	return false;
}

/* After the tunnel was up both ways, one side's tunnel packets (ESP, or
 * GRE for PPTP) kept coming and nothing came back any more, without a
 * teardown: the path or the peer was lost. */
#define PATH_LOST_NS (10LL * 1000000000)
#define PATH_LOST_PACKETS 3

static bool rule_path_lost(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	StageId st = a->profile == PROFILE_PPTP ? STAGE_GRE : STAGE_ESP;
	const StageStats *s = &a->stages[st];
	if (!s->dir[DIR_I2R].packets || !s->dir[DIR_R2I].packets)
		return false;
	for (int d = 0; d < DIR__COUNT; d++) {
		int other = d == DIR_I2R ? DIR_R2I : DIR_I2R;
		const DirStats *mine = &s->dir[d], *theirs = &s->dir[other];
		/* nothing at all from the other side meanwhile (IKE included) */
		if (mine->unanswered < PATH_LOST_PACKETS || mine->last_ns - theirs->last_ns < PATH_LOST_NS ||
		    mine->last_ns - a->last_ns_dir[other] < PATH_LOST_NS)
			continue;
		fail(a, STAGE_DATA, d == DIR_I2R ? VDIR_R2I : VDIR_I2R);
		evidence(a, theirs->last_frame);
		evidence(a, mine->last_frame);
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "after the connection was up, %s kept coming from the %s (%u packets over %.0f s after the "
			 "last one back) and nothing came back from the %s: the path or the peer was lost",
			 st == STAGE_GRE ? "GRE" : "ESP", d == DIR_I2R ? "client" : "server", mine->unanswered,
			 (double)(mine->last_ns - theirs->last_ns) / 1e9, d == DIR_I2R ? "server" : "client");
		return true;
	}
	return false;
}

/* Two clients behind one NAT (L2TP/IPsec, transport mode): once the
 * second connects, the server's SAs collide; each attempt stops where its
 * return traffic stopped. */
static bool rule_shared_nat(Attempt *a, bool ended, int64_t end_ns)
{
	(void)ended;
	(void)end_ns;
	if (!a->shared_nat)
		return false;
	/* the first stage inside the tunnel that did not complete */
	StageId st = STAGE_DATA;
	if (a->sccrq_frame && !a->sccrp_seen)
		st = STAGE_L2TP;
	else if (a->stages[STAGE_PPP_LCP].seen && !(a->lcp_ack[DIR_I2R] && a->lcp_ack[DIR_R2I]))
		st = STAGE_PPP_LCP;
	else if (a->stages[STAGE_PPP_AUTH].seen && !a->auth_success)
		st = STAGE_PPP_AUTH;
	else if (a->stages[STAGE_PPP_IPCP].seen && !a->ipcp_done)
		st = STAGE_PPP_IPCP;
	fail(a, st, VDIR_R2I);
	evidence(a, a->first_frame);
	evidence(a, a->stages[st].dir[DIR_I2R].last_frame);
	basis(a, a->inner_decrypted);
	snprintf(a->verdict.detail, sizeof(a->verdict.detail),
		 "another client behind the same NAT connected to the same server at the same time; "
		 "this attempt got no answers past stage %s", stage_name(st));
	return true;
}

static const Rule rules[] = {
	{ CAUSE_DNS_FAILED, rule_dns_failed },
	{ CAUSE_MULTI_CLIENT_SAME_NAT, rule_shared_nat },
	{ CAUSE_IKE_PROPOSAL_MISMATCH, rule_ike_proposal },
	{ CAUSE_WINDOWS_NATT_REGISTRY, rule_windows_natt },
	{ CAUSE_NATT_BLOCKED, rule_natt_blocked },
	{ CAUSE_IKE_NO_RESPONSE, rule_ike_no_response },
	{ CAUSE_IP_FRAGMENTS_LOST, rule_fragments_lost },
	{ CAUSE_PSK_MISMATCH, rule_psk_mismatch },
	{ CAUSE_PPP_AUTH_FAILED, rule_eap_failed },
	{ CAUSE_P2_PROPOSAL_MISMATCH, rule_p2 },
	{ CAUSE_ESP_BLOCKED, rule_esp_blocked },
	{ CAUSE_PPTP_NO_RESPONSE, rule_pptp_no_response },
	{ CAUSE_GRE_BLOCKED, rule_gre_blocked },
	{ CAUSE_GRE_BLOCKED, rule_gre_lost_back },
	{ CAUSE_ESP_BLOCKED, rule_esp_lost_back },
	{ CAUSE_ESP_BLOCKED, rule_esp_resent },
	{ CAUSE_L2TP_NO_ANSWER, rule_l2tp },
	{ CAUSE_PPP_AUTH_PROTOCOL_MISMATCH, rule_auth_protocol },
	{ CAUSE_PPP_AUTH_FAILED, rule_auth_failed },
	{ CAUSE_PEER_GONE, rule_peer_gone },
	{ CAUSE_PEER_GONE, rule_path_lost },
};

/* Everything the profile needs was seen both ways (as far as the capture
 * can show without keys: the stages inside ESP need them). */
static bool came_up(const Attempt *a)
{
	const StageStats *esp = &a->stages[STAGE_ESP];
	bool esp_both = esp->dir[DIR_I2R].packets && esp->dir[DIR_R2I].packets;
	switch (a->profile) {
	case PROFILE_L2TP_IPSEC:
		if (!a->p1_r_encrypted || a->qm_r_msgs == 0 || !esp_both)
			return false;
		/* with keys, L2TP and PPP must have come up too */
		if (a->stages[STAGE_L2TP].seen && !(a->auth_success || a->ipcp_done || a->stages[STAGE_DATA].seen))
			return false;
		return true;
	case PROFILE_IKEV2:
		/* the first child SA carries traffic, or further ones were made */
		return a->p1_r_encrypted && (esp_both || a->stages[STAGE_CHILD_SA].dir[DIR_R2I].packets);
	case PROFILE_PPTP:
		return a->stages[STAGE_GRE].dir[DIR_I2R].packets && a->stages[STAGE_GRE].dir[DIR_R2I].packets &&
		       (a->auth_success || a->ipcp_done || a->stages[STAGE_DATA].seen);
	default:
		return false;
	}
}

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

/* An inferred verdict: which keys would show what it only infers (the
 * catalogue says which kind, the attempt gives the cookie or the SPIs). */
static void confirm_with(Attempt *a, KeyKind k)
{
	Verdict *v = &a->verdict;
	bool v2 = a->ike_version == 2;
	const KeySourceDef *ks = key_source_def(k, v2);
	char id[40];
	if ((k == KEYS_IKE || (k == KEYS_TUNNEL && v2)) && !a->ike_version) {
		snprintf(id, sizeof(id), "(none seen)");
	} else if (k == KEYS_IKE || (k == KEYS_TUNNEL && v2)) {
		size_t o = (size_t)snprintf(id, sizeof(id), "0x");
		for (int i = 0; i < 8; i++)
			o += (size_t)snprintf(id + o, sizeof(id) - o, "%02x", a->ispi[i]);
	} else if (a->esp_spi[DIR_I2R] && a->esp_spi[DIR_R2I]) {
		snprintf(id, sizeof(id), "0x%08x and 0x%08x", a->esp_spi[DIR_I2R], a->esp_spi[DIR_R2I]);
	} else if (a->esp_spi[DIR_I2R] || a->esp_spi[DIR_R2I]) {
		snprintf(id, sizeof(id), "0x%08x", a->esp_spi[DIR_I2R] ? a->esp_spi[DIR_I2R] : a->esp_spi[DIR_R2I]);
	} else {
		snprintf(id, sizeof(id), "(none seen yet)");
	}
	snprintf(v->confirm_with, sizeof(v->confirm_with), "%s %s (%s)", ks->what, id, ks->sources);
}

void rules_decide(Attempt *a, bool ended, int64_t end_ns)
{
	decide(a, ended, end_ns);
	qsort(a->verdict.evidence, a->verdict.n_evidence, sizeof(a->verdict.evidence[0]), cmp_frame);
	Verdict *v = &a->verdict;
	if (v->status == VERDICT_FAILED && v->basis == BASIS_INFERRED && cause_def(v->cause)->confirm != KEYS_NONE)
		confirm_with(a, cause_def(v->cause)->confirm);
	else if (v->status == VERDICT_FAILED && v->basis == BASIS_INFERRED)
		v->basis = BASIS_CLEAR;
	/* ok without the inside: L2TP and PPP would show in the ESP */
	if (v->status == VERDICT_OK && v->basis == BASIS_INFERRED)
		confirm_with(a, KEYS_ESP);
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
	if (came_up(a)) {
		a->verdict.status = VERDICT_OK;
		a->verdict.direction = VDIR_NONE;
		/* L2TP/IPsec: without the ESP keys, L2TP and PPP stay unseen */
		if (a->profile == PROFILE_L2TP_IPSEC && !a->stages[STAGE_L2TP].seen)
			a->verdict.basis = BASIS_INFERRED;
		else if (a->inner_decrypted)
			a->verdict.basis = BASIS_DECRYPTED;
		snprintf(a->verdict.detail, sizeof(a->verdict.detail), "the connection came up%s",
			 a->profile == PROFILE_PPTP	 ? " (PPTP control, GRE and PPP)"
			 : a->stages[STAGE_L2TP].seen ? " (IPsec, L2TP and PPP)"
						      : " (IKE and ESP both ways)");
		return;
	}
	/* no failure recognised: the capture shows the attempt up to its
	 * furthest stage */
	int f = furthest_stage(a);
	a->verdict.status = VERDICT_INCOMPLETE;
	a->verdict.direction = VDIR_NONE;
	if (f >= 0) {
		a->verdict.stage = p->stages[f];
		a->verdict.has_stage = true;
		snprintf(a->verdict.detail, sizeof(a->verdict.detail),
			 "packets went up to stage %s; no failure was recognised", stage_name(p->stages[f]));
	}
}
