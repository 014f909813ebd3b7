/*
 * dns.c - DNS (RFC 1035) over UDP, and over TCP with its length prefix
 * (RFC 1035 4.2.2, RFC 7766).
 *
 * Header (RFC 1035 4.1.1):
 *                                  1  1  1  1  1  1
 *    0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                      ID                       |
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |            QDCOUNT / ANCOUNT / NSCOUNT / ARCOUNT
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * Question: QNAME | QTYPE 2 | QCLASS 2
 * Resource record (4.1.3): NAME | TYPE 2 | CLASS 2 | TTL 4 | RDLENGTH 2 | RDATA
 *
 * Names (4.1.4) are labels (length byte 0..63, then bytes) ending with a
 * zero byte or a compression pointer (two bytes, top bits 11, 14-bit offset
 * from the message start).  Here every pointer must go strictly backwards
 * from the start of the label run it ends, so a name can never loop; the
 * expanded name is capped at 255 characters.  Names are shown as tshark 4.0
 * shows them: "<Root>" for the root, control bytes as \ooo (\t, \n ...),
 * invalid UTF-8 as U+FFFD.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "protos.h"

#define DNS_HDR_LEN 12
#define DNS_MAX_NAME 255      /* expanded name length (RFC 1035 2.3.4) */
#define DNS_MAX_JUMPS 64      /* compression pointers followed in one name */
#define DNS_MAX_RECORDS 256   /* questions + records dissected per message */
#define DNS_TCP_MAX_MESSAGES 16

/* ---- value tables --------------------------------------------------- */

static const ValueString dns_type_vals[] = {
	{ 0, "Unused" },
	{ 1, "A (Host Address)" },
	{ 2, "NS (authoritative Name Server)" },
	{ 3, "MD (Mail Destination)" },
	{ 4, "MF (Mail Forwarder)" },
	{ 5, "CNAME (Canonical NAME for an alias)" },
	{ 6, "SOA (Start Of a zone of Authority)" },
	{ 7, "MB (MailBox domain name)" },
	{ 8, "MG (Mail Group member)" },
	{ 9, "MR (Mail Rename domain)" },
	{ 10, "NULL RR" },
	{ 11, "WKS (Well Known Service)" },
	{ 12, "PTR (domain name PoinTeR)" },
	{ 13, "HINFO (host information)" },
	{ 14, "MINFO (Mailbox or mail list information)" },
	{ 15, "MX (Mail eXchange)" },
	{ 16, "TXT (Text strings)" },
	{ 17, "RP (Responsible Person)" },
	{ 18, "AFSDB (AFS Data Base location)" },
	{ 19, "X25 (XX.25 PSDN address)" },
	{ 20, "ISDN (ISDN address)" },
	{ 21, "RT (Route Through)" },
	{ 22, "NSAP (NSAP address)" },
	{ 23, "NSAP-PTR (NSAP domain name pointer)" },
	{ 24, "SIG (security signature)" },
	{ 25, "KEY (security key)" },
	{ 26, "PX (X.400 mail mapping information)" },
	{ 27, "GPOS (Geographical Position)" },
	{ 28, "AAAA (IPv6 Address)" },
	{ 29, "LOC (Location Information)" },
	{ 30, "NXT (Next Domain)" },
	{ 31, "EID (Endpoint Identifier)" },
	{ 32, "NIMLOC (Nimrod Locator)" },
	{ 33, "SRV (Server Selection)" },
	{ 34, "ATMA (ATM Address)" },
	{ 35, "NAPTR (Naming Authority Pointer)" },
	{ 36, "KX (Key Exchanger)" },
	{ 37, "CERT" },
	{ 38, "A6 (OBSOLETE - use AAAA)" },
	{ 39, "DNAME" },
	{ 40, "SINK" },
	{ 41, "OPT" },
	{ 42, "APL" },
	{ 43, "DS (Delegation Signer)" },
	{ 44, "SSHFP (SSH Key Fingerprint)" },
	{ 45, "IPSECKEY" },
	{ 46, "RRSIG (Resource Record Signature)" },
	{ 47, "NSEC (Next Secure)" },
	{ 48, "DNSKEY (DNS Public Key)" },
	{ 49, "DHCID" },
	{ 50, "NSEC3" },
	{ 51, "NSEC3PARAM" },
	{ 52, "TLSA" },
	{ 55, "HIP (Host Identity Protocol)" },
	{ 57, "RKEY" },
	{ 58, "TALINK (Trust Anchor LINK)" },
	{ 59, "CDS (Child DS)" },
	{ 60, "CDNSKEY (DNSKEY(s) the Child wants reflected in DS)" },
	{ 61, "OPENPGPKEY (OpenPGP Key)" },
	{ 62, "CSYNC (Child-to-Parent Synchronization)" },
	{ 63, "ZONEMD" },
	{ 64, "SVCB (General Purpose Service Endpoints)" },
	{ 65, "HTTPS (HTTPS Specific Service Endpoints)" },
	{ 99, "SPF" },
	{ 100, "UINFO" },
	{ 101, "UID" },
	{ 102, "GID" },
	{ 103, "UNSPEC" },
	{ 104, "NID (NodeID)" },
	{ 105, "L32 (Locator32)" },
	{ 106, "L64 (Locator64)" },
	{ 107, "LP (Locator FQDN)" },
	{ 108, "EUI48" },
	{ 109, "EUI64" },
	{ 249, "TKEY (Transaction Key)" },
	{ 250, "TSIG (Transaction Signature)" },
	{ 251, "IXFR (incremental transfer)" },
	{ 252, "AXFR (transfer of an entire zone)" },
	{ 253, "MAILB (mailbox-related RRs)" },
	{ 254, "MAILA (mail agent RRs)" },
	{ 255, "* (A request for all records the server/cache has available)" },
	{ 256, "URI" },
	{ 257, "CAA (Certification Authority Restriction)" },
	{ 32768, "TA (DNSSEC Trust Authorities)" },
	{ 32769, "DLV (DNSSEC Lookaside Validation)" },
	{ 0, NULL },
};

static const ValueString dns_class_vals[] = {
	{ 1, "IN" },
	{ 2, "CS" },
	{ 3, "CH" },
	{ 4, "HS" },
	{ 254, "NONE" },
	{ 255, "ANY" },
	{ 0, NULL },
};

static const ValueString dns_opcode_vals[] = {
	{ 0, "Standard query" },
	{ 1, "Inverse query" },
	{ 2, "Server status request" },
	{ 4, "Zone change notification" },
	{ 5, "Dynamic update" },
	{ 6, "DNS Stateful operations (DSO)" },
	{ 0, NULL },
};

static const ValueString dns_rcode_vals[] = {
	{ 0, "No error" },
	{ 1, "Format error" },
	{ 2, "Server failure" },
	{ 3, "No such name" },
	{ 4, "Not implemented" },
	{ 5, "Refused" },
	{ 6, "Name exists" },
	{ 7, "RRset exists" },
	{ 8, "RRset does not exist" },
	{ 9, "Not authoritative" },
	{ 10, "Name out of zone" },
	{ 11, "DSO-Type not implemented" },
	{ 0, NULL },
};

/* ---- fields --------------------------------------------------------- */

enum {
	F_DNS,
	F_DNS_LENGTH,
	F_DNS_ID,
	F_DNS_FLAGS,
	F_DNS_FLAGS_RESPONSE,
	F_DNS_FLAGS_OPCODE,
	F_DNS_FLAGS_AUTHORITATIVE,
	F_DNS_FLAGS_TRUNCATED,
	F_DNS_FLAGS_RECDESIRED,
	F_DNS_FLAGS_RECAVAIL,
	F_DNS_FLAGS_Z,
	F_DNS_FLAGS_AUTHENTICATED,
	F_DNS_FLAGS_CHECKDISABLE,
	F_DNS_FLAGS_RCODE,
	F_DNS_COUNT_QUERIES,
	F_DNS_COUNT_ANSWERS,
	F_DNS_COUNT_AUTH_RR,
	F_DNS_COUNT_ADD_RR,
	F_DNS_COUNT_ZONES,
	F_DNS_COUNT_PREREQ,
	F_DNS_COUNT_UPDATES,
	F_DNS_QRY_NAME,
	F_DNS_QRY_NAME_LEN,
	F_DNS_COUNT_LABELS,
	F_DNS_QRY_TYPE,
	F_DNS_QRY_CLASS,
	F_DNS_RESP_NAME,
	F_DNS_RESP_TYPE,
	F_DNS_RESP_CLASS,
	F_DNS_RESP_TTL,
	F_DNS_RESP_LEN,
	F_DNS_A,
	F_DNS_AAAA,
	F_DNS_CNAME,
	F_DNS_NS,
	F_DNS_PTR,
	F_DNS_MX_PREF,
	F_DNS_MX,
	F_DNS_TXT_LEN,
	F_DNS_TXT,
	F_DNS_SOA_MNAME,
	F_DNS_SOA_RNAME,
	F_DNS_SOA_SERIAL,
	F_DNS_SOA_REFRESH,
	F_DNS_SOA_RETRY,
	F_DNS_SOA_EXPIRE,
	F_DNS_SOA_MINIMUM,
	F_DNS_RR_UDP_SIZE,
	F_DNS_RESP_EXT_RCODE,
	F_DNS_RESP_EDNS0_VERSION,
	F_DNS_RESP_Z,
	F_DNS_DATA,
	F_DNS__COUNT
};

static const FieldDef dns_fields[F_DNS__COUNT] = {
	[F_DNS] = { "dns", "Domain Name System", FT_PROTOCOL, BASE_NONE, NULL, 0, NULL },
	[F_DNS_LENGTH] = { "dns.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_ID] = { "dns.id", "Transaction ID", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_DNS_FLAGS] = { "dns.flags", "Flags", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_DNS_FLAGS_RESPONSE] = { "dns.flags.response", "Response", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_DNS_FLAGS_OPCODE] = { "dns.flags.opcode", "Opcode", FT_UINT16, BASE_DEC, dns_opcode_vals, 0x7800, NULL },
	[F_DNS_FLAGS_AUTHORITATIVE] = { "dns.flags.authoritative", "Authoritative", FT_BOOLEAN, BASE_NONE, NULL,
					0x0400, NULL },
	[F_DNS_FLAGS_TRUNCATED] = { "dns.flags.truncated", "Truncated", FT_BOOLEAN, BASE_NONE, NULL, 0x0200, NULL },
	[F_DNS_FLAGS_RECDESIRED] = { "dns.flags.recdesired", "Recursion desired", FT_BOOLEAN, BASE_NONE, NULL,
				     0x0100, NULL },
	[F_DNS_FLAGS_RECAVAIL] = { "dns.flags.recavail", "Recursion available", FT_BOOLEAN, BASE_NONE, NULL, 0x0080,
				   NULL },
	[F_DNS_FLAGS_Z] = { "dns.flags.z", "Z", FT_BOOLEAN, BASE_NONE, NULL, 0x0040, NULL },
	[F_DNS_FLAGS_AUTHENTICATED] = { "dns.flags.authenticated", "Answer authenticated", FT_BOOLEAN, BASE_NONE,
					NULL, 0x0020, NULL },
	[F_DNS_FLAGS_CHECKDISABLE] = { "dns.flags.checkdisable", "Non-authenticated data", FT_BOOLEAN, BASE_NONE,
				       NULL, 0x0010, NULL },
	[F_DNS_FLAGS_RCODE] = { "dns.flags.rcode", "Reply code", FT_UINT16, BASE_DEC, dns_rcode_vals, 0x000f, NULL },
	[F_DNS_COUNT_QUERIES] = { "dns.count.queries", "Questions", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_ANSWERS] = { "dns.count.answers", "Answer RRs", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_AUTH_RR] = { "dns.count.auth_rr", "Authority RRs", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_ADD_RR] = { "dns.count.add_rr", "Additional RRs", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_ZONES] = { "dns.count.zones", "Zones", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_PREREQ] = { "dns.count.prerequisites", "Prerequisites", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_UPDATES] = { "dns.count.updates", "Updates", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_QRY_NAME] = { "dns.qry.name", "Name", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_QRY_NAME_LEN] = { "dns.qry.name.len", "Name Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_COUNT_LABELS] = { "dns.count.labels", "Label Count", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_QRY_TYPE] = { "dns.qry.type", "Type", FT_UINT16, BASE_DEC, dns_type_vals, 0, NULL },
	[F_DNS_QRY_CLASS] = { "dns.qry.class", "Class", FT_UINT16, BASE_HEX, dns_class_vals, 0, NULL },
	[F_DNS_RESP_NAME] = { "dns.resp.name", "Name", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_RESP_TYPE] = { "dns.resp.type", "Type", FT_UINT16, BASE_DEC, dns_type_vals, 0, NULL },
	[F_DNS_RESP_CLASS] = { "dns.resp.class", "Class", FT_UINT16, BASE_HEX, dns_class_vals, 0, NULL },
	[F_DNS_RESP_TTL] = { "dns.resp.ttl", "Time to live", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DNS_RESP_LEN] = { "dns.resp.len", "Data length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_A] = { "dns.a", "Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_DNS_AAAA] = { "dns.aaaa", "AAAA Address", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_DNS_CNAME] = { "dns.cname", "CNAME", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_NS] = { "dns.ns", "Name Server", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_PTR] = { "dns.ptr.domain_name", "Domain Name", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_MX_PREF] = { "dns.mx.preference", "Preference", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_MX] = { "dns.mx.mail_exchange", "Mail Exchange", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_TXT_LEN] = { "dns.txt.length", "TXT Length", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_DNS_TXT] = { "dns.txt", "TXT", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_SOA_MNAME] = { "dns.soa.mname", "Primary name server", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_DNS_SOA_RNAME] = { "dns.soa.rname", "Responsible authority's mailbox", FT_STRING, BASE_NONE, NULL, 0,
			      NULL },
	[F_DNS_SOA_SERIAL] = { "dns.soa.serial_number", "Serial Number", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DNS_SOA_REFRESH] = { "dns.soa.refresh_interval", "Refresh Interval", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DNS_SOA_RETRY] = { "dns.soa.retry_interval", "Retry Interval", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DNS_SOA_EXPIRE] = { "dns.soa.expire_limit", "Expire limit", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DNS_SOA_MINIMUM] = { "dns.soa.minimum_ttl", "Minimum TTL", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DNS_RR_UDP_SIZE] = { "dns.rr.udp_payload_size", "UDP payload size", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DNS_RESP_EXT_RCODE] = { "dns.resp.ext_rcode", "Higher bits in extended RCODE", FT_UINT8, BASE_HEX, NULL, 0,
				   NULL },
	[F_DNS_RESP_EDNS0_VERSION] = { "dns.resp.edns0_version", "EDNS0 version", FT_UINT8, BASE_DEC, NULL, 0,
				       NULL },
	[F_DNS_RESP_Z] = { "dns.resp.z", "Z", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_DNS_DATA] = { "dns.data", "Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
};

const FieldTable dns_field_table = { "dns", dns_fields, F_DNS__COUNT };

/* ---- names ---------------------------------------------------------- */

enum {
	NAME_OK,
	NAME_LOOP,      /* a pointer that does not go backwards */
	NAME_TOO_LONG,  /* more than DNS_MAX_NAME characters */
	NAME_BAD_LABEL, /* label type 01 or 10 (RFC 6891 / reserved) */
	NAME_CUT,       /* the bytes ran out (err says how) */
};

typedef struct {
	uint8_t raw[DNS_MAX_NAME + 1]; /* labels joined by '.', may hold NULs */
	size_t raw_len;
	size_t used;   /* bytes of the name at its own position */
	int status;    /* NAME_* */
	uint8_t err;   /* CUR_* when NAME_CUT */
	char text[DNS_MAX_NAME * 4 + 64]; /* as tshark shows it */
	size_t text_len;
} DnsName;

/* Read n bytes at message position pos, without moving m.  On failure,
 * *err says whether the bytes were merely not captured or not there. */
static const uint8_t *dns_peek(const Cursor *m, size_t pos, size_t n, uint8_t *err)
{
	Cursor k = *m;
	k.err = 0;
	if (pos > k.cap) {
		*err |= pos + n <= k.wire ? CUR_TRUNCATED : CUR_MALFORMED;
		return NULL;
	}
	k.off = pos;
	const uint8_t *p = cur_bytes(&k, n);
	if (!p)
		*err |= k.err;
	return p;
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t dns_utf8_len(const uint8_t *p, size_t n)
{
	size_t len;
	uint32_t cp;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1fu;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0fu;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07u;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return len;
}

/* tshark 4.0's rendering of raw name bytes (format_text): printable ASCII
 * and valid UTF-8 as is, C escapes for \a\b\f\n\r\t\v, other control bytes
 * as \ooo, invalid UTF-8 as U+FFFD. */
static size_t dns_format_text(const uint8_t *s, size_t n, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 8 < size;) {
		uint8_t b = s[i];
		if (b >= 0x20 && b < 0x7f) {
			out[o++] = (char)b;
			i++;
			continue;
		}
		if (b >= 0x80) {
			size_t ul = dns_utf8_len(s + i, n - i);
			if (ul) {
				memcpy(out + o, s + i, ul);
				o += ul;
				i += ul;
			} else {
				memcpy(out + o, "\xef\xbf\xbd", 3);
				o += 3;
				i++;
			}
			continue;
		}
		static const char esc[] = { 'a', 'b', 't', 'n', 'v', 'f', 'r' }; /* 7..13 */
		if (b >= 7 && b <= 13)
			o += (size_t)snprintf(out + o, size - o, "\\%c", esc[b - 7]);
		else
			o += (size_t)snprintf(out + o, size - o, "\\%03o", b);
		i++;
	}
	out[o] = '\0';
	return o;
}

static void dns_name_special(DnsName *nm, const char *s)
{
	nm->text_len = (size_t)snprintf(nm->text, sizeof(nm->text), "%s", s);
}

/*
 * Expand the name at message position pos.  Labels:
 *   00xxxxxx  a label of that many bytes (0: the end of the name)
 *   11xxxxxx xxxxxxxx  a pointer to a message offset
 *   01xxxxxx, 10xxxxxx  extended / reserved: not decodable
 * A pointer must point before the start of the label run that contains it,
 * so positions strictly decrease from jump to jump: no loop is possible.
 */
static void dns_name_read(const Cursor *m, size_t pos, DnsName *nm, bool want_text)
{
	size_t start = pos; /* start of the current label run */
	bool jumped = false;
	unsigned jumps = 0;
	nm->raw_len = 0;
	nm->used = 0;
	nm->status = NAME_OK;
	nm->err = 0;
	for (;;) {
		const uint8_t *b = dns_peek(m, pos, 1, &nm->err);
		if (!b) {
			nm->status = NAME_CUT;
			return;
		}
		uint8_t len = b[0];
		if (len == 0) {
			if (!jumped)
				nm->used = pos + 1 - start;
			break;
		}
		if ((len & 0xc0) == 0xc0) {
			const uint8_t *p = dns_peek(m, pos, 2, &nm->err);
			if (!p) {
				nm->status = NAME_CUT;
				return;
			}
			size_t target = (size_t)(p[0] & 0x3f) << 8 | p[1];
			if (!jumped)
				nm->used = pos + 2 - start;
			jumped = true;
			if (target >= start || ++jumps > DNS_MAX_JUMPS) {
				nm->status = NAME_LOOP;
				break;
			}
			pos = start = target;
			continue;
		}
		if (len & 0xc0) {
			nm->status = NAME_BAD_LABEL;
			return;
		}
		const uint8_t *lab = dns_peek(m, pos + 1, len, &nm->err);
		if (!lab) {
			nm->status = NAME_CUT;
			return;
		}
		size_t need = (nm->raw_len ? 1u : 0u) + len;
		if (nm->status == NAME_OK && nm->raw_len + need <= DNS_MAX_NAME) {
			if (want_text) {
				if (nm->raw_len)
					nm->raw[nm->raw_len] = '.';
				memcpy(nm->raw + nm->raw_len + (nm->raw_len ? 1u : 0u), lab, len);
			}
			nm->raw_len += need;
		} else {
			nm->status = NAME_TOO_LONG; /* keep walking to find the end */
		}
		pos += 1u + len;
	}
	if (!want_text) {
		/* summary only: the walk checked the name; raw and text stay empty */
		nm->text[0] = '\0';
		nm->text_len = 0;
		return;
	}
	if (nm->status == NAME_LOOP)
		dns_name_special(nm, "<Name contains a pointer that loops>");
	else if (nm->status == NAME_TOO_LONG)
		dns_name_special(nm, "<Name too long>");
	else if (nm->raw_len == 0)
		dns_name_special(nm, "<Root>");
	else
		nm->text_len = dns_format_text(nm->raw, nm->raw_len, nm->text, sizeof(nm->text));
}

/* tshark's "Name Length" and "Label Count": the length of the name string
 * (0 for a one-character name) and its dots plus one. */
static void dns_name_counts(const DnsName *nm, unsigned *len, unsigned *labels)
{
	const uint8_t *s = nm->raw;
	size_t n = nm->raw_len;
	if (nm->status != NAME_OK || n == 0) {
		s = (const uint8_t *)nm->text;
		n = nm->text_len;
	}
	*len = n > 1 ? (unsigned)n : 0;
	*labels = 0;
	if (n > 1) {
		unsigned dots = 0;
		for (size_t i = 0; i < n; i++)
			dots += s[i] == '.';
		*labels = dots + 1;
	}
}

/* ---- message state -------------------------------------------------- */

typedef struct {
	Packet *pkt;
	Cursor *m;     /* the message: position 0 is the ID */
	TreeNode *top; /* the dns node */
	bool summarise;
	bool answer_seen;
	bool text;     /* a tree or the info column is wanted: format text */
	char info[320];
	size_t info_len;
} DnsMsg;

static void dns_info_add(DnsMsg *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void dns_info_add(DnsMsg *d, const char *fmt, ...)
{
	if (!d->text || d->info_len >= sizeof(d->info) - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(d->info + d->info_len, sizeof(d->info) - d->info_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->info_len += (size_t)n;
	if (d->info_len > sizeof(d->info) - 1)
		d->info_len = sizeof(d->info) - 1;
}

/* The short type name of the info column: "A", "NULL", "ANY", "Unknown (n)". */
static const char *dns_type_short(uint16_t type, char *buf, size_t size)
{
	if (type == 10)
		return "NULL";
	if (type == 255)
		return "ANY";
	const char *s = vs_lookup(dns_type_vals, type);
	if (!s) {
		snprintf(buf, size, "Unknown (%u)", type);
		return buf;
	}
	const char *sp = strstr(s, " (");
	size_t n = sp ? (size_t)(sp - s) : strlen(s);
	snprintf(buf, size, "%.*s", (int)n, s);
	return buf;
}

/* "5 minutes", "3 days, 1 hour, 1 minute, 1 second", as tshark. */
static void dns_ttl_text(uint32_t secs, char *buf, size_t size)
{
	static const struct {
		uint32_t unit;
		const char *name;
	} units[] = { { 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" } };
	size_t o = 0;
	if (secs == 0) {
		snprintf(buf, size, "0 seconds");
		return;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint32_t v = secs / units[i].unit;
		secs %= units[i].unit;
		if (v && o < size)
			o += (size_t)snprintf(buf + o, size - o, "%s%u %s%s", o ? ", " : "", v, units[i].name,
					      v == 1 ? "" : "s");
	}
}

/* Report a name problem as an event; true when the message cannot go on. */
static bool dns_name_problem(DnsMsg *d, const DnsName *nm, TreeNode *node)
{
	switch (nm->status) {
	case NAME_LOOP:
		pkt_event(d->pkt, EV_DNS_NAME_LOOP, d->m, node);
		return false;
	case NAME_TOO_LONG:
		pkt_event(d->pkt, EV_DNS_NAME_TOO_LONG, d->m, node);
		return false;
	case NAME_BAD_LABEL:
		pkt_event(d->pkt, EV_DNS_BAD_LABEL, d->m, node);
		d->m->err |= CUR_MALFORMED;
		return true;
	case NAME_CUT:
		d->m->err |= nm->err ? nm->err : CUR_MALFORMED;
		return true;
	default:
		return false;
	}
}

/* A name inside RDATA (CNAME, NS, PTR, MX, SOA): read at message
 * position pos; returns false when the message cannot go on. */
static bool dns_rdata_name(DnsMsg *d, size_t pos, size_t end, DnsName *nm, TreeNode *rr, const FieldDef *f)
{
	dns_name_read(d->m, pos, nm, d->text);
	if (dns_name_problem(d, nm, rr))
		return false;
	if (pos + nm->used > end) {
		d->m->err |= CUR_MALFORMED;
		return false;
	}
	tree_add_string(rr, f, d->m, pos, nm->used, nm->text);
	return true;
}

/* ENC_ASCII strings (TXT): bytes >= 0x80 become U+FFFD, the rest as is. */
static void dns_ascii_text(const uint8_t *s, size_t n, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < size; i++) {
		if (s[i] >= 0x80) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
		} else {
			out[o++] = (char)s[i];
		}
	}
	out[o] = '\0';
}

/*
 * RDATA by type (RFC 1035 3.3, RFC 3596, RFC 6891):
 *   A: address 4 | AAAA: address 16 | NS, CNAME, PTR: name |
 *   MX: preference 2, name | TXT: (length 1, text)* |
 *   SOA: mname, rname, serial 4, refresh 4, retry 4, expire 4, minimum 4
 * Others are shown as data.  Returns false when the message cannot go on.
 */
static bool dns_rdata(DnsMsg *d, TreeNode *rr, uint16_t type, size_t rpos, uint16_t rdlen, int section,
		      const char *tshort)
{
	Cursor rd = cur_sub(d->m, rdlen);
	size_t end = rpos + rdlen;
	DnsName nm;
	char a[64];
	switch (type) {
	case 1:
	case 28: {
		size_t alen = type == 1 ? 4 : 16;
		uint8_t addr[16];
		if (rdlen != alen || !cur_copy(&rd, addr, alen))
			break;
		int af = type == 1 ? 4 : 6;
		tree_add_addr(rr, &dns_fields[type == 1 ? F_DNS_A : F_DNS_AAAA], &rd, 0, alen, addr);
		if (d->text) {
			fmt_ip_addr(af, addr, a, sizeof(a));
			tree_append_text(rr, ", addr %s", a);
			dns_info_add(d, " %s %s", tshort, a);
		}
		if (d->summarise && section == 1 && !d->answer_seen) {
			d->answer_seen = true;
			d->pkt->sum.dns.answer_af = (uint8_t)af;
			memset(d->pkt->sum.dns.answer, 0, sizeof(d->pkt->sum.dns.answer));
			memcpy(d->pkt->sum.dns.answer, addr, alen);
		}
		return true;
	}
	case 2:
	case 5:
	case 12: {
		int f = type == 2 ? F_DNS_NS : type == 5 ? F_DNS_CNAME : F_DNS_PTR;
		if (!dns_rdata_name(d, rpos, end, &nm, rr, &dns_fields[f]))
			return !cur_failed(d->m);
		if (type == 12)
			tree_append_text(rr, ", %s", nm.text);
		else
			tree_append_text(rr, ", %s %s", type == 2 ? "ns" : "cname", nm.text);
		dns_info_add(d, " %s %s", tshort, nm.text);
		return true;
	}
	case 15: {
		uint16_t pref = cur_be16(&rd);
		if (cur_failed(&rd))
			break;
		tree_add_uint(rr, &dns_fields[F_DNS_MX_PREF], &rd, 0, 2, pref);
		if (!dns_rdata_name(d, rpos + 2, end, &nm, rr, &dns_fields[F_DNS_MX]))
			return !cur_failed(d->m);
		tree_append_text(rr, ", preference %u, mx %s", pref, nm.text);
		dns_info_add(d, " %s %u %s", tshort, pref, nm.text);
		return true;
	}
	case 16:
		while (cur_wire_left(&rd) > 0) {
			size_t sat = cur_off(&rd);
			uint8_t slen = cur_u8(&rd);
			const uint8_t *s = cur_bytes(&rd, slen);
			if (!s)
				break;
			tree_add_uint(rr, &dns_fields[F_DNS_TXT_LEN], &rd, sat, 1, slen);
			if (rr) {
				char txt[256 * 3 + 1];
				dns_ascii_text(s, slen, txt, sizeof(txt));
				tree_add_string(rr, &dns_fields[F_DNS_TXT], &rd, sat + 1, slen, txt);
			}
		}
		dns_info_add(d, " %s", tshort);
		if (cur_failed(&rd))
			break;
		return true;
	case 6: {
		if (!dns_rdata_name(d, rpos, end, &nm, rr, &dns_fields[F_DNS_SOA_MNAME]))
			return !cur_failed(d->m);
		tree_append_text(rr, ", mname %s", nm.text);
		dns_info_add(d, " %s %s", tshort, nm.text);
		size_t p = rpos + nm.used;
		if (!dns_rdata_name(d, p, end, &nm, rr, &dns_fields[F_DNS_SOA_RNAME]))
			return !cur_failed(d->m);
		p += nm.used;
		if (p + 20 > end)
			break;
		cur_skip(&rd, p - rpos);
		static const int tf[] = { F_DNS_SOA_SERIAL, F_DNS_SOA_REFRESH, F_DNS_SOA_RETRY, F_DNS_SOA_EXPIRE,
					  F_DNS_SOA_MINIMUM };
		for (size_t i = 0; i < 5; i++) {
			size_t vat = cur_off(&rd);
			uint32_t v = cur_be32(&rd);
			if (cur_failed(&rd))
				break;
			TreeNode *n = tree_add_uint(rr, &dns_fields[tf[i]], &rd, vat, 4, v);
			if (n && i > 0) {
				char tt[96];
				dns_ttl_text(v, tt, sizeof(tt));
				tree_set_text(n, "%u (%s)", v, tt);
			}
		}
		if (cur_failed(&rd))
			break;
		return true;
	}
	default:
		dns_info_add(d, " %s", tshort);
		if (rdlen > 0)
			tree_add_bytes(rr, &dns_fields[F_DNS_DATA], &rd, 0, rdlen);
		if (cur_left(&rd) < rdlen) {
			rd.err |= CUR_TRUNCATED;
			break;
		}
		return true;
	}
	/* the RDATA did not hold what its type needs */
	if (rd.err)
		d->m->err |= rd.err;
	else
		tree_add_text(rr, &rd, 0, rdlen, "[Malformed RDATA for this type]");
	return !cur_failed(d->m);
}

/* Flags subtree; tshark shows AA, RA, AD and RCODE only in responses
 * (AD in a query only when set). */
static void dns_flags_tree(TreeNode *t, const Cursor *m, uint16_t flags)
{
	bool resp = flags & 0x8000;
	unsigned op = (flags >> 11) & 0xf;
	unsigned rc = flags & 0xf;
	TreeNode *f = tree_add_uint(t, &dns_fields[F_DNS_FLAGS], m, 2, 2, flags);
	if (!f)
		return;
	const char *opn = vs_name(dns_opcode_vals, op, "Unknown operation");
	if (resp)
		tree_set_text(f, "0x%04x %s response, %s", flags, opn, vs_name(dns_rcode_vals, rc, "Unknown error"));
	else
		tree_set_text(f, "0x%04x %s", flags, opn);
	tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_RESPONSE], m, 2, 2, flags), "%s",
		      resp ? "Message is a response" : "Message is a query");
	tree_add_uint(f, &dns_fields[F_DNS_FLAGS_OPCODE], m, 2, 2, flags);
	if (resp)
		tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_AUTHORITATIVE], m, 2, 2, flags), "%s",
			      flags & 0x0400 ? "Server is an authority for domain"
					     : "Server is not an authority for domain");
	tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_TRUNCATED], m, 2, 2, flags), "%s",
		      flags & 0x0200 ? "Message is truncated" : "Message is not truncated");
	tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_RECDESIRED], m, 2, 2, flags), "%s",
		      flags & 0x0100 ? "Do query recursively" : "Don't do query recursively");
	if (resp)
		tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_RECAVAIL], m, 2, 2, flags), "%s",
			      flags & 0x0080 ? "Server can do recursive queries"
					     : "Server can't do recursive queries");
	tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_Z], m, 2, 2, flags), "reserved (%u)",
		      (flags >> 6) & 1);
	if (resp)
		tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_AUTHENTICATED], m, 2, 2, flags), "%s",
			      flags & 0x0020 ? "Answer/authority portion was authenticated by the server"
					     : "Answer/authority portion was not authenticated by the server");
	else if (flags & 0x0020)
		tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_AUTHENTICATED], m, 2, 2, flags), "Set");
	tree_set_text(tree_add_uint(f, &dns_fields[F_DNS_FLAGS_CHECKDISABLE], m, 2, 2, flags), "%s",
		      flags & 0x0010 ? "Acceptable" : "Unacceptable");
	if (resp)
		tree_add_uint(f, &dns_fields[F_DNS_FLAGS_RCODE], m, 2, 2, flags);
}

/* One question (section 0) or resource record (1 answer, 2 authority,
 * 3 additional).  Returns false when the message cannot go on. */
static bool dns_record(DnsMsg *d, TreeNode *sec, int section, bool first)
{
	Cursor *m = d->m;
	size_t at = cur_off(m);
	DnsName nm;
	/* without a tree or info column only the first question's name is
	 * wanted (the summary's qname); the others are only walked */
	dns_name_read(m, at, &nm, d->text || (section == 0 && first && d->summarise));
	if (nm.status == NAME_BAD_LABEL || nm.status == NAME_CUT) {
		dns_name_problem(d, &nm, sec);
		return false;
	}
	TreeNode *rr = tree_add_text(sec, m, at, 0, "%s", nm.text);
	dns_name_problem(d, &nm, rr);
	cur_skip(m, nm.used);
	uint16_t type = cur_be16(m);
	uint16_t cls = cur_be16(m);
	char tb[32];
	/* the summary-only fast path formats no text */
	const char *tshort = d->text ? dns_type_short(type, tb, sizeof(tb)) : "";
	const char *cname = d->text ? vs_lookup(dns_class_vals, cls) : "";
	char cb[24];
	if (!cname) {
		snprintf(cb, sizeof(cb), "Unknown (0x%04x)", cls);
		cname = cb;
	}
	if (section == 0) {
		if (cur_failed(m))
			return false;
		if (rr) {
			unsigned nlen, labels;
			dns_name_counts(&nm, &nlen, &labels);
			tree_set_text(rr, "%s: type %s, class %s", nm.text, tshort, cname);
			tree_add_string(rr, &dns_fields[F_DNS_QRY_NAME], m, at, nm.used, nm.text);
			tree_add_uint(rr, &dns_fields[F_DNS_QRY_NAME_LEN], m, at, nm.used, nlen)->flags |=
				NODE_GENERATED;
			tree_add_uint(rr, &dns_fields[F_DNS_COUNT_LABELS], m, at, nm.used, labels)->flags |=
				NODE_GENERATED;
			tree_add_uint(rr, &dns_fields[F_DNS_QRY_TYPE], m, at + nm.used, 2, type);
			tree_add_uint(rr, &dns_fields[F_DNS_QRY_CLASS], m, at + nm.used + 2, 2, cls);
			tree_set_end(rr, m);
		}
		if (first) {
			dns_info_add(d, " %s %s", tshort, nm.text);
			if (d->summarise) {
				d->pkt->sum.dns.qtype = type;
				char *q = d->pkt->sum.dns.qname;
				size_t qn = nm.text_len < sizeof(d->pkt->sum.dns.qname) - 1 ? nm.text_len
											 : sizeof(d->pkt->sum.dns.qname) - 1;
				memcpy(q, nm.text, qn);
				q[qn] = '\0';
			}
		}
		return true;
	}

	uint32_t ttl = cur_be32(m);
	uint16_t rdlen = cur_be16(m);
	if (cur_failed(m))
		return false;
	size_t fat = at + nm.used;
	if (type == 41) {
		/* OPT (RFC 6891 6.1.2): CLASS = UDP payload size, TTL = extended
		 * RCODE 8 | version 8 | DO 1 | Z 15 */
		tree_set_text(rr, "%s: type %s", nm.text, tshort);
		tree_add_string(rr, &dns_fields[F_DNS_RESP_NAME], m, at, nm.used, nm.text);
		tree_add_uint(rr, &dns_fields[F_DNS_RESP_TYPE], m, fat, 2, type);
		tree_add_uint(rr, &dns_fields[F_DNS_RR_UDP_SIZE], m, fat + 2, 2, cls);
		tree_add_uint(rr, &dns_fields[F_DNS_RESP_EXT_RCODE], m, fat + 4, 1, ttl >> 24);
		tree_add_uint(rr, &dns_fields[F_DNS_RESP_EDNS0_VERSION], m, fat + 5, 1, (ttl >> 16) & 0xff);
		tree_add_uint(rr, &dns_fields[F_DNS_RESP_Z], m, fat + 6, 2, ttl & 0xffff);
	} else {
		tree_set_text(rr, "%s: type %s, class %s", nm.text, tshort, cname);
		tree_add_string(rr, &dns_fields[F_DNS_RESP_NAME], m, at, nm.used, nm.text);
		tree_add_uint(rr, &dns_fields[F_DNS_RESP_TYPE], m, fat, 2, type);
		tree_add_uint(rr, &dns_fields[F_DNS_RESP_CLASS], m, fat + 2, 2, cls);
		TreeNode *tn = tree_add_uint(rr, &dns_fields[F_DNS_RESP_TTL], m, fat + 4, 4, ttl);
		if (tn) {
			char tt[96];
			dns_ttl_text(ttl, tt, sizeof(tt));
			tree_set_text(tn, "%u (%s)", ttl, tt);
		}
	}
	tree_add_uint(rr, &dns_fields[F_DNS_RESP_LEN], m, fat + 8, 2, rdlen);
	bool ok = dns_rdata(d, rr, type, cur_off(m), rdlen, section, tshort);
	tree_set_end(rr, m);
	return ok && !cur_failed(m);
}

/* The TCP length prefix of a message: where it is and what it says. */
typedef struct {
	const Cursor *c;
	size_t at;
	uint16_t len;
} DnsPrefix;

/* Dissect one DNS message; m covers exactly the message (positions in m
 * are message offsets, as compression pointers count them). */
static void dns_message(Packet *pkt, Cursor *m, TreeNode *root, const DnsPrefix *pre)
{
	DnsMsg d;
	memset(&d, 0, sizeof(d));
	d.pkt = pkt;
	d.m = m;
	d.text = root != NULL || pkt_want_info(pkt);
	d.summarise = !pkt->in_error && !(pkt->sum.layers & LAYER_DNS);

	uint16_t id = cur_be16(m);
	uint16_t flags = cur_be16(m);
	uint16_t cnt[4];
	for (int i = 0; i < 4; i++)
		cnt[i] = cur_be16(m);
	bool resp = flags & 0x8000;
	TreeNode *t = pre ? tree_add_at(root, &dns_fields[F_DNS], pre->c, pre->at, 2u + m->wire)
			  : tree_add_at(root, &dns_fields[F_DNS], m, 0, m->wire);
	if (pre)
		tree_add_uint(t, &dns_fields[F_DNS_LENGTH], pre->c, pre->at, 2, pre->len);
	d.top = t;
	tree_set_text(t, "Domain Name System (%s)", resp ? "response" : "query");
	pkt_set_proto(pkt, "DNS");
	if (cur_failed(m)) {
		if (!pkt->in_error)
			pkt_cursor_error(pkt, m, t, "dns");
		return;
	}
	if (d.summarise) {
		pkt->sum.layers |= LAYER_DNS;
		pkt->sum.dns.id = id;
		pkt->sum.dns.flags = flags;
		pkt->sum.dns.response = resp;
		pkt->sum.dns.rcode = flags & 0xf;
		pkt->sum.dns.qtype = 0;
		pkt->sum.dns.ancount = cnt[1];
		pkt->sum.dns.answer_af = 0;
		pkt->sum.dns.qname[0] = '\0';
	}
	if (t) {
		tree_add_uint(t, &dns_fields[F_DNS_ID], m, 0, 2, id);
		dns_flags_tree(t, m, flags);
		/* dynamic update (RFC 2136 2.2) renames the first three counts */
		bool upd = ((flags >> 11) & 0xf) == 5;
		tree_add_uint(t, &dns_fields[upd ? F_DNS_COUNT_ZONES : F_DNS_COUNT_QUERIES], m, 4, 2, cnt[0]);
		tree_add_uint(t, &dns_fields[upd ? F_DNS_COUNT_PREREQ : F_DNS_COUNT_ANSWERS], m, 6, 2, cnt[1]);
		tree_add_uint(t, &dns_fields[upd ? F_DNS_COUNT_UPDATES : F_DNS_COUNT_AUTH_RR], m, 8, 2, cnt[2]);
		tree_add_uint(t, &dns_fields[F_DNS_COUNT_ADD_RR], m, 10, 2, cnt[3]);
	}
	unsigned op = (flags >> 11) & 0xf;
	unsigned rc = flags & 0xf;
	dns_info_add(&d, "%s%s 0x%04x", vs_name(dns_opcode_vals, op, "Unknown operation"), resp ? " response" : "",
		     id);
	if (resp && rc != 0)
		dns_info_add(&d, " %s", vs_name(dns_rcode_vals, rc, "Unknown error"));

	static const char *const sec_names[4] = { "Queries", "Answers", "Authoritative nameservers",
						  "Additional records" };
	unsigned done = 0;
	bool ok = true;
	for (int s = 0; s < 4 && ok; s++) {
		if (cnt[s] == 0)
			continue;
		TreeNode *sec = tree_add_text(t, m, cur_off(m), 0, "%s", sec_names[s]);
		for (unsigned i = 0; i < cnt[s] && ok; i++, done++) {
			if (done == DNS_MAX_RECORDS) {
				pkt_event(pkt, EV_DNS_TOO_MANY_RECORDS, m, sec);
				ok = false;
				break;
			}
			ok = dns_record(&d, sec, s, i == 0);
		}
		tree_set_end(sec, m);
	}
	pkt_info(pkt, "%s", d.info);
	if (cur_failed(m)) {
		if (!pkt->in_error)
			pkt_cursor_error(pkt, m, t, "dns");
		return;
	}
	if (ok && cur_wire_left(m) > 0 && !pkt->in_error) {
		/* bytes after the last record */
		tree_add_text(t, m, cur_off(m), cur_wire_left(m), "Extraneous data (%zu bytes)", cur_wire_left(m));
		if (cur_left(m) < cur_wire_left(m)) {
			pkt->err |= CUR_TRUNCATED;
			pkt_event(pkt, EV_TRUNCATED, m, t);
		}
	}
}

static bool dns_udp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	Cursor m = cur_rest(c);
	dns_message(pkt, &m, root, NULL);
	return true;
}

/*
 * DNS over TCP (RFC 1035 4.2.2): each message is preceded by its length.
 *  | length 2 | message ... | length 2 | message ...
 * A message that continues in the next segment is shown as data.
 */
static bool dns_tcp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	for (unsigned n = 0; cur_wire_left(c) > 0; n++) {
		if (n == DNS_TCP_MAX_MESSAGES) {
			dissect_data(pkt, c, root);
			return true;
		}
		size_t at = cur_off(c);
		uint16_t len = cur_be16(c);
		if (cur_failed(c)) {
			if (!pkt->in_error)
				pkt_cursor_error(pkt, c, root, "dns");
			return true;
		}
		if (len > cur_wire_left(c)) {
			/* the rest of the message is in a later segment */
			TreeNode *t = tree_add_at(root, &dns_fields[F_DNS], c, at, 2 + cur_wire_left(c));
			tree_set_text(t, "Domain Name System (segment of a longer message)");
			tree_add_uint(t, &dns_fields[F_DNS_LENGTH], c, at, 2, len);
			pkt_set_proto(pkt, "DNS");
			pkt_info(pkt, "DNS segment (message of %u bytes)", len);
			dissect_data(pkt, c, t);
			return true;
		}
		DnsPrefix pre = { c, at, len };
		Cursor m = cur_sub(c, len);
		dns_message(pkt, &m, root, &pre);
		if (pkt_cursor_error(pkt, c, root, "dns"))
			return true;
	}
	return true;
}

const Dissector dns_dissector = { "dns", "DNS", dns_udp_dissect };
const Dissector dns_tcp_dissector = { "dns", "DNS", dns_tcp_dissect };
