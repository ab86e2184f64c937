package io.fulcrum.api.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals (never a host name: no DNS) into canonical text (RFC 5952). */
final class IpAddresses {
  private IpAddresses() {}

  private static final Pattern V4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** The parsed address, or empty when {@code s} is not an IPv4 or IPv6 literal. */
  static Optional<InetAddress> parse(String s) {
    if (V4.matcher(s).matches()) {
      return literal(s);
    }
    if (s.indexOf(':') >= 0 && V6_CHARS.matcher(s).matches()) {
      return literal(s);
    }
    return Optional.empty();
  }

  private static Optional<InetAddress> literal(String s) {
    try {
      // only literals reach here (checked above), so this never resolves a name
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** True for addresses that can carry a service: not unspecified, multicast or broadcast. */
  static boolean unicast(InetAddress a) {
    return !a.isAnyLocalAddress()
        && !a.isMulticastAddress()
        && !a.getHostAddress().equals("255.255.255.255");
  }

  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as ::). */
  static String canonical(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
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
}
