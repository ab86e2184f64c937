package io.fulcrum.healthcheck.raw;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;

/** The few libc calls the raw sockets need, bound with jnr-ffi (Linux, 64-bit). */
public interface LibC {
  int AF_INET = 2;
  int AF_INET6 = 10;
  int SOCK_RAW = 3;
  int IPPROTO_ICMP = 1;
  int IPPROTO_SCTP = 132;
  int IPPROTO_ICMPV6 = 58;
  int IPPROTO_TCP = 6;
  int IPPROTO_IPV6 = 41;
  int SOCK_NONBLOCK = 0x800;
  int SOCK_CLOEXEC = 0x80000;
  int SOL_SOCKET = 1;
  int SO_RCVBUF = 8;
  int SO_ATTACH_FILTER = 26;
  int IPV6_CHECKSUM = 7;
  int EAGAIN = 11;
  int MSG_DONTWAIT = 0x40;
  short POLLIN = 1;
  int O_RDONLY = 0;
  int CLONE_NEWNET = 0x40000000;

  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int close(int fd);

  @SaveError
  long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);

  @SaveError
  long recvfrom(
      int fd, @Out byte[] buf, long len, int flags, @Out byte[] addr, IntByReference addrlen);

  /** recvfrom into native memory (no copy of a Java array per call). */
  @SaveError
  long recvfrom(
      int fd,
      jnr.ffi.Pointer buf,
      long len,
      int flags,
      jnr.ffi.Pointer addr,
      jnr.ffi.Pointer addrlen);

  @SaveError
  int setsockopt(int fd, int level, int name, jnr.ffi.Pointer value, int len);

  @SaveError
  int poll(byte[] fds, long nfds, int timeoutMillis);

  @SaveError
  int open(String path, int flags);

  /** Moves the calling thread into the namespace behind {@code fd} (nstype 0 = any). */
  @SaveError
  int setns(int fd, int nstype);

  String strerror(int errnum);

  /** Collects up to {@code maxevents} ready events of an epoll set into {@code events}. */
  int epoll_wait(int epfd, jnr.ffi.Pointer events, int maxevents, int timeoutMillis);

  /** The process-wide binding. */
  static LibC get() {
    return Holder.LIBC;
  }

  /** errno of the last call on this thread that saved it. */
  static int errno() {
    return Runtime.getRuntime(get()).getLastError();
  }

  /** A readable description of the last error on this thread. */
  static String lastError() {
    int e = errno();
    return get().strerror(e) + " (errno " + e + ")";
  }

  /** Lazy holder so that loading libc only happens when a raw socket is first used. */
  final class Holder {
    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private Holder() {}
  }
}
