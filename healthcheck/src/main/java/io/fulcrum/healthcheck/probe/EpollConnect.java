package io.fulcrum.healthcheck.probe;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * A bare TCP connect probe straight on the event loop's epoll (native transport only): a
 * non-blocking socket with SO_LINGER 0, {@code connect}, one wait for writability, then {@code
 * finishConnect}, which succeeds only once the server completed the handshake (SYN, SYN-ACK, ACK)
 * and fails with the kernel's reason (refused, no route, ...). No channel, pipeline or promise per
 * probe. Confined to the attempt's loop. Its socket is closed when the attempt finishes (with RST,
 * leaving no TIME_WAIT).
 */
final class EpollConnect implements EpollIoHandle {
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
      s = Socket.newSocketStream();
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
    try {
      if (socket.finishConnect()) {
        a.succeed();
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
