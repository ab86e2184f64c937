// SPDX-License-Identifier: GPL-2.0
/*
 * libfulcrum: XDP links, BPF_PROG_TEST_RUN, network-namespace helpers. See fulcrum_shim.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "fulcrum_shim.h"

static int enter_netns(const char *netns, int *old_fd);
static void leave_netns(int old_fd);

#define FL_XDP_AUTO 0
#define FL_XDP_DRIVER 1
#define FL_XDP_GENERIC 2

/*
 * Attaches through a bpf_link (survives the process when pinned, replaceable atomically).
 * mode AUTO tries driver (native) mode and falls back to generic mode; *mode_out says which one
 * was used, so the caller can log the fallback. Returns the link fd.
 */
static int xdp_attach(int prog_fd, int ifindex, int mode, int *mode_out)
{
	int fd = -EINVAL;
	if (mode == FL_XDP_AUTO || mode == FL_XDP_DRIVER) {
		LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);
		errno = 0;
		fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
		if (fd >= 0) {
			*mode_out = FL_XDP_DRIVER;
			return fd;
		}
		fd = errno ? -errno : fd;
		fl_log_append("fulcrum: driver-mode XDP attach to ifindex %d failed: %s\n", ifindex,
			      strerror(-fd));
		if (mode == FL_XDP_DRIVER)
			return fd;
	}
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_SKB_MODE);
	errno = 0;
	fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
	if (fd >= 0) {
		*mode_out = FL_XDP_GENERIC;
		return fd;
	}
	fd = errno ? -errno : fd;
	fl_log_append("fulcrum: generic-mode XDP attach to ifindex %d failed: %s\n", ifindex,
		      strerror(-fd));
	return fd;
}

/* Same, with ifindex looked up in a named namespace (NULL or "" = the caller's). */
int fl_xdp_attach(int prog_fd, int ifindex, int mode, int *mode_out, const char *netns)
{
	fl_clear_log();
	int old_fd;
	int rc = enter_netns(netns, &old_fd);
	if (rc) {
		fl_log_append("fulcrum: cannot enter namespace %s: %s\n", netns, strerror(-rc));
		return rc;
	}
	rc = xdp_attach(prog_fd, ifindex, mode, mode_out);
	leave_netns(old_fd);
	return rc;
}

/* Replaces the program of a (pinned) link atomically: packets see the old or the new program. */
int fl_link_update(int link_fd, int new_prog_fd)
{
	errno = 0;
	int rc = bpf_link_update(link_fd, new_prog_fd, NULL);
	return rc ? (errno ? -errno : rc) : 0;
}

int fl_link_detach(int link_fd)
{
	errno = 0;
	int rc = bpf_link_detach(link_fd);
	return rc ? (errno ? -errno : rc) : 0;
}

/* out4: link id, prog id, ifindex (XDP links), link type */
int fl_link_info(int link_fd, uint32_t *out4)
{
	struct bpf_link_info info;
	memset(&info, 0, sizeof(info));
	__u32 len = sizeof(info);
	errno = 0;
	int rc = bpf_obj_get_info_by_fd(link_fd, &info, &len);
	if (rc)
		return errno ? -errno : rc;
	out4[0] = info.id;
	out4[1] = info.prog_id;
	out4[2] = info.type == BPF_LINK_TYPE_XDP ? info.xdp.ifindex : 0;
	out4[3] = info.type;
	return 0;
}

/* Moves the calling thread into a named namespace (/run/netns/<name>); returns the old ns fd. */
static int enter_netns(const char *netns, int *old_fd)
{
	*old_fd = -1;
	if (!netns || !*netns)
		return 0;
	char path[512];
	snprintf(path, sizeof(path), "/run/netns/%s", netns);
	int target = open(path, O_RDONLY | O_CLOEXEC);
	if (target < 0)
		return -errno;
	int old = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (old < 0) {
		int err = -errno;
		close(target);
		return err;
	}
	if (setns(target, CLONE_NEWNET)) {
		int err = -errno;
		close(target);
		close(old);
		return err;
	}
	close(target);
	*old_fd = old;
	return 0;
}

static void leave_netns(int old_fd)
{
	if (old_fd < 0)
		return;
	if (setns(old_fd, CLONE_NEWNET))
		fl_log_append("fulcrum: cannot return to the original namespace: %s\n",
			      strerror(errno));
	close(old_fd);
}

/*
 * Runs an XDP program once (or `repeat` times) on a packet. With ingress_ifindex > 0 the context
 * names that interface (looked up in `netns` when given, else the caller's namespace), so FIB
 * lookups and redirects happen there. *size_out: in = capacity of data_out, out = length.
 */
int fl_prog_test_run(int prog_fd, const void *data_in, uint32_t size_in, void *data_out,
		     uint32_t *size_out, int ingress_ifindex, int rx_queue, int repeat,
		     uint32_t flags, uint32_t *retval, uint32_t *duration_ns, const char *netns)
{
	fl_clear_log();
	int old_fd;
	int rc = enter_netns(netns, &old_fd);
	if (rc) {
		fl_log_append("fulcrum: cannot enter namespace %s: %s\n", netns, strerror(-rc));
		return rc;
	}
	struct xdp_md ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.data_end = size_in; /* the kernel wants data_end == size and data == data_meta == 0 */
	ctx.ingress_ifindex = ingress_ifindex > 0 ? (__u32)ingress_ifindex : 0;
	ctx.rx_queue_index = rx_queue > 0 ? (__u32)rx_queue : 0;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data_in, .data_size_in = size_in,
		    .data_out = data_out, .data_size_out = data_out ? *size_out : 0,
		    .repeat = repeat > 0 ? repeat : 1, .flags = flags);
	if (ingress_ifindex > 0) {
		opts.ctx_in = &ctx;
		opts.ctx_size_in = sizeof(ctx);
	}
	if (flags & BPF_F_TEST_XDP_LIVE_FRAMES) {
		opts.data_out = NULL;
		opts.data_size_out = 0;
	}
	errno = 0;
	rc = bpf_prog_test_run_opts(prog_fd, &opts);
	int err = errno;
	leave_netns(old_fd);
	if (rc) {
		rc = err ? -err : rc;
		fl_log_append("fulcrum: BPF_PROG_TEST_RUN failed: %s\n", strerror(-rc));
		return rc;
	}
	*size_out = opts.data_size_out;
	*retval = opts.retval;
	*duration_ns = opts.duration;
	return 0;
}

int fl_if_nametoindex(const char *name, const char *netns)
{
	int old_fd;
	int rc = enter_netns(netns, &old_fd);
	if (rc)
		return rc;
	errno = 0;
	unsigned int idx = if_nametoindex(name);
	int err = errno;
	leave_netns(old_fd);
	return idx ? (int)idx : -(err ? err : ENODEV);
}

/*
 * Moves the calling thread into a named namespace and returns an fd of the one it left (give it
 * to fl_netns_leave). Sockets made meanwhile belong to that namespace for good: tests use this to
 * open client connections inside a namespace from the test's own process.
 */
int fl_netns_enter(const char *netns)
{
	int old_fd;
	int rc = enter_netns(netns, &old_fd);
	return rc ? rc : old_fd;
}

int fl_netns_leave(int old_fd)
{
	if (old_fd < 0)
		return -EBADF;
	int rc = setns(old_fd, CLONE_NEWNET) ? -errno : 0;
	close(old_fd);
	return rc;
}
