package io.fulcrum.healthcheck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Benchmark servers: one process listening on many ports. TCP ports accept and wait; HTTP ports
 * answer every request with 200, keeping the connection open (or closing it in {@code close} mode).
 * Usage: {@code BenchServers <tcpBase> <tcpCount> <httpBase> <httpCount> [keepalive|close]}; runs
 * until killed.
 */
public final class BenchServers {
  private static final ByteBuf CLOSE_RESPONSE =
      Unpooled.unreleasableBuffer(
          Unpooled.copiedBuffer(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
              StandardCharsets.US_ASCII));
  private static final ByteBuf KEEP_RESPONSE =
      Unpooled.unreleasableBuffer(
          Unpooled.copiedBuffer(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", StandardCharsets.US_ASCII));

  private BenchServers() {}

  /**
   * Answers every request (a head ending in an empty line; probes send no body) with 200 "ok".
   * Keep-alive mode keeps the connection open for the next request, as most HTTP servers do; close
   * mode answers {@code Connection: close} and closes.
   */
  private static final class Http extends ChannelInboundHandlerAdapter {
    private final boolean keepAlive;
    private int matched; // bytes of "\r\n\r\n" seen at the end of the input so far

    Http(boolean keepAlive) {
      this.keepAlive = keepAlive;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      int requests = 0;
      try {
        for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
          byte b = in.getByte(i);
          boolean want = matched % 2 == 0 ? b == '\r' : b == '\n';
          matched = want ? matched + 1 : (b == '\r' ? 1 : 0);
          if (matched == 4) {
            requests++;
            matched = 0;
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
      if (requests == 0) {
        return;
      }
      if (!keepAlive) {
        ctx.writeAndFlush(CLOSE_RESPONSE.duplicate()).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      for (int i = 0; i < requests; i++) {
        ctx.write(KEEP_RESPONSE.duplicate());
      }
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @ChannelHandler.Sharable
  private static final class Tcp extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int tcpBase = Integer.parseInt(args[0]);
    int tcpCount = Integer.parseInt(args[1]);
    int httpBase = Integer.parseInt(args[2]);
    int httpCount = Integer.parseInt(args[3]);
    boolean keepAlive = args.length < 5 || !"close".equals(args[4]);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    List<Channel> listeners = new ArrayList<>();
    Tcp tcp = new Tcp();
    listeners.addAll(bind(group, tcpBase, tcpCount, () -> tcp));
    listeners.addAll(bind(group, httpBase, httpCount, () -> new Http(keepAlive)));
    System.out.println("READY " + listeners.size() + " ports");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static List<Channel> bind(
      EventLoopGroup group, int base, int count, Supplier<ChannelHandler> h)
      throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(EpollServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 256)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(h.get());
                  }
                });
    List<Channel> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(b.bind(new InetSocketAddress(base + i)).sync().channel());
    }
    return out;
  }
}
