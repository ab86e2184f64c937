package io.fulcrum.agent.config;

import io.fulcrum.datapath.ServiceKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Addresses as people write them: IPv6 in the short form of RFC 5952 (2001:db8::1). */
public final class Addresses {
  private Addresses() {}

  /** The address in its usual text form. */
  public static String text(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /**
   * The address an IPv4 or IPv6 literal names, or null when {@code s} is not one (a host name is
   * never looked up).
   */
  public static InetAddress literal(String s) {
    boolean literal =
        (s.indexOf('.') > 0 || s.indexOf(':') >= 0)
            && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    if (!literal) {
      return null;
    }
    try {
      return InetAddress.getByName(s); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** "198.18.0.1:80" or "[2001:db8::1]:80". */
  public static String hostPort(InetAddress a, int port) {
    String h = text(a);
    return (a instanceof Inet6Address ? "[" + h + "]" : h) + ":" + port;
  }

  /** "198.18.1.10:80/tcp" or "[2001:db8::10]:80/tcp". */
  public static String text(ServiceKey key) {
    return hostPort(key.vip(), key.port()) + "/" + key.protocol().name().toLowerCase(Locale.ROOT);
  }
}
