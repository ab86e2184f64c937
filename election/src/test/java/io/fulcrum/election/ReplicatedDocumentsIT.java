package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.testrig.Capabilities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real Raft nodes on loopback in this JVM: documents written with compare-and-set from any
 * node reach every replica and its listeners, a stale write is refused as a conflict and changes
 * nothing, documents larger than a log entry's old 64 KB text limit replicate, and a restarted node
 * has them again.
 */
class ReplicatedDocumentsIT {
  static final String KEY = "api.runtime";
  final List<Map<String, Document>> heard = new ArrayList<>();
  final List<ElectionNode> nodes = new ArrayList<>();
  LoopbackGroup group;

  @AfterEach
  void close() throws IOException {
    if (group != null) {
      group.close();
    }
  }

  ElectionNode start(int i) {
    ElectionNode n = group.start(i);
    n.addDocumentListener(heard.get(i)::put);
    nodes.set(i, n);
    return n;
  }

  ElectionNode follower() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> nodes.stream().anyMatch(n -> "LEADER".equals(n.status().role())));
    return nodes.stream().filter(n -> !"LEADER".equals(n.status().role())).findFirst().get();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static long put(ElectionNode n, long expected, byte[] value) throws Exception {
    // the group may still be settling its first leader: retry what was not committed
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return n.putDocument(KEY, expected, value).get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof DocumentConflictException || System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void documentsWrittenAnywhereReachEveryReplicaAndStaleWritesChangeNothing() throws Exception {
    Capabilities.requireKernelTestRig();
    group = new LoopbackGroup("docs-it", 3);
    for (int i = 0; i < 3; i++) {
      heard.add(new ConcurrentHashMap<>());
      nodes.add(null);
    }
    for (int i = 0; i < 3; i++) {
      start(i);
    }

    // a follower's write goes through the leader and reaches every replica and listener
    ElectionNode f = follower();
    assertThat(put(f, 0, utf8("first"))).isEqualTo(1);
    Document first = new Document(1, utf8("first"));
    awaitEverywhere(first);
    for (Map<String, Document> h : heard) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.equals(h.get(KEY)));
    }

    // two writers read version 1: one wins, the other is told and changes nothing
    CompletableFuture<Long> a = race(nodes.get(0), utf8("from-a"));
    CompletableFuture<Long> b = race(nodes.get(1), utf8("from-b"));
    int won = 0;
    String winner = null;
    for (var e : List.of(Map.entry("from-a", a), Map.entry("from-b", b))) {
      try {
        assertThat(e.getValue().get(10, TimeUnit.SECONDS)).isEqualTo(2);
        won++;
        winner = e.getKey();
      } catch (ExecutionException ex) {
        assertThat(ex.getCause()).isInstanceOf(DocumentConflictException.class);
      }
    }
    assertThat(won).isEqualTo(1);
    awaitEverywhere(new Document(2, utf8(winner)));
    assertThatThrownBy(
            () -> nodes.get(2).putDocument(KEY, 1, utf8("stale")).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DocumentConflictException.class);
    assertThat(nodes.get(2).document(KEY).version()).isEqualTo(2);

    // larger than the 64 KB a text setting could hold
    byte[] big = utf8("y".repeat(300_000));
    assertThat(put(f, 2, big)).isEqualTo(3);
    awaitEverywhere(new Document(3, big));

    // a node restarted with its data directory has the document back
    int i = nodes.indexOf(f);
    f.close();
    heard.get(i).clear();
    ElectionNode again = start(i);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> again.document(KEY).equals(new Document(3, big)));
    assertThat(put(again, 3, utf8("after restart"))).isEqualTo(4);
    awaitEverywhere(new Document(4, utf8("after restart")));
  }

  /** A write at version 1 on a thread of its own, retried while there is no leader. */
  static CompletableFuture<Long> race(ElectionNode n, byte[] value) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return put(n, 1, value);
          } catch (ExecutionException e) {
            throw new java.util.concurrent.CompletionException(e.getCause());
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  private void awaitEverywhere(Document d) {
    for (ElectionNode n : nodes) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> d.equals(n.document(KEY)));
    }
  }
}
