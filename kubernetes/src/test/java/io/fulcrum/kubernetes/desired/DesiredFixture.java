package io.fulcrum.kubernetes.desired;

import static io.fulcrum.kubernetes.Fixtures.pool;
import static io.fulcrum.kubernetes.Fixtures.port;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared cluster state and helpers for the desired() tests. */
abstract class DesiredFixture {
  static final KubernetesSettings SETTINGS = KubernetesSettings.defaults("node-a");
  static final String NOW = "2026-01-01T00:00:00Z";

  List<Service> services = new ArrayList<>();
  List<EndpointSlice> slices = new ArrayList<>();
  List<Node> nodes = new ArrayList<>();
  List<FulcrumIPPool> pools =
      new ArrayList<>(
          List.of(pool("main", "198.18.0.10-198.18.0.11", "2001:db8::10-2001:db8::11")));
  Map<String, Map<String, String>> nsLabels = new HashMap<>();
  Map<ServiceRef, List<InetAddress>> pending = new HashMap<>();
  Map<ServiceRef, HealthCheckSettings> health = new HashMap<>();

  DesiredState run(boolean leader) {
    DesiredState d =
        Desired.compute(
            new ClusterState(services, slices, nodes, pools, nsLabels),
            SETTINGS,
            pending,
            health,
            leader,
            NOW);
    health.clear();
    d.services()
        .forEach(
            (k, v) -> {
              if (v.healthCheck() != null) {
                health.put(k, v.healthCheck());
              }
            });
    return d;
  }

  DesiredState run() {
    return run(true);
  }

  /** Writes the status patches back, as the leader's writer would. */
  void applyStatus(DesiredState d) {
    for (StatusPatch p : d.statusPatches()) {
      for (int i = 0; i < services.size(); i++) {
        Service s = services.get(i);
        if (s.getMetadata().getName().equals(p.service().name())) {
          services.set(
              i,
              new ServiceBuilder(s)
                  .withStatus(
                      new ServiceStatusBuilder()
                          .withNewLoadBalancer()
                          .withIngress(p.ingress())
                          .endLoadBalancer()
                          .withConditions(p.conditions())
                          .build())
                  .build());
        }
      }
    }
  }

  static InetAddress ip(String s) {
    return IpAddresses.parseLiteral(s);
  }

  static ServiceKey key(String vip, int port) {
    return new ServiceKey(ip(vip), port, Protocol.TCP);
  }
}
