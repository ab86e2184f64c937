package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** Waits until exactly one node answers for the VIP and the client reaches it; returns it. */
  static ClusterNode settledOwner(ElectionCluster c, int seconds) {
    await(seconds)
        .until(
            () -> {
              List<ClusterNode> a = c.answering(VIP);
              String owner = c.ownerOf(VIP);
              return a.size() == 1 && a.get(0).id().equals(owner) && c.clientReaches(VIP);
            });
    ClusterNode owner = c.answering(VIP).get(0);
    assertThat(c.clientReaches(VIP)).isTrue();
    return owner;
  }

  static String logs(ElectionCluster c) {
    StringBuilder sb = new StringBuilder();
    for (ClusterNode n : c.nodes()) {
      String log = n.agentLog();
      sb.append("---- ").append(n).append(" status ").append(n.status()).append('\n');
      sb.append(log, Math.max(0, log.length() - 3000), log.length()).append('\n');
    }
    return sb.toString();
  }
}
