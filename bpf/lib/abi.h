/* SPDX-License-Identifier: GPL-2.0 */
/*
 * abi.h - the contract between the agent (user space) and the data plane.
 *
 * Every struct here is written or read by the Java binding
 * (datapath/src/main/java/io/fulcrum/datapath/abi/). Layouts are fixed-size, little-endian
 * host integers unless the field name ends in _be (network byte order), with explicit padding so
 * that C and Java agree without surprises. Change a struct here and in the Java codec together;
 * the datapath tests check both sides.
 *
 * Addresses are always 16 bytes: an IPv4 address sits in the first 4 bytes (network order),
 * the other 12 are zero; `family` says which it is (FL_AF_INET / FL_AF_INET6).
 */
#ifndef FULCRUM_ABI_H
#define FULCRUM_ABI_H

#include <linux/types.h>

#define FL_AF_INET 4
#define FL_AF_INET6 6

/* ---- limits: each overridable at build time, and at load time through max_entries ---- */

/* Services (VIP, port, protocol) the data plane can hold. */
#ifndef FL_MAX_SERVICES
#define FL_MAX_SERVICES 65536
#endif
/* Backends over all services; a backend is global and identified by its index. */
#ifndef FL_MAX_BACKENDS
#define FL_MAX_BACKENDS 262144
#endif
/* Entries in the shared Maglev ring pool (each service owns one contiguous slice of it). */
#ifndef FL_RING_POOL_SIZE
#define FL_RING_POOL_SIZE (16 * 1024 * 1024)
#endif
/* Tracked flows (each flow takes two entries: one per direction). */
#ifndef FL_MAX_FLOWS
#define FL_MAX_FLOWS 1048576
#endif
/* Client-IP affinity entries. */
#ifndef FL_MAX_AFFINITY
#define FL_MAX_AFFINITY 262144
#endif
/* VIPs this node may answer ARP / neighbour solicitations for. */
#ifndef FL_MAX_L2_VIPS
#define FL_MAX_L2_VIPS 16384
#endif

/* ---- service map: {vip, port, proto} -> service ---- */

struct fl_addr {
	__u8 b[16];
};

/*
 * VIP entry: for every VIP that has at least one service, user space also inserts the key
 * {vip, port 0, proto IPPROTO_ICMP (IPv4) or IPPROTO_ICMPV6 (IPv6), family} with a value whose
 * id is the counter slot to charge (e.g. the id of any service on that VIP; ring_size 0, flags 0).
 * The data plane uses it to know "this address is a VIP" without a port: the VIP answers ping
 * (echo request -> echo reply by XDP), and malformed packets / fragments to it are dropped and
 * counted instead of passed. Without a VIP entry, the VIP does not answer ping and malformed
 * packets to it pass to the kernel.
 */
struct fl_svc_key {
	struct fl_addr vip;
	__u16 port_be;   /* L4 port, network order; 0 for ICMP echo (the VIP entry) */
	__u8 proto;      /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP */
	__u8 family;     /* FL_AF_INET or FL_AF_INET6 */
};                       /* 20 bytes */

#define FL_SVC_F_DNAT_ONLY (1u << 0) /* keep the client address (no SNAT) */
#define FL_SVC_F_AFFINITY (1u << 1)  /* client-IP session affinity */
#define FL_SVC_F_DOWN_DROP (1u << 2) /* no usable backend: drop (else pass to the kernel) */

struct fl_svc_value {
	__u32 id;                 /* index into per-service counters, 0 .. FL_MAX_SERVICES-1 */
	__u32 flags;              /* FL_SVC_F_* */
	__u32 ring_offset;        /* first slot of this service's Maglev table in fl_ring_pool */
	__u32 ring_size;          /* table size M (prime); 0 = no usable backend */
	__u32 affinity_timeout_s; /* with FL_SVC_F_AFFINITY */
	__u32 pad;
};                                /* 24 bytes */

/* ---- backends: array indexed by backend id ---- */

#define FL_BE_F_IN_USE (1u << 0) /* slot holds a backend */
/*
 * The backend takes no new flow (DOWN, DRAINING, weight 0): it keeps its established flows, but a
 * flow-opening packet (TCP SYN without ACK) that finds a conntrack entry or an affinity entry
 * pointing at it is treated as a new flow and chooses again through the Maglev table.
 */
#define FL_BE_F_NO_NEW (1u << 1)

struct fl_backend {
	struct fl_addr addr;
	__u16 port_be;
	__u8 family;
	__u8 flags; /* FL_BE_F_* */
	__u32 pad;
};                  /* 24 bytes */

/* ---- connection tracking (LRU hash, both directions) ---- */

struct fl_flow_key {
	struct fl_addr src;
	struct fl_addr dst;
	__u16 sport_be;
	__u16 dport_be;
	__u8 proto;
	__u8 family;
	__u16 pad;
};                  /* 40 bytes */

/* TCP-ish state, driven by flags seen (SCTP and UDP use FL_CT_ESTABLISHED once answered). */
#define FL_CT_NEW 0         /* first packet seen, no reply yet */
#define FL_CT_ESTABLISHED 1 /* reply seen */
#define FL_CT_CLOSING 2     /* FIN seen */
#define FL_CT_CLOSED 3      /* RST seen, or FIN both ways */

#define FL_FLOW_F_DNAT_ONLY (1u << 0) /* flow of a FL_SVC_F_DNAT_ONLY service (no SNAT) */

#define FL_CT_DIR_ORIGINAL 0 /* key is client -> vip */
#define FL_CT_DIR_REPLY 1    /* key is backend -> (node address | client), reverse translation */

/*
 * The peer entry of a flow: ORIGINAL value v -> REPLY key {v.nat -> v.snat}; REPLY value v ->
 * ORIGINAL key {v.snat -> v.nat} (addresses with their ports).
 */
struct fl_flow_value {
	struct fl_addr nat_addr; /* ORIGINAL: backend address; REPLY: the vip */
	struct fl_addr snat_addr;/* ORIGINAL: node address used as source (full NAT), the client
				  * (DNAT only); REPLY: client */
	__u16 nat_port_be;       /* ORIGINAL: backend port; REPLY: vip port */
	__u16 snat_port_be;      /* ORIGINAL: source port used (full NAT), the client port (DNAT
				  * only); REPLY: client port */
	__u32 backend_id;
	__u32 svc_id;
	__u8 dir;                /* FL_CT_DIR_* */
	__u8 state;              /* FL_CT_* */
	__u8 family;
	__u8 flags;              /* FL_FLOW_F_* */
	__u64 last_seen_ns;      /* CLOCK_MONOTONIC ns of the last packet (bpf_ktime_get_coarse_ns,
				  * tick resolution) */
};                               /* 56 bytes */

/* ---- client-IP affinity ---- */

struct fl_affinity_key {
	struct fl_addr client;
	__u32 svc_id;
	__u8 family;
	__u8 pad[3];
};                  /* 24 bytes */

struct fl_affinity_value {
	__u32 backend_id;
	__u32 pad;
	__u64 last_seen_ns;      /* CLOCK_MONOTONIC ns (coarse), as fl_flow_value.last_seen_ns */
};                  /* 16 bytes */

/* ---- counters (per-CPU arrays; user space sums the CPUs) ---- */

struct fl_counters {
	__u64 packets;
	__u64 bytes;
	__u64 new_flows;
};                  /* 24 bytes; per service (by id) and per backend (by id) */

/* ---- global settings: array of one ---- */

struct fl_config {
	struct fl_addr node_v4;   /* source address for full NAT, IPv4 */
	struct fl_addr node_v6;   /* source address for full NAT, IPv6 */
	__u16 snat_port_min;      /* full-NAT source port range, host order, inclusive */
	__u16 snat_port_max;
	__u32 ct_tcp_syn_s;       /* timeout for a flow with no reply yet */
	__u32 ct_tcp_established_s;
	__u32 ct_tcp_closing_s;   /* after FIN or RST */
	__u32 ct_udp_s;
	__u32 ct_sctp_s;
	__u32 ct_icmp_s;
	__u32 flags;              /* reserved, 0 */
};                                /* 64 bytes */

/* ---- L2 advertisement: VIPs this node answers ARP / NS for, with a lease ---- */

struct fl_l2_key {
	struct fl_addr vip;
	__u8 family;
	__u8 pad[3];
};                  /* 20 bytes */

struct fl_l2_value {
	__u64 lease_expires_ns; /* answer only while bpf_ktime_get_ns() < this */
	__u8 mac[6];            /* MAC to answer with (the ingress interface's) ; zero = ingress MAC */
	__u8 pad[2];
};                          /* 16 bytes */

/*
 * ---- maps (bpf/lib/maps.h), pinned by name (LIBBPF_PIN_BY_NAME) ----
 *   fl_services      hash        fl_svc_key -> fl_svc_value          (FL_MAX_SERVICES)
 *   fl_backends      array       __u32 backend id -> fl_backend      (FL_MAX_BACKENDS)
 *   fl_ring_pool     array       __u32 slot -> __u32 backend id      (FL_RING_POOL_SIZE)
 *   fl_flows         LRU hash    fl_flow_key -> fl_flow_value        (2 * FL_MAX_FLOWS)
 *   fl_affinity      LRU hash    fl_affinity_key -> fl_affinity_value(FL_MAX_AFFINITY)
 *   fl_svc_stats     per-CPU arr __u32 service id -> fl_counters     (FL_MAX_SERVICES)
 *   fl_backend_stats per-CPU arr __u32 backend id -> fl_counters     (FL_MAX_BACKENDS)
 *   fl_drops         per-CPU arr __u32 reason (drop_reasons.h) -> __u64 packets (FL_DROP_MAX)
 *   fl_config        array       __u32 0 -> fl_config                (1)
 *   fl_l2            hash        fl_l2_key -> fl_l2_value            (FL_MAX_L2_VIPS)
 */

/*
 * Changelog (layouts above are stable; additions only unless noted)
 * 2026-11-25 data plane: added the VIP entry convention (service key with port 0 and
 *            proto ICMP/ICMPv6), FL_FLOW_F_DNAT_ONLY, the list of map names. No layout change.
 * 2026-11-25 data plane: added FL_BE_F_NO_NEW (a bit of fl_backend.flags). No layout change.
 */

#endif /* FULCRUM_ABI_H */
