package io.fulcrum.election.raft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.option.ReadOnlyOption;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.rpc.impl.cli.CliClientServiceImpl;
import io.fulcrum.election.ElectionSettings;
import io.fulcrum.election.lease.FailureDetector;
import io.fulcrum.election.lease.LeaseEngine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease renewal (fencing, docs/election.md). The leader renews its own lease with a Raft ReadIndex
 * round. A follower asks the leader ({@link LeaseRequest}); the leader takes the receive time,
 * confirms its leadership with a ReadIndex round, records the grant in its {@link FailureDetector}
 * (which judges the follower by it) and only then answers with its commit index; the follower's
 * lease counts from the moment it sent the request, once it has applied that index.
 */
final class LeaseRenewer {
  private final ElectionSettings settings;
  private final String self;
  private final LeaseEngine engine;
  private final FailureDetector detector;
  private final Runnable tick;
  private final AtomicBoolean renewing = new AtomicBoolean();
  private final AtomicLong renewStarted = new AtomicLong();
  private final long[] pending = new long[2]; // start of a granted round, index to apply first
  private volatile Node node;
  private volatile CliClientServiceImpl client;
  private volatile boolean closed;

  LeaseRenewer(
      ElectionSettings settings, LeaseEngine engine, FailureDetector detector, Runnable tick) {
    this.settings = settings;
    this.self = settings.nodeId();
    this.engine = engine;
    this.detector = detector;
    this.tick = tick;
  }

  /** The Raft node and RPC client, once started. */
  void attach(Node node, CliClientServiceImpl client) {
    this.node = node;
    this.client = client;
  }

  void close() {
    closed = true;
  }

  RpcProcessor<LeaseRequest> processor() {
    return new LeaseProcessor();
  }

  void renew() {
    Node node = this.node;
    if (node == null || closed) {
      return;
    }
    long now = System.nanoTime();
    long patience =
        TimeUnit.MILLISECONDS.toNanos(
            Math.min(settings.vipLeaseMs(), Math.max(4 * settings.renewIntervalMs(), 200)));
    if (renewing.get() && now - renewStarted.get() < patience) {
      return; // one round at a time; a round that hangs is given up (a late success still counts)
    }
    if (node.isLeader()) {
      renewing.set(true);
      renewStarted.set(now);
      renewAsLeader(node, now);
      return;
    }
    PeerId leader = node.getLeaderId();
    if (leader == null || leader.isEmpty()) {
      return;
    }
    renewing.set(true);
    renewStarted.set(now);
    renewThroughLeader(leader, now);
  }

  /** The leader confirms its own leadership with a ReadIndex round (nobody grants it a lease). */
  private void renewAsLeader(Node node, long started) {
    node.readIndex(
        ReadOnlyOption.ReadOnlySafe,
        new byte[0],
        new ReadIndexClosure(settings.vipLeaseMs()) {
          @Override
          public void run(Status status, long index, byte[] ctx) {
            roundDone(started);
            if (status.isOk()) {
              engine.quorumConfirmed(started);
              tick.run();
            }
          }
        });
  }

  /**
   * A follower asks the leader for its lease: the leader confirms its leadership with a majority,
   * records the grant (so it judges this node by it) and answers with its commit index; the lease
   * counts from {@code started} once this node has applied that index.
   */
  private void renewThroughLeader(PeerId leader, long started) {
    try {
      client
          .getRpcClient()
          .invokeAsync(
              leader.getEndpoint(),
              new LeaseRequest(self),
              (result, err) -> {
                roundDone(started);
                if (err == null && result instanceof LeaseResponse r && r.ok) {
                  confirmWhenApplied(started, r.index);
                }
              },
              settings.vipLeaseMs());
    } catch (Exception e) {
      roundDone(started);
    }
  }

  private void roundDone(long started) {
    if (renewStarted.get() == started) {
      renewing.set(false);
    }
  }

  /** Confirms the round that began at {@code started} once {@code index} has been applied here. */
  private void confirmWhenApplied(long started, long index) {
    synchronized (pending) {
      if (pending[0] == 0 || started - pending[0] > 0) {
        pending[0] = started;
        pending[1] = index;
      }
    }
    checkPending();
  }

  void checkPending() {
    Node node = this.node;
    long started;
    synchronized (pending) {
      if (node == null || pending[0] == 0 || node.getLastAppliedLogIndex() < pending[1]) {
        return;
      }
      started = pending[0];
      pending[0] = 0;
    }
    engine.quorumConfirmed(started);
    tick.run();
  }

  /**
   * Serves {@link LeaseRequest}s on the leader: the receive time is taken first, the grant is
   * recorded only after a ReadIndex round confirmed the leadership, and before the answer leaves.
   */
  private final class LeaseProcessor implements RpcProcessor<LeaseRequest> {
    @Override
    public void handleRequest(RpcContext ctx, LeaseRequest request) {
      long received = System.nanoTime();
      Node node = LeaseRenewer.this.node;
      if (closed || node == null || !node.isLeader() || request.nodeId == null) {
        ctx.sendResponse(new LeaseResponse(false, 0, "not the leader"));
        return;
      }
      node.readIndex(
          ReadOnlyOption.ReadOnlySafe,
          new byte[0],
          new ReadIndexClosure(settings.vipLeaseMs()) {
            @Override
            public void run(Status status, long index, byte[] reqCtx) {
              if (status.isOk()
                  && node.isLeader()
                  && detector.grantIfAllowed(request.nodeId, received)) {
                ctx.sendResponse(new LeaseResponse(true, index, null));
              } else {
                ctx.sendResponse(new LeaseResponse(false, 0, status.getErrorMsg()));
              }
            }
          });
    }

    @Override
    public String interest() {
      return LeaseRequest.class.getName();
    }
  }
}
