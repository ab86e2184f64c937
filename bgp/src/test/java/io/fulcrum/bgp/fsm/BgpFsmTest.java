package io.fulcrum.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.bgp.codec.Afi;
import io.fulcrum.bgp.codec.BgpError;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.BgpProtocolException;
import io.fulcrum.bgp.codec.Capability;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.codec.PathAttributes;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BgpFsmTest {
  private long now = 1_000_000_000L;
  private BgpFsm fsm;

  private static SessionConfig config(long localAs, long peerAs, boolean passive) {
    return new SessionConfig(
        localAs, peerAs, 0xc6120001L, 9, 3, 5, 1, passive, List.of(1, 2), 120, false);
  }

  private static BgpMessage.Open peerOpen(long as, int hold) {
    return new BgpMessage.Open(
        4,
        as > 0xffff ? 23456 : (int) as,
        hold,
        0xc6120002L,
        List.of(
            new Capability.Multiprotocol(Afi.IPV4, 1),
            new Capability.FourOctetAs(as),
            new Capability.GracefulRestart(false, 90, List.of())));
  }

  private void advance(int seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
  }

  @BeforeEach
  void setUp() {
    fsm = new BgpFsm(config(4200000001L, 65000, false), () -> now);
  }

  private void establish() {
    fsm.start();
    fsm.connected();
    fsm.received(peerOpen(65000, 90));
    fsm.received(new BgpMessage.Keepalive());
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.ESTABLISHED);
  }

  @Test
  void activeStartConnectsAndPassiveStartWaits() {
    assertThat(fsm.start()).containsExactly(new FsmAction.Connect());
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.CONNECT);
    BgpFsm passive = new BgpFsm(config(65001, 65000, true), () -> now);
    assertThat(passive.start()).isEmpty();
    assertThat(passive.state()).isEqualTo(BgpFsm.State.ACTIVE);
  }

  @Test
  void openCarriesAsTransAndTheFourOctetCapability() {
    fsm.start();
    List<FsmAction> a = fsm.connected();
    BgpMessage.Open open = (BgpMessage.Open) ((FsmAction.Send) a.get(0)).message();
    assertThat(open.myAs()).isEqualTo(23456);
    assertThat(open.effectiveAs()).isEqualTo(4200000001L);
    assertThat(open.supports(Afi.IPV6, 1)).isTrue();
    assertThat(open.capability(Capability.GracefulRestart.class).restartTime()).isEqualTo(120);
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.OPEN_SENT);
  }

  @Test
  void openThenKeepaliveEstablishesWithNegotiatedTimersAndFamilies() {
    fsm.start();
    fsm.connected();
    assertThat(fsm.received(peerOpen(65000, 90)))
        .containsExactly(new FsmAction.Send(new BgpMessage.Keepalive()));
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.OPEN_CONFIRM);
    List<FsmAction> up = fsm.received(new BgpMessage.Keepalive());
    Negotiated n = ((FsmAction.Up) up.get(0)).negotiated();
    assertThat(n.holdTime()).isEqualTo(9);
    assertThat(n.keepaliveTime()).isEqualTo(3);
    assertThat(n.fourOctetAs()).isTrue();
    assertThat(n.families()).containsExactly(1);
    assertThat(n.peerGracefulRestart()).isTrue();
  }

  @Test
  void wrongPeerAsIsRefusedWithBadPeerAs() {
    fsm.start();
    fsm.connected();
    List<FsmAction> a = fsm.received(peerOpen(65999, 90));
    assertThat(a.get(0))
        .isEqualTo(new FsmAction.Send(new BgpMessage.Notification(2, BgpError.OPEN_BAD_PEER_AS)));
    assertThat(a).contains(new FsmAction.Disconnect());
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.IDLE);
  }

  @Test
  void keepalivesGoOutAtTheNegotiatedInterval() {
    establish();
    advance(2);
    assertThat(fsm.tick()).isEmpty();
    advance(1);
    assertThat(fsm.tick()).containsExactly(new FsmAction.Send(new BgpMessage.Keepalive()));
  }

  @Test
  void silentPeerExpiresTheHoldTimerAndTheSessionRestartsAfterIdleHold() {
    establish();
    advance(6);
    fsm.received(new BgpMessage.Keepalive());
    advance(8);
    fsm.tick();
    advance(1);
    List<FsmAction> a = fsm.tick();
    assertThat(a.get(0))
        .isEqualTo(new FsmAction.Send(new BgpMessage.Notification(BgpError.HOLD_TIMER_EXPIRED, 0)));
    assertThat(a).contains(new FsmAction.Down("hold timer expired", true));
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.IDLE);
    advance(1);
    assertThat(fsm.tick()).containsExactly(new FsmAction.Connect());
  }

  @Test
  void failedConnectRetriesAfterTheConnectRetryTime() {
    fsm.start();
    fsm.connectionClosed("refused");
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.ACTIVE);
    advance(4);
    assertThat(fsm.tick()).isEmpty();
    advance(1);
    assertThat(fsm.tick()).contains(new FsmAction.Connect());
  }

  @Test
  void updateBeforeEstablishedIsAnFsmError() {
    fsm.start();
    fsm.connected();
    List<FsmAction> a = fsm.received(BgpMessage.Update.endOfRib(1));
    assertThat(a.get(0))
        .isEqualTo(
            new FsmAction.Send(new BgpMessage.Notification(BgpError.FSM, BgpError.FSM_OPEN_SENT)));
    fsm.start();
  }

  @Test
  void openInEstablishedIsAnFsmError() {
    establish();
    List<FsmAction> a = fsm.received(peerOpen(65000, 90));
    assertThat(a.get(0))
        .isEqualTo(
            new FsmAction.Send(
                new BgpMessage.Notification(BgpError.FSM, BgpError.FSM_ESTABLISHED)));
  }

  @Test
  void decodeErrorSendsItsNotificationAndGoesIdle() {
    establish();
    List<FsmAction> a = fsm.decodeError(new BgpProtocolException(3, 6, new byte[] {1}, "x"));
    assertThat(a.get(0))
        .isEqualTo(new FsmAction.Send(new BgpMessage.Notification(3, 6, new byte[] {1})));
    assertThat(a).contains(new FsmAction.Disconnect());
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.IDLE);
  }

  @Test
  void peerNotificationDropsTheSessionWithoutAnswering() {
    establish();
    List<FsmAction> a = fsm.received(new BgpMessage.Notification(6, 2));
    assertThat(a).noneMatch(x -> x instanceof FsmAction.Send);
    assertThat(a).contains(new FsmAction.Disconnect());
  }

  @Test
  void externalUpdateWhoseLeftmostAsIsNotThePeersIsMalformedAsPath() throws Exception {
    establish();
    PathAttributes attrs =
        PathAttributes.builder()
            .origin(PathAttributes.Origin.IGP)
            .asPath(List.of(PathAttributes.AsPathSegment.sequence(65123L)))
            .nextHop(InetAddress.getByName("198.18.0.2"))
            .build();
    List<FsmAction> a =
        fsm.received(
            new BgpMessage.Update(List.of(), attrs, List.of(IpPrefix.parse("198.18.50.0/24"))));
    assertThat(a.get(0)).isEqualTo(new FsmAction.Send(new BgpMessage.Notification(3, 11)));
  }

  @Test
  void routeRefreshForANegotiatedFamilyAsksForARefresh() {
    establish();
    assertThat(fsm.received(new BgpMessage.RouteRefresh(1, 0, 1)))
        .containsExactly(new FsmAction.Refresh(1));
    assertThat(fsm.received(new BgpMessage.RouteRefresh(2, 0, 1))).isEmpty();
  }

  @Test
  void stopSendsCeaseButGracefulStopOnlyCloses() {
    establish();
    assertThat(fsm.stop(true).get(0))
        .isEqualTo(new FsmAction.Send(new BgpMessage.Notification(6, 2)));
    establish();
    List<FsmAction> graceful = fsm.stop(false);
    assertThat(graceful).noneMatch(x -> x instanceof FsmAction.Send);
    assertThat(graceful).contains(new FsmAction.Disconnect());
    advance(10);
    assertThat(fsm.tick()).isEmpty();
  }

  @Test
  void holdTimeZeroMeansNoKeepalivesAndNoHoldTimer() {
    fsm.start();
    fsm.connected();
    fsm.received(peerOpen(65000, 0));
    fsm.received(new BgpMessage.Keepalive());
    advance(1000);
    assertThat(fsm.tick()).isEmpty();
    assertThat(fsm.state()).isEqualTo(BgpFsm.State.ESTABLISHED);
  }

  @Test
  void passiveSessionListensAgainRightAfterAReset() {
    BgpFsm passive = new BgpFsm(config(65001, 65000, true), () -> now);
    passive.start();
    passive.connected();
    passive.decodeError(new BgpProtocolException(1, 1, "x"));
    assertThat(passive.state()).isEqualTo(BgpFsm.State.ACTIVE);
    assertThat(passive.connected().get(0)).isInstanceOf(FsmAction.Send.class);
  }
}
