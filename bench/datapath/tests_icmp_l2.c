// SPDX-License-Identifier: GPL-2.0
/* tests_icmp_l2.c - packet-table tests: ping, ICMP error translation, ARP / NS responder. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include "tcase.h"

void test_ping(void)
{
	struct pkt_spec s = {.family = 4, .proto = IPPROTO_ICMP, .src = "198.19.0.40",
			     .dst = V4_VIP, .icmp_type = 8, .payload_len = 32};
	struct pkt_view v;

	CHECK(run(&s, &v) == XDP_TX, "ping v4");
	CHECK(v.icmp_type == 0 && !strcmp(v.src, V4_VIP) && !strcmp(v.dst, "198.19.0.40") &&
		      v.csum_ok, "echo reply v4 %d %s", v.icmp_type, v.src);
	CHECK(!memcmp(out, in + 6, 6), "mac swapped");
	s = (struct pkt_spec){.family = 6, .proto = IPPROTO_ICMPV6, .src = "2001:db8:1::40",
			      .dst = V6_VIP, .icmp_type = 128, .payload_len = 32};
	CHECK(run(&s, &v) == XDP_TX, "ping v6");
	CHECK(v.icmp_type == 129 && !strcmp(v.src, V6_VIP) && v.csum_ok, "echo reply v6");
}

/* ICMP error from a backend about a full-NAT flow: translated back to the client. */
void test_icmp_errors(void)
{
	struct pkt_spec s = tcp4("198.19.0.50", 7000, 80, 0x02), inner, e;
	struct pkt_view v;
	uint8_t q[256];
	char be[64];
	uint16_t sport;
	int n;

	CHECK(run(&s, &v) == XDP_TX, "flow");
	strcpy(be, v.dst);
	sport = v.sport;
	/* the quoted packet is the translated one, as the backend side saw it */
	inner = (struct pkt_spec){.family = 4, .proto = IPPROTO_TCP, .src = V4_NODE, .dst = be,
				  .sport = sport, .dport = 8080, .tcp_flags = 0x10};
	n = pkt_build(q, &inner) - 14;
	e = (struct pkt_spec){.family = 4, .proto = IPPROTO_ICMP, .src = be, .dst = V4_NODE,
			      .icmp_type = 3, .icmp_code = 4, .icmp_mtu = 1400, .inner = q + 14,
			      .inner_len = n};
	CHECK(run(&e, &v) == XDP_TX, "frag needed translated");
	CHECK(!strcmp(v.src, V4_VIP) && !strcmp(v.dst, "198.19.0.50"), "outer %s -> %s", v.src,
	      v.dst);
	CHECK(v.inner_ok && !strcmp(v.in_src, "198.19.0.50") && v.in_sport == 7000 &&
		      !strcmp(v.in_dst, V4_VIP) && v.in_dport == 80, "inner %s:%u -> %s:%u",
	      v.in_src, v.in_sport, v.in_dst, v.in_dport);
	CHECK(v.csum_ok && v.in_csum_ok, "icmp + quoted ip checksums");
	{ /* quoted TCP checksum valid too */
		const uint8_t *iip = v.l4 + 8;
		int ql = v.l4_len - 8 - 20;
		uint32_t sum = csum_add(0, iip + 12, 8) + IPPROTO_TCP + (uint32_t)ql;

		CHECK(csum_fold_sum(csum_add(sum, iip + 20, ql)) == 0, "quoted tcp checksum");
	}
	/* IPv6: packet too big from the backend */
	s = (struct pkt_spec){.family = 6, .proto = IPPROTO_TCP, .src = "2001:db8:1::50",
			      .dst = V6_VIP, .sport = 7001, .dport = 80, .tcp_flags = 0x02};
	CHECK(run(&s, &v) == XDP_TX, "v6 flow");
	strcpy(be, v.dst);
	sport = v.sport;
	inner = (struct pkt_spec){.family = 6, .proto = IPPROTO_TCP, .src = V6_NODE, .dst = be,
				  .sport = sport, .dport = 8080, .tcp_flags = 0x10};
	n = pkt_build(q, &inner) - 14;
	e = (struct pkt_spec){.family = 6, .proto = IPPROTO_ICMPV6, .src = be, .dst = V6_NODE,
			      .icmp_type = 2, .icmp_mtu = 1280, .inner = q + 14, .inner_len = n};
	CHECK(run(&e, &v) == XDP_TX, "v6 packet too big translated");
	CHECK(!strcmp(v.src, V6_VIP) && !strcmp(v.dst, "2001:db8:1::50") && v.csum_ok,
	      "v6 outer %s -> %s", v.src, v.dst);
	CHECK(v.inner_ok && !strcmp(v.in_src, "2001:db8:1::50") && v.in_sport == 7001 &&
		      !strcmp(v.in_dst, V6_VIP) && v.in_dport == 80, "v6 inner %s", v.in_src);
	/* an error about no tracked flow passes */
	inner.sport = 1;
	n = pkt_build(q, &inner) - 14;
	CHECK(run(&e, &v) == XDP_PASS, "unrelated error passes");
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

void test_l2(void)
{
	uint8_t arp[64] = {0};
	uint32_t olen;
	struct fl_l2_key k = {.family = 4};
	struct fl_l2_value val = {.lease_expires_ns = now_ns() + 10000000000ull,
				  .mac = {0x02, 0xaa, 0, 0, 0, 1}};
	int fd = flt_map_fd(&O, "fl_l2");

	memcpy(arp, "\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x09\x08\x06", 14);
	memcpy(arp + 14, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
	memcpy(arp + 22, "\x02\x00\x00\x00\x00\x09", 6);
	inet_pton(AF_INET, "198.18.0.9", arp + 28);
	inet_pton(AF_INET, V4_VIP, arp + 38);
	CHECK(flt_run(&O, IFX, arp, 60, out, &olen, 1, NULL) == XDP_PASS, "not in map: silent");
	flt_addr(&k.vip, 4, V4_VIP);
	bpf_map_update_elem(fd, &k, &val, BPF_ANY);
	CHECK(flt_run(&O, IFX, arp, 60, out, &olen, 1, NULL) == XDP_TX, "ARP answered");
	CHECK(out[21] == 2 && !memcmp(out + 22, val.mac, 6) && !memcmp(out + 6, val.mac, 6) &&
		      !memcmp(out, arp + 6, 6) && !memcmp(out + 28, arp + 38, 4) &&
		      !memcmp(out + 38, arp + 28, 4), "ARP reply fields");
	/* zero MAC in the map, unicast probe: answered with the MAC the probe was sent to */
	memset(val.mac, 0, 6);
	bpf_map_update_elem(fd, &k, &val, BPF_ANY);
	memcpy(arp, "\x02\x00\x00\x00\x00\x01", 6);
	CHECK(flt_run(&O, IFX, arp, 60, out, &olen, 1, NULL) == XDP_TX, "unicast probe");
	CHECK(!memcmp(out + 22, "\x02\x00\x00\x00\x00\x01", 6), "answered with ingress MAC");
	memcpy(arp, "\xff\xff\xff\xff\xff\xff", 6);
	/* zero MAC, broadcast from a known neighbour: the FIB names the ingress MAC */
	inet_pton(AF_INET, "198.18.0.10", arp + 28);
	CHECK(flt_run(&O, IFX, arp, 60, out, &olen, 1, NULL) == XDP_TX, "broadcast, FIB MAC");
	CHECK(!memcmp(out + 22, "\x02\x00\x00\x00\x00\x01", 6), "answered with veth0's MAC");
	/* zero MAC, broadcast from an unknown requester: silent */
	inet_pton(AF_INET, "198.18.0.9", arp + 28);
	CHECK(flt_run(&O, IFX, arp, 60, out, &olen, 1, NULL) == XDP_PASS, "no MAC known: pass");
	memcpy(val.mac, "\x02\xaa\x00\x00\x00\x01", 6);
	val.lease_expires_ns = now_ns() - 1;
	bpf_map_update_elem(fd, &k, &val, BPF_ANY);
	CHECK(flt_run(&O, IFX, arp, 60, out, &olen, 1, NULL) == XDP_PASS, "lease over: silent");

	/* IPv6 neighbour solicitation */
	uint8_t ns[86] = {0};
	struct pkt_view v;
	uint32_t sum;

	memcpy(ns, "\x33\x33\xff\x00\x00\x01\x02\x00\x00\x00\x00\x09\x86\xdd", 14);
	ns[14] = 0x60;
	ns[19] = 32;
	ns[20] = 58;
	ns[21] = 255;
	inet_pton(AF_INET6, "2001:db8::9", ns + 22);
	inet_pton(AF_INET6, "ff02::1:ff00:1", ns + 38);
	ns[54] = 135;
	inet_pton(AF_INET6, V6_VIP, ns + 62);
	ns[78] = 1;
	ns[79] = 1;
	memcpy(ns + 80, "\x02\x00\x00\x00\x00\x09", 6);
	sum = csum_add(0, ns + 22, 32) + 58 + 32;
	sum = csum_add(sum, ns + 54, 32);
	uint16_t c = csum_fold_sum(sum);
	ns[56] = c >> 8;
	ns[57] = c & 0xff;
	k.family = 6;
	flt_addr(&k.vip, 6, V6_VIP);
	CHECK(flt_run(&O, IFX, ns, 86, out, &olen, 1, NULL) == XDP_PASS, "NS not in map");
	val.lease_expires_ns = now_ns() + 10000000000ull;
	bpf_map_update_elem(fd, &k, &val, BPF_ANY);
	CHECK(flt_run(&O, IFX, ns, 86, out, &olen, 1, NULL) == XDP_TX, "NS answered");
	pkt_parse(out, (int)olen, &v);
	CHECK(v.icmp_type == 136 && v.csum_ok && !strcmp(v.src, V6_VIP) &&
		      !strcmp(v.dst, "2001:db8::9") && out[78] == 2 && !memcmp(out + 80, val.mac, 6),
	      "NA fields type=%d csum=%d", v.icmp_type, v.csum_ok);
}


/* ICMP error from the client side about a reply we sent from the VIP: goes to the backend. */
void test_icmp_error_client_side(void)
{
	struct pkt_spec s = tcp4("198.19.0.51", 7100, 80, 0x02), inner, e;
	struct pkt_view v;
	uint8_t q[256];
	char be[64];
	uint16_t sport;
	int n;

	CHECK(run(&s, &v) == XDP_TX, "flow");
	strcpy(be, v.dst);
	sport = v.sport;
	inner = (struct pkt_spec){.family = 4, .proto = IPPROTO_TCP, .src = V4_VIP,
				  .dst = "198.19.0.51", .sport = 80, .dport = 7100,
				  .tcp_flags = 0x10, .payload_len = 4};
	n = pkt_build(q, &inner) - 14;
	e = (struct pkt_spec){.family = 4, .proto = IPPROTO_ICMP, .src = "198.19.0.254",
			      .dst = V4_VIP, .icmp_type = 3, .icmp_code = 4, .icmp_mtu = 1280,
			      .inner = q + 14, .inner_len = n};
	CHECK(run(&e, &v) == XDP_TX, "client-side error translated");
	CHECK(!strcmp(v.src, V4_NODE) && !strcmp(v.dst, be), "outer %s -> %s", v.src, v.dst);
	CHECK(v.inner_ok && !strcmp(v.in_src, be) && v.in_sport == 8080 &&
		      !strcmp(v.in_dst, V4_NODE) && v.in_dport == sport,
	      "inner %s:%u -> %s:%u", v.in_src, v.in_sport, v.in_dst, v.in_dport);
	CHECK(v.csum_ok && v.in_csum_ok, "checksums");
}

static uint8_t ct_state(int family, const char *src, uint16_t sport, const char *dst,
			uint16_t dport)
{
	struct fl_flow_key k = {.sport_be = htons(sport), .dport_be = htons(dport),
				.proto = IPPROTO_TCP, .family = (uint8_t)family};
	struct fl_flow_value fv;

	flt_addr(&k.src, family, src);
	flt_addr(&k.dst, family, dst);
	if (bpf_map_lookup_elem(flt_map_fd(&O, "fl_flows"), &k, &fv))
		return 0xff;
	return fv.state;
}

/* TCP states in both entries: NEW, ESTABLISHED on the reply, CLOSING on FIN, CLOSED on RST. */
void test_tcp_states(void)
{
	struct pkt_spec s = tcp4("198.19.0.60", 8000, 80, 0x02), r;
	struct pkt_view v;
	char be[64];
	uint16_t sp;

	CHECK(run(&s, &v) == XDP_TX, "syn");
	strcpy(be, v.dst);
	sp = v.sport;
	CHECK(ct_state(4, "198.19.0.60", 8000, V4_VIP, 80) == FL_CT_NEW, "original NEW");
	CHECK(ct_state(4, be, 8080, V4_NODE, sp) == FL_CT_NEW, "reply NEW");
	r = (struct pkt_spec){.family = 4, .proto = IPPROTO_TCP, .src = be, .dst = V4_NODE,
			      .sport = 8080, .dport = sp, .tcp_flags = 0x12};
	CHECK(run(&r, &v) == XDP_TX, "syn-ack");
	CHECK(ct_state(4, "198.19.0.60", 8000, V4_VIP, 80) == FL_CT_ESTABLISHED, "established");
	CHECK(ct_state(4, be, 8080, V4_NODE, sp) == FL_CT_ESTABLISHED, "reply established");
	s.tcp_flags = 0x11; /* FIN ACK */
	CHECK(run(&s, &v) == XDP_TX, "fin");
	CHECK(ct_state(4, "198.19.0.60", 8000, V4_VIP, 80) == FL_CT_CLOSING, "closing");
	CHECK(ct_state(4, be, 8080, V4_NODE, sp) == FL_CT_CLOSING, "reply closing");
	r.tcp_flags = 0x04; /* RST */
	CHECK(run(&r, &v) == XDP_TX, "rst");
	CHECK(ct_state(4, "198.19.0.60", 8000, V4_VIP, 80) == FL_CT_CLOSED, "closed");
	s.tcp_flags = 0x02; /* the client reuses the 4-tuple: same backend, same port, NEW */
	CHECK(run(&s, &v) == XDP_TX && !strcmp(v.dst, be) && v.sport == sp, "reuse");
	CHECK(ct_state(4, "198.19.0.60", 8000, V4_VIP, 80) == FL_CT_NEW, "new again");

	/* the LRU evicts the REPLY entry alone: the next refresh writes it again */
	struct fl_flow_key rk = {.sport_be = htons(8080), .dport_be = htons(sp),
				 .proto = IPPROTO_TCP, .family = 4};
	int fd = flt_map_fd(&O, "fl_flows");

	flt_addr(&rk.src, 4, be);
	flt_addr(&rk.dst, 4, V4_NODE);
	CHECK(!bpf_map_delete_elem(fd, &rk), "evict reply entry");
	r.tcp_flags = 0x12;
	CHECK(run(&r, &v) == XDP_PASS, "reply without entry goes to the kernel");
	s.tcp_flags = 0x11; /* a state change (FIN) refreshes */
	CHECK(run(&s, &v) == XDP_TX, "client packet");
	r.tcp_flags = 0x10;
	CHECK(run(&r, &v) == XDP_TX && !strcmp(v.src, V4_VIP) && v.dport == 8000,
	      "reply entry rebuilt: %s:%u", v.src, v.dport);
	/* and the other way round: ORIGINAL evicted, a reply rebuilds it */
	struct fl_flow_key ok = {.sport_be = htons(8000), .dport_be = htons(80),
				 .proto = IPPROTO_TCP, .family = 4};

	flt_addr(&ok.src, 4, "198.19.0.60");
	flt_addr(&ok.dst, 4, V4_VIP);
	CHECK(!bpf_map_delete_elem(fd, &ok), "evict original entry");
	r.tcp_flags = 0x04; /* RST: a state change */
	CHECK(run(&r, &v) == XDP_TX, "reply");
	CHECK(ct_state(4, "198.19.0.60", 8000, V4_VIP, 80) == FL_CT_CLOSED, "original rebuilt");
	s.tcp_flags = 0x10;
	CHECK(run(&s, &v) == XDP_TX && !strcmp(v.dst, be) && v.sport == sp,
	      "same backend and port: %s:%u", v.dst, v.sport);
}

/* Too big for the egress MTU and not to be fragmented: the balancer answers untranslated. */
void test_too_big(void)
{
	struct pkt_spec s = tcp4("198.19.0.70", 9000, 85, 0x10);
	struct pkt_view v;
	uint32_t olen;
	int len;

	s.payload_len = 1400;
	s.df = 1;
	len = pkt_build(in, &s);
	CHECK(flt_run(&O, IFX, in, len, out, &olen, 1, NULL) == XDP_TX, "v4 DF too big answered");
	pkt_parse(out, (int)olen, &v);
	CHECK(olen == 70 && v.proto == IPPROTO_ICMP && v.icmp_type == 3 && v.l4[1] == 4,
	      "frag needed, len %u type %d", olen, v.icmp_type);
	CHECK((v.l4[6] << 8 | v.l4[7]) == 1300, "mtu %d", v.l4[6] << 8 | v.l4[7]);
	CHECK(!strcmp(v.src, V4_VIP) && !strcmp(v.dst, "198.19.0.70") && v.csum_ok,
	      "from the VIP to the client, checksums");
	CHECK(v.inner_ok && !strcmp(v.in_src, "198.19.0.70") && v.in_sport == 9000 &&
		      !strcmp(v.in_dst, V4_VIP) && v.in_dport == 85 && v.in_csum_ok,
	      "quotes the client's own packet");
	CHECK(!memcmp(out, in + 6, 6) && !memcmp(out + 6, in, 6), "back to the sender's MAC");
	s.df = 0;
	s.sport = 9001;
	CHECK(run(&s, &v) == XDP_PASS && !strcmp(v.dst, "198.18.0.16") && v.csum_ok,
	      "no DF: translated, the kernel fragments");
	s = (struct pkt_spec){.family = 6, .proto = IPPROTO_TCP, .src = "2001:db8:1::70",
			      .dst = V6_VIP, .sport = 9000, .dport = 85, .tcp_flags = 0x10,
			      .payload_len = 1400};
	len = pkt_build(in, &s);
	CHECK(flt_run(&O, IFX, in, len, out, &olen, 1, NULL) == XDP_TX, "v6 too big answered");
	pkt_parse(out, (int)olen, &v);
	CHECK(olen == 110 && v.proto == IPPROTO_ICMPV6 && v.icmp_type == 2 && v.csum_ok,
	      "packet too big, len %u type %d csum %d", olen, v.icmp_type, v.csum_ok);
	CHECK((v.l4[4] << 24 | v.l4[5] << 16 | v.l4[6] << 8 | v.l4[7]) == 1280, "v6 mtu");
	CHECK(!strcmp(v.src, V6_VIP) && !strcmp(v.dst, "2001:db8:1::70") && v.inner_ok &&
		      !strcmp(v.in_dst, V6_VIP) && v.in_dport == 85, "v6 addresses and quote");
}

/* Host traffic never breaks: random frames not addressed to a VIP are never dropped or rewritten. */
void test_random_host_traffic_passes(void)
{
	uint32_t olen, seed = 12345;
	int bad = 0, changed = 0;

	for (int i = 0; i < 3000; i++) {
		struct pkt_spec s = {0};
		char src[64], dst[64];
		uint8_t protos[] = {IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP,
				    IPPROTO_ICMPV6, 47, 50};
		int len, rc;

		seed = seed * 1103515245u + 12345u;
		s.family = (seed >> 8) & 1 ? 4 : 6;
		if (s.family == 4) {
			sprintf(src, "198.19.%u.%u", (seed >> 10) & 255, (seed >> 18) & 255);
			sprintf(dst, "198.18.%u.%u", 101 + ((seed >> 3) & 63), (seed >> 12) & 255);
		} else {
			sprintf(src, "2001:db8:1::%x", (seed >> 10) & 0xffff);
			sprintf(dst, "2001:db8:77::%x", (seed >> 14) & 0xffff);
		}
		s.src = src;
		s.dst = dst;
		s.proto = protos[(seed >> 20) % 7];
		s.sport = (uint16_t)(seed >> 5);
		s.dport = (uint16_t)((seed >> 7) % 3 ? 80 : seed >> 16);
		s.tcp_flags = (uint8_t)(seed >> 24);
		s.icmp_type = (uint8_t)((seed >> 9) % 4 ? 8 : seed >> 25);
		s.frag = ((seed >> 27) & 7) == 0;
		s.bad_len = ((seed >> 28) & 7) == 1;
		s.vlan = ((seed >> 29) & 3) == 0;
		s.payload_len = (int)((seed >> 11) % 64);
		len = pkt_build(in, &s);
		if ((seed >> 30) == 3) /* truncate somewhere */
			len = 14 + (int)((seed >> 4) % (uint32_t)(len - 14));
		rc = flt_run(&O, IFX, in, len, out, &olen, 1, NULL);
		bad += rc != XDP_PASS;
		changed += olen != (uint32_t)len || memcmp(in, out, (size_t)len);
	}
	CHECK(bad == 0 && changed == 0, "%d of 3000 not passed, %d changed", bad, changed);
}
