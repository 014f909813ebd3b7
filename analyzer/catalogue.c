/*
 * catalogue.c - the stage profiles and the diagnosis catalogue of DESIGN
 * §1/§2, as data.  The rules that pick a cause live in rules.c; the words
 * a user reads live here, in one place.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model.h"

static const char *const stage_names[STAGE__COUNT] = {
	[STAGE_DNS] = "dns",
	[STAGE_IKE_P1] = "ike-p1",
	[STAGE_IKE_P2] = "ike-p2",
	[STAGE_IKE_SA_INIT] = "ike-sa-init",
	[STAGE_IKE_AUTH] = "ike-auth",
	[STAGE_CHILD_SA] = "child-sa",
	[STAGE_ESP] = "esp",
	[STAGE_PPTP_CONTROL] = "pptp-control",
	[STAGE_GRE] = "gre",
	[STAGE_L2TP] = "l2tp",
	[STAGE_PPP_LCP] = "ppp-lcp",
	[STAGE_PPP_AUTH] = "ppp-auth",
	[STAGE_PPP_IPCP] = "ppp-ipcp",
	[STAGE_DATA] = "data",
};

static const StageId l2tp_ipsec_stages[] = { STAGE_DNS, STAGE_IKE_P1, STAGE_IKE_P2, STAGE_ESP, STAGE_L2TP,
					     STAGE_PPP_LCP, STAGE_PPP_AUTH, STAGE_PPP_IPCP, STAGE_DATA };
static const StageId ikev2_stages[] = { STAGE_DNS, STAGE_IKE_SA_INIT, STAGE_IKE_AUTH, STAGE_CHILD_SA, STAGE_ESP,
					STAGE_DATA };
static const StageId pptp_stages[] = { STAGE_DNS,      STAGE_PPTP_CONTROL, STAGE_GRE, STAGE_PPP_LCP,
				       STAGE_PPP_AUTH, STAGE_PPP_IPCP,     STAGE_DATA };

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const Profile profiles[PROFILE__COUNT] = {
	[PROFILE_L2TP_IPSEC] = { "l2tp-ipsec", l2tp_ipsec_stages, N_OF(l2tp_ipsec_stages) },
	[PROFILE_IKEV2] = { "ikev2", ikev2_stages, N_OF(ikev2_stages) },
	[PROFILE_PPTP] = { "pptp", pptp_stages, N_OF(pptp_stages) },
};

static const CauseDef causes[CAUSE__COUNT] = {
	[CAUSE_NONE] = { "-", "", "", "", NULL, KEYS_NONE },
	[CAUSE_DNS_FAILED] = { "dns-failed", "the DNS query for the server name went unanswered or was answered NXDOMAIN",
			       "the server name is wrong or cannot be resolved",
			       "check the server address (name) in the VPN connection settings and the DNS server",
			       "Windows error 868: the remote connection was not made because the name of the "
			       "remote access server did not resolve", KEYS_NONE },
	[CAUSE_IKE_NO_RESPONSE] = { "ike-no-response",
				    "IKE requests were sent (and re-sent) and nothing came back, or ICMP said "
				    "the port is unreachable",
				    "UDP 500 is blocked on the path, the server does not run an IKE service, or the "
				    "address is wrong",
				    "open UDP 500 (and 4500) both ways; check the IKE service on the server "
				    "(Windows: \"IKE and AuthIP IPsec Keying Modules\" and \"IPsec Policy Agent\" "
				    "running, Automatic)",
				    "Windows error 789 (the L2TP connection attempt failed because the security "
				    "layer encountered a processing error) or 809", KEYS_NONE },
	[CAUSE_IKE_PROPOSAL_MISMATCH] = { "ike-proposal-mismatch",
					  "NO-PROPOSAL-CHOSEN in phase 1 / IKE_SA_INIT",
					  "encryption, hash, DH group or authentication method do not match",
					  "align the phase-1 proposals of both ends (the initiator's offer is listed; "
					  "the responder's own is in its configuration or log)",
					  "Windows error 13801 / 789", KEYS_NONE },
	[CAUSE_PSK_MISMATCH] = { "psk-mismatch",
				 "Main Mode 5 sent and re-sent with no Main Mode 6, or an error notify after it",
				 "the pre-shared key (or the certificate) differs between the two ends",
				 "check the pre-shared key on both ends", "Windows error 789", KEYS_IKE },
	[CAUSE_NATT_BLOCKED] = { "natt-blocked", "NAT detected, the exchange moved to UDP 4500 and nothing answers there",
				 "UDP 4500 is blocked", "open UDP 4500 both ways", "Windows error 809", KEYS_NONE },
	[CAUSE_WINDOWS_NATT_REGISTRY] = { "windows-natt-registry",
					  "NAT detected on the server side, a Windows client never moves to UDP 4500",
					  "Windows refuses NAT-T to a server behind NAT by default",
					  "set HKLM\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent\\"
					  "AssumeUDPEncapsulationContextOnSendRule = DWORD 2 and reboot",
					  "Windows error 809", KEYS_NONE },
	[CAUSE_P2_PROPOSAL_MISMATCH] = { "p2-proposal-mismatch",
					 "Quick Mode / CREATE_CHILD_SA refused (NO-PROPOSAL-CHOSEN, "
					 "INVALID-ID-INFORMATION, TS_UNACCEPTABLE) or QM1 re-sent with no QM2",
					 "phase-2 settings differ: transport vs tunnel mode, proxy IDs, ESP transform, "
					 "PFS group",
					 "align the phase-2 settings (L2TP needs transport mode, UDP 1701)",
					 "Windows error 789", KEYS_IKE },
	[CAUSE_ESP_BLOCKED] = { "esp-blocked", "Quick Mode done, ESP seen in one direction only",
				"IP protocol 50 is dropped by a firewall, modem or NAT",
				"allow IP protocols 50 and 51, or use NAT-T", "Windows error 809 / 789", KEYS_ESP },
	[CAUSE_L2TP_NO_ANSWER] = { "l2tp-no-answer",
				   "ESP both ways but the L2TP SCCRQ is unanswered, refused (StopCCN) or "
				   "answered by ICMP port unreachable",
				   "the L2TP server is not running, out of ports, or refuses by policy",
				   "start the L2TP service on the server and allow UDP 1701 inside IPsec",
				   "Windows error 809 / 789", KEYS_ESP },
	[CAUSE_PPP_AUTH_PROTOCOL_MISMATCH] = { "ppp-auth-protocol-mismatch",
					       "LCP Configure-Reject or Configure-Nak of the authentication protocol",
					       "the two ends allow no common authentication method",
					       "enable MS-CHAP v2 on both ends", "Windows error 919", KEYS_ESP },
	[CAUSE_PPP_AUTH_FAILED] = { "ppp-auth-failed", "MS-CHAPv2 / CHAP / PAP failure (E=691, E=649, E=647, E=648)",
				    "bad credentials, no dial-in permission, account disabled or password expired",
				    "check the user name and password, and the user's remote-access permission",
				    "Windows error 691", KEYS_TUNNEL },
	[CAUSE_GRE_BLOCKED] = { "gre-blocked", "PPTP: TCP 1723 fine, GRE only one way",
				"GRE (IP protocol 47) is dropped, typically by the modem or router",
				"allow GRE (IP protocol 47) or change the modem", "Windows error 806", KEYS_NONE },
	[CAUSE_IP_FRAGMENTS_LOST] = { "ip-fragments-lost", "large IKE messages fragmented at the IP level, fragments missing",
				      "the path drops IP fragments (certificate authentication)",
				      "enable IKE fragmentation, or lower the MTU", "Windows error 13801 / 809", KEYS_NONE },
	[CAUSE_MULTI_CLIENT_SAME_NAT] = { "multi-client-same-nat",
					  "two or more clients behind one public address; one loses its traffic",
					  "transport-mode SAs of clients behind one NAT collide on the server",
					  "one client at a time behind that NAT, or IKEv2 / tunnel mode for them", NULL, KEYS_ESP },
	[CAUSE_PEER_GONE] = { "peer-gone",
			      "DPD R-U-THERE unanswered, a Delete soon after setup, or the tunnel's packets "
			      "one way only after it was up",
			      "the peer is gone, or a policy tore the connection down",
			      "check the path and the peer; look at the peer's logs for the teardown", NULL, KEYS_IKE },
	[CAUSE_PPTP_NO_RESPONSE] = { "pptp-no-response",
				     "PPTP: the TCP connection to port 1723 is not answered, or refused with a reset",
				     "TCP 1723 is blocked on the path, the PPTP service is not running, or the address is "
				     "wrong",
				     "open TCP 1723 (and GRE) to the server; check its PPTP service (Windows RRAS: PPTP "
				     "ports enabled)",
				     "Windows error 800 (unable to establish the VPN connection) or 807", KEYS_NONE },
};

/* Where the keys that confirm an inferred verdict come from (doc/keys.md). */
static const KeySourceDef key_sources[] = {
	{ "", "" },
	{ "the IKEv1 keys of the IKE SA with initiator cookie",
	  "an ikev1_decryption_table row, or the charon log at IKE level 4: charondebug=\"ike 4\" or "
	  "charon.filelog.<log>.ike = 4" },
	{ "the IKEv2 keys of the IKE SA with initiator SPI",
	  "an ikev2_decryption_table row, or the charon log at IKE level 4: charondebug=\"ike 4\" or "
	  "charon.filelog.<log>.ike = 4" },
	{ "the ESP keys of SPI",
	  "esp_sa rows, `ip -s xfrm state` on either end, or the charon log at CHD level 4" },
};

const KeySourceDef *key_source_def(KeyKind k, bool ikev2)
{
	switch (k) {
	case KEYS_IKE: return &key_sources[ikev2 ? 2 : 1];
	case KEYS_TUNNEL: return &key_sources[ikev2 ? 2 : 3];
	case KEYS_ESP: return &key_sources[3];
	default: return &key_sources[0];
	}
}

static const FindingDef findings[FINDING__COUNT] = {
	[FINDING_NAT_DETECTED] = { "nat-detected",
				   "a side is behind NAT (the NAT-D hashes do not match its address), and the "
				   "exchange floated to UDP 4500" },
	[FINDING_WEAK_PROPOSAL] = { "weak-proposal",
				    "DES, 3DES, MD5 or SHA-1 (integrity or PRF), or a 768/1024-bit MODP group, "
				    "was offered or chosen" },
	[FINDING_SHARED_NAT] = { "shared-nat", "other clients behind the same NAT talked to the same server at the "
					       "same time" },
	[FINDING_RETRANSMISSIONS] = { "retransmissions", "a stage came up only after requests were re-sent" },
	[FINDING_REKEY] = { "rekey", "phase 2 / child SAs were negotiated again (rekeyed) after the first" },
	[FINDING_DPD] = { "dpd", "periodic IKE informational exchanges (dead peer detection) after setup, answered" },
	[FINDING_ESP_SEQUENCE] = { "esp-sequence",
				   "ESP sequence numbers show gaps (packets lost before the capture point), replays "
				   "or reordering" },
	[FINDING_DROPS] = { "drops", "the capture itself dropped packets while the attempt was live" },
};

const FindingDef *finding_def(FindingId id)
{
	return (unsigned)id < FINDING__COUNT ? &findings[id] : &findings[0];
}

bool finding_from_name(const char *name, FindingId *out)
{
	for (int f = 0; f < FINDING__COUNT; f++)
		if (strcmp(findings[f].id, name) == 0) {
			*out = (FindingId)f;
			return true;
		}
	return false;
}

const char *weak_name(unsigned bit_index)
{
	static const char *const names[WEAK__BITS] = { "DES", "3DES", "MD5", "SHA1", "MODP768", "MODP1024" };
	return bit_index < WEAK__BITS ? names[bit_index] : "?";
}

/* IANA names: IKEv1 attributes (RFC 2409 appendix A), IKEv2 transform
 * ids (RFC 7296 §3.3.2 and the IKEv2 registry). */
typedef struct {
	uint16_t v;
	const char *name;
} AlgName;

static const AlgName v1_enc[] = { { 1, "DES" }, { 2, "IDEA" }, { 3, "Blowfish" }, { 4, "RC5" },
				  { 5, "3DES" }, { 6, "CAST" }, { 7, "AES-CBC" }, { 8, "Camellia" }, { 0, NULL } };
static const AlgName v1_hash[] = { { 1, "MD5" },	 { 2, "SHA1" },	    { 3, "Tiger" },
				   { 4, "SHA2-256" }, { 5, "SHA2-384" }, { 6, "SHA2-512" }, { 0, NULL } };
static const AlgName v2_enc[] = { { 1, "DES-IV64" },   { 2, "DES" },	       { 3, "3DES" },
				  { 12, "AES-CBC" },   { 13, "AES-CTR" },      { 14, "AES-CCM-8" },
				  { 15, "AES-CCM-12" }, { 16, "AES-CCM-16" },  { 18, "AES-GCM-8" },
				  { 19, "AES-GCM-12" }, { 20, "AES-GCM-16" },  { 23, "Camellia-CBC" },
				  { 28, "ChaCha20-Poly1305" }, { 0, NULL } };
static const AlgName v2_integ[] = { { 1, "HMAC-MD5-96" },	   { 2, "HMAC-SHA1-96" },
				    { 5, "AES-XCBC-96" },	   { 12, "HMAC-SHA2-256-128" },
				    { 13, "HMAC-SHA2-384-192" }, { 14, "HMAC-SHA2-512-256" }, { 0, NULL } };
static const AlgName v2_prf[] = { { 1, "PRF-HMAC-MD5" },	{ 2, "PRF-HMAC-SHA1" },	   { 4, "PRF-AES128-XCBC" },
				  { 5, "PRF-HMAC-SHA2-256" }, { 6, "PRF-HMAC-SHA2-384" }, { 7, "PRF-HMAC-SHA2-512" },
				  { 0, NULL } };
static const AlgName groups[] = { { 1, "MODP768" },  { 2, "MODP1024" }, { 5, "MODP1536" },  { 14, "MODP2048" },
				  { 15, "MODP3072" }, { 16, "MODP4096" }, { 17, "MODP6144" }, { 18, "MODP8192" },
				  { 19, "ECP256" },   { 20, "ECP384" },   { 21, "ECP521" },   { 31, "Curve25519" },
				  { 32, "Curve448" }, { 0, NULL } };

static size_t alg(const AlgName *t, uint16_t v, char *buf, size_t size)
{
	for (; t->name; t++)
		if (t->v == v)
			return (size_t)snprintf(buf, size, "%s", t->name);
	return (size_t)snprintf(buf, size, "#%u", v);
}

void proposal_text(uint8_t version, uint16_t enc, uint16_t keylen, uint16_t hash, uint16_t prf, uint16_t group,
		   char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
#define ROOM (o < size ? size - o : 0)
	o += alg(version == 2 ? v2_enc : v1_enc, enc, buf, size);
	if (keylen)
		o += (size_t)snprintf(buf + (o < size ? o : size), ROOM, "-%u", keylen);
	if (hash) {
		o += (size_t)snprintf(buf + (o < size ? o : size), ROOM, "/");
		o += alg(version == 2 ? v2_integ : v1_hash, hash, buf + (o < size ? o : size), ROOM);
	}
	if (prf && version == 2) {
		o += (size_t)snprintf(buf + (o < size ? o : size), ROOM, "/");
		o += alg(v2_prf, prf, buf + (o < size ? o : size), ROOM);
	}
	if (group) {
		o += (size_t)snprintf(buf + (o < size ? o : size), ROOM, "/");
		alg(groups, group, buf + (o < size ? o : size), ROOM);
	}
#undef ROOM
}

const Profile *profile_get(ProfileId id)
{
	return (unsigned)id < PROFILE__COUNT ? &profiles[id] : NULL;
}

const char *stage_name(StageId s)
{
	return (unsigned)s < STAGE__COUNT ? stage_names[s] : "?";
}

bool stage_from_name(const char *name, StageId *out)
{
	for (int s = 0; s < STAGE__COUNT; s++)
		if (strcmp(stage_names[s], name) == 0) {
			*out = (StageId)s;
			return true;
		}
	return false;
}

bool profile_from_name(const char *name, ProfileId *out)
{
	for (int p = 0; p < PROFILE__COUNT; p++)
		if (strcmp(profiles[p].name, name) == 0) {
			*out = (ProfileId)p;
			return true;
		}
	return false;
}

int profile_stage_index(const Profile *p, StageId s)
{
	for (size_t i = 0; i < p->n_stages; i++)
		if (p->stages[i] == s)
			return (int)i;
	return -1;
}

const CauseDef *cause_def(CauseId id)
{
	return (unsigned)id < CAUSE__COUNT ? &causes[id] : &causes[CAUSE_NONE];
}

bool cause_from_name(const char *name, CauseId *out)
{
	for (int c = 1; c < CAUSE__COUNT; c++)
		if (strcmp(causes[c].id, name) == 0) {
			*out = (CauseId)c;
			return true;
		}
	return false;
}
