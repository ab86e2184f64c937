package io.fulcrum.kubernetes.pool;

import java.math.BigInteger;
import java.net.InetAddress;

/** An inclusive range of addresses of one family, parsed from a CIDR or "first-last". */
public record IpRange(IpFamily family, BigInteger first, BigInteger last) {
  public IpRange {
    if (first.compareTo(last) > 0) {
      throw new IllegalArgumentException("range start is after its end");
    }
  }

  /** Parses "198.18.0.0/24", "2001:db8::/120" or "198.18.0.10-198.18.0.20". */
  public static IpRange parse(String text) {
    String t = text == null ? "" : text.trim();
    try {
      if (t.contains("/")) {
        String[] parts = t.split("/", 2);
        InetAddress base = IpAddresses.parseLiteral(parts[0]);
        IpFamily family = IpFamily.of(base);
        int bits = family.bytes() * 8;
        int prefix = Integer.parseInt(parts[1].trim());
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("prefix length must be 0.." + bits);
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger n = IpAddresses.toNumber(base);
        BigInteger first = n.andNot(hostMask);
        if (!first.equals(n)) {
          throw new IllegalArgumentException(
              "host bits set (did you mean " + canonical(first, family, prefix) + "?)");
        }
        return new IpRange(family, first, first.or(hostMask));
      }
      if (t.contains("-")) {
        String[] parts = t.split("-", 2);
        InetAddress a = IpAddresses.parseLiteral(parts[0]);
        InetAddress b = IpAddresses.parseLiteral(parts[1]);
        if (IpFamily.of(a) != IpFamily.of(b)) {
          throw new IllegalArgumentException("range mixes IPv4 and IPv6");
        }
        return new IpRange(IpFamily.of(a), IpAddresses.toNumber(a), IpAddresses.toNumber(b));
      }
      InetAddress single = IpAddresses.parseLiteral(t);
      BigInteger n = IpAddresses.toNumber(single);
      return new IpRange(IpFamily.of(single), n, n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid address range '" + text + "': " + e.getMessage(), e);
    }
  }

  private static String canonical(BigInteger first, IpFamily family, int prefix) {
    return IpAddresses.text(IpAddresses.fromNumber(first, family)) + "/" + prefix;
  }

  public boolean contains(InetAddress address) {
    if (IpFamily.of(address) != family) {
      return false;
    }
    BigInteger n = IpAddresses.toNumber(address);
    return n.compareTo(first) >= 0 && n.compareTo(last) <= 0;
  }

  /** Number of addresses in the range. */
  public BigInteger size() {
    return last.subtract(first).add(BigInteger.ONE);
  }
}
