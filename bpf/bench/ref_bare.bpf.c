// SPDX-License-Identifier: GPL-2.0
/*
 * ref_bare.bpf.c - benchmark floor: parses the same headers as the data plane (same parser)
 * and bounces the frame with XDP_TX. No maps, no rewrite.
 */
#include "common.h"
#include "parsing.h"

SEC("xdp")
int ref_bare(struct xdp_md *ctx)
{
	struct fl_pkt p = {};

	if (fl_parse(ctx, &p) != FL_P_L4)
		return XDP_PASS;
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
