package io.fulcrum.healthcheck.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SctpCodecTest {

  @Test
  void crc32cIsStoredLeastSignificantByteFirst() {
    // RFC 3720 B.4: 32 bytes of zeros have CRC32c bytes aa 36 91 8a (the order SCTP uses too)
    CRC32C crc = new CRC32C();
    crc.update(new byte[32]);
    assertThat(crc.getValue()).isEqualTo(0x8a9136aaL);
    byte[] p = new byte[32];
    SctpCodec.checksum(p);
    // checksum() zeroes bytes 8-11 first, so compute the expected over the same zero packet
    assertThat(new byte[] {p[8], p[9], p[10], p[11]})
        .containsExactly((byte) 0xaa, (byte) 0x36, (byte) 0x91, (byte) 0x8a);
  }

  @Test
  void initRoundTrips() {
    byte[] init = SctpCodec.init(40000, 3868, 0xdeadbeefL, 12345);
    assertThat(init).hasSize(32);
    SctpCodec.Packet p = SctpCodec.parse(false, init, init.length);
    assertThat(p).isNotNull();
    assertThat(p.srcPort()).isEqualTo(40000);
    assertThat(p.dstPort()).isEqualTo(3868);
    assertThat(p.verificationTag()).isZero();
    assertThat(p.chunkType()).isEqualTo(SctpCodec.CHUNK_INIT);
    assertThat(p.initiateTag()).isEqualTo(0xdeadbeefL);
  }

  @Test
  void initAckCarriesThePeersTagAndACookie() {
    byte[] ack = SctpCodec.initAck(3868, 40000, 0xdeadbeefL, 0x01020304L, new byte[] {1, 2, 3});
    assertThat(ack.length % 4).isZero();
    SctpCodec.Packet p = SctpCodec.parse(false, ack, ack.length);
    assertThat(p.verificationTag()).isEqualTo(0xdeadbeefL);
    assertThat(p.chunkType()).isEqualTo(SctpCodec.CHUNK_INIT_ACK);
    assertThat(p.initiateTag()).isEqualTo(0x01020304L);
    // chunk length counts the cookie parameter without padding: 20 + 4 + 3
    assertThat((ack[14] & 0xff) << 8 | (ack[15] & 0xff)).isEqualTo(27);
  }

  @Test
  void abortParsesBehindAnIpv4Header() {
    byte[] abort = SctpCodec.abort(3868, 40000, 0xcafef00dL);
    byte[] withIp = new byte[24 + abort.length];
    withIp[0] = 0x46; // IPv4, 24-byte header (with options)
    System.arraycopy(abort, 0, withIp, 24, abort.length);
    SctpCodec.Packet p = SctpCodec.parse(true, withIp, withIp.length);
    assertThat(p.chunkType()).isEqualTo(SctpCodec.CHUNK_ABORT);
    assertThat(p.verificationTag()).isEqualTo(0xcafef00dL);
  }

  @Test
  void corruptOrTruncatedPacketsAreIgnored() {
    byte[] init = SctpCodec.init(40000, 3868, 7, 9);
    init[20] ^= 1;
    assertThat(SctpCodec.parse(false, init, init.length)).isNull();
    assertThat(SctpCodec.parse(false, init, 10)).isNull();
    assertThat(SctpCodec.parse(true, new byte[40], 40)).isNull(); // not IPv4
  }
}
