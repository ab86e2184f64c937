package io.fulcrum.agent.rest;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.http.ApiPorts;
import io.fulcrum.api.http.ApiServer;
import io.fulcrum.api.port.MetricsSource;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.datapath.Datapath;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds the REST API's ports over a running agent and starts the server. */
public final class AgentApi {
  private AgentApi() {}

  /** The ports over the agent's store and data plane. */
  public static ApiPorts ports(
      AgentConfig config,
      DesiredStateStore store,
      Datapath datapath,
      AgentReadiness readiness,
      MetricsSource metrics) {
    StoreServiceCatalog catalog = new StoreServiceCatalog(store);
    NodeStatus.DataPlane dp =
        new NodeStatus.DataPlane(
            true,
            String.join(",", config.dataplane().interfaces()),
            config.dataplane().xdpMode(),
            null);
    return new ApiPorts(
        catalog,
        new StoreBackendControl(store, catalog),
        new UnwiredHealthCheckSettings(),
        new AgentStatus(nodeName(), dp, datapath::mapUsage),
        readiness,
        metrics);
  }

  /** Starts the server on the section's address. */
  public static ApiServer start(AgentConfig config, ApiPorts ports) {
    return new ApiServer(config.api().toApiConfig(), ports).start();
  }

  private static String nodeName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
