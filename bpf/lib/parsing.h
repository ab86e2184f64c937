/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parsing.h - bounds-checked header parsing (a cursor in the style of xdp-tutorial's
 * parsing_helpers.h): Ethernet, one 802.1Q tag, ARP, IPv4 (options skipped), IPv6 (no extension
 * headers), TCP / UDP / SCTP ports, ICMP / ICMPv6 headers.
 *
 * The parser only reads. It fills struct fl_pkt with the header pointers and the flow key in the
 * packet's direction, and says what kind of packet it is. Malformed IP packets come back as
 * FL_P_MALFORMED with the reason and, when readable, the destination address: the caller drops
 * them (counted) only if that address is a VIP, and passes them otherwise.
 */
#ifndef FULCRUM_PARSING_H
#define FULCRUM_PARSING_H

#include "common.h"

struct fl_cursor {
	void *pos;
	void *end;
};

/* Returns a pointer to the next len bytes and advances, or NULL if the packet is shorter. */
FL_INLINE void *fl_pull(struct fl_cursor *c, __u32 len)
{
	void *p = c->pos;

	if (p + len > c->end)
		return NULL;
	c->pos = p + len;
	return p;
}

enum fl_parse_kind {
	FL_P_PASS = 0,  /* not for us (other ethertype, other L4 protocol, ...) */
	FL_P_L4,        /* TCP / UDP / SCTP with ports: key complete */
	FL_P_ICMP,      /* ICMP / ICMPv6: l4 points at an 8-byte ICMP header */
	FL_P_ARP,       /* ARP: l3 points at the ARP header */
	FL_P_MALFORMED, /* bad IP packet: reason set, key.dst set when readable */
};

struct fl_pkt {
	struct ethhdr *eth;
	void *l3;
	void *l4;
	struct fl_flow_key key; /* this packet's own 5-tuple (src -> dst) */
	__u32 len;              /* frame length, for the byte counters */
	__u16 l3_len;           /* IPv4 total length / IPv6 payload length + 40 */
	__u8 tcp_flags;         /* TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10) */
	__u8 vlan;              /* 1 if the frame carries an 802.1Q tag */
	__u8 reason;            /* with FL_P_MALFORMED: a FL_DROP_* */
	__u8 dst_known;         /* with FL_P_MALFORMED: key.dst and key.family are valid */
};

#define FL_TCP_FIN 0x01
#define FL_TCP_SYN 0x02
#define FL_TCP_RST 0x04
#define FL_TCP_ACK 0x10

/* Minimal SCTP common header (RFC 9260 section 3.1). */
struct fl_sctphdr {
	__be16 source;
	__be16 dest;
	__be32 vtag;
	__le32 checksum;
};

FL_INLINE int fl_malformed(struct fl_pkt *p, __u8 reason)
{
	p->reason = reason;
	return FL_P_MALFORMED;
}

/* Reads the ports (and TCP flags) of the L4 header at the cursor. */
FL_INLINE int fl_parse_l4(struct fl_cursor *c, struct fl_pkt *p, __u8 proto)
{
	p->key.proto = proto;
	p->l4 = c->pos;
	switch (proto) {
	case IPPROTO_TCP: {
		struct tcphdr *th = fl_pull(c, sizeof(*th));

		if (!th)
			return fl_malformed(p, FL_DROP_TRUNCATED);
		p->key.sport_be = th->source;
		p->key.dport_be = th->dest;
		p->tcp_flags = ((__u8 *)th)[13];
		return FL_P_L4;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = fl_pull(c, sizeof(*uh));

		if (!uh)
			return fl_malformed(p, FL_DROP_TRUNCATED);
		p->key.sport_be = uh->source;
		p->key.dport_be = uh->dest;
		return FL_P_L4;
	}
	case IPPROTO_SCTP: {
		struct fl_sctphdr *sh = fl_pull(c, sizeof(*sh));

		if (!sh)
			return fl_malformed(p, FL_DROP_TRUNCATED);
		p->key.sport_be = sh->source;
		p->key.dport_be = sh->dest;
		return FL_P_L4;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (proto != fl_icmp_proto(p->key.family))
			return FL_P_PASS;
		if (!fl_pull(c, 8))
			return fl_malformed(p, FL_DROP_TRUNCATED);
		return FL_P_ICMP;
	}
	return FL_P_PASS;
}

FL_INLINE int fl_parse_ipv4(struct fl_cursor *c, struct fl_pkt *p)
{
	struct iphdr *ip = fl_pull(c, sizeof(*ip));
	__u32 hl, avail;

	if (!ip)
		return FL_P_PASS; /* cannot even read the addresses: not ours to judge */
	p->l3 = ip;
	p->key.family = FL_AF_INET;
	__builtin_memcpy(p->key.src.b, &ip->saddr, 4);
	__builtin_memcpy(p->key.dst.b, &ip->daddr, 4);
	p->dst_known = 1;
	hl = ip->ihl * 4;
	p->l3_len = bpf_ntohs(ip->tot_len);
	avail = c->end - (void *)ip;
	if (ip->version != 4 || hl < sizeof(*ip) || p->l3_len < hl || p->l3_len > avail)
		return fl_malformed(p, FL_DROP_BAD_IP_LEN);
	/* More-fragments flag or a fragment offset: not reassembled here. */
	if (ip->frag_off & bpf_htons(0x3fff))
		return fl_malformed(p, FL_DROP_FRAGMENT);
	/* IP options are kept and skipped: the L4 header starts after IHL words. */
	c->pos = (void *)ip + hl;
	return fl_parse_l4(c, p, ip->protocol);
}

FL_INLINE int fl_is_ipv6_ext(__u8 nh)
{
	return nh == 0 /* hop-by-hop */ || nh == 43 /* routing */ || nh == 60 /* dest opts */ ||
	       nh == 51 /* AH */ || nh == 135 /* mobility */ || nh == 139 /* HIP */ ||
	       nh == 140 /* shim6 */;
}

FL_INLINE int fl_parse_ipv6(struct fl_cursor *c, struct fl_pkt *p)
{
	struct ipv6hdr *ip6 = fl_pull(c, sizeof(*ip6));

	if (!ip6)
		return FL_P_PASS;
	p->l3 = ip6;
	p->key.family = FL_AF_INET6;
	__builtin_memcpy(p->key.src.b, &ip6->saddr, 16);
	__builtin_memcpy(p->key.dst.b, &ip6->daddr, 16);
	p->dst_known = 1;
	p->l3_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
	if (ip6->version != 6 || (__u32)p->l3_len > (__u32)(c->end - (void *)ip6))
		return fl_malformed(p, FL_DROP_BAD_IP_LEN);
	if (ip6->nexthdr == 44)
		return fl_malformed(p, FL_DROP_FRAGMENT);
	if (fl_is_ipv6_ext(ip6->nexthdr))
		return fl_malformed(p, FL_DROP_IPV6_EXT_HDR);
	return fl_parse_l4(c, p, ip6->nexthdr);
}

/* Parses the frame; see enum fl_parse_kind for what is filled. */
FL_INLINE int fl_parse(struct xdp_md *ctx, struct fl_pkt *p)
{
	struct fl_cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	struct ethhdr *eth = fl_pull(&c, sizeof(*eth));
	__be16 proto;

	if (!eth)
		return FL_P_PASS;
	p->eth = eth;
	p->len = c.end - (void *)eth;
	proto = eth->h_proto;
	if (proto == bpf_htons(FL_ETH_P_8021Q)) {
		__be16 *tag = fl_pull(&c, 4); /* TCI, then the inner ethertype */

		if (!tag)
			return FL_P_PASS;
		proto = tag[1];
		p->vlan = 1;
	}
	if (proto == bpf_htons(ETH_P_IP))
		return fl_parse_ipv4(&c, p);
	if (proto == bpf_htons(ETH_P_IPV6))
		return fl_parse_ipv6(&c, p);
	if (proto == bpf_htons(FL_ETH_P_ARP)) {
		p->l3 = c.pos;
		return FL_P_ARP;
	}
	return FL_P_PASS;
}

#endif /* FULCRUM_PARSING_H */
