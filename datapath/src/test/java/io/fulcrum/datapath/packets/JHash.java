package io.fulcrum.datapath.packets;

import java.net.InetAddress;

/**
 * Bob Jenkins' lookup3 over 32-bit words (as the kernel's jhash2), written from the published
 * algorithm to predict which Maglev slot the data plane picks: words are the 16-byte addresses and
 * the two ports as they sit in memory, read as little-endian u32.
 */
final class JHash {
  private JHash() {}

  static int hashWords(int[] k, int initval) {
    int a = 0xdeadbeef + (k.length << 2) + initval;
    int b = a;
    int c = a;
    int i = 0;
    int n = k.length;
    while (n > 3) {
      a += k[i];
      b += k[i + 1];
      c += k[i + 2];
      // mix
      a -= c;
      a ^= Integer.rotateLeft(c, 4);
      c += b;
      b -= a;
      b ^= Integer.rotateLeft(a, 6);
      a += c;
      c -= b;
      c ^= Integer.rotateLeft(b, 8);
      b += a;
      a -= c;
      a ^= Integer.rotateLeft(c, 16);
      c += b;
      b -= a;
      b ^= Integer.rotateLeft(a, 19);
      a += c;
      c -= b;
      c ^= Integer.rotateLeft(b, 4);
      b += a;
      i += 3;
      n -= 3;
    }
    a += k[i];
    b += k[i + 1];
    c += k[i + 2];
    // final
    c ^= b;
    c -= Integer.rotateLeft(b, 14);
    a ^= c;
    a -= Integer.rotateLeft(c, 11);
    b ^= a;
    b -= Integer.rotateLeft(a, 25);
    c ^= b;
    c -= Integer.rotateLeft(b, 16);
    a ^= c;
    a -= Integer.rotateLeft(c, 4);
    b ^= a;
    b -= Integer.rotateLeft(a, 14);
    c ^= b;
    c -= Integer.rotateLeft(b, 24);
    return c;
  }

  private static int le32(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  private static byte[] addr16(InetAddress a) {
    byte[] raw = a.getAddress();
    return java.util.Arrays.copyOf(raw, 16);
  }

  /** The data plane's hash of a client 5-tuple. */
  static int flow(InetAddress src, InetAddress dst, int sport, int dport, int proto) {
    byte[] s = addr16(src);
    byte[] d = addr16(dst);
    byte[] ports = {(byte) (sport >> 8), (byte) sport, (byte) (dport >> 8), (byte) dport};
    int[] w = {
      le32(s, 0), le32(s, 4), le32(s, 8), le32(s, 12),
      le32(d, 0), le32(d, 4), le32(d, 8), le32(d, 12),
      le32(ports, 0)
    };
    return hashWords(w, proto);
  }

  /** The data plane's hash of a client address (session affinity). */
  static int client(InetAddress src) {
    byte[] s = addr16(src);
    return hashWords(new int[] {le32(s, 0), le32(s, 4), le32(s, 8), le32(s, 12), 0, 0}, 0);
  }
}
