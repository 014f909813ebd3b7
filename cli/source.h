/*
 * source.h - packets from saved captures through libpcap (pcap and pcapng,
 * nanosecond timestamps kept), with an optional BPF filter.  Regular classic
 * pcap files are read mapped, in place (source.c), with libpcap opening
 * them and taking over at any record it must judge.
 */
#ifndef IKS_SOURCE_H
#define IKS_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

typedef struct {
	int64_t ts_ns;
	uint32_t caplen, len;
	int linktype;
	const uint8_t *data; /* valid until the callback returns */
	uint64_t number;     /* frame number in its file, from 1 (counts filtered-out frames, like tshark -Y) */
} SourcePacket;

/* Return false to stop reading. */
typedef bool (*SourceFn)(const SourcePacket *p, void *user);

typedef struct {
	uint64_t packets;      /* packets handed to the callback */
	bool truncated;        /* the file ends in the middle of a record */
	bool read_error;       /* another read error */
	bool unsupported_link; /* the link type has no dissector */
	int linktype;
	uint64_t ts_backwards;       /* packets older than the one before */
	uint64_t ts_backwards_frame; /* the first of them */
	char message[512];     /* what went wrong, for the user */
} SourceStatus;

/*
 * Read one capture file ("-" for standard input) and call fn for every
 * packet that passes the BPF filter (NULL: all).  Returns false when the
 * file cannot be opened or the filter is invalid (err set); a file that
 * opens and then breaks returns true with status->truncated / read_error
 * and a message, after every readable packet was delivered.
 */
bool source_read_file(const char *path, const char *bpf, SourceFn fn, void *user, SourceStatus *status,
		      GError **err);

/* The same from an open stream (the fuzz harness reads from memory);
 * `name` is used in messages.  The stream is closed. */
bool source_read_stream(FILE *fp, const char *name, const char *bpf, SourceFn fn, void *user, SourceStatus *status,
			GError **err);

/* The libpcap name of a link type ("EN10MB"), for messages. */
const char *source_linktype_name(int linktype);

#define IKS_ERROR (iks_error_quark())
GQuark iks_error_quark(void);

#endif
