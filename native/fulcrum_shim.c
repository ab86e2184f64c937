// SPDX-License-Identifier: GPL-2.0
/* Placeholder: the libbpf shim is built here. */
#include <bpf/libbpf.h>

int fl_version(void)
{
	return 1;
}
