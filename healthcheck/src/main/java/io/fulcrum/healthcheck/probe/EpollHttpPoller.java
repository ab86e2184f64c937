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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The plain HTTP probe connections of one event loop ({@link EpollHttpConnection}), in an epoll set
 * of their own that is itself one handle of the loop's epoll (as {@link ConnectPoller}). A socket
 * joins it once, for its whole life, edge-triggered for reading, writing and the peer's close (one
 * {@code epoll_ctl}; a kept connection costs no {@code epoll_ctl} per probe), and leaves it by
 * being closed. When the loop sees the set readable, one {@code epoll_wait} (no timeout) collects
 * every ready connection. Answers are read into one direct buffer of the loop and copied once into
 * one array of the loop for the framer.
 *
 * <p>Confined to its loop. Edge-triggered events are delivered once, so none may be dropped: a
 * connection opened while a batch is being handed out (the retry of a broken kept connection) is
 * opened after the batch, so no descriptor number is reused inside a batch; a connection closed
 * inside a batch is forgotten, and its remaining events there are ignored.
 */
final class EpollHttpPoller implements EpollIoHandle {
  private static final FastThreadLocal<EpollHttpPoller> PER_LOOP = new FastThreadLocal<>();
  private static final int BATCH = 256;
  static final int READ_BUFFER = 16 * 1024;

  private final FileDescriptor epoll;
  private EpollHttpConnection[] conns = new EpollHttpConnection[1024];
  private final Pointer events;
  private final int eventSize = Native.sizeofEpollEvent();
  private final int dataOffset = Native.offsetofEpollData();
  private final LibC libc = LibC.get();
  private final int interest =
      Native.EPOLLIN | Native.EPOLLOUT | Native.EPOLLRDHUP | Native.EPOLLET;

  /** The loop's read buffer (native) and its copy for the framer. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);

  final byte[] readArray = new byte[READ_BUFFER];

  private final List<ProbeAttempt> retries = new ArrayList<>();
  private boolean dispatching;
  private boolean closed;

  private EpollHttpPoller(EventLoop loop) {
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
  static EpollHttpPoller of(EventLoop loop) {
    EpollHttpPoller p = PER_LOOP.get();
    if (p == null || p.closed) {
      p = new EpollHttpPoller(loop);
      PER_LOOP.set(p);
    }
    return p;
  }

  /** Adds a new connection's socket for its whole life. */
  void add(int fd, EpollHttpConnection c) throws IOException {
    if (closed) {
      throw new IOException("event loop shut down");
    }
    if (fd >= conns.length) {
      conns = Arrays.copyOf(conns, Math.max(fd + 1, conns.length * 2));
    }
    Native.epollCtlAdd(epoll.intValue(), fd, interest);
    conns[fd] = c;
  }

  /** Forgets {@code fd}: call just before closing it (the close takes it out of the set). */
  void remove(int fd, EpollHttpConnection c) {
    if (fd >= 0 && fd < conns.length && conns[fd] == c) {
      conns[fd] = null;
    }
  }

  /** Opens a fresh connection for {@code a}: now, or after the batch being handed out. */
  void retry(ProbeAttempt a) {
    if (dispatching) {
      retries.add(a);
    } else {
      EpollHttpConnection.open(a);
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
      try {
        for (int i = 0; i < n; i++) {
          int base = i * eventSize;
          int fd = events.getInt(base + dataOffset);
          EpollHttpConnection c = fd >= 0 && fd < conns.length ? conns[fd] : null;
          if (c != null) {
            c.ready(events.getInt(base));
          }
        }
      } finally {
        dispatching = false;
      }
      if (!retries.isEmpty()) {
        List<ProbeAttempt> now = new ArrayList<>(retries);
        retries.clear();
        for (ProbeAttempt a : now) {
          EpollHttpConnection.open(a);
        }
      }
    } while (n == BATCH);
  }

  @Override
  public void close() {
    // the loop shuts down: close every connection, then the set
    closed = true;
    List<EpollHttpConnection> left = new ArrayList<>();
    for (int i = 0; i < conns.length; i++) {
      if (conns[i] != null) {
        left.add(conns[i]);
        conns[i] = null;
      }
    }
    left.forEach(EpollHttpConnection::abandon);
    try {
      epoll.close();
    } catch (IOException e) {
      // nothing to do: the descriptor is gone either way
    }
  }
}
