/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib.h - forwarding a translated packet: bpf_fib_lookup in the kernel's routing table and
 * neighbour cache, then XDP_TX (same interface) or bpf_redirect (another one).
 *
 * When the lookup does not succeed (no neighbour entry yet, local destination, needs
 * fragmentation, ...) the translated packet goes to the kernel (XDP_PASS), which forwards it
 * (net.ipv4.ip_forward / net.ipv6.conf.all.forwarding must be on) and resolves the neighbour, so
 * the next packet takes the fast path. VLAN-tagged frames are always handed to the kernel after
 * translation (the egress may be a VLAN device, which has no XDP transmit).
 */
#ifndef FULCRUM_FIB_H
#define FULCRUM_FIB_H

#include "parsing.h"

FL_INLINE int fl_forward(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = p->eth;
	int rc;

	if (p->vlan)
		return XDP_PASS;
	fib.ifindex = ctx->ingress_ifindex;
	fib.l4_protocol = p->key.proto;
	fib.tot_len = p->l3_len;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *ip = p->l3;

		if ((void *)(ip + 1) > data_end)
			return XDP_PASS;
		fib.family = AF_INET;
		fib.tos = ip->tos;
		fib.ipv4_src = ip->saddr;
		fib.ipv4_dst = ip->daddr;
	} else {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		fib.family = AF_INET6;
		fib.flowinfo = *(__be32 *)ip6 & bpf_htonl(0x0fffffff);
		__builtin_memcpy(fib.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(fib.ipv6_dst, &ip6->daddr, 16);
	}
	if (p->key.proto != IPPROTO_ICMP && p->key.proto != IPPROTO_ICMPV6) {
		__be16 *ports = p->l4;

		if ((void *)(ports + 2) > data_end)
			return XDP_PASS;
		fib.sport = ports[0];
		fib.dport = ports[1];
	}
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
}

#endif /* FULCRUM_FIB_H */
