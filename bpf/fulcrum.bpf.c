// SPDX-License-Identifier: GPL-2.0
/*
 * fulcrum.bpf.c - the XDP entry point of Fulcrum's data plane. It only wires the headers under
 * lib/ together; docs/dataplane.md describes the packet path.
 */
#include "common.h"
#include "counters.h"
#include "flow.h"
#include "icmp.h"
#include "l2.h"
#include "parsing.h"
#include "service.h"

static __always_inline int fl_handle_icmp(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *icmp = p->l4;

	if ((void *)(icmp + 8) > data_end)
		return XDP_PASS;
	if (p->key.family == FL_AF_INET ? icmp[0] == ICMP_ECHO : icmp[0] == ICMPV6_ECHO_REQUEST)
		return fl_icmp_echo_reply(ctx, p);
	if (fl_icmp_is_error(p->key.family, icmp[0]))
		return fl_icmp_error(ctx, p);
	if (p->key.family == FL_AF_INET6 && icmp[0] == 135)
		return fl_l2_ns(ctx, p);
	return XDP_PASS;
}

/* Malformed IP: dropped (counted) when addressed to a VIP, else the kernel's business. */
static __always_inline int fl_handle_malformed(struct fl_pkt *p)
{
	if (p->dst_known && fl_vip_entry(&p->key.dst, p->key.family))
		return fl_drop(p->reason);
	return XDP_PASS;
}

SEC("xdp")
int fulcrum_xdp(struct xdp_md *ctx)
{
	struct fl_pkt p = {};

	switch (fl_parse(ctx, &p)) {
	case FL_P_L4:
		return fl_handle_l4(ctx, &p);
	case FL_P_ICMP:
		return fl_handle_icmp(ctx, &p);
	case FL_P_ARP:
		return fl_l2_arp(ctx, &p);
	case FL_P_MALFORMED:
		return fl_handle_malformed(&p);
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
