package io.fulcrum.bgp.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix: address (host bits cleared) and length.
 *
 * @param address the network address (Inet4Address or Inet6Address)
 * @param length the prefix length (0..32 or 0..128)
 */
public record IpPrefix(InetAddress address, int length) implements Comparable<IpPrefix> {

  public IpPrefix {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of range for " + address);
    }
    address = mask(address, length);
  }

  /** Parses "198.18.0.1/32" or "2001:db8::1/128"; without a length, a host route. */
  public static IpPrefix parse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    if (!addr.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an IP address: " + addr);
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(addr);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + addr, e);
    }
    int len;
    if (slash < 0) {
      len = a instanceof Inet4Address ? 32 : 128;
    } else {
      len = Integer.parseInt(text.substring(slash + 1));
    }
    return new IpPrefix(a, len);
  }

  /** A host route (/32 or /128) for an address. */
  public static IpPrefix host(InetAddress address) {
    return new IpPrefix(address, address instanceof Inet4Address ? 32 : 128);
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  /** AFI: 1 for IPv4, 2 for IPv6. */
  public int afi() {
    return isIpv6() ? Afi.IPV6 : Afi.IPV4;
  }

  /** Builds a prefix from wire bytes (only the first ceil(length/8) bytes are significant). */
  public static IpPrefix fromWire(int afi, byte[] significant, int length) {
    byte[] full = new byte[afi == Afi.IPV6 ? 16 : 4];
    System.arraycopy(significant, 0, full, 0, Math.min(significant.length, full.length));
    try {
      return new IpPrefix(InetAddress.getByAddress(full), length);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress mask(InetAddress a, int length) {
    byte[] b = a.getAddress();
    for (int i = 0; i < b.length; i++) {
      int bits = Math.max(0, Math.min(8, length - i * 8));
      b[i] &= (byte) (0xff << (8 - bits));
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int compareTo(IpPrefix o) {
    byte[] x = address.getAddress();
    byte[] y = o.address.getAddress();
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    int c = java.util.Arrays.compareUnsigned(x, y);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + length;
  }
}
