package io.fulcrum.agent.bgp;

import io.fulcrum.bgp.PeerStatus;
import java.util.List;

/**
 * The agent's BGP speaker at one moment, for the status API.
 *
 * @param localAs our AS
 * @param routerId our BGP identifier
 * @param peers every configured peer: session state, counters, BFD state
 * @param announced the prefixes announced now (/32, /128), sorted
 */
public record BgpStatus(
    long localAs, String routerId, List<PeerStatus> peers, List<String> announced) {
  public BgpStatus {
    peers = List.copyOf(peers);
    announced = List.copyOf(announced);
  }
}
