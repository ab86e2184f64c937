package io.fulcrum.bgp;

import java.net.InetAddress;

/**
 * The local BGP speaker.
 *
 * @param localAs our AS number (1..4294967295)
 * @param routerId our BGP identifier (an IPv4 address)
 * @param listenAddress address to accept connections on, or null for all
 * @param listenPort port to accept connections on (179), or -1 for no listener
 * @param gracefulRestartTime restart time we advertise (RFC 4724), seconds; -1 disables it
 * @param restarting set the restart-state bit in our OPENs (this process restarted)
 */
public record SpeakerConfig(
    long localAs,
    InetAddress routerId,
    InetAddress listenAddress,
    int listenPort,
    int gracefulRestartTime,
    boolean restarting) {

  public SpeakerConfig {
    if (routerId == null || routerId.getAddress().length != 4) {
      throw new IllegalArgumentException("router id must be an IPv4 address");
    }
  }

  public static SpeakerConfig of(long localAs, InetAddress routerId) {
    return new SpeakerConfig(localAs, routerId, null, 179, 120, false);
  }

  public SpeakerConfig withListen(InetAddress address, int port) {
    return new SpeakerConfig(localAs, routerId, address, port, gracefulRestartTime, restarting);
  }

  public SpeakerConfig withGracefulRestart(int time, boolean restartingNow) {
    return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, time, restartingNow);
  }

  /** The router id as an unsigned 32-bit number. */
  public long routerIdValue() {
    byte[] b = routerId.getAddress();
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }
}
