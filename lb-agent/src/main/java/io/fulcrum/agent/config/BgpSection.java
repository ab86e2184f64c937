package io.fulcrum.agent.config;

import io.fulcrum.bgp.AnnounceMode;
import io.fulcrum.bgp.PeerConfig;
import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.codec.PathAttributes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The validated {@code bgp} section. Disabled unless the section is present and {@code enabled}.
 *
 * @param enabled whether the agent runs the BGP speaker
 * @param localAs our AS number
 * @param routerId our BGP identifier, or null to take, at start, the address this node uses towards
 *     its first IPv4 peer
 * @param listen where to accept the peers' connections, or null to only connect out
 * @param announceMode who announces a VIP (with the election disabled every node owns every VIP)
 * @param gracefulRestart graceful restart (RFC 4724) as advertised to the peers
 * @param defaults the path attributes of every VIP
 * @param pools attributes for the VIPs inside a prefix (first matching pool wins)
 * @param services attributes per service name (over the pool's, over the defaults)
 * @param peers the neighbours
 */
public record BgpSection(
    boolean enabled,
    long localAs,
    InetAddress routerId,
    InetSocketAddress listen,
    AnnounceMode announceMode,
    GracefulRestart gracefulRestart,
    Attributes defaults,
    List<Pool> pools,
    Map<String, Attributes> services,
    List<Peer> peers) {

  public static final BgpSection DISABLED =
      new BgpSection(
          false,
          0,
          null,
          null,
          AnnounceMode.OWNER_ONLY,
          GracefulRestart.DEFAULT,
          Attributes.NONE,
          List.of(),
          Map.of(),
          List.of());

  public BgpSection {
    pools = List.copyOf(pools);
    services = Map.copyOf(services);
    peers = List.copyOf(peers);
  }

  /**
   * Graceful restart: with it, stopping the agent (SIGTERM) closes the sessions without a
   * NOTIFICATION, so the routers keep its routes for {@code restartTime} while the pinned data
   * plane keeps forwarding; without it, stopping withdraws every route at once.
   */
  public record GracefulRestart(boolean enabled, int restartTimeSeconds) {
    public static final GracefulRestart DEFAULT = new GracefulRestart(true, 120);
  }

  /**
   * Path attributes as written at one level (defaults, pool, service); a null field (or list) is
   * not set at that level and comes from the level below.
   */
  public record Attributes(
      Long med,
      Long localPref,
      List<Long> communities,
      List<PathAttributes.LargeCommunity> largeCommunities,
      InetAddress nextHop) {
    public static final Attributes NONE = new Attributes(null, null, null, null, null);

    /** These attributes over {@code below}: each field set here wins. */
    public Attributes over(Attributes below) {
      return new Attributes(
          med != null ? med : below.med,
          localPref != null ? localPref : below.localPref,
          communities != null ? communities : below.communities,
          largeCommunities != null ? largeCommunities : below.largeCommunities,
          nextHop != null ? nextHop : below.nextHop);
    }

    /** As the speaker takes them (IGP origin; next-hop self unless set). */
    public RouteAttributes toRoute() {
      return new RouteAttributes(
          PathAttributes.Origin.IGP, nextHop, med, localPref, communities, largeCommunities);
    }
  }

  /** Attributes for the VIPs inside {@code address/length}. */
  public record Pool(InetAddress address, int length, Attributes attributes) {
    /** Whether {@code vip} lies inside this prefix (never across families). */
    public boolean contains(InetAddress vip) {
      byte[] a = address.getAddress();
      byte[] v = vip.getAddress();
      if (a.length != v.length) {
        return false;
      }
      int full = length / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != v[i]) {
          return false;
        }
      }
      int rest = length % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (v[full] & mask);
    }
  }

  /**
   * One neighbour.
   *
   * @param passwordFile the TCP MD5 key's file (read at start, trailing newline dropped), or null
   * @param ttl TTL / hop limit of our packets (1 = directly connected; more for multihop)
   * @param holdTime seconds (0, or 3 and more)
   * @param keepaliveTime seconds
   * @param connectRetryTime seconds
   * @param families AFIs (1 IPv4, 2 IPv6)
   * @param bfd BFD settings, or null without BFD
   */
  public record Peer(
      InetAddress address,
      int port,
      long peerAs,
      InetAddress localAddress,
      Path passwordFile,
      int ttl,
      int holdTime,
      int keepaliveTime,
      int connectRetryTime,
      boolean passive,
      List<Integer> families,
      InetAddress nextHopV4,
      InetAddress nextHopV6,
      PeerConfig.BfdConfig bfd) {
    public Peer {
      families = List.copyOf(families);
    }

    /** The speaker's settings for this peer, with the key read from {@link #passwordFile}. */
    public PeerConfig toPeerConfig(String md5Password) {
      return new PeerConfig(
          address,
          port,
          peerAs,
          localAddress,
          md5Password,
          ttl,
          holdTime,
          keepaliveTime,
          connectRetryTime,
          passive,
          families,
          nextHopV4,
          nextHopV6,
          bfd);
    }
  }

  /**
   * The attributes of a VIP that serves the given services: the first service (by name) with its
   * own attributes, over the first pool containing the VIP, over the defaults.
   */
  public RouteAttributes attributesFor(InetAddress vip, Collection<String> serviceNames) {
    Attributes a = defaults;
    for (Pool p : pools) {
      if (p.contains(vip)) {
        a = p.attributes().over(a);
        break;
      }
    }
    for (String name : new TreeSet<>(serviceNames)) {
      Attributes s = services.get(name);
      if (s != null) {
        a = s.over(a);
        break;
      }
    }
    return a.toRoute();
  }
}
