package io.fulcrum.election;

import io.fulcrum.election.l2.VipAnnouncer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Real Raft nodes of one group in this JVM, on free loopback ports, with no data plane (leases and
 * announcements go nowhere) and fast timings. Closing stops the nodes and removes their data.
 */
final class LoopbackGroup implements AutoCloseable {
  private final String groupId;
  private final Path dir;
  private final List<String> ids = new ArrayList<>();
  private final List<ElectionNode> nodes = new ArrayList<>();

  LoopbackGroup(String groupId, int size) throws IOException {
    this.groupId = groupId;
    this.dir = Files.createTempDirectory("fulcrum-" + groupId);
    for (int i = 0; i < size; i++) {
      ids.add("127.0.0.1:" + freePort());
      nodes.add(null);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts (or restarts, with its data) member {@code i}. */
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
            groupId, id, ids, dir.resolve(id.replace(':', '_')), 300, 300, 600, 100, 100, 60);
    ElectionNode n = ElectionNode.start(s, none, quiet);
    nodes.set(i, n);
    return n;
  }

  /** Starts every member. */
  LoopbackGroup startAll() {
    for (int i = 0; i < ids.size(); i++) {
      start(i);
    }
    return this;
  }

  ElectionNode node(int i) {
    return nodes.get(i);
  }

  List<ElectionNode> nodes() {
    return nodes;
  }

  String id(int i) {
    return ids.get(i);
  }

  @Override
  public void close() throws IOException {
    for (ElectionNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
