package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP and HTTPS: every probe sends a fresh request and reads the answer; the status must be in the
 * expected ranges and, when asked, the body (first 64 KiB) must contain a substring.
 *
 * <p>Plain HTTP keeps one connection per target open between probes (HTTP/1.1 keep-alive, as
 * Envoy's health checker does): the next probe reuses it only when the previous answer was read in
 * full and the server did not ask to close. When a reused connection turns out to be broken (closed
 * or reset before any byte of the answer arrived, e.g. the server dropped an idle connection), the
 * same probe retries once on a fresh connection, and only that one's outcome counts. A failed probe
 * closes its connection, so the next probe always starts fresh. HTTPS opens a new connection (full
 * TLS handshake, certificate verified) for every probe ({@code Connection: close}). TLS failures
 * are reported as {@code "tls: ..."}.
 *
 * <p>On the native transport plain HTTP takes the lean path ({@link EpollHttpConnection}: a socket
 * straight on the loop's epoll, no Netty channel) with the same rules and reasons; HTTPS and the
 * NIO fallback use a Netty channel ({@link HttpConnection}).
 */
public final class HttpProber implements Prober {
  static final int MAX_BODY = 64 * 1024;
  private final NettyTransport transport;
  private final TlsContexts tls;
  private final boolean lean;

  public HttpProber(NettyTransport transport, TlsContexts tls) {
    this.transport = transport;
    this.tls = tls;
    this.lean = transport.socketChannel() == EpollSocketChannel.class;
  }

  /** Connections opened by the lean plain-HTTP path so far, in this process (for tests). */
  public static long leanConnectionsOpened() {
    return EpollHttpConnection.opened();
  }

  @Override
  public void start(ProbeAttempt a) {
    boolean keep = a.settings().type() == CheckType.HTTP;
    if (keep && lean) {
      EpollHttpConnection.start(a);
      return;
    }
    HttpConnection kept = a.slot().get();
    if (kept != null && keep && kept.idleFor(a.remote())) {
      a.onFinish(new AfterProbe(kept, a));
      kept.send(a, true);
      return;
    }
    a.slot().closeConnection();
    open(a, keep);
  }

  /** Opens a fresh connection for the attempt and sends its request once connected. */
  void open(ProbeAttempt a, boolean keep) {
    CheckSettings s = a.settings();
    String hostHeader = hostHeader(s, a.remote());
    SslContext ssl = s.type() == CheckType.HTTPS ? tls.forSettings(s) : null;
    HttpConnection c =
        new HttpConnection(
            this, a.slot(), a.remote(), request(s.method(), s.path(), hostHeader, keep), keep);
    ChannelFuture f =
        TcpProber.connect(
            transport,
            a.loop(),
            a.remote(),
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (ssl != null) {
                  String peer = tlsName(s, hostHeader, a.remote());
                  ch.pipeline().addLast(ssl.newHandler(ch.alloc(), peer, a.remote().getPort()));
                }
                ch.pipeline().addLast(HttpConnection.decoder("HEAD".equals(s.method())), c);
              }
            },
            true);
    c.attach(f.channel());
    if (keep) {
      a.slot().set(c);
    }
    a.onFinish(new AfterProbe(c, a));
    f.addListener(
        done -> {
          if (done.isSuccess()) {
            c.send(a, false);
          } else {
            c.close();
            a.fail(Failures.reason(done.cause()));
          }
        });
  }

  /** Closes the connection after a failed (or one-shot) probe; a class, not a lambda (C1). */
  private static final class AfterProbe implements Runnable {
    private final HttpConnection c;
    private final ProbeAttempt a;

    AfterProbe(HttpConnection c, ProbeAttempt a) {
      this.c = c;
      this.a = a;
    }

    @Override
    public void run() {
      c.afterProbe(a);
    }
  }

  /** The request bytes (pure): one HTTP/1.1 request with Host, User-Agent and Accept headers. */
  static byte[] request(String method, String path, String hostHeader, boolean keepAlive) {
    String r =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: "
            + hostHeader
            + "\r\nUser-Agent: fulcrum-healthcheck\r\nAccept: */*\r\n"
            + (keepAlive ? "" : "Connection: close\r\n")
            + "\r\n";
    return r.getBytes(StandardCharsets.US_ASCII);
  }

  /** The Host header: the configured one, else the target address and port. */
  static String hostHeader(CheckSettings s, InetSocketAddress remote) {
    if (s.host() != null) {
      return s.host();
    }
    String ip = NetUtil.toAddressString(remote.getAddress());
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + remote.getPort();
  }

  /** The name sent as SNI and verified: the SNI setting, else the Host header's name. */
  static String tlsName(CheckSettings s, String hostHeader, InetSocketAddress remote) {
    if (s.sni() != null) {
      return s.sni();
    }
    if (s.host() != null) {
      String h = hostHeader;
      if (h.startsWith("[")) {
        return h.substring(1, h.indexOf(']'));
      }
      int colon = h.lastIndexOf(':');
      return colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }
    return NetUtil.toAddressString(remote.getAddress());
  }
}
