package io.fulcrum.election;

import java.nio.file.Path;
import java.util.List;

/**
 * How one node takes part in the group. Node ids are the {@code host:port} of the node's Raft
 * endpoint, as listed in {@code peers}.
 *
 * @param groupId the Raft group name
 * @param nodeId this node's endpoint, one of {@code peers}
 * @param peers the initial members (every node starts with the same list)
 * @param dataDir where Raft keeps its log, metadata and snapshots
 * @param electionTimeoutMs Raft election timeout (followers wait this long, plus a random delay of
 *     up to {@code maxElectionDelayMs}, before they elect a new leader); heartbeats go every tenth
 * @param maxElectionDelayMs random extra delay before an election
 * @param vipLeaseMs how long one renewal lets a node answer for its VIPs
 * @param renewIntervalMs how often a node renews (must be well under the lease)
 * @param safetyMarginMs added to every wait that protects against two owners (clock rates, message
 *     delay, the time the data plane takes to apply a change)
 * @param snapshotIntervalSecs how often Raft takes a snapshot
 */
public record ElectionSettings(
    String groupId,
    String nodeId,
    List<String> peers,
    Path dataDir,
    int electionTimeoutMs,
    int maxElectionDelayMs,
    long vipLeaseMs,
    long renewIntervalMs,
    long safetyMarginMs,
    int snapshotIntervalSecs) {

  /** Raft's leader lease as a percentage of the election timeout (sofa-jraft's default 90). */
  public static final int LEADER_LEASE_RATIO = 90;

  public ElectionSettings {
    peers = List.copyOf(peers);
    if (!peers.contains(nodeId)) {
      throw new IllegalArgumentException("node id " + nodeId + " is not among peers " + peers);
    }
    if (electionTimeoutMs < 50) {
      throw new IllegalArgumentException("election timeout below 50 ms");
    }
    if (renewIntervalMs <= 0 || renewIntervalMs * 2 > vipLeaseMs) {
      throw new IllegalArgumentException("renew interval must be at most half the VIP lease");
    }
    if (safetyMarginMs < 0 || maxElectionDelayMs < 0 || snapshotIntervalSecs <= 0) {
      throw new IllegalArgumentException("negative margin, delay or snapshot interval");
    }
  }

  /** The defaults documented in docs/election.md (failover well under a second). */
  public static ElectionSettings defaults(String nodeId, List<String> peers, Path dataDir) {
    return new ElectionSettings("fulcrum", nodeId, peers, dataDir, 300, 300, 200, 50, 50, 60);
  }

  public ElectionSettings withVipLeaseMs(long lease, long renew) {
    return new ElectionSettings(
        groupId,
        nodeId,
        peers,
        dataDir,
        electionTimeoutMs,
        maxElectionDelayMs,
        lease,
        renew,
        safetyMarginMs,
        snapshotIntervalSecs);
  }

  public ElectionSettings withElectionTimeoutMs(int timeout) {
    return new ElectionSettings(
        groupId,
        nodeId,
        peers,
        dataDir,
        timeout,
        maxElectionDelayMs,
        vipLeaseMs,
        renewIntervalMs,
        safetyMarginMs,
        snapshotIntervalSecs);
  }

  /** Heartbeat interval (sofa-jraft sends one every election timeout / 10). */
  public long heartbeatMs() {
    return Math.max(1, electionTimeoutMs / 10);
  }

  /** Raft leader lease: a leader that heard from no majority for this long steps down. */
  public long leaderLeaseMs() {
    return (long) electionTimeoutMs * LEADER_LEASE_RATIO / 100;
  }
}
