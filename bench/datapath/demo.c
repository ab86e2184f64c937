// SPDX-License-Identifier: GPL-2.0
/*
 * demo.c - loads the data plane on real interfaces for netns_check.sh (run inside the LB's
 * network namespace) and prints its counters.
 *   fl_demo up <fulcrum.bpf.o> <pin_root> <netns> <client-side if> <backend-side if>
 * (run from the root namespace: "ip netns exec" would hide /sys/fs/bpf; the tool enters <netns>
 * itself with setns, which keeps the mounts)
 *   fl_demo stats <pin_root>
 * The services are those of netns_check.sh's topology (see there).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "flt.h"

static int if_mac(const char *name, uint8_t *mac)
{
	struct ifreq r = {0};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", name);
	rc = ioctl(fd, SIOCGIFHWADDR, &r);
	close(fd);
	memcpy(mac, r.ifr_hwaddr.sa_data, 6);
	return rc;
}

static int up(const char *obj, const char *pin_root, const char *ns, const char *cif,
	      const char *bif)
{
	char nspath[160];
	int nsfd;

	struct flt_obj o;
	struct fl_config c = {.snat_port_min = 20000, .snat_port_max = 29999, .ct_tcp_syn_s = 30,
			      .ct_tcp_established_s = 3600, .ct_tcp_closing_s = 10, .ct_udp_s = 60,
			      .ct_sctp_s = 3600, .ct_icmp_s = 10};
	uint32_t b4 = 1, b6 = 2;
	struct fl_l2_key k4 = {.family = 4}, k6 = {.family = 6};
	struct timespec t;
	struct fl_l2_value l2 = {0};
	char prog_pin[160];
	int err;

	snprintf(nspath, sizeof(nspath), "/var/run/netns/%s", ns);
	nsfd = open(nspath, O_RDONLY);
	if (nsfd < 0 || setns(nsfd, CLONE_NEWNET)) {
		perror(nspath);
		return 1;
	}
	err = flt_load_at(&o, obj, "fulcrum_xdp",
			  "fl_flows=65536,fl_ring_pool=65536,fl_backends=1024,fl_services=1024,"
			  "fl_svc_stats=1024,fl_backend_stats=1024,fl_affinity=1024",
			  pin_root);
	if (err) {
		fprintf(stderr, "load: %d\n", err);
		return 1;
	}
	snprintf(prog_pin, sizeof(prog_pin), "%s/fulcrum_xdp", pin_root);
	bpf_obj_pin(o.prog_fd, prog_pin);
	flt_addr(&c.node_v4, 4, "198.18.2.1");
	flt_addr(&c.node_v6, 6, "2001:db8:2::1");
	flt_set_config(&o, &c);
	flt_add_backend(&o, 1, 4, "198.18.2.2", 8080, 1);
	flt_add_backend(&o, 2, 6, "2001:db8:2::2", 8080, 1);
	flt_add_service(&o, 4, "198.18.100.1", 80, IPPROTO_TCP, 1, 0, 0, 7, &b4, 1);
	flt_add_service(&o, 4, "198.18.100.1", 81, IPPROTO_TCP, 2, FL_SVC_F_DNAT_ONLY, 0, 7, &b4, 1);
	flt_add_service(&o, 6, "2001:db8:100::1", 80, IPPROTO_TCP, 3, 0, 7, 7, &b6, 1);
	flt_add_service(&o, 6, "2001:db8:100::1", 81, IPPROTO_TCP, 4, FL_SVC_F_DNAT_ONLY, 7, 7,
			&b6, 1);
	flt_add_backend(&o, 3, 4, "198.18.2.2", 5353, 1);
	flt_add_backend(&o, 4, 6, "2001:db8:2::2", 5353, 1);
	flt_add_service(&o, 4, "198.18.100.1", 53, IPPROTO_UDP, 5, 0, 14, 7, (uint32_t[]){3}, 1);
	flt_add_service(&o, 6, "2001:db8:100::1", 53, IPPROTO_UDP, 6, 0, 21, 7, (uint32_t[]){4}, 1);
	flt_add_vip_entry(&o, 4, "198.18.100.1", 1);
	flt_add_vip_entry(&o, 6, "2001:db8:100::1", 3);
	clock_gettime(CLOCK_MONOTONIC, &t);
	l2.lease_expires_ns = (uint64_t)(t.tv_sec + 600) * 1000000000ull;
	if (if_mac(cif, l2.mac))
		fprintf(stderr, "no MAC for %s\n", cif);
	flt_addr(&k4.vip, 4, "198.18.100.1");
	flt_addr(&k6.vip, 6, "2001:db8:100::1");
	bpf_map_update_elem(flt_map_fd(&o, "fl_l2"), &k4, &l2, BPF_ANY);
	bpf_map_update_elem(flt_map_fd(&o, "fl_l2"), &k6, &l2, BPF_ANY);
	for (int i = 0; i < 2; i++) {
		const char *ifn = i ? bif : cif;
		int ifx = (int)if_nametoindex(ifn);

		err = bpf_xdp_attach(ifx, o.prog_fd, XDP_FLAGS_DRV_MODE, NULL);
		if (err) {
			fprintf(stderr, "attach %s: %d\n", ifn, err);
			return 1;
		}
	}
	bpf_object__close(o.obj);
	printf("fulcrum_xdp attached (driver mode) to %s and %s, pins in %s\n", cif, bif, pin_root);
	return 0;
}

static int pinned(const char *root, const char *name)
{
	char p[200];

	snprintf(p, sizeof(p), "%s/%s", root, name);
	return bpf_obj_get(p);
}

static int stats(const char *root)
{
	int ncpu = libbpf_num_possible_cpus(), fs = pinned(root, "fl_svc_stats"),
	    fb = pinned(root, "fl_backend_stats"), fd = pinned(root, "fl_drops"),
	    ff = pinned(root, "fl_flows"), n = 0;
	struct fl_counters v[512] = {0};
	uint64_t d[512] = {0};
	struct fl_flow_key k, next;
	void *prev = NULL;

	for (uint32_t id = 1; id <= 6; id++) {
		uint64_t p = 0, b = 0, nf = 0;

		bpf_map_lookup_elem(fs, &id, v);
		for (int c = 0; c < ncpu; c++) {
			p += v[c].packets;
			b += v[c].bytes;
			nf += v[c].new_flows;
		}
		printf("service %u: packets=%llu bytes=%llu new_flows=%llu\n", id,
		       (unsigned long long)p, (unsigned long long)b, (unsigned long long)nf);
	}
	for (uint32_t id = 1; id <= 4; id++) {
		uint64_t p = 0;

		bpf_map_lookup_elem(fb, &id, v);
		for (int c = 0; c < ncpu; c++)
			p += v[c].packets;
		printf("backend %u: packets=%llu\n", id, (unsigned long long)p);
	}
	for (uint32_t r = 0; r < FL_DROP_MAX; r++) {
		uint64_t s = 0;

		memset(d, 0, sizeof(d));
		bpf_map_lookup_elem(fd, &r, d);
		for (int c = 0; c < ncpu; c++)
			s += d[c];
		if (s)
			printf("drops reason %u: %llu\n", r, (unsigned long long)s);
	}
	while (!bpf_map_get_next_key(ff, prev, &next)) {
		k = next;
		prev = &k;
		n++;
	}
	printf("conntrack entries: %d\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "up"))
		return up(argv[2], argv[3], argv[4], argv[5], argv[6]);
	if (argc == 3 && !strcmp(argv[1], "stats"))
		return stats(argv[2]);
	fprintf(stderr, "usage: fl_demo up <obj> <pin_root> <client if> <backend if> | "
			"fl_demo stats <pin_root>\n");
	return 2;
}
