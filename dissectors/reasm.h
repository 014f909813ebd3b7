/*
 * reasm.h - IPv4/IPv6 fragment reassembly, bounded in memory and time.
 *
 * Datagrams are keyed by (family, source, destination, identification,
 * protocol).  Caps: number of incomplete datagrams, total bytes held,
 * fragments per datagram, and an idle timeout in capture time.  When a cap
 * is hit the oldest incomplete datagram is evicted and counted; nothing
 * grows without bound whatever the input.
 */
#ifndef IKS_REASM_H
#define IKS_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tree.h"

typedef struct Reasm Reasm;

typedef struct {
	uint8_t af; /* 4 or 6 */
	uint8_t proto;
	uint8_t src[16], dst[16];
	uint32_t id;
} ReasmKey;

typedef enum {
	REASM_PENDING, /* kept, datagram not complete yet */
	REASM_DONE,    /* this fragment completed the datagram */
	REASM_REFUSED, /* not kept: over a cap, truncated, or inconsistent */
} ReasmResult;

typedef struct {
	const uint8_t *data; /* REASM_DONE: the datagram's payload, in the arena */
	size_t len;
	uint64_t first_frame; /* frame of the first fragment seen */
	unsigned nfrags;
	bool overlap;         /* overlapping fragments were seen */
	unsigned evicted;     /* datagrams evicted while adding this fragment */
	unsigned evicted_cap; /* of those, evicted by a cap rather than the timeout */
} ReasmOut;

Reasm *reasm_new(uint32_t max_datagrams, uint32_t max_bytes, uint32_t timeout_s);
void reasm_free(Reasm *r);
/* Add a fragment of `len` bytes at byte offset `off` of the payload.
 * `more` is the more-fragments flag. */
ReasmResult reasm_add(Reasm *r, const ReasmKey *key, uint32_t off, const uint8_t *data, size_t len,
		      bool more, int64_t now_ns, uint64_t frame, Arena *arena, ReasmOut *out);
/* Datagrams held / bytes held (for tests and reports). */
size_t reasm_pending(const Reasm *r);
size_t reasm_bytes(const Reasm *r);

#endif
