package io.fulcrum.healthcheck.raw;

import static io.fulcrum.healthcheck.raw.NetBytes.get16;
import static io.fulcrum.healthcheck.raw.NetBytes.get32;
import static io.fulcrum.healthcheck.raw.NetBytes.put16;
import static io.fulcrum.healthcheck.raw.NetBytes.put32;

/**
 * Builds the SYN of a half-open TCP check and parses the answers to it (RFC 9293), pure. The SYN
 * carries one option, MSS, as every real client's does (a few middleboxes drop option-less SYNs).
 * Answers are read from a raw socket: IPv4 packets start with the IP header, IPv6 ones with the TCP
 * header.
 */
public final class TcpSegment {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int ACK = 0x10;

  /** Length of the SYN: a 20-byte header and the 4-byte MSS option. */
  public static final int SYN_LENGTH = 24;

  private static final int MSS = 1460;
  private static final int WINDOW = 64240;

  /** The fields of a parsed segment, and the source address for IPv4 (null for IPv6). */
  public record Parsed(int srcPort, int dstPort, long seq, long ack, int flags, byte[] source4) {
    public boolean isSynAck() {
      return (flags & (SYN | ACK | RST)) == (SYN | ACK);
    }

    public boolean isRst() {
      return (flags & RST) != 0;
    }
  }

  private TcpSegment() {}

  /**
   * A SYN from {@code srcPort} to {@code dstPort} with initial sequence number {@code seq}. With
   * both IPv4 addresses given the checksum is filled in (RFC 9293 3.1, over the pseudo-header);
   * with null addresses it is left 0 for the kernel to fill (IPv6 raw sockets with {@code
   * IPV6_CHECKSUM}).
   */
  public static byte[] syn(int srcPort, int dstPort, long seq, byte[] src4, byte[] dst4) {
    byte[] s = new byte[SYN_LENGTH];
    put16(s, 0, srcPort);
    put16(s, 2, dstPort);
    put32(s, 4, seq);
    // ack 0; data offset 6 words (24 bytes), flags SYN
    s[12] = (byte) (6 << 4);
    s[13] = SYN;
    put16(s, 14, WINDOW);
    s[20] = 2; // kind MSS
    s[21] = 4;
    put16(s, 22, MSS);
    if (src4 != null && dst4 != null) {
      put16(s, 16, checksum4(s, src4, dst4));
    }
    return s;
  }

  /** The TCP checksum of a segment over the IPv4 pseudo-header (RFC 9293 3.1). */
  public static int checksum4(byte[] segment, byte[] src4, byte[] dst4) {
    byte[] p = new byte[12 + segment.length];
    System.arraycopy(src4, 0, p, 0, 4);
    System.arraycopy(dst4, 0, p, 4, 4);
    p[9] = 6; // protocol TCP
    put16(p, 10, segment.length);
    System.arraycopy(segment, 0, p, 12, segment.length);
    p[12 + 16] = 0;
    p[12 + 17] = 0;
    return InetChecksum.compute(p, 0, p.length);
  }

  /**
   * Parses a segment read from a raw socket, or returns null when it is not a whole TCP header
   * (truncated, not IPv4/TCP, or a later IPv4 fragment). The checksum is not verified: the kernel
   * already dropped segments with a bad one before handing copies to raw sockets.
   */
  public static Parsed parse(boolean ipv4, byte[] b, int length) {
    int off = 0;
    byte[] source = null;
    if (ipv4) {
      if (length < 20 || (b[0] & 0xf0) != 0x40 || (b[9] & 0xff) != 6) {
        return null;
      }
      int fragment = ((b[6] & 0x1f) << 8) | (b[7] & 0xff);
      if (fragment != 0) {
        return null;
      }
      off = (b[0] & 0x0f) * 4;
      source = new byte[] {b[12], b[13], b[14], b[15]};
    }
    if (off < (ipv4 ? 20 : 0) || length - off < 20) {
      return null;
    }
    return new Parsed(
        get16(b, off),
        get16(b, off + 2),
        get32(b, off + 4),
        get32(b, off + 8),
        b[off + 13] & 0x3f,
        source);
  }
}
