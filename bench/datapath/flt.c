// SPDX-License-Identifier: GPL-2.0
/* flt.c - private loading of the data plane and map helpers for the tests and the benchmark. */
#define _GNU_SOURCE
#include "flt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	return rc;
}

int flt_netns_setup(void)
{
	static const char *cmds[] = {
		"ip link set lo up",
		"ip link add veth0 type veth peer name veth1",
		"ip link set veth0 address 02:00:00:00:00:01",
		"ip link set veth1 address 02:00:00:00:00:02",
		"ip link set veth0 up",
		"ip link set veth1 up",
		"ip addr add 198.18.0.1/24 dev veth0",
		"ip -6 addr add 2001:db8::1/64 dev veth0 nodad",
		"sysctl -qw net.ipv4.conf.all.forwarding=1",
		"sysctl -qw net.ipv6.conf.all.forwarding=1",
		/* backends and gateway: permanent neighbours on veth0 */
		"ip neigh add 198.18.0.254 lladdr 02:00:00:00:00:fe dev veth0 nud permanent",
		"ip neigh add 2001:db8::fe lladdr 02:00:00:00:00:fe dev veth0 nud permanent",
		"ip route add 198.19.0.0/16 via 198.18.0.254",
		"ip -6 route add 2001:db8:1::/48 via 2001:db8::fe",
		/* VIPs routed out too (identity translation in the benchmark) */
		"ip route add 198.18.100.0/24 via 198.18.0.254",
		"ip -6 route add 2001:db8:100::/48 via 2001:db8::fe",
		/* a backend behind a smaller MTU (path MTU tests) */
		"ip route add 198.18.0.16/32 dev veth0 mtu lock 1300",
		"ip -6 route add 2001:db8::16/128 dev veth0 mtu lock 1280",
		NULL,
	};
	char cmd[160];

	/* own network namespace, and an own bpffs so that no pin outlives this process */
	if (unshare(CLONE_NEWNET | CLONE_NEWNS)) {
		perror("unshare(CLONE_NEWNET | CLONE_NEWNS)");
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL)) {
		perror("private bpffs");
		return -1;
	}
	for (int i = 0; cmds[i]; i++)
		if (sh(cmds[i]))
			return -1;
	for (int i = 10; i < 20; i++) {
		snprintf(cmd, sizeof(cmd),
			 "ip neigh add 198.18.0.%d lladdr 02:00:00:00:01:%02x dev veth0 nud permanent",
			 i, i);
		if (sh(cmd))
			return -1;
		snprintf(cmd, sizeof(cmd),
			 "ip neigh add 2001:db8::%d lladdr 02:00:00:00:01:%02x dev veth0 nud permanent",
			 i, i);
		if (sh(cmd))
			return -1;
	}
	return (int)if_nametoindex("veth0");
}

static int apply_sizes(struct bpf_object *obj, const char *sizes)
{
	char buf[512], *save = NULL, *tok;

	if (!sizes)
		return 0;
	snprintf(buf, sizeof(buf), "%s", sizes);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		struct bpf_map *m;

		if (!eq)
			return -EINVAL;
		*eq = 0;
		m = bpf_object__find_map_by_name(obj, tok);
		if (!m || bpf_map__set_max_entries(m, (uint32_t)strtoul(eq + 1, NULL, 0)))
			return -ENOENT;
	}
	return 0;
}

int flt_load(struct flt_obj *o, const char *obj_path, const char *prog, const char *sizes)
{
	return flt_load_at(o, obj_path, prog, sizes, NULL);
}

int flt_load_at(struct flt_obj *o, const char *obj_path, const char *prog, const char *sizes,
		const char *pin_root)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpf_program *p;
	static int seq;
	int err;

	memset(o, 0, sizeof(*o));
	if (pin_root)
		snprintf(o->pin_root, sizeof(o->pin_root), "%s", pin_root);
	else
		snprintf(o->pin_root, sizeof(o->pin_root), "/sys/fs/bpf/fltest_%d_%d", getpid(),
			 seq++);
	if (mkdir(o->pin_root, 0700) && errno != EEXIST)
		return -errno;
	opts.pin_root_path = o->pin_root;
	o->obj = bpf_object__open_file(obj_path, &opts);
	if (!o->obj) {
		err = -errno;
		rmdir(o->pin_root);
		return err;
	}
	err = apply_sizes(o->obj, sizes);
	if (!err)
		err = bpf_object__load(o->obj);
	if (err) {
		flt_unload(o);
		return err;
	}
	p = bpf_object__find_program_by_name(o->obj, prog);
	o->prog_fd = p ? bpf_program__fd(p) : -ENOENT;
	return o->prog_fd < 0 ? o->prog_fd : 0;
}

void flt_unload(struct flt_obj *o)
{
	struct bpf_map *m;

	if (o->obj) {
		bpf_object__for_each_map(m, o->obj)
			if (bpf_map__pin_path(m))
				bpf_map__unpin(m, NULL);
		bpf_object__close(o->obj);
	}
	o->obj = NULL;
	rmdir(o->pin_root);
}

int flt_map_fd(struct flt_obj *o, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(o->obj, name);

	return m ? bpf_map__fd(m) : -ENOENT;
}

int flt_run(struct flt_obj *o, int ifindex, const uint8_t *in, int len, uint8_t *out,
	    uint32_t *out_len, int repeat, uint32_t *duration_ns)
{
	struct xdp_md ctx = {.data = 0, .data_end = (uint32_t)len, .ingress_ifindex = (uint32_t)ifindex};
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = in, .data_size_in = (uint32_t)len,
		    .data_out = out, .data_size_out = out ? 2048 : 0, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = repeat);
	int err = bpf_prog_test_run_opts(o->prog_fd, &t);

	if (err)
		return err;
	if (out_len)
		*out_len = t.data_size_out;
	if (duration_ns)
		*duration_ns = t.duration;
	return (int)t.retval;
}

void flt_addr(struct fl_addr *a, int family, const char *text)
{
	memset(a, 0, sizeof(*a));
	inet_pton(family == 4 ? AF_INET : AF_INET6, text, a->b);
}

int flt_set_config(struct flt_obj *o, const struct fl_config *c)
{
	uint32_t zero = 0;

	return bpf_map_update_elem(flt_map_fd(o, "fl_config"), &zero, c, BPF_ANY);
}

int flt_add_backend(struct flt_obj *o, uint32_t id, int family, const char *addr, uint16_t port,
		    int in_use)
{
	struct fl_backend b = {.port_be = htons(port), .family = (uint8_t)family,
			       .flags = in_use ? FL_BE_F_IN_USE : 0};

	flt_addr(&b.addr, family, addr);
	return bpf_map_update_elem(flt_map_fd(o, "fl_backends"), &id, &b, BPF_ANY);
}

int flt_add_service(struct flt_obj *o, int family, const char *vip, uint16_t port, uint8_t proto,
		    uint32_t id, uint32_t flags, uint32_t ring_offset, uint32_t ring_size,
		    const uint32_t *ids, int n)
{
	struct fl_svc_key k = {.port_be = htons(port), .proto = proto, .family = (uint8_t)family};
	struct fl_svc_value v = {.id = id, .flags = flags, .ring_offset = ring_offset,
				 .ring_size = ring_size, .affinity_timeout_s = 60};
	int ring = flt_map_fd(o, "fl_ring_pool");

	flt_addr(&k.vip, family, vip);
	for (uint32_t i = 0; n && i < ring_size; i++) {
		uint32_t slot = ring_offset + i;

		if (bpf_map_update_elem(ring, &slot, &ids[i % (uint32_t)n], BPF_ANY))
			return -1;
	}
	return bpf_map_update_elem(flt_map_fd(o, "fl_services"), &k, &v, BPF_ANY);
}

int flt_add_vip_entry(struct flt_obj *o, int family, const char *vip, uint32_t id)
{
	return flt_add_service(o, family, vip, 0, family == 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6, id,
			       0, 0, 0, NULL, 0);
}

static int ncpus(void)
{
	return libbpf_num_possible_cpus();
}

uint64_t flt_drops(struct flt_obj *o, uint32_t reason)
{
	uint64_t v[512] = {0}, sum = 0;

	bpf_map_lookup_elem(flt_map_fd(o, "fl_drops"), &reason, v);
	for (int i = 0; i < ncpus(); i++)
		sum += v[i];
	return sum;
}

void flt_counters(struct flt_obj *o, const char *map, uint32_t id, struct fl_counters *out)
{
	struct fl_counters v[512];

	memset(out, 0, sizeof(*out));
	memset(v, 0, sizeof(v));
	bpf_map_lookup_elem(flt_map_fd(o, map), &id, v);
	for (int i = 0; i < ncpus(); i++) {
		out->packets += v[i].packets;
		out->bytes += v[i].bytes;
		out->new_flows += v[i].new_flows;
	}
}

int flt_flow_count(struct flt_obj *o)
{
	struct fl_flow_key k, next;
	int fd = flt_map_fd(o, "fl_flows"), n = 0;
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		n++;
	}
	return n;
}
