package io.fulcrum.bgp.speaker;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Raw socket options Netty has no name for (Linux values). */
public final class SocketOptions {
  /** IPPROTO_IP / IP_TTL. */
  public static final IntegerUnixChannelOption IP_TTL =
      new IntegerUnixChannelOption("IP_TTL", 0, 2);

  /** IPPROTO_IPV6 / IPV6_UNICAST_HOPS. */
  public static final IntegerUnixChannelOption IPV6_UNICAST_HOPS =
      new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", 41, 16);

  /** IPPROTO_IP / IP_MINTTL (GTSM, RFC 5082). */
  public static final IntegerUnixChannelOption IP_MINTTL =
      new IntegerUnixChannelOption("IP_MINTTL", 0, 21);

  /** IPPROTO_IPV6 / IPV6_MINHOPCOUNT. */
  public static final IntegerUnixChannelOption IPV6_MINHOPCOUNT =
      new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", 41, 73);

  private SocketOptions() {}

  /** Sets the TTL (hop limit) of a bootstrap's channels for a peer of that family. */
  public static void ttlOption(AbstractBootstrap<?, ?> b, int ttl, InetAddress peer) {
    b.option(peer instanceof Inet6Address ? IPV6_UNICAST_HOPS : IP_TTL, ttl);
  }

  /** Sets the TTL (hop limit) of a connected channel. */
  public static void setTtl(Channel ch, int ttl, InetAddress peer) {
    ch.config().setOption(peer instanceof Inet6Address ? IPV6_UNICAST_HOPS : IP_TTL, ttl);
  }
}
