/* SPDX-License-Identifier: GPL-2.0 */
/*
 * csum.h - incremental Internet checksum updates (RFC 1071 sum, RFC 1624 update:
 * HC' = ~(~HC + ~m + m')).
 *
 * The one's complement sum is independent of byte order and can be accumulated over 32-bit words
 * (folded at the end), so callers feed raw words as they sit in the packet and the raw checksum
 * field. A "diff" is the sum of ~old + new over every changed word; apply it to each checksum that
 * covers those words.
 */
#ifndef FULCRUM_CSUM_H
#define FULCRUM_CSUM_H

#include "common.h"

FL_INLINE __u16 fl_csum_fold(__u64 s)
{
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

/* Diff for one 32-bit word changing from old to new. */
FL_INLINE __u64 fl_csum_diff32(__u32 old, __u32 new)
{
	return (__u64)(__u32)~old + new;
}

/* Diff for one 16-bit word. */
FL_INLINE __u64 fl_csum_diff16(__u16 old, __u16 new)
{
	return (__u64)(__u16)~old + new;
}

/* Diff for a 16-byte address (IPv6; IPv4 uses only the first word). */
FL_INLINE __u64 fl_csum_diff_addr(const struct fl_addr *old, const struct fl_addr *new, int words)
{
	const __u32 *o = (const __u32 *)old, *n = (const __u32 *)new;
	__u64 d = fl_csum_diff32(o[0], n[0]);

	if (words == 4)
		d += fl_csum_diff32(o[1], n[1]) + fl_csum_diff32(o[2], n[2]) +
		     fl_csum_diff32(o[3], n[3]);
	return d;
}

/* Applies a diff to a checksum field value (RFC 1624 eqn. 3). */
FL_INLINE __u16 fl_csum_apply(__u16 csum, __u64 diff)
{
	return (__u16)~fl_csum_fold((__u64)(__u16)~csum + diff);
}

/* Full sum of a small fixed-size buffer (len even, known at compile time). */
FL_INLINE __u64 fl_csum_partial(const void *buf, int len)
{
	const __u16 *w = buf;
	__u64 s = 0;

#pragma unroll
	for (int i = 0; i < len / 2; i++)
		s += w[i];
	return s;
}

#endif /* FULCRUM_CSUM_H */
