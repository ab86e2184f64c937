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

#include "tcase.h"

int failures, checks;
struct flt_obj O;
int IFX;
uint8_t in[2048], out[2048];

/* Runs spec; returns verdict and parses the result into v. */
int run(const struct pkt_spec *s, struct pkt_view *v)
{
	uint32_t olen = 0;
	int len = pkt_build(in, s);
	int rc = flt_run(&O, IFX, in, len, out, &olen, 1, NULL);

	if (v)
		pkt_parse(out, (int)olen, v);
	return rc;
}

const char *V4_VIP = "198.18.100.1", *V6_VIP = "2001:db8:100::1";
const char *V4_NODE = "198.18.0.1", *V6_NODE = "2001:db8::1";

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
	flt_add_backend(&O, 6, 4, "198.18.0.16", 8080, 1);  /* behind MTU 1300 */
	flt_add_backend(&O, 13, 6, "2001:db8::16", 8080, 1); /* behind MTU 1280 */
	flt_add_service(&O, 4, V4_VIP, 85, IPPROTO_TCP, 11, 0, 47, 7, (uint32_t[]){6}, 1);
	flt_add_service(&O, 6, V6_VIP, 85, IPPROTO_TCP, 12, 0, 54, 7, (uint32_t[]){13}, 1);
	flt_add_vip_entry(&O, 4, V4_VIP, 1);
	flt_add_vip_entry(&O, 6, V6_VIP, 9);
}

struct pkt_spec tcp4(const char *src, uint16_t sport, uint16_t dport, uint8_t flags)
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
	/* the flow's ORIGINAL entry is evicted: its own REPLY entry does not block it */
	{
		struct fl_flow_key k = {.sport_be = htons(5000), .dport_be = htons(3868),
					.proto = IPPROTO_SCTP, .family = 4};

		flt_addr(&k.src, 4, "198.19.0.10");
		flt_addr(&k.dst, 4, V4_VIP);
		CHECK(!bpf_map_delete_elem(flt_map_fd(&O, "fl_flows"), &k), "evict original");
		s.dport = 3868;
		CHECK(run(&s, &v) == XDP_TX && v.sport == 5000, "same association again");
	}
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
	/* the id the flow now uses is reused for another address: the flow does not follow it */
	{
		char cur[64];
		int cur_is_1;

		CHECK(run(&s, &v) == XDP_TX, "current");
		strcpy(cur, v.dst);
		cur_is_1 = !strcmp(cur, "198.18.0.10");
		flt_add_backend(&O, cur_is_1 ? 1 : 2, 4, "198.18.0.15", 8080, 1);
		CHECK(run(&s, &v) == XDP_TX && strcmp(v.dst, cur), "id reuse: re-selected (%s)",
		      v.dst);
		flt_add_backend(&O, cur_is_1 ? 1 : 2, 4, cur, 8080, 1);
	}
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
	{ /* the table changes: the client stays (affinity); once the affinity expires, it moves */
		uint32_t b1[] = {1}, b2[] = {2};
		int on1 = !strcmp(be, "198.18.0.10");
		struct fl_affinity_key ak = {.svc_id = 8, .family = 4};
		struct fl_affinity_value av;
		int afd = flt_map_fd(&O, "fl_affinity");

		flt_add_service(&O, 4, V4_VIP, 84, IPPROTO_TCP, 8, FL_SVC_F_AFFINITY, 0, 13,
				on1 ? b2 : b1, 1);
		s.sport = 5100;
		CHECK(run(&s, &v) == XDP_TX && !strcmp(v.dst, be), "sticks: %s", v.dst);
		flt_addr(&ak.client, 4, "198.19.0.30");
		CHECK(!bpf_map_lookup_elem(afd, &ak, &av), "affinity entry");
		av.last_seen_ns = 1;
		bpf_map_update_elem(afd, &ak, &av, BPF_ANY);
		s.sport = 5101;
		CHECK(run(&s, &v) == XDP_TX && strcmp(v.dst, be), "expired: moves to %s", v.dst);
		flt_add_service(&O, 4, V4_VIP, 84, IPPROTO_TCP, 8, FL_SVC_F_AFFINITY, 0, 13,
				(uint32_t[]){1, 2}, 2);
	}
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
	{
		struct bpf_prog_info info = {0};
		uint32_t len = sizeof(info);

		bpf_obj_get_info_by_fd(O.prog_fd, &info, &len);
		printf("loaded (verifier ok): %u instructions verified, %u translated bytes\n",
		       info.verified_insns, info.xlated_prog_len);
	}
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
	test_icmp_error_client_side();
	test_tcp_states();
	test_too_big();
	test_random_host_traffic_passes();
	flt_unload(&O);
	printf("%d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
