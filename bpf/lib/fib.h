/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib.h - forwarding a translated packet: bpf_fib_lookup in the kernel's routing table and
 * neighbour cache, then XDP_TX (same interface) or bpf_redirect (another one).
 *
 * When the lookup does not succeed (no neighbour entry yet, local destination, ...) the
 * translated packet goes to the kernel (XDP_PASS), which forwards it (net.ipv4.ip_forward /
 * net.ipv6.conf.all.forwarding must be on) and resolves the neighbour, so the next packet takes
 * the fast path. A packet larger than the egress MTU is answered with an ICMP error by the caller
 * (icmp.h) when it may not be fragmented. VLAN-tagged frames are always handed to the kernel
 * after translation (the egress may be a VLAN device, which has no XDP transmit).
 */
#ifndef FULCRUM_FIB_H
#define FULCRUM_FIB_H

#include "parsing.h"

/*
 * Looks up the route of a packet of p's protocol and length from src:sport to dst:dport
 * (ports network order; 0 for ICMP). Returns the BPF_FIB_LKUP_RET_* code.
 */
FL_INLINE int fl_fib_lookup(struct xdp_md *ctx, const struct fl_pkt *p, const struct fl_addr *src,
			    __u16 sport, const struct fl_addr *dst, __u16 dport,
			    struct bpf_fib_lookup *fib)
{
	void *data_end = (void *)(long)ctx->data_end;

	__builtin_memset(fib, 0, sizeof(*fib));
	fib->ifindex = ctx->ingress_ifindex;
	fib->l4_protocol = p->key.proto;
	fib->tot_len = p->l3_len;
	fib->sport = sport;
	fib->dport = dport;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *ip = p->l3;

		if ((void *)(ip + 1) > data_end)
			return -1;
		fib->family = AF_INET;
		fib->tos = ip->tos;
		__builtin_memcpy(&fib->ipv4_src, src->b, 4);
		__builtin_memcpy(&fib->ipv4_dst, dst->b, 4);
	} else {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > data_end)
			return -1;
		fib->family = AF_INET6;
		fib->flowinfo = *(__be32 *)ip6 & bpf_htonl(0x0fffffff);
		__builtin_memcpy(fib->ipv6_src, src->b, 16);
		__builtin_memcpy(fib->ipv6_dst, dst->b, 16);
	}
	return bpf_fib_lookup(ctx, fib, sizeof(*fib), 0);
}

/* Sends the frame where a successful lookup says: MACs from the lookup, then TX or redirect. */
FL_INLINE int fl_fib_send(struct xdp_md *ctx, struct fl_pkt *p, const struct bpf_fib_lookup *fib)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = p->eth;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	__builtin_memcpy(eth->h_dest, fib->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib->smac, ETH_ALEN);
	if (fib->ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib->ifindex, 0);
}

/* Forwards an already rewritten packet (addresses and ports read from it). */
FL_INLINE int fl_forward(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib;
	struct fl_addr src = {}, dst = {};
	__u16 sport = 0, dport = 0;

	if (p->vlan)
		return XDP_PASS;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *ip = p->l3;

		if ((void *)(ip + 1) > data_end)
			return XDP_PASS;
		__builtin_memcpy(src.b, &ip->saddr, 4);
		__builtin_memcpy(dst.b, &ip->daddr, 4);
	} else {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		__builtin_memcpy(src.b, &ip6->saddr, 16);
		__builtin_memcpy(dst.b, &ip6->daddr, 16);
	}
	if (p->key.proto != IPPROTO_ICMP && p->key.proto != IPPROTO_ICMPV6) {
		__be16 *ports = p->l4;

		if ((void *)(ports + 2) > data_end)
			return XDP_PASS;
		sport = ports[0];
		dport = ports[1];
	}
	if (fl_fib_lookup(ctx, p, &src, sport, &dst, dport, &fib) != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	return fl_fib_send(ctx, p, &fib);
}

#endif /* FULCRUM_FIB_H */
