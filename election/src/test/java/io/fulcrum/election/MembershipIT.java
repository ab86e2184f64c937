package io.fulcrum.election;

import static io.fulcrum.election.ElectionRig.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.election.ClusterNode;
import io.fulcrum.testrig.election.ElectionCluster;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members leave and join the running group through the membership command. */
class MembershipIT {
  @TempDir Path work;

  @BeforeAll
  static void rig() {
    ElectionRig.requireTools();
  }

  private static String members(ElectionCluster c) {
    return c.leader() == null ? "" : c.leader().status().getOrDefault("members", "");
  }

  @Test
  void memberRemovedAndAddedWithoutRestartingTheOthers() throws Exception {
    try (ElectionCluster c = ElectionRig.cluster(work, ElectionRig.TEST_TIMINGS)) {
      ClusterNode owner = ElectionRig.settledOwner(c, 90);
      String all = c.nodes().stream().map(ClusterNode::id).collect(Collectors.joining(","));
      ClusterNode other = c.nodes().stream().filter(n -> n != owner).findFirst().orElseThrow();

      // the VIP owner leaves the group: its VIP moves to a member, nobody restarts
      String out =
          other
              .ns()
              .exec(
                  c.javaCommand(
                      "io.fulcrum.election.tool.MemberMain",
                      "--peers",
                      all,
                      "--remove",
                      owner.id()));
      assertThat(out).contains("OK");
      ElectionRig.await(30).until(() -> !members(c).isEmpty() && !members(c).contains(owner.id()));
      ClusterNode next = ElectionRig.settledOwner(c, 30);
      assertThat(next).isNotEqualTo(owner);

      // and joins again
      String rest =
          c.nodes().stream()
              .filter(n -> n != owner)
              .map(ClusterNode::id)
              .collect(Collectors.joining(","));
      out =
          other
              .ns()
              .exec(
                  c.javaCommand(
                      "io.fulcrum.election.tool.MemberMain", "--peers", rest, "--add", owner.id()));
      assertThat(out).contains("OK");
      ElectionRig.await(30).until(() -> members(c).contains(owner.id()));
      ElectionRig.await(30).until(() -> c.leader().id().equals(owner.status().get("leader")));
      assertThat(c.nodes()).allMatch(ClusterNode::agentAlive);
      assertThat(c.answering(VIP)).containsExactly(next);
    }
  }
}
