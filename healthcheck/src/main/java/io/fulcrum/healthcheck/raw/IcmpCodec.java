package io.fulcrum.healthcheck.raw;

/**
 * Builds ICMP / ICMPv6 echo requests and parses echo replies (pure). IPv4 packets read from a raw
 * socket start with the IP header; IPv6 ones do not. ICMPv6 checksums are filled in by the kernel
 * (it always does so on raw ICMPv6 sockets); ICMPv4 checksums are computed here.
 */
public final class IcmpCodec {
  public static final int ECHO_REQUEST_V4 = 8;
  public static final int ECHO_REPLY_V4 = 0;
  public static final int ECHO_REQUEST_V6 = 128;
  public static final int ECHO_REPLY_V6 = 129;

  /** An echo reply: identifier and sequence number. */
  public record Echo(int identifier, int sequence) {}

  private IcmpCodec() {}

  /** An echo request (ICMP header and payload, no IP header). */
  public static byte[] echoRequest(boolean ipv4, int identifier, int sequence, byte[] payload) {
    byte[] p = new byte[8 + payload.length];
    p[0] = (byte) (ipv4 ? ECHO_REQUEST_V4 : ECHO_REQUEST_V6);
    p[4] = (byte) (identifier >>> 8);
    p[5] = (byte) identifier;
    p[6] = (byte) (sequence >>> 8);
    p[7] = (byte) sequence;
    System.arraycopy(payload, 0, p, 8, payload.length);
    if (ipv4) {
      int sum = InetChecksum.compute(p, 0, p.length);
      p[2] = (byte) (sum >>> 8);
      p[3] = (byte) sum;
    }
    return p;
  }

  /**
   * Parses an echo reply as read from a raw socket, or returns null when the packet is anything
   * else (other ICMP types, truncated, bad IPv4 checksum).
   */
  public static Echo parseEchoReply(boolean ipv4, byte[] packet, int length) {
    int off = 0;
    if (ipv4) {
      if (length < 20 || (packet[0] & 0xf0) != 0x40) {
        return null;
      }
      off = (packet[0] & 0x0f) * 4;
    }
    if (length - off < 8) {
      return null;
    }
    int type = packet[off] & 0xff;
    if (type != (ipv4 ? ECHO_REPLY_V4 : ECHO_REPLY_V6) || packet[off + 1] != 0) {
      return null;
    }
    if (ipv4 && InetChecksum.compute(packet, off, length - off) != 0) {
      return null;
    }
    int id = (packet[off + 4] & 0xff) << 8 | (packet[off + 5] & 0xff);
    int seq = (packet[off + 6] & 0xff) << 8 | (packet[off + 7] & 0xff);
    return new Echo(id, seq);
  }
}
