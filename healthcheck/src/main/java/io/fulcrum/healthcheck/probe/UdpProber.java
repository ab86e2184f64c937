package io.fulcrum.healthcheck.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram on a connected UDP socket. The kernel reports an ICMP port unreachable to a
 * connected socket as ECONNREFUSED, which fails the probe. With {@code expectReply}, the probe
 * succeeds on a reply (starting with {@code expect}) and fails on silence; without, it succeeds
 * when no error arrived by the timeout.
 */
public final class UdpProber implements Prober {
  private final NettyTransport transport;

  public UdpProber(NettyTransport transport) {
    this.transport = transport;
  }

  @Override
  public void start(ProbeAttempt a) {
    byte[] payload = a.settings().payload().getBytes(StandardCharsets.UTF_8);
    byte[] expect = a.settings().expect().getBytes(StandardCharsets.UTF_8);
    if (!a.settings().expectReply()) {
      a.timeoutIsSuccess();
    }
    Bootstrap b =
        new Bootstrap()
            .group(a.loop())
            .channel(transport.datagramChannel())
            .handler(new ReplyHandler(a, expect));
    ChannelFuture f = b.connect(a.remote());
    a.onFinish(f.channel()::close);
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            a.fail(Failures.reason(done.cause()));
            return;
          }
          f.channel()
              .writeAndFlush(Unpooled.wrappedBuffer(payload))
              .addListener(
                  w -> {
                    if (!w.isSuccess()) {
                      a.fail(udpReason(w.cause()));
                    }
                  });
        });
  }

  static String udpReason(Throwable t) {
    String r = Failures.reason(t);
    return "refused".equals(r) ? "port unreachable" : r;
  }

  private static final class ReplyHandler extends ChannelInboundHandlerAdapter {
    private final ProbeAttempt a;
    private final byte[] expect;

    ReplyHandler(ProbeAttempt a, byte[] expect) {
      this.a = a;
      this.expect = expect;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
      try {
        if (in.readableBytes() < expect.length) {
          a.fail("unexpected reply");
          return;
        }
        for (int i = 0; i < expect.length; i++) {
          if (in.getByte(in.readerIndex() + i) != expect[i]) {
            a.fail("unexpected reply");
            return;
          }
        }
        a.succeed();
      } finally {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      a.fail(udpReason(cause));
    }
  }
}
