// SPDX-License-Identifier: GPL-2.0
/*
 * tests.c - packet-table tests of the XDP data plane through BPF_PROG_TEST_RUN, run in a private
 * network namespace with a private bpffs pin root. Usage: fl_tests <fulcrum.bpf.o>
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flt.h"
#include "pkt.h"

static int failures, checks;
static struct flt_obj O;
static int IFX;

#define CHECK(cond, ...)                                                                       \
	do {                                                                                   \
		checks++;                                                                      \
		if (!(cond)) {                                                                 \
			failures++;                                                            \
			printf("FAIL %s:%d: %s: ", __func__, __LINE__, #cond);                 \
			printf(__VA_ARGS__);                                                   \
			printf("\n");                                                          \
		}                                                                              \
	} while (0)

static uint8_t in[2048], out[2048];

/* Runs spec; returns verdict and parses the result into v. */
static int run(const struct pkt_spec *s, struct pkt_view *v)
{
	uint32_t olen = 0;
	int len = pkt_build(in, s);
	int rc = flt_run(&O, IFX, in, len, out, &olen, 1, NULL);

	if (v)
		pkt_parse(out, (int)olen, v);
	return rc;
}

static const char *V4_VIP = "198.18.100.1", *V6_VIP = "2001:db8:100::1";
static const char *V4_NODE = "198.18.0.1", *V6_NODE = "2001:db8::1";

static void setup_maps(void)
{
	struct fl_config c = {.snat_port_min = 40000, .snat_port_max = 40999,
			      .ct_tcp_syn_s = 30, .ct_tcp_established_s = 3600,
			      .ct_tcp_closing_s = 10, .ct_udp_s = 60, .ct_sctp_s = 3600,
			      .ct_icmp_s = 10};
	uint32_t b4[] = {1, 2}, b6[] = {11, 12}, bd[] = {3}, bs[] = {4}, bsbad[] = {5};

	flt_addr(&c.node_v4, 4, V4_NODE);
	flt_addr(&c.node_v6, 6, V6_NODE);
	flt_set_config(&O, &c);
	flt_add_backend(&O, 1, 4, "198.18.0.10", 8080, 1);
	flt_add_backend(&O, 2, 4, "198.18.0.11", 8080, 1);
	flt_add_backend(&O, 3, 4, "198.18.0.12", 9090, 1);
	flt_add_backend(&O, 4, 4, "198.18.0.13", 3868, 1); /* SCTP, same port */
	flt_add_backend(&O, 5, 4, "198.18.0.14", 3870, 1); /* SCTP, other port */
	flt_add_backend(&O, 11, 6, "2001:db8::10", 8080, 1);
	flt_add_backend(&O, 12, 6, "2001:db8::11", 8080, 1);
	/* services: id, flags, ring offset, ring size (prime), backends */
	flt_add_service(&O, 4, V4_VIP, 80, IPPROTO_TCP, 1, 0, 0, 13, b4, 2);
	flt_add_service(&O, 4, V4_VIP, 53, IPPROTO_UDP, 2, 0, 0, 13, b4, 2);
	flt_add_service(&O, 4, V4_VIP, 81, IPPROTO_TCP, 3, FL_SVC_F_DNAT_ONLY, 13, 7, bd, 1);
	flt_add_service(&O, 4, V4_VIP, 3868, IPPROTO_SCTP, 4, 0, 20, 7, bs, 1);
	flt_add_service(&O, 4, V4_VIP, 3869, IPPROTO_SCTP, 5, 0, 27, 7, bsbad, 1);
	flt_add_service(&O, 4, V4_VIP, 82, IPPROTO_TCP, 6, FL_SVC_F_DOWN_DROP, 0, 0, NULL, 0);
	flt_add_service(&O, 4, V4_VIP, 83, IPPROTO_TCP, 7, 0, 0, 0, NULL, 0);
	flt_add_service(&O, 4, V4_VIP, 84, IPPROTO_TCP, 8, FL_SVC_F_AFFINITY, 0, 13, b4, 2);
	flt_add_service(&O, 6, V6_VIP, 80, IPPROTO_TCP, 9, 0, 34, 13, b6, 2);
	flt_add_service(&O, 6, V6_VIP, 53, IPPROTO_UDP, 10, FL_SVC_F_DNAT_ONLY, 34, 13, b6, 2);
	flt_add_vip_entry(&O, 4, V4_VIP, 1);
	flt_add_vip_entry(&O, 6, V6_VIP, 9);
}

static struct pkt_spec tcp4(const char *src, uint16_t sport, uint16_t dport, uint8_t flags)
{
	struct pkt_spec s = {.family = 4, .proto = IPPROTO_TCP, .src = src, .dst = V4_VIP,
			     .sport = sport, .dport = dport, .tcp_flags = flags, .payload_len = 10};
	return s;
}

static void test_not_a_service_passes(void)
{
	struct pkt_spec s = tcp4("198.19.0.5", 1234, 80, 0x02);
	struct pkt_view v;

	s.dst = "198.18.0.77"; /* not a VIP */
	CHECK(run(&s, &v) == XDP_PASS, "non-VIP");
	CHECK(!memcmp(in, out, 60), "untouched");
	s = tcp4("198.19.0.5", 1234, 9999, 0x02); /* VIP, port without service */
	CHECK(run(&s, &v) == XDP_PASS, "VIP other port");
	s.family = 4;
	s.proto = IPPROTO_ICMP;
	s.dst = "198.18.0.77";
	s.icmp_type = 8;
	CHECK(run(&s, &v) == XDP_PASS, "ping to non-VIP");
}

static void test_full_nat_v4_tcp(void)
{
	struct pkt_spec s = tcp4("198.19.0.5", 1234, 80, 0x02), r;
	struct pkt_view v, v2;
	struct fl_counters c0, c1;
	char be[64];
	uint16_t sport;

	flt_counters(&O, "fl_svc_stats", 1, &c0);
	CHECK(run(&s, &v) == XDP_TX, "new flow TX");
	CHECK(!strcmp(v.src, V4_NODE), "snat src %s", v.src);
	CHECK(!strcmp(v.dst, "198.18.0.10") || !strcmp(v.dst, "198.18.0.11"), "dst %s", v.dst);
	CHECK(v.dport == 8080, "dport %u", v.dport);
	CHECK(v.sport >= 40000 && v.sport <= 40999, "sport %u", v.sport);
	CHECK(v.csum_ok, "checksums");
	CHECK(!memcmp(out, "\x02\x00\x00\x00\x00\xfe\x02\x00\x00\x00\x00\x01", 12) ||
		      !memcmp(out + 6, "\x02\x00\x00\x00\x00\x01", 6), "MACs from FIB");
	strcpy(be, v.dst);
	sport = v.sport;
	flt_counters(&O, "fl_svc_stats", 1, &c1);
	CHECK(c1.new_flows == c0.new_flows + 1 && c1.packets == c0.packets + 1, "svc counters");
	/* same flow again: same translation */
	s.tcp_flags = 0x10;
	CHECK(run(&s, &v2) == XDP_TX, "second packet");
	CHECK(!strcmp(v2.dst, be) && v2.sport == sport, "same backend and port");
	flt_counters(&O, "fl_svc_stats", 1, &c1);
	CHECK(c1.new_flows == c0.new_flows + 1 && c1.packets == c0.packets + 2, "no new flow");
	/* reply from the backend to node:sport */
	r = (struct pkt_spec){.family = 4, .proto = IPPROTO_TCP, .src = be, .dst = V4_NODE,
			      .sport = 8080, .dport = sport, .tcp_flags = 0x12, .payload_len = 3};
	CHECK(run(&r, &v) == XDP_TX, "reply TX");
	CHECK(!strcmp(v.src, V4_VIP) && v.sport == 80, "reply from vip %s:%u", v.src, v.sport);
	CHECK(!strcmp(v.dst, "198.19.0.5") && v.dport == 1234, "reply to client %s:%u", v.dst,
	      v.dport);
	CHECK(v.csum_ok, "reply checksums");
}

static void test_ip_options_and_vlan(void)
{
	struct pkt_spec s = tcp4("198.19.0.6", 1000, 80, 0x02);
	struct pkt_view v;

	s.ip_opt_words = 2;
	CHECK(run(&s, &v) == XDP_TX, "IPv4 options translated");
	CHECK(!strcmp(v.src, V4_NODE) && v.dport == 8080 && v.csum_ok, "options: %s %u", v.src,
	      v.dport);
	s = tcp4("198.19.0.7", 1000, 80, 0x02);
	s.vlan = 1;
	CHECK(run(&s, &v) == XDP_PASS, "VLAN: translated, kernel forwards");
	CHECK(v.vlan && !strcmp(v.src, V4_NODE) && v.dport == 8080 && v.csum_ok, "vlan nat");
}

static void test_udp(void)
{
	struct pkt_spec s = {.family = 4, .proto = IPPROTO_UDP, .src = "198.19.0.8",
			     .dst = V4_VIP, .sport = 5353, .dport = 53, .payload_len = 20};
	struct pkt_view v;

	CHECK(run(&s, &v) == XDP_TX && v.dport == 8080 && v.csum_ok, "udp nat");
	s.sport = 5354;
	s.udp_zero_csum = 1;
	CHECK(run(&s, &v) == XDP_TX, "udp zero csum");
	CHECK(v.l4[6] == 0 && v.l4[7] == 0, "zero UDP checksum stays zero");
}

static void test_dnat_only(void)
{
	struct pkt_spec s = tcp4("198.19.0.9", 2000, 81, 0x02), r;
	struct pkt_view v;

	CHECK(run(&s, &v) == XDP_TX, "dnat");
	CHECK(!strcmp(v.src, "198.19.0.9") && v.sport == 2000, "client kept %s", v.src);
	CHECK(!strcmp(v.dst, "198.18.0.12") && v.dport == 9090 && v.csum_ok, "to backend");
	r = (struct pkt_spec){.family = 4, .proto = IPPROTO_TCP, .src = "198.18.0.12",
			      .dst = "198.19.0.9", .sport = 9090, .dport = 2000, .tcp_flags = 0x12};
	CHECK(run(&r, &v) == XDP_TX, "dnat reply");
	CHECK(!strcmp(v.src, V4_VIP) && v.sport == 81 && !strcmp(v.dst, "198.19.0.9") &&
		      v.dport == 2000 && v.csum_ok, "dnat reply from vip: %s:%u", v.src, v.sport);
}

static void test_ipv6(void)
{
	struct pkt_spec s = {.family = 6, .proto = IPPROTO_TCP, .src = "2001:db8:1::5",
			     .dst = V6_VIP, .sport = 1111, .dport = 80, .tcp_flags = 0x02,
			     .payload_len = 9}, r;
	struct pkt_view v;
	char be[64];

	CHECK(run(&s, &v) == XDP_TX, "v6 new");
	CHECK(!strcmp(v.src, V6_NODE) && v.dport == 8080 && v.csum_ok, "v6 nat %s %s", v.src,
	      v.dst);
	strcpy(be, v.dst);
	r = (struct pkt_spec){.family = 6, .proto = IPPROTO_TCP, .src = be, .dst = V6_NODE,
			      .sport = 8080, .dport = v.sport, .tcp_flags = 0x12};
	CHECK(run(&r, &v) == XDP_TX, "v6 reply");
	CHECK(!strcmp(v.src, V6_VIP) && v.sport == 80 && !strcmp(v.dst, "2001:db8:1::5") &&
		      v.dport == 1111 && v.csum_ok, "v6 reply %s", v.src);
	s = (struct pkt_spec){.family = 6, .proto = IPPROTO_UDP, .src = "2001:db8:1::6",
			      .dst = V6_VIP, .sport = 999, .dport = 53, .payload_len = 7};
	CHECK(run(&s, &v) == XDP_TX, "v6 udp dnat");
	CHECK(!strcmp(v.src, "2001:db8:1::6") && v.dport == 8080 && v.csum_ok, "v6 udp");
	s.frag = 1;
	CHECK(run(&s, &v) == XDP_DROP, "v6 fragment to VIP");
	CHECK(flt_drops(&O, FL_DROP_FRAGMENT) >= 1, "counted");
	s.dst = "2001:db8:1::99";
	CHECK(run(&s, &v) == XDP_PASS, "v6 fragment elsewhere passes");
}

static void test_sctp(void)
{
	struct pkt_spec s = {.family = 4, .proto = IPPROTO_SCTP, .src = "198.19.0.10",
			     .dst = V4_VIP, .sport = 5000, .dport = 3868, .payload_len = 16};
	struct pkt_view v;
	uint64_t d0 = flt_drops(&O, FL_DROP_SCTP_PORT_CHANGE);

	CHECK(run(&s, &v) == XDP_TX, "sctp");
	CHECK(!strcmp(v.src, V4_NODE) && v.sport == 5000 && v.dport == 3868 &&
		      !strcmp(v.dst, "198.18.0.13"), "sctp address-only %s:%u", v.src, v.sport);
	CHECK(!memcmp(v.l4 + 8, "\xde\xad\xbe\xef", 4), "crc32c untouched");
	CHECK(v.csum_ok, "ip csum");
	s.dport = 3869;
	CHECK(run(&s, &v) == XDP_DROP, "sctp port change refused");
	CHECK(flt_drops(&O, FL_DROP_SCTP_PORT_CHANGE) == d0 + 1, "counted");
	/* another client, same source port, same backend: its port is taken */
	s.dport = 3868;
	s.src = "198.19.0.11";
	CHECK(run(&s, &v) == XDP_DROP, "sctp port clash");
	CHECK(flt_drops(&O, FL_DROP_SCTP_PORT_CLASH) == 1, "clash counted");
}

static void test_no_backend(void)
{
	struct pkt_spec s = tcp4("198.19.0.12", 3000, 82, 0x02);

	CHECK(run(&s, NULL) == XDP_DROP, "down drop");
	CHECK(flt_drops(&O, FL_DROP_NO_BACKEND) == 1, "counted");
	s.dport = 83;
	CHECK(run(&s, NULL) == XDP_PASS, "down pass");
}

static void test_malformed(void)
{
	struct pkt_spec s = tcp4("198.19.0.13", 3000, 80, 0x02);

	s.frag = 1;
	CHECK(run(&s, NULL) == XDP_DROP, "v4 fragment to VIP");
	s.dst = "198.18.0.77";
	CHECK(run(&s, NULL) == XDP_PASS, "v4 fragment elsewhere");
	s = tcp4("198.19.0.13", 3000, 80, 0x02);
	s.bad_len = 1;
	CHECK(run(&s, NULL) == XDP_DROP, "bad length to VIP");
	CHECK(flt_drops(&O, FL_DROP_BAD_IP_LEN) == 1, "counted");
	s.dst = "198.18.0.77";
	CHECK(run(&s, NULL) == XDP_PASS, "bad length elsewhere");
}

static void test_backend_changes(void)
{
	struct pkt_spec s = tcp4("198.19.0.20", 4000, 80, 0x02);
	struct pkt_view v;
	uint32_t only1[] = {1}, only2[] = {2};
	char be[64];

	CHECK(run(&s, &v) == XDP_TX, "flow");
	strcpy(be, v.dst);
	/* ring now points everywhere at the other backend: the flow keeps its backend */
	int first_is_1 = !strcmp(be, "198.18.0.10");
	flt_add_service(&O, 4, V4_VIP, 80, IPPROTO_TCP, 1, 0, 0, 13, first_is_1 ? only2 : only1, 1);
	s.tcp_flags = 0x10;
	CHECK(run(&s, &v) == XDP_TX && !strcmp(v.dst, be), "keeps backend %s", v.dst);
	/* its backend leaves (slot not IN_USE): the flow moves to the ring's backend */
	flt_add_backend(&O, first_is_1 ? 1 : 2, 4, be, 8080, 0);
	CHECK(run(&s, &v) == XDP_TX && strcmp(v.dst, be), "moves %s", v.dst);
	flt_add_backend(&O, first_is_1 ? 1 : 2, 4, be, 8080, 1);
	/* expired entry: reclaimed and replaced by a new choice */
	struct fl_flow_key k = {.sport_be = htons(4000), .dport_be = htons(80),
				.proto = IPPROTO_TCP, .family = 4};
	struct fl_flow_value fv;
	int fd = flt_map_fd(&O, "fl_flows");
	uint32_t both[] = {1, 2};

	flt_addr(&k.src, 4, "198.19.0.20");
	flt_addr(&k.dst, 4, V4_VIP);
	CHECK(!bpf_map_lookup_elem(fd, &k, &fv), "entry exists");
	fv.last_seen_ns = 1;
	fv.state = FL_CT_CLOSED; /* 10 s timeout */
	bpf_map_update_elem(fd, &k, &fv, BPF_ANY);
	flt_add_service(&O, 4, V4_VIP, 80, IPPROTO_TCP, 1, 0, 0, 13, first_is_1 ? only1 : only2, 1);
	CHECK(run(&s, &v) == XDP_TX && !strcmp(v.dst, be), "expired flow re-selected: %s", v.dst);
	flt_add_service(&O, 4, V4_VIP, 80, IPPROTO_TCP, 1, 0, 0, 13, both, 2);
}

static void test_affinity_and_snat_exhaustion(void)
{
	struct pkt_spec s = tcp4("198.19.0.30", 5000, 84, 0x02);
	struct pkt_view v;
	char be[64];
	int same = 1;

	CHECK(run(&s, &v) == XDP_TX, "affinity first");
	strcpy(be, v.dst);
	for (int p = 5001; p < 5010; p++) {
		s.sport = (uint16_t)p;
		run(&s, &v);
		same &= !strcmp(v.dst, be);
	}
	CHECK(same, "all flows of the client on one backend");
	/* one SNAT port only: the second flow to the same backend finds none */
	struct fl_config c = {.snat_port_min = 45000, .snat_port_max = 45000, .ct_tcp_syn_s = 30,
			      .ct_tcp_established_s = 3600, .ct_tcp_closing_s = 10};
	flt_addr(&c.node_v4, 4, V4_NODE);
	flt_addr(&c.node_v6, 6, V6_NODE);
	flt_set_config(&O, &c);
	s.src = "198.19.0.31";
	s.sport = 6000;
	CHECK(run(&s, &v) == XDP_TX && v.sport == 45000, "first gets the port");
	s.sport = 6001;
	CHECK(run(&s, &v) == XDP_DROP, "second: exhausted");
	CHECK(flt_drops(&O, FL_DROP_SNAT_PORTS_EXHAUSTED) == 1, "counted");
	c.snat_port_max = 40999;
	c.snat_port_min = 40000;
	flt_set_config(&O, &c);
}

static void test_ping(void)
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
static void test_icmp_errors(void)
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

static void test_l2(void)
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

int main(int argc, char **argv)
{
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s fulcrum.bpf.o\n", argv[0]);
		return 2;
	}
	IFX = flt_netns_setup();
	if (IFX <= 0)
		return 1;
	err = flt_load(&O, argv[1], "fulcrum_xdp",
		       "fl_flows=65536,fl_ring_pool=65536,fl_backends=1024,fl_services=1024");
	if (err) {
		fprintf(stderr, "load failed: %d\n", err);
		return 1;
	}
	printf("loaded (verifier ok)\n");
	setup_maps();
	test_not_a_service_passes();
	test_full_nat_v4_tcp();
	test_ip_options_and_vlan();
	test_udp();
	test_dnat_only();
	test_ipv6();
	test_sctp();
	test_no_backend();
	test_malformed();
	test_backend_changes();
	test_affinity_and_snat_exhaustion();
	test_ping();
	test_icmp_errors();
	test_l2();
	flt_unload(&O);
	printf("%d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
