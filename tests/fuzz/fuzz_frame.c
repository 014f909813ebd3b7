/*
 * fuzz_frame.c - libFuzzer harness over the whole dissection entry point.
 *
 * Input: 1 byte choosing the link type (among those with a dissector),
 * then the frame.  Each input is dissected three times: with a tree and
 * info (every node's text and -T fields text rendered, as `dissect -V`
 * would), on the summary-only fast path, and as a frame cut in half
 * (truncated), all in one context so that reassembly state is exercised
 * across inputs.  ASan/UBSan report any bad read or undefined behaviour.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dissectors/dissect.h"

static const int linktypes[] = { 0, 1, 9, 12, 14, 50, 51, 101, 104, 108, 113, 166, 204, 228, 229, 276 };

static bool render(const TreeNode *n, unsigned depth, void *user)
{
	(void)depth;
	char buf[2048];
	size_t *total = user;
	*total += tree_node_label(n, buf, sizeof(buf));
	*total += tree_node_field_text(n, buf, sizeof(buf));
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static DissectCtx *tree_ctx, *fast_ctx;
	static uint64_t frame;
	if (!tree_ctx) {
		DissectOptions o;
		dissect_options_default(&o);
		o.want_tree = o.want_info = true;
		o.check_ip_checksum = true;
		o.reasm_max_datagrams = 64;
		tree_ctx = dissect_ctx_new(&o);
		dissect_options_default(&o);
		fast_ctx = dissect_ctx_new(&o);
	}
	if (size < 1)
		return 0;
	int lt = linktypes[data[0] % (sizeof(linktypes) / sizeof(linktypes[0]))];
	const uint8_t *f = data + 1;
	uint32_t n = (uint32_t)(size - 1);
	Packet pkt;
	frame++;
	dissect_frame(tree_ctx, &pkt, lt, f, n, n, (int64_t)frame * 1000, frame);
	size_t total = 0;
	tree_walk(pkt.tree, render, &total);
	dissect_frame(fast_ctx, &pkt, lt, f, n, n, (int64_t)frame * 1000, frame);
	dissect_frame(fast_ctx, &pkt, lt, f, n / 2, n, (int64_t)frame * 1000, frame);
	return total == (size_t)-1; /* keep the rendering from being optimised away */
}
