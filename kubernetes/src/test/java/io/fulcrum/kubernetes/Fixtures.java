package io.fulcrum.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.FulcrumIPPoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders of Kubernetes objects for tests. Addresses from 198.18.0.0/15 and 2001:db8::/32. */
public final class Fixtures {
  private Fixtures() {}

  public static ServicePort port(String name, int port, String protocol) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
  }

  public static ServiceBuilder lb(String ns, String name, ServicePort... ports) {
    return new ServiceBuilder()
        .withMetadata(
            new ObjectMetaBuilder().withNamespace(ns).withName(name).withUid("uid-" + name).build())
        .withNewSpec()
        .withType("LoadBalancer")
        .withLoadBalancerClass(KubernetesSettings.DEFAULT_CLASS)
        .withPorts(ports)
        .withExternalTrafficPolicy("Cluster")
        .endSpec();
  }

  public static Service lb(String name, int port) {
    return lb("default", name, port("http", port, "TCP")).build();
  }

  /** An endpoint: ready / serving / terminating as given. */
  public static Endpoint ep(
      String address, String node, Boolean ready, Boolean serving, Boolean terminating) {
    return new EndpointBuilder()
        .withAddresses(address)
        .withNodeName(node)
        .withNewConditions()
        .withReady(ready)
        .withServing(serving)
        .withTerminating(terminating)
        .endConditions()
        .build();
  }

  public static Endpoint ready(String address, String node) {
    return ep(address, node, true, true, false);
  }

  public static EndpointSlice slice(
      String ns,
      String service,
      String sliceName,
      String addressType,
      String portName,
      int port,
      Endpoint... eps) {
    return new EndpointSliceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(ns)
                .withName(sliceName)
                .withLabels(Map.of("kubernetes.io/service-name", service))
                .build())
        .withAddressType(addressType)
        .withPorts(
            new EndpointPortBuilder().withName(portName).withPort(port).withProtocol("TCP").build())
        .withEndpoints(eps)
        .build();
  }

  public static EndpointSlice slice(String service, int port, String... readyAddresses) {
    List<Endpoint> eps = new ArrayList<>();
    for (String a : readyAddresses) {
      eps.add(ready(a, "node-a"));
    }
    return slice(
        "default", service, service + "-1", "IPv4", "http", port, eps.toArray(Endpoint[]::new));
  }

  public static FulcrumIPPool pool(String name, String... addresses) {
    FulcrumIPPool p = new FulcrumIPPool();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    FulcrumIPPoolSpec spec = new FulcrumIPPoolSpec();
    spec.setAddresses(List.of(addresses));
    p.setSpec(spec);
    return p;
  }

  public static FulcrumIPPool poolForNamespaces(
      String name, Map<String, String> nsLabels, String... addresses) {
    FulcrumIPPool p = pool(name, addresses);
    p.getSpec().setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(nsLabels).build());
    return p;
  }

  public static Node node(String name, boolean ready) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }
}
