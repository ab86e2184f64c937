package io.fulcrum.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.testing.InMemoryDocuments;
import io.fulcrum.election.Document;
import io.fulcrum.kubernetes.ServiceRef;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's address allocations in the replicated state: what one leader saved is what the next
 * one loads, an unchanged set writes nothing, a set saved while the group has no leader is written
 * once it has one, and an unreadable document counts as no allocations.
 */
class ReplicatedAllocationsTest {
  final InMemoryDocuments group = new InMemoryDocuments();
  final ReplicatedAllocations store = new ReplicatedAllocations(group);

  @AfterEach
  void close() {
    store.close();
    group.close();
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void allocationsSavedByOneLeaderAreLoadedByTheNext() throws Exception {
    Map<ServiceRef, List<InetAddress>> a =
        Map.of(
            new ServiceRef("shop", "web"), List.of(ip("198.18.100.1"), ip("2001:db8::1")),
            new ServiceRef("shop", "db"), List.of(ip("198.18.100.2")));
    store.save(a);
    Awaitility.await().until(() -> group.commits == 1);
    try (ReplicatedAllocations next = new ReplicatedAllocations(group)) {
      assertThat(next.load()).isEqualTo(a);
    }
    // the same set again: nothing written
    store.save(a);
    Thread.sleep(100);
    assertThat(group.commits).isEqualTo(1);
  }

  @Test
  void setSavedWithoutALeaderIsWrittenOnceThereIsOne() throws Exception {
    group.failWrites = () -> new IllegalStateException("no quorum");
    Map<ServiceRef, List<InetAddress>> a =
        Map.of(new ServiceRef("shop", "web"), List.of(ip("198.18.100.1")));
    store.save(a);
    Thread.sleep(200);
    assertThat(store.load()).isEmpty();
    group.failWrites = null;
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.load().equals(a));
  }

  @Test
  void latestSetWinsAndAnotherLeadersEarlierWriteIsNotLost() throws Exception {
    Map<ServiceRef, List<InetAddress>> older =
        Map.of(new ServiceRef("shop", "old"), List.of(ip("198.18.100.9")));
    group.writeAsAnotherNode(ReplicatedAllocations.KEY, ReplicatedAllocations.encode(older));
    assertThat(store.load()).isEqualTo(older);
    Map<ServiceRef, List<InetAddress>> mine =
        Map.of(
            new ServiceRef("shop", "old"), List.of(ip("198.18.100.9")),
            new ServiceRef("shop", "web"), List.of(ip("198.18.100.1")));
    store.save(mine);
    Awaitility.await().until(() -> store.load().equals(mine));
  }

  @Test
  void unreadableDocumentCountsAsNoAllocations() {
    for (String bad :
        List.of("not json", "{\"noslash\":[\"198.18.0.1\"]}", "{\"a/b\":[\"example.com\"]}")) {
      assertThat(
              ReplicatedAllocations.decode(new Document(3, bad.getBytes(StandardCharsets.UTF_8))))
          .as(bad)
          .isEmpty();
    }
  }
}
