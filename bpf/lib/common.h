/* SPDX-License-Identifier: GPL-2.0 */
/* common.h - includes, protocol constants and small helpers shared by every header. */
#ifndef FULCRUM_COMMON_H
#define FULCRUM_COMMON_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "abi.h"
#include "drop_reasons.h"

#define FL_INLINE static __always_inline

#ifndef AF_INET
#define AF_INET 2
#endif
#ifndef AF_INET6
#define AF_INET6 10
#endif
#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif
/* ICMP / ICMPv6 types (linux/icmp.h would pull libc headers into a BPF build). */
#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11
#define ICMPV6_DEST_UNREACH 1
#define ICMPV6_PKT_TOOBIG 2
#define ICMPV6_TIME_EXCEED 3
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define FL_ETH_P_8021Q 0x8100
#define FL_ETH_P_ARP 0x0806

#define FL_NSEC_PER_SEC 1000000000ULL

/* The ICMP protocol number for a family (the proto of the VIP entry, see abi.h). */
FL_INLINE __u8 fl_icmp_proto(__u8 family)
{
	return family == FL_AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
}

FL_INLINE int fl_addr_eq(const struct fl_addr *a, const struct fl_addr *b)
{
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;

	return x[0] == y[0] && x[1] == y[1];
}

FL_INLINE int fl_addr_is_zero(const struct fl_addr *a)
{
	const __u64 *x = (const __u64 *)a;

	return (x[0] | x[1]) == 0;
}

#endif /* FULCRUM_COMMON_H */
