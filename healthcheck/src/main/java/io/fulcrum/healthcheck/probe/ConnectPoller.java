package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.LibC;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The connecting sockets of one event loop's bare TCP probes ({@link EpollConnect}), in an epoll
 * set of their own that is itself one handle of the loop's epoll. A socket costs one {@code
 * epoll_ctl} (ADD, waiting for writability, level-triggered) and leaves the set by being closed
 * (the kernel drops a closed file from every epoll set), where a registration of its own with the
 * loop costs an ADD and a DEL and a promise. When the loop sees the set readable, one {@code
 * epoll_wait} (no timeout) collects every finished connect at once.
 *
 * <p>Confined to its loop. A descriptor number freed by a close can be reused by the next socket;
 * events are collected only after every close of the previous pass, and a socket opened while
 * events are being handed out (not done today: probes start from timer tasks) makes the rest of the
 * batch be collected again rather than delivered to the wrong socket.
 */
final class ConnectPoller implements EpollIoHandle {
  private static final FastThreadLocal<ConnectPoller> PER_LOOP = new FastThreadLocal<>();
  private static final int BATCH = 256;

  private final FileDescriptor epoll;

  /** Connecting sockets by descriptor number (small, dense numbers: an array, not a map). */
  private EpollConnect[] pending = new EpollConnect[1024];

  private final Pointer events;
  private final int eventSize = Native.sizeofEpollEvent();
  private final int dataOffset = Native.offsetofEpollData();
  private final LibC libc = LibC.get();
  private boolean dispatching;
  private boolean addedWhileDispatching;
  private boolean closed;

  private ConnectPoller(EventLoop loop) {
    this.epoll = Native.newEpollCreate();
    this.events = Memory.allocateDirect(Runtime.getRuntime(libc), BATCH * eventSize);
    ((IoEventLoop) loop)
        .register(this)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ((IoRegistration) f.getNow()).submit(EpollIoOps.EPOLLIN);
              }
            });
  }

  /** The poller of {@code loop}; call on the loop. */
  static ConnectPoller of(EventLoop loop) {
    ConnectPoller p = PER_LOOP.get();
    if (p == null || p.closed) {
      p = new ConnectPoller(loop);
      PER_LOOP.set(p);
    }
    return p;
  }

  /** Waits for {@code c}'s socket to finish connecting. */
  void add(int fd, EpollConnect c) throws IOException {
    if (closed) {
      throw new IOException("event loop shut down");
    }
    if (fd >= pending.length) {
      pending = Arrays.copyOf(pending, Math.max(fd + 1, pending.length * 2));
    }
    Native.epollCtlAdd(epoll.intValue(), fd, Native.EPOLLOUT);
    pending[fd] = c;
    if (dispatching) {
      addedWhileDispatching = true;
    }
  }

  /** Forgets {@code fd}: call just before closing it (the close takes it out of the set). */
  void remove(int fd, EpollConnect c) {
    if (fd >= 0 && fd < pending.length && pending[fd] == c) {
      pending[fd] = null;
    }
  }

  @Override
  public FileDescriptor fd() {
    return epoll;
  }

  @Override
  public void handle(IoRegistration reg, IoEvent event) {
    int n;
    do {
      n = libc.epoll_wait(epoll.intValue(), events, BATCH, 0);
      dispatching = true;
      addedWhileDispatching = false;
      try {
        for (int i = 0; i < n && !addedWhileDispatching; i++) {
          int base = i * eventSize;
          int fd = events.getInt(base + dataOffset);
          EpollConnect c = fd >= 0 && fd < pending.length ? pending[fd] : null;
          if (c != null) {
            c.ready(events.getInt(base));
          }
        }
      } finally {
        dispatching = false;
      }
    } while (n == BATCH || addedWhileDispatching);
  }

  @Override
  public void close() {
    // the loop shuts down: close every socket still connecting, then the set
    closed = true;
    List<EpollConnect> left = new ArrayList<>();
    for (int i = 0; i < pending.length; i++) {
      if (pending[i] != null) {
        left.add(pending[i]);
        pending[i] = null;
      }
    }
    left.forEach(EpollConnect::abandon);
    try {
      epoll.close();
    } catch (IOException e) {
      // nothing to do: the descriptor is gone either way
    }
  }
}
