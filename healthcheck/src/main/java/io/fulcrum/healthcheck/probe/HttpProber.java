package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP and HTTPS: one request per probe on a fresh connection ({@code Connection: close}), the
 * status must be in the expected ranges and, when asked, the body (first 64 KiB) must contain a
 * substring. HTTPS takes its context from {@link TlsContexts}; TLS failures are reported as {@code
 * "tls: ..."}.
 */
public final class HttpProber implements Prober {
  static final int MAX_BODY = 64 * 1024;
  private final NettyTransport transport;
  private final TlsContexts tls;

  public HttpProber(NettyTransport transport, TlsContexts tls) {
    this.transport = transport;
    this.tls = tls;
  }

  @Override
  public void start(ProbeAttempt a) {
    CheckSettings s = a.settings();
    String hostHeader = hostHeader(s, a.remote());
    SslContext ssl = s.type() == CheckType.HTTPS ? tls.forSettings(s) : null;
    ChannelFuture f =
        TcpProber.connect(
            transport,
            a,
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (ssl != null) {
                  String peer = tlsName(s, hostHeader, a.remote());
                  ch.pipeline().addLast(ssl.newHandler(ch.alloc(), peer, a.remote().getPort()));
                }
                ch.pipeline()
                    .addLast(new HttpClientCodec(4096, 8192, 8192))
                    .addLast(new ResponseHandler(a));
              }
            },
            true);
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            a.fail(Failures.reason(done.cause()));
            return;
          }
          DefaultFullHttpRequest req =
              new DefaultFullHttpRequest(
                  HttpVersion.HTTP_1_1, HttpMethod.valueOf(s.method()), s.path());
          req.headers()
              .set(HttpHeaderNames.HOST, hostHeader)
              .set(HttpHeaderNames.USER_AGENT, "fulcrum-healthcheck")
              .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
              .set(HttpHeaderNames.ACCEPT, "*/*");
          f.channel().writeAndFlush(req);
        });
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

  /** Reads the status line and, when asked, the body up to {@link #MAX_BODY}. */
  private static final class ResponseHandler extends ChannelInboundHandlerAdapter {
    private final ProbeAttempt a;
    private final StringBuilder body = new StringBuilder();
    private boolean statusOk;

    ResponseHandler(ProbeAttempt a) {
      this.a = a;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        String want = a.settings().bodyContains();
        if (msg instanceof HttpResponse r) {
          int code = r.status().code();
          if (!a.settings().expectStatus().contains(code)) {
            a.fail("status " + code);
            return;
          }
          statusOk = true;
          if (want == null) {
            a.succeed();
            return;
          }
        }
        if (msg instanceof HttpContent c && statusOk && want != null) {
          if (body.length() < MAX_BODY) {
            int n = Math.min(c.content().readableBytes(), MAX_BODY - body.length());
            body.append(c.content().toString(c.content().readerIndex(), n, StandardCharsets.UTF_8));
          }
          if (body.indexOf(want) >= 0) {
            a.succeed();
          } else if (msg instanceof LastHttpContent || body.length() >= MAX_BODY) {
            a.fail("body mismatch");
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
        a.fail(Failures.reason(e.cause()));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      a.fail(statusOk ? "body mismatch" : "closed before response");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      a.fail(Failures.reason(cause));
    }
  }
}
