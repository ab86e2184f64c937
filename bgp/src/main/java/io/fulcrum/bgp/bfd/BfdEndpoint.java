package io.fulcrum.bgp.bfd;

import io.fulcrum.bgp.speaker.SocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-hop BFD over UDP (RFC 5881): receives on port 3784, sends from a port in 49152-65535 per
 * session with TTL/hop limit 255. Runs on one event loop; the public methods must be called on it.
 */
public final class BfdEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BfdEndpoint.class);
  public static final int PORT = 3784;

  private final EventLoop loop;
  private final int port;
  private final BiConsumer<InetAddress, BfdState> onChange;
  private final Random random = new SecureRandom();
  private final Map<InetAddress, Entry> byPeer = new HashMap<>();
  private final Map<Long, Entry> byDiscriminator = new HashMap<>();
  private Channel rx4;
  private Channel rx6;
  private ScheduledFuture<?> timer;

  private static final class Entry {
    final InetAddress peer;
    final BfdSession session;
    final Channel tx;
    BfdState reported = BfdState.DOWN;

    Entry(InetAddress peer, BfdSession session, Channel tx) {
      this.peer = peer;
      this.session = session;
      this.tx = tx;
    }
  }

  /** {@code port} is 3784 in production; tests may pick another. */
  public BfdEndpoint(EventLoop loop, int port, BiConsumer<InetAddress, BfdState> onChange) {
    this.loop = loop;
    this.port = port;
    this.onChange = onChange;
  }

  /** Starts a session with a directly connected peer. */
  public void add(InetAddress peer, InetAddress local, int minTxMillis, int minRxMillis, int mult) {
    remove(peer);
    boolean v6 = peer instanceof Inet6Address;
    ensureReceiver(v6);
    Channel tx = bindSender(peer, local);
    long disc;
    do {
      disc = random.nextInt() & 0xffffffffL;
    } while (disc == 0 || byDiscriminator.containsKey(disc));
    BfdSession s = new BfdSession(disc, minTxMillis, minRxMillis, mult, System::nanoTime, random);
    Entry e = new Entry(peer, s, tx);
    byPeer.put(peer, e);
    byDiscriminator.put(disc, e);
    if (timer == null) {
      timer = loop.scheduleAtFixedRate(this::pollAll, 10, 10, TimeUnit.MILLISECONDS);
    }
    LOG.info("BFD session to {} (discriminator {})", peer.getHostAddress(), disc);
  }

  public void remove(InetAddress peer) {
    Entry e = byPeer.remove(peer);
    if (e != null) {
      byDiscriminator.remove(e.session.localDiscriminator());
      e.session.adminDown();
      send(e, e.session.poll());
      e.tx.close();
    }
  }

  /** The state of the session with a peer, or null. */
  public BfdState state(InetAddress peer) {
    Entry e = byPeer.get(peer);
    return e == null ? null : e.session.state();
  }

  private void ensureReceiver(boolean v6) {
    if ((v6 ? rx6 : rx4) != null) {
      return;
    }
    InetSocketAddress at =
        new InetSocketAddress(v6 ? anyAddress("::") : anyAddress("0.0.0.0"), port);
    Channel ch =
        new Bootstrap()
            .group(loop)
            .channel(EpollDatagramChannel.class)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    DatagramPacket d = (DatagramPacket) msg;
                    try {
                      onPacket(d.sender().getAddress(), ByteBufUtil.getBytes(d.content()));
                    } finally {
                      d.release();
                    }
                  }
                })
            .bind(at)
            .addListener(f -> logFailure(f, "BFD receiver on " + at))
            .channel();
    if (v6) {
      rx6 = ch;
    } else {
      rx4 = ch;
    }
  }

  private static InetAddress anyAddress(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private Channel bindSender(InetAddress peer, InetAddress local) {
    InetAddress from =
        local != null ? local : anyAddress(peer instanceof Inet6Address ? "::" : "0.0.0.0");
    int p = 49152 + random.nextInt(65536 - 49152);
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(EpollDatagramChannel.class)
            .handler(new ChannelInboundHandlerAdapter());
    SocketOptions.ttlOption(b, 255, peer);
    InetSocketAddress at = new InetSocketAddress(from, p);
    return b.bind(at).addListener(f -> logFailure(f, "BFD sender on " + at)).channel();
  }

  private static void logFailure(io.netty.util.concurrent.Future<?> f, String what) {
    if (!f.isSuccess()) {
      LOG.error("{} failed: {}", what, f.cause().toString());
    }
  }

  private void onPacket(InetAddress from, byte[] data) {
    BfdPacket p = BfdPacket.decode(data);
    if (p == null) {
      return;
    }
    Entry e =
        p.yourDiscriminator() != 0 ? byDiscriminator.get(p.yourDiscriminator()) : byPeer.get(from);
    if (e == null || !e.peer.equals(from)) {
      return;
    }
    send(e, e.session.receive(p));
    report(e);
  }

  private void pollAll() {
    for (Entry e : new java.util.ArrayList<>(byPeer.values())) {
      try {
        send(e, e.session.poll());
        report(e);
      } catch (RuntimeException ex) {
        LOG.error("BFD {}: timer failed", e.peer.getHostAddress(), ex);
      }
    }
  }

  private void report(Entry e) {
    BfdState s = e.session.state();
    if (s != e.reported) {
      LOG.info(
          "BFD {}: {} -> {} (diag {})", e.peer.getHostAddress(), e.reported, s, e.session.diag());
      e.reported = s;
      onChange.accept(e.peer, s);
    }
  }

  private void send(Entry e, BfdPacket p) {
    if (p != null) {
      e.tx
          .writeAndFlush(
              new DatagramPacket(
                  Unpooled.wrappedBuffer(p.encode()), new InetSocketAddress(e.peer, port)))
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  LOG.debug(
                      "BFD {}: send failed: {}", e.peer.getHostAddress(), f.cause().toString());
                }
              });
    }
  }

  @Override
  public void close() {
    for (InetAddress peer : Map.copyOf(byPeer).keySet()) {
      remove(peer);
    }
    if (timer != null) {
      timer.cancel(false);
    }
    if (rx4 != null) {
      rx4.close();
    }
    if (rx6 != null) {
      rx6.close();
    }
  }
}
