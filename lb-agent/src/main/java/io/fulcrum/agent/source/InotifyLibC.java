package io.fulcrum.agent.source;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The libc calls the inotify watcher needs (inotify(7), eventfd(2), poll(2)), via jnr-ffi. */
public interface InotifyLibC {
  int IN_NONBLOCK = 0x800; // O_NONBLOCK
  int IN_CLOEXEC = 0x80000; // O_CLOEXEC
  int EFD_NONBLOCK = 0x800;
  int EFD_CLOEXEC = 0x80000;
  short POLLIN = 0x1;
  short POLLERR = 0x8;
  short POLLHUP = 0x10;
  short POLLNVAL = 0x20;
  int EINTR = 4;
  int EAGAIN = 11;

  @SaveError
  int inotify_init1(int flags);

  @SaveError
  int inotify_add_watch(int fd, String path, int mask);

  @SaveError
  int eventfd(int initval, int flags);

  @SaveError
  long read(int fd, @Out byte[] buf, long count);

  @SaveError
  long write(int fd, @In byte[] buf, long count);

  /** {@code fds} is an array of {@code struct pollfd} (int fd, short events, short revents). */
  @SaveError
  int poll(byte[] fds, long nfds, int timeoutMillis);

  @SaveError
  int close(int fd);

  String strerror(int errnum);

  /** The process-wide binding; throws a {@link LinkageError} where libc cannot be bound. */
  static InotifyLibC get() {
    return Holder.LIBC;
  }

  /** errno of the last call on this thread. */
  static int errno() {
    return Runtime.getRuntime(get()).getLastError();
  }

  /** A readable description of the last error on this thread. */
  static String lastError() {
    int e = errno();
    return get().strerror(e) + " (errno " + e + ")";
  }

  /** Loads libc on first use only. */
  final class Holder {
    private static final InotifyLibC LIBC = LibraryLoader.create(InotifyLibC.class).load("c");

    private Holder() {}
  }
}
