/*
 * bench/readloop.c - the reference loops of the benchmark.
 *
 *   iks-readloop FILE              read every packet with libpcap, nothing else
 *                                  (the read limit)
 *   iks-readloop -k ESP_SA FILE    the same, plus: find each ESP packet's SA by
 *                                  SPI (a hash table), decrypt it and check its
 *                                  ICV with OpenSSL, contexts prepared once per
 *                                  SA (the read+decrypt limit)
 *
 * Ethernet/IPv4 only, ESP as IP protocol 50 or UDP 4500 (non-zero marker);
 * the keys are iks-gen's esp_sa (the algorithms of bench/espalg.h).  Prints
 * one line: packets, bytes, ESP packets, ICV good / bad / no key.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "espalg.h"

enum { TABLE_BITS = 14 };

typedef struct {
	BenchSa *sa;
	size_t n, cap;
	int32_t head[1 << TABLE_BITS];
	int32_t *next;
} Keys;

static unsigned spi_hash(uint32_t spi)
{
	return (spi * 2654435761u) >> (32 - TABLE_BITS);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	if (s[0] == '0' && s[1] == 'x')
		s += 2;
	while (hexval(s[0]) >= 0 && hexval(s[1]) >= 0 && n < max) {
		out[n++] = (uint8_t)(hexval(s[0]) << 4 | hexval(s[1]));
		s += 2;
	}
	return n;
}

/* The quoted fields of an esp_sa line. */
static int fields(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max && (p = strchr(p, '"')) != NULL) {
		char *e = strchr(p + 1, '"');
		if (!e)
			break;
		*e = 0;
		f[n++] = p + 1;
		p = e + 1;
	}
	return n;
}

static void load_keys(Keys *k, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	memset(k->head, 0xff, sizeof(k->head));
	char line[1024];
	unsigned ln = 0;
	while (fgets(line, sizeof(line), f)) {
		ln++;
		char *fl[8];
		if (fields(line, fl, 8) != 8)
			continue;
		BenchSa s = { 0 };
		int alg = -1;
		for (int i = 0; i < BA__COUNT; i++) {
			const BenchAlgInfo *ai = &bench_algs[i];
			if (strcmp(ai->ws_enc, fl[4]) != 0 || strcmp(ai->ws_auth, fl[6]) != 0)
				continue;
			if (unhex(fl[5], s.ekey, sizeof(s.ekey)) == (size_t)ai->ekey + ai->salt) {
				alg = i;
				break;
			}
		}
		if (alg < 0) {
			fprintf(stderr, "%s:%u: algorithm or key length not known here\n", path, ln);
			continue;
		}
		s.alg = (BenchAlg)alg;
		s.spi = (uint32_t)strtoul(fl[3], NULL, 16);
		unhex(fl[7], s.akey, sizeof(s.akey));
		if (!bench_sa_prepare(&s, false)) {
			fprintf(stderr, "%s:%u: OpenSSL cannot prepare the SA\n", path, ln);
			exit(2);
		}
		if (k->n == k->cap) {
			k->cap = k->cap ? 2 * k->cap : 64;
			k->sa = realloc(k->sa, k->cap * sizeof(*k->sa));
			k->next = realloc(k->next, k->cap * sizeof(*k->next));
			if (!k->sa || !k->next) {
				fputs("out of memory\n", stderr);
				exit(2);
			}
		}
		unsigned h = spi_hash(s.spi);
		k->sa[k->n] = s;
		k->next[k->n] = k->head[h];
		k->head[h] = (int32_t)k->n;
		k->n++;
	}
	fclose(f);
}

static BenchSa *find(Keys *k, uint32_t spi)
{
	for (int32_t i = k->head[spi_hash(spi)]; i >= 0; i = k->next[i])
		if (k->sa[i].spi == spi)
			return &k->sa[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *keys = NULL;
	int a = 1;
	if (argc >= 3 && strcmp(argv[1], "-k") == 0) {
		keys = argv[2];
		a = 3;
	}
	if (a != argc - 1) {
		fputs("usage: iks-readloop [-k ESP_SA] FILE\n", stderr);
		return 2;
	}
	Keys k = { 0 };
	if (keys)
		load_keys(&k, keys);
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(argv[a], err);
	if (!p) {
		fprintf(stderr, "%s: %s\n", argv[a], err);
		return 2;
	}
	struct pcap_pkthdr *h;
	const u_char *d;
	uint64_t pk = 0, by = 0, esp = 0, good = 0, bad = 0, nokey = 0, sum = 0;
	static uint8_t out[65536];
	int rc;
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		pk++;
		by += h->caplen;
		sum += d[h->caplen ? h->caplen - 1 : 0];
		if (!keys || h->caplen < 14 + 20 || d[12] != 0x08 || d[13] != 0x00)
			continue;
		const uint8_t *ip = d + 14;
		size_t ihl = (size_t)(ip[0] & 15) * 4, left = h->caplen - 14;
		size_t tot = (size_t)ip[2] << 8 | ip[3];
		if (ihl < 20 || tot > left || tot < ihl)
			continue;
		const uint8_t *e = ip + ihl;
		size_t n = tot - ihl;
		if (ip[9] == 17 && n > 12 && ((e[2] << 8 | e[3]) == 4500 || (e[0] << 8 | e[1]) == 4500) && memcmp(e + 8, "\0\0\0\0", 4) != 0 &&
		    e[8] != 0xff) {
			e += 8;
			n -= 8;
		} else if (ip[9] != 50)
			continue;
		if (n < 8)
			continue;
		esp++;
		BenchSa *s = find(&k, (uint32_t)e[0] << 24 | (uint32_t)e[1] << 16 | (uint32_t)e[2] << 8 | e[3]);
		if (!s) {
			nokey++;
			continue;
		}
		int v = bench_sa_open(s, e, n, out);
		if (v == 1) {
			good++;
			sum += out[0];
		} else
			bad++;
	}
	if (rc == PCAP_ERROR)
		fprintf(stderr, "%s: %s\n", argv[a], pcap_geterr(p));
	pcap_close(p);
	printf("packets=%" PRIu64 " bytes=%" PRIu64 " esp=%" PRIu64 " icv_good=%" PRIu64 " icv_bad=%" PRIu64
	       " no_key=%" PRIu64 " check=%" PRIu64 "\n",
	       pk, by, esp, good, bad, nokey, sum & 0xff);
	for (size_t i = 0; i < k.n; i++)
		bench_sa_release(&k.sa[i]);
	free(k.sa);
	free(k.next);
	return rc == PCAP_ERROR ? 2 : 0;
}
