package io.fulcrum.election.raft;

import com.alipay.sofa.jraft.CliService;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.RaftServiceFactory;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.option.CliOptions;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.option.ReadOnlyOption;
import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.cli.CliClientServiceImpl;
import io.fulcrum.election.Document;
import io.fulcrum.election.ElectionNode;
import io.fulcrum.election.ElectionSettings;
import io.fulcrum.election.ElectionStatus;
import io.fulcrum.election.OwnershipListener;
import io.fulcrum.election.VipLeaseWriter;
import io.fulcrum.election.Vips;
import io.fulcrum.election.l2.VipAnnouncer;
import io.fulcrum.election.lease.FailureDetector;
import io.fulcrum.election.lease.LeaseEngine;
import io.fulcrum.election.state.Command;
import io.fulcrum.election.state.ElectionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ElectionNode} over sofa-jraft. See docs/election.md for the timing argument. */
public final class RaftElectionNode implements ElectionNode {
  private static final Logger LOG = LoggerFactory.getLogger(RaftElectionNode.class);
  private static final long TICK_MS = 10;
  private static final long BALANCE_MS = 20;
  private static final long RECONCILE_MS = 100;
  private static final long STARTUP_GRACE_MS = 3000;

  private final ElectionSettings settings;
  private final String self;
  private final VipLeaseWriter leases;
  private final VipAnnouncer announcer;
  private final LeaseEngine engine;
  private final FailureDetector detector;
  private final ElectionFsm fsm;
  private final List<OwnershipListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timers;
  private final AtomicBoolean assigning = new AtomicBoolean();
  private final AtomicBoolean reconciling = new AtomicBoolean();
  private final LeaseRenewer renewer;
  private volatile Boolean desiredReady;
  private volatile Set<String> desiredVips;
  private volatile Set<String> desiredRestricted;
  private volatile Set<String> desiredServable;
  private RaftGroupService group;
  private Node node;
  private CliClientServiceImpl client;
  private final CommandProxy commands = new CommandProxy();
  private CliService cli;
  private volatile boolean closed;
  private volatile long leaderSince;

  private RaftElectionNode(ElectionSettings s, VipLeaseWriter leases, VipAnnouncer announcer) {
    this.settings = s;
    this.self = s.nodeId();
    this.leases = leases;
    this.announcer = announcer;
    this.engine = new LeaseEngine(TimeUnit.MILLISECONDS.toNanos(s.vipLeaseMs()));
    this.detector =
        new FailureDetector(
            TimeUnit.MILLISECONDS.toNanos(s.vipLeaseMs()),
            TimeUnit.MILLISECONDS.toNanos(
                2 * s.renewIntervalMs() + s.heartbeatMs() + s.safetyMarginMs()),
            TimeUnit.MILLISECONDS.toNanos(s.safetyMarginMs()));
    this.renewer = new LeaseRenewer(s, engine, detector, this::tick);
    this.fsm =
        new ElectionFsm(
            self, new TreeSet<>(s.peers()), engine, this::leaderStarted, this::leaderStopped);
    this.timers =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "election-" + self);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts a node; see {@link ElectionNode#start}. */
  public static RaftElectionNode start(
      ElectionSettings s, VipLeaseWriter leases, VipAnnouncer announcer) {
    RaftElectionNode n = new RaftElectionNode(s, leases, announcer);
    n.startRaft();
    return n;
  }

  private void startRaft() {
    try {
      Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.dataDir(), e);
    }
    PeerId serverId = Peers.parse(self);
    Configuration conf = new Configuration();
    for (String p : settings.peers()) {
      conf.addPeer(Peers.parse(p));
    }
    RaftOptions raft = new RaftOptions();
    raft.setMaxElectionDelayMs(settings.maxElectionDelayMs());
    raft.setReadOnlyOptions(ReadOnlyOption.ReadOnlySafe);
    NodeOptions opts = new NodeOptions();
    opts.setElectionTimeoutMs(settings.electionTimeoutMs());
    opts.setLeaderLeaseTimeRatio(ElectionSettings.LEADER_LEASE_RATIO);
    opts.setSnapshotIntervalSecs(settings.snapshotIntervalSecs());
    // jraft connects to each peer in line, holding the node's lock, before it sends a (pre-)vote:
    // a connect to a dead peer stalls every vote request and answer for this long, and when that
    // stall is near the spread of election starts two candidates split the vote round after round
    // (seen: 5.5 s without a leader). Peers on a LAN connect in a millisecond or two.
    opts.setRpcConnectTimeoutMs(Math.max(20, Math.min(100, settings.electionTimeoutMs() / 10)));
    opts.setInitialConf(conf);
    opts.setFsm(fsm);
    opts.setRaftOptions(raft);
    opts.setLogUri(settings.dataDir().resolve("log").toString());
    opts.setRaftMetaUri(settings.dataDir().resolve("meta").toString());
    opts.setSnapshotUri(settings.dataDir().resolve("snapshot").toString());
    RpcServer rpc = RaftRpcServerFactory.createRaftRpcServer(serverId.getEndpoint());
    rpc.registerProcessor(commands.processor());
    rpc.registerProcessor(renewer.processor());
    group = new RaftGroupService(settings.groupId(), serverId, opts, rpc);
    node = group.start();
    client = new CliClientServiceImpl();
    client.init(new CliOptions());
    renewer.attach(node, client);
    commands.attach(node, client);
    timers.scheduleWithFixedDelay(
        guard(renewer::renew), 0, settings.renewIntervalMs(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        guard(this::tickAndConfirm), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        guard(this::balance), BALANCE_MS, BALANCE_MS, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        guard(this::reconcile), RECONCILE_MS, RECONCILE_MS, TimeUnit.MILLISECONDS);
    LOG.info("node {} started with peers {} in {}", self, settings.peers(), settings.dataDir());
  }

  private Runnable guard(Runnable r) {
    return () -> {
      if (closed) {
        return;
      }
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("election task failed", e);
      }
    };
  }

  // ---- fencing: renew the quorum confirmation, write leases ----

  private void tickAndConfirm() {
    renewer.checkPending();
    tick();
  }

  synchronized void tick() {
    LeaseEngine.Actions a = engine.tick(System.nanoTime());
    if (a.isEmpty()) {
      return;
    }
    long term = fsm.term();
    for (String vip : a.revokes()) {
      leases.revoke(vip);
    }
    a.grants().forEach(leases::grant);
    for (String vip : a.gained()) {
      LOG.info("answering for {} (term {})", vip, term);
      announcer.announce(vip);
      listeners.forEach(l -> l.onVipGained(vip, term));
    }
    for (String vip : a.lost()) {
      LOG.info("silent for {} (term {})", vip, term);
      listeners.forEach(l -> l.onVipLost(vip, term));
    }
  }

  // ---- leader: failure detection and placement ----

  private void leaderStarted(long term) {
    leaderSince = System.nanoTime();
    detector.leaderStarted(self, fsm.read(ElectionState::members), leaderSince);
    String former = fsm.read(ElectionState::leader);
    if (settings.vipLeaseMs() + settings.safetyMarginMs() <= settings.electionTimeoutMs()
        && !former.isEmpty()
        && !former.equals(self)) {
      // its leases ran out before this term began: a dead leader's VIPs need not wait a lease
      detector.formerLeaderGone(former, leaderSince);
    }
    LOG.info("leader in term {}", term);
    submit(new Command.LeaderIs(self, term));
    listeners.forEach(l -> l.onLeaderStart(term));
  }

  private void leaderStopped(long term) {
    LOG.info("no longer leader (term {})", term);
    listeners.forEach(l -> l.onLeaderStop(term));
  }

  private void balance() {
    if (!node.isLeader()) {
      return;
    }
    long now = System.nanoTime();
    Set<String> members = new TreeSet<>();
    try {
      for (PeerId p : node.listPeers()) {
        members.add(p.getEndpoint().toString());
      }
    } catch (IllegalStateException notLeader) {
      return;
    }
    detector.observeMembers(members, now);
    if (assigning.get()) {
      return;
    }
    Placement.Plan plan =
        fsm.read(state -> Placement.plan(state, members, self, m -> detector.health(m, now)));
    Command next =
        plan.immediate().isEmpty()
            ? plan.delayed().isEmpty()
                ? null
                : new Command.Assign(
                    plan.delayed(), settings.vipLeaseMs() + settings.safetyMarginMs(), false)
            : new Command.Assign(plan.immediate(), 0, plan.failover());
    if (next == null) {
      return;
    }
    if (!plan.failover()
        && now - leaderSince < TimeUnit.MILLISECONDS.toNanos(STARTUP_GRACE_MS)
        && !fsm.read(st -> members.stream().allMatch(st::isReady))) {
      return; // just elected and some member has not said it is ready: do not pile VIPs up here
    }
    // a failover: fence the dead owners first (in one step with the grants, so no grant in flight
    // reaches them), and lift the fence only once the move is committed
    Set<String> deadOwners = new TreeSet<>();
    if (!plan.immediate().isEmpty()) {
      fsm.read(
          state -> {
            for (String vip : plan.immediate().keySet()) {
              String old = state.owners().getOrDefault(vip, "");
              if (!old.isEmpty()) {
                deadOwners.add(old);
              }
            }
            return null;
          });
      if (!detector.fenceIfDead(deadOwners, System.nanoTime())) {
        return; // a dead owner renewed meanwhile: plan again
      }
    }
    assigning.set(true);
    submit(next)
        .whenComplete(
            (ok, err) -> {
              detector.unfence(deadOwners, System.nanoTime());
              assigning.set(false);
            });
  }

  // ---- desired readiness and VIP set, retried until replicated ----

  private void reconcile() {
    if (reconciling.get() || node.getLeaderId() == null || node.getLeaderId().isEmpty()) {
      return;
    }
    Boolean ready = desiredReady;
    Set<String> vips = desiredVips;
    Command c = null;
    Set<String> restricted = desiredRestricted;
    Set<String> servable = desiredServable;
    if (ready != null && fsm.read(s -> s.isReady(self)) != ready) {
      c = new Command.SetReady(self, ready);
    } else if (restricted != null && !fsm.read(ElectionState::restricted).equals(restricted)) {
      c = new Command.SetRestricted(restricted); // before the VIPs: never placed unrestricted
    } else if (servable != null && !fsm.read(s -> s.servable(self)).equals(servable)) {
      c = new Command.SetServable(self, servable);
    } else if (vips != null && !fsm.read(ElectionState::vips).equals(vips)) {
      c = new Command.SetVips(vips);
    }
    if (c != null) {
      reconciling.set(true);
      submit(c).whenComplete((ok, err) -> reconciling.set(false));
    }
  }

  // ---- commands: applied on the leader, forwarded from a follower ----

  CompletableFuture<Void> submit(Command c) {
    return commands.submit(c);
  }

  // ---- API ----

  @Override
  public void setReady(boolean ready) {
    engine.setReady(ready);
    desiredReady = ready;
  }

  @Override
  public void declareVips(Set<String> vips) {
    desiredVips = Vips.canonical(vips);
  }

  @Override
  public void declareLocal(Set<String> restricted, Set<String> servable) {
    Set<String> r = Vips.canonical(restricted);
    Set<String> s = Vips.canonical(servable);
    s.retainAll(r);
    desiredRestricted = r;
    desiredServable = s;
  }

  @Override
  public CompletableFuture<Long> putDocument(String key, long expectedVersion, byte[] value) {
    if (key == null || key.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("empty document key"));
    }
    if (expectedVersion < 0) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("negative expected version " + expectedVersion));
    }
    if (value.length > MAX_DOCUMENT_BYTES) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "document "
                  + key
                  + " has "
                  + value.length
                  + " bytes, more than the "
                  + MAX_DOCUMENT_BYTES
                  + " allowed"));
    }
    return submit(new Command.PutDocument(key, expectedVersion, value))
        .thenApply(ok -> expectedVersion + 1);
  }

  @Override
  public Document document(String key) {
    return fsm.read(s -> s.document(key));
  }

  @Override
  public void addDocumentListener(DocumentListener listener) {
    fsm.addDocumentListener(listener);
  }

  @Override
  public CompletableFuture<Void> addMember(String nodeId) {
    return membership(nodeId, true);
  }

  @Override
  public CompletableFuture<Void> removeMember(String nodeId) {
    return membership(nodeId, false);
  }

  private synchronized CompletableFuture<Void> membership(String nodeId, boolean add) {
    if (cli == null) {
      cli = RaftServiceFactory.createAndInitCliService(new CliOptions());
    }
    Configuration conf = new Configuration();
    for (String m : fsm.read(ElectionState::members)) {
      conf.addPeer(Peers.parse(m));
    }
    CliService service = cli;
    return CompletableFuture.runAsync(
        () -> {
          Status st =
              add
                  ? service.addPeer(settings.groupId(), conf, Peers.parse(nodeId))
                  : service.removePeer(settings.groupId(), conf, Peers.parse(nodeId));
          if (!st.isOk()) {
            throw new IllegalStateException(
                (add ? "adding " : "removing ") + nodeId + " failed: " + st);
          }
        });
  }

  @Override
  public void addListener(OwnershipListener listener) {
    listeners.add(listener);
  }

  @Override
  public ElectionStatus status() {
    return fsm.read(
        s ->
            new ElectionStatus(
                self,
                node != null && node.isLeader() ? "LEADER" : fsm.role(),
                fsm.term(),
                node != null && node.isLeader() ? self : fsm.leader(),
                s.owners(),
                engine.granted().keySet(),
                s.members(),
                s.readiness(),
                s.documentVersions(),
                s.failoverMoves()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    renewer.close();
    timers.shutdownNow();
    engine.forgetQuorum();
    if (cli != null) {
      cli.shutdown();
    }
    if (client != null) {
      client.shutdown();
    }
    if (group != null) {
      group.shutdown();
      try {
        group.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    announcer.close();
  }
}
