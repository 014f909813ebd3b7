/*
 * keyring.c - ESP/AH SAs and IKE keys, and the parsers of every key
 * source (see keyring.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"

struct Keyring {
	EspCrypto *crypto;
	GPtrArray *sas;         /* EspSa *, owned, load order */
	GHashTable *esp_by_spi; /* SPI -> first EspSa (chained by ->next) */
	GHashTable *ah_by_spi;
	GPtrArray *any_spi;     /* SAs with a "*" SPI */
	GPtrArray *ikev1;       /* IkeV1Keys *, owned */
	GPtrArray *ikev2;       /* IkeV2Keys *, owned */
	GPtrArray *problems;    /* char *, owned */
	uint64_t problems_dropped;
	unsigned problems_shown; /* by the front end */
	uint64_t sas_refused;
	KeyFormat last_fmt;
	GHashTable *child_spis; /* ESP/AH SPI -> KrChild *, owned (learnt from decrypted IKE) */
	uint64_t child_spis_refused;
};

typedef struct {
	uint8_t ispi[8], rspi[8];
	uint64_t frame;
} KrChild;

static const char *const fmt_names[] = {
	[KEYFMT_UNKNOWN] = "unknown",
	[KEYFMT_ESP_SA] = "Wireshark esp_sa",
	[KEYFMT_IKEV1_TABLE] = "Wireshark ikev1_decryption_table",
	[KEYFMT_IKEV2_TABLE] = "Wireshark ikev2_decryption_table",
	[KEYFMT_TCPDUMP] = "tcpdump -E secrets",
	[KEYFMT_XFRM] = "ip xfrm state",
	[KEYFMT_CHARON] = "strongSwan charon log",
};

const char *keyfmt_name(KeyFormat f)
{
	return (unsigned)f < G_N_ELEMENTS(fmt_names) ? fmt_names[f] : "unknown";
}

/* ---- life ----------------------------------------------------------- */

static void sa_free(gpointer p)
{
	EspSa *sa = p;
	esp_xform_free(sa->x);
	g_free(sa->origin);
	g_free(sa->xform_error);
	memset(sa, 0, sizeof(*sa));
	g_free(sa);
}

static void ikev1_free(gpointer p)
{
	IkeV1Keys *k = p;
	g_free(k->origin);
	memset(k, 0, sizeof(*k));
	g_free(k);
}

static void ikev2_free(gpointer p)
{
	IkeV2Keys *k = p;
	g_free(k->origin);
	g_free(k->enc);
	g_free(k->integ);
	memset(k, 0, sizeof(*k));
	g_free(k);
}

Keyring *keyring_new(void)
{
	Keyring *kr = g_new0(Keyring, 1);
	kr->crypto = esp_crypto_new();
	kr->sas = g_ptr_array_new_with_free_func(sa_free);
	kr->esp_by_spi = g_hash_table_new(g_direct_hash, g_direct_equal);
	kr->ah_by_spi = g_hash_table_new(g_direct_hash, g_direct_equal);
	kr->any_spi = g_ptr_array_new();
	kr->ikev1 = g_ptr_array_new_with_free_func(ikev1_free);
	kr->ikev2 = g_ptr_array_new_with_free_func(ikev2_free);
	kr->problems = g_ptr_array_new_with_free_func(g_free);
	kr->child_spis = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	return kr;
}

void keyring_free(Keyring *kr)
{
	if (!kr)
		return;
	g_hash_table_destroy(kr->esp_by_spi);
	g_hash_table_destroy(kr->ah_by_spi);
	g_ptr_array_free(kr->any_spi, TRUE);
	g_ptr_array_free(kr->sas, TRUE);
	g_ptr_array_free(kr->ikev1, TRUE);
	g_ptr_array_free(kr->ikev2, TRUE);
	g_ptr_array_free(kr->problems, TRUE);
	g_hash_table_destroy(kr->child_spis);
	esp_crypto_free(kr->crypto);
	g_free(kr);
}

const GPtrArray *keyring_problems(const Keyring *kr) { return kr->problems; }
uint64_t keyring_problems_dropped(const Keyring *kr) { return kr->problems_dropped; }
unsigned keyring_problems_shown(const Keyring *kr) { return kr->problems_shown; }
void keyring_set_problems_shown(Keyring *kr, unsigned n) { kr->problems_shown = n; }
KeyFormat keyring_last_format(const Keyring *kr) { return kr->last_fmt; }
size_t keyring_n_sas(const Keyring *kr) { return kr->sas->len; }
size_t keyring_n_ikev1(const Keyring *kr) { return kr->ikev1->len; }
size_t keyring_n_ikev2(const Keyring *kr) { return kr->ikev2->len; }

EspSa *keyring_sa_at(const Keyring *kr, size_t i)
{
	return i < kr->sas->len ? g_ptr_array_index(kr->sas, i) : NULL;
}

const IkeV1Keys *keyring_ikev1_at(const Keyring *kr, size_t i)
{
	return i < kr->ikev1->len ? g_ptr_array_index(kr->ikev1, i) : NULL;
}

const IkeV2Keys *keyring_ikev2_at(const Keyring *kr, size_t i)
{
	return i < kr->ikev2->len ? g_ptr_array_index(kr->ikev2, i) : NULL;
}

static void problem(Keyring *kr, const char *src, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(Keyring *kr, const char *src, unsigned line, const char *fmt, ...)
{
	if (kr->problems->len >= KEYRING_MAX_PROBLEMS) {
		kr->problems_dropped++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(kr->problems, line ? g_strdup_printf("%s:%u: %s", src, line, msg)
					    : g_strdup_printf("%s: %s", src, msg));
	g_free(msg);
}

void keyring_note_problem(Keyring *kr, const char *source, const char *fmt, ...)
{
	if (kr->problems->len >= KEYRING_MAX_PROBLEMS) {
		kr->problems_dropped++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(kr->problems, g_strdup_printf("%s: %s", source ? source : "keys", msg));
	g_free(msg);
}

bool keyring_learn_child_spi(Keyring *kr, uint32_t spi, const uint8_t ispi[8], const uint8_t rspi[8],
			     uint64_t frame)
{
	KrChild *c = g_hash_table_lookup(kr->child_spis, GUINT_TO_POINTER(spi));
	if (!c) {
		if (g_hash_table_size(kr->child_spis) >= KEYRING_MAX_SAS) {
			kr->child_spis_refused++;
			return false;
		}
		c = g_new0(KrChild, 1);
		c->frame = frame;
		g_hash_table_insert(kr->child_spis, GUINT_TO_POINTER(spi), c);
	}
	memcpy(c->ispi, ispi, 8);
	memcpy(c->rspi, rspi, 8);
	return true;
}

bool keyring_child_spi_owner(const Keyring *kr, uint32_t spi, uint8_t ispi[8], uint8_t rspi[8], uint64_t *frame)
{
	const KrChild *c = g_hash_table_lookup(kr->child_spis, GUINT_TO_POINTER(spi));
	if (!c)
		return false;
	if (ispi)
		memcpy(ispi, c->ispi, 8);
	if (rspi)
		memcpy(rspi, c->rspi, 8);
	if (frame)
		*frame = c->frame;
	return true;
}

size_t keyring_n_child_spis(const Keyring *kr) { return g_hash_table_size(kr->child_spis); }

/* ---- SAs ------------------------------------------------------------ */

static bool same_keys(const EspSa *a, const EspSa *b)
{
	return a->ah == b->ah && a->any_spi == b->any_spi && a->spi == b->spi && a->enc == b->enc &&
	       a->auth == b->auth && a->ekey_len == b->ekey_len && a->akey_len == b->akey_len &&
	       memcmp(a->ekey, b->ekey, a->ekey_len) == 0 && memcmp(a->akey, b->akey, a->akey_len) == 0 &&
	       a->esn == b->esn;
}

bool keyring_add_sa(Keyring *kr, const EspSa *in)
{
	GHashTable *h = in->ah ? kr->ah_by_spi : kr->esp_by_spi;
	EspSa *head = in->any_spi ? NULL : g_hash_table_lookup(h, GUINT_TO_POINTER(in->spi));
	if (in->any_spi) {
		for (guint i = 0; i < kr->any_spi->len; i++) {
			EspSa *o = g_ptr_array_index(kr->any_spi, i);
			if (same_keys(o, in) && o->af == in->af && o->any_src == in->any_src &&
			    o->any_dst == in->any_dst && memcmp(o->src, in->src, 16) == 0 &&
			    memcmp(o->dst, in->dst, 16) == 0)
				return true;
		}
	}
	for (EspSa *o = head; o; o = o->next) {
		if (same_keys(o, in)) {
			/* the same SA from another source (both ends' xfrm
			 * state, a log and a table): keep one, and the most
			 * precise addresses */
			if (o->af == 0 && in->af) {
				o->af = in->af;
				o->any_src = in->any_src;
				o->any_dst = in->any_dst;
				memcpy(o->src, in->src, 16);
				memcpy(o->dst, in->dst, 16);
			} else if (o->af && o->af == in->af) {
				/* both ends behind NAT see other addresses: the
				 * SA's address is then any (the SPI decides; an
				 * export lets Wireshark decrypt both captures) */
				if (!o->any_src && !in->any_src && memcmp(o->src, in->src, 16) != 0)
					o->any_src = true;
				if (!o->any_dst && !in->any_dst && memcmp(o->dst, in->dst, 16) != 0)
					o->any_dst = true;
			}
			return true;
		}
	}
	if (kr->sas->len >= KEYRING_MAX_SAS) {
		kr->sas_refused++;
		return false;
	}
	EspSa *sa = g_new0(EspSa, 1);
	*sa = *in;
	sa->origin = g_strdup(in->origin ? in->origin : "?");
	sa->x = NULL;
	sa->xform_error = NULL;
	sa->xform_tried = false;
	memset(&sa->st, 0, sizeof(sa->st));
	sa->next = NULL;
	g_ptr_array_add(kr->sas, sa);
	if (sa->any_spi) {
		g_ptr_array_add(kr->any_spi, sa);
	} else if (!head) {
		g_hash_table_insert(h, GUINT_TO_POINTER(sa->spi), sa);
	} else {
		EspSa *t = head;
		while (t->next)
			t = t->next;
		t->next = sa;
	}
	return true;
}

bool keyring_learn_sa(Keyring *kr, const EspSa *sa) { return keyring_add_sa(kr, sa); }

/* How well an SA's addresses fit a packet's: 3 both, 2 one exact and one
 * wildcard, 1 both wildcards or unknown, 0 addresses differ (NAT). */
static int addr_score(const EspSa *sa, uint8_t af, const uint8_t *src, const uint8_t *dst)
{
	if (sa->af == 0 || af == 0)
		return 1;
	if (sa->af != af)
		return 0;
	size_t n = af == 4 ? 4 : 16;
	bool s_ok = sa->any_src || memcmp(sa->src, src, n) == 0;
	bool d_ok = sa->any_dst || memcmp(sa->dst, dst, n) == 0;
	if (!s_ok || !d_ok)
		return 0;
	return 1 + (!sa->any_src) + (!sa->any_dst) > 3 ? 3 : 1 + (!sa->any_src) + (!sa->any_dst);
}

/* The candidates of a lookup, best first: at most this many are tried. */
#define FIND_MAX 8

static size_t candidates(Keyring *kr, bool ah, uint32_t spi, uint8_t af, const uint8_t *src, const uint8_t *dst,
			 EspSa **out)
{
	GHashTable *h = ah ? kr->ah_by_spi : kr->esp_by_spi;
	size_t n = 0;
	int score[FIND_MAX];
	EspSa *head = g_hash_table_lookup(h, GUINT_TO_POINTER(spi));
	for (EspSa *sa = head; sa && n < FIND_MAX; sa = sa->next) {
		out[n] = sa;
		score[n++] = addr_score(sa, af, src, dst);
	}
	/* "*" SPIs only when their addresses fit */
	for (guint i = 0; i < kr->any_spi->len && n < FIND_MAX; i++) {
		EspSa *sa = g_ptr_array_index(kr->any_spi, i);
		if (sa->ah != ah)
			continue;
		int s = addr_score(sa, af, src, dst);
		if (s == 0 || (sa->af && !af))
			continue;
		out[n] = sa;
		score[n++] = s - 1; /* after an SA that names the SPI */
	}
	/* stable insertion sort by score, descending */
	for (size_t i = 1; i < n; i++) {
		EspSa *v = out[i];
		int s = score[i];
		size_t j = i;
		while (j > 0 && score[j - 1] < s) {
			out[j] = out[j - 1];
			score[j] = score[j - 1];
			j--;
		}
		out[j] = v;
		score[j] = s;
	}
	return n;
}

EspSa *keyring_find(Keyring *kr, bool ah, uint32_t spi, uint8_t af, const uint8_t *src, const uint8_t *dst)
{
	if (!kr)
		return NULL;
	EspSa *c[FIND_MAX];
	size_t n = candidates(kr, ah, spi, af, src, dst, c);
	return n ? c[0] : NULL;
}

EspSa *keyring_find_next(Keyring *kr, EspSa *prev, bool ah, uint32_t spi, uint8_t af, const uint8_t *src,
			 const uint8_t *dst)
{
	EspSa *c[FIND_MAX];
	size_t n = candidates(kr, ah, spi, af, src, dst, c);
	for (size_t i = 0; i + 1 < n; i++)
		if (c[i] == prev)
			return c[i + 1];
	return NULL;
}

EspXform *keyring_sa_xform(Keyring *kr, EspSa *sa)
{
	if (!sa->xform_tried) {
		char err[160];
		sa->xform_tried = true;
		EspEncAlg enc = sa->ah ? ENC_NULL : sa->enc;
		sa->x = esp_xform_new(kr->crypto, enc, sa->ekey, sa->ah ? 0 : sa->ekey_len, sa->auth, sa->akey,
				      sa->akey_len, err, sizeof(err));
		if (!sa->x)
			sa->xform_error = g_strdup(err);
	}
	return sa->x;
}

const IkeV1Keys *keyring_find_ikev1(const Keyring *kr, const uint8_t icookie[8])
{
	for (guint i = 0; i < kr->ikev1->len; i++) {
		const IkeV1Keys *k = g_ptr_array_index(kr->ikev1, i);
		if (memcmp(k->icookie, icookie, 8) == 0)
			return k;
	}
	return NULL;
}

const IkeV2Keys *keyring_find_ikev2(const Keyring *kr, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	for (guint i = 0; i < kr->ikev2->len; i++) {
		const IkeV2Keys *k = g_ptr_array_index(kr->ikev2, i);
		if (memcmp(k->spi_i, spi_i, 8) == 0 && memcmp(k->spi_r, spi_r, 8) == 0)
			return k;
	}
	return NULL;
}

static int add_ikev1(Keyring *kr, const IkeV1Keys *in)
{
	for (guint i = 0; i < kr->ikev1->len; i++) {
		IkeV1Keys *k = g_ptr_array_index(kr->ikev1, i);
		if (memcmp(k->icookie, in->icookie, 8) == 0 && k->ka_len == in->ka_len &&
		    memcmp(k->ka, in->ka, in->ka_len) == 0)
			return 1; /* known already */
	}
	if (kr->ikev1->len + kr->ikev2->len >= KEYRING_MAX_IKE_SAS)
		return 0;
	IkeV1Keys *k = g_new0(IkeV1Keys, 1);
	*k = *in;
	k->origin = g_strdup(in->origin);
	g_ptr_array_add(kr->ikev1, k);
	return 1;
}

/* Merge into the entry for the same SPI pair (tcpdump's I and R lines). */
static int add_ikev2(Keyring *kr, const IkeV2Keys *in)
{
	for (guint i = 0; i < kr->ikev2->len; i++) {
		IkeV2Keys *k = g_ptr_array_index(kr->ikev2, i);
		if (memcmp(k->spi_i, in->spi_i, 8) || memcmp(k->spi_r, in->spi_r, 8))
			continue;
#define MERGE(f)                                                        \
	if (in->f##_len && !k->f##_len) {                               \
		memcpy(k->f, in->f, in->f##_len);                       \
		k->f##_len = in->f##_len;                               \
	}
		MERGE(sk_ei)
		MERGE(sk_er)
		MERGE(sk_ai)
		MERGE(sk_ar)
#undef MERGE
		if (!k->enc && in->enc)
			k->enc = g_strdup(in->enc);
		if (!k->integ && in->integ)
			k->integ = g_strdup(in->integ);
		return 1; /* merged */
	}
	if (kr->ikev1->len + kr->ikev2->len >= KEYRING_MAX_IKE_SAS)
		return 0;
	IkeV2Keys *k = g_new0(IkeV2Keys, 1);
	*k = *in;
	k->origin = g_strdup(in->origin);
	k->enc = g_strdup(in->enc);
	k->integ = g_strdup(in->integ);
	g_ptr_array_add(kr->ikev2, k);
	return 1;
}

/* ---- small parsing helpers ------------------------------------------ */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex with an optional 0x; ':' separators allowed.  False when not hex,
 * odd, or longer than max. */
static bool parse_hex(const char *s, uint8_t *out, size_t max, size_t *n)
{
	*n = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s) {
		if (*s == ':') {
			s++;
			continue;
		}
		int h = hexval(s[0]);
		int l = h >= 0 ? hexval(s[1]) : -1;
		if (h < 0 || l < 0 || *n >= max)
			return false;
		out[(*n)++] = (uint8_t)(h << 4 | l);
		s += 2;
	}
	return true;
}

/* An address, or "*" (any): af set to 4/6, or left at 0 for "*". */
static bool parse_addr(const char *s, uint8_t *af, uint8_t out[16], bool *any)
{
	memset(out, 0, 16);
	*any = false;
	if (strcmp(s, "*") == 0 || s[0] == '\0') {
		*any = true;
		return true;
	}
	if (inet_pton(AF_INET, s, out) == 1) {
		*af = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*af = 6;
		return true;
	}
	return false;
}

static bool parse_u32(const char *s, uint32_t *v)
{
	char *end;
	if (!*s)
		return false;
	unsigned long long x = strtoull(s, &end, 0);
	if (*end || x > 0xffffffffULL)
		return false;
	*v = (uint32_t)x;
	return true;
}

/* Split a UAT line into fields: "quoted" (with \\ \" \xHH) or bare,
 * separated by commas.  Returns the count (up to max). */
static size_t uat_split(const char *line, char **f, size_t max)
{
	size_t n = 0;
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		GString *s = g_string_new(NULL);
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1] == 'x' && hexval(p[2]) >= 0 && hexval(p[3]) >= 0) {
					g_string_append_c(s, (char)(hexval(p[2]) << 4 | hexval(p[3])));
					p += 4;
				} else if (*p == '\\' && p[1]) {
					g_string_append_c(s, p[1]);
					p += 2;
				} else {
					g_string_append_c(s, *p++);
				}
			}
			if (*p == '"')
				p++;
			while (*p == ' ' || *p == '\t')
				p++;
		} else {
			while (*p && *p != ',')
				g_string_append_c(s, *p++);
			while (s->len && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '\t'))
				g_string_truncate(s, s->len - 1);
		}
		if (n < max)
			f[n++] = g_string_free(s, FALSE);
		else
			g_string_free(s, TRUE);
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_free(f[i]);
}

static bool is_hex_n(const char *s, size_t n)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t i = 0;
	for (; s[i]; i++)
		if (hexval(s[i]) < 0)
			return false;
	return i == n;
}

static char *origin_of(const char *src, unsigned line) { return g_strdup_printf("%s:%u", src, line); }

/* Check what can be checked before the first packet, so that a wrong
 * key is reported at load time with its line. */
static bool check_sa(Keyring *kr, const char *src, unsigned line, const EspSa *sa)
{
	char err[160];
	EspXform *x = esp_xform_new(kr->crypto, sa->ah ? ENC_NULL : sa->enc, sa->ekey, sa->ah ? 0 : sa->ekey_len,
				    sa->auth, sa->akey, sa->akey_len, err, sizeof(err));
	if (!x) {
		problem(kr, src, line, "SPI 0x%08x: %s", sa->spi, err);
		/* an algorithm this build lacks (Twofish) is still kept, so that
		 * its packets say why they are not decrypted */
		return strstr(err, "not available") != NULL;
	}
	esp_xform_free(x);
	return true;
}

static int add_checked_sa(Keyring *kr, const char *src, unsigned line, EspSa *sa)
{
	if (!check_sa(kr, src, line, sa))
		return 0;
	char *o = origin_of(src, line);
	sa->origin = o;
	/* a duplicate of a known SA counts as found: it is merged */
	bool ok = keyring_add_sa(kr, sa);
	if (!ok)
		problem(kr, src, line, "too many SAs (limit %u): this one is not loaded", KEYRING_MAX_SAS);
	g_free(o);
	sa->origin = NULL;
	return ok ? 1 : 0;
}

/* ---- Wireshark esp_sa ----------------------------------------------- */

/*
 * "IPv4","SRC","DST","SPI","ENCRYPTION","ENCKEY","AUTHENTICATION","AUTHKEY"
 * and newer Wireshark's two more columns: the sequence number size
 * ("32-bit" / "64-bit", ESN) and the initial high half of the ESN.
 * Addresses and SPI may be "*"; keys are 0x-hex (or text, as Wireshark
 * also accepts).
 */
static int load_esp_sa_line(Keyring *kr, const char *src, unsigned line, const char *text)
{
	char *f[12];
	size_t n = uat_split(text, f, 12);
	int added = 0;
	EspSa sa;
	memset(&sa, 0, sizeof(sa));
	if (n != 8 && n != 10) {
		problem(kr, src, line, "esp_sa: %zu fields, expected 8 or 10", n);
		goto out;
	}
	uint8_t want_af = 0;
	if (strcmp(f[0], "IPv4") == 0)
		want_af = 4;
	else if (strcmp(f[0], "IPv6") == 0)
		want_af = 6;
	else if (strcmp(f[0], "Any") != 0 && strcmp(f[0], "*") != 0) {
		problem(kr, src, line, "esp_sa: protocol '%s' is not IPv4, IPv6 or Any", f[0]);
		goto out;
	}
	uint8_t af_s = 0, af_d = 0;
	if (!parse_addr(f[1], &af_s, sa.src, &sa.any_src) || !parse_addr(f[2], &af_d, sa.dst, &sa.any_dst)) {
		problem(kr, src, line, "esp_sa: bad address '%s'",
			parse_addr(f[1], &af_s, sa.src, &sa.any_src) ? f[2] : f[1]);
		goto out;
	}
	if ((af_s && af_d && af_s != af_d) || (want_af && ((af_s && af_s != want_af) || (af_d && af_d != want_af)))) {
		problem(kr, src, line, "esp_sa: the addresses are not both %s", f[0]);
		goto out;
	}
	sa.af = af_s ? af_s : af_d ? af_d : want_af;
	if (sa.af && sa.any_src && sa.any_dst && !want_af)
		sa.af = 0;
	if (sa.any_src && sa.any_dst && want_af == 0)
		sa.af = 0;
	if (strcmp(f[3], "*") == 0) {
		sa.any_spi = true;
	} else if (!parse_u32(f[3], &sa.spi)) {
		problem(kr, src, line, "esp_sa: bad SPI '%s'", f[3]);
		goto out;
	}
	sa.enc = esp_enc_by_name(f[4]);
	if (sa.enc == ENC_UNKNOWN) {
		problem(kr, src, line, "esp_sa: unknown encryption algorithm '%s'", f[4]);
		goto out;
	}
	sa.auth = f[6][0] ? esp_auth_by_name(f[6]) : AUTH_NULL;
	if (sa.auth == AUTH_UNKNOWN) {
		problem(kr, src, line, "esp_sa: unknown authentication algorithm '%s'", f[6]);
		goto out;
	}
	if (!parse_hex(f[5], sa.ekey, sizeof(sa.ekey), &sa.ekey_len)) {
		problem(kr, src, line, "esp_sa: the encryption key is not hexadecimal (or longer than 64 bytes)");
		goto out;
	}
	if (!parse_hex(f[7], sa.akey, sizeof(sa.akey), &sa.akey_len)) {
		problem(kr, src, line, "esp_sa: the authentication key is not hexadecimal (or longer than 64 bytes)");
		goto out;
	}
	if (n == 10) {
		sa.esn = strstr(f[8], "64") != NULL || g_ascii_strcasecmp(f[8], "esn") == 0;
		if (f[9][0] && !parse_u32(f[9], &sa.esn_hi)) {
			problem(kr, src, line, "esp_sa: bad ESN high bits '%s'", f[9]);
			goto out;
		}
	}
	added = add_checked_sa(kr, src, line, &sa);
out:
	free_fields(f, n < 12 ? n : 12);
	memset(&sa, 0, sizeof(sa));
	return added;
}

/* ---- Wireshark IKE tables ------------------------------------------- */

static int load_ikev1_line(Keyring *kr, const char *src, unsigned line, const char *text)
{
	char *f[4];
	size_t n = uat_split(text, f, 4);
	int added = 0;
	IkeV1Keys k;
	memset(&k, 0, sizeof(k));
	size_t cl = 0;
	if (n != 2) {
		problem(kr, src, line, "ikev1_decryption_table: %zu fields, expected 2", n);
	} else if (!parse_hex(f[0], k.icookie, 8, &cl) || cl != 8) {
		problem(kr, src, line, "ikev1_decryption_table: the initiator cookie must be 8 bytes of hex");
	} else if (!parse_hex(f[1], k.ka, sizeof(k.ka), &k.ka_len) || k.ka_len == 0) {
		problem(kr, src, line, "ikev1_decryption_table: the encryption key is not hexadecimal");
	} else if (k.ka_len != 8 && k.ka_len != 16 && k.ka_len != 24 && k.ka_len != 32 && k.ka_len != 56) {
		problem(kr, src, line, "ikev1_decryption_table: a %zu-byte key fits no IKEv1 cipher", k.ka_len);
	} else {
		k.origin = origin_of(src, line);
		added = add_ikev1(kr, &k);
		g_free(k.origin);
	}
	free_fields(f, n);
	memset(&k, 0, sizeof(k));
	return added;
}

static const char *const ikev2_enc_names[] = {
	"3DES [RFC2451]",
	"AES-CBC-128 [RFC3602]",
	"AES-CBC-192 [RFC3602]",
	"AES-CBC-256 [RFC3602]",
	"NULL [RFC2410]",
	"AES-CTR-128 [RFC5930]",
	"AES-CTR-192 [RFC5930]",
	"AES-CTR-256 [RFC5930]",
	"AES-GCM-128 with 8 octet ICV [RFC5282]",
	"AES-GCM-192 with 8 octet ICV [RFC5282]",
	"AES-GCM-256 with 8 octet ICV [RFC5282]",
	"AES-GCM-128 with 12 octet ICV [RFC5282]",
	"AES-GCM-192 with 12 octet ICV [RFC5282]",
	"AES-GCM-256 with 12 octet ICV [RFC5282]",
	"AES-GCM-128 with 16 octet ICV [RFC5282]",
	"AES-GCM-192 with 16 octet ICV [RFC5282]",
	"AES-GCM-256 with 16 octet ICV [RFC5282]",
	"AES-CCM-128 with 8 octet ICV [RFC5282]",
	"AES-CCM-192 with 8 octet ICV [RFC5282]",
	"AES-CCM-256 with 8 octet ICV [RFC5282]",
	"AES-CCM-128 with 12 octet ICV [RFC5282]",
	"AES-CCM-192 with 12 octet ICV [RFC5282]",
	"AES-CCM-256 with 12 octet ICV [RFC5282]",
	"AES-CCM-128 with 16 octet ICV [RFC5282]",
	"AES-CCM-192 with 16 octet ICV [RFC5282]",
	"AES-CCM-256 with 16 octet ICV [RFC5282]",
	"ChaCha20-Poly1305 [RFC7634]",
	NULL,
};

static const char *const ikev2_integ_names[] = {
	"NONE [RFC4306]",
	"HMAC_MD5_96 [RFC2403]",
	"HMAC_SHA1_96 [RFC2404]",
	"HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]",
	"HMAC_SHA2_256_128 [RFC4868]",
	"HMAC_SHA2_384_192 [RFC4868]",
	"HMAC_SHA2_512_256 [RFC4868]",
	"ANY 96-bits of Authentication [No Checking]",
	"ANY 128-bits of Authentication [No Checking]",
	"ANY 160-bits of Authentication [No Checking]",
	"ANY 192-bits of Authentication [No Checking]",
	"ANY 256-bits of Authentication [No Checking]",
	NULL,
};

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

static int load_ikev2_line(Keyring *kr, const char *src, unsigned line, const char *text)
{
	char *f[10];
	size_t n = uat_split(text, f, 10);
	int added = 0;
	IkeV2Keys k;
	memset(&k, 0, sizeof(k));
	size_t l1 = 0, l2 = 0;
	if (n != 8) {
		problem(kr, src, line, "ikev2_decryption_table: %zu fields, expected 8", n);
	} else if (!parse_hex(f[0], k.spi_i, 8, &l1) || l1 != 8 || !parse_hex(f[1], k.spi_r, 8, &l2) || l2 != 8) {
		problem(kr, src, line, "ikev2_decryption_table: the SPIs must be 8 bytes of hex each");
	} else if (!in_list(ikev2_enc_names, f[4])) {
		problem(kr, src, line, "ikev2_decryption_table: unknown encryption algorithm '%s'", f[4]);
	} else if (!in_list(ikev2_integ_names, f[7])) {
		problem(kr, src, line, "ikev2_decryption_table: unknown integrity algorithm '%s'", f[7]);
	} else if (!parse_hex(f[2], k.sk_ei, 64, &k.sk_ei_len) || !parse_hex(f[3], k.sk_er, 64, &k.sk_er_len) ||
		   !parse_hex(f[5], k.sk_ai, 64, &k.sk_ai_len) || !parse_hex(f[6], k.sk_ar, 64, &k.sk_ar_len)) {
		problem(kr, src, line, "ikev2_decryption_table: a key is not hexadecimal");
	} else if (k.sk_ei_len != k.sk_er_len || k.sk_ai_len != k.sk_ar_len) {
		problem(kr, src, line, "ikev2_decryption_table: SK_ei/SK_er or SK_ai/SK_ar differ in length");
	} else {
		k.enc = f[4];
		k.integ = f[7];
		k.origin = origin_of(src, line);
		added = add_ikev2(kr, &k);
		g_free(k.origin);
	}
	free_fields(f, n);
	memset(&k, 0, sizeof(k));
	return added;
}

/* ---- tcpdump -E ----------------------------------------------------- */

/* tcpdump's cipher names, and what IKEv2 "enc" names mean. */
static EspEncAlg tcpdump_enc(const char *name, const char **ikev2_name, size_t key_len)
{
	*ikev2_name = NULL;
	if (g_str_has_prefix(name, "aes") && (g_str_has_suffix(name, "-cbc") || strlen(name) == 6)) {
		*ikev2_name = key_len == 16 ? ikev2_enc_names[1] : key_len == 24 ? ikev2_enc_names[2]
						    : ikev2_enc_names[3];
		return ENC_AES_CBC;
	}
	if (strcmp(name, "3des-cbc") == 0 || strcmp(name, "3des") == 0 || strcmp(name, "des-ede3-cbc") == 0) {
		*ikev2_name = ikev2_enc_names[0];
		return ENC_3DES_CBC;
	}
	if (strcmp(name, "null") == 0 || strcmp(name, "none") == 0) {
		*ikev2_name = ikev2_enc_names[4];
		return ENC_NULL;
	}
	return esp_enc_by_name(name);
}

/* One "[SPI@DST ]ALGO:SECRET" element. */
static int load_tcpdump_sa(Keyring *kr, const char *src, unsigned line, const char *elem)
{
	EspSa sa;
	memset(&sa, 0, sizeof(sa));
	char *e = g_strstrip(g_strdup(elem));
	char *sp = strpbrk(e, " \t");
	char *algo = e;
	int added = 0;
	if (sp) {
		*sp = '\0';
		algo = sp + 1;
		while (*algo == ' ' || *algo == '\t')
			algo++;
		char *at = strchr(e, '@');
		if (!at) {
			problem(kr, src, line, "tcpdump secret: '%s' is not SPI@ADDRESS", e);
			goto out;
		}
		*at = '\0';
		uint8_t af = 0;
		if (!parse_u32(e, &sa.spi)) {
			problem(kr, src, line, "tcpdump secret: bad SPI '%s'", e);
			goto out;
		}
		if (!parse_addr(at + 1, &af, sa.dst, &sa.any_dst) || sa.any_dst) {
			problem(kr, src, line, "tcpdump secret: bad address '%s'", at + 1);
			goto out;
		}
		sa.af = af;
		sa.any_src = true;
	} else {
		/* no SPI: the secret applies to any SA (tcpdump's default) */
		sa.any_spi = true;
		sa.any_src = sa.any_dst = true;
	}
	char *colon = strchr(algo, ':');
	if (!colon) {
		problem(kr, src, line, "tcpdump secret: '%s' has no ':SECRET'", algo);
		goto out;
	}
	*colon = '\0';
	const char *secret = colon + 1;
	if (g_str_has_suffix(algo, "-hmac96")) {
		algo[strlen(algo) - 7] = '\0';
		/* tcpdump strips a 96-bit ICV and never checks it */
		sa.auth = AUTH_ANY_96;
	} else {
		sa.auth = AUTH_NULL;
	}
	if (secret[0] == '0' && (secret[1] == 'x' || secret[1] == 'X')) {
		if (!parse_hex(secret, sa.ekey, sizeof(sa.ekey), &sa.ekey_len)) {
			problem(kr, src, line, "tcpdump secret: the key is not hexadecimal");
			goto out;
		}
	} else {
		sa.ekey_len = strlen(secret);
		if (sa.ekey_len > sizeof(sa.ekey)) {
			problem(kr, src, line, "tcpdump secret: the key is longer than 64 bytes");
			goto out;
		}
		memcpy(sa.ekey, secret, sa.ekey_len);
	}
	const char *ign;
	sa.enc = tcpdump_enc(algo, &ign, sa.ekey_len);
	if (sa.enc == ENC_UNKNOWN) {
		problem(kr, src, line, "tcpdump secret: unknown algorithm '%s'", algo);
		goto out;
	}
	added = add_checked_sa(kr, src, line, &sa);
out:
	g_free(e);
	memset(&sa, 0, sizeof(sa));
	return added;
}

static const char *tcpdump_integ(const char *name)
{
	if (strcmp(name, "sha1") == 0)
		return ikev2_integ_names[2];
	if (strcmp(name, "md5") == 0)
		return ikev2_integ_names[1];
	if (strcmp(name, "sha256") == 0 || strcmp(name, "sha2-256") == 0)
		return ikev2_integ_names[4];
	if (strcmp(name, "sha384") == 0)
		return ikev2_integ_names[5];
	if (strcmp(name, "sha512") == 0)
		return ikev2_integ_names[6];
	return NULL;
}

/* "ikev2 I|R 0xSPIi 0xSPIr INTEG:0xKEY ENC:0xKEY": the I line holds the
 * initiator's SK_ai/SK_ei, the R line the responder's. */
static int load_tcpdump_ikev2(Keyring *kr, const char *src, unsigned line, const char *text)
{
	gchar **t = g_strsplit_set(text, " \t", -1);
	gchar *w[8];
	size_t n = 0;
	for (gchar **p = t; *p && n < 8; p++)
		if (**p)
			w[n++] = *p;
	int added = 0;
	IkeV2Keys k;
	memset(&k, 0, sizeof(k));
	size_t l1 = 0, l2 = 0;
	char *ic = n == 6 ? strchr(w[4], ':') : NULL;
	char *ec = n == 6 ? strchr(w[5], ':') : NULL;
	if (n != 6 || (strcmp(w[1], "I") && strcmp(w[1], "R")) || !ic || !ec) {
		problem(kr, src, line, "tcpdump ikev2 line: expected 'ikev2 I|R SPIi SPIr INTEG:KEY ENC:KEY'");
		goto out;
	}
	if (!parse_hex(w[2], k.spi_i, 8, &l1) || l1 != 8 || !parse_hex(w[3], k.spi_r, 8, &l2) || l2 != 8) {
		problem(kr, src, line, "tcpdump ikev2 line: the SPIs must be 8 bytes of hex each");
		goto out;
	}
	*ic = *ec = '\0';
	bool init = strcmp(w[1], "I") == 0;
	uint8_t *ak = init ? k.sk_ai : k.sk_ar, *ek = init ? k.sk_ei : k.sk_er;
	size_t *al = init ? &k.sk_ai_len : &k.sk_ar_len, *el = init ? &k.sk_ei_len : &k.sk_er_len;
	if (!parse_hex(ic + 1, ak, 64, al) || !parse_hex(ec + 1, ek, 64, el)) {
		problem(kr, src, line, "tcpdump ikev2 line: a key is not hexadecimal");
		goto out;
	}
	const char *integ = tcpdump_integ(w[4]);
	const char *enc = NULL;
	char full[32];
	g_snprintf(full, sizeof(full), "%s-cbc", w[5]);
	if (tcpdump_enc(full, &enc, *el) == ENC_UNKNOWN || !enc || !integ) {
		problem(kr, src, line, "tcpdump ikev2 line: unknown algorithm '%s' or '%s'", w[4], w[5]);
		goto out;
	}
	k.enc = (char *)enc;
	k.integ = (char *)integ;
	k.origin = origin_of(src, line);
	added = add_ikev2(kr, &k);
	g_free(k.origin);
out:
	memset(&k, 0, sizeof(k));
	g_strfreev(t);
	return added;
}

static int load_tcpdump_line(Keyring *kr, const char *src, unsigned line, const char *text)
{
	if (g_str_has_prefix(text, "ikev2 "))
		return load_tcpdump_ikev2(kr, src, line, text);
	if (g_str_has_prefix(text, "file ")) {
		problem(kr, src, line, "tcpdump 'file' lines are not followed: give that file with its own --keys");
		return 0;
	}
	/* tcpdump -E takes several SAs separated by commas */
	gchar **parts = g_strsplit(text, ",", 64);
	int added = 0;
	for (gchar **p = parts; *p; p++)
		if (**p)
			added += load_tcpdump_sa(kr, src, line, *p);
	g_strfreev(parts);
	return added;
}

/* ---- line-based formats --------------------------------------------- */

static KeyFormat classify_line(const char *l)
{
	if (g_str_has_prefix(l, "\"IPv4\"") || g_str_has_prefix(l, "\"IPv6\"") || g_str_has_prefix(l, "\"Any\""))
		return KEYFMT_ESP_SA;
	if (g_str_has_prefix(l, "ikev2 ") || g_str_has_prefix(l, "file "))
		return KEYFMT_TCPDUMP;
	const char *comma = strchr(l, ',');
	if (comma) {
		char first[20];
		size_t n = (size_t)(comma - l);
		if (n < sizeof(first)) {
			memcpy(first, l, n);
			first[n] = '\0';
			if (is_hex_n(first, 16)) {
				size_t commas = 0;
				for (const char *p = l; *p; p++)
					commas += *p == ',';
				return commas == 1 ? KEYFMT_IKEV1_TABLE : KEYFMT_IKEV2_TABLE;
			}
		}
	}
	/* SPI@ADDR ALGO:SECRET or ALGO:SECRET */
	const char *colon = strchr(l, ':');
	if (colon && (strchr(l, '@') || !strpbrk(l, " \t")))
		return KEYFMT_TCPDUMP;
	return KEYFMT_UNKNOWN;
}

/* ---- ip xfrm state -------------------------------------------------- */

typedef struct {
	bool open, is_esp, is_ah, have_enc, bad;
	unsigned line;
	EspSa sa;
} XfrmSa;

/* Kernel names: truncation given (auth-trunc) or the kernel's default. */
static EspAuthAlg xfrm_auth(const char *name, unsigned trunc_bits)
{
	static const struct {
		const char *n;
		unsigned def;
		EspAuthAlg a[4];
		unsigned bits[4];
	} t[] = {
		{ "hmac(md5)", 96, { AUTH_HMAC_MD5_96 }, { 96 } },
		{ "hmac(sha1)", 96, { AUTH_HMAC_SHA1_96 }, { 96 } },
		{ "hmac(sha256)", 96, { AUTH_HMAC_SHA256_96, AUTH_HMAC_SHA256_128 }, { 96, 128 } },
		{ "hmac(sha384)", 192, { AUTH_HMAC_SHA384_192 }, { 192 } },
		{ "hmac(sha512)", 256, { AUTH_HMAC_SHA512_256 }, { 256 } },
		{ "hmac(rmd160)", 96, { AUTH_HMAC_RIPEMD160_96 }, { 96 } },
		{ "xcbc(aes)", 96, { AUTH_AES_XCBC_96 }, { 96 } },
		{ "digest_null", 0, { AUTH_NULL }, { 0 } },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		if (strcmp(name, t[i].n) != 0)
			continue;
		unsigned b = trunc_bits ? trunc_bits : t[i].def;
		for (unsigned j = 0; j < 4 && (t[i].a[j] || j == 0); j++)
			if (t[i].bits[j] == b)
				return t[i].a[j];
		return AUTH_UNKNOWN;
	}
	return AUTH_UNKNOWN;
}

static int xfrm_finish(Keyring *kr, const char *src, XfrmSa *x)
{
	int added = 0;
	if (x->open && !x->bad && (x->is_esp || x->is_ah)) {
		if (x->is_esp && !x->have_enc)
			problem(kr, src, x->line, "xfrm SA 0x%08x has no enc/aead line", x->sa.spi);
		else if (x->is_ah && x->sa.auth == AUTH_UNKNOWN)
			problem(kr, src, x->line, "xfrm AH SA 0x%08x has no auth line", x->sa.spi);
		else {
			if (x->sa.auth == AUTH_UNKNOWN)
				x->sa.auth = AUTH_NULL;
			added = add_checked_sa(kr, src, x->line, &x->sa);
		}
	}
	memset(x, 0, sizeof(*x));
	return added;
}

static int load_xfrm(Keyring *kr, const char *src, gchar **lines)
{
	XfrmSa x;
	memset(&x, 0, sizeof(x));
	int added = 0;
	for (unsigned i = 0; lines[i]; i++) {
		unsigned ln = i + 1;
		char *l = lines[i];
		if (l[0] == '#' || l[0] == '\0')
			continue;
		bool indented = l[0] == ' ' || l[0] == '\t';
		gchar **w = g_strsplit_set(g_strstrip(l), " \t", -1);
		char *v[16];
		size_t n = 0;
		for (gchar **p = w; *p && n < 16; p++)
			if (**p)
				v[n++] = *p;
		if (!indented && n >= 4 && strcmp(v[0], "src") == 0 && strcmp(v[2], "dst") == 0) {
			added += xfrm_finish(kr, src, &x);
			x.open = true;
			x.line = ln;
			uint8_t a1 = 0, a2 = 0;
			bool any;
			if (!parse_addr(v[1], &a1, x.sa.src, &any) || !parse_addr(v[3], &a2, x.sa.dst, &any) || a1 != a2) {
				problem(kr, src, ln, "xfrm: bad addresses");
				x.bad = true;
			}
			x.sa.af = a1;
		} else if (x.open && n >= 4 && strcmp(v[0], "proto") == 0 && strcmp(v[2], "spi") == 0) {
			x.is_esp = strcmp(v[1], "esp") == 0;
			x.is_ah = strcmp(v[1], "ah") == 0;
			x.sa.ah = x.is_ah;
			char *paren = strchr(v[3], '(');
			if (paren)
				*paren = '\0';
			if (!parse_u32(v[3], &x.sa.spi)) {
				problem(kr, src, ln, "xfrm: bad SPI '%s'", v[3]);
				x.bad = true;
			}
		} else if (x.open && n >= 3 && (strcmp(v[0], "enc") == 0 || strcmp(v[0], "auth") == 0 ||
						strcmp(v[0], "auth-trunc") == 0 || strcmp(v[0], "aead") == 0)) {
			/* NAME 0xKEY [(BITS bits)] [TRUNC/ICV BITS] */
			size_t k = 3;
			if (k + 1 < n && v[k][0] == '(')
				k += 2;
			unsigned last = 0;
			if (k < n && !parse_u32(v[k], &last)) {
				problem(kr, src, ln, "xfrm: cannot read '%s' line", v[0]);
				x.bad = true;
			}
			bool is_auth = v[0][0] == 'a' && v[0][1] == 'u';
			uint8_t *key = is_auth ? x.sa.akey : x.sa.ekey;
			size_t *kl = is_auth ? &x.sa.akey_len : &x.sa.ekey_len;
			if (!parse_hex(v[2], key, 64, kl)) {
				problem(kr, src, ln, "xfrm: the %s key is not hexadecimal", v[0]);
				x.bad = true;
			} else if (strcmp(v[0], "enc") == 0) {
				x.sa.enc = esp_enc_by_name(v[1]);
				x.have_enc = true;
				if (x.sa.enc == ENC_UNKNOWN) {
					problem(kr, src, ln, "xfrm: unknown encryption algorithm '%s'", v[1]);
					x.bad = true;
				}
			} else if (strcmp(v[0], "aead") == 0) {
				x.have_enc = true;
				if (strcmp(v[1], "rfc4106(gcm(aes))") == 0)
					x.sa.enc = last == 64 ? ENC_AES_GCM_8 : last == 96 ? ENC_AES_GCM_12
						 : last == 128 ? ENC_AES_GCM_16 : ENC_UNKNOWN;
				else if (strcmp(v[1], "rfc4309(ccm(aes))") == 0)
					x.sa.enc = last == 64 ? ENC_AES_CCM_8 : last == 96 ? ENC_AES_CCM_12
						 : last == 128 ? ENC_AES_CCM_16 : ENC_UNKNOWN;
				else if (strcmp(v[1], "rfc7539esp(chacha20,poly1305)") == 0 && last == 128)
					x.sa.enc = ENC_CHACHA20_POLY1305;
				else
					x.sa.enc = ENC_UNKNOWN;
				x.sa.auth = AUTH_NULL;
				if (x.sa.enc == ENC_UNKNOWN) {
					problem(kr, src, ln, "xfrm: unsupported AEAD '%s' with a %u-bit ICV", v[1], last);
					x.bad = true;
				}
			} else {
				x.sa.auth = xfrm_auth(v[1], strcmp(v[0], "auth-trunc") == 0 ? last : 0);
				if (x.sa.auth == AUTH_UNKNOWN) {
					problem(kr, src, ln, "xfrm: unsupported integrity algorithm '%s'%s", v[1],
						last ? " with that truncation" : "");
					x.bad = true;
				}
			}
		} else if (x.open && n >= 6 && strcmp(v[0], "encap") == 0) {
			uint32_t s = 0, d = 0;
			x.sa.encap = true;
			if (parse_u32(v[4], &s) && parse_u32(v[6 < n ? 6 : 5], &d)) {
				x.sa.encap_sport = (uint16_t)s;
				x.sa.encap_dport = (uint16_t)d;
			}
		} else if (x.open && n >= 2 && strcmp(v[0], "replay-window") == 0) {
			for (size_t j = 0; j < n; j++)
				if (strcmp(v[j], "esn") == 0)
					x.sa.esn = true;
		}
		g_strfreev(w);
	}
	added += xfrm_finish(kr, src, &x);
	memset(&x, 0, sizeof(x));
	return added;
}

/* ---- strongSwan charon log ------------------------------------------ */

enum { CH_MAX_IKE = 256, CH_MAX_THREADS = 128, CH_DUMP_MAX = 256 };

typedef struct {
	bool used;
	char id[24];   /* the IKE SA's unique id (after the last '|') */
	int ike_role;  /* 1 initiator, 2 responder */
	int child_role;
	uint8_t spis[16];
	bool have_spis;
	uint8_t ka[64];
	size_t ka_len;
	unsigned ka_line;
	uint8_t sk[4][64]; /* ei, er, ai, ar */
	size_t sk_len[4];
	unsigned sk_line;
	char ike_enc[40], ike_integ[40];
	unsigned ike_keysize;
	uint8_t ck[4][64]; /* child: encr i, encr r, integ i, integ r */
	size_t ck_len[4];
	/* SA being installed */
	int dir; /* 1 inbound, 2 outbound, 0 none */
	bool dir_ah;
	unsigned dir_line;
	uint32_t spi;
	uint8_t af, src[16], dst[16];
	char enc[32], integ[32];
	unsigned enc_bits;
	bool esn;
} ChIke;

typedef struct {
	bool active;
	int ike; /* index in ChState.ike */
	char what[48];
	size_t want, have;
	unsigned line;
	uint8_t buf[CH_DUMP_MAX];
} ChDump;

typedef struct {
	ChIke ike[CH_MAX_IKE];
	ChDump dump[CH_MAX_THREADS];
	unsigned n_ike;
} ChState;

static int ch_ike(ChState *st, const char *id)
{
	for (unsigned i = 0; i < st->n_ike; i++)
		if (strcmp(st->ike[i].id, id) == 0)
			return (int)i;
	unsigned i = st->n_ike < CH_MAX_IKE ? st->n_ike++ : CH_MAX_IKE - 1; /* reuse the last slot */
	memset(&st->ike[i], 0, sizeof(st->ike[i]));
	st->ike[i].used = true;
	g_strlcpy(st->ike[i].id, id, sizeof(st->ike[i].id));
	return (int)i;
}

/* strongSwan's name of an ESP algorithm ("AES_CBC", "AES_GCM_16") and key
 * size to ours. */
static EspEncAlg charon_enc(const char *n)
{
	if (strcmp(n, "AES_GCM_8") == 0)
		return ENC_AES_GCM_8;
	if (strcmp(n, "AES_GCM_12") == 0)
		return ENC_AES_GCM_12;
	if (strcmp(n, "AES_GCM_16") == 0)
		return ENC_AES_GCM_16;
	if (strcmp(n, "AES_CCM_8") == 0)
		return ENC_AES_CCM_8;
	if (strcmp(n, "AES_CCM_12") == 0)
		return ENC_AES_CCM_12;
	if (strcmp(n, "AES_CCM_16") == 0)
		return ENC_AES_CCM_16;
	if (strcmp(n, "CAST_CBC") == 0)
		return ENC_CAST5_CBC;
	return esp_enc_by_name(n);
}

static int ch_install(Keyring *kr, const char *src, ChIke *ik)
{
	if (!ik->dir)
		return 0;
	int role = ik->child_role ? ik->child_role : ik->ike_role;
	int added = 0;
	EspSa sa;
	memset(&sa, 0, sizeof(sa));
	if (!role) {
		problem(kr, src, ik->dir_line,
			"charon: SPI 0x%08x: cannot tell whether this host initiated the CHILD_SA (no "
			"'initiating' / request lines before it)",
			ik->spi);
		goto out;
	}
	/* the initiator sends with the initiator's keys */
	bool use_i = (ik->dir == 2) == (role == 1);
	int e = use_i ? 0 : 1, a = use_i ? 2 : 3;
	sa.spi = ik->spi;
	sa.ah = ik->dir_ah;
	sa.af = ik->af;
	memcpy(sa.src, ik->src, 16);
	memcpy(sa.dst, ik->dst, 16);
	sa.esn = ik->esn;
	if (!sa.ah) {
		sa.enc = ik->enc[0] ? charon_enc(ik->enc) : ENC_UNKNOWN;
		if (sa.enc == ENC_UNKNOWN) {
			problem(kr, src, ik->dir_line, "charon: SPI 0x%08x: unknown encryption algorithm '%s'", ik->spi,
				ik->enc);
			goto out;
		}
		if (!ik->ck_len[e] && sa.enc != ENC_NULL) {
			problem(kr, src, ik->dir_line,
				"charon: SPI 0x%08x: no 'encryption %s key' dump before it (log level CHD 4 needed)",
				ik->spi, use_i ? "initiator" : "responder");
			goto out;
		}
		memcpy(sa.ekey, ik->ck[e], ik->ck_len[e]);
		sa.ekey_len = ik->ck_len[e];
	}
	sa.auth = ik->integ[0] ? esp_auth_by_name(ik->integ) : AUTH_NULL;
	if (sa.auth == AUTH_UNKNOWN) {
		problem(kr, src, ik->dir_line, "charon: SPI 0x%08x: unknown integrity algorithm '%s'", ik->spi,
			ik->integ);
		goto out;
	}
	if (sa.auth != AUTH_NULL) {
		memcpy(sa.akey, ik->ck[a], ik->ck_len[a]);
		sa.akey_len = ik->ck_len[a];
	}
	added = add_checked_sa(kr, src, ik->dir_line, &sa);
out:
	memset(&sa, 0, sizeof(sa));
	ik->dir = 0;
	ik->enc[0] = ik->integ[0] = '\0';
	ik->esn = false;
	return added;
}

static const char *ikev2_enc_wsname(const char *alg, unsigned bits)
{
	/* strongSwan "AES_CBC_256", "3DES_CBC", "AES_GCM_16_256", "AES_CTR_128" */
	static const struct {
		const char *pfx;
		int first; /* index of the 128-bit name in ikev2_enc_names */
	} t[] = { { "AES_CBC", 1 }, { "AES_CTR", 5 }, { "AES_GCM_8", 8 }, { "AES_GCM_12", 11 }, { "AES_GCM_16", 14 },
		  { "AES_CCM_8", 17 }, { "AES_CCM_12", 20 }, { "AES_CCM_16", 23 } };
	if (strcmp(alg, "3DES_CBC") == 0)
		return ikev2_enc_names[0];
	if (strcmp(alg, "CHACHA20_POLY1305") == 0)
		return ikev2_enc_names[26];
	if (strcmp(alg, "NULL") == 0)
		return ikev2_enc_names[4];
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (strcmp(alg, t[i].pfx) == 0 && (bits == 128 || bits == 192 || bits == 256))
			return ikev2_enc_names[t[i].first + (bits - 128) / 64];
	return NULL;
}

static const char *ikev2_integ_wsname(const char *alg)
{
	static const struct {
		const char *ss;
		int idx;
	} t[] = { { "HMAC_MD5_96", 1 }, { "HMAC_SHA1_96", 2 }, { "HMAC_SHA2_256_96", 3 }, { "HMAC_SHA2_256_128", 4 },
		  { "HMAC_SHA2_384_192", 5 }, { "HMAC_SHA2_512_256", 6 } };
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (strcmp(alg, t[i].ss) == 0)
			return ikev2_integ_names[t[i].idx];
	return NULL;
}

/* "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_.../MODP_2048" */
static void ch_ike_proposal(ChIke *ik, const char *p)
{
	gchar **parts = g_strsplit(p, "/", 8);
	ik->ike_enc[0] = ik->ike_integ[0] = '\0';
	ik->ike_keysize = 0;
	for (gchar **q = parts; *q; q++) {
		if (q == parts) {
			/* the cipher, its key size last */
			char *us = strrchr(*q, '_');
			uint32_t bits = 0;
			if (us && parse_u32(us + 1, &bits) && bits >= 64) {
				*us = '\0';
				ik->ike_keysize = bits;
			}
			g_strlcpy(ik->ike_enc, *q, sizeof(ik->ike_enc));
		} else if (g_str_has_prefix(*q, "HMAC_") || g_str_has_prefix(*q, "AES_XCBC")) {
			g_strlcpy(ik->ike_integ, *q, sizeof(ik->ike_integ));
		}
	}
	g_strfreev(parts);
}

static int ch_dump_done(Keyring *kr, const char *src, ChState *st, ChDump *d)
{
	ChIke *ik = &st->ike[d->ike];
	const char *w = d->what;
	size_t n = d->have;
	int added = 0;
	static const char *const child[4] = { "encryption initiator key", "encryption responder key",
					      "integrity initiator key", "integrity responder key" };
	static const char *const sk[4] = { "Sk_ei secret", "Sk_er secret", "Sk_ai secret", "Sk_ar secret" };
	if (n > 64)
		n = 64;
	for (int i = 0; i < 4; i++) {
		if (strcmp(w, child[i]) == 0) {
			memcpy(ik->ck[i], d->buf, n);
			ik->ck_len[i] = n;
		}
		if (strcmp(w, sk[i]) == 0) {
			memcpy(ik->sk[i], d->buf, n);
			ik->sk_len[i] = n;
			ik->sk_line = d->line;
		}
	}
	if (strcmp(w, "encryption key Ka") == 0) {
		memcpy(ik->ka, d->buf, n);
		ik->ka_len = n;
		ik->ka_line = d->line;
		if (ik->have_spis) {
			IkeV1Keys k;
			memset(&k, 0, sizeof(k));
			memcpy(k.icookie, ik->spis, 8);
			memcpy(k.ka, ik->ka, n);
			k.ka_len = n;
			k.origin = origin_of(src, d->line);
			added += add_ikev1(kr, &k);
			g_free(k.origin);
			memset(&k, 0, sizeof(k));
		} else {
			problem(kr, src, d->line, "charon: Ka without the IKE SA's cookies (no natd_chunk dump before it)");
		}
	}
	if (strcmp(w, "natd_chunk") == 0 && d->have >= 16) {
		static const uint8_t zero[8];
		if (memcmp(d->buf + 8, zero, 8) != 0) {
			memcpy(ik->spis, d->buf, 16);
			ik->have_spis = true;
		}
	}
	if (strcmp(w, "Sk_ar secret") == 0 || strcmp(w, "Sk_er secret") == 0) {
		/* all four known: an IKEv2 key set */
		if (ik->sk_len[0] && ik->sk_len[1] && ik->sk_len[3] && ik->sk_len[2]) {
			if (!ik->have_spis) {
				problem(kr, src, d->line, "charon: SK_e/SK_a without the IKE SA's SPIs (no natd_chunk)");
			} else {
				const char *en = ikev2_enc_wsname(ik->ike_enc, ik->ike_keysize);
				const char *in = ik->ike_integ[0] ? ikev2_integ_wsname(ik->ike_integ)
								   : ikev2_integ_names[0];
				if (!en || !in) {
					problem(kr, src, d->line,
						"charon: IKE SA algorithms '%s'/'%s' unknown (no 'selected proposal' line?)",
						ik->ike_enc, ik->ike_integ);
				} else {
					IkeV2Keys k;
					memset(&k, 0, sizeof(k));
					memcpy(k.spi_i, ik->spis, 8);
					memcpy(k.spi_r, ik->spis + 8, 8);
					memcpy(k.sk_ei, ik->sk[0], ik->sk_len[0]);
					memcpy(k.sk_er, ik->sk[1], ik->sk_len[1]);
					memcpy(k.sk_ai, ik->sk[2], ik->sk_len[2]);
					memcpy(k.sk_ar, ik->sk[3], ik->sk_len[3]);
					k.sk_ei_len = ik->sk_len[0];
					k.sk_er_len = ik->sk_len[1];
					k.sk_ai_len = ik->sk_len[2];
					k.sk_ar_len = ik->sk_len[3];
					k.enc = (char *)en;
					k.integ = (char *)in;
					k.origin = origin_of(src, d->line);
					added += add_ikev2(kr, &k);
					g_free(k.origin);
					memset(&k, 0, sizeof(k));
				}
			}
			memset(ik->sk_len, 0, sizeof(ik->sk_len));
		}
	}
	memset(d, 0, sizeof(*d));
	return added;
}

/* Split a charon line: thread number, IKE SA id ("" when none), message. */
static bool ch_split(const char *l, int *thread, char *id, size_t id_size, const char **msg)
{
	/* find "NN[GRP] " */
	const char *b = strchr(l, '[');
	while (b) {
		const char *e = strchr(b, ']');
		if (e && e - b >= 3 && e - b <= 5 && e[1] == ' ' && b > l && g_ascii_isdigit(b[-1])) {
			bool up = true;
			for (const char *p = b + 1; p < e; p++)
				up = up && g_ascii_isupper(*p);
			if (up) {
				const char *d = b;
				while (d > l && g_ascii_isdigit(d[-1]))
					d--;
				*thread = atoi(d);
				const char *m = e + 2;
				id[0] = '\0';
				if (*m == '<') {
					const char *gt = strchr(m, '>');
					if (gt) {
						const char *bar = m + 1;
						for (const char *p = m + 1; p < gt; p++)
							if (*p == '|')
								bar = p + 1;
						size_t n = (size_t)(gt - bar);
						if (n >= id_size)
							n = id_size - 1;
						memcpy(id, bar, n);
						id[n] = '\0';
						m = gt + 1;
						if (*m == ' ')
							m++;
					}
				}
				*msg = m;
				return true;
			}
		}
		b = strchr(b + 1, '[');
	}
	return false;
}

static int load_charon(Keyring *kr, const char *src, gchar **lines)
{
	ChState *st = g_new0(ChState, 1);
	int added = 0;
	for (unsigned i = 0; lines[i]; i++) {
		unsigned ln = i + 1;
		int thread;
		char id[24];
		const char *m;
		if (!ch_split(lines[i], &thread, id, sizeof(id), &m))
			continue;
		ChDump *d = &st->dump[(unsigned)thread % CH_MAX_THREADS];
		/* a hex dump line: "   16: 0D E6 E7 D0   ascii" */
		const char *p = m;
		while (*p == ' ')
			p++;
		if (d->active && g_ascii_isdigit(*p)) {
			const char *colon = strchr(p, ':');
			if (colon && colon[1] == ' ') {
				const char *h = colon + 2;
				for (int k = 0; k < 16 && d->have < d->want; k++) {
					int hi = hexval(h[0]), lo = hi >= 0 ? hexval(h[1]) : -1;
					if (hi < 0 || lo < 0 || (h[2] != ' ' && h[2] != '\0'))
						break;
					if (d->have < CH_DUMP_MAX)
						d->buf[d->have] = (uint8_t)(hi << 4 | lo);
					d->have++;
					if (h[2] == '\0')
						break; /* the last byte of the line: no step past its end */
					h += 3;
				}
				if (d->have >= d->want) {
					if (d->have > CH_DUMP_MAX)
						d->have = CH_DUMP_MAX;
					added += ch_dump_done(kr, src, st, d);
				}
				continue;
			}
		}
		if (d->active) {
			/* the dump ended early (a truncated log) */
			problem(kr, src, d->line, "charon: the hex dump of '%s' is cut short", d->what);
			memset(d, 0, sizeof(*d));
		}
		if (!id[0])
			continue;
		int ii = ch_ike(st, id);
		ChIke *ik = &st->ike[ii];
		const char *arrow = strstr(m, " => ");
		unsigned nbytes = 0;
		if (arrow && sscanf(arrow, " => %u bytes", &nbytes) == 1) {
			size_t wl = (size_t)(arrow - m);
			if (wl >= sizeof(d->what))
				wl = sizeof(d->what) - 1;
			memset(d, 0, sizeof(*d));
			memcpy(d->what, m, wl);
			d->what[wl] = '\0';
			d->want = nbytes;
			d->ike = ii;
			d->line = ln;
			d->active = nbytes > 0;
			continue;
		}
		if (strstr(m, " is initiating "))
			ik->ike_role = 2;
		else if (g_str_has_prefix(m, "initiating "))
			ik->ike_role = 1;
		if (strstr(m, "generating QUICK_MODE request") || strstr(m, "generating CREATE_CHILD_SA request") ||
		    strstr(m, "generating IKE_AUTH request"))
			ik->child_role = 1;
		else if (strstr(m, "parsed QUICK_MODE request") || strstr(m, "parsed CREATE_CHILD_SA request") ||
			 strstr(m, "parsed IKE_AUTH request"))
			ik->child_role = 2;
		if (g_str_has_prefix(m, "selected proposal: IKE:"))
			ch_ike_proposal(ik, m + strlen("selected proposal: IKE:"));
		if (g_str_has_prefix(m, "adding inbound ") || g_str_has_prefix(m, "adding outbound ")) {
			added += ch_install(kr, src, ik);
			ik->dir = m[7] == 'i' ? 1 : 2;
			ik->dir_ah = strstr(m, " AH SA") != NULL;
			ik->dir_line = ln;
			ik->spi = 0;
			ik->af = 0;
		} else if (ik->dir && g_str_has_prefix(p, "SPI 0x")) {
			char a1[64], a2[64];
			unsigned spi;
			if (sscanf(p, "SPI 0x%x, src %63s dst %63s", &spi, a1, a2) == 3) {
				bool any;
				uint8_t f1 = 0, f2 = 0;
				ik->spi = spi;
				if (parse_addr(a1, &f1, ik->src, &any) && parse_addr(a2, &f2, ik->dst, &any) && f1 == f2)
					ik->af = f1;
			}
		} else if (ik->dir && g_str_has_prefix(p, "using encryption algorithm ")) {
			char alg[32];
			unsigned bits = 0;
			if (sscanf(p, "using encryption algorithm %31s with key size %u", alg, &bits) >= 1) {
				g_strlcpy(ik->enc, alg, sizeof(ik->enc));
				ik->enc_bits = bits;
			}
		} else if (ik->dir && g_str_has_prefix(p, "using integrity algorithm ")) {
			char alg[32];
			if (sscanf(p, "using integrity algorithm %31s", alg) == 1)
				g_strlcpy(ik->integ, alg, sizeof(ik->integ));
		} else if (ik->dir && g_str_has_prefix(p, "using extended sequence numbers")) {
			ik->esn = true;
		} else if (ik->dir && strstr(m, "CHILD_SA") && strstr(m, "established")) {
			added += ch_install(kr, src, ik);
		}
	}
	for (unsigned i = 0; i < st->n_ike; i++)
		added += ch_install(kr, src, &st->ike[i]);
	memset(st, 0, sizeof(*st));
	g_free(st);
	return added;
}

/* ---- entry ---------------------------------------------------------- */

static KeyFormat detect_block_format(gchar **lines)
{
	unsigned charon = 0, xfrm_src = 0, xfrm_proto = 0;
	for (unsigned i = 0; lines[i] && i < 2000; i++) {
		const char *l = lines[i];
		if (g_str_has_prefix(l, "src ") && strstr(l, " dst "))
			xfrm_src++;
		if ((l[0] == '\t' || l[0] == ' ') && strstr(l, "proto ") && strstr(l, " spi "))
			xfrm_proto++;
		int t;
		char id[24];
		const char *m;
		if (strstr(l, "] ") && ch_split(l, &t, id, sizeof(id), &m))
			charon++;
	}
	if (xfrm_src && xfrm_proto)
		return KEYFMT_XFRM;
	if (charon >= 1)
		return KEYFMT_CHARON;
	return KEYFMT_UNKNOWN;
}

int keyring_load_text(Keyring *kr, const char *source, const char *text, size_t len, GError **err)
{
	char *copy = g_strndup(text, len);
	gchar **lines = g_strsplit(copy, "\n", -1);
	g_free(copy);
	for (gchar **l = lines; *l; l++) {
		size_t n = strlen(*l);
		if (n && (*l)[n - 1] == '\r')
			(*l)[n - 1] = '\0';
	}
	int added = 0;
	KeyFormat bf = detect_block_format(lines);
	kr->last_fmt = bf;
	if (bf == KEYFMT_XFRM) {
		added = load_xfrm(kr, source, lines);
	} else if (bf == KEYFMT_CHARON) {
		added = load_charon(kr, source, lines);
	} else {
		unsigned meaningful = 0, unknown = 0;
		unsigned first_unknown = 0;
		KeyFormat seen = KEYFMT_UNKNOWN;
		for (unsigned i = 0; lines[i]; i++) {
			char *l = g_strstrip(lines[i]);
			if (!*l || l[0] == '#')
				continue;
			meaningful++;
			KeyFormat f = classify_line(l);
			if (f == KEYFMT_UNKNOWN) {
				if (!unknown++)
					first_unknown = i + 1;
				continue;
			}
			if (seen == KEYFMT_UNKNOWN)
				seen = f;
			switch (f) {
			case KEYFMT_ESP_SA: added += load_esp_sa_line(kr, source, i + 1, l); break;
			case KEYFMT_IKEV1_TABLE: added += load_ikev1_line(kr, source, i + 1, l); break;
			case KEYFMT_IKEV2_TABLE: added += load_ikev2_line(kr, source, i + 1, l); break;
			case KEYFMT_TCPDUMP: added += load_tcpdump_line(kr, source, i + 1, l); break;
			default: break;
			}
		}
		kr->last_fmt = seen;
		if (meaningful && seen == KEYFMT_UNKNOWN) {
			g_set_error(err, g_quark_from_static_string("keyring"), 1,
				    "%s: not a key file ikescope knows (Wireshark esp_sa / ikev1_decryption_table / "
				    "ikev2_decryption_table, tcpdump -E secrets, ip xfrm state, charon log)",
				    source);
			g_strfreev(lines);
			return -1;
		}
		if (unknown)
			problem(kr, source, first_unknown, "%u line%s in no known key format (first here)", unknown,
				unknown == 1 ? "" : "s");
	}
	g_strfreev(lines);
	return added;
}

/* ---- export and reports --------------------------------------------- */

void keyring_hex(const uint8_t *p, size_t n, char *buf)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = hx[p[i] >> 4];
		buf[2 * i + 1] = hx[p[i] & 15];
	}
	buf[2 * n] = '\0';
}

static void addr_text(uint8_t af, const uint8_t *a, bool any, char *buf, size_t size)
{
	if (any || af == 0)
		g_strlcpy(buf, "*", size);
	else
		inet_ntop(af == 4 ? AF_INET : AF_INET6, a, buf, (socklen_t)size);
}

void keyring_export_wireshark(const Keyring *kr, char **esp_sa, char **ikev1, char **ikev2)
{
	GString *e = g_string_new(NULL), *v1 = g_string_new(NULL), *v2 = g_string_new(NULL);
	char hex1[130], hex2[130], hex3[130], hex4[130], s[64], d[64];
	for (guint i = 0; i < kr->sas->len; i++) {
		const EspSa *sa = g_ptr_array_index(kr->sas, i);
		if (sa->ah)
			continue; /* Wireshark has no AH key table */
		addr_text(sa->af, sa->src, sa->any_src, s, sizeof(s));
		addr_text(sa->af, sa->dst, sa->any_dst, d, sizeof(d));
		keyring_hex(sa->ekey, sa->ekey_len, hex1);
		keyring_hex(sa->akey, sa->akey_len, hex2);
		char spi[16];
		if (sa->any_spi)
			g_strlcpy(spi, "*", sizeof(spi));
		else
			g_snprintf(spi, sizeof(spi), "0x%08x", sa->spi);
		if (sa->enc == ENC_AES_CCM_8 || sa->enc == ENC_AES_CCM_12 || sa->enc == ENC_AES_CCM_16) {
			/* Wireshark's esp_sa has no AES-CCM, and a row it cannot read
			 * makes it stop loading the table: a comment instead */
			g_string_append_printf(e, "# SPI %s %s -> %s: %s has no Wireshark esp_sa name, not exported\n",
					       spi, s, d, esp_enc_info(sa->enc)->name);
			continue;
		}
		g_string_append_printf(e, "\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s%s\",\"%s\",\"%s%s\"\n",
				       sa->af == 6 ? "IPv6" : "IPv4", s, d, spi, esp_enc_info(sa->enc)->ws_name,
				       sa->ekey_len ? "0x" : "", hex1,
				       sa->auth == AUTH_AES_XCBC_96 ? "NULL" : esp_auth_info(sa->auth)->ws_name,
				       sa->akey_len ? "0x" : "", hex2);
	}
	for (guint i = 0; i < kr->ikev1->len; i++) {
		const IkeV1Keys *k = g_ptr_array_index(kr->ikev1, i);
		keyring_hex(k->icookie, 8, hex1);
		keyring_hex(k->ka, k->ka_len, hex2);
		g_string_append_printf(v1, "%s,%s\n", hex1, hex2);
	}
	for (guint i = 0; i < kr->ikev2->len; i++) {
		const IkeV2Keys *k = g_ptr_array_index(kr->ikev2, i);
		char si[17], sr[17];
		keyring_hex(k->spi_i, 8, si);
		keyring_hex(k->spi_r, 8, sr);
		keyring_hex(k->sk_ei, k->sk_ei_len, hex1);
		keyring_hex(k->sk_er, k->sk_er_len, hex2);
		keyring_hex(k->sk_ai, k->sk_ai_len, hex3);
		keyring_hex(k->sk_ar, k->sk_ar_len, hex4);
		g_string_append_printf(v2, "%s,%s,%s,%s,\"%s\",%s,%s,\"%s\"\n", si, sr, hex1, hex2,
				       k->enc ? k->enc : "", hex3, hex4, k->integ ? k->integ : "");
	}
	*esp_sa = g_string_free(e, FALSE);
	*ikev1 = g_string_free(v1, FALSE);
	*ikev2 = g_string_free(v2, FALSE);
	memset(hex1, 0, sizeof(hex1));
	memset(hex2, 0, sizeof(hex2));
	memset(hex3, 0, sizeof(hex3));
	memset(hex4, 0, sizeof(hex4));
}

char *keyring_sa_report(const Keyring *kr)
{
	GString *r = g_string_new(NULL);
	for (guint i = 0; i < kr->sas->len; i++) {
		const EspSa *sa = g_ptr_array_index(kr->sas, i);
		const EspSaStats *s = &sa->st;
		const char *kind = sa->ah ? "AH" : "ESP";
		char spi[16];
		if (sa->any_spi)
			g_strlcpy(spi, "*", sizeof(spi));
		else
			g_snprintf(spi, sizeof(spi), "0x%08x", sa->spi);
		if (!s->packets)
			continue;
		if (sa->xform_error) {
			g_string_append_printf(r, "%s SA %s (%s): %" G_GUINT64_FORMAT " packets not decrypted: %s\n",
					       kind, spi, sa->origin, s->packets, sa->xform_error);
			continue;
		}
		if (s->icv_bad && s->icv_good == 0)
			g_string_append_printf(r,
					       "%s SA %s (%s): the ICV fails on every one of %" G_GUINT64_FORMAT
					       " packets (first frame %" G_GUINT64_FORMAT
					       "): wrong integrity key or algorithm, or keys of the other direction\n",
					       kind, spi, sa->origin, s->icv_bad, s->first_bad_frame);
		else if (s->icv_bad)
			g_string_append_printf(r,
					       "%s SA %s (%s): ICV fails on %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
					       " packets (first frame %" G_GUINT64_FORMAT ")\n",
					       kind, spi, sa->origin, s->icv_bad, s->icv_bad + s->icv_good,
					       s->first_bad_frame);
		if (s->garbage && s->garbage == s->decrypted)
			g_string_append_printf(r,
					       "%s SA %s (%s): every decrypted packet is garbage (%" G_GUINT64_FORMAT
					       "; first frame %" G_GUINT64_FORMAT "): wrong encryption key or algorithm\n",
					       kind, spi, sa->origin, s->garbage, s->first_bad_frame);
		else if (s->garbage)
			g_string_append_printf(r,
					       "%s SA %s (%s): %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
					       " decrypted packets are garbage\n",
					       kind, spi, sa->origin, s->garbage, s->decrypted);
		if (s->seq_replays || s->seq_gaps || s->seq_reordered)
			g_string_append_printf(r,
					       "%s SA %s (%s): sequence: %" G_GUINT64_FORMAT " gaps (%" G_GUINT64_FORMAT
					       " numbers missing), %" G_GUINT64_FORMAT " replays, %" G_GUINT64_FORMAT
					       " reordered\n",
					       kind, spi, sa->origin, s->seq_gaps, s->seq_lost, s->seq_replays,
					       s->seq_reordered);
	}
	return g_string_free(r, FALSE);
}

/* ---- sequence analysis ---------------------------------------------- */

SeqVerdict esp_seq_update(EspSaStats *st, uint32_t seq, uint64_t frame, uint32_t *expected, uint64_t *prev_frame)
{
	st->packets++;
	if (!st->seen) {
		st->seen = true;
		st->high_seq = seq;
		st->high_frame = frame;
		st->window = 1;
		st->first_frame = st->last_frame = frame;
		*expected = seq;
		*prev_frame = 0;
		st->last_seq = seq;
		return SEQ_FIRST;
	}
	*expected = st->last_seq + 1;
	*prev_frame = st->last_frame;
	st->last_seq = seq;
	st->last_frame = frame;
	uint32_t high = (uint32_t)st->high_seq;
	if (seq != high && (uint32_t)(seq - high) < 0x80000000u) {
		uint32_t jump = seq - high;
		st->window = jump >= 64 ? 1 : (st->window << jump) | 1;
		st->high_seq = seq;
		st->high_frame = frame;
		if (jump > 1) {
			st->seq_gaps++;
			st->seq_lost += jump - 1;
			return SEQ_GAP;
		}
		return SEQ_NEXT;
	}
	uint32_t back = high - seq;
	if (back < 64 && !(st->window >> back & 1)) {
		st->window |= (uint64_t)1 << back;
		st->seq_reordered++;
		if (st->seq_lost)
			st->seq_lost--;
		return SEQ_REORDER;
	}
	st->seq_replays++;
	return SEQ_REPLAY;
}

typedef struct {
	EspSaStats st;
	bool has_key;
} TrackEntry;

enum { TRACK_CACHE = 256 }; /* direct-mapped cache slots (a power of two) */

struct EspTrack {
	GHashTable *h; /* (ah << 32 | spi) -> TrackEntry * */
	size_t max;
	uint64_t evicted;
	/* the SPIs of the packets in flight, in front of the hash table (one
	 * lookup per ESP packet); emptied whenever an entry is forgotten */
	struct {
		uint64_t k;
		TrackEntry *e;
	} cache[TRACK_CACHE];
};

static unsigned track_slot(uint64_t k)
{
	uint64_t h = k * 0x9E3779B97F4A7C15ull;
	return (unsigned)(h >> 56) & (TRACK_CACHE - 1);
}

EspTrack *esp_track_new(size_t max_spis)
{
	EspTrack *t = g_new0(EspTrack, 1);
	t->h = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	t->max = max_spis ? max_spis : 1;
	return t;
}

void esp_track_free(EspTrack *t)
{
	if (!t)
		return;
	g_hash_table_destroy(t->h);
	g_free(t);
}

static TrackEntry *track_entry(EspTrack *t, bool ah, uint32_t spi, bool create)
{
	gint64 k = (gint64)((uint64_t)ah << 32 | spi);
	unsigned slot = track_slot((uint64_t)k);
	if (t->cache[slot].e && t->cache[slot].k == (uint64_t)k)
		return t->cache[slot].e;
	TrackEntry *e = g_hash_table_lookup(t->h, &k);
	if (e) {
		t->cache[slot].k = (uint64_t)k;
		t->cache[slot].e = e;
	}
	if (e || !create)
		return e;
	if (g_hash_table_size(t->h) >= t->max) {
		/* forget the SPI whose last packet is oldest */
		GHashTableIter it;
		gpointer key, val, old_key = NULL;
		uint64_t oldest = UINT64_MAX;
		g_hash_table_iter_init(&it, t->h);
		while (g_hash_table_iter_next(&it, &key, &val)) {
			TrackEntry *v = val;
			if (v->st.last_frame < oldest) {
				oldest = v->st.last_frame;
				old_key = key;
			}
		}
		if (old_key)
			g_hash_table_remove(t->h, old_key);
		t->evicted++;
		memset(t->cache, 0, sizeof(t->cache));
	}
	gint64 *kp = g_new(gint64, 1);
	*kp = k;
	e = g_new0(TrackEntry, 1);
	g_hash_table_insert(t->h, kp, e);
	t->cache[slot].k = (uint64_t)k;
	t->cache[slot].e = e;
	return e;
}

EspSaStats *esp_track_get(EspTrack *t, bool ah, uint32_t spi, bool *has_key_out)
{
	TrackEntry *e = track_entry(t, ah, spi, true);
	if (has_key_out)
		*has_key_out = e->has_key;
	return &e->st;
}

void esp_track_set_has_key(EspTrack *t, bool ah, uint32_t spi, bool has_key)
{
	TrackEntry *e = track_entry(t, ah, spi, false);
	if (e)
		e->has_key = has_key;
}

uint64_t esp_track_evicted(const EspTrack *t) { return t->evicted; }

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

char *esp_track_report_unkeyed(const EspTrack *t)
{
	GArray *keys = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	GHashTableIter it;
	gpointer key, val;
	g_hash_table_iter_init(&it, t->h);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		TrackEntry *e = val;
		if (!e->has_key && e->st.packets) {
			uint64_t k = (uint64_t)*(gint64 *)key;
			g_array_append_val(keys, k);
		}
	}
	g_array_sort(keys, cmp_u64);
	GString *r = g_string_new(NULL);
	for (guint i = 0; i < keys->len; i++) {
		uint64_t k = g_array_index(keys, uint64_t, i);
		gint64 kk = (gint64)k;
		TrackEntry *e = g_hash_table_lookup(t->h, &kk);
		g_string_append_printf(r, "%s SPI 0x%08x: no key (%" G_GUINT64_FORMAT " packets, first frame %" G_GUINT64_FORMAT
				       ")\n",
				       (k >> 32) ? "AH" : "ESP", (uint32_t)k, e->st.packets, e->st.first_frame);
	}
	g_array_free(keys, TRUE);
	return g_string_free(r, FALSE);
}
