/*
 * keyring.h - the keys of one dissection: ESP/AH SAs and IKE SA keys.
 *
 * The keyring parses key TEXT handed to it (the CLI reads the files):
 * Wireshark's esp_sa, ikev1_decryption_table and ikev2_decryption_table
 * tables, tcpdump's -E secrets, `ip [-s] xfrm state` output and strongSwan
 * charon logs at IKE/CHD level 4.  The format is recognised from the
 * content.  A line that cannot be used gives a problem "SOURCE:LINE: what
 * is wrong" and the rest still loads.
 *
 * ESP SAs are found by SPI through a hash table; the addresses only break
 * ties, so one key set decrypts a client-side and a server-side capture
 * of a NATed session.  Each SA keeps its own counters and sequence state
 * (bounded: a fixed-size struct per SA, and a cap on the number of SAs),
 * so that a key that does not fit is reported per SA, never ignored.
 *
 * Keys are secrets: nothing here prints them; keyring_export_wireshark()
 * is the one way out, for `ikescope keys --export`.
 */
#ifndef IKS_KEYRING_H
#define IKS_KEYRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "esp_crypto.h"

#define KEYRING_MAX_SAS 65536     /* ESP/AH SAs kept; more are refused, counted */
#define KEYRING_MAX_IKE_SAS 16384 /* IKEv1 + IKEv2 key sets */
#define KEYRING_MAX_PROBLEMS 1000 /* problem lines kept (the rest counted) */

typedef enum {
	KEYFMT_UNKNOWN = 0,
	KEYFMT_ESP_SA,       /* Wireshark esp_sa */
	KEYFMT_IKEV1_TABLE,  /* Wireshark ikev1_decryption_table */
	KEYFMT_IKEV2_TABLE,  /* Wireshark ikev2_decryption_table */
	KEYFMT_TCPDUMP,      /* tcpdump -E secrets */
	KEYFMT_XFRM,         /* ip [-s] xfrm state */
	KEYFMT_CHARON,       /* strongSwan charon log */
} KeyFormat;

const char *keyfmt_name(KeyFormat f);

/* Per-SA sequence analysis and decryption counters. */
typedef struct {
	uint64_t packets;       /* packets matched to this SA */
	uint64_t decrypted;     /* plaintext produced */
	uint64_t icv_good, icv_bad, icv_unchecked;
	uint64_t pad_bad;       /* padding not 1, 2, 3... or too long */
	uint64_t garbage;       /* no ICV and an implausible next header / pad */
	uint64_t too_short;     /* shorter than IV + block + ICV, or not whole blocks */
	uint64_t seq_gaps;      /* packets after a jump forward */
	uint64_t seq_lost;      /* sequence numbers skipped in those jumps */
	uint64_t seq_replays;   /* a sequence number seen before */
	uint64_t seq_reordered; /* older than the highest, not seen before */
	uint64_t first_frame, last_frame;
	uint64_t first_bad_frame; /* first ICV failure / garbage */
	uint64_t high_seq;      /* highest sequence number (ESN: 64 bits) */
	uint64_t high_frame;    /* frame that carried it */
	uint64_t window;        /* bit i: high_seq - i seen (replay window of 64) */
	uint32_t last_seq;      /* the previous packet's (Wireshark's check) */
	bool seen;
} EspSaStats;

typedef struct EspSa {
	uint32_t spi;
	bool any_spi;        /* Wireshark "*" SPI: matched by address only */
	bool ah;             /* an AH SA (integrity only) */
	uint8_t af;          /* 4, 6, or 0 = any family */
	bool any_src, any_dst;
	uint8_t src[16], dst[16];
	EspEncAlg enc;
	EspAuthAlg auth;
	uint8_t ekey[64], akey[64];
	size_t ekey_len, akey_len;
	bool esn;
	uint32_t esn_hi;     /* starting high half of the ESN */
	bool encap;          /* UDP-encapsulated (xfrm "encap"), informative */
	uint16_t encap_sport, encap_dport;
	char *origin;        /* "SOURCE:LINE" */
	EspXform *x;         /* prepared lazily; NULL with xform_error set when it cannot be */
	char *xform_error;
	bool xform_tried;
	EspSaStats st;
	struct EspSa *next;  /* next SA with the same SPI */
} EspSa;

typedef struct {
	uint8_t icookie[8];
	uint8_t ka[64];
	size_t ka_len;
	char *origin;
} IkeV1Keys;

typedef struct {
	uint8_t spi_i[8], spi_r[8];
	uint8_t sk_ei[64], sk_er[64], sk_ai[64], sk_ar[64];
	size_t sk_ei_len, sk_er_len, sk_ai_len, sk_ar_len;
	char *enc;   /* Wireshark's name, e.g. "AES-CBC-256 [RFC3602]" */
	char *integ; /* "HMAC_SHA2_256_128 [RFC4868]" */
	char *origin;
} IkeV2Keys;

typedef struct Keyring Keyring;

Keyring *keyring_new(void);
void keyring_free(Keyring *kr);

/*
 * Load key text.  `source` names it in problems ("keys/esp_sa").  Returns
 * the number of keys (SAs and IKE key sets) found (duplicates of keys
 * already there included, they are merged); problems with single
 * lines are recorded (keyring_problems) and do not stop the load.  Sets
 * *err and returns -1 only when the text is in no known format.
 */
int keyring_load_text(Keyring *kr, const char *source, const char *text, size_t len, GError **err);
/* The format the last keyring_load_text recognised. */
KeyFormat keyring_last_format(const Keyring *kr);

/* Problem lines collected while loading ("SOURCE:LINE: what is wrong"). */
const GPtrArray *keyring_problems(const Keyring *kr);
uint64_t keyring_problems_dropped(const Keyring *kr);
/* How many of keyring_problems() the front end has shown; problems noted
 * while dissecting (an IKE SA whose key does not fit) come after. */
unsigned keyring_problems_shown(const Keyring *kr);
void keyring_set_problems_shown(Keyring *kr, unsigned n);

size_t keyring_n_sas(const Keyring *kr);
size_t keyring_n_ikev1(const Keyring *kr);
size_t keyring_n_ikev2(const Keyring *kr);
/* The i-th SA in load order, or NULL. */
EspSa *keyring_sa_at(const Keyring *kr, size_t i);
const IkeV1Keys *keyring_ikev1_at(const Keyring *kr, size_t i);
const IkeV2Keys *keyring_ikev2_at(const Keyring *kr, size_t i);

/* Add one SA (copied).  Returns false (and records why) when refused:
 * a duplicate of an SA already there is merged silently. */
bool keyring_add_sa(Keyring *kr, const EspSa *sa);

/*
 * Find the SA of a packet: by SPI (hashed), then the addresses as
 * tie-breakers (an exact pair first, then one side, then wildcards, then
 * any SA with that SPI: NAT changes the outer addresses).  `ah` selects AH
 * SAs.  af 0 = addresses unknown.  Returns the best candidate, and through
 * `next` the following candidates of the same SPI can be walked with
 * keyring_find_next().
 */
EspSa *keyring_find(Keyring *kr, bool ah, uint32_t spi, uint8_t af, const uint8_t *src, const uint8_t *dst);
/* Candidates after `prev` for the same lookup, best first, or NULL. */
EspSa *keyring_find_next(Keyring *kr, EspSa *prev, bool ah, uint32_t spi, uint8_t af, const uint8_t *src,
			 const uint8_t *dst);

/* The SA's prepared transform, or NULL (sa->xform_error says why). */
EspXform *keyring_sa_xform(Keyring *kr, EspSa *sa);

/* IKE keys by initiator cookie / SPI pair (for the IKE decoders). */
const IkeV1Keys *keyring_find_ikev1(const Keyring *kr, const uint8_t icookie[8]);
const IkeV2Keys *keyring_find_ikev2(const Keyring *kr, const uint8_t spi_i[8], const uint8_t spi_r[8]);

/* A problem line "SOURCE: text" found while using the keys (an IKE SA
 * whose key does not decrypt it), next to the load problems. */
void keyring_note_problem(Keyring *kr, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Which IKE SA an ESP/AH SPI belongs to, as a decrypted Quick Mode /
 * CREATE_CHILD_SA / IKE_AUTH told (bounded by KEYRING_MAX_SAS; the SPI's
 * owner is the last IKE SA that proposed it). */
bool keyring_learn_child_spi(Keyring *kr, uint32_t spi, const uint8_t ispi[8], const uint8_t rspi[8],
			     uint64_t frame);
bool keyring_child_spi_owner(const Keyring *kr, uint32_t spi, uint8_t ispi[8], uint8_t rspi[8], uint64_t *frame);
size_t keyring_n_child_spis(const Keyring *kr);

/* Learn an SA (from a decrypted Quick Mode / CREATE_CHILD_SA). */
bool keyring_learn_sa(Keyring *kr, const EspSa *sa);

/* Wireshark UAT text of the collected keys (for keys --export): the
 * contents of esp_sa, ikev1_decryption_table and ikev2_decryption_table.
 * Each returned string is g_malloc'ed (empty when no such keys). */
void keyring_export_wireshark(const Keyring *kr, char **esp_sa, char **ikev1, char **ikev2);

/* SAs whose keys did not work (ICV failing on every checked packet,
 * garbage after decryption, a transform that could not be prepared while
 * packets used it): one line each, for reports.  Never contains keys.
 * Returns a g_malloc'ed string, "" when all is well. */
char *keyring_sa_report(const Keyring *kr);

/* ---- sequence analysis ---------------------------------------------- */

typedef enum {
	SEQ_FIRST = 0, /* first packet of the SPI */
	SEQ_NEXT,      /* the one after the highest */
	SEQ_GAP,       /* a jump forward: numbers missing */
	SEQ_REPLAY,    /* seen before, or too old for the 64-packet window */
	SEQ_REORDER,   /* older than the highest, not seen before */
} SeqVerdict;

/* Update a stats block with a sequence number seen in `frame`.  Sets
 * *expected to the previous packet's number + 1 and *prev_frame to its
 * frame (Wireshark's esp.sequence-analysis). */
SeqVerdict esp_seq_update(EspSaStats *st, uint32_t seq, uint64_t frame, uint32_t *expected, uint64_t *prev_frame);

/* Sequence state of every SPI seen (with or without keys), bounded. */
typedef struct EspTrack EspTrack;
EspTrack *esp_track_new(size_t max_spis);
void esp_track_free(EspTrack *t);
/* The SPI's block (created when new; when full, one old SPI is
 * forgotten and counted in *evicted). */
EspSaStats *esp_track_get(EspTrack *t, bool ah, uint32_t spi, bool *has_key_out);
void esp_track_set_has_key(EspTrack *t, bool ah, uint32_t spi, bool has_key);
uint64_t esp_track_evicted(const EspTrack *t);
/* SPIs that carried packets but had no key while keys were loaded:
 * "0x... (N packets)" lines, g_malloc'ed ("" when none). */
char *esp_track_report_unkeyed(const EspTrack *t);

/* Hex text of bytes into buf (2n+1 bytes). */
void keyring_hex(const uint8_t *p, size_t n, char *buf);

#endif
