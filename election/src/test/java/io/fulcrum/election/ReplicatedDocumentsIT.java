package io.fulcrum.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.election.l2.VipAnnouncer;
import io.fulcrum.testrig.Capabilities;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  final List<ElectionNode> nodes = new ArrayList<>();
  final List<String> ids = new ArrayList<>();
  final List<Map<String, Document>> heard = new ArrayList<>();
  Path dir;

  @AfterEach
  void close() throws IOException {
    nodes.forEach(n -> n.close());
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

  ElectionNode start(int i) {
    VipLeaseWriter none =
        new VipLeaseWriter() {
          @Override
          public void grant(String vip, long expiresAtNanos) {}

          @Override
          public void revoke(String vip) {}
        };
    VipAnnouncer quiet = vip -> {};
    String id = ids.get(i);
    ElectionSettings s =
        new ElectionSettings(
            "docs-it", id, ids, dir.resolve(id.replace(':', '_')), 300, 300, 600, 100, 100, 60);
    ElectionNode n = ElectionNode.start(s, none, quiet);
    Map<String, Document> mine = heard.get(i);
    n.addDocumentListener(mine::put);
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
    dir = Files.createTempDirectory("fulcrum-documents");
    for (int i = 0; i < 3; i++) {
      ids.add("127.0.0.1:" + freePort());
      heard.add(new ConcurrentHashMap<>());
    }
    for (int i = 0; i < 3; i++) {
      nodes.add(start(i));
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
    CompletableFuture<Long> a = nodes.get(0).putDocument(KEY, 1, utf8("from-a"));
    CompletableFuture<Long> b = nodes.get(1).putDocument(KEY, 1, utf8("from-b"));
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
    nodes.set(i, start(i));
    ElectionNode again = nodes.get(i);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> again.document(KEY).equals(new Document(3, big)));
    assertThat(put(again, 3, utf8("after restart"))).isEqualTo(4);
    awaitEverywhere(new Document(4, utf8("after restart")));
  }

  private void awaitEverywhere(Document d) {
    for (ElectionNode n : nodes) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> d.equals(n.document(KEY)));
    }
  }
}
