package io.fulcrum.election;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** VIP literals: parsed, checked and written in one canonical form (so maps key them once). */
public final class Vips {
  private Vips() {}

  /** The canonical text of an IPv4 or IPv6 literal; anything else is a clear error. */
  public static String canonical(String literal) {
    return parse(literal).getHostAddress();
  }

  /** The canonical texts of VIP literals, sorted. */
  public static java.util.SortedSet<String> canonical(java.util.Collection<String> literals) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    for (String v : literals) {
      out.add(canonical(v));
    }
    return out;
  }

  /** Parses an address literal without any name lookup. */
  public static InetAddress parse(String literal) {
    if (literal == null || literal.isBlank()) {
      throw new IllegalArgumentException("empty VIP");
    }
    String s = literal.trim();
    boolean looksLiteral = s.indexOf(':') >= 0 || s.matches("[0-9.]+");
    if (!looksLiteral) {
      throw new IllegalArgumentException("VIP is not an IP literal: " + literal);
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("VIP is not an IP literal: " + literal, e);
    }
  }

  /** True for an IPv6 VIP. */
  public static boolean isV6(String vip) {
    return parse(vip) instanceof Inet6Address;
  }
}
