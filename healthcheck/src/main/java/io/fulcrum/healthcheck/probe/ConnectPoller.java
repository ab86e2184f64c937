package io.fulcrum.healthcheck.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Native;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;

/**
 * The connecting sockets of one event loop's bare TCP probes ({@link EpollConnect}), in the loop's
 * {@link LoopEpollSet}: a socket joins waiting for writability (level-triggered) with one {@code
 * epoll_ctl} and leaves by being closed.
 *
 * <p>A descriptor number freed by a close can be reused by the next socket; events are collected
 * only after every close of the previous pass, and a socket opened while events are being handed
 * out (not done today: probes start from timer tasks) makes the rest of the batch be collected
 * again rather than delivered to the wrong socket.
 */
final class ConnectPoller extends LoopEpollSet {
  private static final FastThreadLocal<ConnectPoller> PER_LOOP = new FastThreadLocal<>();

  private boolean addedWhileDispatching;

  private ConnectPoller(EventLoop loop) {
    super(loop);
  }

  /** The poller of {@code loop}; call on the loop. */
  static ConnectPoller of(EventLoop loop) {
    ConnectPoller p = PER_LOOP.get();
    if (p == null || p.isClosed()) {
      p = new ConnectPoller(loop);
      PER_LOOP.set(p);
    }
    return p;
  }

  /** Waits for {@code c}'s socket to finish connecting. */
  void add(int fd, EpollConnect c) throws IOException {
    add(fd, c, Native.EPOLLOUT);
    if (dispatching()) {
      addedWhileDispatching = true;
    }
  }

  @Override
  void beforeBatch() {
    addedWhileDispatching = false;
  }

  @Override
  boolean stopBatch() {
    return addedWhileDispatching;
  }

  @Override
  boolean collectAgain() {
    return addedWhileDispatching;
  }
}
