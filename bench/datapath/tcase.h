/* SPDX-License-Identifier: GPL-2.0 */
/* tcase.h - shared pieces of the packet-table tests (tests.c, tests_icmp_l2.c). */
#ifndef FLT_TCASE_H
#define FLT_TCASE_H

#include <stdio.h>

#include "flt.h"
#include "pkt.h"

extern int failures, checks;
extern struct flt_obj O;
extern int IFX;
extern uint8_t in[2048], out[2048];
extern const char *V4_VIP, *V6_VIP, *V4_NODE, *V6_NODE;

#define CHECK(cond, ...)                                                                       \
	do {                                                                                   \
		checks++;                                                                      \
		if (!(cond)) {                                                                 \
			failures++;                                                            \
			printf("FAIL %s:%d: %s: ", __func__, __LINE__, #cond);                 \
			printf(__VA_ARGS__);                                                   \
			printf("\n");                                                          \
		}                                                                              \
	} while (0)

/* Runs spec; returns the verdict and parses the result into v (if not NULL). */
int run(const struct pkt_spec *s, struct pkt_view *v);
struct pkt_spec tcp4(const char *src, uint16_t sport, uint16_t dport, uint8_t flags);

void test_ping(void);
void test_icmp_errors(void);
void test_l2(void);
void test_icmp_error_client_side(void);
void test_tcp_states(void);
void test_too_big(void);
void test_random_host_traffic_passes(void);

#endif
