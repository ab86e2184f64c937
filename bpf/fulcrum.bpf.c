// SPDX-License-Identifier: GPL-2.0
/* Placeholder entry point: replaced by the data plane. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int fulcrum_xdp(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
