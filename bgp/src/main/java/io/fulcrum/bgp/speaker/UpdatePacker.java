package io.fulcrum.bgp.speaker;

import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.codec.Afi;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpMessage;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.codec.PathAttributes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns Adj-RIB-Out changes into as few UPDATE messages as fit in 4096 bytes each: prefixes that
 * share attributes share a message. Pure.
 */
public final class UpdatePacker {
  private UpdatePacker() {}

  /**
   * How routes are sent on one session.
   *
   * @param localAs our AS (prepended on eBGP sessions)
   * @param ibgp the peer is internal (empty AS_PATH, LOCAL_PREF sent)
   * @param fourOctetAs AS_PATH width
   * @param families negotiated AFIs; routes of other families are not sent
   * @param selfV4 next-hop-self address for IPv4 routes (null if none)
   * @param selfV6 next-hop-self address for IPv6 routes (null if none)
   */
  public record Session(
      long localAs,
      boolean ibgp,
      boolean fourOctetAs,
      List<Integer> families,
      InetAddress selfV4,
      InetAddress selfV6) {}

  /**
   * Packs announcements and withdrawals into UPDATEs. Routes that cannot be sent on this session (a
   * family not negotiated, no next hop of the family) go to {@code skipped}.
   */
  public static List<BgpMessage.Update> pack(
      Map<IpPrefix, RouteAttributes> announce,
      Collection<IpPrefix> withdraw,
      Session s,
      Consumer<IpPrefix> skipped) {
    List<BgpMessage.Update> out = new ArrayList<>();
    List<IpPrefix> w4 = new ArrayList<>();
    List<IpPrefix> w6 = new ArrayList<>();
    for (IpPrefix p : withdraw) {
      if (!s.families().contains(p.afi())) {
        continue;
      }
      (p.isIpv6() ? w6 : w4).add(p);
    }
    withdrawals(w4, w6, out);
    Map<RouteAttributes, List<IpPrefix>> v4 = new LinkedHashMap<>();
    Map<RouteAttributes, List<IpPrefix>> v6 = new LinkedHashMap<>();
    for (Map.Entry<IpPrefix, RouteAttributes> e : announce.entrySet()) {
      IpPrefix p = e.getKey();
      if (!s.families().contains(p.afi())) {
        skipped.accept(p);
        continue;
      }
      (p.isIpv6() ? v6 : v4).computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<RouteAttributes, List<IpPrefix>> e : v4.entrySet()) {
      InetAddress nh = nextHop(e.getKey(), s.selfV4(), Inet4Address.class);
      if (nh == null) {
        e.getValue().forEach(skipped);
        continue;
      }
      PathAttributes attrs = base(e.getKey(), s).nextHop(nh).build();
      int size = BgpEncoder.attributes(attrs, s.fourOctetAs()).length;
      for (List<IpPrefix> chunk : chunks(e.getValue(), BgpEncoder.MAX_LENGTH - 23 - size)) {
        out.add(new BgpMessage.Update(List.of(), attrs, chunk));
      }
    }
    for (Map.Entry<RouteAttributes, List<IpPrefix>> e : v6.entrySet()) {
      InetAddress nh = nextHop(e.getKey(), s.selfV6(), Inet6Address.class);
      if (nh == null) {
        e.getValue().forEach(skipped);
        continue;
      }
      PathAttributes attrs = base(e.getKey(), s).build();
      int size = BgpEncoder.attributes(attrs, s.fourOctetAs()).length + 4 + 5 + 16;
      for (List<IpPrefix> chunk : chunks(e.getValue(), BgpEncoder.MAX_LENGTH - 23 - size)) {
        PathAttributes withNlri =
            attrs.toBuilder()
                .mpReach(new PathAttributes.MpReach(Afi.IPV6, Afi.SAFI_UNICAST, List.of(nh), chunk))
                .build();
        out.add(new BgpMessage.Update(List.of(), withNlri, List.of()));
      }
    }
    return out;
  }

  private static void withdrawals(
      List<IpPrefix> w4, List<IpPrefix> w6, List<BgpMessage.Update> out) {
    for (List<IpPrefix> chunk : chunks(w4, BgpEncoder.MAX_LENGTH - 23)) {
      out.add(new BgpMessage.Update(chunk, PathAttributes.EMPTY, List.of()));
    }
    for (List<IpPrefix> chunk : chunks(w6, BgpEncoder.MAX_LENGTH - 23 - 7)) {
      PathAttributes a =
          PathAttributes.builder()
              .mpUnreach(new PathAttributes.MpUnreach(Afi.IPV6, Afi.SAFI_UNICAST, chunk))
              .build();
      out.add(new BgpMessage.Update(List.of(), a, List.of()));
    }
  }

  private static InetAddress nextHop(
      RouteAttributes r, InetAddress self, Class<? extends InetAddress> family) {
    if (r.nextHop() != null && family.isInstance(r.nextHop())) {
      return r.nextHop();
    }
    return self != null && family.isInstance(self) ? self : null;
  }

  private static PathAttributes.Builder base(RouteAttributes r, Session s) {
    PathAttributes.Builder b =
        PathAttributes.builder()
            .origin(r.origin())
            .asPath(
                s.ibgp() ? List.of() : List.of(PathAttributes.AsPathSegment.sequence(s.localAs())))
            .med(r.med())
            .communities(r.communities())
            .largeCommunities(r.largeCommunities());
    if (s.ibgp()) {
      b.localPref(r.localPref() == null ? 100L : r.localPref());
    }
    return b;
  }

  private static List<List<IpPrefix>> chunks(List<IpPrefix> prefixes, int budget) {
    List<List<IpPrefix>> out = new ArrayList<>();
    List<IpPrefix> cur = new ArrayList<>();
    int used = 0;
    for (IpPrefix p : prefixes) {
      int sz = BgpEncoder.prefixSize(p);
      if (used + sz > budget && !cur.isEmpty()) {
        out.add(cur);
        cur = new ArrayList<>();
        used = 0;
      }
      cur.add(p);
      used += sz;
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }
}
