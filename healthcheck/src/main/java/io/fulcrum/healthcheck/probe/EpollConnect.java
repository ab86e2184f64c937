package io.fulcrum.healthcheck.probe;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
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
 * for an IPv4 target would need a {@code setsockopt(IPV6_V6ONLY)} more), and the outcome of the
 * connect is read from the epoll event itself (writable without error: connected), so that {@code
 * getsockopt(SO_ERROR)} runs only for a failure, to name its reason.
 */
final class EpollConnect implements EpollIoHandle {
  /** EPOLLERR | EPOLLHUP: the connect failed. */
  private static final int FAILED = EpollIoOps.EPOLLERR.value() | 0x010;

  private final Socket socket;
  private final ProbeAttempt a;
  private IoRegistration registration;
  private boolean registering;
  private boolean closed;

  private EpollConnect(Socket socket, ProbeAttempt a) {
    this.socket = socket;
    this.a = a;
  }

  static void start(ProbeAttempt a) {
    Socket s;
    try {
      s = LinuxSocket.newSocketStream(a.remote().getAddress() instanceof Inet6Address);
    } catch (RuntimeException e) {
      a.fail(Failures.reason(e));
      return;
    }
    EpollConnect c = new EpollConnect(s, a);
    a.onFinish(c::release);
    try {
      s.setSoLinger(0);
      if (s.connect(a.remote())) {
        a.succeed(); // connected at once (never seen on a real network, but allowed)
        return;
      }
    } catch (IOException e) {
      a.fail(Failures.reason(e));
      return;
    }
    c.registering = true;
    ((IoEventLoop) a.loop())
        .register(c)
        .addListener(
            f -> {
              c.registering = false;
              if (!f.isSuccess()) {
                a.fail(Failures.reason(f.cause()));
                c.release();
                return;
              }
              c.registration = (IoRegistration) f.getNow();
              if (c.closed) {
                c.release(); // the attempt ended while registering
                return;
              }
              c.registration.submit(EpollIoOps.EPOLLOUT);
            });
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration reg, IoEvent event) {
    if (closed || a.isDone()) {
      return;
    }
    int ops = ((EpollIoEvent) event).ops().value();
    if ((ops & FAILED) == 0) {
      if ((ops & EpollIoOps.EPOLLOUT.value()) != 0) {
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

  /**
   * Leaves epoll, then closes the socket (never the other way round: a closed descriptor number can
   * be reused at once by another socket). While a registration is under way, the close waits for
   * it.
   */
  private void release() {
    closed = true;
    if (registering) {
      return;
    }
    IoRegistration r = registration;
    registration = null;
    if (r != null) {
      r.cancel();
    }
    closeSocket();
  }

  @Override
  public void close() {
    // called by the event loop when it shuts down with the handle still registered
    closed = true;
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
