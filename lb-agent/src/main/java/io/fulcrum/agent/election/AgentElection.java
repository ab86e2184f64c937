package io.fulcrum.agent.election;

import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.config.ElectionSection;
import io.fulcrum.agent.health.NetnsThreadFactory;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.election.ElectionMetrics;
import io.fulcrum.election.ElectionNode;
import io.fulcrum.election.ElectionSettings;
import io.fulcrum.election.ElectionStatus;
import io.fulcrum.election.OwnershipListener;
import io.fulcrum.election.ReplicatedDocuments;
import io.fulcrum.election.VipLeaseWriter;
import io.fulcrum.election.l2.GratuitousAnnouncer;
import io.fulcrum.election.l2.RawPacketSender;
import io.fulcrum.election.l2.VipAnnouncer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's part in the Raft election: decides which VIPs this node answers for and which node
 * leads. Started only when the {@code election} section is enabled. Other agent modules (BGP,
 * Kubernetes) follow it through {@link #addListener} and {@link #isLeader}.
 *
 * <p>The VIPs placed are those of the store's services (followed as they change); the node is ready
 * once the first reconcile is done. With {@code election.l2.interface} the data plane answers ARP /
 * NS for owned VIPs ({@link DatapathLeaseWriter}) and gratuitous ARPs go out of that interface;
 * without it the node only takes part in ownership (BGP mode).
 */
public final class AgentElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentElection.class);

  private final ElectionNode node;
  private final OwnershipView view = new OwnershipView();
  private final ScheduledExecutorService watcher;
  private final RawPacketSender uplink;
  private volatile String lastLeader = "";
  private volatile boolean started;
  private volatile Set<String> restricted = Set.of();
  private volatile Set<String> servable = Set.of();
  private boolean ready;

  private AgentElection(ElectionNode node, RawPacketSender uplink) {
    this.node = node;
    this.uplink = uplink;
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fulcrum-election-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the election, or returns null when the section is disabled. */
  public static AgentElection start(AgentRuntime rt) {
    ElectionSection s = rt.config().election();
    if (!s.enabled()) {
      return null;
    }
    String netns = rt.config().dataplane().netns();
    VipLeaseWriter leases = DatapathLeaseWriter.NONE;
    RawPacketSender sender = null;
    VipAnnouncer announcer =
        new VipAnnouncer() {
          @Override
          public void announce(String vip) {}
        };
    if (s.l2()) {
      sender = openSender(s.l2Interface(), netns);
      leases = new DatapathLeaseWriter(rt.datapath(), sender.mac());
      announcer =
          new GratuitousAnnouncer(
              sender.mac(), sender::send, s.garpCount(), s.garpIntervalMs(), sender);
    }
    ElectionNode node;
    try {
      node = ElectionNode.start(settings(s), leases, announcer);
    } catch (RuntimeException e) {
      announcer.close();
      throw e;
    }
    AgentElection e = new AgentElection(node, sender);
    try {
      e.wire(rt, s);
    } catch (RuntimeException ex) {
      e.close();
      throw ex;
    }
    return e;
  }

  /** The module's settings from the validated section. */
  static ElectionSettings settings(ElectionSection s) {
    return new ElectionSettings(
        s.groupId(),
        s.nodeId(),
        s.peers(),
        s.dataDir(),
        s.electionTimeoutMs(),
        s.maxElectionDelayMs(),
        s.vipLeaseMs(),
        s.renewIntervalMs(),
        s.safetyMarginMs(),
        s.snapshotIntervalSecs());
  }

  private void wire(AgentRuntime rt, ElectionSection s) {
    node.addListener(view);
    ElectionMetrics.bind(rt.metrics().registry(), node);
    rt.store().addListener(keys -> declare(rt));
    declare(rt);
    watcher.scheduleWithFixedDelay(this::watchLeader, 100, 250, TimeUnit.MILLISECONDS);
    // ready once the data plane holds what the store held at start (the first reconcile)
    rt.loop().awaitIdle();
    started = true;
    checkReadiness();
    LOG.info(
        "election: node {} of {} ready ({}; lease {} ms, election timeout {} ms)",
        s.nodeId(),
        s.peers(),
        s.l2() ? "L2 on " + s.l2Interface() : "no L2 advertisement (BGP mode)",
        s.vipLeaseMs(),
        s.electionTimeoutMs());
  }

  /** The group's replicated documents (the REST API keeps its runtime state there). */
  public ReplicatedDocuments documents() {
    return node;
  }

  /** Declares the VIPs of every service in the store (the same set on every node). */
  private void declare(AgentRuntime rt) {
    Set<String> vips = new TreeSet<>();
    for (ServiceKey k : rt.store().snapshot().services().keySet()) {
      vips.add(k.vip().getHostAddress());
    }
    node.declareVips(vips);
  }

  /**
   * Ready: the first reconcile is done and, in L2 mode, the L2 interface is up with its carrier on.
   * A node that is not ready keeps no VIP (they move away after the old lease has run out).
   */
  private synchronized void checkReadiness() {
    if (!started) {
      return;
    }
    boolean now = uplink == null || uplink.linkRunning();
    if (now != ready) {
      ready = now;
      node.setReady(now);
      if (!now) {
        LOG.warn("election: {} is down: this node is not ready for VIPs", uplink.iface());
      } else if (uplink != null) {
        LOG.info("election: {} is up: this node is ready for VIPs", uplink.iface());
      }
    }
  }

  private void watchLeader() {
    checkReadiness();
    try {
      ElectionStatus st = node.status();
      if (!st.leader().equals(lastLeader)) {
        lastLeader = st.leader();
        LOG.info(
            "election: leader is {} (term {})",
            st.leader().isEmpty() ? "unknown" : st.leader(),
            st.term());
      }
    } catch (RuntimeException e) {
      LOG.debug("election status", e);
    }
  }

  /** Opens the raw socket on {@code iface}, in namespace {@code netns} when not null. */
  private static RawPacketSender openSender(String iface, String netns) {
    if (netns == null) {
      return RawPacketSender.open(iface);
    }
    CompletableFuture<RawPacketSender> f = new CompletableFuture<>();
    new NetnsThreadFactory(netns, "fulcrum-garp-open")
        .newThread(
            () -> {
              try {
                f.complete(RawPacketSender.open(iface));
              } catch (RuntimeException e) {
                f.completeExceptionally(e);
              }
            })
        .start();
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted opening " + iface, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot open " + iface + " in netns " + netns + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("opening " + iface + " in netns " + netns + " hung", e);
    }
  }

  /**
   * Follows leadership and VIP ownership. A listener added late is first told the current state
   * (leader start, every VIP owned now), then every change, each with its term.
   */
  public void addListener(OwnershipListener listener) {
    view.add(listener);
  }

  /** Whether this node leads the group now. */
  public boolean isLeader() {
    return view.leader();
  }

  /** The VIPs this node answers for now. */
  public Set<String> ownedVips() {
    return view.owned();
  }

  /**
   * Declares the VIPs only nodes that can serve them may own ({@code restricted}: Kubernetes
   * Services with {@code externalTrafficPolicy: Local}, the same set on every node) and those of
   * them this node can serve ({@code servable}: it has a ready local endpoint). The leader places a
   * restricted VIP only on a node that declared it servable.
   */
  public void declareLocal(Set<String> restricted, Set<String> servable) {
    Set<String> r = io.fulcrum.election.Vips.canonical(restricted);
    Set<String> s = io.fulcrum.election.Vips.canonical(servable);
    s.retainAll(r);
    if (r.equals(this.restricted) && s.equals(this.servable)) {
      return;
    }
    this.restricted = Set.copyOf(r);
    this.servable = Set.copyOf(s);
    node.declareLocal(r, s);
    LOG.info("election: node-local VIPs {}, of which this node can serve {}", r, s);
  }

  /**
   * Whether this node may own or announce {@code vip} as far as node-local Services go: true for a
   * VIP that is not restricted, else only when this node has a ready local endpoint for it. BGP
   * announces a VIP only when this is true (and, with the election, when this node owns it).
   */
  public boolean mayServe(String vip) {
    String v = io.fulcrum.election.Vips.canonical(vip);
    return !restricted.contains(v) || servable.contains(v);
  }

  /** The election's status (role, term, leader, owners, members). */
  public ElectionStatus status() {
    return node.status();
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    node.close();
  }

  /**
   * The current leadership and owned VIPs, and the agent's listeners. Events are applied and passed
   * on under one lock, so a listener added late sees the current state, then every later change,
   * never one twice or out of order.
   */
  static final class OwnershipView implements OwnershipListener {
    private final List<OwnershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> owned = new TreeSet<>();
    private boolean leader;
    private long term;

    synchronized void add(OwnershipListener l) {
      if (leader) {
        l.onLeaderStart(term);
      }
      for (String vip : owned) {
        l.onVipGained(vip, term);
      }
      listeners.add(l);
    }

    synchronized boolean leader() {
      return leader;
    }

    synchronized Set<String> owned() {
      return Set.copyOf(owned);
    }

    @Override
    public synchronized void onLeaderStart(long t) {
      leader = true;
      term = t;
      LOG.info("election: this node leads the group (term {})", t);
      each(l -> l.onLeaderStart(t));
    }

    @Override
    public synchronized void onLeaderStop(long t) {
      leader = false;
      LOG.info("election: this node no longer leads (term {})", t);
      each(l -> l.onLeaderStop(t));
    }

    @Override
    public synchronized void onVipGained(String vip, long t) {
      term = Math.max(term, t);
      owned.add(vip);
      LOG.info("election: gained VIP {} (term {})", vip, t);
      each(l -> l.onVipGained(vip, t));
    }

    @Override
    public synchronized void onVipLost(String vip, long t) {
      owned.remove(vip);
      LOG.info("election: lost VIP {} (term {})", vip, t);
      each(l -> l.onVipLost(vip, t));
    }

    private void each(java.util.function.Consumer<OwnershipListener> event) {
      for (OwnershipListener l : listeners) {
        try {
          event.accept(l);
        } catch (RuntimeException e) {
          LOG.warn("an election listener failed", e);
        }
      }
    }
  }
}
