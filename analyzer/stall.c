/*
 * stall.c - when a live attempt counts as stalled: per stage, how long a
 * packet may wait for the other side's answer, and the words for what is
 * awaited.  analyzer_tick() applies the table; nothing else decides.
 *
 * The times follow the peers' own patience: IKE retransmits after 2 to
 * 4 s and charon/Windows give up after 30 to 60 s, so 10 s without an
 * answer is already two lost retransmissions; L2TP retransmits its
 * control messages after 1 s, PPP its Configure-Requests after 3 s.
 */
#include "config.h"

#include "model.h"

#define S (1000000000LL)

static const StallDef stalls[STAGE__COUNT] = {
	[STAGE_DNS] = { 5 * S, "the answer to the DNS lookup", "a DNS query", false },
	[STAGE_IKE_P1] = { 10 * S, "the server's reply to IKEv1 Main/Aggressive Mode (phase 1)",
			   "the client's next phase 1 message", false },
	[STAGE_IKE_P2] = { 10 * S, "the server's reply to Quick Mode (phase 2)", "the client's last Quick Mode message", false },
	[STAGE_IKE_SA_INIT] = { 10 * S, "the server's IKE_SA_INIT response", "the client's IKE_AUTH request", false },
	[STAGE_IKE_AUTH] = { 10 * S, "the server's IKE_AUTH response", "the client's next IKE_AUTH request", false },
	[STAGE_CHILD_SA] = { 10 * S, "the server's CREATE_CHILD_SA response", "the client's answer", false },
	[STAGE_ESP] = { 10 * S, "ESP packets from the server", "ESP packets from the client", true },
	[STAGE_PPTP_CONTROL] = { 10 * S, "the server's PPTP control reply (TCP 1723)",
				 "the client's next PPTP control message", false },
	[STAGE_GRE] = { 10 * S, "GRE packets from the server", "GRE packets from the client", true },
	[STAGE_L2TP] = { 10 * S, "the server's L2TP control reply (SCCRP/ICRP)", "the client's next L2TP message", false },
	[STAGE_PPP_LCP] = { 10 * S, "the server's LCP answer", "the client's LCP answer", false },
	[STAGE_PPP_AUTH] = { 10 * S, "the server's authentication answer (PAP/CHAP/MS-CHAP)",
			     "the client's authentication response", false },
	[STAGE_PPP_IPCP] = { 10 * S, "the server's IPCP answer", "the client's IPCP answer", true },
	[STAGE_DATA] = { 0, NULL, NULL, false },
};

const StallDef *stall_def(StageId s)
{
	return &stalls[(unsigned)s < STAGE__COUNT ? s : STAGE_DATA];
}
