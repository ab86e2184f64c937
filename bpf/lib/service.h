/* SPDX-License-Identifier: GPL-2.0 */
/* service.h - service lookup by {vip, port, proto, family}, and the VIP entry (see abi.h). */
#ifndef FULCRUM_SERVICE_H
#define FULCRUM_SERVICE_H

#include "maps.h"

FL_INLINE struct fl_svc_value *fl_svc_lookup(const struct fl_addr *vip, __u16 port_be, __u8 proto,
					     __u8 family)
{
	struct fl_svc_key k = {
		.vip = *vip,
		.port_be = port_be,
		.proto = proto,
		.family = family,
	};

	return bpf_map_lookup_elem(&fl_services, &k);
}

/* The VIP entry of an address: non-NULL iff the address is a VIP (answers ping). */
FL_INLINE struct fl_svc_value *fl_vip_entry(const struct fl_addr *addr, __u8 family)
{
	return fl_svc_lookup(addr, 0, fl_icmp_proto(family), family);
}

#endif /* FULCRUM_SERVICE_H */
