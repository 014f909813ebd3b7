/*
 * shrink.c - a capture file cut shorter while ikescope reads it (issue 11).
 *
 * Classic pcap files are read mapped (cli/source.c); a page past the new
 * end of a file that shrank faults with SIGBUS.  This writes a capture of
 * small records, reads it through source_read_file, and from inside the
 * packet callback cuts the file (ftruncate) at a page boundary, inside a
 * page, and to nothing.  Each read must end without a crash, with
 * status->truncated and a message naming the file, after delivering the
 * records that lay whole before the cut (and at most the one record the
 * cut went through, read with zeros for its lost bytes).  A SIGBUS that
 * is not the reader's (a page mapped by the test itself) must still end
 * the process (killed, or a sanitizer's report and exit), in a child.
 * Prints TAP.  Usage: shrink DIR   (tests/corpus/run-truncations.sh)
 */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "cli/source.h"

enum { NREC = 4000, PAYLOAD = 90, REC = 16 + PAYLOAD, FILE_HDR = 24 };

static int tap_n, tap_fail;

static void tap(bool good, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	tap_n++;
	if (!good)
		tap_fail++;
	printf("%s %d - %s\n", good ? "ok" : "not ok", tap_n, what);
	g_free(what);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4); /* native order: the magic says which */
}

static bool write_capture(const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	uint8_t fh[FILE_HDR] = {0};
	put32(fh, 0xa1b2c3d4u);
	uint16_t v[2] = {2, 4}; /* version 2.4 */
	memcpy(fh + 4, v, 4);
	put32(fh + 16, 65535);
	put32(fh + 20, 1); /* Ethernet */
	fwrite(fh, 1, sizeof(fh), f);
	for (uint32_t i = 0; i < NREC; i++) {
		uint8_t r[REC];
		memset(r, 0xa5, sizeof(r));
		put32(r, 1000000 + i);
		put32(r + 4, 0);
		put32(r + 8, PAYLOAD);
		put32(r + 12, PAYLOAD);
		fwrite(r, 1, sizeof(r), f);
	}
	return fclose(f) == 0;
}

typedef struct {
	const char *path;
	uint64_t at;  /* cut in the callback of this packet */
	off_t cut;    /* to this many bytes */
	uint64_t seen;
	bool bad_data; /* a packet other than the last one was not as written */
} Shrink;

static bool on_packet(const SourcePacket *p, void *user)
{
	Shrink *s = user;
	s->seen++;
	if (p->caplen != PAYLOAD || p->data[0] != 0xa5 || p->data[PAYLOAD - 1] != 0xa5)
		s->bad_data = s->bad_data || (s->cut > FILE_HDR && p->number <= (uint64_t)(s->cut - FILE_HDR) / REC);
	if (p->number == s->at && truncate(s->path, s->cut) != 0)
		perror(s->path);
	return true;
}

static void shrink_case(const char *dir, const char *what, uint64_t at, off_t cut)
{
	char *path = g_build_filename(dir, "shrink.pcap", NULL);
	if (!write_capture(path)) {
		tap(false, "%s: cannot write %s", what, path);
		g_free(path);
		return;
	}
	Shrink s = {.path = path, .at = at, .cut = cut};
	SourceStatus st;
	GError *err = NULL;
	bool opened = source_read_file(path, NULL, on_packet, &s, &st, &err);
	uint64_t whole = cut > FILE_HDR ? (uint64_t)(cut - FILE_HDR) / REC : 0;
	if (whole < at)
		whole = at; /* the packets up to the cut were read before it */
	bool good = opened && st.truncated && strstr(st.message, path) && strstr(st.message, "shorter") &&
		    st.packets >= whole && st.packets <= whole + 1 && !s.bad_data;
	tap(good, "%s: %" PRIu64 " of %d packets (%" PRIu64 " whole before the cut), message: %s", what,
	    st.packets, NREC, whole, opened ? st.message : err->message);
	g_clear_error(&err);
	unlink(path);
	g_free(path);
}

/* A SIGBUS on memory that is not the reader's window still kills. */
static void foreign_sigbus(const char *dir)
{
	char *path = g_build_filename(dir, "foreign.pcap", NULL);
	if (!write_capture(path)) {
		tap(false, "foreign SIGBUS: cannot write %s", path);
		g_free(path);
		return;
	}
	/* install the reader's handler first, by reading a file */
	Shrink s = {.path = path, .at = 0, .cut = 0};
	SourceStatus st;
	GError *err = NULL;
	source_read_file(path, NULL, on_packet, &s, &st, &err);
	g_clear_error(&err);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_RDONLY);
		long pg = sysconf(_SC_PAGESIZE);
		volatile uint8_t *m = mmap(NULL, (size_t)pg * 4, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED || truncate(path, 0) != 0)
			_exit(3);
		/* a sanitizer's handler reports it and exits instead */
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
		(void)m[pg * 2];
		_exit(0);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	bool killed = WIFSIGNALED(ws) ? WTERMSIG(ws) == SIGBUS : WEXITSTATUS(ws) != 0 && WEXITSTATUS(ws) != 3;
	tap(killed, "a SIGBUS outside the reader's window still ends the process (%s %d)",
	    WIFSIGNALED(ws) ? "signal" : "exit", WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
	unlink(path);
	g_free(path);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: shrink DIR\n");
		return 2;
	}
	long pg = sysconf(_SC_PAGESIZE);
	shrink_case(argv[1], "cut at a page boundary", 10, (off_t)pg * 3);
	shrink_case(argv[1], "cut inside a page", 10, (off_t)pg * 3 + 1000);
	shrink_case(argv[1], "cut to nothing", 1, 0);
	shrink_case(argv[1], "cut at the first packet's page", 1, 200);
	foreign_sigbus(argv[1]);
	printf("1..%d\n", tap_n);
	return tap_fail ? 1 : 0;
}
