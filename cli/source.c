/*
 * source.c - saved captures through libpcap.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "source.h"

enum { SOURCE_IOBUF = 1 << 20 }; /* stdio buffer of a capture file */

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

static bool read_pcap(pcap_t *p, char *iobuf, const char *shown, const char *bpf, SourceFn fn, void *user,
		      SourceStatus *status, GError **err);

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
	return read_pcap(p, iobuf, shown, bpf, fn, user, status, err);
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
	return read_pcap(p, NULL, name, bpf, fn, user, status, err);
}

/* Deliver the packets of an open capture; closes it and frees its stdio
 * buffer (iobuf, may be NULL). */
static bool read_pcap(pcap_t *p, char *iobuf, const char *shown, const char *bpf, SourceFn fn, void *user,
		      SourceStatus *status, GError **err)
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
	struct pcap_pkthdr *h;
	const u_char *data;
	SourcePacket sp;
	sp.linktype = lt;
	uint64_t n = 0;
	int64_t prev_ts = 0;
	for (;;) {
		int rc = pcap_next_ex(p, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			break;
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
		n++;
		if (filtering && !pcap_offline_filter(&prog, h, data))
			continue;
		sp.number = n;
		/* pcapng's 64-bit timestamps can exceed what nanoseconds in an
		 * int64 hold (year 2262): clamp rather than overflow */
		if (h->ts.tv_sec < 0 || (uint64_t)h->ts.tv_sec >= (uint64_t)INT64_MAX / 1000000000u - 5)
			sp.ts_ns = h->ts.tv_sec < 0 ? 0 : (INT64_MAX / 1000000000 - 5) * 1000000000;
		else
			sp.ts_ns = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec;
		if (status->packets && sp.ts_ns < prev_ts) {
			if (!status->ts_backwards++)
				status->ts_backwards_frame = n;
		}
		prev_ts = sp.ts_ns;
		sp.caplen = h->caplen;
		sp.len = h->len;
		sp.data = data;
		status->packets++;
		if (!fn(&sp, user))
			break;
	}
	if (filtering)
		pcap_freecode(&prog);
	pcap_close(p);
	g_free(iobuf);
	return true;
}
