/* SPDX-License-Identifier: GPL-2.0 */
/* pkt.h - test packets for the data plane driver: build, and check checksums of the result. */
#ifndef FLT_PKT_H
#define FLT_PKT_H

#include <stdint.h>
#include <stddef.h>

struct pkt_spec {
	int family;           /* 4 or 6 */
	int vlan;             /* add an 802.1Q tag */
	uint8_t proto;        /* IPPROTO_TCP/UDP/SCTP/ICMP/ICMPV6 */
	const char *src, *dst;
	uint16_t sport, dport; /* host order */
	uint8_t tcp_flags;
	int ip_opt_words;     /* IPv4 options (NOPs), 32-bit words */
	int frag;             /* IPv4: set MF; IPv6: add a fragment header */
	int df;               /* IPv4: set DF */
	int bad_len;          /* total/payload length larger than the frame */
	int udp_zero_csum;    /* UDP without checksum */
	uint8_t icmp_type;    /* ICMP: type (echo request if 0 and proto ICMP*) */
	uint8_t icmp_code;
	uint16_t icmp_mtu;    /* frag-needed / packet-too-big MTU */
	const uint8_t *inner; /* ICMP error: quoted packet (from IP header on) */
	int inner_len;
	int payload_len;
};

/* Builds the frame into buf (>= 2048 bytes); returns its length. */
int pkt_build(uint8_t *buf, const struct pkt_spec *s);

/* What a frame says, after parsing it back (for assertions). */
struct pkt_view {
	int family, vlan;
	uint8_t proto;
	char src[64], dst[64];
	uint16_t sport, dport;
	uint8_t icmp_type;
	int csum_ok;          /* every checksum (IP, L4, ICMP, quoted IP) is valid */
	int inner_ok;         /* for ICMP errors: quoted packet parsed */
	char in_src[64], in_dst[64];
	uint16_t in_sport, in_dport;
	int in_csum_ok;       /* quoted IPv4 header checksum valid (1 for IPv6) */
	const uint8_t *l4;    /* into the frame */
	int l4_len;
};

int pkt_parse(const uint8_t *buf, int len, struct pkt_view *v);

uint16_t csum_fold_sum(uint32_t sum);
uint32_t csum_add(uint32_t sum, const void *p, int len);

#endif
