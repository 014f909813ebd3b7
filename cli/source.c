/*
 * source.c - saved captures through libpcap.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "source.h"

enum { SOURCE_IOBUF = 1 << 20 }; /* stdio buffer of a capture file */

/*
 * Mapped reading of classic pcap files.  libpcap copies every record twice
 * (kernel to stdio buffer, stdio buffer to its packet buffer) and costs a
 * few hundred instructions per packet; a regular pcap file is instead
 * mapped a window at a time and its records handed over in place.  libpcap
 * still opens the file (same header checks and messages, same link type)
 * and takes over at the first record the walker does not vouch for (cut
 * off, caplen above the snapshot length, the end of the file...), so every
 * error message and odd-file behaviour stays libpcap's own.
 */
enum {
	MAP_WINDOW = 1 << 20,	 /* bytes mapped at a time (bounds the resident file pages) */
	MAP_MAX_CAPLEN = 262144, /* libpcap's smallest per-link-type maximum */
	MAP_PREFETCH = 8 << 10,	 /* bytes ahead of the record being read that are asked into the CPU caches */
	CACHE_LINE = 64,
	PCAP_FILE_HDR = 24,
	PCAP_REC_HDR = 16,
};

/* per-read state shared by the mapped walker and the libpcap loop */
typedef struct {
	SourceFn fn;
	void *user;
	SourceStatus *status;
	const struct bpf_program *prog; /* NULL: no filter */
	SourcePacket sp;
	uint64_t n; /* records read (frame number of the last one) */
	int64_t prev_ts; /* the last packet's time (time going backwards is counted) */
	uint64_t map_size; /* the size of the mapped file when opened */
} ReadState;

/* Hand one record to the callback; false: the callback asked to stop. */
static bool deliver(ReadState *rs, const struct pcap_pkthdr *h, const u_char *data)
{
	rs->n++;
	if (rs->prog && !pcap_offline_filter(rs->prog, h, data))
		return true;
	rs->sp.number = rs->n;
	/* pcapng's 64-bit timestamps can exceed what nanoseconds in an int64
	 * hold (year 2262): clamp rather than overflow */
	if (G_UNLIKELY(h->ts.tv_sec < 0 || (uint64_t)h->ts.tv_sec >= (uint64_t)INT64_MAX / 1000000000u - 5))
		rs->sp.ts_ns = h->ts.tv_sec < 0 ? 0 : (INT64_MAX / 1000000000 - 5) * 1000000000;
	else
		rs->sp.ts_ns = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec;
	if (G_UNLIKELY(rs->sp.ts_ns < rs->prev_ts) && rs->status->packets && !rs->status->ts_backwards++)
		rs->status->ts_backwards_frame = rs->n;
	rs->prev_ts = rs->sp.ts_ns;
	rs->sp.caplen = h->caplen;
	rs->sp.len = h->len;
	rs->sp.data = data;
	rs->status->packets++;
	return rs->fn(&rs->sp, rs->user);
}

static inline uint32_t rd32(const uint8_t *b, bool swapped)
{
	uint32_t v;
	memcpy(&v, b, 4);
	v = GUINT32_FROM_LE(v);
	return swapped ? GUINT32_SWAP_LE_BE(v) : v;
}

typedef struct {
	int fd;
	uint64_t size; /* file size when opened */
	uint64_t pagesize;
	const uint8_t *base;
	uint64_t start; /* file offset of base */
	size_t len;
	volatile sig_atomic_t shrunk; /* the file got shorter than `size` while read */
} MapWin;

/*
 * A mapped file that is cut shorter while it is read (someone truncating
 * or rewriting it) makes every access to a page past its new end fault
 * with SIGBUS.  The handler replaces the mapping from the faulting page to
 * the end of the window with zero pages and marks the window; the walker
 * reads the record through before handing it over, sees the mark and
 * stops with a message.  Faults anywhere else go to the handler that was
 * there before (ASan's, or the default: a crash, as they should).
 */
static _Thread_local MapWin *bus_win;
static struct sigaction bus_prev;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	MapWin *w = bus_win;
	uintptr_t a = (uintptr_t)si->si_addr;
	if (w && w->base && a >= (uintptr_t)w->base && a < (uintptr_t)w->base + w->len) {
		uintptr_t page = a & ~(uintptr_t)(w->pagesize - 1);
		size_t rest = (size_t)((uintptr_t)w->base + w->len - page);
		if (mmap((void *)page, rest, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
			w->shrunk = 1;
			return;
		}
	}
	if (bus_prev.sa_flags & SA_SIGINFO) {
		bus_prev.sa_sigaction(sig, si, uc);
	} else if (bus_prev.sa_handler != SIG_DFL && bus_prev.sa_handler != SIG_IGN) {
		bus_prev.sa_handler(sig);
	} else {
		/* returning re-runs the access, which faults again without us */
		struct sigaction dfl = {.sa_handler = SIG_DFL};
		sigemptyset(&dfl.sa_mask);
		sigaction(SIGBUS, &dfl, NULL);
	}
}

/* The SIGBUS handler, installed once (the previous one is chained to). */
static void bus_guard_install(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		struct sigaction sa = {.sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO | SA_NODEFER};
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, &bus_prev);
		g_once_init_leave(&done, 1);
	}
}

static void win_drop(MapWin *w)
{
	if (w->base)
		munmap((void *)(uintptr_t)w->base, w->len);
	w->base = NULL;
	w->len = 0;
}

static inline bool win_has(const MapWin *w, uint64_t off, size_t need)
{
	return w->base && off >= w->start && off + need <= w->start + w->len;
}

/* Map the window holding [off, off + need); false: not possible. */
static bool win_cover(MapWin *w, uint64_t off, size_t need)
{
	if (win_has(w, off, need))
		return true;
	win_drop(w);
	struct stat st;
	/* a file that shrank since it was opened would fault past its new end */
	if (fstat(w->fd, &st) != 0)
		return false;
	if ((uint64_t)st.st_size < w->size) {
		w->shrunk = 1;
		return false;
	}
	uint64_t start = off & ~(w->pagesize - 1);
	uint64_t len = w->size - start;
	if (len > MAP_WINDOW)
		len = MAP_WINDOW;
	if (off + need > start + len)
		return false;
	int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;
#endif
	void *m = mmap(NULL, (size_t)len, PROT_READ, flags, w->fd, (off_t)start);
	if (m == MAP_FAILED)
		return false;
	w->base = m;
	w->start = start;
	w->len = (size_t)len;
	return true;
}

/* Link types whose records libpcap rewrites in byte-swapped files (USB,
 * NFLOG, CAN pseudo-headers) are left to libpcap; these are not. */
static bool swap_safe_linktype(int lt)
{
	return lt == DLT_EN10MB || lt == DLT_RAW || lt == DLT_IPV4 || lt == DLT_IPV6;
}

typedef enum {
	WALK_NONE,    /* not walked (pcapng, a pipe, an old version...): libpcap reads it all */
	WALK_HANDOFF, /* libpcap goes on at *resume (the end, or a record left to it) */
	WALK_STOPPED, /* the callback asked to stop */
	WALK_SHRUNK,  /* the file got shorter while it was read: stop there */
} WalkResult;

/* Walk the records of a classic pcap file in place. */
static WalkResult map_walk(FILE *fp, pcap_t *p, ReadState *rs, uint64_t *resume)
{
	*resume = PCAP_FILE_HDR;
	struct stat st;
	int fd = fileno(fp);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < PCAP_FILE_HDR)
		return WALK_NONE;
	long pg = sysconf(_SC_PAGESIZE);
	MapWin w = {.fd = fd, .size = (uint64_t)st.st_size, .pagesize = pg > 0 ? (uint64_t)pg : 4096};
	bus_guard_install();
	bus_win = &w;
	if (!win_cover(&w, 0, PCAP_FILE_HDR)) {
		bus_win = NULL;
		return WALK_NONE;
	}
	const uint8_t *fh = w.base;
	uint32_t magic = rd32(fh, false);
	bool swapped, nano;
	if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du) {
		swapped = false;
		nano = magic == 0xa1b23c4du;
	} else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u) {
		swapped = true;
		nano = magic == 0x4d3cb2a1u;
	} else {
		win_drop(&w); /* pcapng and the rarer pcap variants */
		bus_win = NULL;
		return WALK_NONE;
	}
	uint16_t vmaj = swapped ? (uint16_t)(fh[4] << 8 | fh[5]) : (uint16_t)(fh[5] << 8 | fh[4]);
	uint16_t vmin = swapped ? (uint16_t)(fh[6] << 8 | fh[7]) : (uint16_t)(fh[7] << 8 | fh[6]);
	int snap = pcap_snapshot(p);
	if (vmaj != 2 || vmin != 4 || snap <= 0 || (swapped != (G_BYTE_ORDER == G_BIG_ENDIAN) && !swap_safe_linktype(pcap_datalink(p)))) {
		win_drop(&w); /* old versions may have caplen and len swapped */
		bus_win = NULL;
		return WALK_NONE;
	}
	uint32_t maxcap = (uint32_t)snap < MAP_MAX_CAPLEN ? (uint32_t)snap : MAP_MAX_CAPLEN;
	uint64_t off = PCAP_FILE_HDR;
	uint64_t pf = off; /* prefetched up to here */
	bool go_on = true;
	while (off + PCAP_REC_HDR <= w.size) {
		if (!win_has(&w, off, PCAP_REC_HDR) && !win_cover(&w, off, PCAP_REC_HDR))
			break;
		/* mapped pages come from the page cache, not the CPU caches (read()
		 * would have copied them through): ask for the bytes ahead, or
		 * every record header and first packet bytes is a miss */
		uint64_t wend = w.start + w.len;
		uint64_t pf_to = off + MAP_PREFETCH < wend ? off + MAP_PREFETCH : wend;
		if (pf < off)
			pf = off;
		for (; pf < pf_to; pf += CACHE_LINE)
			__builtin_prefetch(w.base + (pf - w.start));
		const uint8_t *rh = w.base + (off - w.start);
		uint32_t caplen = rd32(rh + 8, swapped);
		if (caplen > maxcap || caplen > w.size - off - PCAP_REC_HDR)
			break; /* libpcap says what is wrong with it */
		if (!win_has(&w, off, PCAP_REC_HDR + (size_t)caplen) &&
		    !win_cover(&w, off, PCAP_REC_HDR + (size_t)caplen))
			break;
		rh = w.base + (off - w.start);
		/* read the record through (a byte per page) so that a file cut
		 * shorter meanwhile shows here, not in the callback */
		const volatile uint8_t *touch = rh;
		size_t rlen = PCAP_REC_HDR + (size_t)caplen;
		for (size_t i = w.pagesize; i < rlen; i += w.pagesize)
			(void)touch[i];
		(void)touch[rlen - 1];
		/* the zero pages that stand for a part cut off read as empty
		 * records: an empty record is rare enough to check the size */
		if (G_UNLIKELY(caplen == 0)) {
			struct stat now;
			if (fstat(w.fd, &now) != 0 || (uint64_t)now.st_size < off + PCAP_REC_HDR)
				w.shrunk = 1;
		}
		if (w.shrunk)
			break;
		struct pcap_pkthdr h;
		/* libpcap reads the time stamp as two signed 32-bit fields */
		h.ts.tv_sec = (int32_t)rd32(rh, swapped);
		h.ts.tv_usec = (int32_t)rd32(rh + 4, swapped);
		if (!nano)
			h.ts.tv_usec *= 1000;
		h.caplen = caplen;
		h.len = rd32(rh + 12, swapped);
		off += PCAP_REC_HDR + caplen;
		if (!deliver(rs, &h, rh + PCAP_REC_HDR)) {
			go_on = false;
			break;
		}
	}
	win_drop(&w);
	bus_win = NULL;
	*resume = off;
	rs->map_size = w.size;
	if (w.shrunk)
		return WALK_SHRUNK;
	return go_on ? WALK_HANDOFF : WALK_STOPPED;
}

G_DEFINE_QUARK(ikescope-error-quark, iks_error)

const char *source_linktype_name(int linktype)
{
	const char *n = pcap_datalink_val_to_name(linktype);
	return n ? n : "unknown";
}

/* Turn libpcap's open errors into something a user can act on. */
static void open_error(const char *path, const char *pcap_msg, GError **err)
{
	const char *shown = strcmp(path, "-") == 0 ? "(standard input)" : path;
	if (strstr(pcap_msg, "unknown file format") || strstr(pcap_msg, "bad dump file format"))
		g_set_error(err, IKS_ERROR, 2, "%s: not a pcap or pcapng capture file (%s)", shown, pcap_msg);
	else if (strstr(pcap_msg, "truncated dump file") || strstr(pcap_msg, "truncated pcapng"))
		g_set_error(err, IKS_ERROR, 2, "%s: the file is cut off before its first packet (%s)", shown,
			    pcap_msg);
	else
		g_set_error(err, IKS_ERROR, 2, "%s: cannot read capture: %s", shown, pcap_msg);
}

static bool read_pcap(pcap_t *p, FILE *fp, char *iobuf, const char *shown, const char *bpf, SourceFn fn,
		      void *user, SourceStatus *status, GError **err);

bool source_read_file(const char *path, const char *bpf, SourceFn fn, void *user, SourceStatus *status,
		      GError **err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	memset(status, 0, sizeof(*status));
	const char *shown = strcmp(path, "-") == 0 ? "(standard input)" : path;

	if (strcmp(path, "-") != 0) {
		FILE *probe = fopen(path, "rb");
		if (!probe) {
			g_set_error(err, IKS_ERROR, 2, "%s: %s", path, g_strerror(errno));
			return false;
		}
		int first = fgetc(probe);
		fclose(probe);
		if (first == EOF) {
			g_set_error(err, IKS_ERROR, 2, "%s: the file is empty (0 bytes), not a capture", path);
			return false;
		}
	}
	/* a file is read through a 1 MiB stdio buffer (libpcap's own open
	 * reads 4 KiB at a time: one system call per few packets) */
	pcap_t *p = NULL;
	char *iobuf = NULL;
	FILE *fp = strcmp(path, "-") != 0 ? fopen(path, "rb") : NULL;
	if (fp) {
		iobuf = g_malloc(SOURCE_IOBUF);
		setvbuf(fp, iobuf, _IOFBF, SOURCE_IOBUF);
		p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, ebuf);
		if (!p)
			fclose(fp);
	} else {
		p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	}
	if (!p) {
		g_free(iobuf);
		open_error(path, ebuf, err);
		return false;
	}
	return read_pcap(p, fp, iobuf, shown, bpf, fn, user, status, err);
}

bool source_read_stream(FILE *fp, const char *name, const char *bpf, SourceFn fn, void *user, SourceStatus *status,
			GError **err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	memset(status, 0, sizeof(*status));
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!p) {
		fclose(fp);
		open_error(name, ebuf, err);
		return false;
	}
	return read_pcap(p, NULL, NULL, name, bpf, fn, user, status, err);
}

/* Deliver the packets of an open capture; closes it and frees its stdio
 * buffer (iobuf, may be NULL).  fp: the file libpcap reads, mapped where
 * it can be (NULL: libpcap reads all of it). */
static bool read_pcap(pcap_t *p, FILE *fp, char *iobuf, const char *shown, const char *bpf, SourceFn fn,
		      void *user, SourceStatus *status, GError **err)
{
	int lt = pcap_datalink(p);
	status->linktype = lt;
	/* the filter is applied here rather than with pcap_setfilter() so that
	 * frame numbers stay those of the file, as in tshark */
	struct bpf_program prog;
	bool filtering = bpf && *bpf;
	if (filtering && pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		g_set_error(err, IKS_ERROR, 2, "%s: invalid filter '%s': %s", shown, bpf, pcap_geterr(p));
		pcap_close(p);
		g_free(iobuf);
		return false;
	}
	ReadState rs = {.fn = fn, .user = user, .status = status, .prog = filtering ? &prog : NULL};
	rs.sp.linktype = lt;
	bool go_on = true;
	if (fp) {
		uint64_t resume;
		WalkResult wr = map_walk(fp, p, &rs, &resume);
		go_on = wr == WALK_NONE || wr == WALK_HANDOFF;
		if (wr == WALK_SHRUNK) {
			/* a mapped page that cannot be read: the file was cut
			 * shorter, or the storage failed (an I/O error) */
			struct stat st;
			if (fstat(fileno(fp), &st) != 0)
				st.st_size = 0;
			bool shorter = (uint64_t)st.st_size < rs.map_size;
			status->truncated = shorter;
			status->read_error = !shorter;
			if (shorter)
				snprintf(status->message, sizeof(status->message),
					 "%s: the file got shorter while it was being read (%jd bytes now, %" PRIu64
					 " when opened); analysed the %" PRIu64 " packet%s before that point",
					 shown, (intmax_t)st.st_size, rs.map_size, rs.n, rs.n == 1 ? "" : "s");
			else
				snprintf(status->message, sizeof(status->message),
					 "%s: read error (I/O error on a mapped page) at byte %" PRIu64
					 " after %" PRIu64 " packet%s",
					 shown, resume, rs.n, rs.n == 1 ? "" : "s");
		}
		if (wr == WALK_HANDOFF && fseeko(fp, (off_t)resume, SEEK_SET) != 0) {
			status->read_error = true;
			snprintf(status->message, sizeof(status->message), "%s: read error after %" PRIu64 " packet%s: %s",
				 shown, rs.n, rs.n == 1 ? "" : "s", g_strerror(errno));
			go_on = false;
		}
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	while (go_on) {
		int rc = pcap_next_ex(p, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			break;
		uint64_t n = rs.n;
		if (rc == PCAP_ERROR) {
			const char *m = pcap_geterr(p);
			if (strstr(m, "truncated")) {
				status->truncated = true;
				snprintf(status->message, sizeof(status->message),
					 "%s: capture cut off in the middle of a packet after %" PRIu64
					 " packet%s (%s); analysed up to the cut",
					 shown, n, n == 1 ? "" : "s", m);
			} else {
				status->read_error = true;
				snprintf(status->message, sizeof(status->message),
					 "%s: read error after %" PRIu64 " packet%s: %s", shown, n, n == 1 ? "" : "s", m);
			}
			break;
		}
		if (rc != 1)
			continue;
		go_on = deliver(&rs, h, data);
	}
	if (filtering)
		pcap_freecode(&prog);
	pcap_close(p);
	g_free(iobuf);
	return true;
}
