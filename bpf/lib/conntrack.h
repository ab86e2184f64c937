/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conntrack.h - connection tracking over the fl_flows LRU hash.
 *
 * Each flow has two entries: ORIGINAL keyed by the client's packet (client -> vip) and REPLY keyed
 * by the backend's answer (backend -> node:snat_port in full NAT, backend -> client in DNAT mode).
 * The value of each says how to rewrite a packet of that direction, and the entries point at each
 * other: the peer key of a value is {nat -> snat} for ORIGINAL and {snat -> nat} for REPLY.
 *
 * Timeouts (fl_config) depend on the protocol and TCP state; an entry whose last_seen_ns is older
 * than its timeout is treated as absent (and replaced by the next flow that needs the key), while
 * the LRU reclaims entries under memory pressure. A timeout of 0 means "no timeout, LRU only".
 * last_seen_ns is written at most once per FL_CT_REFRESH_NS per flow (and on state changes) to
 * keep the hot path free of cache-line writes; both entries are refreshed together.
 */
#ifndef FULCRUM_CONNTRACK_H
#define FULCRUM_CONNTRACK_H

#include "maps.h"
#include "parsing.h"

/*
 * Clock of conntrack and affinity: CLOCK_MONOTONIC at tick resolution (a few ms), which is plenty
 * for timeouts in seconds and cheaper per packet than bpf_ktime_get_ns().
 */
FL_INLINE __u64 fl_now(void)
{
	return bpf_ktime_get_coarse_ns();
}

#ifndef FL_CT_REFRESH_NS
#define FL_CT_REFRESH_NS (1ULL * FL_NSEC_PER_SEC)
#endif

FL_INLINE __u64 fl_ct_timeout_ns(const struct fl_config *cfg, __u8 proto, __u8 state)
{
	__u32 s;

	switch (proto) {
	case IPPROTO_TCP:
		if (state == FL_CT_NEW)
			s = cfg->ct_tcp_syn_s;
		else if (state == FL_CT_ESTABLISHED)
			s = cfg->ct_tcp_established_s;
		else
			s = cfg->ct_tcp_closing_s;
		break;
	case IPPROTO_UDP:
		s = cfg->ct_udp_s;
		break;
	case IPPROTO_SCTP:
		s = cfg->ct_sctp_s;
		break;
	default:
		s = cfg->ct_icmp_s;
	}
	return (__u64)s * FL_NSEC_PER_SEC;
}

FL_INLINE int fl_ct_expired(const struct fl_flow_value *v, const struct fl_config *cfg, __u64 now,
			    __u8 proto)
{
	__u64 t = fl_ct_timeout_ns(cfg, proto, v->state);

	return t && now - v->last_seen_ns > t;
}

/* The key of the other direction's entry. */
FL_INLINE void fl_ct_peer_key(const struct fl_flow_value *v, const struct fl_flow_key *own,
			      struct fl_flow_key *peer)
{
	peer->proto = own->proto;
	peer->family = own->family;
	peer->pad = 0;
	if (v->dir == FL_CT_DIR_ORIGINAL) {
		peer->src = v->nat_addr;
		peer->dst = v->snat_addr;
		peer->sport_be = v->nat_port_be;
		peer->dport_be = v->snat_port_be;
	} else {
		peer->src = v->snat_addr;
		peer->dst = v->nat_addr;
		peer->sport_be = v->snat_port_be;
		peer->dport_be = v->nat_port_be;
	}
}

/*
 * TCP-ish state machine; UDP and SCTP become ESTABLISHED once the backend answered. A SYN never
 * reaches here on a closing entry: fl_ct_reopens() makes it a new flow first.
 */
FL_INLINE __u8 fl_ct_next_state(__u8 state, __u8 proto, __u8 dir, __u8 tcp_flags)
{
	if (proto != IPPROTO_TCP)
		return dir == FL_CT_DIR_REPLY ? FL_CT_ESTABLISHED : state;
	if (tcp_flags & FL_TCP_RST)
		return FL_CT_CLOSED;
	if (tcp_flags & FL_TCP_FIN)
		return state == FL_CT_CLOSED ? FL_CT_CLOSED : FL_CT_CLOSING;
	if (dir == FL_CT_DIR_REPLY && state == FL_CT_NEW)
		return FL_CT_ESTABLISHED;
	return state;
}

/* A TCP SYN without ACK: the first packet of a connection. */
FL_INLINE int fl_tcp_opens(const struct fl_pkt *p)
{
	return p->key.proto == IPPROTO_TCP &&
	       (p->tcp_flags & (FL_TCP_SYN | FL_TCP_ACK | FL_TCP_RST)) == FL_TCP_SYN;
}

/*
 * Is this client packet, which found the live ORIGINAL entry ct of a backend be_flags, the start
 * of a NEW connection on a reused 4-tuple? Then it must be a new flow (backend chosen again through
 * the table, counted as new), not the old flow's continuation: a SYN on an entry that saw FIN or
 * RST, or any SYN towards a backend that takes no new flow (a retransmitted SYN of a flow whose
 * backend went DOWN meanwhile, or a client that lost its connection and reuses the port). Packets
 * with ACK (the established connection's) keep their backend whatever its state. This follows
 * Cilium (bpf/lib/conntrack.h reopens a closing entry on SYN; bpf/lib/lb.h re-selects a SYN whose
 * backend is not active) and Linux conntrack (a SYN on a TIME_WAIT / CLOSE entry starts anew).
 */
FL_INLINE int fl_ct_reopens(const struct fl_flow_value *ct, __u8 be_flags, const struct fl_pkt *p)
{
	return fl_tcp_opens(p) && (ct->state >= FL_CT_CLOSING || (be_flags & FL_BE_F_NO_NEW));
}

/* The value of the other direction's entry, rebuilt from this entry and its key. */
FL_INLINE void fl_ct_peer_value(const struct fl_flow_value *v, const struct fl_flow_key *own,
				struct fl_flow_value *pv)
{
	*pv = *v;
	if (v->dir == FL_CT_DIR_ORIGINAL) { /* own: client -> vip; peer rewrites to vip -> client */
		pv->dir = FL_CT_DIR_REPLY;
		pv->nat_addr = own->dst;
		pv->nat_port_be = own->dport_be;
		pv->snat_addr = own->src;
		pv->snat_port_be = own->sport_be;
	} else { /* own: backend -> node | client; peer rewrites to (node ->) backend */
		pv->dir = FL_CT_DIR_ORIGINAL;
		pv->nat_addr = own->src;
		pv->nat_port_be = own->sport_be;
		pv->snat_addr = own->dst;
		pv->snat_port_be = own->dport_be;
	}
}

FL_INLINE int fl_flow_key_eq(const struct fl_flow_key *a, const struct fl_flow_key *b)
{
	return a->sport_be == b->sport_be && a->dport_be == b->dport_be && a->proto == b->proto &&
	       a->family == b->family && fl_addr_eq(&a->src, &b->src) &&
	       fl_addr_eq(&a->dst, &b->dst);
}

/*
 * Does the entry pv found at the peer key pk point back at own? Not when the peer key was
 * reclaimed by another flow meanwhile (a full-NAT source port reused after this flow expired):
 * then it is that flow's entry and must be left alone.
 */
FL_INLINE int fl_ct_is_peer(const struct fl_flow_value *pv, const struct fl_flow_key *pk,
			    const struct fl_flow_key *own)
{
	struct fl_flow_key back;

	fl_ct_peer_key(pv, pk, &back);
	return fl_flow_key_eq(&back, own);
}

/*
 * Records a packet of the flow: state transition and (coarse) last-seen on both entries. If the
 * other direction's entry is gone (evicted by the LRU on its own), it is written again, so a
 * flow does not stay half-translated until it expires.
 */
FL_INLINE void fl_ct_touch(struct fl_flow_value *v, const struct fl_pkt *p, __u64 now)
{
	__u8 ns = fl_ct_next_state(v->state, p->key.proto, v->dir, p->tcp_flags);
	struct fl_flow_key pk;
	struct fl_flow_value *peer, pv;

	if (ns == v->state && now - v->last_seen_ns < FL_CT_REFRESH_NS)
		return;
	v->state = ns;
	v->last_seen_ns = now;
	fl_ct_peer_key(v, &p->key, &pk);
	peer = bpf_map_lookup_elem(&fl_flows, &pk);
	if (peer) {
		if (fl_ct_is_peer(peer, &pk, &p->key)) {
			peer->state = ns;
			peer->last_seen_ns = now;
		}
		return;
	}
	fl_ct_peer_value(v, &p->key, &pv);
	bpf_map_update_elem(&fl_flows, &pk, &pv, BPF_NOEXIST);
}

/* Removes the other direction's entry of a flow that is being replaced, if it is still its own. */
FL_INLINE void fl_ct_delete_peer(const struct fl_flow_value *v, const struct fl_flow_key *own)
{
	struct fl_flow_key pk;
	struct fl_flow_value *peer;

	fl_ct_peer_key(v, own, &pk);
	peer = bpf_map_lookup_elem(&fl_flows, &pk);
	if (peer && fl_ct_is_peer(peer, &pk, own))
		bpf_map_delete_elem(&fl_flows, &pk);
}

#endif /* FULCRUM_CONNTRACK_H */
