package io.fulcrum.healthcheck.raw;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Encodes and decodes {@code struct sockaddr_in} / {@code sockaddr_in6} (x86-64 layout). */
public final class SockAddr {
  /** Room for either. */
  public static final int MAX_LEN = 28;

  private SockAddr() {}

  /** The sockaddr bytes for an address with port 0 (raw sockets take no port). */
  public static byte[] encode(InetAddress address) {
    byte[] raw = address.getAddress();
    if (address instanceof Inet4Address) {
      byte[] sa = new byte[16];
      sa[0] = (byte) LibC.AF_INET;
      System.arraycopy(raw, 0, sa, 4, 4);
      return sa;
    }
    byte[] sa = new byte[28];
    sa[0] = (byte) LibC.AF_INET6;
    System.arraycopy(raw, 0, sa, 8, 16);
    int scope = ((Inet6Address) address).getScopeId();
    sa[24] = (byte) scope;
    sa[25] = (byte) (scope >>> 8);
    sa[26] = (byte) (scope >>> 16);
    sa[27] = (byte) (scope >>> 24);
    return sa;
  }

  /** The address in a sockaddr filled by the kernel, or null if the family is unknown. */
  public static InetAddress decode(byte[] sa) {
    int family = (sa[0] & 0xff) | (sa[1] & 0xff) << 8;
    try {
      if (family == LibC.AF_INET) {
        return InetAddress.getByAddress(Arrays.copyOfRange(sa, 4, 8));
      }
      if (family == LibC.AF_INET6) {
        return InetAddress.getByAddress(Arrays.copyOfRange(sa, 8, 24));
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }
}
