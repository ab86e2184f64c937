package io.fulcrum.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.bgp.PeerConfig;
import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.SessionListener;
import io.fulcrum.bgp.codec.Afi;
import io.fulcrum.bgp.codec.BgpDecoder;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.Capability;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.fsm.BgpFsm;
import io.fulcrum.bgp.fsm.SessionConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Netty adapter of one session, driven through an EmbeddedChannel. */
class PeerSessionTest {
  private final Map<IpPrefix, RouteAttributes> rib = new LinkedHashMap<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private PeerSession session;
  private EmbeddedChannel ch;

  @BeforeEach
  void setUp() throws Exception {
    PeerConfig peer =
        PeerConfig.of(InetAddress.getByName("198.18.1.1"), 65000)
            .withPassive(true)
            .withFamilies(List.of(1))
            .withNextHops(InetAddress.getByName("198.18.1.2"), null);
    SessionConfig sc =
        new SessionConfig(65001, 65000, 0xc6120002L, 9, 3, 5, 1, true, List.of(1), 120, false);
    List<SessionListener> listeners =
        List.of((p, up, why) -> events.add((up ? "UP " : "DOWN ") + why));
    session =
        new PeerSession(
            peer, sc, System::nanoTime, rib, s -> null, new ArrayList<>(listeners), registry);
    rib.put(IpPrefix.parse("198.19.0.1/32"), RouteAttributes.DEFAULT);
    session.start();
    ch = new EmbeddedChannel();
    session.accepted(ch);
  }

  private BgpMessage out() throws Exception {
    ByteBuf b = ch.readOutbound();
    assertThat(b).as("an outbound message").isNotNull();
    try {
      return BgpDecoder.decode(ByteBufUtil.getBytes(b), new BgpDecoder.Context(true, false));
    } finally {
      b.release();
    }
  }

  private void in(BgpMessage m) {
    ch.writeInbound(Unpooled.wrappedBuffer(BgpEncoder.encode(m, true)));
  }

  private void establish() throws Exception {
    assertThat(out()).isInstanceOf(BgpMessage.Open.class);
    in(
        new BgpMessage.Open(
            4,
            65000,
            90,
            0xc6120001L,
            List.of(new Capability.Multiprotocol(Afi.IPV4, 1), new Capability.FourOctetAs(65000))));
    assertThat(out()).isInstanceOf(BgpMessage.Keepalive.class);
    in(new BgpMessage.Keepalive());
    assertThat(session.state()).isEqualTo(BgpFsm.State.ESTABLISHED);
  }

  @Test
  void establishedSessionGetsTheRibThenEndOfRib() throws Exception {
    establish();
    BgpMessage.Update u = (BgpMessage.Update) out();
    assertThat(u.nlri()).containsExactly(IpPrefix.parse("198.19.0.1/32"));
    assertThat(u.attributes().nextHop().getHostAddress()).isEqualTo("198.18.1.2");
    assertThat(((BgpMessage.Update) out()).isEndOfRib()).isTrue();
    assertThat(events).containsExactly("UP established");
    assertThat(registry.get("fulcrum.bgp.session.up").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void ribChangesGoOutOnFlush() throws Exception {
    establish();
    out();
    out();
    rib.remove(IpPrefix.parse("198.19.0.1/32"));
    session.changed(IpPrefix.parse("198.19.0.1/32"));
    session.flush();
    BgpMessage.Update u = (BgpMessage.Update) out();
    assertThat(u.withdrawn()).containsExactly(IpPrefix.parse("198.19.0.1/32"));
    assertThat(registry.get("fulcrum.bgp.updates.sent").counter().count()).isEqualTo(3.0);
  }

  @Test
  void malformedMessageIsAnsweredWithItsNotificationAndTheConnectionCloses() throws Exception {
    establish();
    out();
    out();
    byte[] bad = BgpEncoder.encode(new BgpMessage.Keepalive(), true);
    bad[0] = 0;
    ch.writeInbound(Unpooled.wrappedBuffer(bad));
    assertThat(out()).isEqualTo(new BgpMessage.Notification(1, 1));
    assertThat(ch.isOpen()).isFalse();
    assertThat(events)
        .contains("DOWN sent NOTIFICATION: marker is not all ones (NOTIFICATION 1/1)");
    assertThat(session.state()).as("passive: listening again").isEqualTo(BgpFsm.State.ACTIVE);
  }

  @Test
  void messagesSplitAcrossReadsAreReassembled() throws Exception {
    assertThat(out()).isInstanceOf(BgpMessage.Open.class);
    byte[] open =
        BgpEncoder.encode(new BgpMessage.Open(4, 65000, 90, 0xc6120001L, List.of()), true);
    for (byte b : open) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(out()).isInstanceOf(BgpMessage.Keepalive.class);
    assertThat(session.state()).isEqualTo(BgpFsm.State.OPEN_CONFIRM);
  }

  @Test
  void removedPeerSendsCeaseAndTakesItsMetricsAlong() throws Exception {
    establish();
    out();
    out();
    session.remove();
    assertThat(out()).isEqualTo(new BgpMessage.Notification(6, 2));
    assertThat(registry.find("fulcrum.bgp.session.up").gauge()).isNull();
  }

  private void toOpenConfirm(EmbeddedChannel c, long peerId) throws Exception {
    ByteBuf open = c.readOutbound();
    open.release();
    c.writeInbound(
        Unpooled.wrappedBuffer(
            BgpEncoder.encode(
                new BgpMessage.Open(
                    4, 65000, 90, peerId, List.of(new Capability.Multiprotocol(Afi.IPV4, 1))),
                true)));
    ByteBuf keepalive = c.readOutbound();
    keepalive.release();
    assertThat(session.state()).isEqualTo(BgpFsm.State.OPEN_CONFIRM);
  }

  @Test
  void collisionWithAHigherPeerIdKeepsThePeersNewConnection() throws Exception {
    toOpenConfirm(ch, 0xc6120009L); // peer id above ours (0xc6120002)
    EmbeddedChannel second = new EmbeddedChannel();
    session.accepted(second);
    assertThat(out()).isEqualTo(new BgpMessage.Notification(6, 7));
    assertThat(ch.isOpen()).isFalse();
    assertThat(second.isOpen()).isTrue();
    ByteBuf open = second.readOutbound();
    assertThat(open).as("OPEN on the kept connection").isNotNull();
    open.release();
    assertThat(session.state()).isEqualTo(BgpFsm.State.OPEN_SENT);
  }

  @Test
  void collisionWithALowerPeerIdRefusesTheNewConnection() throws Exception {
    toOpenConfirm(ch, 0xc6120001L);
    EmbeddedChannel second = new EmbeddedChannel();
    session.accepted(second);
    assertThat(second.isOpen()).isFalse();
    assertThat(ch.isOpen()).isTrue();
    assertThat(session.state()).isEqualTo(BgpFsm.State.OPEN_CONFIRM);
  }
}
