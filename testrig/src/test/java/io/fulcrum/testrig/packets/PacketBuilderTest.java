package io.fulcrum.testrig.packets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketBuilderTest {
  @Test
  void crc32cMatchesTheRfc3720TestVector() {
    // RFC 3720 B.4: 32 bytes of zeros -> aa 36 91 8a on the wire. The helper zeroes bytes 8..11.
    byte[] zeros = new byte[32];
    assertThat(Checksums.sctpCrc32c(zeros, 0, 32)).isEqualTo(0x8a9136aa);
    Checksums.putSctpCrc(zeros, 0, 0x8a9136aa);
    assertThat(HexFormat.of().formatHex(zeros, 8, 12)).isEqualTo("aa36918a");
  }

  @Test
  void internetChecksumMatchesAKnownIpv4Header() {
    // the classic example header from Wikipedia's "IPv4 header checksum" article
    byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
    assertThat(Checksums.internet(h, 0, 20)).isEqualTo(0xb861);
  }

  @Test
  void everyBuiltPacketHasCorrectChecksums() {
    String v4a = "198.18.1.1";
    String v4b = "198.18.0.10";
    String v6a = "2001:db8::1";
    String v6b = "2001:db8::10";
    byte[][] packets = {
      PacketBuilder.ipv4(v4a, v4b).tcp(40000, 80).syn().build(),
      PacketBuilder.ipv4(v4a, v4b).udp(40000, 53).payload("hello").build(),
      PacketBuilder.ipv4(v4a, v4b).sctp(40000, 3868).build(),
      PacketBuilder.ipv4(v4a, v4b).echoRequest(7, 1).payload("ping").build(),
      PacketBuilder.ipv4(v4a, v4b).vlan(100).tcp(1, 2).payload("x").build(),
      PacketBuilder.ipv4(v4a, v4b).ipOptions(new byte[] {1, 1, 1, 0}).udp(5, 6).build(),
      PacketBuilder.ipv6(v6a, v6b).tcp(40000, 80).syn().build(),
      PacketBuilder.ipv6(v6a, v6b).udp(40000, 53).payload("hello").build(),
      PacketBuilder.ipv6(v6a, v6b).sctp(40000, 3868).sctpChunk(0, 5).payload("data").build(),
      PacketBuilder.ipv6(v6a, v6b).echoRequest(7, 1).build(),
      PacketBuilder.ipv6(v6a, v6b).hopByHop().udp(1, 2).build(),
    };
    for (byte[] p : packets) {
      PacketView v = PacketView.parse(p);
      assertThat(v.checksumErrors()).as(v.toString()).isEmpty();
    }
  }

  @Test
  void icmpErrorQuotesTheOriginalAndVerifiesTheQuotedHeader() {
    byte[] inner = PacketBuilder.ipv4("198.18.0.10", "198.18.1.1").tcp(80, 40000).buildIp();
    byte[] err =
        PacketBuilder.ipv4("198.18.9.9", "198.18.0.10").icmpError(3, 4, 1400, inner).build();
    PacketView v = PacketView.parse(err);
    assertThat(v.checksumErrors()).isEmpty();
    assertThat(v.quoted().dport).isEqualTo(40000);
  }

  @Test
  void brokenPacketsAreReportedByTheVerifier() {
    byte[] bad = PacketBuilder.ipv4("198.18.1.1", "198.18.0.10").tcp(1, 2).badL4Checksum().build();
    assertThat(PacketView.parse(bad).checksumErrors()).containsExactly("TCP checksum wrong");
    byte[] sctp =
        PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").sctp(1, 2).badL4Checksum().build();
    assertThat(PacketView.parse(sctp).checksumErrors()).containsExactly("SCTP CRC32c wrong");
    byte[] v4 = PacketBuilder.ipv4("198.18.1.1", "198.18.0.10").udp(1, 2).build();
    v4[14 + 8]--; // TTL changed without fixing the header checksum
    assertThat(PacketView.parse(v4).checksumErrors()).containsExactly("IPv4 header checksum wrong");
  }

  @Test
  void fragmentsAndLengthsAreEncoded() {
    byte[] f = PacketBuilder.ipv4("198.18.1.1", "198.18.0.10").fragment(true, 0).udp(1, 2).build();
    assertThat(f[14 + 6] & 0x20).isEqualTo(0x20);
    byte[] f6 =
        PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").fragment(false, 8).udp(1, 2).build();
    assertThat(f6[14 + 6]).isEqualTo((byte) 44);
    assertThat(PacketView.parse(f6).proto).isEqualTo(17);
    byte[] lie = PacketBuilder.ipv4("198.18.1.1", "198.18.0.10").ipLength(1000).udp(1, 2).build();
    assertThat(PacketView.parse(lie).checksumErrors().get(0)).contains("IP length 1000");
  }
}
