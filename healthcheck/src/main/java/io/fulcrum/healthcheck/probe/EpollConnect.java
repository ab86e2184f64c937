package io.fulcrum.healthcheck.probe;

import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.Inet6Address;

/**
 * A bare TCP connect probe straight on the event loop's epoll (native transport only): a
 * non-blocking socket with SO_LINGER 0, {@code connect}, one wait for writability: writable without
 * an error once the server completed the handshake (SYN, SYN-ACK, ACK), else an error whose reason
 * {@code finishConnect} reads from the kernel (refused, no route, ...). No channel, pipeline or
 * promise per probe. Confined to the attempt's loop. Its socket is closed when the attempt finishes
 * (with RST, leaving no TIME_WAIT).
 *
 * <p>System calls per probe are kept down: the socket is of the target's own family (an IPv6 socket
 * for an IPv4 target would need a {@code setsockopt(IPV6_V6ONLY)} more); it waits in the loop's
 * {@link ConnectPoller} (one {@code epoll_ctl} per socket, none to leave); and the outcome of the
 * connect is read from the epoll event itself (writable without error: connected), so that {@code
 * getsockopt(SO_ERROR)} runs only for a failure, to name its reason. That makes {@code socket},
 * {@code setsockopt}, {@code connect}, {@code epoll_ctl} and {@code close}, plus a share of one
 * {@code epoll_wait} per batch of finished connects.
 */
final class EpollConnect implements Runnable, LoopEpollSet.Member {
  /** EPOLLERR | EPOLLHUP: the connect failed. */
  private static final int FAILED = EpollIoOps.EPOLLERR.value() | 0x010;

  private static final int WRITABLE = EpollIoOps.EPOLLOUT.value();

  private final Socket socket;
  private final ProbeAttempt a;
  private final ConnectPoller poller;
  private boolean closed;

  private EpollConnect(Socket socket, ProbeAttempt a, ConnectPoller poller) {
    this.socket = socket;
    this.a = a;
    this.poller = poller;
  }

  /** Starts the probe; call on the attempt's loop. */
  static void start(ProbeAttempt a) {
    Socket s;
    try {
      s = LinuxSocket.newSocketStream(a.remote().getAddress() instanceof Inet6Address);
    } catch (RuntimeException e) {
      a.fail(Failures.reason(e));
      return;
    }
    EpollConnect c = new EpollConnect(s, a, ConnectPoller.of(a.loop()));
    a.onFinish(c); // run(): release (a class, not a method reference: no lambda under C1)
    try {
      s.setSoLinger(0);
      if (s.connect(a.remote())) {
        a.succeed(); // connected at once (never seen on a real network, but allowed)
        return;
      }
      c.poller.add(s.intValue(), c);
    } catch (IOException e) {
      a.fail(Failures.reason(e));
    }
  }

  /** The socket's epoll events ({@code EPOLLOUT}, {@code EPOLLERR}, ...). */
  @Override
  public void ready(int ops) {
    if (closed || a.isDone()) {
      return;
    }
    if ((ops & FAILED) == 0) {
      if ((ops & WRITABLE) != 0) {
        a.succeed(); // writable without an error: the handshake completed
      }
      return;
    }
    try {
      if (socket.finishConnect()) {
        a.succeed();
      } else {
        a.fail("connect failed");
      }
    } catch (IOException e) {
      a.fail(Failures.reason(e));
    }
  }

  /** The loop shuts down with the connect still running. */
  @Override
  public void abandon() {
    closed = true;
    closeSocket();
  }

  /** The attempt finished: releases the socket. */
  @Override
  public void run() {
    release();
  }

  /** Takes the socket out of the poller, then closes it (which also takes it out of epoll). */
  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    poller.remove(socket.intValue(), this);
    closeSocket();
  }

  private void closeSocket() {
    if (socket.isOpen()) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do: the descriptor is gone either way
      }
    }
  }
}
