package io.fulcrum.agent.it;

import static io.fulcrum.testrig.election.AgentCluster.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.election.AgentCluster;
import io.fulcrum.testrig.election.AgentNode;
import io.fulcrum.testrig.election.ArpCaptureAnalysis;
import io.fulcrum.testrig.election.PingLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real agents (XDP attached, election enabled) in three namespaces on a bridge with a client
 * and two HTTP backends: the client reaches the VIP through the owner's data plane; the VIP moves
 * when the owner dies, when only its agent dies, and when it is cut off from its peers (never two
 * answering, as the client-side ARP capture shows); a node coming back does not pull it back; an
 * agent restarted within its lease keeps the VIP without a gap.
 */
class ElectionFailoverIT {
  @TempDir Path work;

  @BeforeAll
  static void rig() {
    ElectionRig.requireTools();
  }

  @Test
  void vipMovesOnDeadOwnerDeadAgentAndPartitionAndARejoiningNodeDoesNotPullItBack()
      throws Exception {
    try (AgentCluster c =
        new AgentCluster(ElectionRig.JAR, work.resolve("a"), 3, ElectionRig.TEST_TIMINGS)) {
      try {
        scenario(c);
      } catch (AssertionError | RuntimeException e) {
        System.out.println(c.logs());
        throw e;
      }
    }
  }

  private void scenario(AgentCluster c) throws Exception {
    AgentNode first = ElectionRig.settledOwnerOtherThan(c, null, 90);
    assertThat(c.clientGet()).startsWith("backend-");

    // 1. the whole owner dies: agent SIGKILLed, its link down
    first.killNode();
    AgentNode second = ElectionRig.settledOwnerOtherThan(c, first, 30);

    // 2. the dead node comes back: the VIP stays where it is, the rejoining node never answers
    File ping = work.resolve("ping-rejoin.txt").toFile();
    Process p = c.startPing(0.02, ping);
    double from = now();
    first.reviveNode(120);
    ElectionRig.await(60).until(() -> c.leader() != null && allReport(c));
    long until = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < until) {
      assertThat(first.reportsOwning(VIP)).as("the rejoining node answers for the VIP").isFalse();
      Thread.sleep(100);
    }
    AgentCluster.stop(p);
    assertThat(c.reportedOwners()).containsExactly(second);
    System.out.println(
        "client-visible gap while a node rejoined: "
            + PingLog.longestSilenceMs(
                PingLog.replyTimes(Files.readAllLines(ping.toPath())), from, now())
            + " ms");

    // 3. only the owner's agent dies: its data plane keeps forwarding but falls silent for ARP
    second.killAgent();
    AgentNode third = ElectionRig.settledOwnerOtherThan(c, second, 30);
    second.start(120);
    ElectionRig.await(60).until(() -> allReport(c));

    // 4. the owner is cut off from its peers but not from the client
    File pcap = work.resolve("arp.pcap").toFile();
    List<Process> watch = c.startArpWatch(pcap, work.resolve("watch.log").toFile());
    ElectionRig.await(60).until(() -> AgentCluster.analyseCapture(pcap).replies() >= 20);
    third.partitionFromPeers();
    AgentNode fourth = ElectionRig.settledOwnerOtherThan(c, third, 30);
    assertThat(third.reportsOwning(VIP)).isFalse();
    Thread.sleep(500);
    third.heal();
    Thread.sleep(3000);
    assertThat(c.reportedOwners())
        .as("the healed node does not take the VIP back")
        .containsExactly(fourth);
    watch.forEach(AgentCluster::stop);
    ArpCaptureAnalysis.Result r = AgentCluster.analyseCapture(pcap);
    System.out.println("ARP capture: " + r);
    assertThat(r.requests()).as("probe requests captured").isGreaterThan(100);
    assertThat(r.answerers()).as("answerers in order").containsExactly(third.mac(), fourth.mac());
    assertThat(r.splitBrainMoments()).as("moments with two answerers: " + r.why()).isZero();
  }

  /** Every agent is up and reports the election metrics. */
  private static boolean allReport(AgentCluster c) {
    return c.nodes().stream().allMatch(n -> n.scrape().contains("fulcrum_election_term"));
  }

  @Test
  void agentRestartedWithinItsLeaseKeepsItsVipWithoutAGap() throws Exception {
    try (AgentCluster c =
        new AgentCluster(
            ElectionRig.JAR,
            work.resolve("b"),
            3,
            "  electionTimeoutMs: 600\n  vipLeaseMs: 15000\n  renewIntervalMs: 200\n")) {
      try {
        AgentNode owner = ElectionRig.settledOwnerOtherThan(c, null, 90);
        File pcap = work.resolve("arp-restart.pcap").toFile();
        List<Process> watch = c.startArpWatch(pcap, work.resolve("watch-restart.log").toFile());
        ElectionRig.await(60).until(() -> AgentCluster.analyseCapture(pcap).replies() >= 20);
        double from = now();
        owner.killAgent();
        owner.start(120);
        // the restarted agent renews the lease the dead one wrote, before it runs out
        ElectionRig.await(60).until(() -> owner.reportsOwning(VIP));
        Thread.sleep(1000);
        double to = now();
        watch.forEach(AgentCluster::stop);
        assertThat(c.reportedOwners()).containsExactly(owner);
        assertThat(c.clientGet()).startsWith("backend-");
        ArpCaptureAnalysis.Result r = AgentCluster.analyseCapture(pcap);
        assertThat(r.answerers()).as("only the owner answered").containsExactly(owner.mac());
        assertThat(r.splitBrainMoments()).isZero();
        long gap = PingLog.longestSilenceMs(ElectionRig.arpReplyTimes(pcap), from, to);
        System.out.println("longest ARP silence while the owner's agent restarted: " + gap + " ms");
        assertThat(gap).as("ARP answers stop while the owner's agent restarts").isBetween(0L, 400L);
      } catch (AssertionError | RuntimeException e) {
        System.out.println(c.logs());
        throw e;
      }
    }
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
