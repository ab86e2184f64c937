package io.fulcrum.datapath.bpf;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The jnr-ffi view of {@code native/fulcrum_shim.h}. Every call returns a negative errno on
 * failure. {@code uint32_t} maps to {@code int}, {@code uint64_t} to {@code long}; buffers are raw
 * little-endian bytes laid out by the codecs in {@code io.fulcrum.datapath.abi}.
 */
public interface LibFulcrum {
  int fl_version();

  int fl_last_log(@Out byte[] buf, int len);

  int fl_obj_open_load(String path, String pinRoot, String overrides);

  int fl_obj_close(int handle);

  int fl_obj_map_fd(int handle, String name);

  int fl_obj_prog_fd(int handle, String name);

  int fl_obj_map_names(int handle, @Out byte[] buf, int len);

  int fl_map_update(int fd, @In byte[] key, @In byte[] value, long flags);

  int fl_map_lookup(int fd, @In byte[] key, @Out byte[] value);

  int fl_map_delete(int fd, @In byte[] key);

  int fl_map_next_key(int fd, @In byte[] key, @Out byte[] nextKey);

  int fl_map_info(int fd, @Out int[] out6);

  int fl_map_lookup_batch(
      int fd,
      @In byte[] inBatch,
      @Out byte[] outBatch,
      @Out byte[] keys,
      @Out byte[] values,
      @In @Out int[] count);

  int fl_map_delete_batch(int fd, @In byte[] keys, @In @Out int[] count);

  /** The address of the map's values mapped shared, or -errno. */
  long fl_map_mmap(int fd, long len);

  int fl_map_munmap(long addr, long len);

  int fl_map_update_batch(int fd, @In byte[] keys, @In byte[] values, @In @Out int[] count, long f);

  int fl_map_create(int type, String name, int keySize, int valueSize, int maxEntries, int flags);

  int fl_num_possible_cpus();

  int fl_obj_pin(int fd, String path);

  int fl_obj_get(String path);

  int fl_unpin(String path);

  int fl_close_fd(int fd);

  int fl_prog_id(int progFd);

  int fl_xdp_attach(int progFd, int ifindex, int mode, @Out int[] modeOut, String netns);

  int fl_link_update(int linkFd, int newProgFd);

  int fl_link_detach(int linkFd);

  int fl_link_info(int linkFd, @Out int[] out4);

  int fl_prog_test_run(
      int progFd,
      @In byte[] dataIn,
      int sizeIn,
      @Out byte[] dataOut,
      @In @Out int[] sizeOut,
      int ingressIfindex,
      int rxQueue,
      int repeat,
      int flags,
      @Out int[] retval,
      @Out int[] durationNs,
      String netns);

  int fl_if_nametoindex(String name, String netns);

  int fl_netns_enter(String netns);

  int fl_netns_leave(int oldFd);
}
