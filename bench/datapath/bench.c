// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - ns/packet of the data plane through BPF_PROG_TEST_RUN, against two reference
 * programs measured in the same run (bpf/bench/ref_bare.bpf.c, bpf/bench/ref_minimal_nat.bpf.c).
 *
 * Usage: fl_bench <dir with fulcrum.bpf.o, ref_bare.bpf.o, ref_minimal_nat.bpf.o> [rounds]
 *
 * Established-flow path: BPF_PROG_TEST_RUN repeats one frame in place, so the measured frame must
 * stay the same after translation or the second repetition would take another path. The hit
 * flow therefore belongs to a DNAT-only service whose one backend is the VIP:port itself: the
 * data plane looks the flow up, rewrites (an identity, with the full checksum arithmetic), asks
 * the FIB and returns XDP_TX, every repetition. The counters printed prove it: R packets, one new
 * flow. The minimal NAT reference gets an identity flow too.
 *
 * New-flow path: 100,000 distinct full-NAT flows spread over the services are sent one by one
 * (repeat = 1, the kernel times the single run); their median is the new-flow cost, and they are
 * the 100,000 tracked flows the established measurement runs against. The reference inserts its
 * 100,000 flows the same way.
 *
 * The machine is shared and noisy: the process stays on one CPU, hit measurements of all programs
 * are interleaved round by round, the table shows medians, and the RESULT hit ratios are medians
 * of the per-round ratios (programs of one round ran back to back).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <sched.h>
#include <unistd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flt.h"
#include "pkt.h"

#define NFLOWS 100000
#define HIT_REPEAT 200000
#define RING 251 /* Maglev table size per service (prime) */
#define NBACKENDS 8

static int IFX;
static uint8_t frame[2048], outb[2048];

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Median of v[0..n) (v itself is left as it is; n <= NFLOWS). */
static double median(const uint32_t *in, int n)
{
	static uint32_t v[NFLOWS];

	memcpy(v, in, (size_t)n * sizeof(*v));
	qsort(v, (size_t)n, sizeof(*v), cmp_u32);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Median of a[i] / b[i]. */
static double paired(const uint32_t *a, const uint32_t *b, int n)
{
	double r[64], t;

	for (int i = 0; i < n; i++)
		r[i] = (double)a[i] / (double)b[i];
	for (int i = 1; i < n; i++) /* insertion sort, n <= 64 */
		for (int j = i; j > 0 && r[j - 1] > r[j]; j--) {
			t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	return n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
}

static void svc_addr(int i, char *vip, uint16_t *port)
{
	sprintf(vip, "198.18.100.%d", 1 + i % 200);
	*port = (uint16_t)(10000 + i / 200);
}

static int flow_frame(int k, int nsvc, uint8_t *buf)
{
	char src[32], vip[32];
	uint16_t port;
	struct pkt_spec s = {.family = 4, .proto = IPPROTO_TCP, .src = src, .dst = vip,
			     .tcp_flags = 0x02, .payload_len = 18};

	sprintf(src, "198.19.%d.%d", (k / 250) % 256, 1 + k % 250);
	svc_addr(k % nsvc, vip, &port);
	s.sport = (uint16_t)(1024 + k / 64000);
	s.dport = port;
	return pkt_build(buf, &s);
}

static int hit_frame(uint8_t *buf)
{
	struct pkt_spec s = {.family = 4, .proto = IPPROTO_TCP, .src = "198.19.255.1",
			     .dst = "198.18.100.250", .sport = 33333, .dport = 80,
			     .tcp_flags = 0x10, .payload_len = 18};
	return pkt_build(buf, &s);
}

static int setup_fulcrum(struct flt_obj *o, const char *dir, int nsvc)
{
	char path[512], vip[32];
	uint16_t port;
	struct fl_config c = {.snat_port_min = 1024, .snat_port_max = 65535, .ct_tcp_syn_s = 60,
			      .ct_tcp_established_s = 3600, .ct_tcp_closing_s = 10, .ct_udp_s = 60,
			      .ct_sctp_s = 3600, .ct_icmp_s = 10};
	uint32_t ids[NBACKENDS], self = 100;
	int err;

	snprintf(path, sizeof(path), "%s/fulcrum.bpf.o", dir);
	err = flt_load(o, path, "fulcrum_xdp",
		       "fl_flows=524288,fl_ring_pool=4194304,fl_backends=4096,fl_services=32768,"
		       "fl_affinity=1024,fl_svc_stats=32768,fl_backend_stats=4096");
	if (err)
		return err;
	flt_addr(&c.node_v4, 4, "198.18.0.1");
	flt_addr(&c.node_v6, 6, "2001:db8::1");
	flt_set_config(o, &c);
	for (int b = 0; b < NBACKENDS; b++) {
		char a[32];

		sprintf(a, "198.18.0.%d", 10 + b);
		ids[b] = (uint32_t)b + 1;
		flt_add_backend(o, ids[b], 4, a, 8080, 1);
	}
	for (int i = 0; i < nsvc; i++) {
		svc_addr(i, vip, &port);
		if (flt_add_service(o, 4, vip, port, IPPROTO_TCP, (uint32_t)i, 0,
				    (uint32_t)i * RING, RING, ids, NBACKENDS))
			return -1;
	}
	/* the hit service: DNAT only, backend = the VIP itself (identity translation) */
	flt_add_backend(o, self, 4, "198.18.100.250", 80, 1);
	return flt_add_service(o, 4, "198.18.100.250", 80, IPPROTO_TCP, 30000, FL_SVC_F_DNAT_ONLY,
			       (uint32_t)nsvc * RING, 7, &self, 1);
}

static int setup_minimal(struct flt_obj *o, const char *dir, int nsvc)
{
	char path[512], vip[32];
	struct {
		struct fl_addr src, dst;
		uint16_t sport_be, dport_be;
		uint32_t pad;
	} v = {0};
	struct fl_svc_key k = {.proto = IPPROTO_TCP, .family = 4};
	uint16_t port;
	int err, fd;

	snprintf(path, sizeof(path), "%s/ref_minimal_nat.bpf.o", dir);
	err = flt_load(o, path, "ref_minimal_nat", NULL);
	if (err)
		return err;
	fd = flt_map_fd(o, "ref_services");
	flt_addr(&v.src, 4, "198.18.0.1");
	flt_addr(&v.dst, 4, "198.18.0.10");
	v.sport_be = htons(40000);
	v.dport_be = htons(8080);
	for (int i = 0; i < nsvc; i++) {
		svc_addr(i, vip, &port);
		flt_addr(&k.vip, 4, vip);
		k.port_be = htons(port);
		if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
			return -1;
	}
	/* identity target for the hit flow */
	flt_addr(&k.vip, 4, "198.18.100.250");
	k.port_be = htons(80);
	flt_addr(&v.src, 4, "198.19.255.1");
	flt_addr(&v.dst, 4, "198.18.100.250");
	v.sport_be = htons(33333);
	v.dport_be = htons(80);
	return bpf_map_update_elem(fd, &k, &v, BPF_ANY);
}

/* Sends NFLOWS new flows one by one; returns the median ns of the single runs. */
static double populate(struct flt_obj *o, int nsvc, const char *name)
{
	static uint32_t d[NFLOWS];
	int tx = 0;

	for (int k = 0; k < NFLOWS; k++) {
		int len = flow_frame(k, nsvc, frame);
		int rc = flt_run(o, IFX, frame, len, NULL, NULL, 1, &d[k]);

		tx += rc == XDP_TX;
	}
	printf("  %-16s new flows: %d sent, %d XDP_TX\n", name, NFLOWS, tx);
	if (!strcmp(name, "fulcrum"))
		for (uint32_t r = 1; r < FL_DROP_MAX; r++)
			if (flt_drops(o, r))
				printf("  %-16s drops reason %u: %llu\n", name, r,
				       (unsigned long long)flt_drops(o, r));
	return median(d, NFLOWS);
}

/* One repeated run of the hit frame: ns per packet; prints the verdict once. */
static double hit_once(struct flt_obj *o, int verbose, const char *name)
{
	uint32_t dur = 0, olen = 0;
	int len = hit_frame(frame);
	int rc = flt_run(o, IFX, frame, len, outb, &olen, HIT_REPEAT, &dur);

	if (verbose)
		printf("  %-16s hit path verdict %s (%d), output unchanged: %s\n", name,
		       rc == XDP_TX ? "XDP_TX" : "OTHER", rc,
		       !memcmp(outb + 12, frame + 12, (size_t)len - 12) ? "yes" : "no");
	return dur;
}

struct result {
	double fl_hit, fl_new, min_hit, min_new, bare_hit;
};

struct scale {
	int nsvc;
	struct flt_obj f, m;
	struct fl_counters c0;
	uint32_t fh[64], mh[64];
	struct result r;
};

static int setup_scale(const char *dir, struct scale *sc)
{
	if (setup_fulcrum(&sc->f, dir, sc->nsvc) || setup_minimal(&sc->m, dir, sc->nsvc))
		return -1;
	printf("services=%d tracked flows=%d\n", sc->nsvc, NFLOWS);
	sc->r.fl_new = populate(&sc->f, sc->nsvc, "fulcrum");
	sc->r.min_new = populate(&sc->m, sc->nsvc, "minimal_nat");
	{
		struct fl_counters c;
		uint64_t nf = 0;
		int fd = flt_map_fd(&sc->m, "ref_flows"), n = 0;
		struct fl_flow_key k, next;
		void *prev = NULL;

		for (int i = 0; i < sc->nsvc; i++) {
			flt_counters(&sc->f, "fl_svc_stats", (uint32_t)i, &c);
			nf += c.new_flows;
		}
		while (!bpf_map_get_next_key(fd, prev, &next)) {
			k = next;
			prev = &k;
			n++;
		}
		printf("  fulcrum          new_flows counted over the services: %llu; conntrack "
		       "entries: %d (2 per flow)\n", (unsigned long long)nf, flt_flow_count(&sc->f));
		printf("  minimal_nat      flow entries: %d\n", n);
	}
	/* the first packet of the hit flow creates it; from then on only hits */
	hit_once(&sc->f, 0, "fulcrum");
	hit_once(&sc->m, 0, "minimal_nat");
	flt_counters(&sc->f, "fl_svc_stats", 30000, &sc->c0);
	return 0;
}

static void report_scale(struct scale *sc, int rounds)
{
	struct fl_counters c1;

	flt_counters(&sc->f, "fl_svc_stats", 30000, &c1);
	printf("services=%d: fulcrum hit service counters: +%llu packets, +%llu new flows "
	       "(expect %d, 0); drops(CT_FULL)=%llu\n",
	       sc->nsvc, (unsigned long long)(c1.packets - sc->c0.packets),
	       (unsigned long long)(c1.new_flows - sc->c0.new_flows), rounds * HIT_REPEAT,
	       (unsigned long long)flt_drops(&sc->f, FL_DROP_CT_FULL));
	printf("  raw fulcrum hit:");
	for (int i = 0; i < rounds; i++)
		printf(" %u", sc->fh[i]);
	printf("\n  raw minimal hit:");
	for (int i = 0; i < rounds; i++)
		printf(" %u", sc->mh[i]);
	printf("\n");
	sc->r.fl_hit = median(sc->fh, rounds);
	sc->r.min_hit = median(sc->mh, rounds);
}

int main(int argc, char **argv)
{
	static struct scale sc[3] = {{.nsvc = 1}, {.nsvc = 1000}, {.nsvc = 10000}};
	int rounds = argc > 2 ? atoi(argv[2]) : 25;
	uint32_t bh[64];
	struct flt_obj b;
	char path[512];
	double bare;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <bpf object dir> [rounds]\n", argv[0]);
		return 2;
	}
	if (rounds < 1 || rounds > 64)
		rounds = 25;
	{ /* one CPU for the whole run: no migration between measurements */
		cpu_set_t set;
		long last = sysconf(_SC_NPROCESSORS_ONLN) - 1;

		CPU_ZERO(&set);
		CPU_SET(last > 0 ? last : 0, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			perror("sched_setaffinity");
	}
	IFX = flt_netns_setup();
	if (IFX <= 0)
		return 1;
	snprintf(path, sizeof(path), "%s/ref_bare.bpf.o", argv[1]);
	if (flt_load(&b, path, "ref_bare", NULL))
		return 1;
	for (int i = 0; i < 3; i++)
		if (setup_scale(argv[1], &sc[i])) {
			fprintf(stderr, "benchmark setup failed at %d services\n", sc[i].nsvc);
			return 1;
		}
	/* hit paths of every program and scale, interleaved round by round (noisy machine) */
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < 3; i++) {
			sc[i].fh[r] = (uint32_t)hit_once(&sc[i].f, r == 0, "fulcrum");
			sc[i].mh[r] = (uint32_t)hit_once(&sc[i].m, r == 0, "minimal_nat");
		}
		bh[r] = (uint32_t)hit_once(&b, r == 0, "bare");
	}
	bare = median(bh, rounds);
	for (int i = 0; i < 3; i++)
		report_scale(&sc[i], rounds);
	printf("\nns/packet; hit = median of %d interleaved runs x %d repeats; new = median of %d "
	       "single runs\n", rounds, HIT_REPEAT, NFLOWS);
	printf("%-10s %12s %12s %12s %12s %12s\n", "services", "fulcrum_hit", "minimal_hit",
	       "bare", "fulcrum_new", "minimal_new");
	for (int i = 0; i < 3; i++)
		printf("%-10d %12.0f %12.0f %12.0f %12.0f %12.0f\n", sc[i].nsvc, sc[i].r.fl_hit,
		       sc[i].r.min_hit, bare, sc[i].r.fl_new, sc[i].r.min_new);
	for (int i = 0; i < 3; i++) {
		flt_unload(&sc[i].f);
		flt_unload(&sc[i].m);
	}
	flt_unload(&b);
	/*
	 * Ratios at 10,000 services (the largest case); growth from 1 to 10,000 services. The hit
	 * ratios are medians of per-round ratios: the programs of one round ran back to back, so
	 * the machine's slow drifts cancel out.
	 */
	printf("RESULT hit_ratio=%.2f new_ratio=%.2f floor_ratio=%.2f growth=%.2f\n",
	       paired(sc[2].fh, sc[2].mh, rounds), sc[2].r.fl_new / sc[2].r.min_new,
	       paired(sc[2].fh, bh, rounds), paired(sc[2].fh, sc[0].fh, rounds));
	return 0;
}
