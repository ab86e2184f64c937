package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Sh;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as users run it, with its {@code kubernetes} section pointing (through a kubeconfig
 * file) at the fabric8 mock API server in CRUD mode running in this JVM: a LoadBalancer Service and
 * its EndpointSlice, pointing at three HTTP backends in network namespaces, get an address from the
 * configuration's pool, and a client reaches them with real HTTP through the XDP data plane; an
 * endpoint removed from the slice takes no new connection; the Service deleted is no longer served.
 * A second Service asking for an address the configuration file already serves is refused with a
 * log line and a Warning Event, and the file's service keeps working. A Service annotated with a
 * TCP health check has its dead backend taken out of new connections within interval x fall +
 * timeout (plus slack).
 */
class KubernetesAgentIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String NS = "default";
  static final String VIP = "198.18.100.10";
  static final String FILE_VIP = "198.18.100.11";

  Path dir;
  LbTopology topo;
  Path config;
  String pin;
  AgentProcess agent;
  KubernetesMockServer server;
  KubernetesClient kube;

  @BeforeEach
  void setUp() throws IOException {
    Capabilities.requireKernelTestRig();
    dir = Files.createTempDirectory("fulcrum-k8s-it");
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    kube = server.createClient();
    topo = new LbTopology(dir);
    for (int i = 1; i <= 3; i++) {
      topo.startHttp(i);
    }
    String run = RunId.next("k8s");
    config = dir.resolve(run + ".yaml");
    pin = "/sys/fs/bpf/fulcrum-it-" + run;
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
      for (String l : agent.logText().split("\n")) {
        if (l.contains("ubernetes") || l.contains("ERROR") || l.contains("WARN")) {
          System.out.println(l);
        }
      }
    }
    if (config != null) {
      AgentProcess.cli("teardown", "--config", config.toString());
    }
    Sh.quiet("rm", "-rf", pin);
    if (kube != null) {
      kube.close();
    }
    if (server != null) {
      server.destroy();
    }
    if (topo != null) {
      topo.close();
    }
    if (dir != null) {
      Sh.quiet("rm", "-rf", dir.toString());
    }
  }

  String yaml(Path kubeconfig) {
    return topo.dataplaneYaml(pin)
        + "metrics: {listen: \"127.0.0.1:"
        + AgentProcess.freePort()
        + "\"}\n"
        + "services:\n  - {name: file-web, vip: "
        + FILE_VIP
        + ", port: 80, backends: [{address: "
        + LbTopology.backendAddress(3)
        + ", port: 8080}]}\n"
        + "kubernetes:\n"
        + "  enabled: true\n"
        + "  kubeconfig: "
        + kubeconfig
        + "\n  nodeName: node-a\n"
        + "  poolResources: false\n"
        + "  pools:\n"
        + "    - {name: main, addresses: ["
        + VIP
        + "-"
        + FILE_VIP
        + "]}\n";
  }

  Path kubeconfig() throws IOException {
    Path p = dir.resolve("kubeconfig");
    Files.writeString(
        p,
        "apiVersion: v1\nkind: Config\n"
            + "clusters: [{name: mock, cluster: {server: \"http://127.0.0.1:"
            + server.getPort()
            + "\"}}]\n"
            + "contexts: [{name: mock, context: {cluster: mock, user: it, namespace: "
            + NS
            + "}}]\n"
            + "current-context: mock\n"
            + "users: [{name: it, user: {token: it}}]\n");
    return p;
  }

  static Service service(String name, Map<String, String> annotations) {
    return new ServiceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(NS)
                .withName(name)
                .withUid("uid-" + name)
                .withAnnotations(annotations)
                .build())
        .withNewSpec()
        .withType("LoadBalancer")
        .withLoadBalancerClass("fulcrum.io/lb")
        .withPorts(
            new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP").build())
        .endSpec()
        .build();
  }

  static EndpointSlice slice(String service, int... backends) {
    List<Endpoint> eps = new ArrayList<>();
    for (int i : backends) {
      eps.add(
          new EndpointBuilder()
              .withAddresses(LbTopology.backendAddress(i))
              .withNodeName("node-a")
              .withNewConditions()
              .withReady(true)
              .withServing(true)
              .withTerminating(false)
              .endConditions()
              .build());
    }
    return new EndpointSliceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(NS)
                .withName(service + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", service))
                .build())
        .withAddressType("IPv4")
        .withPorts(
            new EndpointPortBuilder().withName("http").withPort(8080).withProtocol("TCP").build())
        .withEndpoints(eps)
        .build();
  }

  List<LoadBalancerIngress> ingress(String name) {
    Service s = kube.services().inNamespace(NS).withName(name).get();
    if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    List<LoadBalancerIngress> in = s.getStatus().getLoadBalancer().getIngress();
    return in == null ? List.of() : in;
  }

  /** The backends answering {@code n} requests to the VIP ("" for a failed request). */
  Set<String> answers(String vip, int n) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(topo.curl("http://" + vip + "/"));
    }
    return seen;
  }

  void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return;
      }
      AgentProcess.sleep(200);
    }
    throw new AssertionError("timed out waiting until " + what + "\n" + agent.logText());
  }

  @Test
  void serviceFromTheApiServerIsServedThroughTheVipUntilDeleted() throws Exception {
    Files.writeString(config, yaml(kubeconfig()));
    agent = AgentProcess.start(config, dir.resolve("agent.log").toFile());
    agent.awaitLog("informers synced", WAIT);
    assertThat(answers(FILE_VIP, 3)).containsExactly("backend-3");

    // a Service and its EndpointSlice: an address in status, and real HTTP through the VIP
    kube.services().resource(service("web", Map.of())).create();
    kube.discovery().v1().endpointSlices().resource(slice("web", 1, 2, 3)).create();
    await("web has an address", () -> !ingress("web").isEmpty());
    assertThat(ingress("web").get(0).getIp()).isEqualTo(VIP);
    assertThat(ingress("web").get(0).getIpMode()).isEqualTo("VIP");
    await(
        "every backend answers through " + VIP,
        () -> answers(VIP, 12).containsAll(Set.of("backend-1", "backend-2", "backend-3")));

    // backend-3 leaves the slice: no new connection reaches it
    kube.discovery().v1().endpointSlices().resource(slice("web", 1, 2)).update();
    await("backend-3 takes no new connection", () -> !answers(VIP, 12).contains("backend-3"));
    assertThat(answers(VIP, 20)).containsExactlyInAnyOrder("backend-1", "backend-2");

    // a Service asking for the file's VIP is refused (log and Event); the file keeps it
    kube.services()
        .resource(service("clash", Map.of("fulcrum.io/loadBalancerIPs", FILE_VIP)))
        .create();
    kube.discovery().v1().endpointSlices().resource(slice("clash", 1)).create();
    agent.awaitLog("from kubernetes claims " + FILE_VIP, WAIT);
    await(
        "a Warning Event on clash",
        () -> {
          EventList events = kube.v1().events().inNamespace(NS).list();
          return events.getItems().stream()
              .anyMatch(
                  e ->
                      "AddressConflict".equals(e.getReason())
                          && "clash".equals(e.getInvolvedObject().getName()));
        });
    assertThat(answers(FILE_VIP, 5)).containsExactly("backend-3");

    // the Service deleted: the VIP is no longer served
    kube.services().inNamespace(NS).withName("web").delete();
    await("web is no longer served", () -> answers(VIP, 3).equals(Set.of("")));
    assertThat(answers(FILE_VIP, 3)).containsExactly("backend-3");
  }

  @Test
  void annotatedHealthCheckTakesADeadBackendOutOfNewConnections() throws Exception {
    Files.writeString(config, yaml(kubeconfig()));
    agent = AgentProcess.start(config, dir.resolve("agent.log").toFile());
    agent.awaitLog("informers synced", WAIT);
    kube.services()
        .resource(
            service(
                "probed",
                Map.of(
                    "health.fulcrum.io/type", "tcp",
                    "health.fulcrum.io/interval", "200ms",
                    "health.fulcrum.io/timeout", "100ms",
                    "health.fulcrum.io/rise", "1",
                    "health.fulcrum.io/fall", "2")))
        .create();
    kube.discovery().v1().endpointSlices().resource(slice("probed", 1, 2, 3)).create();
    await(
        "every backend answers through " + VIP,
        () -> answers(VIP, 12).containsAll(Set.of("backend-1", "backend-2", "backend-3")));

    // backend-2's server dies: the annotated probe (not the file) takes it out
    String down = "backend " + LbTopology.backendAddress(2) + ":8080 DOWN";
    long killed = System.nanoTime();
    HealthIT.killAll(topo.backends.get(1));
    await("backend-2 probed DOWN", () -> agent.logText().contains(down));
    long millis = (System.nanoTime() - killed) / 1_000_000;
    // interval x fall + timeout, plus slack for the log poll and the rebuild
    long bound = 200 * 2 + 100 + 1000;
    System.out.println(
        "annotated check: backend DOWN after " + millis + " ms (bound " + bound + ")");
    assertThat(millis).isLessThanOrEqualTo(bound);
    assertThat(answers(VIP, 20)).containsExactlyInAnyOrder("backend-1", "backend-3");
  }
}
