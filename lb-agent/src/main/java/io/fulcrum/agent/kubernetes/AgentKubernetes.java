package io.fulcrum.agent.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.config.KubernetesSection;
import io.fulcrum.agent.election.AgentElection;
import io.fulcrum.agent.health.AgentHealth;
import io.fulcrum.agent.state.Conflict;
import io.fulcrum.kubernetes.AllocationStore;
import io.fulcrum.kubernetes.DesiredServicesListener;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.KubernetesSource;
import io.fulcrum.kubernetes.KubernetesStatusWriter;
import io.fulcrum.kubernetes.LeadershipView;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.EventSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes source: Services and EndpointSlices into the desired-state store. Started only
 * when the {@code kubernetes} section is enabled.
 *
 * <p>A {@link KubernetesSource} watches the API server; its publications go through a {@link
 * StoreFeed} into the store as the source {@code kubernetes}, where the agent's reconciler programs
 * them like the configuration file's services. The start does not wait for the API server: the
 * source publishes once its informers have listed everything, and an unreachable API server leaves
 * the data plane as it is.
 */
public final class AgentKubernetes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentKubernetes.class);

  private final KubernetesClient client;
  private final KubernetesSource source;
  private final KubernetesStatusWriter conflictEvents;
  private final ExecutorService eventThread;
  private final LocalFeed local;
  private final AllocationStore allocations;

  private AgentKubernetes(
      KubernetesClient client,
      KubernetesSource source,
      KubernetesStatusWriter conflictEvents,
      ExecutorService eventThread,
      LocalFeed local,
      AllocationStore allocations) {
    this.local = local;
    this.client = client;
    this.source = source;
    this.conflictEvents = conflictEvents;
    this.eventThread = eventThread;
    this.allocations = allocations;
  }

  /**
   * Starts watching the API server, or returns null when the section is disabled.
   *
   * @param election the election (leadership decides who writes status), or null when disabled
   */
  public static AgentKubernetes start(AgentRuntime rt, AgentElection election) {
    return start(rt, election, null);
  }

  /**
   * Starts watching the API server, or returns null when the section is disabled.
   *
   * @param election the election (leadership decides who writes status), or null when disabled
   * @param health the health checks, given the checks the Services' annotations ask for; null when
   *     the agent has none
   */
  public static AgentKubernetes start(AgentRuntime rt, AgentElection election, AgentHealth health) {
    return start(rt, election, health, (restricted, servable) -> {});
  }

  /**
   * Starts watching the API server, or returns null when the section is disabled.
   *
   * @param election the election (leadership decides who writes status), or null when disabled
   * @param health the health checks, given the checks the Services' annotations ask for; null when
   *     the agent has none
   * @param localVips told the node-local VIPs ({@code externalTrafficPolicy: Local}) and those this
   *     node can serve, before the services that use them reach the store
   */
  public static AgentKubernetes start(
      AgentRuntime rt,
      AgentElection election,
      AgentHealth health,
      BiConsumer<Set<String>, Set<String>> localVips) {
    KubernetesSection k = rt.config().kubernetes();
    if (!k.enabled()) {
      return null;
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(k)).build();
    AllocationStore allocations = null;
    try {
      LeadershipView leadership = ElectionLeadership.of(election);
      Clock clock = Clock.systemUTC();
      KubernetesStatusWriter events = new KubernetesStatusWriter(client, clock);
      ExecutorService eventThread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "fulcrum-k8s-conflicts");
                t.setDaemon(true);
                return t;
              });
      StoreFeed feed =
          new StoreFeed(
              rt.store(), (ref, uid, c) -> conflict(leadership, events, eventThread, ref, uid, c));
      KubernetesSettings settings = settings(k, nodeName(k));
      HealthFeed checks = health == null ? null : new HealthFeed(health::setSourceChecks);
      LocalFeed local = new LocalFeed(settings.nodeName(), election, localVips);
      // with the election, allocations not yet in any status survive a change of leader
      allocations =
          election == null
              ? AllocationStore.inMemory()
              : new ReplicatedAllocations(election.documents());
      DesiredServicesListener listener =
          d -> {
            if (checks != null) {
              checks.onDesired(d); // before the store, so new services are probed as annotated
            }
            local.onDesired(d);
            feed.onDesired(d);
          };
      KubernetesSource source =
          new KubernetesSource(client, settings, leadership, allocations, listener, clock);
      source.start();
      LOG.info(
          "kubernetes: watching {} for class {} as node {}{}",
          client.getMasterUrl(),
          settings.loadBalancerClass(),
          settings.nodeName(),
          election == null ? " (no election: this agent writes status)" : "");
      return new AgentKubernetes(client, source, events, eventThread, local, allocations);
    } catch (RuntimeException e) {
      if (allocations instanceof ReplicatedAllocations r) {
        r.close();
      }
      client.close();
      throw e;
    }
  }

  /**
   * The VIPs of {@code externalTrafficPolicy: Local} Services and those this node can serve (for
   * BGP without the election: announce a VIP only when {@link LocalVips#mayServe} is true).
   */
  public LocalVips localVips() {
    return local.current();
  }

  /** The Kubernetes source (tests, the REST API). */
  public KubernetesSource source() {
    return source;
  }

  static Config clientConfig(KubernetesSection k) {
    Config base =
        k.kubeconfig() != null
            ? Config.fromKubeconfig(k.kubeconfig().toFile())
            : Config.autoConfigure(null);
    ConfigBuilder b = new ConfigBuilder(base);
    if (k.masterUrl() != null) {
      b.withMasterUrl(k.masterUrl());
    }
    return b.build();
  }

  static KubernetesSettings settings(KubernetesSection k, String nodeName) {
    List<KubernetesSettings.StaticPool> pools = new ArrayList<>();
    for (KubernetesSection.PoolConfig p : k.pools()) {
      pools.add(
          new KubernetesSettings.StaticPool(
              p.name(), p.addresses(), p.autoAssign(), p.avoidBuggyIPs()));
    }
    return new KubernetesSettings(
        k.loadBalancerClass(),
        k.handleServicesWithoutClass(),
        nodeName,
        new HashSet<>(k.namespaces()),
        k.poolResources(),
        pools);
  }

  /**
   * The configured node name, else {@code $FULCRUM_NODE_NAME} (the Helm chart sets it from the
   * downward API) or {@code $NODE_NAME}, else the host name.
   */
  static String nodeName(KubernetesSection k) {
    if (k.nodeName() != null) {
      return k.nodeName();
    }
    for (String var : new String[] {"FULCRUM_NODE_NAME", "NODE_NAME"}) {
      String env = System.getenv(var);
      if (env != null && !env.isBlank()) {
        return env.trim();
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static void conflict(
      LeadershipView leadership,
      KubernetesStatusWriter events,
      ExecutorService eventThread,
      ServiceRef ref,
      String uid,
      Conflict c) {
    LOG.warn("kubernetes: {}", c);
    if (uid == null || !leadership.isLeader()) {
      return;
    }
    EventSpec e =
        new EventSpec(
            "Service",
            ref.namespace(),
            ref.name(),
            uid,
            EventSpec.WARNING,
            "AddressConflict",
            "not programmed: "
                + c.ownerSource()
                + " service '"
                + c.ownerName()
                + "' already serves this address, port and protocol");
    try {
      eventThread.execute(() -> events.record(e));
    } catch (java.util.concurrent.RejectedExecutionException ex) {
      // closing
    }
  }

  @Override
  public void close() {
    source.close();
    eventThread.shutdown();
    try {
      eventThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    conflictEvents.close();
    if (allocations instanceof ReplicatedAllocations r) {
      r.close();
    }
    client.close();
  }
}
