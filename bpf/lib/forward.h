/* SPDX-License-Identifier: GPL-2.0 */
/*
 * forward.h - translate and forward a TCP / UDP / SCTP packet: route lookup for the translated
 * packet first (fib.h), so that a packet too big for the egress MTU is answered untranslated
 * (icmp.h); then the rewrite with checksums (nat.h) and XDP_TX / redirect, or XDP_PASS when the
 * kernel must forward it.
 */
#ifndef FULCRUM_FORWARD_H
#define FULCRUM_FORWARD_H

#include "fib.h"
#include "icmp.h"
#include "nat.h"

/*
 * Translates p to src:sport -> dst:dport and forwards it. The route is looked up first, so that
 * a packet too big for the egress MTU that may not be fragmented is answered untranslated.
 */
FL_INLINE int fl_xlate_forward(struct xdp_md *ctx, struct fl_pkt *p, const struct fl_addr *src,
			       __u16 sport, const struct fl_addr *dst, __u16 dport)
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

#endif /* FULCRUM_FORWARD_H */
