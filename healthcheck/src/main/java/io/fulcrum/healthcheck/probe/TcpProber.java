package io.fulcrum.healthcheck.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;

/**
 * TCP connect; with {@code send}/{@code expect}, writes the bytes and waits for a reply starting
 * with the expected prefix. Sockets close with RST (SO_LINGER 0) so thousands of probes a second
 * leave no TIME_WAIT behind.
 */
public final class TcpProber implements Prober {
  private final NettyTransport transport;

  public TcpProber(NettyTransport transport) {
    this.transport = transport;
  }

  @Override
  public void start(ProbeAttempt a) {
    byte[] send = a.settings().send().getBytes(StandardCharsets.UTF_8);
    byte[] expect = a.settings().expect().getBytes(StandardCharsets.UTF_8);
    ChannelFuture f = connect(transport, a, new ReplyHandler(a, expect), send.length > 0);
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            a.fail(Failures.reason(done.cause()));
          } else if (send.length > 0) {
            f.channel().writeAndFlush(Unpooled.wrappedBuffer(send));
          }
          if (done.isSuccess() && send.length == 0 && expect.length == 0) {
            a.succeed();
          }
        });
  }

  /** Connects a probe socket (on the attempt's loop) that is closed when the attempt ends. */
  static ChannelFuture connect(
      NettyTransport transport,
      ProbeAttempt a,
      io.netty.channel.ChannelHandler handler,
      boolean sends) {
    Bootstrap b =
        new Bootstrap()
            .group(a.loop())
            .channel(transport.socketChannel())
            .option(ChannelOption.SO_LINGER, 0)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, a.settings().timeout().toMillis()))
            .handler(handler);
    if (sends) {
      b.option(ChannelOption.TCP_NODELAY, true); // a bare connect needs no extra syscall
    }
    ChannelFuture f = b.connect(a.remote());
    Channel ch = f.channel();
    a.onFinish(ch::close);
    return f;
  }

  /** Collects the reply until the expected prefix can be compared. */
  private static final class ReplyHandler extends ChannelInboundHandlerAdapter {
    private final ProbeAttempt a;
    private final byte[] expect;
    private final ByteBuf got = Unpooled.buffer(64);

    ReplyHandler(ProbeAttempt a, byte[] expect) {
      this.a = a;
      this.expect = expect;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        if (got.readableBytes() < expect.length) {
          got.writeBytes(in, Math.min(in.readableBytes(), expect.length - got.readableBytes()));
        }
      } finally {
        in.release();
      }
      if (got.readableBytes() >= expect.length) {
        for (int i = 0; i < expect.length; i++) {
          if (got.getByte(i) != expect[i]) {
            a.fail("unexpected reply");
            return;
          }
        }
        a.succeed();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      got.release();
      a.fail("closed before reply");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      a.fail(Failures.reason(cause));
    }
  }
}
