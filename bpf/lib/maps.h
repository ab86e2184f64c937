/* SPDX-License-Identifier: GPL-2.0 */
/*
 * maps.h - every map of the data plane, pinned by name so that an agent restart finds the same
 * maps (and flows) again. Sizes come from abi.h; user space may resize each one at load time with
 * bpf_map__set_max_entries, so nothing else in the data plane assumes a size.
 */
#ifndef FULCRUM_MAPS_H
#define FULCRUM_MAPS_H

#include "common.h"

/* {vip, port, proto, family} -> service (id, flags, Maglev slice); also the VIP entries. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FL_MAX_SERVICES);
	__type(key, struct fl_svc_key);
	__type(value, struct fl_svc_value);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_services SEC(".maps");

/* Backend id -> address, port, flags (global, shared by all services). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FL_MAX_BACKENDS);
	__type(key, __u32);
	__type(value, struct fl_backend);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_backends SEC(".maps");

/* Maglev lookup tables of all services, one contiguous slice each: slot -> backend id.
 * Mmapable: the agent writes a new table straight into the mapped pages (one store per slot)
 * instead of one system call element by element. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, FL_RING_POOL_SIZE);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_ring_pool SEC(".maps");

/* Connection tracking, one entry per direction (ORIGINAL client->vip, REPLY backend->node). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 2 * FL_MAX_FLOWS);
	__type(key, struct fl_flow_key);
	__type(value, struct fl_flow_value);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_flows SEC(".maps");

/* Client-IP session affinity: {client, service} -> backend, with last use. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, FL_MAX_AFFINITY);
	__type(key, struct fl_affinity_key);
	__type(value, struct fl_affinity_value);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_affinity SEC(".maps");

/* Per-CPU packets / bytes / new flows by service id. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FL_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct fl_counters);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_svc_stats SEC(".maps");

/* Per-CPU packets / bytes / new flows by backend id. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FL_MAX_BACKENDS);
	__type(key, __u32);
	__type(value, struct fl_counters);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_backend_stats SEC(".maps");

/* Per-CPU dropped packets by reason (drop_reasons.h). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FL_DROP_MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_drops SEC(".maps");

/* Global settings (node addresses, SNAT port range, timeouts): one element at index 0. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fl_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_config SEC(".maps");

/* VIPs this node answers ARP / neighbour solicitations for, until a lease deadline. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FL_MAX_L2_VIPS);
	__type(key, struct fl_l2_key);
	__type(value, struct fl_l2_value);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} fl_l2 SEC(".maps");

#endif /* FULCRUM_MAPS_H */
