package io.fulcrum.testrig.packets;

import java.util.zip.CRC32C;

/**
 * Checksums computed from scratch over whole headers, independent of the data plane's incremental
 * updates: the Internet checksum (RFC 1071) with the IPv4 / IPv6 pseudo headers, and CRC32c for
 * SCTP (RFC 4960 appendix B, as java.util.zip.CRC32C).
 */
public final class Checksums {
  private Checksums() {}

  /** Ones'-complement sum of 16-bit words (not folded, not inverted). */
  public static long sum(byte[] b, int off, int len) {
    long s = 0;
    int i = 0;
    for (; i + 1 < len; i += 2) {
      s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
    }
    if (i < len) {
      s += (b[off + i] & 0xff) << 8;
    }
    return s;
  }

  /** Folds and inverts a sum into a 16-bit checksum. */
  public static int fold(long s) {
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) (~s & 0xffff);
  }

  /** The Internet checksum of a byte range. */
  public static int internet(byte[] b, int off, int len) {
    return fold(sum(b, off, len));
  }

  /** Pseudo-header sum: addresses (4 or 16 bytes each), protocol and L4 length. */
  public static long pseudo(byte[] src, byte[] dst, int proto, int l4len) {
    return sum(src, 0, src.length)
        + sum(dst, 0, dst.length)
        + proto
        + (l4len & 0xffff)
        + (l4len >>> 16);
  }

  /** The checksum of an L4 segment with its pseudo header (its own checksum field zeroed). */
  public static int l4(byte[] src, byte[] dst, int proto, byte[] seg, int off, int len) {
    return fold(pseudo(src, dst, proto, len) + sum(seg, off, len));
  }

  /** SCTP's CRC32c over the whole packet with the checksum field taken as zero. */
  public static int sctpCrc32c(byte[] b, int off, int len) {
    byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
    copy[8] = copy[9] = copy[10] = copy[11] = 0;
    CRC32C c = new CRC32C();
    c.update(copy);
    return (int) c.getValue();
  }

  /** Writes a CRC32c into an SCTP common header, in the byte order the wire uses. */
  public static void putSctpCrc(byte[] b, int off, int crc) {
    // RFC 4960 stores the CRC32c little-endian-reflected: least significant byte first
    b[off + 8] = (byte) crc;
    b[off + 9] = (byte) (crc >>> 8);
    b[off + 10] = (byte) (crc >>> 16);
    b[off + 11] = (byte) (crc >>> 24);
  }

  public static int getSctpCrc(byte[] b, int off) {
    return (b[off + 8] & 0xff)
        | (b[off + 9] & 0xff) << 8
        | (b[off + 10] & 0xff) << 16
        | (b[off + 11] & 0xff) << 24;
  }
}
