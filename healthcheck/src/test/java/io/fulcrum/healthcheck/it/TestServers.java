package io.fulcrum.healthcheck.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real TCP, UDP and HTTP(S) servers on Netty, listening on the wildcard address (IPv4 and IPv6) of
 * the namespace whose threads they get: sockets are opened on a thread inside that namespace. Each
 * server can be killed (listener and connections closed) and started again, and told to answer
 * wrongly.
 */
public final class TestServers implements AutoCloseable {
  private final String netns;
  private final EventLoopGroup group;

  public TestServers(String netns, ThreadFactory threads) {
    this.netns = netns;
    this.group = new MultiThreadIoEventLoopGroup(2, threads, NioIoHandler.newFactory());
  }

  /** What a server says now. */
  public static final class Behaviour {
    public volatile String reply = "PONG";
    public volatile int status = 200;
    public volatile String body = "status: healthy";
    public final AtomicReference<SslContext> tls = new AtomicReference<>();
    public volatile String lastSni;

    /** HTTP: keep connections open between requests (otherwise every answer closes). */
    public volatile boolean keepAlive;

    /** HTTP keep-alive: close a connection, unanswered, at its second request. */
    public volatile boolean closeAtSecondRequest;

    /** TCP and HTTP: connections accepted; HTTP: requests answered. */
    public final java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();

    public final java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
  }

  /** A server that can be killed and started again on the same port. */
  public final class Server implements AutoCloseable {
    private final int port;
    private final boolean udp;
    private final ChannelInitializer<Channel> init;
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    public final Behaviour behaviour;
    private Channel listener;

    private Server(int port, boolean udp, Behaviour b, ChannelInitializer<Channel> init) {
      this.port = port;
      this.udp = udp;
      this.behaviour = b;
      this.init = init;
    }

    public int port() {
      return port;
    }

    /** Opens the listener (from a thread in the namespace). */
    public synchronized Server start() {
      listener =
          NetnsThreads.call(
              netns,
              () -> {
                if (udp) {
                  return new Bootstrap()
                      .group(group)
                      .channel(NioDatagramChannel.class)
                      .option(ChannelOption.SO_REUSEADDR, true)
                      .handler(init)
                      .bind(new InetSocketAddress(port))
                      .sync()
                      .channel();
                }
                return new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(
                        new ChannelInitializer<SocketChannel>() {
                          @Override
                          protected void initChannel(SocketChannel ch) {
                            children.add(ch);
                            ch.pipeline().addLast(init);
                          }
                        })
                    .bind(new InetSocketAddress(port))
                    .sync()
                    .channel();
              });
      return this;
    }

    /** Closes the listener and every connection, as if the process died. */
    public synchronized void kill() {
      if (listener != null) {
        listener.close().syncUninterruptibly();
        listener = null;
      }
      children.close().awaitUninterruptibly();
    }

    @Override
    public void close() {
      kill();
    }
  }

  /** A TCP server: replies {@code behaviour.reply} to any data (and accepts bare connects). */
  public Server tcp(int port) {
    Behaviour b = new Behaviour();
    return new Server(
        port,
        false,
        b,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            b.connections.incrementAndGet();
            ch.pipeline()
                .addLast(
                    new SimpleChannelInboundHandler<ByteBuf>() {
                      @Override
                      protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        ctx.writeAndFlush(
                            Unpooled.copiedBuffer(b.reply + "\r\n", StandardCharsets.UTF_8));
                      }
                    });
          }
        });
  }

  /** A UDP server: answers every datagram with {@code behaviour.reply}. */
  public Server udp(int port) {
    Behaviour b = new Behaviour();
    return new Server(
        port,
        true,
        b,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline()
                .addLast(
                    new SimpleChannelInboundHandler<DatagramPacket>() {
                      @Override
                      protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        ctx.writeAndFlush(
                            new DatagramPacket(
                                Unpooled.copiedBuffer(b.reply, StandardCharsets.UTF_8),
                                p.sender()));
                      }
                    });
          }
        });
  }

  /** An HTTP server (HTTPS while {@code behaviour.tls} holds a context; SNI is recorded). */
  public Server http(int port) {
    Behaviour b = new Behaviour();
    return new Server(
        port,
        false,
        b,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            SslContext ctx = b.tls.get();
            if (ctx != null) {
              ch.pipeline()
                  .addLast(
                      new SniHandler(
                          name -> {
                            b.lastSni = name;
                            return ctx;
                          }));
            }
            b.connections.incrementAndGet();
            ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(65536))
                .addLast(
                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                      private int requests;

                      @Override
                      protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) {
                        requests++;
                        if (b.keepAlive && b.closeAtSecondRequest && requests == 2) {
                          c.close();
                          return;
                        }
                        DefaultFullHttpResponse resp =
                            new DefaultFullHttpResponse(
                                HttpVersion.HTTP_1_1,
                                HttpResponseStatus.valueOf(b.status),
                                Unpooled.copiedBuffer(b.body, StandardCharsets.UTF_8));
                        resp.headers()
                            .set(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes())
                            .set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                        b.answered.incrementAndGet();
                        if (b.keepAlive && HttpUtil.isKeepAlive(req)) {
                          c.writeAndFlush(resp);
                        } else {
                          c.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
                        }
                      }

                      @Override
                      public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                        c.close(); // e.g. a client refusing our certificate
                      }
                    });
          }
        });
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
