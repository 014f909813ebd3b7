/*
 * analyzer.h - rebuilds connection attempts from packet summaries, in
 * capture order, in one pass, and decides their verdicts.
 *
 * The analyzer sees PacketSummary values (dissectors/dissect.h), never
 * bytes.  It keeps state per live attempt only: an attempt is finished
 * (verdict decided, event emitted, memory released) when it has been idle
 * for the idle timeout, when the attempt table is full (the oldest is
 * evicted and counted), or at the end of the input.
 */
#ifndef IKS_ANALYZER_H
#define IKS_ANALYZER_H

#include <stdbool.h>
#include <stdint.h>

#include "dissectors/dissect.h"
#include "model.h"

typedef struct Analyzer Analyzer;

typedef struct {
	uint32_t max_attempts;   /* live attempts kept at once (cap) */
	int64_t idle_timeout_ns; /* an attempt idle this long is finished */
	int64_t dns_window_ns;   /* a lookup this close before an attempt belongs to it */
} AnalyzerOptions;

typedef struct {
	uint64_t packets;         /* summaries fed */
	uint64_t attempts;        /* attempts opened */
	uint64_t evicted;         /* attempts finished early because the table was full */
	uint64_t dns_lookups;     /* A/AAAA lookups seen */
	uint64_t stalls;          /* AEV_STALLED events (analyzer_tick) */
} AnalyzerStats;

typedef enum {
	AEV_OPENED,   /* a new attempt: its first packet */
	AEV_STAGE,    /* an attempt reached a stage for the first time */
	AEV_FINISHED, /* verdict decided; the attempt is released after the callback */
	AEV_STALLED,  /* (analyzer_tick) a packet at the attempt's current stage has
		       * waited longer than stall_def(stage)->wait_ns for the other
		       * side; stall_reported[stage][dir] tells which side waits */
} AnalyzerEventKind;

typedef void (*AnalyzerEventFn)(AnalyzerEventKind kind, const Attempt *a, StageId stage, void *user);

void analyzer_options_default(AnalyzerOptions *o);
Analyzer *analyzer_new(const AnalyzerOptions *o, AnalyzerEventFn fn, void *user);
void analyzer_free(Analyzer *an);

/* Feed one packet's summary (frame number and time from the capture). */
void analyzer_feed(Analyzer *an, const PacketSummary *s, uint64_t frame, int64_t ts_ns);
/* Live capture: the clock moved to now_ns without a packet.  Finishes
 * idle attempts, and emits AEV_STALLED once per wait that outlasts its
 * stage's time (stall.c); a packet from the silent side re-arms it. */
void analyzer_tick(Analyzer *an, int64_t now_ns);
/* An attempt worth keeping over a fresh one when a cap is hit: more than
 * one stage reached, or two packets each way (a bogus initiation gets at
 * most its request and one answer, re-sent). */
bool attempt_progressed(const Attempt *a);
/* End of input: decide and emit every attempt still open. */
void analyzer_finish(Analyzer *an);
const AnalyzerStats *analyzer_stats(const Analyzer *an);
/* Live capture: the capture's drops so far (kernel + interface).  An
 * attempt records how many happened while it was live (Attempt.drops),
 * and a finding says so. */
void analyzer_set_drops(Analyzer *an, uint64_t total);

/* The verdict rules (rules.c): decide an attempt's verdict.  `ended` is
 * true when the capture ended while the attempt was live; end_ns is the
 * time of the last packet of the capture. */
void rules_decide(Attempt *a, bool ended, int64_t end_ns);
/* The secondary findings (findings.c), into a->verdict.findings; called
 * by rules_decide once the primary verdict is known. */
/* " 4 times (back-off 2.0, 4.0, 8.0 s)" for the last request re-sent in
 * that direction at that stage; "" when none was. */
void backoff_text(const DirStats *d, char *buf, size_t size);

#endif
