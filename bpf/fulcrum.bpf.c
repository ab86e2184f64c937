// SPDX-License-Identifier: GPL-2.0
/*
 * fulcrum.bpf.c - the XDP entry point of Fulcrum's data plane. It only wires the headers under
 * lib/ together; docs/dataplane.md describes the packet path.
 */
#include "common.h"
#include "maps.h"
#include "parsing.h"
#include "counters.h"
#include "service.h"
#include "conntrack.h"
#include "maglev/select.h"
#include "nat.h"
#include "fib.h"
#include "icmp.h"
#include "l2.h"

/*
 * Translates p to src:sport -> dst:dport and forwards it. The route is looked up first, so that
 * a packet too big for the egress MTU that may not be fragmented is answered untranslated.
 */
static __always_inline int fl_xlate_forward(struct xdp_md *ctx, struct fl_pkt *p,
					    const struct fl_addr *src, __u16 sport,
					    const struct fl_addr *dst, __u16 dport)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib;
	int rc = -1;

	if (!p->vlan) {
		rc = fl_fib_lookup(ctx, p, src, sport, dst, dport, &fib);
		if (rc == BPF_FIB_LKUP_RET_FRAG_NEEDED && fl_dont_fragment(ctx, p)) {
			int v = fl_icmp_too_big(ctx, p, (__u16)fib.mtu_result);

			if (v >= 0)
				return v;
			data_end = (void *)(long)ctx->data_end;
		}
	}
	fl_rewrite(p, data_end, src, sport, dst, dport);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	return fl_fib_send(ctx, p, &fib);
}

/* TCP / UDP / SCTP: established flows first (one lookup), then services, then new flows. */
static __always_inline int fl_handle_l4(struct xdp_md *ctx, struct fl_pkt *p)
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

		/* the backend id still names this flow's backend (ids can be reused) */
		if (be && be->port_be == ct->nat_port_be && fl_addr_eq(&be->addr, &ct->nat_addr)) {
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
		fl_ct_delete_peer(ct, &p->key); /* expired, or its backend is gone: replaced below */
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

static __always_inline int fl_handle_icmp(struct xdp_md *ctx, struct fl_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *icmp = p->l4;

	if ((void *)(icmp + 8) > data_end)
		return XDP_PASS;
	if (p->key.family == FL_AF_INET ? icmp[0] == ICMP_ECHO : icmp[0] == ICMPV6_ECHO_REQUEST)
		return fl_icmp_echo_reply(ctx, p);
	if (fl_icmp_is_error(p->key.family, icmp[0]))
		return fl_icmp_error(ctx, p);
	if (p->key.family == FL_AF_INET6 && icmp[0] == 135)
		return fl_l2_ns(ctx, p);
	return XDP_PASS;
}

/* Malformed IP: dropped (counted) when addressed to a VIP, else the kernel's business. */
static __always_inline int fl_handle_malformed(struct fl_pkt *p)
{
	if (p->dst_known && fl_vip_entry(&p->key.dst, p->key.family))
		return fl_drop(p->reason);
	return XDP_PASS;
}

SEC("xdp")
int fulcrum_xdp(struct xdp_md *ctx)
{
	struct fl_pkt p = {};

	switch (fl_parse(ctx, &p)) {
	case FL_P_L4:
		return fl_handle_l4(ctx, &p);
	case FL_P_ICMP:
		return fl_handle_icmp(ctx, &p);
	case FL_P_ARP:
		return fl_l2_arp(ctx, &p);
	case FL_P_MALFORMED:
		return fl_handle_malformed(&p);
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
