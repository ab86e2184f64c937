package io.fulcrum.election.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class L2FramesTest {
  private static final byte[] MAC = L2Frames.parseMac("02:00:5e:10:00:01");

  @Test
  void gratuitousArpIsABroadcastRequestWithSenderAndTargetTheVip() throws Exception {
    Inet4Address vip = (Inet4Address) InetAddress.getByName("198.18.0.100");
    byte[] f = L2Frames.gratuitousArp(MAC, vip);
    assertThat(f).hasSize(60);
    assertThat(Arrays.copyOfRange(f, 0, 6)).containsOnly((byte) 0xff);
    assertThat(Arrays.copyOfRange(f, 6, 12)).isEqualTo(MAC);
    assertThat(f[12] & 0xff).isEqualTo(0x08);
    assertThat(f[13] & 0xff).isEqualTo(0x06);
    assertThat(f[20] * 256 + f[21]).isEqualTo(1); // request
    assertThat(Arrays.copyOfRange(f, 22, 28)).isEqualTo(MAC); // sender MAC
    assertThat(Arrays.copyOfRange(f, 28, 32)).isEqualTo(vip.getAddress()); // sender IP
    assertThat(Arrays.copyOfRange(f, 32, 38)).containsOnly((byte) 0); // target MAC
    assertThat(Arrays.copyOfRange(f, 38, 42)).isEqualTo(vip.getAddress()); // target IP
    assertThat(Arrays.copyOfRange(f, 42, 60)).containsOnly((byte) 0); // padding
  }

  @Test
  void arpRequestAsksForTheTargetFromTheSender() throws Exception {
    byte[] f =
        L2Frames.arpRequest(
            MAC,
            (Inet4Address) InetAddress.getByName("198.18.0.250"),
            (Inet4Address) InetAddress.getByName("198.18.0.100"));
    assertThat(Arrays.copyOfRange(f, 28, 32)).containsExactly(198, 18, 0, 250);
    assertThat(Arrays.copyOfRange(f, 38, 42)).containsExactly(198, 18, 0, 100);
  }

  @Test
  void unsolicitedNeighbourAdvertHasOverrideFlagHopLimitAndValidChecksum() throws Exception {
    Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:db8::100");
    byte[] f = L2Frames.unsolicitedNeighbourAdvert(MAC, vip);
    assertThat(f).hasSize(14 + 40 + 32);
    assertThat(Arrays.copyOfRange(f, 0, 6)).containsExactly(0x33, 0x33, 0, 0, 0, 1);
    assertThat(f[12] & 0xff).isEqualTo(0x86);
    assertThat(f[13] & 0xff).isEqualTo(0xdd);
    assertThat(f[14 + 6]).isEqualTo((byte) 58); // next header
    assertThat(f[14 + 7] & 0xff).isEqualTo(255); // hop limit
    assertThat(Arrays.copyOfRange(f, 22, 38)).isEqualTo(vip.getAddress()); // source = VIP
    byte[] icmp = Arrays.copyOfRange(f, 54, f.length);
    assertThat(icmp[0] & 0xff).isEqualTo(136);
    assertThat(icmp[4] & 0xff).isEqualTo(0x20); // Override, not Solicited, not Router
    assertThat(Arrays.copyOfRange(icmp, 8, 24)).isEqualTo(vip.getAddress());
    assertThat(icmp[24]).isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(icmp, 26, 32)).isEqualTo(MAC);
    // a correct checksum makes the sum over pseudo-header and message zero
    assertThat(L2Frames.icmpv6Checksum(vip.getAddress(), Arrays.copyOfRange(f, 38, 54), icmp))
        .isZero();
  }

  @Test
  void checksumMatchesAKnownValue() {
    // all-zero message of 8 bytes from :: to :: : ~(8 + 58) = 0xffbd
    assertThat(L2Frames.icmpv6Checksum(new byte[16], new byte[16], new byte[8])).isEqualTo(0xffbd);
  }

  @Test
  void badMacIsAClearError() {
    assertThatThrownBy(() -> L2Frames.parseMac("02:00"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void announcerSendsTheWholeBurst() throws Exception {
    java.util.List<byte[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (GratuitousAnnouncer a = new GratuitousAnnouncer(MAC, sent::add, 3, 5, null)) {
      a.announce("198.18.0.100");
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> sent.size() == 3);
      assertThat(sent.get(0)).isEqualTo(a.frameFor("198.18.0.100"));
      a.announce("2001:db8::100");
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> sent.size() == 6);
      assertThat(sent.get(5)[12] & 0xff).isEqualTo(0x86);
    }
  }
}
