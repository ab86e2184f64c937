/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drop_reasons.h - the one table of reasons the data plane drops a packet.
 *
 * The codes are STABLE: user space mirrors them (io.fulcrum.datapath.DropReason) and uses their
 * names as the `reason` tag of fulcrum_drops_total. Never renumber; add new reasons at the end and
 * keep FL_DROP_MAX above the highest code. Each drop increments fl_drops[reason] (per-CPU array).
 *
 *   0 UNKNOWN               reserved, never counted on purpose
 *   1 TRUNCATED             packet to a VIP ends inside a header it needs
 *   2 BAD_IP_LEN            IPv4 total length / IHL or IPv6 payload length inconsistent (to a VIP)
 *   3 FRAGMENT              IPv4 fragment or IPv6 fragment header to a VIP (not reassembled)
 *   4 IPV6_EXT_HDR          IPv6 extension header chain to a VIP too long or unsupported
 *   5 NO_BACKEND            service has no usable backend and FL_SVC_F_DOWN_DROP is set
 *   6 SNAT_PORTS_EXHAUSTED  full NAT: no free source port found within the probe budget
 *   7 CT_FULL               could not insert a conntrack entry
 *   8 SCTP_PORT_CHANGE      SCTP service whose backend port differs from the service port
 *   9 SCTP_PORT_CLASH       SCTP full NAT: client's source port already used towards that backend
 *  10 BAD_BACKEND           Maglev slot points at a backend id that is out of range / not in use
 *  11 FAMILY_MISMATCH       backend address family differs from the service family
 *  12 NO_NODE_ADDR          full NAT needs fl_config.node_v4/node_v6 and it is unset
 */
#ifndef FULCRUM_DROP_REASONS_H
#define FULCRUM_DROP_REASONS_H

enum fl_drop_reason {
	FL_DROP_UNKNOWN = 0,
	FL_DROP_TRUNCATED = 1,
	FL_DROP_BAD_IP_LEN = 2,
	FL_DROP_FRAGMENT = 3,
	FL_DROP_IPV6_EXT_HDR = 4,
	FL_DROP_NO_BACKEND = 5,
	FL_DROP_SNAT_PORTS_EXHAUSTED = 6,
	FL_DROP_CT_FULL = 7,
	FL_DROP_SCTP_PORT_CHANGE = 8,
	FL_DROP_SCTP_PORT_CLASH = 9,
	FL_DROP_BAD_BACKEND = 10,
	FL_DROP_FAMILY_MISMATCH = 11,
	FL_DROP_NO_NODE_ADDR = 12,
};

/* Size of the fl_drops array: room to grow without resizing the pinned map. */
#define FL_DROP_MAX 32

#endif /* FULCRUM_DROP_REASONS_H */
