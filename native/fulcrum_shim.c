// SPDX-License-Identifier: GPL-2.0
/*
 * libfulcrum: objects, maps, pins. See fulcrum_shim.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "fulcrum_shim.h"

#define FL_MAX_OBJECTS 64
#define FL_LOG_SIZE 8192

static __thread char log_buf[FL_LOG_SIZE];
static __thread int log_len;

static struct bpf_object *objects[FL_MAX_OBJECTS];
static pthread_mutex_t objects_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t print_once = PTHREAD_ONCE_INIT;

int fl_version(void)
{
	return FL_SHIM_VERSION;
}

static void log_vappend(const char *fmt, va_list ap)
{
	int room = FL_LOG_SIZE - log_len;
	if (room <= 1) {
		/* keep the newest messages: drop the older half */
		memmove(log_buf, log_buf + FL_LOG_SIZE / 2, FL_LOG_SIZE / 2);
		log_len = FL_LOG_SIZE / 2 - 1;
		log_buf[log_len] = '\0';
		room = FL_LOG_SIZE - log_len;
	}
	int n = vsnprintf(log_buf + log_len, room, fmt, ap);
	if (n < 0)
		return;
	log_len += n < room ? n : room - 1;
}

void fl_log_append(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vappend(fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	log_vappend(fmt, ap);
	return 0;
}

static void install_print(void)
{
	libbpf_set_print(libbpf_print);
}

void fl_clear_log(void)
{
	pthread_once(&print_once, install_print);
	log_len = 0;
	log_buf[0] = '\0';
}

int fl_last_log(char *buf, int len)
{
	if (len <= 0)
		return -EINVAL;
	int n = log_len < len - 1 ? log_len : len - 1;
	memcpy(buf, log_buf, n);
	buf[n] = '\0';
	return n;
}

static int mkdir_p(const char *path)
{
	char tmp[4096];
	size_t len = strlen(path);
	if (len == 0 || len >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0700) && errno != EEXIST)
				return -errno;
			*p = '/';
		}
	}
	if (mkdir(tmp, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/*
 * overrides: "name=max_entries;name=max_entries". A map already pinned under pin_root keeps its
 * pinned size (libbpf reuses a pinned map only when its definition matches), so an agent that
 * restarts with other settings adopts the running data plane instead of failing.
 */
static int apply_overrides(struct bpf_object *obj, const char *pin_root, const char *overrides)
{
	if (!overrides || !*overrides)
		return 0;
	char *copy = strdup(overrides);
	if (!copy)
		return -ENOMEM;
	int err = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq) {
			fl_log_append("fulcrum: bad override '%s'\n", tok);
			err = -EINVAL;
			break;
		}
		*eq = '\0';
		unsigned long value = strtoul(eq + 1, NULL, 10);
		struct bpf_map *map = bpf_object__find_map_by_name(obj, tok);
		if (!map) {
			fl_log_append("fulcrum: override of unknown map '%s'\n", tok);
			err = -ENOENT;
			break;
		}
		if (pin_root && *pin_root && bpf_map__pin_path(map) == NULL) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", pin_root, tok);
			int pfd = bpf_obj_get(path);
			if (pfd >= 0) {
				struct bpf_map_info info = {0};
				__u32 len = sizeof(info);
				if (!bpf_obj_get_info_by_fd(pfd, &info, &len))
					value = info.max_entries;
				close(pfd);
			}
		}
		err = bpf_map__set_max_entries(map, (__u32)value);
		if (err) {
			fl_log_append("fulcrum: cannot set max_entries of '%s': %d\n", tok, err);
			break;
		}
	}
	free(copy);
	return err;
}

int fl_obj_open_load(const char *path, const char *pin_root, const char *overrides)
{
	fl_clear_log();
	if (pin_root && *pin_root) {
		int err = mkdir_p(pin_root);
		if (err) {
			fl_log_append("fulcrum: cannot create pin root %s: %s\n", pin_root,
				      strerror(-err));
			return err;
		}
	}
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = (pin_root && *pin_root) ? pin_root : NULL);
	struct bpf_object *obj = bpf_object__open_file(path, &opts);
	long err = libbpf_get_error(obj);
	if (err) {
		fl_log_append("fulcrum: cannot open %s\n", path);
		return (int)(err < 0 ? err : -err);
	}
	int rc = apply_overrides(obj, pin_root, overrides);
	if (!rc)
		rc = bpf_object__load(obj);
	if (rc) {
		bpf_object__close(obj);
		return rc < 0 ? rc : -rc;
	}
	pthread_mutex_lock(&objects_lock);
	int handle = -EMFILE;
	for (int i = 0; i < FL_MAX_OBJECTS; i++) {
		if (!objects[i]) {
			objects[i] = obj;
			handle = i;
			break;
		}
	}
	pthread_mutex_unlock(&objects_lock);
	if (handle < 0)
		bpf_object__close(obj);
	return handle;
}

static struct bpf_object *obj_of(int handle)
{
	if (handle < 0 || handle >= FL_MAX_OBJECTS)
		return NULL;
	pthread_mutex_lock(&objects_lock);
	struct bpf_object *obj = objects[handle];
	pthread_mutex_unlock(&objects_lock);
	return obj;
}

int fl_obj_close(int handle)
{
	if (handle < 0 || handle >= FL_MAX_OBJECTS)
		return -EINVAL;
	pthread_mutex_lock(&objects_lock);
	struct bpf_object *obj = objects[handle];
	objects[handle] = NULL;
	pthread_mutex_unlock(&objects_lock);
	if (!obj)
		return -EBADF;
	bpf_object__close(obj); /* pinned maps stay pinned; attached links keep their program */
	return 0;
}

int fl_obj_map_fd(int handle, const char *name)
{
	struct bpf_object *obj = obj_of(handle);
	if (!obj)
		return -EBADF;
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);
	if (!map)
		return -ENOENT;
	return bpf_map__fd(map);
}

int fl_obj_prog_fd(int handle, const char *name)
{
	struct bpf_object *obj = obj_of(handle);
	if (!obj)
		return -EBADF;
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);
	if (!prog)
		return -ENOENT;
	return bpf_program__fd(prog);
}

/* Writes "name\n" for every map (skipping .rodata/.bss style internal maps); returns length. */
int fl_obj_map_names(int handle, char *buf, int len)
{
	struct bpf_object *obj = obj_of(handle);
	if (!obj)
		return -EBADF;
	int off = 0;
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue;
		int n = snprintf(buf + off, len - off, "%s\n", bpf_map__name(map));
		if (n < 0 || n >= len - off)
			return -ENOSPC;
		off += n;
	}
	return off;
}

static int neg(int rc)
{
	if (rc >= 0)
		return rc;
	return errno ? -errno : rc;
}

int fl_map_update(int fd, const void *key, const void *value, uint64_t flags)
{
	errno = 0;
	return neg(bpf_map_update_elem(fd, key, value, flags));
}

int fl_map_lookup(int fd, const void *key, void *value)
{
	errno = 0;
	return neg(bpf_map_lookup_elem(fd, key, value));
}

int fl_map_delete(int fd, const void *key)
{
	errno = 0;
	return neg(bpf_map_delete_elem(fd, key));
}

int fl_map_next_key(int fd, const void *key, void *next_key)
{
	errno = 0;
	return neg(bpf_map_get_next_key(fd, key, next_key));
}

/* out6: type, key_size, value_size, max_entries, map_flags, id */
int fl_map_info(int fd, uint32_t *out6)
{
	struct bpf_map_info info = {0};
	__u32 len = sizeof(info);
	errno = 0;
	int rc = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (rc)
		return neg(rc);
	out6[0] = info.type;
	out6[1] = info.key_size;
	out6[2] = info.value_size;
	out6[3] = info.max_entries;
	out6[4] = info.map_flags;
	out6[5] = info.id;
	return 0;
}

/* in_batch NULL (first call) or the out_batch of the previous call; -ENOENT marks the end. */
int fl_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values,
			uint32_t *count)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	errno = 0;
	return neg(bpf_map_lookup_batch(fd, in_batch, out_batch, keys, values, count, &opts));
}

int fl_map_delete_batch(int fd, const void *keys, uint32_t *count)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	errno = 0;
	return neg(bpf_map_delete_batch(fd, keys, count, &opts));
}

int fl_map_update_batch(int fd, const void *keys, const void *values, uint32_t *count,
			uint64_t flags)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = flags);
	errno = 0;
	return neg(bpf_map_update_batch(fd, keys, values, count, &opts));
}

int64_t fl_map_mmap(int fd, uint64_t len)
{
	void *p;

	errno = 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	return p == MAP_FAILED ? -(int64_t)errno : (int64_t)(uintptr_t)p;
}

int fl_map_munmap(uint64_t addr, uint64_t len)
{
	errno = 0;
	return munmap((void *)(uintptr_t)addr, len) ? -errno : 0;
}

/* A map made by user space (e.g. Fulcrum's own metadata beside the data plane's maps). */
int fl_map_create(int type, const char *name, uint32_t key_size, uint32_t value_size,
		  uint32_t max_entries, uint32_t flags)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = flags);
	errno = 0;
	return neg(bpf_map_create((enum bpf_map_type)type, name, key_size, value_size, max_entries,
				  &opts));
}

int fl_num_possible_cpus(void)
{
	return libbpf_num_possible_cpus();
}

int fl_obj_pin(int fd, const char *path)
{
	errno = 0;
	return neg(bpf_obj_pin(fd, path));
}

int fl_obj_get(const char *path)
{
	errno = 0;
	return neg(bpf_obj_get(path));
}

int fl_unpin(const char *path)
{
	return unlink(path) ? -errno : 0;
}

int fl_close_fd(int fd)
{
	return close(fd) ? -errno : 0;
}

int fl_prog_id(int prog_fd)
{
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);
	errno = 0;
	int rc = bpf_obj_get_info_by_fd(prog_fd, &info, &len);
	return rc ? neg(rc) : (int)info.id;
}
