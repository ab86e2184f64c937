package io.fulcrum.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The validated {@code election} section (docs/election.md). Disabled unless the section is present
 * and enabled.
 *
 * @param enabled whether the agent runs this module
 * @param groupId the Raft group's name (the same on every node)
 * @param nodeId this node's Raft endpoint {@code address:port}, one of {@code peers}
 * @param peers the initial members' Raft endpoints (the same list on every node)
 * @param dataDir where Raft keeps its log, metadata and snapshots
 * @param l2Interface the interface answering ARP / NS and sending gratuitous ARP for owned VIPs;
 *     null: the node takes part in ownership but advertises nothing on L2 (BGP mode)
 * @param garpCount gratuitous ARPs / unsolicited NAs sent on gaining a VIP
 * @param garpIntervalMs spacing of those
 * @param electionTimeoutMs Raft election timeout (heartbeats every tenth)
 * @param maxElectionDelayMs random extra delay before an election
 * @param vipLeaseMs how long one renewal lets a node answer for its VIPs
 * @param renewIntervalMs how often a node renews (at most half the lease)
 * @param safetyMarginMs added to every wait that protects against two owners
 * @param snapshotIntervalSecs how often Raft takes a snapshot
 */
public record ElectionSection(
    boolean enabled,
    String groupId,
    String nodeId,
    List<String> peers,
    Path dataDir,
    String l2Interface,
    int garpCount,
    int garpIntervalMs,
    int electionTimeoutMs,
    int maxElectionDelayMs,
    int vipLeaseMs,
    int renewIntervalMs,
    int safetyMarginMs,
    int snapshotIntervalSecs) {
  public static final String DEFAULT_GROUP = "fulcrum";
  public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/fulcrum/raft");
  public static final int DEFAULT_GARP_COUNT = 3;
  public static final int DEFAULT_GARP_INTERVAL_MS = 50;
  public static final int DEFAULT_ELECTION_TIMEOUT_MS = 300;
  public static final int DEFAULT_MAX_ELECTION_DELAY_MS = 300;
  public static final int DEFAULT_VIP_LEASE_MS = 200;
  public static final int DEFAULT_RENEW_INTERVAL_MS = 50;
  public static final int DEFAULT_SAFETY_MARGIN_MS = 50;
  public static final int DEFAULT_SNAPSHOT_INTERVAL_SECS = 60;

  public static final ElectionSection DISABLED =
      new ElectionSection(
          false,
          DEFAULT_GROUP,
          null,
          List.of(),
          DEFAULT_DATA_DIR,
          null,
          DEFAULT_GARP_COUNT,
          DEFAULT_GARP_INTERVAL_MS,
          DEFAULT_ELECTION_TIMEOUT_MS,
          DEFAULT_MAX_ELECTION_DELAY_MS,
          DEFAULT_VIP_LEASE_MS,
          DEFAULT_RENEW_INTERVAL_MS,
          DEFAULT_SAFETY_MARGIN_MS,
          DEFAULT_SNAPSHOT_INTERVAL_SECS);

  public ElectionSection {
    peers = List.copyOf(peers);
  }

  /** Whether this node answers ARP / NS and announces its VIPs on L2 (else: BGP mode). */
  public boolean l2() {
    return l2Interface != null;
  }
}
