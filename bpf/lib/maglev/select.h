/* SPDX-License-Identifier: GPL-2.0 */
/*
 * maglev/select.h - backend selection for a new flow.
 *
 * The agent builds each service's Maglev lookup table (Eisenbud et al., "Maglev: A Fast and
 * Reliable Software Network Load Balancer", NSDI 2016, section 3.4) and writes it as a slice of
 * fl_ring_pool: slot ring_offset + i holds the backend id of entry i, i < ring_size (prime). The
 * data plane only reads it: entry = hash(5-tuple) mod ring_size, or hash(client address) with
 * FL_SVC_F_AFFINITY, where the fl_affinity LRU map also remembers the chosen backend per client
 * for affinity_timeout_s so the client stays put even when the table changes (but not on a
 * backend that takes no new flow any more: FL_BE_F_NO_NEW ends the affinity).
 *
 * The hash is Bob Jenkins' lookup3 mixing over 32-bit words (as jhash in the kernel and Katran),
 * so that every node of a cluster picks the same backend for the same flow.
 */
#ifndef FULCRUM_MAGLEV_SELECT_H
#define FULCRUM_MAGLEV_SELECT_H

#include "../maps.h"

#define FL_ROL32(x, k) (((x) << (k)) | ((x) >> (32 - (k))))

#define FL_JMIX(a, b, c)                                                                       \
	do {                                                                                   \
		a -= c; a ^= FL_ROL32(c, 4); c += b;                                           \
		b -= a; b ^= FL_ROL32(a, 6); a += c;                                           \
		c -= b; c ^= FL_ROL32(b, 8); b += a;                                           \
		a -= c; a ^= FL_ROL32(c, 16); c += b;                                          \
		b -= a; b ^= FL_ROL32(a, 19); a += c;                                          \
		c -= b; c ^= FL_ROL32(b, 4); b += a;                                           \
	} while (0)

#define FL_JFINAL(a, b, c)                                                                     \
	do {                                                                                   \
		c ^= b; c -= FL_ROL32(b, 14);                                                  \
		a ^= c; a -= FL_ROL32(c, 11);                                                  \
		b ^= a; b -= FL_ROL32(a, 25);                                                  \
		c ^= b; c -= FL_ROL32(b, 16);                                                  \
		a ^= c; a -= FL_ROL32(c, 4);                                                   \
		b ^= a; b -= FL_ROL32(a, 14);                                                  \
		c ^= b; c -= FL_ROL32(b, 24);                                                  \
	} while (0)

#define FL_JHASH_INIT 0xdeadbeef

/* lookup3 over 3, 6 or 9 words (n a multiple of 3, known at compile time). */
FL_INLINE __u32 fl_jhash_words(const __u32 *k, int n, __u32 initval)
{
	__u32 a, b, c;

	a = b = c = FL_JHASH_INIT + ((__u32)n << 2) + initval;
#pragma unroll
	for (int i = 0; i + 3 < n; i += 3) {
		a += k[i];
		b += k[i + 1];
		c += k[i + 2];
		FL_JMIX(a, b, c);
	}
	a += k[n - 3];
	b += k[n - 2];
	c += k[n - 1];
	FL_JFINAL(a, b, c);
	return c;
}

/* Hash of the client's 5-tuple. */
FL_INLINE __u32 fl_flow_hash(const struct fl_flow_key *k)
{
	const __u32 *s = (const __u32 *)&k->src, *d = (const __u32 *)&k->dst;
	__u32 w[9] = {s[0], s[1], s[2], s[3], d[0], d[1], d[2], d[3],
		      (__u32)k->sport_be | ((__u32)k->dport_be << 16)};

	return fl_jhash_words(w, 9, k->proto);
}

/* Hash of the client address only (session affinity). */
FL_INLINE __u32 fl_client_hash(const struct fl_addr *a)
{
	const __u32 *s = (const __u32 *)a;
	__u32 w[6] = {s[0], s[1], s[2], s[3], 0, 0};

	return fl_jhash_words(w, 6, 0);
}

/* A backend usable for traffic: in range and IN_USE. */
FL_INLINE struct fl_backend *fl_backend_get(__u32 id)
{
	struct fl_backend *be = bpf_map_lookup_elem(&fl_backends, &id);

	if (!be || !(be->flags & FL_BE_F_IN_USE))
		return NULL;
	return be;
}

FL_INLINE struct fl_backend *fl_maglev_pick(const struct fl_svc_value *svc, __u32 hash,
					    __u32 *be_id)
{
	__u32 slot = svc->ring_offset + hash % svc->ring_size;
	__u32 *id = bpf_map_lookup_elem(&fl_ring_pool, &slot);

	if (!id)
		return NULL;
	*be_id = *id;
	return fl_backend_get(*id);
}

/*
 * Chooses the backend of a new flow (flow_hash = fl_flow_hash(key)). Returns 0 with *be / *be_id
 * set, or a FL_DROP_* reason.
 * The caller has checked ring_size != 0.
 */
FL_INLINE int fl_select_backend(const struct fl_svc_value *svc, const struct fl_flow_key *key,
				__u32 flow_hash, __u64 now, struct fl_backend **be, __u32 *be_id)
{
	struct fl_affinity_key ak = {};
	struct fl_affinity_value av = {};
	struct fl_affinity_value *cur;

	if (!(svc->flags & FL_SVC_F_AFFINITY)) {
		*be = fl_maglev_pick(svc, flow_hash, be_id);
		return *be ? 0 : FL_DROP_BAD_BACKEND;
	}
	ak.client = key->src;
	ak.svc_id = svc->id;
	ak.family = key->family;
	cur = bpf_map_lookup_elem(&fl_affinity, &ak);
	if (cur && (!svc->affinity_timeout_s ||
		    now - cur->last_seen_ns < (__u64)svc->affinity_timeout_s * FL_NSEC_PER_SEC)) {
		*be = fl_backend_get(cur->backend_id);
		/* a backend that takes no new flow (DOWN, DRAINING) ends the client's affinity */
		if (*be && !((*be)->flags & FL_BE_F_NO_NEW)) {
			*be_id = cur->backend_id;
			cur->last_seen_ns = now;
			return 0;
		}
	}
	*be = fl_maglev_pick(svc, fl_client_hash(&key->src), be_id);
	if (!*be)
		return FL_DROP_BAD_BACKEND;
	av.backend_id = *be_id;
	av.last_seen_ns = now;
	bpf_map_update_elem(&fl_affinity, &ak, &av, BPF_ANY);
	return 0;
}

#endif /* FULCRUM_MAGLEV_SELECT_H */
