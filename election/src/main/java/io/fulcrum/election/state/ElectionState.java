package io.fulcrum.election.state;

import io.fulcrum.election.Document;
import io.fulcrum.election.ReplicatedDocuments;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replicated state: members and their readiness, the VIPs to place and who owns each,
 * replicated documents (modules' runtime state, written with compare-and-set), and the last leader
 * that announced itself. Pure and deterministic: the same commands in the same order give the same
 * state on every node. Not thread-safe (the Raft state machine applies from one thread; readers get
 * copies through the accessors).
 */
public final class ElectionState {
  private static final int SNAPSHOT_VERSION = 3;

  /** The owner of one VIP and how the newest owner got it. */
  public record Assignment(String owner, long takeoverDelayMs, long index) {}

  /** One ownership change caused by an applied command. An empty owner means none. */
  public record OwnerChange(String vip, String oldOwner, String newOwner, long takeoverDelayMs) {}

  private final TreeSet<String> members = new TreeSet<>();
  private final TreeMap<String, Boolean> ready = new TreeMap<>();
  private final TreeSet<String> vips = new TreeSet<>();
  private final TreeMap<String, Assignment> owners = new TreeMap<>();
  private final TreeMap<String, Document> documents = new TreeMap<>();
  private final TreeSet<String> restricted = new TreeSet<>();
  private final TreeMap<String, TreeSet<String>> servable = new TreeMap<>();
  private String leader = "";
  private long leaderTerm;
  private long failoverMoves;

  /** Applies one committed command at log {@code index}; returns the ownership changes. */
  public List<OwnerChange> apply(Command command, long index) {
    List<OwnerChange> changes = new ArrayList<>();
    if (command instanceof Command.SetReady r) {
      ready.put(r.node(), r.ready());
    } else if (command instanceof Command.SetVips v) {
      vips.clear();
      vips.addAll(v.vips());
      for (String vip : new ArrayList<>(owners.keySet())) {
        if (!vips.contains(vip)) {
          Assignment old = owners.remove(vip);
          changes.add(new OwnerChange(vip, old.owner(), "", 0));
        }
      }
    } else if (command instanceof Command.Assign a) {
      for (Map.Entry<String, String> e : a.owners().entrySet()) {
        String vip = e.getKey();
        if (!vips.contains(vip)) {
          continue; // a VIP withdrawn meanwhile: nothing to own
        }
        Assignment old = owners.get(vip);
        String oldOwner = old == null ? "" : old.owner();
        String newOwner = e.getValue();
        if (oldOwner.equals(newOwner)) {
          continue;
        }
        if (newOwner.isEmpty()) {
          owners.remove(vip);
        } else {
          owners.put(vip, new Assignment(newOwner, a.takeoverDelayMs(), index));
        }
        if (a.failover() && !oldOwner.isEmpty()) {
          failoverMoves++;
        }
        changes.add(new OwnerChange(vip, oldOwner, newOwner, a.takeoverDelayMs()));
      }
    } else if (command instanceof Command.SetRestricted r) {
      restricted.clear();
      restricted.addAll(r.vips());
    } else if (command instanceof Command.SetServable s) {
      if (s.vips().isEmpty()) {
        servable.remove(s.node());
      } else {
        servable.put(s.node(), new TreeSet<>(s.vips()));
      }
    } else if (command instanceof Command.PutDocument p) {
      if (accepts(p)) {
        documents.put(p.key(), new Document(document(p.key()).version() + 1, p.value()));
      }
    } else if (command instanceof Command.LeaderIs l) {
      if (l.term() >= leaderTerm) {
        leader = l.node();
        leaderTerm = l.term();
      }
    }
    return changes;
  }

  /** Replaces the member list (from a committed Raft configuration). */
  public void setMembers(Set<String> newMembers) {
    members.clear();
    members.addAll(newMembers);
    ready.keySet().retainAll(members);
    servable.keySet().retainAll(members);
  }

  /** The VIPs only the nodes that can serve them may own. */
  public SortedSet<String> restricted() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(restricted));
  }

  /** The restricted VIPs {@code node} can serve. */
  public SortedSet<String> servable(String node) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(servable.getOrDefault(node, EMPTY)));
  }

  private static final TreeSet<String> EMPTY = new TreeSet<>();

  /**
   * For each restricted VIP, the nodes that declared they can serve it (possibly none); VIPs absent
   * from the map may go to any node.
   */
  public Map<String, Set<String>> allowedOwners() {
    Map<String, Set<String>> m = new TreeMap<>();
    for (String vip : restricted) {
      Set<String> nodes = new TreeSet<>();
      servable.forEach(
          (n, set) -> {
            if (set.contains(vip)) {
              nodes.add(n);
            }
          });
      m.put(vip, nodes);
    }
    return m;
  }

  public SortedSet<String> members() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(members));
  }

  public boolean isReady(String node) {
    return ready.getOrDefault(node, false);
  }

  public SortedMap<String, Boolean> readiness() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(ready));
  }

  public SortedSet<String> vips() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(vips));
  }

  /** VIP to owner, only for owned VIPs. */
  public SortedMap<String, String> owners() {
    TreeMap<String, String> m = new TreeMap<>();
    owners.forEach((vip, a) -> m.put(vip, a.owner()));
    return Collections.unmodifiableSortedMap(m);
  }

  public Optional<Assignment> assignment(String vip) {
    return Optional.ofNullable(owners.get(vip));
  }

  /** Whether {@code p} would be applied now (its expected version matches). */
  public boolean accepts(Command.PutDocument p) {
    return p.expectedVersion() == Command.PutDocument.ANY_VERSION
        || p.expectedVersion() == document(p.key()).version();
  }

  /** A replicated document ({@link Document#NONE} when never written). */
  public Document document(String key) {
    return documents.getOrDefault(key, Document.NONE);
  }

  /** Every document written so far. */
  public SortedMap<String, Document> documents() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(documents));
  }

  /** Each document's version. */
  public SortedMap<String, Long> documentVersions() {
    TreeMap<String, Long> m = new TreeMap<>();
    documents.forEach((k, d) -> m.put(k, d.version()));
    return Collections.unmodifiableSortedMap(m);
  }

  public String leader() {
    return leader;
  }

  public long leaderTerm() {
    return leaderTerm;
  }

  /** VIPs moved away from an owner by a failover (not by balancing), over the group's life. */
  public long failoverMoves() {
    return failoverMoves;
  }

  /** The whole state as bytes, for a Raft snapshot. */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SNAPSHOT_VERSION);
      writeStrings(out, members);
      out.writeInt(ready.size());
      for (Map.Entry<String, Boolean> e : ready.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeBoolean(e.getValue());
      }
      writeStrings(out, vips);
      out.writeInt(owners.size());
      for (Map.Entry<String, Assignment> e : owners.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().owner());
        out.writeLong(e.getValue().takeoverDelayMs());
        out.writeLong(e.getValue().index());
      }
      out.writeInt(documents.size());
      for (Map.Entry<String, Document> e : documents.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue().version());
        byte[] v = e.getValue().value();
        out.writeInt(v.length);
        out.write(v);
      }
      out.writeUTF(leader);
      out.writeLong(leaderTerm);
      out.writeLong(failoverMoves);
      writeStrings(out, restricted);
      out.writeInt(servable.size());
      for (Map.Entry<String, TreeSet<String>> e : servable.entrySet()) {
        out.writeUTF(e.getKey());
        writeStrings(out, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Replaces this state with a snapshot; a malformed snapshot is an error and changes nothing. */
  public void restore(byte[] data) {
    ElectionState s = new ElectionState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int version = in.readInt();
      if (version < 1 || version > SNAPSHOT_VERSION) {
        throw new IllegalArgumentException("unknown snapshot version " + version);
      }
      readStrings(in, s.members);
      int n = count(in);
      for (int i = 0; i < n; i++) {
        s.ready.put(in.readUTF(), in.readBoolean());
      }
      readStrings(in, s.vips);
      n = count(in);
      for (int i = 0; i < n; i++) {
        String vip = in.readUTF();
        s.owners.put(vip, new Assignment(in.readUTF(), in.readLong(), in.readLong()));
      }
      n = count(in);
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        if (version < 3) { // earlier versions kept text settings, without versions
          s.documents.put(key, new Document(1, in.readUTF().getBytes(StandardCharsets.UTF_8)));
          continue;
        }
        long v = in.readLong();
        int size = in.readInt();
        if (v < 0 || size < 0 || size > ReplicatedDocuments.MAX_DOCUMENT_BYTES) {
          throw new IOException("bad document " + key + " (version " + v + ", " + size + " bytes)");
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        s.documents.put(key, new Document(v, bytes));
      }
      s.leader = in.readUTF();
      s.leaderTerm = in.readLong();
      s.failoverMoves = in.readLong();
      if (version >= 2) {
        readStrings(in, s.restricted);
        n = count(in);
        for (int i = 0; i < n; i++) {
          String node = in.readUTF();
          TreeSet<String> set = new TreeSet<>();
          readStrings(in, set);
          s.servable.put(node, set);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed snapshot", e);
    }
    members.clear();
    members.addAll(s.members);
    ready.clear();
    ready.putAll(s.ready);
    vips.clear();
    vips.addAll(s.vips);
    owners.clear();
    owners.putAll(s.owners);
    documents.clear();
    documents.putAll(s.documents);
    leader = s.leader;
    leaderTerm = s.leaderTerm;
    failoverMoves = s.failoverMoves;
    restricted.clear();
    restricted.addAll(s.restricted);
    servable.clear();
    servable.putAll(s.servable);
  }

  private static void writeStrings(DataOutputStream out, Set<String> set) throws IOException {
    out.writeInt(set.size());
    for (String s : set) {
      out.writeUTF(s);
    }
  }

  private static void readStrings(DataInputStream in, Set<String> into) throws IOException {
    int n = count(in);
    for (int i = 0; i < n; i++) {
      into.add(in.readUTF());
    }
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (1 << 20)) {
      throw new IOException("bad item count " + n);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ElectionState s && java.util.Arrays.equals(snapshot(), s.snapshot());
  }

  @Override
  public int hashCode() {
    return Objects.hash(members, vips, owners, documents, leader, leaderTerm);
  }
}
