package io.fulcrum.healthcheck.raw;

/** Big-endian (network order) fields in packet byte arrays, for the raw-socket codecs; pure. */
final class NetBytes {
  private NetBytes() {}

  static void put16(byte[] p, int off, int v) {
    p[off] = (byte) (v >>> 8);
    p[off + 1] = (byte) v;
  }

  static void put32(byte[] p, int off, long v) {
    p[off] = (byte) (v >>> 24);
    p[off + 1] = (byte) (v >>> 16);
    p[off + 2] = (byte) (v >>> 8);
    p[off + 3] = (byte) v;
  }

  static int get16(byte[] p, int off) {
    return (p[off] & 0xff) << 8 | (p[off + 1] & 0xff);
  }

  static long get32(byte[] p, int off) {
    return (p[off] & 0xffL) << 24
        | (p[off + 1] & 0xffL) << 16
        | (p[off + 2] & 0xffL) << 8
        | (p[off + 3] & 0xffL);
  }
}
