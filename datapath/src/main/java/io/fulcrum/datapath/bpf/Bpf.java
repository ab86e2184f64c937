package io.fulcrum.datapath.bpf;

import io.fulcrum.datapath.DatapathException;
import java.nio.charset.StandardCharsets;

/** Static entry points over the shim that turn negative errnos into exceptions. */
public final class Bpf {
  public static final int ENOENT = 2;
  public static final int EEXIST = 17;
  public static final int ENOSPC = 28;
  public static final int E2BIG = 7;
  public static final int ENOMEM = 12;

  /** BPF_F_TEST_XDP_LIVE_FRAMES. */
  public static final int TEST_RUN_LIVE_FRAMES = 1 << 1;

  private Bpf() {}

  static LibFulcrum lib() {
    return NativeLib.lib();
  }

  /** Returns rc when non-negative, else throws naming what was being done and libbpf's log. */
  static int check(int rc, String doing) {
    if (rc >= 0) {
      return rc;
    }
    String log = lastLog();
    throw new DatapathException(
        doing + (log.isBlank() ? "" : ": " + log.strip().replace('\n', ' ')), -rc);
  }

  /** The calling thread's last libbpf messages. */
  public static String lastLog() {
    byte[] buf = new byte[8192];
    int n = lib().fl_last_log(buf, buf.length);
    return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  public static int possibleCpus() {
    return check(lib().fl_num_possible_cpus(), "counting possible CPUs");
  }

  /** Interface index of a name, in a named namespace (null: this process's). */
  public static int ifindex(String name, String netns) {
    return check(
        lib().fl_if_nametoindex(name, netns == null ? "" : netns),
        "looking up interface " + name + (netns == null ? "" : " in namespace " + netns));
  }

  /**
   * Runs code with the calling thread inside a named network namespace (ip netns); sockets it
   * creates stay in that namespace.
   */
  public static <T> T inNetns(String netns, java.util.function.Supplier<T> code) {
    int old = check(lib().fl_netns_enter(netns), "entering namespace " + netns);
    try {
      return code.get();
    } finally {
      check(lib().fl_netns_leave(old), "leaving namespace " + netns);
    }
  }

  /** Opens a pinned object; returns its fd, or -errno (no exception) so callers can test ENOENT. */
  public static int objGet(String path) {
    return lib().fl_obj_get(path);
  }

  public static void pin(int fd, String path) {
    check(lib().fl_obj_pin(fd, path), "pinning at " + path);
  }

  /** Removes a pin; absent is fine. */
  public static void unpin(String path) {
    int rc = lib().fl_unpin(path);
    if (rc < 0 && rc != -ENOENT) {
      check(rc, "unpinning " + path);
    }
  }

  public static void closeFd(int fd) {
    if (fd >= 0) {
      lib().fl_close_fd(fd);
    }
  }

  public static int progId(int progFd) {
    return check(lib().fl_prog_id(progFd), "reading program info");
  }

  /** Creates a map from user space; returns its fd. */
  public static int createMap(
      int type, String name, int keySize, int valueSize, int maxEntries, int flags) {
    return check(
        lib().fl_map_create(type, name, keySize, valueSize, maxEntries, flags),
        "creating map " + name);
  }

  /** Attaches XDP through a link; returns the link fd and the mode used in modeOut[0]. */
  public static int xdpAttach(int progFd, int ifindex, XdpMode mode, XdpMode[] used, String ns) {
    int[] out = new int[1];
    int fd =
        check(
            lib().fl_xdp_attach(progFd, ifindex, mode.code(), out, ns == null ? "" : ns),
            "attaching XDP to ifindex " + ifindex + (ns == null ? "" : " in " + ns));
    used[0] = XdpMode.ofCode(out[0]);
    return fd;
  }

  public static void linkUpdate(int linkFd, int progFd) {
    check(lib().fl_link_update(linkFd, progFd), "replacing the program of an XDP link");
  }

  public static void linkDetach(int linkFd) {
    check(lib().fl_link_detach(linkFd), "detaching an XDP link");
  }

  /** {link id, prog id, ifindex, link type}. */
  public static int[] linkInfo(int linkFd) {
    int[] out = new int[4];
    check(lib().fl_link_info(linkFd, out), "reading link info");
    return out;
  }

  /**
   * Runs a program on one packet. ifindex > 0 sets the ingress interface (looked up in netns when
   * given), so FIB lookups happen there.
   */
  public static TestRunResult testRun(
      int progFd, byte[] packet, int ifindex, String netns, int repeat, int flags) {
    byte[] out = new byte[packet.length + 512];
    int[] size = {out.length};
    int[] retval = new int[1];
    int[] duration = new int[1];
    check(
        lib()
            .fl_prog_test_run(
                progFd,
                packet,
                packet.length,
                out,
                size,
                ifindex,
                0,
                repeat,
                flags,
                retval,
                duration,
                netns == null ? "" : netns),
        "BPF_PROG_TEST_RUN");
    byte[] result = java.util.Arrays.copyOf(out, Math.min(size[0], out.length));
    return new TestRunResult(XdpVerdict.of(retval[0]), result, Integer.toUnsignedLong(duration[0]));
  }
}
