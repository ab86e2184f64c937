package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.election.l2.VipAnnouncer;
import io.fulcrum.testrig.Capabilities;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real Raft nodes on loopback in this JVM: a restricted VIP (Kubernetes {@code
 * externalTrafficPolicy: Local}) is owned only by the node that declares it can serve it, and moves
 * when another node declares it instead.
 */
class LocalEligibilityIT {
  static final String VIP = "198.18.0.150";
  static final String FREE = "198.18.0.151";
  final List<ElectionNode> nodes = new ArrayList<>();
  final List<String> ids = new ArrayList<>();
  Path dir;

  @AfterEach
  void close() throws IOException {
    nodes.forEach(ElectionNode::close);
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String owner(String vip) {
    return nodes.get(0).status().owners().getOrDefault(vip, "");
  }

  @Test
  void restrictedVipIsOwnedOnlyByANodeThatCanServeIt() throws Exception {
    Capabilities.requireKernelTestRig();
    dir = Files.createTempDirectory("fulcrum-local-eligibility");
    for (int i = 0; i < 3; i++) {
      ids.add("127.0.0.1:" + freePort());
    }
    VipLeaseWriter none =
        new VipLeaseWriter() {
          @Override
          public void grant(String vip, long expiresAtNanos) {}

          @Override
          public void revoke(String vip) {}
        };
    VipAnnouncer quiet = vip -> {};
    for (String id : ids) {
      ElectionSettings s =
          new ElectionSettings(
              "local-it", id, ids, dir.resolve(id.replace(':', '_')), 300, 300, 600, 100, 100, 60);
      ElectionNode n = ElectionNode.start(s, none, quiet);
      nodes.add(n);
    }
    String c = ids.get(2);
    for (int i = 0; i < 3; i++) {
      ElectionNode n = nodes.get(i);
      n.declareLocal(Set.of(VIP), i == 2 ? Set.of(VIP) : Set.of());
      n.declareVips(Set.of(VIP, FREE));
      n.setReady(true);
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.equals(owner(VIP)));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !owner(FREE).isEmpty());

    // c loses its local endpoint, b gains one: the VIP moves to b (after c's lease)
    String b = ids.get(1);
    nodes.get(2).declareLocal(Set.of(VIP), Set.of());
    nodes.get(1).declareLocal(Set.of(VIP), Set.of(VIP));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> b.equals(owner(VIP)));

    // nobody can serve it: no owner
    nodes.get(1).declareLocal(Set.of(VIP), Set.of());
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> owner(VIP).isEmpty());
    assertThat(owner(FREE)).isNotEmpty();
  }
}
