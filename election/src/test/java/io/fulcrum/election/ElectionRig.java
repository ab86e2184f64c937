package io.fulcrum.election;

import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.election.ClusterNode;
import io.fulcrum.testrig.election.ElectionCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Shared steps of the multi-process election tests. */
final class ElectionRig {
  static final String VIP = ElectionCluster.SUBNET + "100";

  private ElectionRig() {}

  static void requireTools() {
    Capabilities.requireKernelTestRig();
    for (String tool : List.of("ping", "tcpdump")) {
      if (!Sh.run(List.of("sh", "-c", "command -v " + tool)).ok()) {
        throw new IllegalStateException(tool + " missing: run scripts/setup.sh as root");
      }
    }
  }

  static ElectionCluster cluster(Path work, List<String> nodeArgs) throws Exception {
    Files.createDirectories(work);
    return new ElectionCluster(
        System.getProperty("java.class.path"), work, 3, List.of(VIP), nodeArgs);
  }

  static ConditionFactory await(int seconds) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(seconds))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions();
  }

  /**
   * Timings for the behaviour tests: slower than the defaults, so that a loaded machine's stalls do
   * not make leases lapse. Speed is measured by bench/failover.sh, not here.
   */
  static final List<String> TEST_TIMINGS =
      List.of("--election-timeout-ms", "600", "--lease-ms", "500", "--renew-ms", "100");

  /** Waits until exactly one node answers for the VIP and the client reaches it; returns it. */
  static ClusterNode settledOwner(ElectionCluster c, int seconds) {
    return settledOwnerOtherThan(c, null, seconds);
  }

  /** Like {@link #settledOwner}, for an owner other than {@code old}. */
  static ClusterNode settledOwnerOtherThan(ElectionCluster c, ClusterNode old, int seconds) {
    java.util.concurrent.atomic.AtomicReference<ClusterNode> owner =
        new java.util.concurrent.atomic.AtomicReference<>();
    await(seconds)
        .until(
            () -> {
              List<ClusterNode> a = c.answering(VIP);
              String id = c.ownerOf(VIP);
              if (a.size() == 1
                  && a.get(0) != old
                  && a.get(0).id().equals(id)
                  && c.clientReaches(VIP)) {
                owner.set(a.get(0));
                return true;
              }
              return false;
            });
    return owner.get();
  }

  /** The election-related lines of every node's agent and data plane logs (for failures). */
  static String logs(ElectionCluster c) {
    StringBuilder sb = new StringBuilder();
    for (ClusterNode n : c.nodes()) {
      sb.append("---- ").append(n).append(" status ").append(n.status()).append('\n');
      for (String line : (n.agentLog() + n.keeperLog()).split("\n")) {
        if (line.matches(
            ".*(answering for|silent for|vip 198|leader in|no longer leader"
                + "|become leader|start preVote|lease valid|lease gone|steps down|stepDown).*")) {
          sb.append(line, 0, Math.min(line.length(), 220)).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
