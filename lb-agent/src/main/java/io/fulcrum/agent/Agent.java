package io.fulcrum.agent;

import io.fulcrum.agent.bgp.AgentBgp;
import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.election.AgentElection;
import io.fulcrum.agent.health.AgentHealth;
import io.fulcrum.agent.health.NetnsThreadFactory;
import io.fulcrum.agent.kubernetes.AgentKubernetes;
import io.fulcrum.agent.metrics.AgentMetrics;
import io.fulcrum.agent.metrics.DatapathCollector;
import io.fulcrum.agent.metrics.MetricsServer;
import io.fulcrum.agent.reconcile.ReconcileLoop;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.rest.AgentApi;
import io.fulcrum.agent.rest.AgentReadiness;
import io.fulcrum.agent.rest.AgentStatus;
import io.fulcrum.agent.source.ConfigFileSource;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.wiring.DatapathFactory;
import io.fulcrum.api.http.ApiServer;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.healthcheck.EngineOptions;
import io.fulcrum.healthcheck.HealthCheckEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the data plane, the desired-state store fed by the config file, the reconciler
 * loop, and the metrics endpoint. Closing it stops the agent and leaves the data plane pinned and
 * forwarding (a restart adopts it).
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** Timings of the agent's loops. */
  public record Options(Duration debounce, Duration resyncEvery) {
    public static final Options DEFAULT =
        new Options(Duration.ofMillis(200), Duration.ofSeconds(30));
  }

  private final Datapath datapath;
  private final DesiredStateStore store;
  private final Reconciler reconciler;
  private final ReconcileLoop loop;
  private final ConfigFileSource fileSource;
  private final AgentMetrics metrics;
  private final MetricsServer server;
  private final AgentHealth health;
  private ApiServer api;
  private AgentApi apiRuntime;
  private AgentElection election;
  private AgentBgp bgp;
  private AgentKubernetes kubernetes;

  private Agent(
      Datapath datapath,
      DesiredStateStore store,
      Reconciler reconciler,
      ReconcileLoop loop,
      ConfigFileSource fileSource,
      AgentMetrics metrics,
      MetricsServer server,
      AgentHealth health) {
    this.datapath = datapath;
    this.store = store;
    this.reconciler = reconciler;
    this.loop = loop;
    this.fileSource = fileSource;
    this.metrics = metrics;
    this.server = server;
    this.health = health;
  }

  /** Starts an agent from a validated configuration read from {@code file}. */
  public static Agent start(
      Path file, byte[] bytes, AgentConfig config, DatapathFactory factory, Options options)
      throws IOException {
    Datapath datapath = factory.open(config.dataplane());
    try {
      DesiredStateStore store = new DesiredStateStore();
      AgentMetrics metrics = new AgentMetrics();
      Reconciler reconciler = new Reconciler(datapath, store, System::nanoTime, metrics);
      ReconcileLoop loop = new ReconcileLoop(reconciler, datapath::mapUsage);
      ConfigFileSource source =
          new ConfigFileSource(file, bytes, config, store, options.debounce());
      source.publishInitial();
      AgentApi rest =
          config.api().enabled()
              ? AgentApi.prepare(config, store, datapath, loop::awaitIdle)
              : null;
      loop.start(options.resyncEvery());
      store.addListener(loop);
      source.start();
      AgentHealth health = startHealth(config, store, datapath, loop, metrics);
      metrics.bind(new DatapathCollector(datapath, reconciler::programmedView, store::name));
      MetricsServer server = null;
      if (config.metrics().enabled()) {
        server = MetricsServer.start(config.metrics().listen(), metrics::scrape);
      }
      Agent agent = new Agent(datapath, store, reconciler, loop, source, metrics, server, health);
      try {
        AgentRuntime rt = new AgentRuntime(config, datapath, store, loop, metrics);
        agent.election = AgentElection.start(rt);
        agent.bgp = AgentBgp.start(rt, agent.election);
        AgentBgp bgp = agent.bgp;
        agent.kubernetes =
            AgentKubernetes.start(
                rt,
                agent.election,
                health,
                (restricted, servable) -> {
                  if (bgp != null) {
                    bgp.localVips(restricted, servable);
                  }
                });
      } catch (RuntimeException e) {
        agent.close();
        throw e;
      }
      if (config.api().enabled()) {
        AgentReadiness readiness = new AgentReadiness();
        try {
          AgentStatus.Modules modules =
              new AgentStatus.Modules(
                  () -> agent.election == null ? null : agent.election.status(),
                  () -> agent.bgp == null ? null : agent.bgp.status());
          agent.apiRuntime = rest;
          agent.api =
              rest.start(
                  health,
                  datapath,
                  readiness,
                  metrics::scrape,
                  modules,
                  agent.election == null ? null : agent.election.documents());
        } catch (RuntimeException e) {
          agent.close();
          throw e;
        }
        loop.awaitIdle();
        readiness.firstReconcileDone();
        LOG.info("REST API on {}", agent.api.baseUri());
      }
      LOG.info(
          "agent ready: {} services programmed{}",
          reconciler.programmedView().size(),
          server == null ? "" : ", metrics on http://" + hostPort(server.address()) + "/metrics");
      return agent;
    } catch (IOException | RuntimeException e) {
      datapath.close();
      throw e;
    }
  }

  /** The health-check engine, probing from the data plane's namespace; null when unused. */
  private static AgentHealth startHealth(
      AgentConfig config,
      DesiredStateStore store,
      Datapath datapath,
      ReconcileLoop loop,
      AgentMetrics metrics) {
    if (config.healthcheck().services().isEmpty()
        && !config.api().enabled()
        && !config.kubernetes().enabled()) {
      return null; // the API or Kubernetes annotations may turn probes on
    }
    EngineOptions options =
        EngineOptions.defaults().withTcpHalfOpen(config.healthcheck().tcpHalfOpen());
    String netns = config.dataplane().netns();
    if (netns != null) {
      options = options.withThreadFactory(new NetnsThreadFactory(netns, "fulcrum-hc"));
    }
    AgentHealth health =
        new AgentHealth(
            config.healthcheck(),
            store,
            datapath,
            new HealthCheckEngine(metrics.registry(), options),
            loop::awaitIdle);
    store.addListener(health);
    health.changed(store.snapshot().services().keySet());
    return health;
  }

  private static void closeQuietly(AutoCloseable module) {
    if (module == null) {
      return;
    }
    try {
      module.close();
    } catch (Exception e) {
      LOG.warn("stopping {} failed", module.getClass().getSimpleName(), e);
    }
  }

  /** The election, or null when the election section is not enabled. */
  public AgentElection election() {
    return election;
  }

  /** The BGP speaker, or null when the bgp section is not enabled. */
  public AgentBgp bgp() {
    return bgp;
  }

  /** The Kubernetes source, or null when the kubernetes section is not enabled. */
  public AgentKubernetes kubernetes() {
    return kubernetes;
  }

  private static String hostPort(InetSocketAddress a) {
    return Addresses.hostPort(a.getAddress(), a.getPort());
  }

  public DesiredStateStore store() {
    return store;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public ReconcileLoop loop() {
    return loop;
  }

  public ConfigFileSource fileSource() {
    return fileSource;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /** The metrics endpoint's address, or null when metrics are disabled. */
  public InetSocketAddress metricsAddress() {
    return server == null ? null : server.address();
  }

  /** The REST API server, or null when the api section is not enabled. */
  public ApiServer api() {
    return api;
  }

  /** The health checks, or null when no service has any. */
  public AgentHealth health() {
    return health;
  }

  @Override
  public void close() {
    LOG.info("agent stopping; the data plane stays pinned and keeps forwarding");
    if (api != null) {
      api.close();
    }
    closeQuietly(apiRuntime);
    for (AutoCloseable module : new AutoCloseable[] {kubernetes, bgp, election}) {
      closeQuietly(module);
    }
    fileSource.close();
    if (health != null) {
      health.close();
    }
    if (server != null) {
      server.close();
    }
    loop.close();
    metrics.close();
    datapath.close();
  }
}
