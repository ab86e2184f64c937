package io.fulcrum.bgp;

import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.fsm.SessionConfig;
import io.fulcrum.bgp.speaker.PeerSession;
import io.fulcrum.bgp.speaker.SocketOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BGP-4 speaker that announces host routes (VIPs) to configured peers. It knows nothing of who
 * owns what: the caller announces and withdraws prefixes; the speaker keeps every Established
 * session in step with that set. All state lives on one Netty event-loop thread; the public methods
 * are thread-safe and return once the change is queued (or, for {@link #status()}, done). Linux
 * only (epoll transport: TCP MD5 signatures and TTL settings).
 */
public final class BgpSpeaker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BgpSpeaker.class);

  private final SpeakerConfig config;
  private final MeterRegistry registry;
  private final EventLoopGroup group;
  private final Map<IpPrefix, RouteAttributes> rib = new LinkedHashMap<>();
  private final Map<InetAddress, PeerSession> peers = new HashMap<>();
  private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
  private final BfdSupport bfd;
  private Channel server;
  private boolean flushScheduled;
  private volatile boolean closed;

  public BgpSpeaker(SpeakerConfig config, MeterRegistry registry) {
    this(config, registry, null);
  }

  /**
   * A speaker whose one I/O thread comes from {@code threads} (null for Netty's default). Every
   * socket (listener, sessions, BFD) is opened on that thread, so a factory whose threads enter a
   * network namespace puts the whole speaker in that namespace.
   */
  public BgpSpeaker(SpeakerConfig config, MeterRegistry registry, ThreadFactory threads) {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("BGP speaker needs Linux epoll", Epoll.unavailabilityCause());
    }
    this.config = config;
    this.registry = registry;
    this.group =
        threads == null
            ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())
            : new MultiThreadIoEventLoopGroup(1, threads, EpollIoHandler.newFactory());
    Gauge.builder("fulcrum.bgp.routes.announced", this, s -> s.rib.size())
        .description("prefixes the speaker announces")
        .register(registry);
    this.bfd = new BfdSupport(group.next(), registry, this::onBfdChange);
  }

  /** Starts the listener (if configured) and the timers. */
  public BgpSpeaker start() {
    if (config.listenPort() >= 0) {
      ServerBootstrap sb =
          new ServerBootstrap()
              .group(group)
              .channel(EpollServerSocketChannel.class)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      onAccepted(ch);
                    }
                  });
      InetSocketAddress at =
          config.listenAddress() == null
              ? new InetSocketAddress(config.listenPort())
              : new InetSocketAddress(config.listenAddress(), config.listenPort());
      // bound on the I/O thread: the socket opens in that thread's network namespace
      Channel ch = call(() -> sb.bind(at)).syncUninterruptibly().channel();
      call(
          () -> {
            server = ch;
            updateServerMd5();
            return null;
          });
      LOG.info("BGP listening on {}", ch.localAddress());
    }
    group.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The port the listener is bound to (useful with port 0), or -1. */
  public int listenPort() {
    return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
  }

  public void addListener(SessionListener l) {
    listeners.add(l);
  }

  /** Adds (or replaces) a peer and starts its session. */
  public void addPeer(PeerConfig p) {
    call(
        () -> {
          PeerSession old = peers.remove(p.address());
          if (old != null) {
            old.remove();
            bfd.remove(p.address());
          }
          SessionConfig sc =
              new SessionConfig(
                  config.localAs(),
                  p.peerAs(),
                  config.routerIdValue(),
                  p.holdTime(),
                  p.keepaliveTime(),
                  p.connectRetryTime(),
                  1,
                  p.passive(),
                  p.families(),
                  config.gracefulRestartTime(),
                  config.restarting());
          PeerSession s =
              new PeerSession(p, sc, System::nanoTime, rib, this::connect, listeners, registry);
          peers.put(p.address(), s);
          updateServerMd5();
          s.start();
          if (p.bfd() != null) {
            bfd.add(p);
          }
          return null;
        });
  }

  /** Removes a peer: its session ends with a Cease NOTIFICATION. */
  public void removePeer(InetAddress address) {
    call(
        () -> {
          PeerSession s = peers.remove(address);
          if (s != null) {
            s.remove();
            bfd.remove(address);
            updateServerMd5();
          }
          return null;
        });
  }

  /** Announces (or re-announces with new attributes) a prefix to every peer. */
  public void announce(IpPrefix prefix, RouteAttributes attributes) {
    group.execute(
        () -> {
          if (!attributes.equals(rib.put(prefix, attributes))) {
            peers.values().forEach(s -> s.changed(prefix));
            scheduleFlush();
          }
        });
  }

  /** Withdraws a prefix from every peer. */
  public void withdraw(IpPrefix prefix) {
    group.execute(
        () -> {
          if (rib.remove(prefix) != null) {
            peers.values().forEach(s -> s.changed(prefix));
            scheduleFlush();
          }
        });
  }

  /** The prefixes currently announced. */
  public Map<IpPrefix, RouteAttributes> announced() {
    return call(() -> Map.copyOf(rib));
  }

  /** A snapshot of every peer. */
  public List<PeerStatus> status() {
    return call(
        () -> {
          List<PeerStatus> out = new ArrayList<>();
          for (PeerSession s : peers.values()) {
            out.add(s.status());
          }
          return out;
        });
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      group.execute(
          () -> {
            flushScheduled = false;
            peers.values().forEach(PeerSession::flush);
          });
    }
  }

  private void tick() {
    for (PeerSession s : new ArrayList<>(peers.values())) {
      try {
        s.tick();
      } catch (RuntimeException e) {
        LOG.error("peer {}: timer failed", s.peer().address().getHostAddress(), e);
      }
    }
  }

  private void onBfdChange(InetAddress peer, String state) {
    PeerSession s = peers.get(peer);
    if (s == null) {
      return;
    }
    s.bfdState(state);
    if ("DOWN".equals(state)) {
      s.forwardingFailed("BFD session down");
    }
  }

  private void onAccepted(SocketChannel ch) {
    InetAddress from = ch.remoteAddress().getAddress();
    PeerSession s = peers.get(from);
    if (s == null) {
      LOG.info("BGP connection from unknown peer {} refused", from.getHostAddress());
      ch.close();
      return;
    }
    SocketOptions.setTtl(ch, s.peer().ttl(), from);
    s.accepted(ch);
  }

  private ChannelFuture connect(PeerSession s) {
    PeerConfig p = s.peer();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(EpollSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    // the session installs its handlers once the connection is adopted
                  }
                });
    if (p.md5Password() != null) {
      b.option(EpollChannelOption.TCP_MD5SIG, Map.of(p.address(), md5Key(p)));
    }
    SocketOptions.ttlOption(b, p.ttl(), p.address());
    InetSocketAddress remote = new InetSocketAddress(p.address(), p.port());
    return p.localAddress() == null
        ? b.connect(remote)
        : b.connect(remote, new InetSocketAddress(p.localAddress(), 0));
  }

  private void updateServerMd5() {
    if (server == null) {
      return;
    }
    Map<InetAddress, byte[]> keys = new HashMap<>();
    for (PeerSession s : peers.values()) {
      if (s.peer().md5Password() != null) {
        keys.put(s.peer().address(), md5Key(s.peer()));
      }
    }
    server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
  }

  private static byte[] md5Key(PeerConfig p) {
    return p.md5Password().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private <T> T call(Callable<T> task) {
    if (group.next().inEventLoop()) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    Future<T> f = group.submit(task);
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("speaker task failed: " + e.getMessage(), e);
    }
  }

  /** Stops every session with a Cease NOTIFICATION: peers withdraw our routes at once. */
  @Override
  public void close() {
    shutdown(true);
  }

  /**
   * Stops without NOTIFICATION (for a restart): peers that negotiated graceful restart keep our
   * routes for the restart time while we come back.
   */
  public void closeForRestart() {
    shutdown(false);
  }

  private void shutdown(boolean notify) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      call(
          () -> {
            peers.values().forEach(s -> s.stop(notify));
            bfd.close();
            if (server != null) {
              server.close();
            }
            return null;
          });
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
