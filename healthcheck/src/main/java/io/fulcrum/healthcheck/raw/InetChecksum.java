package io.fulcrum.healthcheck.raw;

/** The Internet checksum (RFC 1071), pure. */
public final class InetChecksum {
  private InetChecksum() {}

  /** The checksum of a byte range; 0 when the range already holds a correct checksum. */
  public static int compute(byte[] b, int off, int len) {
    long sum = 0;
    int i = off;
    int end = off + len;
    for (; i + 1 < end; i += 2) {
      sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (b[i] & 0xff) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }
}
