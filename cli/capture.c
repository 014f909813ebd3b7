/*
 * capture.c - live capture and the -w writer (capture.h).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "dissectors/dissect.h"

struct Capture {
	pcap_t *p;
	char *name;
	int linktype;
	bool nano;       /* timestamps in nanoseconds */
	SourceFn fn;     /* during capture_dispatch */
	void *user;
};

/* -1: cannot tell (no such interface for ioctl, or "any"), 0 down, 1 up */
static int iface_up(const char *name)
{
	if (strcmp(name, "any") == 0 || strlen(name) >= IFNAMSIZ)
		return -1;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name));
	int rc = ioctl(s, SIOCGIFFLAGS, &ifr);
	close(s);
	if (rc < 0)
		return -1;
	return (ifr.ifr_flags & IFF_UP) ? 1 : 0;
}

Capture *capture_open(const char *iface, const char *bpf, unsigned buffer_kib, bool promisc, GError **err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(iface, ebuf);
	if (!p) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "%s: cannot capture: %s", iface, ebuf);
		return NULL;
	}
	pcap_set_snaplen(p, 262144);
	pcap_set_promisc(p, promisc);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, (int)(buffer_kib > 2097151 ? 2097151 : buffer_kib) * 1024);
	bool nano = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0;
	int rc = pcap_activate(p);
	if (rc < 0) {
		const char *m = pcap_geterr(p);
		switch (rc) {
		case PCAP_ERROR_NO_SUCH_DEVICE:
			g_set_error(err, IKS_ERROR, CAPTURE_ERR_NO_DEVICE,
				    "%s: no such interface (see 'ip link' for the names)", iface);
			break;
		case PCAP_ERROR_PERM_DENIED:
		case PCAP_ERROR_PROMISC_PERM_DENIED:
			g_set_error(err, IKS_ERROR, CAPTURE_ERR_PERMISSION,
				    "%s: no permission to capture (run as root, or give the binary "
				    "CAP_NET_RAW and CAP_NET_ADMIN): %s",
				    iface, m);
			break;
		case PCAP_ERROR_IFACE_NOT_UP:
			g_set_error(err, IKS_ERROR, CAPTURE_ERR_DOWN, "%s: the interface is down (ip link set %s up)",
				    iface, iface);
			break;
		default:
			g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "%s: cannot capture: %s", iface, m);
			break;
		}
		pcap_close(p);
		return NULL;
	}
	if (rc > 0)
		fprintf(stderr, "ikescope: warning: %s: %s\n", iface, pcap_statustostr(rc));
	if (iface_up(iface) == 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_DOWN, "%s: the interface is down (ip link set %s up)", iface,
			    iface);
		pcap_close(p);
		return NULL;
	}
	int lt = pcap_datalink(p);
	if (!dissect_linktype_supported(lt)) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_LINKTYPE,
			    "%s: link type %d (%s) is not supported; capture on an Ethernet, raw IP or "
			    "Linux cooked interface",
			    iface, lt, source_linktype_name(lt));
		pcap_close(p);
		return NULL;
	}
	struct bpf_program prog;
	if (pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_FILTER, "%s: invalid filter '%s': %s", iface, bpf,
			    pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc < 0 || pcap_setnonblock(p, 1, ebuf) < 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "%s: cannot set up the capture: %s", iface,
			    rc < 0 ? pcap_geterr(p) : ebuf);
		pcap_close(p);
		return NULL;
	}
	if (pcap_get_selectable_fd(p) < 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "%s: this interface cannot be polled", iface);
		pcap_close(p);
		return NULL;
	}
	Capture *c = g_new0(Capture, 1);
	c->p = p;
	c->name = g_strdup(iface);
	c->linktype = lt;
	c->nano = nano;
	return c;
}

void capture_close(Capture *c)
{
	if (!c)
		return;
	pcap_close(c->p);
	g_free(c->name);
	g_free(c);
}

const char *capture_name(const Capture *c)
{
	return c->name;
}

int capture_linktype(const Capture *c)
{
	return c->linktype;
}

int capture_fd(const Capture *c)
{
	return pcap_get_selectable_fd(c->p);
}

static void on_pcap(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	Capture *c = (Capture *)user;
	SourcePacket sp;
	sp.ts_ns = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec * (c->nano ? 1 : 1000);
	sp.caplen = h->caplen;
	sp.len = h->len;
	sp.linktype = c->linktype;
	sp.data = data;
	sp.number = 0;
	if (!c->fn(&sp, c->user))
		pcap_breakloop(c->p);
}

int capture_dispatch(Capture *c, SourceFn fn, void *user, GError **err)
{
	c->fn = fn;
	c->user = user;
	int n = pcap_dispatch(c->p, -1, on_pcap, (u_char *)c);
	if (n == PCAP_ERROR_BREAK)
		return 0;
	if (n < 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "%s: capture stopped: %s", c->name, pcap_geterr(c->p));
		return -1;
	}
	return n;
}

bool capture_stats(Capture *c, CaptureStats *st)
{
	struct pcap_stat ps;
	memset(st, 0, sizeof(*st));
	if (pcap_stats(c->p, &ps) < 0)
		return false;
	st->received = ps.ps_recv;
	st->dropped = ps.ps_drop;
	st->ifdropped = ps.ps_ifdrop;
	return true;
}

/* ---- interface sets ------------------------------------------------------ */

bool capture_set_open(CaptureSet *cs, char *const *ifaces, unsigned n, const char *bpf, unsigned buffer_kib,
		      bool promisc, GError **err)
{
	memset(cs, 0, sizeof(*cs));
	if (n == 0 || n > CAPTURE_MAX_IFACES) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER,
			    n ? "at most %d interfaces" : "no interface given (-i IFACE)", CAPTURE_MAX_IFACES);
		return false;
	}
	for (unsigned i = 0; i < n; i++) {
		Capture *c = capture_open(ifaces[i], bpf, buffer_kib, promisc, err);
		if (!c) {
			capture_set_close(cs);
			return false;
		}
		cs->caps[cs->n++] = c;
		size_t o = strlen(cs->names);
		snprintf(cs->names + o, sizeof(cs->names) - o, "%s%s", i ? "," : "", ifaces[i]);
	}
	return true;
}

void capture_set_close(CaptureSet *cs)
{
	for (unsigned i = 0; i < cs->n; i++)
		capture_close(cs->caps[i]);
	cs->n = 0;
}

static bool set_number(const SourcePacket *sp, void *user)
{
	CaptureSet *cs = user;
	SourcePacket p = *sp;
	p.number = ++cs->frame;
	return cs->fn(&p, cs->user);
}

int capture_set_poll(CaptureSet *cs, int timeout_ms, SourceFn fn, void *user, GError **err)
{
	struct pollfd pfd[CAPTURE_MAX_IFACES];
	for (unsigned i = 0; i < cs->n; i++) {
		pfd[i].fd = capture_fd(cs->caps[i]);
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	int ready = poll(pfd, cs->n, timeout_ms);
	if (ready < 0 && errno != EINTR) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "%s: poll: %s", cs->names, g_strerror(errno));
		return -1;
	}
	cs->fn = fn;
	cs->user = user;
	int total = 0;
	bool failed = false;
	for (unsigned i = 0; i < cs->n && ready > 0; i++) {
		if (!pfd[i].revents)
			continue;
		int got = capture_dispatch(cs->caps[i], set_number, cs, failed ? NULL : err);
		if (got < 0)
			failed = true;
		else
			total += got;
	}
	return failed ? -1 : total;
}

uint64_t capture_set_drops(CaptureSet *cs)
{
	uint64_t total = 0;
	for (unsigned i = 0; i < cs->n; i++) {
		CaptureStats st;
		if (capture_stats(cs->caps[i], &st))
			cs->last[i] = st;
		total += cs->last[i].dropped + cs->last[i].ifdropped;
	}
	return total;
}

bool capture_set_one_linktype(const CaptureSet *cs, GError **err)
{
	for (unsigned i = 1; i < cs->n; i++)
		if (capture_linktype(cs->caps[i]) != capture_linktype(cs->caps[0])) {
			g_set_error(err, IKS_ERROR, CAPTURE_ERR_LINKTYPE,
				    "-w: %s and %s have different link types; a pcap file holds one "
				    "(capture on 'any', or write one file per interface)",
				    capture_name(cs->caps[0]), capture_name(cs->caps[i]));
			return false;
		}
	return true;
}

bool capture_drop_privileges(const char *user, GError **err)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "-Z %s: no such user", user);
		return false;
	}
	if (pw->pw_uid == 0)
		return true;
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_PERMISSION, "-Z %s: cannot change to this user: %s", user,
			    g_strerror(errno));
		return false;
	}
	if (setuid(0) == 0) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_PERMISSION,
			    "-Z %s: privileges could be regained after dropping them; stopping", user);
		return false;
	}
	return true;
}

/* ---- -w ------------------------------------------------------------------ */

struct Dumper {
	pcap_t *dead;
	pcap_dumper_t *d;
	char *pattern;
	uint64_t rotate_bytes;
	unsigned rotate_secs;
	unsigned count;        /* -C: files opened under the current name */
	int64_t opened_s;      /* -G: the interval the file belongs to */
	char current[4096];
};

static bool dumper_next(Dumper *d, int64_t now_s, GError **err)
{
	if (d->d) {
		pcap_dump_close(d->d);
		d->d = NULL;
	}
	char base[4000];
	if (d->rotate_secs) {
		time_t t = (time_t)now_s;
		struct tm tm;
		localtime_r(&t, &tm);
		if (strftime(base, sizeof(base), d->pattern, &tm) == 0)
			g_strlcpy(base, d->pattern, sizeof(base));
	} else {
		g_strlcpy(base, d->pattern, sizeof(base));
	}
	if (d->count)
		snprintf(d->current, sizeof(d->current), "%s%u", base, d->count);
	else
		g_strlcpy(d->current, base, sizeof(d->current));
	d->opened_s = now_s;
	d->d = pcap_dump_open(d->dead, d->current);
	if (!d->d) {
		g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "-w %s: %s", d->current, pcap_geterr(d->dead));
		return false;
	}
	return true;
}

Dumper *dumper_open(const char *path, int linktype, uint64_t rotate_bytes, unsigned rotate_secs, GError **err)
{
	Dumper *d = g_new0(Dumper, 1);
	d->dead = pcap_open_dead_with_tstamp_precision(linktype, 262144, PCAP_TSTAMP_PRECISION_NANO);
	d->pattern = g_strdup(path);
	d->rotate_bytes = rotate_bytes;
	d->rotate_secs = rotate_secs;
	if (!d->dead || !dumper_next(d, (int64_t)time(NULL), err)) {
		if (d->dead)
			pcap_close(d->dead);
		if (!d->dead)
			g_set_error(err, IKS_ERROR, CAPTURE_ERR_OTHER, "-w %s: cannot set up the writer", path);
		g_free(d->pattern);
		g_free(d);
		return NULL;
	}
	return d;
}

bool dumper_write(Dumper *d, const SourcePacket *p, GError **err)
{
	int64_t s = p->ts_ns / 1000000000;
	if (d->rotate_secs && s - d->opened_s >= d->rotate_secs) {
		d->count = 0;
		if (!dumper_next(d, s, err))
			return false;
	} else if (d->rotate_bytes && (uint64_t)pcap_dump_ftell64(d->d) + 16 + p->caplen > d->rotate_bytes &&
		   pcap_dump_ftell64(d->d) > 24) {
		d->count++;
		if (!dumper_next(d, d->opened_s, err))
			return false;
	}
	struct pcap_pkthdr h;
	h.ts.tv_sec = (time_t)s;
	h.ts.tv_usec = (suseconds_t)(p->ts_ns % 1000000000); /* nanoseconds: the writer is in nano precision */
	h.caplen = p->caplen;
	h.len = p->len;
	pcap_dump((u_char *)d->d, &h, p->data);
	return true;
}

void dumper_flush(Dumper *d)
{
	if (d && d->d)
		pcap_dump_flush(d->d);
}

void dumper_close(Dumper *d)
{
	if (!d)
		return;
	if (d->d)
		pcap_dump_close(d->d);
	pcap_close(d->dead);
	g_free(d->pattern);
	g_free(d);
}
