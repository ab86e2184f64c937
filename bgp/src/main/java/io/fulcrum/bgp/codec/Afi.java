package io.fulcrum.bgp.codec;

/** Address family and subsequent address family numbers (RFC 4760). */
public final class Afi {
  public static final int IPV4 = 1;
  public static final int IPV6 = 2;
  public static final int SAFI_UNICAST = 1;

  private Afi() {}
}
