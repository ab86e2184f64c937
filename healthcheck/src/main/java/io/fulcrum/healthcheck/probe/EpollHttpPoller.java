package io.fulcrum.healthcheck.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Native;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain HTTP probe connections of one event loop ({@link EpollHttpConnection}), in the loop's
 * {@link LoopEpollSet} (as {@link ConnectPoller}). A socket joins it once, for its whole life,
 * edge-triggered for reading, writing and the peer's close (one {@code epoll_ctl}; a kept
 * connection costs no {@code epoll_ctl} per probe), and leaves it by being closed. When the loop
 * sees the set readable, one {@code epoll_wait} (no timeout) collects every ready connection.
 * Answers are read into one direct buffer of the loop and copied once into one array of the loop
 * for the framer.
 *
 * <p>Confined to its loop. Edge-triggered events are delivered once, so none may be dropped: a
 * connection opened while a batch is being handed out (the retry of a broken kept connection) is
 * opened after the batch, so no descriptor number is reused inside a batch; a connection closed
 * inside a batch is forgotten, and its remaining events there are ignored.
 */
final class EpollHttpPoller extends LoopEpollSet {
  private static final FastThreadLocal<EpollHttpPoller> PER_LOOP = new FastThreadLocal<>();
  static final int READ_BUFFER = 16 * 1024;
  private static final int INTEREST =
      Native.EPOLLIN | Native.EPOLLOUT | Native.EPOLLRDHUP | Native.EPOLLET;

  /** The loop's read buffer (native) and its copy for the framer. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);

  final byte[] readArray = new byte[READ_BUFFER];

  private final List<ProbeAttempt> retries = new ArrayList<>();

  private EpollHttpPoller(EventLoop loop) {
    super(loop);
  }

  /** The poller of {@code loop}; call on the loop. */
  static EpollHttpPoller of(EventLoop loop) {
    EpollHttpPoller p = PER_LOOP.get();
    if (p == null || p.isClosed()) {
      p = new EpollHttpPoller(loop);
      PER_LOOP.set(p);
    }
    return p;
  }

  /** Adds a new connection's socket for its whole life. */
  void add(int fd, EpollHttpConnection c) throws IOException {
    add(fd, c, INTEREST);
  }

  /** Opens a fresh connection for {@code a}: now, or after the batch being handed out. */
  void retry(ProbeAttempt a) {
    if (dispatching()) {
      retries.add(a);
    } else {
      EpollHttpConnection.open(a);
    }
  }

  @Override
  void afterBatch() {
    if (!retries.isEmpty()) {
      List<ProbeAttempt> now = new ArrayList<>(retries);
      retries.clear();
      for (ProbeAttempt a : now) {
        EpollHttpConnection.open(a);
      }
    }
  }
}
