package io.fulcrum.bgp;

import java.net.InetAddress;

/**
 * A snapshot of one peer for the status API.
 *
 * @param address peer address
 * @param peerAs peer AS
 * @param state BGP FSM state name (IDLE ... ESTABLISHED)
 * @param upSinceEpochMillis when the session reached Established, or 0
 * @param lastError why the session last went down ("" when never)
 * @param prefixesAdvertised prefixes currently advertised to the peer
 * @param updatesSent UPDATE messages sent
 * @param updatesReceived UPDATE messages received
 * @param prefixesReceived prefixes the peer announced to us (counted, not installed)
 * @param bfdState BFD state (UP, DOWN, INIT, ADMIN_DOWN) or "" without BFD
 */
public record PeerStatus(
    InetAddress address,
    long peerAs,
    String state,
    long upSinceEpochMillis,
    String lastError,
    long prefixesAdvertised,
    long updatesSent,
    long updatesReceived,
    long prefixesReceived,
    String bfdState) {}
