package io.fulcrum.kubernetes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.DatapathConfig;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.XdpMode;
import io.fulcrum.kubernetes.AllocationStore;
import io.fulcrum.kubernetes.Fixtures;
import io.fulcrum.kubernetes.KubernetesDesired;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.KubernetesSource;
import io.fulcrum.kubernetes.LeadershipView;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Veth;
import io.fulcrum.testrig.servers.BackendServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Service and its EndpointSlice created in the mock API server point at two backends in network
 * namespaces; the Service gets an address from a FulcrumIPPool, the source's published specs are
 * programmed into the real XDP data plane (native mode on veths in the LB namespace), and a client
 * in its own namespace reaches the backends through the VIP.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesEndToEndIT {
  static final String NODE4 = "198.18.0.1";
  static final Duration WAIT = Duration.ofSeconds(60);
  KubernetesClient mockClient;
  KubernetesClient client;

  final Cleanup cleanup = new Cleanup();
  Netns clientNs;
  Netns lb;
  final List<Netns> backends = new ArrayList<>();
  BpfDatapath dp;

  @BeforeEach
  void topology() throws Exception {
    Capabilities.requireKernelTestRig();
    client = cleanup.add(io.fulcrum.kubernetes.MockClients.patient(mockClient));
    try {
      clientNs = cleanup.add(Netns.create("kcl"));
      lb = cleanup.add(Netns.create("klb"));
      lb.sysctl("net.ipv4.ip_forward", "1");
      lb.sysctl("net.ipv4.conf.all.accept_local", "1");
      lb.sysctl("net.ipv4.conf.default.accept_local", "1");
      lb.exec("ip", "addr", "add", NODE4 + "/32", "dev", "lo");
      List<String> lbIfaces = new ArrayList<>();
      Veth c = cleanup.add(Veth.create(lb, clientNs));
      c.addrA("198.18.1.254/24").addrB("198.18.1.1/24");
      clientNs.exec("ip", "route", "add", "default", "via", "198.18.1.254");
      offloads(clientNs, c.nameB());
      offloads(lb, c.nameA());
      lbIfaces.add(c.nameA());
      for (int i = 1; i <= 2; i++) {
        Netns b = cleanup.add(Netns.create("kbe"));
        backends.add(b);
        Veth v = cleanup.add(Veth.create(lb, b));
        v.addrA("198.18." + (10 + i) + ".254/24").addrB("198.18." + (10 + i) + ".1/24");
        b.exec("ip", "route", "add", "default", "via", "198.18." + (10 + i) + ".254");
        offloads(b, v.nameB());
        offloads(lb, v.nameA());
        lbIfaces.add(v.nameA());
        startServer(b, "be" + i);
      }
      DatapathConfig config =
          DatapathConfig.defaults("k8s-e2e")
              .withPinRoot(Path.of("/sys/fs/bpf/fulcrum-test", RunId.next("k8s")))
              .withSizes(64, 256, 65536, 1 << 16)
              .withSnat(InetAddress.getByName(NODE4), null)
              .withInterfaces(lb.name(), XdpMode.DRIVER, lbIfaces);
      dp = BpfDatapath.open(config);
      cleanup.add(() -> BpfDatapath.open(config).destroy());
      cleanup.add(() -> dp.close());
    } catch (RuntimeException e) {
      cleanup.close();
      throw e;
    }
  }

  @AfterEach
  void tearDown() {
    cleanup.close();
  }

  /**
   * veth takes redirected frames only with GRO on; hosts send full checksums as a NIC peer would.
   */
  static void offloads(Netns ns, String dev) {
    ns.exec("ethtool", "-K", dev, "gro", "on", "tx", "off");
  }

  void startServer(Netns ns, String name) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp =
        Path.of(BackendServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    File log = File.createTempFile("fulcrum-k8s-" + name, ".log");
    log.deleteOnExit();
    ns.spawn(
        log, java, "-Xmx48m", "-cp", cp, BackendServer.class.getName(), name, "0", "0", "9000");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log.toPath()).contains("READY")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "backend " + name + " did not start: " + Files.readString(log.toPath()));
      }
      Thread.sleep(100);
    }
  }

  /** Connects from the client namespace and returns the backend's greeting (its name). */
  String greeting(InetAddress vip, int port) {
    return Bpf.inNetns(
        clientNs.name(),
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(vip, port), 3000);
            s.setSoTimeout(3000);
            return new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
          } catch (IOException e) {
            return "error: " + e.getMessage();
          }
        });
  }

  Set<String> greetings(InetAddress vip, int port, int tries) {
    Set<String> seen = new TreeSet<>();
    for (int i = 0; i < tries; i++) {
      seen.add(greeting(vip, port));
    }
    return seen;
  }

  @Test
  void serviceFromTheApiServerGetsAnAddressAndTheClientReachesItsBackendsThroughTheVip()
      throws Exception {
    client
        .resources(io.fulcrum.kubernetes.pool.FulcrumIPPool.class)
        .resource(Fixtures.pool("main", "198.18.0.10-198.18.0.11"))
        .create();
    LeadershipView leader =
        new LeadershipView() {
          @Override
          public boolean isLeader() {
            return true;
          }

          @Override
          public void addListener(Runnable onChange) {}
        };
    try (KubernetesSource source =
        new KubernetesSource(
            client,
            KubernetesSettings.defaults("node-a"),
            leader,
            AllocationStore.inMemory(),
            (KubernetesDesired d) -> {
              d.removed().forEach(dp::remove);
              d.changed().forEach(k -> dp.apply(d.specs().get(k)));
            },
            Clock.systemUTC())) {
      source.start();
      assertThat(source.awaitSynced(WAIT)).isTrue();
      Service svc = Fixtures.lb("default", "web", Fixtures.port("echo", 80, "TCP")).build();
      client.services().resource(svc).create();
      EndpointSlice slice =
          Fixtures.slice(
              "default",
              "web",
              "web-1",
              "IPv4",
              "echo",
              9000,
              Fixtures.ready("198.18.11.1", "node-a"),
              Fixtures.ready("198.18.12.1", "node-a"));
      client.discovery().v1().endpointSlices().resource(slice).create();

      // the Service gets its address in status, and the data plane its service
      await()
          .atMost(WAIT)
          .until(
              () -> {
                Service s = client.services().inNamespace("default").withName("web").get();
                return s.getStatus() != null
                    && s.getStatus().getLoadBalancer() != null
                    && s.getStatus().getLoadBalancer().getIngress() != null
                    && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
              });
      String ip =
          client
              .services()
              .inNamespace("default")
              .withName("web")
              .get()
              .getStatus()
              .getLoadBalancer()
              .getIngress()
              .get(0)
              .getIp();
      assertThat(ip).isEqualTo("198.18.0.10");
      InetAddress vip = InetAddress.getByName(ip);
      ServiceKey key = new ServiceKey(vip, 80, io.fulcrum.datapath.Protocol.TCP);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  dp.programmed().containsKey(key)
                      && dp.programmed().get(key).backends().size() == 2);

      // the client reaches both backends through the VIP
      await().atMost(WAIT).until(() -> greetings(vip, 80, 20).containsAll(Set.of("be1", "be2")));

      // endpoint churn: be2 leaves the slice; new connections go to be1 only
      client
          .discovery()
          .v1()
          .endpointSlices()
          .resource(
              Fixtures.slice(
                  "default",
                  "web",
                  "web-1",
                  "IPv4",
                  "echo",
                  9000,
                  Fixtures.ready("198.18.11.1", "node-a")))
          .update();
      await().atMost(WAIT).until(() -> dp.programmed().get(key).backends().size() == 1);
      assertThat(greetings(vip, 80, 10)).containsExactly("be1");
    }
  }
}
