package io.fulcrum.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BfdSessionTest {
  private long now = 5_000_000_000L;
  private BfdSession session;

  @BeforeEach
  void setUp() {
    session = new BfdSession(0x1234, 300, 300, 3, () -> now, new Random(1));
  }

  private void advanceMillis(long ms) {
    now += TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private static BfdPacket from(BfdState state, long yourDisc, boolean poll, boolean fin) {
    return new BfdPacket(0, state, poll, fin, 3, 0x9999, yourDisc, 300_000, 300_000, 0);
  }

  @Test
  void packetSurvivesTheWire() {
    BfdPacket p = new BfdPacket(3, BfdState.UP, true, false, 3, 7, 9, 300_000, 250_000, 0);
    assertThat(BfdPacket.decode(p.encode())).isEqualTo(p);
  }

  @Test
  void malformedPacketsAreDiscarded() {
    byte[] good = from(BfdState.DOWN, 0, false, false).encode();
    byte[] badVersion = good.clone();
    badVersion[0] = (byte) (2 << 5);
    byte[] zeroMult = good.clone();
    zeroMult[2] = 0;
    byte[] withAuth = good.clone();
    withAuth[1] |= 0x04;
    byte[] zeroMyDisc = good.clone();
    zeroMyDisc[4] = zeroMyDisc[5] = zeroMyDisc[6] = zeroMyDisc[7] = 0;
    byte[] upWithoutYourDisc = from(BfdState.UP, 0, false, false).encode();
    for (byte[] b :
        new byte[][] {
          badVersion, zeroMult, withAuth, zeroMyDisc, upWithoutYourDisc, new byte[10]
        }) {
      assertThat(BfdPacket.decode(b)).isNull();
    }
  }

  @Test
  void threeWayHandshakeBringsTheSessionUp() {
    session.receive(from(BfdState.DOWN, 0, false, false));
    assertThat(session.state()).isEqualTo(BfdState.INIT);
    session.receive(from(BfdState.UP, 0x1234, false, false));
    assertThat(session.state()).isEqualTo(BfdState.UP);
  }

  @Test
  void transmitsSlowlyUntilUpThenAtTheNegotiatedRateWithAPoll() {
    assertThat(session.poll()).isNotNull();
    advanceMillis(700);
    assertThat(session.poll()).as("not before 75% of one second").isNull();
    session.receive(from(BfdState.INIT, 0x1234, false, false));
    assertThat(session.state()).isEqualTo(BfdState.UP);
    BfdPacket p = session.poll();
    assertThat(p.poll()).as("Poll announces the faster rate").isTrue();
    assertThat(p.desiredMinTx()).isEqualTo(300_000);
    assertThat(p.yourDiscriminator()).isEqualTo(0x9999);
    session.receive(from(BfdState.UP, 0x1234, false, true));
    advanceMillis(300);
    BfdPacket next = session.poll();
    assertThat(next).isNotNull();
    assertThat(next.poll()).as("poll sequence over").isFalse();
  }

  @Test
  void pollIsAnsweredWithFinal() {
    BfdPacket answer = session.receive(from(BfdState.DOWN, 0, true, false));
    assertThat(answer.fin()).isTrue();
    assertThat(answer.poll()).isFalse();
  }

  @Test
  void silenceForTheDetectionTimeTakesTheSessionDown() {
    session.receive(from(BfdState.INIT, 0x1234, false, false));
    assertThat(session.state()).isEqualTo(BfdState.UP);
    advanceMillis(899);
    session.poll();
    assertThat(session.state()).isEqualTo(BfdState.UP);
    advanceMillis(2);
    session.poll();
    assertThat(session.state()).isEqualTo(BfdState.DOWN);
    assertThat(session.diag()).as("control detection time expired").isEqualTo(1);
  }

  @Test
  void peerSignallingDownOrAdminDownTakesTheSessionDown() {
    session.receive(from(BfdState.INIT, 0x1234, false, false));
    session.receive(from(BfdState.DOWN, 0x1234, false, false));
    assertThat(session.state()).isEqualTo(BfdState.DOWN);
    assertThat(session.diag()).isEqualTo(3);
    session.receive(from(BfdState.INIT, 0x1234, false, false));
    session.receive(from(BfdState.ADMIN_DOWN, 0x1234, false, false));
    assertThat(session.state()).isEqualTo(BfdState.DOWN);
  }

  @Test
  void packetsForAnotherDiscriminatorAreIgnored() {
    session.receive(from(BfdState.INIT, 0x7777, false, false));
    assertThat(session.state()).isEqualTo(BfdState.DOWN);
  }
}
