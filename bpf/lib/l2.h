/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2.h - ARP / IPv6 neighbour-solicitation responder for VIPs this node owns (L2 mode).
 *
 * A VIP is answered only while it is in fl_l2 and bpf_ktime_get_ns() < lease_expires_ns: the
 * election renews the lease while this node owns the VIP, so a node that loses the group falls
 * silent by itself when the lease runs out. Anything else passes to the kernel untouched, and
 * a VIP not in the map is never answered.
 *
 * ARP (RFC 826): a request whose target is the VIP becomes the reply in place (XDP_TX).
 * Gratuitous requests (sender == target) are announcements, not questions: not answered.
 * NS (RFC 4861 section 7.2.3/4): a solicitation carrying a source link-layer address option
 * becomes a solicited, override neighbour advertisement with a target link-layer address option
 * (same length, so no resize). Solicitations from the unspecified address (duplicate address
 * detection) are not answered.
 *
 * The MAC answered is the map's mac. When it is zero, the ingress interface's MAC: the frame's
 * destination MAC if the request was unicast (a refresh probe), else the source MAC of a FIB
 * lookup towards the requester (known only once the kernel has a neighbour entry for the
 * requester; otherwise the request passes). The agent should fill mac.
 */
#ifndef FULCRUM_L2_H
#define FULCRUM_L2_H

#include "csum.h"
#include "maps.h"
#include "parsing.h"

struct fl_arp {
	__be16 htype;
	__be16 ptype;
	__u8 hlen;
	__u8 plen;
	__be16 op;
	__u8 sha[ETH_ALEN];
	__u8 spa[4];
	__u8 tha[ETH_ALEN];
	__u8 tpa[4];
} __attribute__((packed));

/* The lease of a VIP, if it is current. */
FL_INLINE struct fl_l2_value *fl_l2_owned(const void *vip, __u8 family)
{
	struct fl_l2_key k = {.family = family};
	struct fl_l2_value *v;

	__builtin_memcpy(k.vip.b, vip, family == FL_AF_INET ? 4 : 16);
	v = bpf_map_lookup_elem(&fl_l2, &k);
	if (!v || bpf_ktime_get_ns() >= v->lease_expires_ns)
		return NULL;
	return v;
}

/* Fills mac with the MAC to answer with; 0 on success. */
FL_INLINE int fl_l2_mac(struct xdp_md *ctx, const struct fl_l2_value *v, __u8 family,
			const void *requester, const struct ethhdr *eth, __u8 *mac)
{
	struct bpf_fib_lookup fib = {};
	const __u8 *m = v->mac;

	if (m[0] | m[1] | m[2] | m[3] | m[4] | m[5]) {
		__builtin_memcpy(mac, m, ETH_ALEN);
		return 0;
	}
	if (!(eth->h_dest[0] & 1)) { /* unicast to this interface */
		__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
		return 0;
	}
	fib.ifindex = ctx->ingress_ifindex;
	if (family == FL_AF_INET) {
		fib.family = AF_INET;
		__builtin_memcpy(&fib.ipv4_dst, requester, 4);
	} else {
		fib.family = AF_INET6;
		__builtin_memcpy(fib.ipv6_dst, requester, 16);
	}
	if (bpf_fib_lookup(ctx, &fib, sizeof(fib), BPF_FIB_LOOKUP_DIRECT) !=
	    BPF_FIB_LKUP_RET_SUCCESS)
		return -1;
	__builtin_memcpy(mac, fib.smac, ETH_ALEN);
	return 0;
}

FL_INLINE int fl_l2_arp(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct fl_arp *a = p->l3;
	struct ethhdr *eth = p->eth;
	struct fl_l2_value *v;
	__u8 mac[ETH_ALEN], ip[4];

	if ((void *)(a + 1) > data_end || (void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (a->htype != bpf_htons(1) || a->ptype != bpf_htons(ETH_P_IP) || a->hlen != ETH_ALEN ||
	    a->plen != 4 || a->op != bpf_htons(1))
		return XDP_PASS;
	if (!__builtin_memcmp(a->spa, a->tpa, 4))
		return XDP_PASS;
	v = fl_l2_owned(a->tpa, FL_AF_INET);
	if (!v || fl_l2_mac(ctx, v, FL_AF_INET, a->spa, eth, mac))
		return XDP_PASS;
	if ((void *)(a + 1) > data_end || (void *)(eth + 1) > data_end)
		return XDP_PASS;
	__builtin_memcpy(ip, a->tpa, 4);
	a->op = bpf_htons(2);
	__builtin_memcpy(a->tha, a->sha, ETH_ALEN);
	__builtin_memcpy(a->tpa, a->spa, 4);
	__builtin_memcpy(a->sha, mac, ETH_ALEN);
	__builtin_memcpy(a->spa, ip, 4);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	return XDP_TX;
}

/* Neighbour solicitation (ICMPv6 type 135) with exactly one option, the source LL address. */
struct fl_ns {
	__u8 type;
	__u8 code;
	__be16 csum;
	__be32 flags;
	__u8 target[16];
	__u8 opt_type;
	__u8 opt_len;
	__u8 lladdr[ETH_ALEN];
};

FL_INLINE int fl_l2_ns(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip6 = p->l3;
	struct fl_ns *ns = p->l4;
	struct ethhdr *eth = p->eth;
	struct fl_l2_value *v;
	__u8 mac[ETH_ALEN];
	__u64 sum;

	if ((void *)(ns + 1) > data_end || (void *)(ip6 + 1) > data_end ||
	    (void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (ip6->hop_limit != 255 || ns->code != 0 || ip6->payload_len != bpf_htons(sizeof(*ns)) ||
	    ns->opt_type != 1 || ns->opt_len != 1 || fl_addr_is_zero(&p->key.src))
		return XDP_PASS;
	v = fl_l2_owned(ns->target, FL_AF_INET6);
	if (!v || fl_l2_mac(ctx, v, FL_AF_INET6, &p->key.src, eth, mac))
		return XDP_PASS;
	if ((void *)(ns + 1) > data_end || (void *)(ip6 + 1) > data_end ||
	    (void *)(eth + 1) > data_end)
		return XDP_PASS;
	ns->type = 136; /* neighbour advertisement */
	ns->flags = bpf_htonl(0x60000000); /* solicited, override */
	ns->opt_type = 2; /* target link-layer address */
	__builtin_memcpy(ns->lladdr, mac, ETH_ALEN);
	__builtin_memcpy(&ip6->daddr, p->key.src.b, 16);
	__builtin_memcpy(&ip6->saddr, ns->target, 16);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	/* Full checksum: pseudo-header (addresses, length, next header) and the 32-byte message. */
	ns->csum = 0;
	sum = fl_csum_partial(&ip6->saddr, 32) + bpf_htons(sizeof(*ns)) + bpf_htons(IPPROTO_ICMPV6);
	sum += fl_csum_partial(ns, sizeof(*ns));
	ns->csum = (__u16)~fl_csum_fold(sum);
	return XDP_TX;
}

#endif /* FULCRUM_L2_H */
