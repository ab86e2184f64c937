package io.fulcrum.bgp;

import java.net.InetAddress;
import java.util.List;

/**
 * One BGP neighbour.
 *
 * @param address the peer's address (IPv4 or IPv6)
 * @param port the peer's BGP port (179)
 * @param peerAs the peer's AS (equal to ours for iBGP)
 * @param localAddress address to connect from, or null for the kernel's choice
 * @param md5Password TCP MD5 signature key (RFC 2385), or null
 * @param ttl IP TTL / hop limit of our packets: 1 for a directly connected eBGP peer, more for
 *     multihop
 * @param holdTime hold time offered, seconds
 * @param keepaliveTime keepalive interval, seconds
 * @param connectRetryTime connect-retry interval, seconds
 * @param passive only accept the peer's connections, never connect
 * @param families AFIs to negotiate (1 IPv4, 2 IPv6)
 * @param nextHopV4 next hop for IPv4 routes, or null for the session's local address
 * @param nextHopV6 next hop for IPv6 routes, or null for the session's local address (needed when
 *     the session runs over IPv4)
 * @param bfd BFD settings for this peer, or null for none
 */
public record PeerConfig(
    InetAddress address,
    int port,
    long peerAs,
    InetAddress localAddress,
    String md5Password,
    int ttl,
    int holdTime,
    int keepaliveTime,
    int connectRetryTime,
    boolean passive,
    List<Integer> families,
    InetAddress nextHopV4,
    InetAddress nextHopV6,
    BfdConfig bfd) {

  public PeerConfig {
    families = List.copyOf(families);
    if (md5Password != null && (md5Password.isEmpty() || md5Password.length() > 80)) {
      throw new IllegalArgumentException("TCP MD5 key must be 1..80 bytes");
    }
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("ttl must be 1..255: " + ttl);
    }
  }

  /** Defaults: port 179, TTL 1 for eBGP (255 for iBGP), 90/30 s timers, IPv4 and IPv6. */
  public static PeerConfig of(InetAddress address, long peerAs) {
    return new PeerConfig(
        address, 179, peerAs, null, null, 1, 90, 30, 5, false, List.of(1, 2), null, null, null);
  }

  public PeerConfig withPort(int v) {
    return new PeerConfig(
        address,
        v,
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

  public PeerConfig withLocalAddress(InetAddress v) {
    return new PeerConfig(
        address,
        port,
        peerAs,
        v,
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

  public PeerConfig withMd5Password(String v) {
    return new PeerConfig(
        address,
        port,
        peerAs,
        localAddress,
        v,
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

  public PeerConfig withTtl(int v) {
    return new PeerConfig(
        address,
        port,
        peerAs,
        localAddress,
        md5Password,
        v,
        holdTime,
        keepaliveTime,
        connectRetryTime,
        passive,
        families,
        nextHopV4,
        nextHopV6,
        bfd);
  }

  public PeerConfig withTimers(int hold, int keepalive, int connectRetry) {
    return new PeerConfig(
        address,
        port,
        peerAs,
        localAddress,
        md5Password,
        ttl,
        hold,
        keepalive,
        connectRetry,
        passive,
        families,
        nextHopV4,
        nextHopV6,
        bfd);
  }

  public PeerConfig withPassive(boolean v) {
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
        v,
        families,
        nextHopV4,
        nextHopV6,
        bfd);
  }

  public PeerConfig withFamilies(List<Integer> v) {
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
        v,
        nextHopV4,
        nextHopV6,
        bfd);
  }

  public PeerConfig withNextHops(InetAddress v4, InetAddress v6) {
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
        v4,
        v6,
        bfd);
  }

  public PeerConfig withBfd(BfdConfig v) {
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
        v);
  }

  /**
   * BFD for this peer (RFC 5880/5881).
   *
   * @param minTxMillis desired minimum transmit interval
   * @param minRxMillis required minimum receive interval
   * @param multiplier detection multiplier
   */
  public record BfdConfig(int minTxMillis, int minRxMillis, int multiplier) {
    public static final BfdConfig DEFAULT = new BfdConfig(300, 300, 3);

    public BfdConfig {
      if (minTxMillis < 10 || minRxMillis < 10 || multiplier < 1 || multiplier > 255) {
        throw new IllegalArgumentException(
            "BFD intervals must be at least 10 ms, multiplier 1..255");
      }
    }
  }
}
