package io.fulcrum.healthcheck.probe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/** The Netty transport the probes use: native epoll where available, NIO otherwise. */
public record NettyTransport(
    EventLoopGroup group,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel,
    String name) {

  /** A group of {@code threads} event loops made by {@code factory}. */
  public static NettyTransport create(int threads, ThreadFactory factory) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, factory, io);
    return epoll
        ? new NettyTransport(group, EpollSocketChannel.class, EpollDatagramChannel.class, "epoll")
        : new NettyTransport(group, NioSocketChannel.class, NioDatagramChannel.class, "nio");
  }

  /** A new, unregistered TCP channel of this transport (no reflection: one per probe). */
  public SocketChannel newSocketChannel() {
    return socketChannel == EpollSocketChannel.class
        ? new EpollSocketChannel()
        : new NioSocketChannel();
  }

  /** True when the channel is of this transport (for tests). */
  public boolean owns(Channel ch) {
    return socketChannel.isInstance(ch) || datagramChannel.isInstance(ch);
  }
}
