package io.fulcrum.bgp.fsm;

import io.fulcrum.bgp.codec.BgpDecoder;
import java.util.List;

/**
 * What both sides agreed on in the OPEN exchange.
 *
 * @param holdTime negotiated hold time, seconds (0: no hold timer, no keepalives)
 * @param keepaliveTime keepalive interval, seconds
 * @param fourOctetAs both sides support 4-octet AS numbers
 * @param ibgp the peer is in our AS
 * @param peerId the peer's BGP identifier
 * @param families AFIs both sides support (unicast)
 * @param peerGracefulRestart the peer advertised graceful restart
 * @param peerRouteRefresh the peer advertised route refresh
 */
public record Negotiated(
    int holdTime,
    int keepaliveTime,
    boolean fourOctetAs,
    boolean ibgp,
    long peerId,
    List<Integer> families,
    boolean peerGracefulRestart,
    boolean peerRouteRefresh) {
  public Negotiated {
    families = List.copyOf(families);
  }

  public BgpDecoder.Context decodeContext() {
    return new BgpDecoder.Context(fourOctetAs, ibgp);
  }
}
