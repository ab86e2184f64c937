package io.fulcrum.bgp.fsm;

import io.fulcrum.bgp.codec.Afi;
import io.fulcrum.bgp.codec.BgpDecoder;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpError;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.BgpProtocolException;
import io.fulcrum.bgp.codec.Capability;
import io.fulcrum.bgp.codec.PathAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The BGP finite state machine of one peer (RFC 4271 8), pure: events in, {@link FsmAction}s out.
 * Time comes from an injected nanosecond clock; the adapter calls {@link #tick()} often (every 100
 * ms is plenty) and the timers fire from there. Not thread-safe: drive it from one thread.
 */
public final class BgpFsm {
  /** RFC 4271 8.2.2 states. */
  public enum State {
    IDLE,
    CONNECT,
    ACTIVE,
    OPEN_SENT,
    OPEN_CONFIRM,
    ESTABLISHED
  }

  /** Hold time while waiting for the peer's OPEN (RFC 4271 suggests 4 minutes). */
  static final int LARGE_HOLD_TIME = 240;

  private final SessionConfig config;
  private final LongSupplier nanos;
  private State state = State.IDLE;
  private boolean started;
  private Negotiated negotiated;
  private long connectRetryDeadline = -1;
  private long holdDeadline = -1;
  private long keepaliveDeadline = -1;
  private long idleHoldDeadline = -1;
  private String lastError = "";

  public BgpFsm(SessionConfig config, LongSupplier nanos) {
    this.config = config;
    this.nanos = nanos;
  }

  public State state() {
    return state;
  }

  public SessionConfig config() {
    return config;
  }

  /** What was agreed in the OPEN exchange, or null before OpenConfirm. */
  public Negotiated negotiated() {
    return negotiated;
  }

  /** The last reason the session went down (empty when none). */
  public String lastError() {
    return lastError;
  }

  /** How the decoder must read this session's messages now. */
  public BgpDecoder.Context decodeContext() {
    return negotiated == null ? BgpDecoder.Context.INITIAL : negotiated.decodeContext();
  }

  /** ManualStart (or ManualStart_with_PassiveTcpEstablishment when configured passive). */
  public List<FsmAction> start() {
    started = true;
    List<FsmAction> out = new ArrayList<>();
    if (state == State.IDLE) {
      beginConnecting(out);
    }
    return out;
  }

  /**
   * ManualStop. With {@code notify}, a Cease/Administrative Shutdown NOTIFICATION is sent first;
   * without (graceful restart), the connection is only closed so the peer keeps our routes.
   */
  public List<FsmAction> stop(boolean notify) {
    started = false;
    List<FsmAction> out = new ArrayList<>();
    if (notify && connectionOpen()) {
      out.add(
          new FsmAction.Send(
              new BgpMessage.Notification(BgpError.CEASE, BgpError.CEASE_ADMIN_SHUTDOWN)));
    }
    toIdle(out, "stopped", false);
    idleHoldDeadline = -1;
    return out;
  }

  /**
   * A TCP connection to the peer is up (either direction): Tcp_CR_Acked / TcpConnectionConfirmed.
   */
  public List<FsmAction> connected() {
    List<FsmAction> out = new ArrayList<>();
    if (state != State.CONNECT && state != State.ACTIVE) {
      out.add(new FsmAction.Disconnect()); // not expecting a connection: refuse it
      return out;
    }
    connectRetryDeadline = -1;
    out.add(new FsmAction.Send(buildOpen()));
    holdDeadline = after(LARGE_HOLD_TIME);
    state = State.OPEN_SENT;
    return out;
  }

  /** The TCP connection failed or was closed by the peer. */
  public List<FsmAction> connectionClosed(String why) {
    List<FsmAction> out = new ArrayList<>();
    switch (state) {
      case CONNECT, ACTIVE -> {
        state = State.ACTIVE;
        connectRetryDeadline = after(config.connectRetryTime());
      }
      case IDLE -> {}
      default -> toIdle(out, "connection closed: " + why, false);
    }
    return out;
  }

  /** A message decoded from the peer. */
  public List<FsmAction> received(BgpMessage m) {
    List<FsmAction> out = new ArrayList<>();
    if (m instanceof BgpMessage.Notification n) {
      toIdle(out, "peer sent " + n, false);
      return out;
    }
    switch (state) {
      case OPEN_SENT -> {
        if (m instanceof BgpMessage.Open open) {
          onOpen(open, out);
        } else {
          fsmError(out, BgpError.FSM_OPEN_SENT, m);
        }
      }
      case OPEN_CONFIRM -> {
        if (m instanceof BgpMessage.Keepalive) {
          state = State.ESTABLISHED;
          restartHold();
          out.add(new FsmAction.Up(negotiated));
        } else {
          fsmError(out, BgpError.FSM_OPEN_CONFIRM, m);
        }
      }
      case ESTABLISHED -> {
        if (m instanceof BgpMessage.Keepalive) {
          restartHold();
        } else if (m instanceof BgpMessage.Update u) {
          restartHold();
          onUpdate(u, out);
        } else if (m instanceof BgpMessage.RouteRefresh r) {
          restartHold();
          if (negotiated.families().contains(r.afi()) && r.safi() == Afi.SAFI_UNICAST) {
            out.add(new FsmAction.Refresh(r.afi()));
          } // else: a family we did not negotiate: ignored (RFC 2918 4)
        } else {
          fsmError(out, BgpError.FSM_ESTABLISHED, m);
        }
      }
      default -> {
        // no connection in these states: nothing can arrive; treat as an FSM error
        fsmError(out, BgpError.FSM_UNSPECIFIED, m);
      }
    }
    return out;
  }

  /**
   * Connection collision (RFC 4271 6.8) resolved against the current connection: it is closed with
   * Cease/Connection Collision Resolution and the machine waits, in Active, for the other one. Only
   * valid in OpenSent or OpenConfirm.
   */
  public List<FsmAction> dropForCollision() {
    List<FsmAction> out = new ArrayList<>();
    if (state != State.OPEN_SENT && state != State.OPEN_CONFIRM) {
      throw new IllegalStateException("no collision to resolve in " + state);
    }
    out.add(
        new FsmAction.Send(new BgpMessage.Notification(BgpError.CEASE, BgpError.CEASE_COLLISION)));
    out.add(new FsmAction.Disconnect());
    lastError = "connection collision: kept the peer's connection";
    state = State.ACTIVE;
    negotiated = null;
    holdDeadline = -1;
    keepaliveDeadline = -1;
    connectRetryDeadline = after(config.connectRetryTime());
    return out;
  }

  /** A message from the peer could not be decoded: send the NOTIFICATION and reset. */
  public List<FsmAction> decodeError(BgpProtocolException e) {
    List<FsmAction> out = new ArrayList<>();
    if (connectionOpen()) {
      out.add(new FsmAction.Send(e.toNotification()));
    }
    toIdle(out, "sent NOTIFICATION: " + e.getMessage(), true);
    return out;
  }

  /** Fires the timers that are due. */
  public List<FsmAction> tick() {
    List<FsmAction> out = new ArrayList<>();
    long now = nanos.getAsLong();
    if (holdDeadline >= 0 && now - holdDeadline >= 0) {
      out.add(new FsmAction.Send(new BgpMessage.Notification(BgpError.HOLD_TIMER_EXPIRED, 0)));
      toIdle(out, "hold timer expired", true);
      return out;
    }
    if (keepaliveDeadline >= 0 && now - keepaliveDeadline >= 0) {
      out.add(new FsmAction.Send(new BgpMessage.Keepalive()));
      keepaliveDeadline = after(negotiated.keepaliveTime());
    }
    if (connectRetryDeadline >= 0 && now - connectRetryDeadline >= 0) {
      connectRetryDeadline = after(config.connectRetryTime());
      if (!config.passive()) {
        out.add(new FsmAction.Disconnect());
        out.add(new FsmAction.Connect());
        state = State.CONNECT;
      }
    }
    if (state == State.IDLE && started && idleHoldDeadline >= 0 && now - idleHoldDeadline >= 0) {
      idleHoldDeadline = -1;
      beginConnecting(out);
    }
    return out;
  }

  private void beginConnecting(List<FsmAction> out) {
    connectRetryDeadline = after(config.connectRetryTime());
    if (config.passive()) {
      state = State.ACTIVE;
    } else {
      state = State.CONNECT;
      out.add(new FsmAction.Connect());
    }
  }

  private boolean connectionOpen() {
    return state == State.OPEN_SENT || state == State.OPEN_CONFIRM || state == State.ESTABLISHED;
  }

  private void onOpen(BgpMessage.Open open, List<FsmAction> out) {
    long as = open.effectiveAs();
    if (as != config.peerAs()) {
      notifyAndReset(out, BgpError.OPEN, BgpError.OPEN_BAD_PEER_AS, "peer AS " + as);
      return;
    }
    if (open.bgpId() == config.localId() && config.ibgp()) {
      notifyAndReset(out, BgpError.OPEN, BgpError.OPEN_BAD_BGP_ID, "peer uses our BGP identifier");
      return;
    }
    int hold = Math.min(config.holdTime(), open.holdTime());
    int keepalive = hold == 0 ? 0 : Math.max(1, Math.min(config.keepaliveTime(), hold / 3));
    boolean four = open.capability(Capability.FourOctetAs.class) != null;
    List<Integer> fams = new ArrayList<>();
    for (int afi : config.families()) {
      boolean peerHas =
          open.hasMultiprotocol() ? open.supports(afi, Afi.SAFI_UNICAST) : afi == Afi.IPV4;
      if (peerHas) {
        fams.add(afi);
      }
    }
    negotiated =
        new Negotiated(
            hold,
            keepalive,
            four,
            config.ibgp(),
            open.bgpId(),
            fams,
            open.capability(Capability.GracefulRestart.class) != null,
            open.capability(Capability.RouteRefresh.class) != null);
    out.add(new FsmAction.Send(new BgpMessage.Keepalive()));
    state = State.OPEN_CONFIRM;
    restartHold();
    keepaliveDeadline = keepalive == 0 ? -1 : after(keepalive);
  }

  private void onUpdate(BgpMessage.Update u, List<FsmAction> out) {
    List<PathAttributes.AsPathSegment> path = u.attributes().asPath();
    boolean carriesRoutes = !u.nlri().isEmpty() || u.attributes().mpReach() != null;
    if (carriesRoutes && !config.ibgp() && path != null) {
      long first = path.isEmpty() || path.get(0).asns().isEmpty() ? -1 : path.get(0).asns().get(0);
      boolean asTrans = !negotiated.fourOctetAs() && first == BgpEncoder.AS_TRANS;
      if (first != config.peerAs() && !asTrans) {
        notifyAndReset(
            out,
            BgpError.UPDATE,
            BgpError.UPDATE_MALFORMED_AS_PATH,
            "leftmost AS " + first + " is not the peer's");
        return;
      }
    }
    out.add(new FsmAction.RoutesReceived(u));
  }

  private void fsmError(List<FsmAction> out, int subcode, BgpMessage m) {
    notifyAndReset(
        out, BgpError.FSM, subcode, "unexpected " + m.getClass().getSimpleName() + " in " + state);
  }

  private void notifyAndReset(List<FsmAction> out, int code, int subcode, String why) {
    if (connectionOpen()) {
      out.add(new FsmAction.Send(new BgpMessage.Notification(code, subcode)));
    }
    toIdle(out, why + " (sent " + BgpError.describe(code, subcode) + ")", true);
  }

  private void toIdle(List<FsmAction> out, String why, boolean error) {
    boolean wasEstablished = state == State.ESTABLISHED;
    boolean hadConnection = state != State.IDLE;
    if (hadConnection) {
      out.add(new FsmAction.Disconnect());
      out.add(new FsmAction.Down(why, wasEstablished));
    }
    lastError = why;
    state = State.IDLE;
    negotiated = null;
    holdDeadline = -1;
    keepaliveDeadline = -1;
    connectRetryDeadline = -1;
    if (started && config.passive()) {
      // a passive session never dials out, so it cannot oscillate: listen again at once
      state = State.ACTIVE;
    } else if (started) {
      idleHoldDeadline = after(error ? Math.max(1, config.idleHoldTime()) : config.idleHoldTime());
    }
  }

  private void restartHold() {
    holdDeadline =
        negotiated == null || negotiated.holdTime() == 0 ? -1 : after(negotiated.holdTime());
  }

  private long after(int seconds) {
    return nanos.getAsLong() + TimeUnit.SECONDS.toNanos(seconds);
  }

  /** Our OPEN: 2-octet AS field (AS_TRANS when needed) plus capabilities. */
  BgpMessage.Open buildOpen() {
    List<Capability> caps = new ArrayList<>();
    for (int afi : config.families()) {
      caps.add(new Capability.Multiprotocol(afi, Afi.SAFI_UNICAST));
    }
    caps.add(new Capability.RouteRefresh());
    caps.add(new Capability.FourOctetAs(config.localAs()));
    if (config.gracefulRestartTime() >= 0) {
      List<Capability.GracefulRestart.Family> fams = new ArrayList<>();
      for (int afi : config.families()) {
        fams.add(new Capability.GracefulRestart.Family(afi, Afi.SAFI_UNICAST, true));
      }
      caps.add(
          new Capability.GracefulRestart(
              config.restarting(), Math.min(4095, config.gracefulRestartTime()), fams));
    }
    int myAs = config.localAs() > 0xffff ? BgpEncoder.AS_TRANS : (int) config.localAs();
    return new BgpMessage.Open(4, myAs, config.holdTime(), config.localId(), caps);
  }
}
