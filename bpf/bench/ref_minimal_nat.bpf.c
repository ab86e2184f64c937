// SPDX-License-Identifier: GPL-2.0
/*
 * ref_minimal_nat.bpf.c - benchmark reference: the least a NAT load balancer does per packet.
 * Same parser; one hash lookup for the service; one LRU lookup for the flow (inserted from the
 * service's target on a miss); address and port rewrite of both ends with incremental checksums;
 * a FIB lookup; MACs from the FIB; XDP_TX. No conntrack state, timeouts, Maglev, counters.
 */
#include "common.h"
#include "csum.h"
#include "parsing.h"

struct ref_nat {
	struct fl_addr src;
	struct fl_addr dst;
	__u16 sport_be;
	__u16 dport_be;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct fl_svc_key);
	__type(value, struct ref_nat);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} ref_services SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 524288);
	__type(key, struct fl_flow_key);
	__type(value, struct ref_nat);
} ref_flows SEC(".maps");

SEC("xdp")
int ref_minimal_nat(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = {};
	struct fl_svc_key sk = {};
	struct fl_pkt p = {};
	struct ref_nat *svc, *nat;
	struct iphdr *ip;
	struct tcphdr *th;
	__u32 *ports;
	__u64 d;

	if (fl_parse(ctx, &p) != FL_P_L4 || p.key.family != FL_AF_INET ||
	    p.key.proto != IPPROTO_TCP)
		return XDP_PASS;
	sk.vip = p.key.dst;
	sk.port_be = p.key.dport_be;
	sk.proto = p.key.proto;
	sk.family = p.key.family;
	svc = bpf_map_lookup_elem(&ref_services, &sk);
	if (!svc)
		return XDP_PASS;
	nat = bpf_map_lookup_elem(&ref_flows, &p.key);
	if (!nat) {
		if (bpf_map_update_elem(&ref_flows, &p.key, svc, BPF_ANY))
			return XDP_DROP;
		nat = svc;
	}
	ip = p.l3;
	th = p.l4;
	ports = p.l4;
	if ((void *)(ip + 1) > data_end || (void *)(th + 1) > data_end)
		return XDP_PASS;
	d = fl_csum_diff32(ip->saddr, *(__u32 *)nat->src.b) +
	    fl_csum_diff32(ip->daddr, *(__u32 *)nat->dst.b);
	ip->check = fl_csum_apply(ip->check, d);
	ip->saddr = *(__u32 *)nat->src.b;
	ip->daddr = *(__u32 *)nat->dst.b;
	d += fl_csum_diff32(*ports, (__u32)nat->sport_be | ((__u32)nat->dport_be << 16));
	*ports = (__u32)nat->sport_be | ((__u32)nat->dport_be << 16);
	th->check = fl_csum_apply(th->check, d);

	fib.family = AF_INET;
	fib.ifindex = ctx->ingress_ifindex;
	fib.l4_protocol = IPPROTO_TCP;
	fib.tot_len = p.l3_len;
	fib.ipv4_src = ip->saddr;
	fib.ipv4_dst = ip->daddr;
	fib.sport = th->source;
	fib.dport = th->dest;
	if (bpf_fib_lookup(ctx, &fib, sizeof(fib), 0) != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	if ((void *)(p.eth + 1) > data_end)
		return XDP_PASS;
	__builtin_memcpy(p.eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(p.eth->h_source, fib.smac, ETH_ALEN);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
