// SPDX-License-Identifier: GPL-2.0
/* pkt.c - builds test frames with correct checksums and parses results back. */
#include "pkt.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

uint32_t csum_add(uint32_t sum, const void *p, int len)
{
	const uint8_t *b = p;

	for (int i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)(b[len - 1] << 8);
	return sum;
}

uint16_t csum_fold_sum(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t pseudo_sum(int family, const uint8_t *ip, uint8_t proto, int l4len)
{
	uint32_t s = 0;

	if (family == 4)
		s = csum_add(s, ip + 12, 8);
	else
		s = csum_add(s, ip + 8, 32);
	s += proto;
	s += (uint32_t)l4len;
	return s;
}

/* Writes the L4 part at l4 (ports, flags, checksums); returns its length. */
static int build_l4(uint8_t *ip, uint8_t *l4, const struct pkt_spec *s)
{
	int n = 0, pl = s->payload_len;
	uint8_t proto = s->proto;

	switch (proto) {
	case IPPROTO_TCP:
		n = 20;
		memset(l4, 0, n);
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		l4[4] = 0x11; /* seq */
		l4[12] = 5 << 4;
		l4[13] = s->tcp_flags ? s->tcp_flags : 0x02;
		put16(l4 + 14, 65535);
		break;
	case IPPROTO_UDP:
		n = 8;
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		put16(l4 + 4, (uint16_t)(8 + pl));
		put16(l4 + 6, 0);
		break;
	case IPPROTO_SCTP:
		n = 12;
		memset(l4, 0, n);
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		memcpy(l4 + 8, "\xde\xad\xbe\xef", 4); /* stands for the CRC32c: must survive */
		break;
	default: /* ICMP / ICMPv6 */
		n = 8;
		memset(l4, 0, n);
		l4[0] = s->icmp_type;
		l4[1] = s->icmp_code;
		if (s->inner) {
			if (s->icmp_mtu)
				put16(l4 + (s->family == 4 ? 6 : 6), s->icmp_mtu);
			memcpy(l4 + 8, s->inner, s->inner_len);
			n += s->inner_len;
		} else {
			put16(l4 + 4, 0x4242); /* id */
			put16(l4 + 6, 7);      /* seq */
		}
	}
	for (int i = 0; i < pl; i++)
		l4[n + i] = (uint8_t)(i * 7 + 1);
	n += pl;
	if (proto == IPPROTO_TCP)
		put16(l4 + 16, csum_fold_sum(csum_add(pseudo_sum(s->family, ip, proto, n), l4, n)));
	else if (proto == IPPROTO_UDP && !s->udp_zero_csum) {
		uint16_t c = csum_fold_sum(csum_add(pseudo_sum(s->family, ip, proto, n), l4, n));

		put16(l4 + 6, c ? c : 0xffff);
	} else if (proto == IPPROTO_ICMP)
		put16(l4 + 2, csum_fold_sum(csum_add(0, l4, n)));
	else if (proto == IPPROTO_ICMPV6)
		put16(l4 + 2, csum_fold_sum(csum_add(pseudo_sum(6, ip, proto, n), l4, n)));
	return n;
}

int pkt_build(uint8_t *buf, const struct pkt_spec *s)
{
	uint8_t *p = buf, *ip, *l4;
	int l4len;

	memset(buf, 0, 256);
	memcpy(p, "\x02\x00\x00\x00\x00\x01", 6);     /* dst MAC */
	memcpy(p + 6, "\x02\x00\x00\x00\x00\x02", 6); /* src MAC */
	p += 12;
	if (s->vlan) {
		put16(p, 0x8100);
		put16(p + 2, 100);
		p += 4;
	}
	put16(p, s->family == 4 ? 0x0800 : 0x86dd);
	p += 2;
	ip = p;
	if (s->family == 4) {
		int hl = 20 + 4 * s->ip_opt_words;

		ip[0] = 0x40 | (hl / 4);
		ip[8] = 64;
		ip[9] = s->proto;
		inet_pton(AF_INET, s->src, ip + 12);
		inet_pton(AF_INET, s->dst, ip + 16);
		memset(ip + 20, 1, hl - 20); /* NOP options */
		if (s->frag)
			ip[6] = 0x20; /* MF */
		if (s->df)
			ip[6] |= 0x40;
		l4 = ip + hl;
		l4len = build_l4(ip, l4, s);
		put16(ip + 2, (uint16_t)(hl + l4len + (s->bad_len ? 100 : 0)));
		put16(ip + 10, csum_fold_sum(csum_add(0, ip, hl)));
		return (int)(l4 + l4len - buf);
	}
	ip[0] = 0x60;
	ip[6] = s->frag ? 44 : s->proto;
	ip[7] = 64;
	inet_pton(AF_INET6, s->src, ip + 8);
	inet_pton(AF_INET6, s->dst, ip + 24);
	l4 = ip + 40;
	if (s->frag) {
		memset(l4, 0, 8);
		l4[0] = s->proto;
		l4[3] = 1; /* M flag */
		l4 += 8;
	}
	l4len = build_l4(ip, l4, s);
	put16(ip + 4, (uint16_t)(l4 + l4len - ip - 40 + (s->bad_len ? 100 : 0)));
	return (int)(l4 + l4len - buf);
}

/* Parses an IP packet (IPv4 or IPv6 by version) into addresses/ports; returns L4 offset. */
static int parse_ip(const uint8_t *ip, int len, int *family, uint8_t *proto, char *src, char *dst,
		    uint16_t *sport, uint16_t *dport, int *ipcsum_ok)
{
	int hl;

	if (len < 20)
		return -1;
	if ((ip[0] >> 4) == 4) {
		hl = (ip[0] & 15) * 4;
		*family = 4;
		*proto = ip[9];
		inet_ntop(AF_INET, ip + 12, src, 64);
		inet_ntop(AF_INET, ip + 16, dst, 64);
		*ipcsum_ok = csum_fold_sum(csum_add(0, ip, hl)) == 0;
	} else {
		if (len < 40)
			return -1;
		hl = 40;
		*family = 6;
		*proto = ip[6];
		inet_ntop(AF_INET6, ip + 8, src, 64);
		inet_ntop(AF_INET6, ip + 24, dst, 64);
		*ipcsum_ok = 1;
	}
	if (len >= hl + 4 && *proto != IPPROTO_ICMP && *proto != IPPROTO_ICMPV6) {
		*sport = get16(ip + hl);
		*dport = get16(ip + hl + 2);
	}
	return hl;
}

int pkt_parse(const uint8_t *buf, int len, struct pkt_view *v)
{
	const uint8_t *ip = buf + 14;
	int hl, ipok = 0, n;

	memset(v, 0, sizeof(*v));
	if (get16(buf + 12) == 0x8100) {
		v->vlan = 1;
		ip += 4;
	}
	hl = parse_ip(ip, len - (int)(ip - buf), &v->family, &v->proto, v->src, v->dst, &v->sport,
		      &v->dport, &ipok);
	if (hl < 0)
		return -1;
	v->l4 = ip + hl;
	n = len - (int)(v->l4 - buf);
	v->l4_len = n;
	v->csum_ok = ipok;
	switch (v->proto) {
	case IPPROTO_TCP:
		v->csum_ok &= csum_fold_sum(csum_add(pseudo_sum(v->family, ip, v->proto, n), v->l4,
						     n)) == 0;
		break;
	case IPPROTO_UDP:
		if (get16(v->l4 + 6))
			v->csum_ok &= csum_fold_sum(csum_add(pseudo_sum(v->family, ip, v->proto, n),
							     v->l4, n)) == 0;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		uint32_t s = v->proto == IPPROTO_ICMP ? 0 : pseudo_sum(6, ip, v->proto, n);
		int f;
		uint8_t p;

		v->icmp_type = v->l4[0];
		v->csum_ok &= csum_fold_sum(csum_add(s, v->l4, n)) == 0;
		if (n > 8 + 20 && parse_ip(v->l4 + 8, n - 8, &f, &p, v->in_src, v->in_dst,
					   &v->in_sport, &v->in_dport, &v->in_csum_ok) > 0)
			v->inner_ok = 1;
		break;
	}
	}
	return 0;
}
