/*
 * render.c - packet renderings for `ikescope dissect`.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "render.h"

static void fmt_endpoint(const Packet *pkt, bool src, char *buf, size_t size)
{
	const PacketSummary *s = &pkt->sum;
	if (s->ip.af) {
		fmt_ip_addr(s->ip.af, src ? s->ip.src : s->ip.dst, buf, size);
	} else if (s->layers & LAYER_ETH) {
		const uint8_t *a = src ? s->eth_src : s->eth_dst;
		snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
	} else {
		buf[0] = '\0';
	}
}

void render_summary_line(FILE *out, const Packet *pkt, int64_t rel_ns, bool nano)
{
	char src[64], dst[64];
	fmt_endpoint(pkt, true, src, sizeof(src));
	fmt_endpoint(pkt, false, dst, sizeof(dst));
	const char *sign = rel_ns < 0 ? "-" : "";
	int64_t a = rel_ns < 0 ? -rel_ns : rel_ns;
	char t[40];
	if (nano)
		snprintf(t, sizeof(t), "%s%" PRId64 ".%09" PRId64, sign, a / 1000000000, a % 1000000000);
	else
		snprintf(t, sizeof(t), "%s%" PRId64 ".%06" PRId64, sign, a / 1000000000, (a % 1000000000) / 1000);
	fprintf(out, "%5" PRIu64 " %12s %15s \xe2\x86\x92 %-15s %-8s %5u %s\n", pkt->number, t, src, dst,
		pkt->proto ? pkt->proto : "", pkt->len, pkt->info);
}

typedef struct {
	FILE *out;
	bool show_abbrev;
	char buf[1024];
} TreeCtx;

static bool tree_line(const TreeNode *n, unsigned depth, void *user)
{
	TreeCtx *tc = user;
	for (const TreeNode *p = n; p; p = p->parent)
		if (p->flags & NODE_HIDDEN)
			return true;
	tree_node_label(n, tc->buf, sizeof(tc->buf));
	fprintf(tc->out, "%*s%s", (int)depth * 4, "", tc->buf);
	if (tc->show_abbrev && n->f && !(n->flags & NODE_EXPERT) && n->f->type != FT_PROTOCOL)
		fprintf(tc->out, "  [%s]", n->f->abbrev);
	if (n->flags & NODE_TRUNCATED)
		fputs(" [truncated]", tc->out);
	fputc('\n', tc->out);
	return true;
}

void render_tree(FILE *out, const Packet *pkt, bool show_abbrev)
{
	TreeCtx tc = { out, show_abbrev, "" };
	tree_walk(pkt->tree, tree_line, &tc);
}

static void hex_block(FILE *out, const uint8_t *d, size_t n)
{
	for (size_t off = 0; off < n; off += 16) {
		fprintf(out, "%04zx  ", off);
		for (size_t i = 0; i < 16; i++) {
			if (off + i < n)
				fprintf(out, "%02x ", d[off + i]);
			else
				fputs("   ", out);
			if (i == 7)
				fputc(' ', out);
		}
		fputs("  ", out);
		for (size_t i = 0; i < 16 && off + i < n; i++) {
			uint8_t ch = d[off + i];
			fputc(ch >= 0x20 && ch < 0x7f ? ch : '.', out);
		}
		fputc('\n', out);
	}
}

void render_hex(FILE *out, const Packet *pkt)
{
	hex_block(out, pkt->data, pkt->caplen);
	for (size_t s = 1; s < sizeof(pkt->sources) / sizeof(pkt->sources[0]); s++) {
		if (!pkt->sources[s].data)
			continue;
		fprintf(out, "%s (%zu bytes):\n", pkt->sources[s].name, pkt->sources[s].len);
		hex_block(out, pkt->sources[s].data, pkt->sources[s].len);
	}
}

typedef struct {
	const FieldDef *want;
	FILE *out;
	char sep;
	unsigned count;
	char buf[4096];
} FieldCtx;

static bool field_visit(const TreeNode *n, unsigned depth, void *user)
{
	(void)depth;
	FieldCtx *fc = user;
	if (n->f != fc->want || (n->flags & NODE_EXPERT))
		return true;
	tree_node_field_text(n, fc->buf, sizeof(fc->buf));
	if (fc->count++)
		fputc(fc->sep, fc->out);
	fputs(fc->buf, fc->out);
	return true;
}

void render_fields(FILE *out, const Packet *pkt, const FieldList *fl)
{
	FieldCtx fc;
	fc.out = out;
	fc.sep = fl->occurrence_sep ? fl->occurrence_sep : ',';
	for (size_t i = 0; i < fl->n; i++) {
		if (i)
			fputc('\t', out);
		fc.want = fl->defs[i];
		fc.count = 0;
		tree_walk(pkt->tree, field_visit, &fc);
	}
	fputc('\n', out);
}
