/*
 * model.h - what the TUI shows: the analyzer's attempts as they arrive
 * (its events), and a light index of the capture's packets (time,
 * addresses, protocol and info columns, retransmission and error marks)
 * to place them on the timeline.  Packet bytes are not kept: a packet's
 * detail is re-dissected on demand through the front end's callback.
 */
#ifndef IKS_TUI_MODEL_H
#define IKS_TUI_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "analyzer/analyzer.h"

#define TUI_MAX_PACKETS 2000000 /* packets indexed; more are counted, not kept */
#define TUI_MAX_ATTEMPTS 20000  /* attempts kept (a few KiB each); more are counted */

enum {
	TP_RETRANS = 1u << 0, /* an IKE or L2TP retransmission */
	TP_ERROR = 1u << 1,   /* error notify, ICMP error, failure code */
	TP_DNS = 1u << 2,
	TP_IKE = 1u << 3,
	TP_ESP = 1u << 4,     /* ESP not decrypted (or AH) */
	TP_L2TP = 1u << 5,    /* an L2TP control message */
	TP_PPP = 1u << 6,
	TP_PPTP = 1u << 7,
	TP_GRE = 1u << 8,
	TP_IN_ESP = 1u << 9,  /* carried in ESP (decrypted or not) */
	TP_IN_GRE = 1u << 10, /* carried in GRE (PPTP's PPP) */
};

typedef struct {
	uint64_t frame;
	int64_t ts_ns;
	uint8_t af;
	uint8_t src[16], dst[16];
	uint16_t flags;    /* TP_* */
	uint16_t ppp_proto;
	uint32_t len;
	char proto[12];
	char info[112];
} TuiPacket;

typedef struct {
	GPtrArray *attempts;   /* Attempt* copies, owned, in order of first frame
			        * (their id renumbered 1, 2, ... in that order) */
	GHashTable *by_an_id;  /* the analyzer's attempt id -> the copy */
	GArray *packets;       /* TuiPacket, in capture order */
	uint64_t packets_dropped; /* over TUI_MAX_PACKETS */
	unsigned max_attempts;    /* TUI_MAX_ATTEMPTS unless changed */
	uint64_t attempts_dropped; /* finished while the model was full: not shown */
	unsigned generation;   /* bumped on every change, for views to refresh */
	const char *file;      /* shown in the header */
	char note[256];        /* a problem met reading the file, shown with the list */
	char status[96];       /* live capture: packets, drops; right of the title */
} TuiModel;

TuiModel *tui_model_new(const char *file);
void tui_model_free(TuiModel *m);
/* The analyzer's event callback: keeps a copy of each attempt, updated as
 * it opens, reaches stages and finishes (user = TuiModel *). */
void tui_model_on_event(AnalyzerEventKind kind, const Attempt *a, StageId stage, void *user);
/* Index one dissected packet (summary and columns only). */
void tui_model_add_packet(TuiModel *m, const PacketSummary *s, uint64_t frame, int64_t ts_ns, uint32_t len,
			  const char *proto, const char *info);
const Attempt *tui_model_attempt(const TuiModel *m, unsigned i);
unsigned tui_model_n_attempts(const TuiModel *m);

/* The packets of an attempt: indices into m->packets, in capture order;
 * *dirs gets each one's direction.  Caller frees both with g_free. */
size_t tui_model_attempt_packets(const TuiModel *m, const Attempt *a, guint **idx, Direction **dirs);
/* The stage a packet of the attempt belongs to on the timeline, or
 * STAGE__COUNT when none of the attempt's stages covers it. */
StageId tui_packet_stage(const Attempt *a, const TuiPacket *p, Direction d);
/* The furthest stage of the ladder that saw a packet, or NULL. */
const char *tui_furthest_stage(const Attempt *a);

#endif
