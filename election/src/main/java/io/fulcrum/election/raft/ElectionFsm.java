package io.fulcrum.election.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.LeaderChangeContext;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import io.fulcrum.election.Document;
import io.fulcrum.election.ReplicatedDocuments;
import io.fulcrum.election.lease.LeaseEngine;
import io.fulcrum.election.state.Command;
import io.fulcrum.election.state.CommandCodec;
import io.fulcrum.election.state.ElectionState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sofa-jraft state machine: applies commands to {@link ElectionState}, feeds the lease. */
final class ElectionFsm extends StateMachineAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ElectionFsm.class);
  private static final String SNAPSHOT_FILE = "election-state.bin";

  /** Status code of a conditional document write refused for a version mismatch. */
  static final int CONFLICT = 20_001;

  private final List<ReplicatedDocuments.DocumentListener> documentListeners =
      new CopyOnWriteArrayList<>();

  private final String self;
  private final ElectionState state = new ElectionState();
  private final LeaseEngine lease;
  private final LongConsumer onLeaderStart;
  private final LongConsumer onLeaderStop;
  private volatile long term;
  private volatile String leader = "";
  private volatile String role = "FOLLOWER";

  ElectionFsm(
      String self,
      Set<String> initialMembers,
      LeaseEngine lease,
      LongConsumer onLeaderStart,
      LongConsumer onStop) {
    this.self = self;
    this.state.setMembers(initialMembers);
    this.lease = lease;
    this.onLeaderStart = onLeaderStart;
    this.onLeaderStop = onStop;
  }

  @Override
  public void onApply(Iterator iter) {
    while (iter.hasNext()) {
      Closure done = iter.done();
      ByteBuffer data = iter.getData();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      try {
        Command c = CommandCodec.decode(bytes);
        long now = System.nanoTime();
        Document written = null;
        boolean refused = false;
        synchronized (state) {
          if (c instanceof Command.PutDocument p) {
            refused = !state.accepts(p);
          }
          for (ElectionState.OwnerChange ch : state.apply(c, iter.getIndex())) {
            if (ch.newOwner().equals(self)) {
              lease.gainedOwnership(
                  ch.vip(), TimeUnit.MILLISECONDS.toNanos(ch.takeoverDelayMs()), now);
            } else if (ch.oldOwner().equals(self)) {
              lease.lostOwnership(ch.vip());
            }
            LOG.info(
                "vip {}: {} -> {} (delay {} ms)",
                ch.vip(),
                ch.oldOwner(),
                ch.newOwner(),
                ch.takeoverDelayMs());
          }
          if (c instanceof Command.PutDocument p && !refused) {
            written = state.document(p.key());
          }
        }
        if (written != null) {
          tell(((Command.PutDocument) c).key(), written);
        }
        if (done != null) {
          done.run(refused ? new Status(CONFLICT, "document version conflict") : Status.OK());
        }
      } catch (IllegalArgumentException e) {
        LOG.error(
            "skipping a malformed log entry at index {}: {}", iter.getIndex(), e.getMessage());
        if (done != null) {
          done.run(new Status(RaftError.EINVAL, "malformed command: %s", e.getMessage()));
        }
      }
      iter.next();
    }
  }

  @Override
  public void onSnapshotSave(SnapshotWriter writer, Closure done) {
    byte[] bytes;
    synchronized (state) {
      bytes = state.snapshot();
    }
    try {
      Files.write(Path.of(writer.getPath(), SNAPSHOT_FILE), bytes);
      if (writer.addFile(SNAPSHOT_FILE)) {
        done.run(Status.OK());
      } else {
        done.run(new Status(RaftError.EIO, "cannot add the snapshot file"));
      }
    } catch (IOException e) {
      done.run(new Status(RaftError.EIO, "snapshot write failed: %s", e.getMessage()));
    }
  }

  @Override
  public boolean onSnapshotLoad(SnapshotReader reader) {
    if (reader.getFileMeta(SNAPSHOT_FILE) == null) {
      LOG.error("snapshot without {}", SNAPSHOT_FILE);
      return false;
    }
    try {
      byte[] bytes = Files.readAllBytes(Path.of(reader.getPath(), SNAPSHOT_FILE));
      long now = System.nanoTime();
      synchronized (state) {
        state.restore(bytes);
        Map<String, Long> mine = new HashMap<>();
        state
            .owners()
            .forEach(
                (vip, owner) -> {
                  if (owner.equals(self)) {
                    long delayMs = state.assignment(vip).orElseThrow().takeoverDelayMs();
                    mine.put(vip, TimeUnit.MILLISECONDS.toNanos(delayMs));
                  }
                });
        lease.resetOwnership(mine, now);
      }
      read(ElectionState::documents).forEach(this::tell);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("cannot load snapshot: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void onConfigurationCommitted(Configuration conf) {
    Set<String> members = new TreeSet<>();
    for (PeerId p : conf.getPeers()) {
      members.add(p.getEndpoint().toString());
    }
    synchronized (state) {
      state.setMembers(members);
    }
  }

  @Override
  public void onLeaderStart(long term) {
    this.term = term;
    this.leader = self;
    this.role = "LEADER";
    onLeaderStart.accept(term);
  }

  @Override
  public void onLeaderStop(Status status) {
    this.role = "FOLLOWER";
    onLeaderStop.accept(term);
  }

  @Override
  public void onStartFollowing(LeaderChangeContext ctx) {
    this.term = ctx.getTerm();
    this.leader = ctx.getLeaderId() == null ? "" : ctx.getLeaderId().getEndpoint().toString();
    this.role = "FOLLOWER";
  }

  @Override
  public void onStopFollowing(LeaderChangeContext ctx) {
    this.leader = "";
  }

  void addDocumentListener(ReplicatedDocuments.DocumentListener l) {
    documentListeners.add(l);
  }

  private void tell(String key, Document d) {
    for (ReplicatedDocuments.DocumentListener l : documentListeners) {
      try {
        l.changed(key, d);
      } catch (RuntimeException e) {
        LOG.error("document listener failed on {} version {}", key, d.version(), e);
      }
    }
  }

  /** Runs {@code reader} on the state under its lock. */
  <T> T read(java.util.function.Function<ElectionState, T> reader) {
    synchronized (state) {
      return reader.apply(state);
    }
  }

  long term() {
    return term;
  }

  String leader() {
    return leader;
  }

  String role() {
    return role;
  }
}
