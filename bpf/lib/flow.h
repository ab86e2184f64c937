/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow.h - the path of a TCP / UDP / SCTP packet: its own 5-tuple in conntrack first (an
 * established flow in either direction never looks at services or Maglev tables), then the
 * service lookup, then a new flow (backend choice, SNAT port, both conntrack entries). A client
 * packet that finds an entry whose backend is gone, or that opens a new connection on the entry's
 * 4-tuple (fl_ct_reopens: SYN after FIN/RST, or SYN towards a backend that takes no new flow), is a
 * new flow too: the old entries are replaced.
 */
#ifndef FULCRUM_FLOW_H
#define FULCRUM_FLOW_H

#include "conntrack.h"
#include "counters.h"
#include "forward.h"
#include "maglev/select.h"
#include "nat.h"
#include "service.h"

FL_INLINE int fl_handle_l4(struct xdp_md *ctx, struct fl_pkt *p)
{
	struct fl_flow_value *ct, ov = {};
	struct fl_svc_value *svc;
	struct fl_config *cfg;
	__u32 zero = 0;
	__u64 now;
	int rc;

	ct = bpf_map_lookup_elem(&fl_flows, &p->key);
	cfg = bpf_map_lookup_elem(&fl_config, &zero);
	if (!cfg)
		return XDP_PASS;
	now = fl_now();
	if (ct && !fl_ct_expired(ct, cfg, now, p->key.proto)) {
		if (ct->dir == FL_CT_DIR_REPLY) {
			/* backend -> node:snat_port (or -> client): comes back from the vip */
			fl_ct_touch(ct, p, now);
			fl_count_svc(ct->svc_id, p->len, 0);
			fl_count_backend(ct->backend_id, p->len, 0);
			return fl_xlate_forward(ctx, p, &ct->nat_addr, ct->nat_port_be,
						&ct->snat_addr, ct->snat_port_be);
		}
		struct fl_backend *be = fl_backend_get(ct->backend_id);

		/*
		 * the backend id still names this flow's backend (ids can be reused), and the
		 * packet continues this flow rather than opening a new connection on its 4-tuple
		 */
		if (be && be->port_be == ct->nat_port_be && fl_addr_eq(&be->addr, &ct->nat_addr) &&
		    !fl_ct_reopens(ct, be->flags, p)) {
			/* client -> vip of a known flow: same backend as before */
			int dnat = ct->flags & FL_FLOW_F_DNAT_ONLY;

			fl_ct_touch(ct, p, now);
			fl_count_svc(ct->svc_id, p->len, 0);
			fl_count_backend(ct->backend_id, p->len, 0);
			return fl_xlate_forward(ctx, p, dnat ? &p->key.src : &ct->snat_addr,
						dnat ? p->key.sport_be : ct->snat_port_be,
						&ct->nat_addr, ct->nat_port_be);
		}
	}
	svc = fl_svc_lookup(&p->key.dst, p->key.dport_be, p->key.proto, p->key.family);
	if (!svc)
		return XDP_PASS; /* not a service: the host's own traffic */
	if (ct && ct->dir == FL_CT_DIR_ORIGINAL)
		fl_ct_delete_peer(ct, &p->key); /* expired, backend gone, or reopened: replaced */
	rc = fl_ct_create(p, svc, cfg, now, &ov);
	if (rc < 0)
		return XDP_PASS;
	if (rc)
		return fl_drop(rc);
	fl_count_svc(ov.svc_id, p->len, 1);
	fl_count_backend(ov.backend_id, p->len, 1);
	return fl_xlate_forward(ctx, p, &ov.snat_addr, ov.snat_port_be, &ov.nat_addr,
				ov.nat_port_be);
}

#endif /* FULCRUM_FLOW_H */
