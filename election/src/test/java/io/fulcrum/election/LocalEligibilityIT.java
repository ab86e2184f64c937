package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testrig.Capabilities;
import java.io.IOException;
import java.time.Duration;
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
  LoopbackGroup group;

  @AfterEach
  void close() throws IOException {
    if (group != null) {
      group.close();
    }
  }

  String owner(String vip) {
    return group.node(0).status().owners().getOrDefault(vip, "");
  }

  @Test
  void restrictedVipIsOwnedOnlyByANodeThatCanServeIt() throws Exception {
    Capabilities.requireKernelTestRig();
    group = new LoopbackGroup("local-it", 3).startAll();
    String c = group.id(2);
    for (int i = 0; i < 3; i++) {
      ElectionNode n = group.node(i);
      n.declareLocal(Set.of(VIP), i == 2 ? Set.of(VIP) : Set.of());
      n.declareVips(Set.of(VIP, FREE));
      n.setReady(true);
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.equals(owner(VIP)));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !owner(FREE).isEmpty());

    // c loses its local endpoint, b gains one: the VIP moves to b (after c's lease)
    String b = group.id(1);
    group.node(2).declareLocal(Set.of(VIP), Set.of());
    group.node(1).declareLocal(Set.of(VIP), Set.of(VIP));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> b.equals(owner(VIP)));

    // nobody can serve it: no owner
    group.node(1).declareLocal(Set.of(VIP), Set.of());
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> owner(VIP).isEmpty());
    assertThat(owner(FREE)).isNotEmpty();
  }
}
