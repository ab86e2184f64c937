/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nat.h - address / port rewriting with incremental checksums, and the creation of a new flow's
 * conntrack entries (DNAT to the backend; SNAT to the node address with a free source port, or
 * DNAT only).
 *
 * Checksums: IPv4 header checksum over the address change; TCP / UDP checksums over the
 * pseudo-header (addresses, IPv4 and IPv6) and the ports, per RFC 1624. A zero UDP checksum
 * ("none", RFC 768) stays zero; a computed zero is sent as 0xffff.
 *
 * SCTP: the CRC32c (RFC 9260 appendix B) covers the SCTP packet but no IP address, so the data
 * plane translates SCTP addresses only: a backend port must equal the service port
 * (FL_DROP_SCTP_PORT_CHANGE otherwise) and full NAT keeps the client's source port
 * (FL_DROP_SCTP_PORT_CLASH when another client already uses it towards the same backend).
 */
#ifndef FULCRUM_NAT_H
#define FULCRUM_NAT_H

#include "conntrack.h"
#include "counters.h"
#include "csum.h"
#include "maglev/select.h"

/* Source-port candidates tried for a new full-NAT flow before giving up. */
#ifndef FL_SNAT_PROBES
#define FL_SNAT_PROBES 16
#endif

/* Rewrites the packet's addresses and ports to src:sport -> dst:dport (ports network order). */
FL_INLINE void fl_rewrite(struct fl_pkt *p, void *data_end, const struct fl_addr *src,
			  __u16 sport, const struct fl_addr *dst, __u16 dport)
{
	__u32 *ports = p->l4;
	__u32 nports = (__u32)sport | ((__u32)dport << 16);
	__u64 d;

	if ((void *)(ports + 1) > data_end)
		return;
	if (p->key.family == FL_AF_INET) {
		struct iphdr *ip = p->l3;

		if ((void *)(ip + 1) > data_end)
			return;
		d = fl_csum_diff_addr(&p->key.src, src, 1) + fl_csum_diff_addr(&p->key.dst, dst, 1);
		ip->check = fl_csum_apply(ip->check, d);
		__builtin_memcpy(&ip->saddr, src->b, 4);
		__builtin_memcpy(&ip->daddr, dst->b, 4);
	} else {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > data_end)
			return;
		d = fl_csum_diff_addr(&p->key.src, src, 4) + fl_csum_diff_addr(&p->key.dst, dst, 4);
		__builtin_memcpy(&ip6->saddr, src->b, 16);
		__builtin_memcpy(&ip6->daddr, dst->b, 16);
	}
	d += fl_csum_diff32(*ports, nports);
	*ports = nports;
	if (p->key.proto == IPPROTO_TCP) {
		struct tcphdr *th = p->l4;

		if ((void *)(th + 1) <= data_end)
			th->check = fl_csum_apply(th->check, d);
	} else if (p->key.proto == IPPROTO_UDP) {
		struct udphdr *uh = p->l4;

		if ((void *)(uh + 1) <= data_end && uh->check) {
			__u16 c = fl_csum_apply(uh->check, d);

			uh->check = c ? c : 0xffff;
		}
	}
	/* SCTP: no checksum over addresses; ports never change (see the header comment). */
}

/*
 * May the REPLY entry old (found at the key a new flow wants) be overwritten? Yes when it expired,
 * or when it belongs to the same client -> vip flow (its ORIGINAL entry was evicted or replaced).
 */
FL_INLINE int fl_reply_reclaimable(const struct fl_flow_value *old, const struct fl_flow_value *rv,
				   const struct fl_config *cfg, __u64 now, __u8 proto)
{
	return fl_ct_expired(old, cfg, now, proto) ||
	       (old->snat_port_be == rv->snat_port_be && old->nat_port_be == rv->nat_port_be &&
		fl_addr_eq(&old->snat_addr, &rv->snat_addr) &&
		fl_addr_eq(&old->nat_addr, &rv->nat_addr));
}

/* Inserts the REPLY entry at rk unless another live flow holds that key. 0 on success. */
FL_INLINE int fl_reply_insert(struct fl_flow_key *rk, const struct fl_flow_value *rv,
			      const struct fl_config *cfg, __u64 now)
{
	struct fl_flow_value *old;

	if (!bpf_map_update_elem(&fl_flows, rk, rv, BPF_NOEXIST))
		return 0;
	old = bpf_map_lookup_elem(&fl_flows, rk);
	if (old && fl_reply_reclaimable(old, rv, cfg, now, rk->proto) &&
	    !bpf_map_update_elem(&fl_flows, rk, rv, BPF_ANY))
		return 0;
	return -1;
}

/*
 * Finds a free full-NAT source port for the REPLY key rk (whose dport is set here) and inserts
 * the REPLY entry. Starts at a hashed port and probes a few; an expired entry is reclaimed.
 * keep_port (SCTP): only the client's own port, already in rk.
 */
FL_INLINE int fl_snat_alloc(struct fl_flow_key *rk, const struct fl_flow_value *rv,
			    const struct fl_config *cfg, __u32 start, __u64 now, int keep_port)
{
	__u32 min = cfg->snat_port_min, max = cfg->snat_port_max, range, stride;

	if (keep_port)
		return fl_reply_insert(rk, rv, cfg, now) ? FL_DROP_SCTP_PORT_CLASH : 0;
	if (!min || max < min)
		return FL_DROP_SNAT_PORTS_EXHAUSTED;
	range = max - min + 1;
	start %= range;
	/* probe with a prime stride (spreads the candidates), unless it divides the range */
	stride = range % 7919 ? 7919 : 1;
	for (int i = 0; i < FL_SNAT_PROBES; i++) { /* bounded loop, not unrolled */
		__u32 port = min + (start + i * stride) % range;

		rk->dport_be = bpf_htons((__u16)port);
		if (!fl_reply_insert(rk, rv, cfg, now))
			return 0;
	}
	return FL_DROP_SNAT_PORTS_EXHAUSTED;
}

/*
 * Creates both conntrack entries of a new flow to service svc and fills *ov with the ORIGINAL
 * value (how to rewrite this packet). Returns 0, -1 to pass the packet, or a FL_DROP_* reason.
 */
FL_INLINE int fl_ct_create(const struct fl_pkt *p, const struct fl_svc_value *svc,
			   const struct fl_config *cfg, __u64 now, struct fl_flow_value *ov)
{
	struct fl_flow_key rk = {};
	struct fl_flow_value rv = {};
	struct fl_backend *be;
	__u32 be_id = 0, h = fl_flow_hash(&p->key);
	int dnat = svc->flags & FL_SVC_F_DNAT_ONLY;
	int sctp = p->key.proto == IPPROTO_SCTP;
	int rc;

	if (!svc->ring_size)
		return (svc->flags & FL_SVC_F_DOWN_DROP) ? FL_DROP_NO_BACKEND : -1;
	rc = fl_select_backend(svc, &p->key, h, now, &be, &be_id);
	if (rc)
		return rc;
	if (be->family != p->key.family)
		return FL_DROP_FAMILY_MISMATCH;
	if (sctp && be->port_be != p->key.dport_be)
		return FL_DROP_SCTP_PORT_CHANGE;

	ov->nat_addr = be->addr;
	ov->nat_port_be = be->port_be;
	ov->backend_id = be_id;
	ov->svc_id = svc->id;
	ov->dir = FL_CT_DIR_ORIGINAL;
	ov->state = FL_CT_NEW;
	ov->family = p->key.family;
	ov->flags = dnat ? FL_FLOW_F_DNAT_ONLY : 0;
	ov->last_seen_ns = now;

	rv = *ov;
	rv.nat_addr = p->key.dst; /* replies come back from the vip ... */
	rv.nat_port_be = p->key.dport_be;
	rv.snat_addr = p->key.src; /* ... to the client */
	rv.snat_port_be = p->key.sport_be;
	rv.dir = FL_CT_DIR_REPLY;

	rk.src = be->addr;
	rk.sport_be = be->port_be;
	rk.proto = p->key.proto;
	rk.family = p->key.family;
	if (dnat) {
		rk.dst = p->key.src;
		rk.dport_be = p->key.sport_be;
		if (bpf_map_update_elem(&fl_flows, &rk, &rv, BPF_ANY))
			return FL_DROP_CT_FULL;
	} else {
		const struct fl_addr *node =
			p->key.family == FL_AF_INET ? &cfg->node_v4 : &cfg->node_v6;

		if (fl_addr_is_zero(node))
			return FL_DROP_NO_NODE_ADDR;
		rk.dst = *node;
		rk.dport_be = p->key.sport_be;
		/* start elsewhere than the Maglev slot's bits */
		rc = fl_snat_alloc(&rk, &rv, cfg, FL_ROL32(h, 16), now, sctp);
		if (rc)
			return rc;
	}
	ov->snat_addr = rk.dst;
	ov->snat_port_be = rk.dport_be;
	if (bpf_map_update_elem(&fl_flows, &p->key, ov, BPF_ANY)) {
		bpf_map_delete_elem(&fl_flows, &rk);
		return FL_DROP_CT_FULL;
	}
	return 0;
}

#endif /* FULCRUM_NAT_H */
