/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libfulcrum: a thin, generic shim over libbpf bound from Java with jnr-ffi
 * (datapath/src/main/java/io/fulcrum/datapath/nat/LibFulcrum.java). Raw bytes in and out: struct
 * layouts live in the Java codecs. Every function returns a negative errno on failure; the last
 * libbpf messages of the calling thread are kept and read with fl_last_log().
 */
#ifndef FULCRUM_SHIM_H
#define FULCRUM_SHIM_H

#include <stdint.h>

#define FL_SHIM_VERSION 1

int fl_version(void);
int fl_last_log(char *buf, int len);
void fl_clear_log(void);
void fl_log_append(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* objects (handle = small integer) */
int fl_obj_open_load(const char *path, const char *pin_root, const char *overrides);
int fl_obj_close(int handle);
int fl_obj_map_fd(int handle, const char *name);
int fl_obj_prog_fd(int handle, const char *name);
int fl_obj_map_names(int handle, char *buf, int len);

/* maps */
int fl_map_update(int fd, const void *key, const void *value, uint64_t flags);
int fl_map_lookup(int fd, const void *key, void *value);
int fl_map_delete(int fd, const void *key);
int fl_map_next_key(int fd, const void *key, void *next_key);
int fl_map_info(int fd, uint32_t *out6);
int fl_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values,
			uint32_t *count);
int fl_map_delete_batch(int fd, const void *keys, uint32_t *count);
int fl_map_update_batch(int fd, const void *keys, const void *values, uint32_t *count,
			uint64_t flags);
int fl_num_possible_cpus(void);

/* fds, pins */
int fl_obj_pin(int fd, const char *path);
int fl_obj_get(const char *path);
int fl_unpin(const char *path);
int fl_close_fd(int fd);
int fl_prog_id(int prog_fd);

/* XDP links */
int fl_xdp_attach(int prog_fd, int ifindex, int mode, int *mode_out, const char *netns);
/* Maps an mmapable array map's values (read/write, shared); returns the address or -errno. */
int64_t fl_map_mmap(int fd, uint64_t len);
int fl_map_munmap(uint64_t addr, uint64_t len);

int fl_map_create(int type, const char *name, uint32_t key_size, uint32_t value_size,
		  uint32_t max_entries, uint32_t flags);
int fl_link_update(int link_fd, int new_prog_fd);
int fl_link_detach(int link_fd);
int fl_link_info(int link_fd, uint32_t *out4);

/* test runs */
int fl_prog_test_run(int prog_fd, const void *data_in, uint32_t size_in, void *data_out,
		     uint32_t *size_out, int ingress_ifindex, int rx_queue, int repeat,
		     uint32_t flags, uint32_t *retval, uint32_t *duration_ns, const char *netns);

/* networking helpers */
int fl_if_nametoindex(const char *name, const char *netns);
int fl_netns_enter(const char *netns);
int fl_netns_leave(int old_fd);

#endif
