package io.fulcrum.kubernetes.pool;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Conversions between addresses and numbers, and strict literal parsing (never DNS). */
public final class IpAddresses {
  private IpAddresses() {}

  /** Parses an IPv4 or IPv6 literal; a host name or anything else is rejected. */
  public static InetAddress parseLiteral(String s) {
    String t = s == null ? "" : s.trim();
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'");
    }
    if (v4) {
      for (String part : t.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw new IllegalArgumentException("not an IP address: '" + s + "'");
        }
      }
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'", e);
    }
  }

  public static BigInteger toNumber(InetAddress address) {
    return new BigInteger(1, address.getAddress());
  }

  public static InetAddress fromNumber(BigInteger n, IpFamily family) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[family.bytes()];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True for an IPv4 address ending in .0 or .255 (some old equipment mishandles them). */
  public static boolean isBuggyIpv4(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 4) {
      return false;
    }
    int last = b[3] & 0xff;
    return last == 0 || last == 255;
  }

  /** The canonical text form (no host name, IPv6 in full-length hex as Java prints it). */
  public static String text(InetAddress address) {
    return address.getHostAddress();
  }

  static byte[] copy(InetAddress a) {
    return Arrays.copyOf(a.getAddress(), a.getAddress().length);
  }
}
