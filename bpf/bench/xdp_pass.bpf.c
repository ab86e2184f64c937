// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_pass.bpf.c - passes everything. Attached to the far end of a veth pair in tests so that
 * the veth has NAPI and accepts frames sent with XDP_TX / bpf_redirect from its peer.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
