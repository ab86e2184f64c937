package io.fulcrum.healthcheck.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * TCP: the server's kernel must answer a SYN with a SYN-ACK; with {@code send}/{@code expect}, the
 * connection is made, the bytes written, and the reply must start with the expected prefix. A bare
 * check on the native transport is half-open by default ({@link HalfOpenPoller}: a SYN from a raw
 * socket), else a connect straight on epoll ({@link EpollConnect}); the others use a Netty channel,
 * a new connection per probe. Sockets close with RST (SO_LINGER 0) so thousands of probes a second
 * leave no TIME_WAIT behind.
 */
public final class TcpProber implements Prober {
  private final NettyTransport transport;
  private final boolean halfOpen;
  private final LongSupplier clock;

  /**
   * @param halfOpen bare checks on the native transport probe half-open ({@link HalfOpenPoller})
   *     where raw sockets can be had
   * @param clock nanosecond clock (the half-open source address cache)
   */
  public TcpProber(NettyTransport transport, boolean halfOpen, LongSupplier clock) {
    this.transport = transport;
    this.halfOpen = halfOpen;
    this.clock = clock;
  }

  @Override
  public void start(ProbeAttempt a) {
    byte[] send = a.settings().send().getBytes(StandardCharsets.UTF_8);
    byte[] expect = a.settings().expect().getBytes(StandardCharsets.UTF_8);
    boolean bare = send.length == 0 && expect.length == 0;
    if (bare && transport.socketChannel() == EpollSocketChannel.class) {
      if (!halfOpen || !HalfOpenPoller.of(a.loop(), clock).start(a)) {
        EpollConnect.start(a);
      }
      return;
    }
    ChannelFuture f =
        connect(
            transport,
            a.loop(),
            a.remote(),
            bare ? BareHandler.INSTANCE : new ReplyHandler(a, expect),
            send.length > 0);
    Channel ch = f.channel();
    a.onFinish(ch::close);
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            a.fail(Failures.reason(done.cause()));
          } else if (bare) {
            a.succeed();
          } else if (send.length > 0) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(send));
          }
        });
  }

  /**
   * Opens a probe socket on {@code loop} (no Bootstrap: one channel, one registration, one
   * connect). There is no connect timeout of its own: the attempt's deadline closes the channel,
   * which fails the connect.
   */
  static ChannelFuture connect(
      NettyTransport transport,
      EventLoop loop,
      InetSocketAddress remote,
      ChannelHandler handler,
      boolean nodelay) {
    Channel ch = transport.newSocketChannel();
    ch.config().setOption(ChannelOption.SO_LINGER, 0);
    if (nodelay) {
      ch.config().setOption(ChannelOption.TCP_NODELAY, true); // a bare connect needs no syscall
    }
    ch.pipeline().addLast(handler);
    ChannelPromise connected = ch.newPromise();
    loop.register(ch)
        .addListener(
            r -> {
              if (r.isSuccess()) {
                ch.connect(remote, connected);
              } else {
                ch.unsafe().closeForcibly();
                connected.setFailure(r.cause());
              }
            });
    return connected;
  }

  /** A bare connect reads nothing: whatever the server sends is dropped. */
  @ChannelHandler.Sharable
  private static final class BareHandler extends ChannelInboundHandlerAdapter {
    static final BareHandler INSTANCE = new BareHandler();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
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
