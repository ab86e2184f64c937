package io.fulcrum.agent.bgp;

import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.config.BgpSection;
import io.fulcrum.agent.election.AgentElection;
import io.fulcrum.agent.health.NetnsThreadFactory;
import io.fulcrum.agent.state.DesiredState;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.bgp.BgpSpeaker;
import io.fulcrum.bgp.SpeakerConfig;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.election.ElectionStatus;
import io.fulcrum.election.OwnershipListener;
import io.fulcrum.election.Vips;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's BGP speaker: announces the VIPs this node should announce ({@link AnnouncePlanner})
 * and keeps them in step with the desired-state store (services, their backends and the health
 * checks' overrides) and with the election (VIP ownership). Started only when the {@code bgp}
 * section is enabled. The speaker's sockets open in the data plane's network namespace ({@code
 * dataplane.netns}) when there is one.
 *
 * <p>All decisions run on one thread of this class. A VIP is announced only after the reconcile
 * loop has programmed what the store holds, so traffic never arrives before its service.
 */
public final class AgentBgp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentBgp.class);
  private static final int LOG_EACH_UP_TO = 20;
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private final BgpSection config;
  private final BgpSpeaker speaker;
  private final InetAddress routerId;
  private final DesiredStateStore store;
  private final Runnable awaitProgrammed;
  private final AnnouncePlanner planner;
  private final ExecutorService exec =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fulcrum-bgp-plan");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  private AgentBgp(
      BgpSection config,
      BgpSpeaker speaker,
      InetAddress routerId,
      DesiredStateStore store,
      Runnable awaitProgrammed,
      boolean electionEnabled) {
    this.config = config;
    this.speaker = speaker;
    this.routerId = routerId;
    this.store = store;
    this.awaitProgrammed = awaitProgrammed;
    this.planner = new AnnouncePlanner(config, electionEnabled);
  }

  /**
   * Starts the speaker, or returns null when the section is disabled.
   *
   * @param election the election, or null when it is disabled (then this node announces every VIP
   *     that has a healthy backend)
   */
  public static AgentBgp start(AgentRuntime rt, AgentElection election) {
    BgpSection cfg = rt.config().bgp();
    if (!cfg.enabled()) {
      return null;
    }
    String netns = rt.config().dataplane().netns();
    ThreadFactory threads = netns == null ? null : new NetnsThreadFactory(netns, "fulcrum-bgp");
    Map<InetAddress, String> keys = PeerKeys.read(cfg);
    InetAddress routerId =
        cfg.routerId() != null
            ? cfg.routerId()
            : RouterIds.derive(cfg, rt.config().dataplane().snatAddresses(), threads);
    InetSocketAddress listen = cfg.listen();
    SpeakerConfig sc =
        new SpeakerConfig(
            cfg.localAs(),
            routerId,
            listen == null || listen.getAddress().isAnyLocalAddress() ? null : listen.getAddress(),
            listen == null ? -1 : listen.getPort(),
            cfg.gracefulRestart().enabled() ? cfg.gracefulRestart().restartTimeSeconds() : -1,
            // the R bit: our peers need not wait for our End-of-RIB (we install nothing)
            cfg.gracefulRestart().enabled());
    BgpSpeaker speaker = new BgpSpeaker(sc, rt.metrics().registry(), threads);
    AgentBgp bgp =
        new AgentBgp(cfg, speaker, routerId, rt.store(), rt.loop()::awaitIdle, election != null);
    try {
      bgp.begin(election, keys);
    } catch (RuntimeException e) {
      bgp.closeNow();
      throw e;
    }
    return bgp;
  }

  private void begin(AgentElection election, Map<InetAddress, String> keys) {
    speaker.addListener(
        (peer, up, reason) -> {
          if (up) {
            LOG.info("BGP session with {} up", Addresses.text(peer));
          } else {
            LOG.warn("BGP session with {} down: {}", Addresses.text(peer), reason);
          }
        });
    speaker.start();
    store.addListener(this::changed);
    if (election != null) {
      election.addListener(
          new OwnershipListener() {
            @Override
            public void onVipGained(String vip, long term) {
              owned(vip, true);
            }

            @Override
            public void onVipLost(String vip, long term) {
              owned(vip, false);
            }
          });
    }
    // the whole set goes into the speaker before any session opens: each peer gets every route in
    // its first UPDATEs and then End-of-RIB (after a restart, the router's stale copies are
    // replaced, never flushed)
    run(
        () -> {
          DesiredState s = store.snapshot();
          s.services().forEach((k, spec) -> planner.service(k, s.name(k), spec));
          plan(planner.vips());
        });
    if (election != null) {
      awaitOwnership(election, SETTLE);
      run(() -> {}); // every ownership event so far is in the speaker's set
    }
    for (BgpSection.Peer p : config.peers()) {
      speaker.addPeer(p.toPeerConfig(keys.get(p.address())));
    }
    LOG.info(
        "BGP speaker AS {} router id {}{}: {} peers, {} VIPs announced",
        config.localAs(),
        routerId.getHostAddress(),
        config.listen() == null
            ? ""
            : ", listening on "
                + Addresses.hostPort(config.listen().getAddress(), config.listen().getPort()),
        config.peers().size(),
        speaker.announced().size());
  }

  /**
   * Waits (at most {@code max}) until the election knows a leader and an owner for every VIP of the
   * store, and this node holds the lease of each VIP it owns: the sessions then open with the right
   * set, and after a restart the router replaces its stale copies instead of flushing them.
   */
  private void awaitOwnership(AgentElection election, Duration max) {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (settled(election)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.info("BGP: VIP ownership not settled after {} s; opening sessions now", max.toSeconds());
  }

  private boolean settled(AgentElection election) {
    try {
      ElectionStatus s = election.status();
      if (s.leader() == null || s.leader().isEmpty()) {
        return false;
      }
      Set<InetAddress> owned = new HashSet<>();
      election.ownedVips().forEach(v -> owned.add(Vips.parse(v)));
      Map<InetAddress, String> owners = new HashMap<>();
      s.owners().forEach((v, n) -> owners.put(Vips.parse(v), n));
      for (ServiceKey k : store.snapshot().services().keySet()) {
        String owner = owners.get(k.vip());
        if (owner == null || (owner.equals(s.nodeId()) && !owned.contains(k.vip()))) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void changed(Set<ServiceKey> keys) {
    submit(
        () -> {
          List<InetAddress> vips = new ArrayList<>();
          for (ServiceKey k : keys) {
            vips.add(planner.service(k, store.name(k), store.spec(k)));
          }
          plan(vips);
        });
  }

  /**
   * The node-local VIPs (Kubernetes {@code externalTrafficPolicy: Local}) and those of them this
   * node has a ready local endpoint for: only those are announced from here.
   */
  public void localVips(Set<String> restricted, Set<String> servable) {
    Set<InetAddress> r = new HashSet<>();
    Set<InetAddress> s = new HashSet<>();
    restricted.forEach(v -> r.add(Vips.parse(v)));
    servable.forEach(v -> s.add(Vips.parse(v)));
    submit(() -> plan(planner.local(r, s)));
  }

  private void owned(String vip, boolean owns) {
    InetAddress a;
    try {
      a = Vips.parse(vip);
    } catch (IllegalArgumentException e) {
      LOG.warn("election reported a VIP that is not an address: {}", vip);
      return;
    }
    submit(
        () -> {
          planner.ownership(a, owns);
          plan(List.of(a));
        });
  }

  /** Decides each VIP and hands the changes to the speaker. Runs on the planner's thread. */
  private void plan(Collection<InetAddress> vips) {
    List<AnnouncePlanner.Change> changes = new ArrayList<>();
    for (InetAddress vip : vips) {
      AnnouncePlanner.Change c = planner.decide(vip);
      if (c != null) {
        changes.add(c);
      }
    }
    if (changes.isEmpty()) {
      return;
    }
    if (changes.stream().anyMatch(c -> !c.withdraw())) {
      awaitProgrammed();
    }
    int announced = 0;
    for (AnnouncePlanner.Change c : changes) {
      IpPrefix prefix = IpPrefix.host(c.vip());
      if (c.withdraw()) {
        speaker.withdraw(prefix);
      } else {
        speaker.announce(prefix, c.attributes());
        announced++;
      }
      if (changes.size() <= LOG_EACH_UP_TO) {
        LOG.info("BGP {} {} ({})", c.withdraw() ? "withdraw" : "announce", prefix, c.reason());
      } else {
        LOG.debug("BGP {} {} ({})", c.withdraw() ? "withdraw" : "announce", prefix, c.reason());
      }
    }
    if (changes.size() > LOG_EACH_UP_TO) {
      LOG.info("BGP announce {} and withdraw {} VIPs", announced, changes.size() - announced);
    }
  }

  private void awaitProgrammed() {
    try {
      awaitProgrammed.run();
    } catch (RuntimeException e) {
      LOG.debug("reconcile loop not available: {}", e.toString());
    }
  }

  private void submit(Runnable task) {
    if (closed) {
      return;
    }
    try {
      exec.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("BGP announcement update failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void run(Runnable task) {
    try {
      exec.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("BGP announcement failed: " + e.getCause(), e.getCause());
    }
  }

  /** Peers, their sessions and the prefixes announced now (for the status API). */
  public BgpStatus status() {
    List<String> announced =
        speaker.announced().keySet().stream().sorted().map(IpPrefix::toString).toList();
    return new BgpStatus(config.localAs(), routerId.getHostAddress(), speaker.status(), announced);
  }

  /**
   * Stops the speaker. With graceful restart the sessions close without a NOTIFICATION, so the
   * routers keep this node's routes for the restart time while the pinned data plane forwards;
   * without it every route is withdrawn now.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    exec.shutdown();
    try {
      exec.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (config.gracefulRestart().enabled()) {
      LOG.info(
          "BGP stopping for a restart: routers keep our routes for up to {}s",
          config.gracefulRestart().restartTimeSeconds());
      speaker.closeForRestart();
    } else {
      LOG.info("BGP stopping: every route withdrawn");
      speaker.close();
    }
  }

  private void closeNow() {
    closed = true;
    exec.shutdownNow();
    speaker.close();
  }
}
