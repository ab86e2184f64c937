package io.fulcrum.bgp.fsm;

import java.util.List;

/**
 * What one session's state machine needs to know.
 *
 * @param localAs our AS number (4-octet capable)
 * @param peerAs the AS number the peer must announce
 * @param localId our BGP identifier (an IPv4 address as unsigned 32 bits)
 * @param holdTime hold time we offer, seconds (0 or at least 3)
 * @param keepaliveTime keepalive interval we use, seconds (capped at a third of the hold time)
 * @param connectRetryTime connect-retry timer, seconds
 * @param idleHoldTime how long to wait in Idle after a session failed, seconds (RFC 4271 8.1.1)
 * @param passive wait for the peer to connect instead of connecting
 * @param families AFIs offered (1 IPv4, 2 IPv6), unicast SAFI
 * @param gracefulRestartTime restart time advertised in the graceful-restart capability, seconds;
 *     negative to not advertise graceful restart
 * @param restarting the R bit (we restarted and the peer should keep our routes)
 */
public record SessionConfig(
    long localAs,
    long peerAs,
    long localId,
    int holdTime,
    int keepaliveTime,
    int connectRetryTime,
    int idleHoldTime,
    boolean passive,
    List<Integer> families,
    int gracefulRestartTime,
    boolean restarting) {

  public SessionConfig {
    if (holdTime != 0 && holdTime < 3) {
      throw new IllegalArgumentException("hold time must be 0 or at least 3 s: " + holdTime);
    }
    if (localAs <= 0 || localAs > 0xffffffffL || peerAs <= 0 || peerAs > 0xffffffffL) {
      throw new IllegalArgumentException("AS numbers must be 1..4294967295");
    }
    if (localId == 0) {
      throw new IllegalArgumentException("BGP identifier must not be 0");
    }
    families = List.copyOf(families);
  }

  public boolean ibgp() {
    return localAs == peerAs;
  }
}
