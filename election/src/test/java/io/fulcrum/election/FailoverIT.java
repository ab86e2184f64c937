package io.fulcrum.election;

import static io.fulcrum.election.ElectionRig.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.election.ArpCaptureAnalysis;
import io.fulcrum.testrig.election.ClusterNode;
import io.fulcrum.testrig.election.ElectionCluster;
import io.fulcrum.testrig.election.PingLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three agent processes in three network namespaces on a bridge with a client: the VIP moves to a
 * healthy node when its owner dies, when only the owner's agent dies, and when the owner is cut off
 * from its peers; never two answer at once; a node coming back does not pull the VIP back.
 */
class FailoverIT {
  @TempDir Path work;

  @BeforeAll
  static void rig() {
    ElectionRig.requireTools();
  }

  @Test
  void vipMovesWhenTheOwnerDiesOrOnlyItsAgentDiesAndARejoiningNodeDoesNotPullItBack()
      throws Exception {
    try (ElectionCluster c = ElectionRig.cluster(work, ElectionRig.TEST_TIMINGS)) {
      try {
        deadOwnerRejoinAndDeadAgent(c);
      } catch (AssertionError | RuntimeException e) {
        System.out.println(ElectionRig.logs(c));
        throw e;
      }
    }
  }

  private void deadOwnerRejoinAndDeadAgent(ElectionCluster c) throws Exception {
    {
      ClusterNode first = ElectionRig.settledOwner(c, 90);

      // 1. the whole owner dies: agent and data plane killed, link down
      first.killNode();
      ClusterNode second = ElectionRig.settledOwnerOtherThan(c, first, 30);
      assertThat(second).isNotEqualTo(first);

      // 3. the dead node comes back: the VIP stays where it is and the rejoining node never
      //    answers for it (no flapping)
      File pingLog = work.resolve("ping-rejoin.txt").toFile();
      Process ping = c.startPing(VIP, 0.02, pingLog);
      double from = System.currentTimeMillis() / 1000.0;
      first.reviveNode();
      long until = System.nanoTime() + 60_000_000_000L;
      boolean rejoined = false;
      long settledAt = 0;
      while (System.nanoTime() < until) {
        assertThat(first.hasAddress(VIP)).as("the rejoining node answers for the VIP").isFalse();
        if (!rejoined && first.status().getOrDefault("leader", "").length() > 0) {
          rejoined = true;
          settledAt = System.nanoTime();
        }
        if (rejoined && System.nanoTime() - settledAt > 3_000_000_000L) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(rejoined).as("the dead node rejoined").isTrue();
      double to = System.currentTimeMillis() / 1000.0;
      ElectionCluster.stop(ping);
      assertThat(c.ownerOf(VIP)).isEqualTo(second.id());
      assertThat(c.answering(VIP)).containsExactly(second);
      List<Double> replies = PingLog.replyTimes(Files.readAllLines(pingLog.toPath()));
      // reported, not asserted: on a shared 2-core machine the two JVMs starting can stall the
      // others for longer than a lease (the VIP then falls silent briefly, it does not move)
      System.out.println(
          "client-visible gap while a node rejoined: "
              + PingLog.longestSilenceMs(replies, from, to)
              + " ms");

      // 2. only the owner's agent dies; its data plane stays up and must fall silent by itself
      second.killAgent();
      ClusterNode third = ElectionRig.settledOwnerOtherThan(c, second, 30);
      assertThat(third).isNotEqualTo(second);
      assertThat(second.hasAddress(VIP)).isFalse();
    }
  }

  @Test
  void agentRestartedWithinItsLeaseKeepsItsVipWithoutAGap() throws Exception {
    try (ElectionCluster c =
        ElectionRig.cluster(
            work,
            List.of("--election-timeout-ms", "600", "--lease-ms", "15000", "--renew-ms", "200"))) {
      ClusterNode owner = ElectionRig.settledOwner(c, 90);
      File pingLog = work.resolve("ping-restart.txt").toFile();
      Process ping = c.startPing(VIP, 0.02, pingLog);
      Thread.sleep(500);
      double from = System.currentTimeMillis() / 1000.0;
      owner.killAgent();
      owner.startAgent();
      // the restarted agent renews the lease the dead one wrote, before it runs out
      ElectionRig.await(60).until(() -> owner.status().getOrDefault("answering", "").contains(VIP));
      Thread.sleep(1000);
      double to = System.currentTimeMillis() / 1000.0;
      ElectionCluster.stop(ping);
      assertThat(c.ownerOf(VIP)).isEqualTo(owner.id());
      assertThat(c.answering(VIP)).containsExactly(owner);
      List<Double> replies = PingLog.replyTimes(Files.readAllLines(pingLog.toPath()));
      assertThat(PingLog.longestSilenceMs(replies, from, to))
          .as("client-visible gap while the owner's agent restarted")
          .isBetween(0L, 400L);
    }
  }

  @Test
  void partitionedOwnerFallsSilentBeforeAnotherNodeAnswers() throws Exception {
    try (ElectionCluster c = ElectionRig.cluster(work, ElectionRig.TEST_TIMINGS)) {
      ClusterNode owner = ElectionRig.settledOwner(c, 90);
      File pcap = work.resolve("arp.pcap").toFile();
      List<Process> watch = c.startArpWatch(VIP, pcap, work.resolve("watch.log").toFile());
      // the prober's JVM starts and the capture shows the owner answering before the cut
      ElectionRig.await(60)
          .until(
              () ->
                  ArpCaptureAnalysis.analyse(
                              ElectionCluster.readCapture(pcap), VIP, ElectionCluster.OBSERVER_IP)
                          .replies()
                      >= 20);

      owner.partitionFromPeers();
      ElectionRig.await(30)
          .until(
              () -> {
                List<ClusterNode> a = c.answering(VIP);
                return a.size() == 1 && !a.get(0).equals(owner) && c.clientReaches(VIP);
              });
      ClusterNode taker = c.answering(VIP).get(0);
      assertThat(owner.hasAddress(VIP)).isFalse();
      Thread.sleep(500);

      // the partition heals: the old owner rejoins and does not take the VIP back
      owner.heal();
      Thread.sleep(3000);
      assertThat(c.answering(VIP)).containsExactly(taker);
      assertThat(c.ownerOf(VIP)).isEqualTo(taker.id());
      watch.forEach(ElectionCluster::stop);

      ArpCaptureAnalysis.Result r =
          ArpCaptureAnalysis.analyse(
              ElectionCluster.readCapture(pcap), VIP, ElectionCluster.OBSERVER_IP);
      System.out.println("ARP capture: " + r);
      assertThat(r.requests()).as("probe requests captured").isGreaterThan(100);
      assertThat(r.answerers()).as("answerers in order").containsExactly(owner.mac(), taker.mac());
      assertThat(r.splitBrainMoments()).as("moments with two answerers: " + r.why()).isZero();
    }
  }
}
