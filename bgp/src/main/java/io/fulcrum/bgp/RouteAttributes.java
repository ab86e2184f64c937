package io.fulcrum.bgp;

import io.fulcrum.bgp.codec.PathAttributes;
import java.net.InetAddress;
import java.util.List;

/**
 * What to say about an announced prefix, per pool or per service. AS_PATH and LOCAL_PREF defaults
 * are filled in per session (AS_PATH is our AS for eBGP, empty for iBGP).
 *
 * @param origin ORIGIN (IGP by default)
 * @param nextHop explicit next hop, or null for next-hop self (the session's local address, or the
 *     peer's configured next hop for that family)
 * @param med MULTI_EXIT_DISC, or null
 * @param localPref LOCAL_PREF sent to internal peers, or null for 100
 * @param communities RFC 1997 communities (32-bit values; see {@link
 *     PathAttributes#parseCommunity})
 * @param largeCommunities RFC 8092 large communities
 */
public record RouteAttributes(
    PathAttributes.Origin origin,
    InetAddress nextHop,
    Long med,
    Long localPref,
    List<Long> communities,
    List<PathAttributes.LargeCommunity> largeCommunities) {

  /** IGP origin, next-hop self, nothing else. */
  public static final RouteAttributes DEFAULT =
      new RouteAttributes(PathAttributes.Origin.IGP, null, null, null, List.of(), List.of());

  public RouteAttributes {
    origin = origin == null ? PathAttributes.Origin.IGP : origin;
    communities = communities == null ? List.of() : List.copyOf(communities);
    largeCommunities = largeCommunities == null ? List.of() : List.copyOf(largeCommunities);
  }

  public RouteAttributes withMed(Long v) {
    return new RouteAttributes(origin, nextHop, v, localPref, communities, largeCommunities);
  }

  public RouteAttributes withLocalPref(Long v) {
    return new RouteAttributes(origin, nextHop, med, v, communities, largeCommunities);
  }

  public RouteAttributes withNextHop(InetAddress v) {
    return new RouteAttributes(origin, v, med, localPref, communities, largeCommunities);
  }

  public RouteAttributes withCommunities(List<Long> v) {
    return new RouteAttributes(origin, nextHop, med, localPref, v, largeCommunities);
  }

  public RouteAttributes withLargeCommunities(List<PathAttributes.LargeCommunity> v) {
    return new RouteAttributes(origin, nextHop, med, localPref, communities, v);
  }
}
