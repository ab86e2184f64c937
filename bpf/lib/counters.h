/* SPDX-License-Identifier: GPL-2.0 */
/* counters.h - per-CPU counters: per service, per backend, per drop reason. */
#ifndef FULCRUM_COUNTERS_H
#define FULCRUM_COUNTERS_H

#include "maps.h"

/* Counts a dropped packet under its reason and returns XDP_DROP. */
FL_INLINE int fl_drop(__u32 reason)
{
	__u64 *n = bpf_map_lookup_elem(&fl_drops, &reason);

	if (n)
		*n += 1; /* per-CPU slot: no atomics needed */
	return XDP_DROP;
}

FL_INLINE void fl_count(void *map, __u32 id, __u64 bytes, __u32 new_flow)
{
	struct fl_counters *c = bpf_map_lookup_elem(map, &id);

	if (c) {
		c->packets += 1;
		c->bytes += bytes;
		c->new_flows += new_flow;
	}
}

FL_INLINE void fl_count_svc(__u32 svc_id, __u64 bytes, __u32 new_flow)
{
	fl_count(&fl_svc_stats, svc_id, bytes, new_flow);
}

FL_INLINE void fl_count_backend(__u32 backend_id, __u64 bytes, __u32 new_flow)
{
	fl_count(&fl_backend_stats, backend_id, bytes, new_flow);
}

#endif /* FULCRUM_COUNTERS_H */
