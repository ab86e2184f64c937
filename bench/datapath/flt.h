/* SPDX-License-Identifier: GPL-2.0 */
/* flt.h - loading the data plane privately (own pin root, own netns) and driving its maps. */
#ifndef FLT_H
#define FLT_H

#include <stdint.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "abi.h"
#include "drop_reasons.h"

struct flt_obj {
	struct bpf_object *obj;
	int prog_fd;
	char pin_root[96];
};

/* Enters a fresh network namespace (and mount namespace with a private bpffs on /sys/fs/bpf, so
 * pins never outlive the process) with veth0 (198.18.0.1/24, 2001:db8::1/64) up,
 * forwarding on, routes and permanent neighbours for test hosts. Returns veth0's ifindex. */
int flt_netns_setup(void);

/* Opens and loads obj_path (program prog) with maps pinned under a private pin root.
 * sizes: "name=entries,name=entries" (max_entries overrides) or NULL. */
int flt_load(struct flt_obj *o, const char *obj_path, const char *prog, const char *sizes);
/* Same with a given pin root (created if missing). */
int flt_load_at(struct flt_obj *o, const char *obj_path, const char *prog, const char *sizes,
		const char *pin_root);
void flt_unload(struct flt_obj *o);
int flt_map_fd(struct flt_obj *o, const char *name);

/* Runs one frame; out/out_len receive the result. Returns the verdict or -errno. */
int flt_run(struct flt_obj *o, int ifindex, const uint8_t *in, int len, uint8_t *out,
	    uint32_t *out_len, int repeat, uint32_t *duration_ns);

/* helpers over the fulcrum maps */
void flt_addr(struct fl_addr *a, int family, const char *text);
int flt_set_config(struct flt_obj *o, const struct fl_config *c);
int flt_add_backend(struct flt_obj *o, uint32_t id, int family, const char *addr, uint16_t port,
		    int in_use);
/* service with a ring of ring_size slots filled round-robin from backend ids ids[0..n) */
int flt_add_service(struct flt_obj *o, int family, const char *vip, uint16_t port, uint8_t proto,
		    uint32_t id, uint32_t flags, uint32_t ring_offset, uint32_t ring_size,
		    const uint32_t *ids, int n);
int flt_add_vip_entry(struct flt_obj *o, int family, const char *vip, uint32_t id);
uint64_t flt_drops(struct flt_obj *o, uint32_t reason);
void flt_counters(struct flt_obj *o, const char *map, uint32_t id, struct fl_counters *out);
int flt_flow_count(struct flt_obj *o);

#endif
