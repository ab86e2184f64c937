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

/**
 * Benchmark servers: one process listening on many ports. TCP ports accept and wait; HTTP ports
 * answer any request with 200 and close. Usage: {@code BenchServers <tcpBase> <tcpCount> <httpBase>
 * <httpCount>}; runs until killed.
 */
public final class BenchServers {
  private static final ByteBuf RESPONSE =
      Unpooled.unreleasableBuffer(
          Unpooled.copiedBuffer(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
              StandardCharsets.US_ASCII));

  private BenchServers() {}

  @ChannelHandler.Sharable
  private static final class Http extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.writeAndFlush(RESPONSE.duplicate()).addListener(ChannelFutureListener.CLOSE);
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
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    List<Channel> listeners = new ArrayList<>();
    listeners.addAll(bind(group, tcpBase, tcpCount, new Tcp()));
    listeners.addAll(bind(group, httpBase, httpCount, new Http()));
    System.out.println("READY " + listeners.size() + " ports");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static List<Channel> bind(EventLoopGroup group, int base, int count, ChannelHandler h)
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
                    ch.pipeline().addLast(h);
                  }
                });
    List<Channel> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(b.bind(new InetSocketAddress(base + i)).sync().channel());
    }
    return out;
  }
}
