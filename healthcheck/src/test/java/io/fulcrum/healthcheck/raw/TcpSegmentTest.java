package io.fulcrum.healthcheck.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpSegmentTest {
  private static final byte[] SRC = {(byte) 198, 18, 100, 1};
  private static final byte[] DST = {(byte) 198, 18, 100, 2};

  @Test
  void synCarriesPortsSequenceFlagsAndMss() {
    byte[] s = TcpSegment.syn(40001, 8080, 0xfedcba98L, SRC, DST);
    assertThat(s).hasSize(TcpSegment.SYN_LENGTH);
    TcpSegment.Parsed p = TcpSegment.parse(false, s, s.length);
    assertThat(p.srcPort()).isEqualTo(40001);
    assertThat(p.dstPort()).isEqualTo(8080);
    assertThat(p.seq()).isEqualTo(0xfedcba98L);
    assertThat(p.ack()).isZero();
    assertThat(p.flags()).isEqualTo(TcpSegment.SYN);
    assertThat(s[12] & 0xff).as("data offset: 6 words").isEqualTo(0x60);
    assertThat(new byte[] {s[20], s[21], s[22], s[23]})
        .as("MSS option 1460")
        .containsExactly(2, 4, 0x05, (byte) 0xb4);
  }

  @Test
  void ipv4ChecksumVerifiesOverThePseudoHeader() {
    byte[] s = TcpSegment.syn(40001, 8080, 12345, SRC, DST);
    byte[] pseudo = new byte[12 + s.length];
    System.arraycopy(SRC, 0, pseudo, 0, 4);
    System.arraycopy(DST, 0, pseudo, 4, 4);
    pseudo[9] = 6;
    pseudo[11] = (byte) s.length;
    System.arraycopy(s, 0, pseudo, 12, s.length);
    assertThat(InetChecksum.compute(pseudo, 0, pseudo.length))
        .as("a correct checksum sums to zero")
        .isZero();
    // another source address gives another checksum: the pseudo-header counts
    byte[] other = TcpSegment.syn(40001, 8080, 12345, new byte[] {(byte) 198, 18, 100, 9}, DST);
    assertThat(other[16] << 8 | other[17] & 0xff).isNotEqualTo(s[16] << 8 | s[17] & 0xff);
  }

  @Test
  void ipv6SynLeavesTheChecksumToTheKernel() {
    byte[] s = TcpSegment.syn(40001, 8080, 12345, null, null);
    assertThat(s[16]).isZero();
    assertThat(s[17]).isZero();
  }

  @Test
  void synAckAndResetParseBehindAnIpv4HeaderWithOptions() {
    byte[] answer = segment(8080, 40001, 777, 12346, TcpSegment.SYN | TcpSegment.ACK);
    byte[] packet = ipv4(answer, 24);
    TcpSegment.Parsed p = TcpSegment.parse(true, packet, packet.length);
    assertThat(p.isSynAck()).isTrue();
    assertThat(p.isRst()).isFalse();
    assertThat(p.ack()).isEqualTo(12346);
    assertThat(p.source4()).containsExactly(DST);
    byte[] reset = segment(8080, 40001, 0, 12346, TcpSegment.RST | TcpSegment.ACK);
    TcpSegment.Parsed r = TcpSegment.parse(false, reset, reset.length);
    assertThat(r.isRst()).isTrue();
    assertThat(r.isSynAck()).isFalse();
    assertThat(r.source4()).isNull();
  }

  @Test
  void truncatedFragmentedOrForeignPacketsAreIgnored() {
    byte[] answer = segment(8080, 40001, 777, 12346, TcpSegment.SYN | TcpSegment.ACK);
    byte[] packet = ipv4(answer, 20);
    assertThat(TcpSegment.parse(true, packet, 39)).isNull();
    assertThat(TcpSegment.parse(false, answer, 19)).isNull();
    byte[] fragment = packet.clone();
    fragment[7] = 1; // offset 8 bytes: a later fragment
    assertThat(TcpSegment.parse(true, fragment, fragment.length)).isNull();
    byte[] udp = packet.clone();
    udp[9] = 17;
    assertThat(TcpSegment.parse(true, udp, udp.length)).isNull();
    byte[] badIhl = packet.clone();
    badIhl[0] = 0x44; // a 16-byte IPv4 header cannot be
    assertThat(TcpSegment.parse(true, badIhl, badIhl.length)).isNull();
  }

  /** A 20-byte TCP header (test packet builder). */
  static byte[] segment(int src, int dst, long seq, long ack, int flags) {
    byte[] s = new byte[20];
    s[0] = (byte) (src >>> 8);
    s[1] = (byte) src;
    s[2] = (byte) (dst >>> 8);
    s[3] = (byte) dst;
    for (int i = 0; i < 4; i++) {
      s[4 + i] = (byte) (seq >>> (24 - 8 * i));
      s[8 + i] = (byte) (ack >>> (24 - 8 * i));
    }
    s[12] = 0x50;
    s[13] = (byte) flags;
    return s;
  }

  /** The segment behind an IPv4 header of {@code headerLength} bytes from DST to SRC. */
  static byte[] ipv4(byte[] segment, int headerLength) {
    byte[] p = new byte[headerLength + segment.length];
    p[0] = (byte) (0x40 | headerLength / 4);
    p[9] = 6;
    System.arraycopy(DST, 0, p, 12, 4);
    System.arraycopy(SRC, 0, p, 16, 4);
    System.arraycopy(segment, 0, p, headerLength, segment.length);
    return p;
  }
}
