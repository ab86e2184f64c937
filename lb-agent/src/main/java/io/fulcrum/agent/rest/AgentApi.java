package io.fulcrum.agent.rest;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.health.AgentHealth;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.http.ApiPorts;
import io.fulcrum.api.http.ApiServer;
import io.fulcrum.api.port.MetricsSource;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.store.FileRuntimeSettingsStore;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.election.ReplicatedDocuments;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the REST API's ports over a running agent and starts the server. Runtime changes made
 * through the API (API-owned services, backend admin states, health-check settings) are kept in
 * {@value #STATE_FILE} under {@code api.stateDir}, written atomically, and applied again when the
 * agent starts. With the election, the runtime state lives in the group's replicated log ({@link
 * ReplicatedRuntimeSettings}) and the file is this node's copy of it.
 */
public final class AgentApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentApi.class);

  /** The runtime state's file name in {@code api.stateDir}. */
  public static final String STATE_FILE = "runtime.json";

  /** Opens the runtime settings file of the section's state directory. */
  public static FileRuntimeSettingsStore openRuntime(AgentConfig config) {
    Path file = config.api().stateDir().resolve(STATE_FILE);
    FileRuntimeSettingsStore s = FileRuntimeSettingsStore.open(file);
    LOG.info(
        "api runtime state {}: {} services, {} backend admin states, {} health-check settings",
        s.file(),
        s.current().services().size(),
        s.current().backendAdmin().values().stream().mapToInt(m -> m.size()).sum(),
        s.current().healthChecks().size());
    return s;
  }

  /**
   * Applies the runtime state to the agent now and after every change; the probes get their part
   * once attached ({@link RuntimeProjection#attach}).
   */
  public static RuntimeProjection project(RuntimeSettingsStore runtime, DesiredStateStore store) {
    return project(runtime, new RuntimeProjection(store));
  }

  private static RuntimeProjection project(RuntimeSettingsStore runtime, RuntimeProjection p) {
    runtime.subscribe(p);
    p.accept(runtime.current());
    return p;
  }

  private final AgentConfig config;
  private final DesiredStateStore store;
  private final FileRuntimeSettingsStore runtime;
  private final RuntimeProjection projection;
  private ReplicatedRuntimeSettings replicated;

  private AgentApi(
      AgentConfig config, DesiredStateStore store, Datapath datapath, Runnable awaitReconciled) {
    this.config = config;
    this.store = store;
    this.runtime = openRuntime(config);
    this.projection =
        project(runtime, new RuntimeProjection(store, flusher(datapath, awaitReconciled)));
  }

  /**
   * Loads the runtime state and applies it to the store (API-owned services and admin states):
   * called before the first reconcile, so that a restart programs them with the file's services.
   *
   * @param awaitReconciled waits until the data plane holds the latest desired state (before the
   *     flows of a disabled backend are flushed, so that no new flow can still reach it)
   */
  public static AgentApi prepare(
      AgentConfig config, DesiredStateStore store, Datapath datapath, Runnable awaitReconciled) {
    return new AgentApi(config, store, datapath, awaitReconciled);
  }

  /** Flushes a disabled backend's flows on a thread of its own, once the reconcile ran. */
  private static RuntimeProjection.Flusher flusher(Datapath datapath, Runnable awaitReconciled) {
    java.util.concurrent.ExecutorService ex =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fulcrum-api-flush");
              t.setDaemon(true);
              return t;
            });
    return (key, backend) ->
        ex.execute(
            () -> {
              try {
                awaitReconciled.run();
                int n = datapath.flushFlows(key, backend);
                LOG.info(
                    "api: backend {} of {} disabled; {} established flows flushed",
                    io.fulcrum.agent.config.Addresses.hostPort(
                        backend.getAddress(), backend.getPort()),
                    io.fulcrum.agent.config.Addresses.text(key),
                    n);
              } catch (RuntimeException e) {
                LOG.warn("api: flushing the flows of a disabled backend failed", e);
              }
            });
  }

  /**
   * Hands the probes their settings and starts the server on the section's address.
   *
   * @param health the probes, or null when the agent runs none
   * @param group the election group's replicated documents, or null without the election: then
   *     changes stay on this node
   */
  public ApiServer start(
      AgentHealth health,
      Datapath datapath,
      AgentReadiness readiness,
      MetricsSource metrics,
      AgentStatus.Modules modules,
      ReplicatedDocuments group) {
    projection.attach(health);
    RuntimeSettingsStore changes = runtime;
    if (group != null) {
      replicated = ReplicatedRuntimeSettings.start(runtime, group, COMMIT_TIMEOUT);
      changes = replicated;
      LOG.info("api runtime state replicated through the election group");
    }
    return new ApiServer(
            config.api().toApiConfig(),
            ports(config, store, changes, health, datapath, readiness, metrics, modules))
        .start();
  }

  /** How long an API change waits for the election group to commit it. */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

  /** Stops following the group (the server is closed on its own). */
  @Override
  public void close() {
    if (replicated != null) {
      replicated.close();
    }
  }

  /** The ports over the agent's store, runtime state, probes and data plane. */
  public static ApiPorts ports(
      AgentConfig config,
      DesiredStateStore store,
      RuntimeSettingsStore runtime,
      AgentHealth health,
      Datapath datapath,
      AgentReadiness readiness,
      MetricsSource metrics,
      AgentStatus.Modules modules) {
    StoreServiceCatalog catalog =
        new StoreServiceCatalog(store, runtime, config.dataplane().snatAddresses());
    NodeStatus.DataPlane dp =
        new NodeStatus.DataPlane(
            true,
            String.join(",", config.dataplane().interfaces()),
            config.dataplane().xdpMode(),
            null);
    return new ApiPorts(
        catalog,
        new StoreBackendControl(
            store, catalog, runtime, health, datapath, Clock.systemUTC(), System::nanoTime),
        new AgentHealthChecks(catalog, runtime, config.healthcheck()),
        new AgentStatus(nodeName(), dp, datapath::mapUsage, modules),
        readiness,
        metrics);
  }

  private static String nodeName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
