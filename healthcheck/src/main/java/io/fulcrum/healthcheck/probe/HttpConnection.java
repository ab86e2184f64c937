package io.fulcrum.healthcheck.probe;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP probe connection and its handler: sends a probe's request, judges the answer (status,
 * then the body when asked) and, for keep-alive, tells whether it can carry the next probe: only
 * once the previous answer was read to its end and the server did not ask to close. Confined to the
 * connection's event loop. See {@link HttpProber} for the retry rule of a broken kept connection.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private final HttpProber prober;
  private final ConnectionSlot slot;
  private final InetSocketAddress remote;
  private final byte[] request;
  private final boolean keep;
  private Channel ch;
  private boolean closed;

  /** The probe whose answer is awaited (or still being read after its verdict), else null. */
  private ProbeAttempt current;

  private boolean reused;
  private boolean answered;
  private boolean statusOk;
  private boolean serverKeepsAlive;
  private boolean idle;
  private StringBuilder body;

  HttpConnection(
      HttpProber prober,
      ConnectionSlot slot,
      InetSocketAddress remote,
      byte[] request,
      boolean keep) {
    this.prober = prober;
    this.slot = slot;
    this.remote = remote;
    this.request = request;
    this.keep = keep;
  }

  /** The response decoder (limits: 4 KiB status line, 8 KiB headers, 8 KiB chunks). */
  static HttpResponseDecoder decoder(boolean headRequest) {
    HttpDecoderConfig config =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(4096)
            .setMaxHeaderSize(8192)
            .setMaxChunkSize(8192);
    return new HttpResponseDecoder(config) {
      @Override
      protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return headRequest || super.isContentAlwaysEmpty(msg);
      }
    };
  }

  void attach(Channel channel) {
    this.ch = channel;
  }

  /** True when the next probe of {@code target} may be sent on this connection. */
  boolean idleFor(InetSocketAddress target) {
    return idle && !closed && ch.isActive() && remote.equals(target);
  }

  /** Sends the attempt's request; {@code reused} when the connection served an earlier probe. */
  void send(ProbeAttempt a, boolean reused) {
    if (a.isDone() || closed) {
      return;
    }
    current = a;
    this.reused = reused;
    answered = false;
    statusOk = false;
    serverKeepsAlive = false;
    idle = false;
    if (body != null) {
      body.setLength(0);
    }
    // a void promise: a failed write reaches exceptionCaught, which treats it as the listener
    // would (a kept connection broken before any answer is retried fresh, else the probe fails),
    // without a promise and a listener per probe
    ch.writeAndFlush(Unpooled.wrappedBuffer(request), ch.voidPromise());
  }

  /** After a probe's verdict: a failure (or a one-shot connection) closes the connection. */
  void afterProbe(ProbeAttempt a) {
    if (!keep || !a.succeeded()) {
      close();
    }
  }

  void close() {
    slot.clear(this);
    idle = false;
    if (!closed) {
      closed = true;
      if (ch != null) {
        ch.close();
      }
    }
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
      prober.open(a, keep);
    } else {
      a.fail(reason);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      ProbeAttempt a = current;
      if (closed) {
        return;
      }
      if (a == null) {
        close(); // an answer nobody asked for: this connection cannot be trusted any more
        return;
      }
      answered = true;
      if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
        a.fail("bad response: " + Failures.reason(o.decoderResult().cause()));
        close();
        return;
      }
      String want = a.settings().bodyContains();
      if (msg instanceof HttpResponse r) {
        serverKeepsAlive = HttpUtil.isKeepAlive(r);
        int code = r.status().code();
        if (!a.settings().expectStatus().contains(code)) {
          a.fail("status " + code);
          return;
        }
        statusOk = true;
        if (want == null) {
          a.succeed();
        }
      }
      if (msg instanceof HttpContent c) {
        if (statusOk && want != null && !a.isDone()) {
          matchBody(a, c, want);
        }
        if (msg instanceof LastHttpContent) {
          current = null;
          if (keep && serverKeepsAlive && a.succeeded()) {
            idle = true;
          } else {
            close();
          }
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void matchBody(ProbeAttempt a, HttpContent c, String want) {
    if (body == null) {
      body = new StringBuilder();
    }
    if (body.length() < HttpProber.MAX_BODY) {
      int n = Math.min(c.content().readableBytes(), HttpProber.MAX_BODY - body.length());
      body.append(c.content().toString(c.content().readerIndex(), n, StandardCharsets.UTF_8));
    }
    if (body.indexOf(want) >= 0) {
      a.succeed();
    } else if (c instanceof LastHttpContent || body.length() >= HttpProber.MAX_BODY) {
      a.fail("body mismatch");
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess() && current != null) {
      current.fail(Failures.reason(e.cause()));
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
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

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ProbeAttempt a = current;
    if (a != null && !a.isDone()) {
      if (reused && !answered) {
        broken(a, Failures.reason(cause));
        return;
      }
      a.fail(Failures.reason(cause));
    }
    close();
  }
}
