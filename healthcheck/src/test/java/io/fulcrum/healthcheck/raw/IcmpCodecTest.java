package io.fulcrum.healthcheck.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IcmpCodecTest {

  @Test
  void ipv4EchoRequestHasAValidChecksum() {
    byte[] req = IcmpCodec.echoRequest(true, 0x1234, 7, new byte[] {1, 2, 3});
    assertThat(req[0]).isEqualTo((byte) 8);
    assertThat(InetChecksum.compute(req, 0, req.length)).isZero();
    assertThat(req[4]).isEqualTo((byte) 0x12);
    assertThat(req[7]).isEqualTo((byte) 7);
  }

  @Test
  void ipv6EchoRequestLeavesTheChecksumToTheKernel() {
    byte[] req = IcmpCodec.echoRequest(false, 1, 2, new byte[4]);
    assertThat(req[0] & 0xff).isEqualTo(128);
    assertThat(req[2]).isZero();
    assertThat(req[3]).isZero();
  }

  @Test
  void parsesAnIpv4EchoReplyBehindItsIpHeader() {
    byte[] reply = IcmpCodec.echoRequest(true, 0xbeef, 0x0102, new byte[8]);
    reply[0] = 0; // echo reply
    reply[2] = 0;
    reply[3] = 0;
    int sum = InetChecksum.compute(reply, 0, reply.length);
    reply[2] = (byte) (sum >>> 8);
    reply[3] = (byte) sum;
    byte[] packet = new byte[20 + reply.length];
    packet[0] = 0x45;
    System.arraycopy(reply, 0, packet, 20, reply.length);
    IcmpCodec.Echo e = IcmpCodec.parseEchoReply(true, packet, packet.length);
    assertThat(e).isEqualTo(new IcmpCodec.Echo(0xbeef, 0x0102));
    packet[30] ^= 1; // corrupt payload: bad checksum
    assertThat(IcmpCodec.parseEchoReply(true, packet, packet.length)).isNull();
  }

  @Test
  void parsesAnIpv6EchoReplyAndIgnoresOtherTypes() {
    byte[] reply = IcmpCodec.echoRequest(false, 9, 10, new byte[0]);
    reply[0] = (byte) 129;
    assertThat(IcmpCodec.parseEchoReply(false, reply, reply.length))
        .isEqualTo(new IcmpCodec.Echo(9, 10));
    reply[0] = (byte) 135; // neighbour solicitation
    assertThat(IcmpCodec.parseEchoReply(false, reply, reply.length)).isNull();
    assertThat(IcmpCodec.parseEchoReply(false, reply, 4)).isNull();
  }

  @Test
  void sockaddrRoundTripsBothFamilies() throws Exception {
    for (String a : new String[] {"198.18.0.2", "2001:db8::2"}) {
      java.net.InetAddress addr = java.net.InetAddress.getByName(a);
      byte[] sa = SockAddr.encode(addr);
      byte[] buf = new byte[SockAddr.MAX_LEN];
      System.arraycopy(sa, 0, buf, 0, sa.length);
      assertThat(SockAddr.decode(buf)).isEqualTo(addr);
    }
  }
}
