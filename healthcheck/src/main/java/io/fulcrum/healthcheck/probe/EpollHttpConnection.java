package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.CheckSettings;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One plain HTTP probe connection straight on the event loop's epoll (native transport only), the
 * lean twin of {@link HttpConnection} with exactly its rules: a non-blocking socket with SO_LINGER
 * 0, {@code connect}, then per probe one {@code send} of the request (built once per target, kept
 * in native memory in its {@link ConnectionSlot}) and reads into the loop's buffer, judged by a
 * {@link HttpResponseFramer}. The status must be in the expected ranges, then the body (first 64
 * KiB) must contain the expected bytes when asked. The next probe reuses the connection only once
 * the previous answer was read to its end, the probe succeeded and the server did not ask to close;
 * a reused connection found broken before its answer began (closed, reset, or the send failed) is
 * retried once on a fresh connection; a failed probe closes the connection (with RST). No channel,
 * pipeline, promise or buffer per probe. Confined to the loop; the connection is the finish action
 * of each of its attempts (a class, not a lambda: C1).
 */
final class EpollHttpConnection implements Runnable, LoopEpollSet.Member {
  private static final int IN = Native.EPOLLIN;
  private static final int OUT = Native.EPOLLOUT;

  /** EPOLLERR | EPOLLHUP | EPOLLRDHUP: an error or the peer's close, read to the end. */
  private static final int DOWN = Native.EPOLLERR | 0x010 | Native.EPOLLRDHUP;

  private static final AtomicLong OPENED = new AtomicLong();

  private final Socket socket;
  private final EpollHttpPoller poller;
  private final ConnectionSlot slot;
  private final InetSocketAddress remote;
  private final Request request;
  private final HttpResponseFramer framer;
  private boolean connected;
  private boolean closed;

  /** The probe whose answer is awaited (or still being read after its verdict), else null. */
  private ProbeAttempt current;

  private boolean reused;
  private boolean answered;
  private boolean statusOk;
  private boolean serverKeepsAlive;
  private boolean idle;
  private int written;
  private BodyMatcher matcher;
  private CheckSettings matcherFor;

  private EpollHttpConnection(
      Socket socket,
      EpollHttpPoller poller,
      ConnectionSlot slot,
      InetSocketAddress remote,
      Request r) {
    this.socket = socket;
    this.poller = poller;
    this.slot = slot;
    this.remote = remote;
    this.request = r;
    this.framer = new HttpResponseFramer("HEAD".equals(r.settings.method()));
  }

  /** Connections opened so far by the lean path (process-wide; for tests). */
  static long opened() {
    return OPENED.get();
  }

  /** Starts the attempt: on the target's kept connection when idle, else on a fresh one. */
  static void start(ProbeAttempt a) {
    EpollHttpConnection kept = a.slot().lean();
    if (kept != null && kept.idleFor(a.remote())) {
      a.onFinish(kept);
      kept.send(a, true);
      return;
    }
    a.slot().closeConnection();
    open(a);
  }

  /** Opens a fresh connection for the attempt and sends its request once connected. */
  static void open(ProbeAttempt a) {
    if (a.isDone()) {
      return;
    }
    Socket s;
    try {
      s = LinuxSocket.newSocketStream(a.remote().getAddress() instanceof Inet6Address);
    } catch (RuntimeException e) {
      a.fail(Failures.reason(e));
      return;
    }
    OPENED.incrementAndGet();
    EpollHttpConnection c =
        new EpollHttpConnection(s, EpollHttpPoller.of(a.loop()), a.slot(), a.remote(), request(a));
    a.slot().set(c);
    a.onFinish(c);
    c.send(a, false);
    try {
      s.setSoLinger(0);
      boolean now = s.connect(a.remote());
      c.poller.add(s.intValue(), c);
      if (now) {
        c.connected();
      }
    } catch (IOException e) {
      c.close();
      a.fail(Failures.reason(e));
    }
  }

  /** The request bytes of the attempt's target, in native memory, built once per target. */
  private static Request request(ProbeAttempt a) {
    Object cached = a.slot().request();
    if (cached instanceof Request r && r.settings == a.settings() && r.remote.equals(a.remote())) {
      return r;
    }
    CheckSettings s = a.settings();
    byte[] bytes =
        HttpProber.request(s.method(), s.path(), HttpProber.hostHeader(s, a.remote()), true);
    ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length);
    buf.put(bytes).flip();
    Request r = new Request(s, a.remote(), buf, bytes.length);
    a.slot().request(r);
    return r;
  }

  /** True when the next probe of {@code target} may be sent on this connection. */
  boolean idleFor(InetSocketAddress target) {
    return idle && !closed && remote.equals(target);
  }

  /** Sends the attempt's request; {@code reused} when the connection served an earlier probe. */
  private void send(ProbeAttempt a, boolean reused) {
    if (a.isDone() || closed) {
      return;
    }
    current = a;
    this.reused = reused;
    answered = false;
    statusOk = false;
    serverKeepsAlive = false;
    idle = false;
    written = 0;
    if (connected) {
      write();
    }
  }

  private void connected() {
    connected = true;
    if (current != null && !closed) {
      write();
    }
  }

  private void write() {
    try {
      written += socket.send(request.buf, written, request.length);
    } catch (IOException e) {
      failed(e);
    }
  }

  /** The socket's epoll events. */
  @Override
  public void ready(int ops) {
    if (closed) {
      return;
    }
    if (!connected) {
      if ((ops & (Native.EPOLLERR | 0x010)) != 0) {
        try {
          if (!socket.finishConnect()) {
            return;
          }
        } catch (IOException e) {
          ProbeAttempt a = current;
          close();
          if (a != null) {
            a.fail(Failures.reason(e));
          }
          return;
        }
      } else if ((ops & OUT) == 0) {
        return;
      }
      connected(); // writable without an error: the handshake completed
    } else if ((ops & OUT) != 0 && current != null && written < request.length) {
      write();
    }
    if ((ops & (IN | DOWN)) != 0 && !closed) {
      read((ops & DOWN) != 0);
    }
  }

  /** Reads what is there (to the end of the stream when the peer closed or failed). */
  private void read(boolean toTheEnd) {
    ByteBuffer buf = poller.readBuffer;
    byte[] arr = poller.readArray;
    while (!closed) {
      int n;
      try {
        n = socket.recv(buf, 0, EpollHttpPoller.READ_BUFFER);
      } catch (IOException e) {
        failed(e);
        return;
      }
      if (n == 0) {
        return; // nothing more for now
      }
      if (n < 0) {
        inputClosed();
        return;
      }
      buf.get(0, arr, 0, n);
      received(arr, n);
      if (n < EpollHttpPoller.READ_BUFFER && !toTheEnd) {
        return; // a short read emptied the socket (edge-triggered: more data brings a new event)
      }
    }
  }

  private void received(byte[] in, int end) {
    int p = 0;
    while (!closed) {
      int r = framer.feed(in, p, end);
      p = framer.position();
      if (r == HttpResponseFramer.MORE) {
        return;
      }
      handle(r, in);
    }
  }

  /** One framer result, as {@link HttpConnection#channelRead} takes one decoded object. */
  private void handle(int r, byte[] in) {
    ProbeAttempt a = current;
    if (a == null) {
      close(); // an answer nobody asked for: this connection cannot be trusted any more
      return;
    }
    answered = true;
    if (r == HttpResponseFramer.DATA) {
      return; // not HTTP after a switch of protocols: Netty's handler drops it too
    }
    if (r == HttpResponseFramer.ERROR) {
      a.fail("bad response: " + framer.error());
      close();
      return;
    }
    String want = a.settings().bodyContains();
    if (r == HttpResponseFramer.HEAD) {
      serverKeepsAlive = framer.keepAlive();
      int code = framer.status();
      if (!a.settings().expectStatus().contains(code)) {
        a.fail("status " + code);
        return;
      }
      statusOk = true;
      if (want == null) {
        a.succeed();
      } else {
        matcher(a.settings()).reset();
      }
    } else if (r == HttpResponseFramer.BODY) {
      if (statusOk && want != null && !a.isDone()) {
        matchBody(a, in, framer.bodyStart(), framer.bodyLength(), false);
      }
    } else {
      if (statusOk && want != null && !a.isDone()) {
        matchBody(a, in, 0, 0, true);
      }
      current = null;
      if (serverKeepsAlive && a.succeeded()) {
        idle = true;
      } else {
        close();
      }
    }
  }

  private BodyMatcher matcher(CheckSettings s) {
    if (matcherFor != s) {
      matcher =
          new BodyMatcher(s.bodyContains().getBytes(StandardCharsets.UTF_8), HttpProber.MAX_BODY);
      matcherFor = s;
    }
    return matcher;
  }

  private void matchBody(ProbeAttempt a, byte[] in, int off, int len, boolean last) {
    if (matcher.feed(in, off, len)) {
      a.succeed();
    } else if (last || matcher.full()) {
      a.fail("body mismatch");
    }
  }

  /** The peer closed: the end of a body read to the end of the stream, else a cut answer. */
  private void inputClosed() {
    int r = framer.eof();
    if (r != HttpResponseFramer.MORE) {
      handle(r, poller.readArray);
    }
    ProbeAttempt a = current;
    if (a != null && !a.isDone()) {
      if (reused && !answered) {
        broken(a, "closed before response");
        return;
      }
      a.fail(statusOk ? "body mismatch" : "closed before response");
    }
    current = null;
    close();
  }

  /** A send or receive failed, as {@link HttpConnection#exceptionCaught}. */
  private void failed(IOException e) {
    ProbeAttempt a = current;
    if (a != null && !a.isDone()) {
      if (reused && !answered) {
        broken(a, Failures.reason(e));
        return;
      }
      a.fail(Failures.reason(e));
    }
    close();
  }

  /**
   * The connection failed before the attempt got any answer: a kept connection is retried once
   * fresh (the server may have closed it while idle), a fresh one fails the attempt.
   */
  private void broken(ProbeAttempt a, String reason) {
    if (a != current || a.isDone()) {
      return;
    }
    current = null;
    boolean retry = reused && !answered;
    close();
    if (retry) {
      poller.retry(a);
    } else {
      a.fail(reason);
    }
  }

  /** After an attempt's verdict: a failure closes the connection. */
  @Override
  public void run() {
    ProbeAttempt a = current;
    if (a != null && a.isDone() && !a.succeeded()) {
      close();
    }
  }

  void close() {
    slot.clear(this);
    idle = false;
    if (!closed) {
      closed = true;
      poller.remove(socket.intValue(), this);
      closeSocket();
    }
  }

  /** The loop shuts down with the connection open. */
  @Override
  public void abandon() {
    closed = true;
    idle = false;
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

  /** A target's request bytes in native memory, with what they were built from. */
  private static final class Request {
    final CheckSettings settings;
    final InetSocketAddress remote;
    final ByteBuffer buf;
    final int length;

    Request(CheckSettings settings, InetSocketAddress remote, ByteBuffer buf, int length) {
      this.settings = settings;
      this.remote = remote;
      this.buf = buf;
      this.length = length;
    }
  }
}
