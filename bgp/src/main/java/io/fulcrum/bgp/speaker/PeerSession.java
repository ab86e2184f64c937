package io.fulcrum.bgp.speaker;

import io.fulcrum.bgp.PeerConfig;
import io.fulcrum.bgp.PeerStatus;
import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.SessionListener;
import io.fulcrum.bgp.codec.BgpDecoder;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.BgpProtocolException;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.fsm.BgpFsm;
import io.fulcrum.bgp.fsm.FsmAction;
import io.fulcrum.bgp.fsm.Negotiated;
import io.fulcrum.bgp.fsm.SessionConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer: its state machine, its current connection and what it was sent. Everything runs on the
 * speaker's single event-loop thread. The Netty side is a thin adapter: frames go to the codec,
 * decoded messages to the FSM, and the FSM's actions are carried out here.
 */
public final class PeerSession {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

  /** Opens outgoing connections for a session. */
  public interface Connector {
    ChannelFuture connect(PeerSession session);
  }

  private final PeerConfig peer;
  private final BgpFsm fsm;
  private final Map<IpPrefix, RouteAttributes> rib;
  private final Connector connector;
  private final List<SessionListener> listeners;
  private final BgpMetrics metrics;
  private final long localAs;
  private final Map<IpPrefix, RouteAttributes> advertised = new HashMap<>();
  private final Set<IpPrefix> dirty = new LinkedHashSet<>();
  private Channel channel;
  private ChannelFuture pendingConnect;
  private long upSince;
  private long updatesSent;
  private long updatesReceived;
  private long prefixesReceived;
  private String bfdState = "";
  private long lastPeerId;

  public PeerSession(
      PeerConfig peer,
      SessionConfig config,
      LongSupplier nanos,
      Map<IpPrefix, RouteAttributes> rib,
      Connector connector,
      List<SessionListener> listeners,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.peer = peer;
    this.fsm = new BgpFsm(config, nanos);
    this.rib = rib;
    this.connector = connector;
    this.listeners = listeners;
    this.localAs = config.localAs();
    this.metrics = new BgpMetrics(registry, peer.address().getHostAddress());
  }

  public PeerConfig peer() {
    return peer;
  }

  public BgpFsm.State state() {
    return fsm.state();
  }

  public void start() {
    run(fsm.start());
  }

  /** Stops the session: with a Cease NOTIFICATION, or (graceful) by only closing the connection. */
  public void stop(boolean notify) {
    run(fsm.stop(notify));
  }

  /** Stops the session with a Cease NOTIFICATION and unregisters its metrics (peer removed). */
  public void remove() {
    stop(true);
    metrics.close();
  }

  public void tick() {
    run(fsm.tick());
  }

  /** Resets the session without a NOTIFICATION (BFD declared the peer down). */
  public void forwardingFailed(String why) {
    if (channel != null) {
      Channel c = channel;
      channel = null;
      c.close();
      run(fsm.connectionClosed(why));
    }
  }

  public void bfdState(String state) {
    bfdState = state;
    metrics.bfdUp.set("UP".equals(state) ? 1 : 0);
  }

  /** Marks prefixes changed in the RIB; they go out at the next {@link #flush()}. */
  public void changed(IpPrefix p) {
    if (fsm.state() == BgpFsm.State.ESTABLISHED) {
      dirty.add(p);
    }
  }

  /**
   * Accepts an incoming connection from this peer, or refuses it. A collision with our own
   * connection in OpenSent/OpenConfirm is resolved by BGP identifier (RFC 4271 6.8) when the peer's
   * identifier is known (from its OPEN, or from the last session): the connection opened by the
   * higher identifier survives. Otherwise, and always against Established, the newcomer is refused.
   */
  public void accepted(Channel ch) {
    BgpFsm.State s = fsm.state();
    if (channel == null && (s == BgpFsm.State.CONNECT || s == BgpFsm.State.ACTIVE)) {
      if (pendingConnect != null) {
        pendingConnect.cancel(false);
        pendingConnect.channel().close();
        pendingConnect = null;
      }
      adopt(ch);
      return;
    }
    boolean opening = s == BgpFsm.State.OPEN_SENT || s == BgpFsm.State.OPEN_CONFIRM;
    long peerId = fsm.negotiated() != null ? fsm.negotiated().peerId() : lastPeerId;
    if (opening && peerId != 0 && fsm.config().localId() < peerId) {
      LOG.info(
          "peer {}: connection collision, keeping the peer's connection (higher BGP id)",
          peer.address().getHostAddress());
      run(fsm.dropForCollision());
      adopt(ch);
      return;
    }
    LOG.info("peer {}: refusing connection in state {}", peer.address().getHostAddress(), s);
    ch.close();
  }

  private void adopt(Channel ch) {
    channel = ch;
    install(ch.pipeline(), ch);
    ch.closeFuture()
        .addListener(
            f -> {
              if (channel == ch) {
                channel = null;
                run(fsm.connectionClosed("TCP connection closed"));
              }
            });
    run(fsm.connected());
  }

  private void install(ChannelPipeline p, Channel ch) {
    p.addLast("frames", new BgpFrameDecoder());
    p.addLast(
        "session",
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (channel != ch) {
              return;
            }
            if (msg instanceof BgpProtocolException e) {
              LOG.warn("peer {}: {}", peer.address().getHostAddress(), e.getMessage());
              run(fsm.decodeError(e));
            } else if (msg instanceof byte[] frame) {
              onFrame(frame);
            }
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("peer {}: {}", peer.address().getHostAddress(), cause.toString());
            ctx.close();
          }
        });
  }

  private void onFrame(byte[] frame) {
    BgpMessage m;
    try {
      m = BgpDecoder.decode(frame, fsm.decodeContext());
    } catch (BgpProtocolException e) {
      LOG.warn("peer {}: {}", peer.address().getHostAddress(), e.getMessage());
      run(fsm.decodeError(e));
      return;
    } catch (RuntimeException e) {
      LOG.warn("peer {}: undecodable message: {}", peer.address().getHostAddress(), e.toString());
      run(fsm.decodeError(new BgpProtocolException(1, 0, "undecodable message")));
      return;
    }
    if (m instanceof BgpMessage.Notification) {
      metrics.notificationsReceived.increment();
      LOG.info("peer {}: received {}", peer.address().getHostAddress(), m);
    }
    run(fsm.received(m));
  }

  private void run(List<FsmAction> actions) {
    boolean wrote = false;
    for (FsmAction a : actions) {
      if (a instanceof FsmAction.Send s) {
        wrote |= send(s.message());
      } else if (a instanceof FsmAction.Disconnect) {
        if (channel != null) {
          Channel c = channel;
          channel = null;
          c.flush();
          c.close();
        }
        if (pendingConnect != null) {
          pendingConnect.channel().close();
          pendingConnect = null;
        }
      } else if (a instanceof FsmAction.Connect) {
        connect();
      } else if (a instanceof FsmAction.Up up) {
        onUp(up.negotiated());
        wrote = true;
      } else if (a instanceof FsmAction.Down d) {
        onDown(d);
      } else if (a instanceof FsmAction.RoutesReceived r) {
        updatesReceived++;
        metrics.updatesReceived.increment();
        int n = r.update().nlri().size();
        if (r.update().attributes().mpReach() != null) {
          n += r.update().attributes().mpReach().nlri().size();
        }
        prefixesReceived += n;
        metrics.prefixesReceived.increment(n);
      } else if (a instanceof FsmAction.Refresh r) {
        for (IpPrefix p : rib.keySet()) {
          if (p.afi() == r.afi()) {
            advertised.remove(p);
            dirty.add(p);
          }
        }
        wrote |= flushDirty();
      }
    }
    if (wrote && channel != null) {
      channel.flush();
    }
  }

  private boolean send(BgpMessage m) {
    Channel c = channel;
    if (c == null) {
      return false;
    }
    Negotiated n = fsm.negotiated();
    boolean four = n != null && n.fourOctetAs();
    if (m instanceof BgpMessage.Notification note) {
      metrics.notificationsSent.increment();
      LOG.info("peer {}: sending {}", peer.address().getHostAddress(), note);
      c.writeAndFlush(Unpooled.wrappedBuffer(BgpEncoder.encode(m, four)));
      return false;
    }
    c.write(Unpooled.wrappedBuffer(BgpEncoder.encode(m, four)));
    return true;
  }

  private void connect() {
    if (pendingConnect != null || channel != null) {
      return;
    }
    ChannelFuture f = connector.connect(this);
    pendingConnect = f;
    f.addListener(
        x -> {
          if (pendingConnect != f) {
            if (f.isSuccess()) {
              f.channel().close();
            }
            return;
          }
          pendingConnect = null;
          if (f.isSuccess()) {
            adopt(f.channel());
          } else {
            run(fsm.connectionClosed("connect failed: " + f.cause()));
          }
        });
  }

  private void onUp(Negotiated n) {
    upSince = System.currentTimeMillis();
    lastPeerId = n.peerId();
    metrics.up.set(1);
    metrics.stateChanges.increment();
    LOG.info(
        "peer {}: session Established (hold {} s, families {}, 4-octet AS {}, peer GR {})",
        peer.address().getHostAddress(),
        n.holdTime(),
        n.families(),
        n.fourOctetAs(),
        n.peerGracefulRestart());
    listeners.forEach(l -> l.onSessionChange(peer.address(), true, "established"));
    advertised.clear();
    dirty.clear();
    dirty.addAll(rib.keySet());
    flushDirty();
    for (int afi : n.families()) {
      send(BgpMessage.Update.endOfRib(afi));
      updatesSent++;
      metrics.updatesSent.increment();
    }
  }

  private void onDown(FsmAction.Down d) {
    LOG.info("peer {}: session down: {}", peer.address().getHostAddress(), d.reason());
    if (d.wasEstablished()) {
      metrics.stateChanges.increment();
      listeners.forEach(l -> l.onSessionChange(peer.address(), false, d.reason()));
    }
    metrics.up.set(0);
    metrics.advertised.set(0);
    upSince = 0;
    advertised.clear();
    dirty.clear();
  }

  /** Sends what changed since the last flush. */
  public void flush() {
    if (flushDirty() && channel != null) {
      channel.flush();
    }
  }

  private boolean flushDirty() {
    if (dirty.isEmpty() || fsm.state() != BgpFsm.State.ESTABLISHED || channel == null) {
      return false;
    }
    Map<IpPrefix, RouteAttributes> announce = new LinkedHashMap<>();
    List<IpPrefix> withdraw = new ArrayList<>();
    for (IpPrefix p : dirty) {
      RouteAttributes want = rib.get(p);
      RouteAttributes had = advertised.get(p);
      if (want == null && had != null) {
        withdraw.add(p);
      } else if (want != null && !want.equals(had)) {
        announce.put(p, want);
      }
    }
    dirty.clear();
    Negotiated n = fsm.negotiated();
    InetAddress local =
        channel.localAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    UpdatePacker.Session s =
        new UpdatePacker.Session(
            localAs,
            n.ibgp(),
            n.fourOctetAs(),
            n.families(),
            peer.nextHopV4() != null ? peer.nextHopV4() : local,
            peer.nextHopV6() != null ? peer.nextHopV6() : local);
    Set<IpPrefix> skipped = new LinkedHashSet<>();
    List<BgpMessage.Update> updates = UpdatePacker.pack(announce, withdraw, s, skipped::add);
    for (BgpMessage.Update u : updates) {
      send(u);
    }
    updatesSent += updates.size();
    metrics.updatesSent.increment(updates.size());
    for (Map.Entry<IpPrefix, RouteAttributes> e : announce.entrySet()) {
      if (!skipped.contains(e.getKey())) {
        advertised.put(e.getKey(), e.getValue());
        metrics.prefixesSent.increment();
      }
    }
    for (IpPrefix p : withdraw) {
      if (n.families().contains(p.afi())) {
        advertised.remove(p);
        metrics.withdrawalsSent.increment();
      }
    }
    metrics.advertised.set(advertised.size());
    return !updates.isEmpty();
  }

  public PeerStatus status() {
    return new PeerStatus(
        peer.address(),
        peer.peerAs(),
        fsm.state().name(),
        upSince,
        fsm.lastError(),
        advertised.size(),
        updatesSent,
        updatesReceived,
        prefixesReceived,
        bfdState);
  }
}
