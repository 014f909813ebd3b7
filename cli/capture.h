/*
 * capture.h - live capture on network interfaces through libpcap
 * (immediate mode, one handle per interface, non-blocking, selectable
 * file descriptors for poll()), and the -w writer with tcpdump-style
 * rotation (-C size, -G seconds).
 */
#ifndef IKS_CAPTURE_H
#define IKS_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "source.h"

/* Everything ikescope analyses: DNS, IKE and NAT-T, L2TP, ESP, AH, GRE,
 * PPTP control, ICMP errors, and IP fragments (whose later pieces carry
 * no port). */
#define CAPTURE_DEFAULT_FILTER                                                                              \
	"udp port 53 or udp port 500 or udp port 4500 or udp port 1701 or ip proto 50 or ip proto 51 or "  \
	"ip6 proto 50 or ip6 proto 51 or ip proto 47 or ip6 proto 47 or tcp port 1723 or icmp or icmp6 or " \
	"(ip and ip[6:2] & 0x3fff != 0) or ip6 proto 44"

typedef enum {
	CAPTURE_ERR_NO_DEVICE = 1,
	CAPTURE_ERR_PERMISSION,
	CAPTURE_ERR_DOWN,
	CAPTURE_ERR_LINKTYPE,
	CAPTURE_ERR_FILTER,
	CAPTURE_ERR_OTHER,
} CaptureError;

typedef struct Capture Capture;

typedef struct {
	uint64_t received; /* packets the kernel passed to the filter */
	uint64_t dropped;  /* dropped by the kernel: buffer full */
	uint64_t ifdropped;/* dropped by the interface or its driver */
} CaptureStats;

/* Open and activate IFACE (snaplen 262144, immediate mode, buffer_kib of
 * kernel buffer, promiscuous unless told otherwise), set the filter.  On
 * failure: NULL, err with a CaptureError code and a message a user can
 * act on. */
Capture *capture_open(const char *iface, const char *bpf, unsigned buffer_kib, bool promisc, GError **err);
void capture_close(Capture *c);
const char *capture_name(const Capture *c);
int capture_linktype(const Capture *c);
int capture_fd(const Capture *c);
/* Hand every packet waiting now to fn (never blocks).  Number is left 0:
 * the caller numbers frames across interfaces.  -1 and err on a read
 * error (the interface went away or down). */
int capture_dispatch(Capture *c, SourceFn fn, void *user, GError **err);
/* The counters since the capture started; false when unavailable. */
bool capture_stats(Capture *c, CaptureStats *st);

/* ---- a set of interfaces captured together (live, tui -i) ------------- */

#define CAPTURE_MAX_IFACES 16

typedef struct {
	Capture *caps[CAPTURE_MAX_IFACES];
	CaptureStats last[CAPTURE_MAX_IFACES]; /* the counters last read */
	unsigned n;
	char names[256];  /* "eth0,eth1": how messages and reports name the set */
	uint64_t frame;   /* frames numbered from 1 across the interfaces */
	SourceFn fn;      /* during capture_set_poll */
	void *user;
} CaptureSet;

/* Open every interface of ifaces (1..CAPTURE_MAX_IFACES), or none: on
 * failure everything opened is closed and err says which interface and
 * why. */
bool capture_set_open(CaptureSet *cs, char *const *ifaces, unsigned n, const char *bpf, unsigned buffer_kib,
		      bool promisc, GError **err);
void capture_set_close(CaptureSet *cs);
/* Wait up to timeout_ms (0: not at all) for packets and hand every one
 * waiting to fn, numbered across the interfaces.  The number of packets,
 * or -1 and err when an interface failed (the others were still read). */
int capture_set_poll(CaptureSet *cs, int timeout_ms, SourceFn fn, void *user, GError **err);
/* Re-read the counters; the kernel and interface drops of all
 * interfaces together. */
uint64_t capture_set_drops(CaptureSet *cs);
/* -w needs one link type: false and err naming the two interfaces when
 * they differ. */
bool capture_set_one_linktype(const CaptureSet *cs, GError **err);

/* Become USER (tcpdump's -Z) once the interfaces are open; false and err
 * when the user does not exist or root could be regained. */
bool capture_drop_privileges(const char *user, GError **err);

/* ---- -w: the analysed packets to a file, rotating like tcpdump ------- */

typedef struct Dumper Dumper;

/* path: the file name (with -G, a strftime() pattern); rotate_bytes: -C
 * (0: never; files then get 1, 2, ... appended, the first none);
 * rotate_secs: -G (0: never).  The file is written in the pcap format
 * with nanosecond timestamps (libpcap 1.10 cannot write pcapng). */
Dumper *dumper_open(const char *path, int linktype, uint64_t rotate_bytes, unsigned rotate_secs, GError **err);
bool dumper_write(Dumper *d, const SourcePacket *p, GError **err);
void dumper_flush(Dumper *d);
void dumper_close(Dumper *d);

#endif
