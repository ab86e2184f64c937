/* SPDX-License-Identifier: GPL-2.0 */
/*
 * icmp.h - the VIP answers ping, and ICMP errors about translated flows are translated back.
 *
 * Echo: an ICMP echo request (ICMPv6 128) to an address with a VIP entry (abi.h) is turned into
 * the echo reply in place (addresses swapped, type changed, checksum updated per RFC 1624) and
 * sent back with XDP_TX.
 *
 * Errors (RFC 792 / RFC 4443: destination unreachable incl. fragmentation needed, time exceeded,
 * packet too big): the error quotes the packet that caused it. Reversing the quoted tuple gives
 * the key of the conntrack entry for the error's direction:
 *  - REPLY entry (error from the backend side about a packet we sent to the backend): the quoted
 *    packet becomes client:port -> vip:port, the outer header vip -> client;
 *  - ORIGINAL entry (error from the client side about a reply we sent from the vip): the quoted
 *    packet becomes backend:port -> node:snat_port, the outer header node -> backend (DNAT mode:
 *    the outer source is kept).
 * The quoted IP checksum and TCP/UDP checksum (when quoted) are updated too, and the ICMP
 * checksum accumulates every changed word (plus the pseudo-header for ICMPv6). So path MTU
 * discovery keeps working through the balancer.
 *
 * Too big: a packet that would leave through a smaller MTU than its size and may not be
 * fragmented (IPv4 with DF, every IPv6 packet) is answered by the balancer itself, before any
 * translation, as a router would: ICMP fragmentation needed (RFC 1191) / packet too big
 * (RFC 8201) from the address the sender used (the VIP, or the node for a backend's reply),
 * quoting the IP header and 8 bytes of the sender's own packet, sent back with XDP_TX.
 */
#ifndef FULCRUM_ICMP_H
#define FULCRUM_ICMP_H

#include "conntrack.h"
#include "counters.h"
#include "csum.h"
#include "fib.h"
#include "service.h"

FL_INLINE void fl_swap_macs(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

FL_INLINE int fl_icmp_echo_reply(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct fl_svc_value *vip = fl_vip_entry(&p->key.dst, p->key.family);
	struct ethhdr *eth = p->eth;
	__u16 *icmp = p->l4;
	__u16 old;

	if (!vip)
		return XDP_PASS;
	if ((void *)(eth + 1) > data_end || (void *)(icmp + 2) > data_end)
		return XDP_PASS;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *ip = p->l3;
		__u16 *ttl_word;

		if ((void *)(ip + 1) > data_end)
			return XDP_PASS;
		ttl_word = (__u16 *)&ip->ttl; /* ttl and protocol */
		old = *ttl_word;
		ip->ttl = 64;
		ip->check = fl_csum_apply(ip->check, fl_csum_diff16(old, *ttl_word));
		ip->saddr = ip->daddr;
		__builtin_memcpy(&ip->daddr, p->key.src.b, 4);
		((__u8 *)icmp)[0] = ICMP_ECHOREPLY;
	} else {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		ip6->hop_limit = 64;
		ip6->saddr = ip6->daddr;
		__builtin_memcpy(&ip6->daddr, p->key.src.b, 16);
		((__u8 *)icmp)[0] = ICMPV6_ECHO_REPLY;
	}
	/* Swapping the addresses keeps the (pseudo-header) sum; only the type word changed. */
	old = icmp[0];
	((__u8 *)&old)[0] = p->key.family == FL_AF_INET ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
	icmp[1] = fl_csum_apply(icmp[1], fl_csum_diff16(old, icmp[0]));
	fl_swap_macs(eth);
	fl_count_svc(vip->id, p->len, 0);
	return XDP_TX;
}

FL_INLINE int fl_icmp_is_error(__u8 family, __u8 type)
{
	if (family == FL_AF_INET)
		return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED;
	return type == ICMPV6_DEST_UNREACH || type == ICMPV6_PKT_TOOBIG ||
	       type == ICMPV6_TIME_EXCEED;
}

/* Translates an ICMP error about a tracked flow; XDP_PASS if it is about none. */
FL_INLINE int fl_icmp_error(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct fl_config *cfg;
	struct fl_flow_value *ct;
	struct fl_flow_key k = {};
	const struct fl_addr *in_src, *in_dst, *out_src, *out_dst;
	__u16 in_sport, in_dport;
	struct fl_addr old_in_src = {}, old_in_dst = {};
	__u16 *icmp = p->l4;
	__u8 *inner = (__u8 *)p->l4 + 8;
	__u16 *in_csum, *l4_csum = NULL;
	__u32 *in_ports;
	__u64 d_in, d_icmp, d_out;
	int words = p->key.family == FL_AF_INET ? 1 : 4;
	__u32 zero = 0;

	if ((void *)(icmp + 4) > data_end)
		return XDP_PASS;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *iip = (struct iphdr *)inner;
		__u32 ihl;

		if ((void *)(iip + 1) > data_end)
			return XDP_PASS;
		ihl = iip->ihl * 4;
		if (ihl < sizeof(*iip))
			return XDP_PASS;
		in_ports = (__u32 *)(inner + ihl);
		k.proto = iip->protocol;
		__builtin_memcpy(old_in_src.b, &iip->saddr, 4);
		__builtin_memcpy(old_in_dst.b, &iip->daddr, 4);
		in_csum = &iip->check;
	} else {
		struct ipv6hdr *iip6 = (struct ipv6hdr *)inner;

		if ((void *)(iip6 + 1) > data_end)
			return XDP_PASS;
		in_ports = (__u32 *)(iip6 + 1);
		k.proto = iip6->nexthdr;
		__builtin_memcpy(old_in_src.b, &iip6->saddr, 16);
		__builtin_memcpy(old_in_dst.b, &iip6->daddr, 16);
		in_csum = NULL;
	}
	if (k.proto != IPPROTO_TCP && k.proto != IPPROTO_UDP && k.proto != IPPROTO_SCTP)
		return XDP_PASS;
	if ((void *)(in_ports + 2) > data_end) /* 8 bytes of the quoted L4 header */
		return XDP_PASS;
	k.family = p->key.family;
	k.src = old_in_dst;
	k.dst = old_in_src;
	k.sport_be = ((__u16 *)in_ports)[1];
	k.dport_be = ((__u16 *)in_ports)[0];
	ct = bpf_map_lookup_elem(&fl_flows, &k);
	cfg = bpf_map_lookup_elem(&fl_config, &zero);
	if (!ct || !cfg || fl_ct_expired(ct, cfg, fl_now(), k.proto))
		return XDP_PASS;

	if (ct->dir == FL_CT_DIR_REPLY) {
		in_src = &ct->snat_addr;
		in_sport = ct->snat_port_be;
		in_dst = &ct->nat_addr;
		in_dport = ct->nat_port_be;
		out_src = &ct->nat_addr;
		out_dst = &ct->snat_addr;
	} else {
		in_src = &ct->nat_addr;
		in_sport = ct->nat_port_be;
		in_dst = &ct->snat_addr;
		in_dport = ct->snat_port_be;
		out_src = (ct->flags & FL_FLOW_F_DNAT_ONLY) ? &p->key.src : &ct->snat_addr;
		out_dst = &ct->nat_addr;
	}

	/* Quoted packet: addresses (+ its IPv4 header checksum), ports, L4 checksum if quoted. */
	d_in = fl_csum_diff_addr(&old_in_src, in_src, words) +
	       fl_csum_diff_addr(&old_in_dst, in_dst, words);
	d_icmp = d_in;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *iip = (struct iphdr *)inner;

		if ((void *)(iip + 1) > data_end || !in_csum)
			return XDP_PASS;
		__u16 oc = iip->check, nc = fl_csum_apply(oc, d_in);

		d_icmp += fl_csum_diff16(oc, nc);
		iip->check = nc;
		__builtin_memcpy(&iip->saddr, in_src->b, 4);
		__builtin_memcpy(&iip->daddr, in_dst->b, 4);
	} else {
		struct ipv6hdr *iip6 = (struct ipv6hdr *)inner;

		if ((void *)(iip6 + 1) > data_end)
			return XDP_PASS;
		__builtin_memcpy(&iip6->saddr, in_src->b, 16);
		__builtin_memcpy(&iip6->daddr, in_dst->b, 16);
	}
	{
		__u32 np = (__u32)in_sport | ((__u32)in_dport << 16);
		__u64 dp = fl_csum_diff32(*in_ports, np);

		d_icmp += dp;
		*in_ports = np;
		if (k.proto == IPPROTO_TCP && (void *)((__u8 *)in_ports + 18) <= data_end)
			l4_csum = (__u16 *)((__u8 *)in_ports + 16);
		else if (k.proto == IPPROTO_UDP && ((__u16 *)in_ports)[3])
			l4_csum = (__u16 *)in_ports + 3;
		if (l4_csum) {
			__u16 oc = *l4_csum, nc = fl_csum_apply(oc, d_in + dp);

			d_icmp += fl_csum_diff16(oc, nc);
			*l4_csum = nc;
		}
	}

	/* Outer header. */
	d_out = fl_csum_diff_addr(&p->key.src, out_src, words) +
		fl_csum_diff_addr(&p->key.dst, out_dst, words);
	if (p->key.family == FL_AF_INET) {
		struct iphdr *ip = p->l3;

		if ((void *)(ip + 1) > data_end)
			return XDP_PASS;
		ip->check = fl_csum_apply(ip->check, d_out);
		__builtin_memcpy(&ip->saddr, out_src->b, 4);
		__builtin_memcpy(&ip->daddr, out_dst->b, 4);
	} else {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		d_icmp += d_out; /* ICMPv6 checksum covers the pseudo-header */
		__builtin_memcpy(&ip6->saddr, out_src->b, 16);
		__builtin_memcpy(&ip6->daddr, out_dst->b, 16);
	}
	if ((void *)(icmp + 2) > data_end)
		return XDP_PASS;
	icmp[1] = fl_csum_apply(icmp[1], d_icmp);
	fl_count_svc(ct->svc_id, p->len, 0);
	fl_count_backend(ct->backend_id, p->len, 0);
	return fl_forward(ctx, p);
}

/* May this packet not be fragmented on the way (IPv4 DF, or IPv6)? */
FL_INLINE int fl_dont_fragment(struct xdp_md *ctx, const struct fl_pkt *p)
{
	struct iphdr *ip = p->l3;

	if (p->key.family != FL_AF_INET)
		return 1;
	if ((void *)(ip + 1) > (void *)(long)ctx->data_end)
		return 0;
	return (ip->frag_off & bpf_htons(0x4000)) != 0;
}

struct fl_too_big4 {
	struct ethhdr eth;
	struct iphdr ip;
	__u8 type;
	__u8 code;
	__u16 csum;
	__be16 unused;
	__be16 mtu;
	__u8 quote[28]; /* the sender's IP header (no options) and 8 bytes of L4 */
} __attribute__((packed));

struct fl_too_big6 {
	struct ethhdr eth;
	struct ipv6hdr ip6;
	__u8 type;
	__u8 code;
	__u16 csum;
	__be32 mtu;
	__u8 quote[48]; /* the sender's IPv6 header and 8 bytes of L4 */
} __attribute__((packed));

/*
 * Turns the (untranslated) packet into the ICMP error telling its sender the MTU. Returns the
 * verdict, or -1 (before touching the frame) if this packet cannot be answered (IPv4 options):
 * the caller then forwards it.
 */
static __noinline int fl_icmp_too_big(struct xdp_md *ctx, const struct fl_pkt *p, __u16 mtu)
{
	void *data_end = (void *)(long)ctx->data_end, *data;
	struct ethhdr *eth = p->eth;
	__u8 smac[ETH_ALEN], dmac[ETH_ALEN];
	int v4 = p->key.family == FL_AF_INET;
	int add = v4 ? 28 : 48; /* new IP header + ICMP header */
	int len;
	__u64 sum;

	if ((void *)(eth + 1) > data_end)
		return -1;
	if (v4) {
		struct iphdr *ip = p->l3;

		if ((void *)(ip + 1) > data_end || ip->ihl != 5)
			return -1;
	}
	__builtin_memcpy(smac, eth->h_source, ETH_ALEN);
	__builtin_memcpy(dmac, eth->h_dest, ETH_ALEN);
	/* from here on the frame is being rebuilt: no way back to forwarding it */
	if (bpf_xdp_adjust_head(ctx, -add))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	len = (int)((void *)(long)ctx->data_end - data);
	/* keep the new headers, the old Ethernet header's room and the quote; drop the rest */
	if (bpf_xdp_adjust_tail(ctx, (int)(v4 ? sizeof(struct fl_too_big4)
					    : sizeof(struct fl_too_big6)) - len))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (v4) {
		struct fl_too_big4 *m = data;

		if ((void *)(m + 1) > data_end)
			return XDP_DROP;
		/* the quote already sits where it belongs: [eth][ip][icmp] were prepended */
		__builtin_memcpy(m->eth.h_dest, smac, ETH_ALEN);
		__builtin_memcpy(m->eth.h_source, dmac, ETH_ALEN);
		m->eth.h_proto = bpf_htons(ETH_P_IP);
		__builtin_memset(&m->ip, 0, sizeof(m->ip));
		m->ip.version = 4;
		m->ip.ihl = 5;
		m->ip.tos = 0xc0;
		m->ip.tot_len = bpf_htons(sizeof(*m) - sizeof(m->eth));
		m->ip.ttl = 64;
		m->ip.protocol = IPPROTO_ICMP;
		__builtin_memcpy(&m->ip.saddr, p->key.dst.b, 4);
		__builtin_memcpy(&m->ip.daddr, p->key.src.b, 4);
		m->ip.check = (__u16)~fl_csum_fold(fl_csum_partial(&m->ip, sizeof(m->ip)));
		m->type = ICMP_DEST_UNREACH;
		m->code = 4; /* fragmentation needed and DF set */
		m->csum = 0;
		m->unused = 0;
		m->mtu = bpf_htons(mtu);
		m->csum = (__u16)~fl_csum_fold(fl_csum_partial(&m->type, 36));
	} else {
		struct fl_too_big6 *m = data;

		if ((void *)(m + 1) > data_end)
			return XDP_DROP;
		__builtin_memcpy(m->eth.h_dest, smac, ETH_ALEN);
		__builtin_memcpy(m->eth.h_source, dmac, ETH_ALEN);
		m->eth.h_proto = bpf_htons(ETH_P_IPV6);
		__builtin_memset(&m->ip6, 0, sizeof(m->ip6));
		m->ip6.version = 6;
		m->ip6.payload_len = bpf_htons(56);
		m->ip6.nexthdr = IPPROTO_ICMPV6;
		m->ip6.hop_limit = 64;
		__builtin_memcpy(&m->ip6.saddr, p->key.dst.b, 16);
		__builtin_memcpy(&m->ip6.daddr, p->key.src.b, 16);
		m->type = ICMPV6_PKT_TOOBIG;
		m->code = 0;
		m->csum = 0;
		m->mtu = bpf_htonl(mtu);
		sum = fl_csum_partial(&m->ip6.saddr, 32) + bpf_htons(56) + bpf_htons(IPPROTO_ICMPV6);
		sum += fl_csum_partial(&m->type, 56);
		m->csum = (__u16)~fl_csum_fold(sum);
	}
	return XDP_TX;
}

#endif /* FULCRUM_ICMP_H */
