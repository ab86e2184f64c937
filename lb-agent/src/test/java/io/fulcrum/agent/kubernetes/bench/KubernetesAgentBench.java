package io.fulcrum.agent.kubernetes.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fulcrum.agent.Agent;
import io.fulcrum.agent.AgentRuntime;
import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.kubernetes.AgentKubernetes;
import io.fulcrum.agent.metrics.AgentMetrics;
import io.fulcrum.agent.reconcile.ReconcileLoop;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.testing.InMemoryDatapath;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.kubernetes.ServiceRef;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (not a test) of the agent's own Kubernetes path: {@link AgentKubernetes} (informers,
 * translation, the store feed) into the agent's {@link DesiredStateStore}, {@link ReconcileLoop}
 * and {@link Reconciler}, into the real XDP data plane when a pin root is given. N Services with E
 * endpoints each are created in the mock API server; sync_all_ms is the time from the first create
 * until every one is in the data plane with all its endpoints; then one EndpointSlice at a time is
 * changed and the time until the data plane holds the new backend is measured. Reference in the
 * same run: the same changes seen by a bare watch (what the mock API server itself costs).
 *
 * <p>Arguments: port file, services, endpoints, changes, pin root or "none".
 */
public final class KubernetesAgentBench {
  static final String NS = "bench";

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(Files.readString(Path.of(args[0])).trim());
    int services = Integer.parseInt(args[1]);
    int endpoints = Integer.parseInt(args[2]);
    int changes = Integer.parseInt(args[3]);
    boolean bpf = !args[4].equals("none");
    Datapath inner =
        bpf ? BenchDatapath.open(args[4], services, endpoints) : new InMemoryDatapath();
    TimedDatapath dp = new TimedDatapath(inner, endpoints);
    String url = "http://127.0.0.1:" + port;
    Path kubeconfig = Files.createTempFile("fulcrum-kbench", ".kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\n"
            + "clusters: [{name: mock, cluster: {server: \""
            + url
            + "\"}}]\n"
            + "contexts: [{name: mock, context: {cluster: mock, user: bench}}]\n"
            + "current-context: mock\nusers: [{name: bench, user: {token: bench}}]\n");
    try (KubernetesClient user = client(url)) {
      run(user, dp, kubeconfig, services, endpoints, changes, bpf);
    } finally {
      Files.deleteIfExists(kubeconfig);
      if (bpf) {
        BenchDatapath.destroy(inner);
      }
    }
    System.exit(0);
  }

  static KubernetesClient client(String url) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(url)
                .withNamespace(NS)
                .withRequestTimeout(60_000)
                .build())
        .build();
  }

  static AgentConfig config(Path kubeconfig) throws Exception {
    String yaml =
        "dataplane: {interfaces: [lo]}\n"
            + "kubernetes:\n  enabled: true\n  kubeconfig: "
            + kubeconfig
            + "\n  nodeName: node-a\n  poolResources: false\n"
            + "  pools: [{name: bench, addresses: [198.18.0.0/17]}]\n";
    return ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "bench.yaml");
  }

  static void run(
      KubernetesClient user,
      TimedDatapath dp,
      Path kubeconfig,
      int n,
      int e,
      int changes,
      boolean bpf)
      throws Exception {
    user.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    // the agent's own wiring, as Agent.start builds it
    DesiredStateStore store = new DesiredStateStore();
    AgentMetrics metrics = new AgentMetrics();
    Reconciler reconciler = new Reconciler(dp, store, System::nanoTime, metrics);
    ReconcileLoop loop = new ReconcileLoop(reconciler, dp::mapUsage);
    loop.start(Agent.Options.DEFAULT.resyncEvery());
    store.addListener(loop);
    try (AgentKubernetes k8s =
        AgentKubernetes.start(
            new AgentRuntime(config(kubeconfig), dp, store, loop, metrics), null)) {
      if (!k8s.source().awaitSynced(java.time.Duration.ofMinutes(2))) {
        throw new IllegalStateException("informers did not sync");
      }
      // ---- create everything
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      AtomicInteger failures = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(n);
      for (int i = 0; i < n; i++) {
        int id = i;
        pool.execute(
            () -> {
              try {
                user.services().resource(service(id)).create();
                user.discovery().v1().endpointSlices().resource(slice(id, e, -1)).create();
              } catch (RuntimeException ex) {
                failures.incrementAndGet();
                System.err.println("create " + id + ": " + ex.getMessage());
              } finally {
                done.countDown();
              }
            });
      }
      done.await();
      long created = System.nanoTime();
      pool.shutdown();
      System.out.printf(
          "created %d services + slices in %d ms (%d failures)%n",
          n, (created - t0) / 1_000_000, failures.get());
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
      while (dp.complete.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (dp.complete.size() < n) {
        throw new IllegalStateException("only " + dp.complete.size() + " of " + n + " programmed");
      }
      long syncAllMs = (dp.lastComplete - t0) / 1_000_000;
      System.out.printf("all %d programmed %d ms after the first create%n", n, syncAllMs);

      // ---- endpoint changes, one at a time
      Map<String, Long> watchSeen = new ConcurrentHashMap<>();
      var watch =
          user.discovery()
              .v1()
              .endpointSlices()
              .inNamespace(NS)
              .watch(
                  new Watcher<EndpointSlice>() {
                    @Override
                    public void eventReceived(Action action, EndpointSlice s) {
                      watchSeen.put(
                          s.getMetadata().getName() + "@" + s.getMetadata().getResourceVersion(),
                          System.nanoTime());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
      Thread.sleep(1000);
      Random random = new Random(42);
      List<Long> latencies = new ArrayList<>();
      List<Long> reference = new ArrayList<>();
      List<Long> own = new ArrayList<>();
      for (int c = 0; c < changes; c++) {
        int id = random.nextInt(n);
        ServiceRef ref = new ServiceRef(NS, "svc-" + id);
        ServiceKey key = k8s.source().current().services().get(ref).keys().iterator().next();
        EndpointSlice changed = slice(id, e, c);
        InetAddress fresh =
            InetAddress.getByName(changed.getEndpoints().get(0).getAddresses().get(0));
        dp.waitingFor.put(key, fresh);
        dp.arrived.remove(key);
        long start = System.nanoTime();
        EndpointSlice written = user.discovery().v1().endpointSlices().resource(changed).update();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!dp.arrived.containsKey(key) && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        Long at = dp.arrived.get(key);
        if (at == null) {
          throw new IllegalStateException(
              "change " + c + " on " + ref + " never reached the data plane");
        }
        latencies.add(at - start);
        Long seen = null;
        long until2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String wkey =
            written.getMetadata().getName() + "@" + written.getMetadata().getResourceVersion();
        while ((seen = watchSeen.get(wkey)) == null && System.nanoTime() < until2) {
          Thread.sleep(1);
        }
        if (seen != null) {
          reference.add(seen - start);
          own.add(Math.max(0, at - seen));
        }
      }
      watch.close();
      long rssMb = rssKb() / 1024;
      System.out.printf(
          "REFERENCE bare_watch_event_p99_ms=%.1f (same changes, a plain watch without Fulcrum)%n",
          p(reference, 0.99));
      System.out.printf(
          "Fulcrum's own part (data plane time minus bare watch time, per change):"
              + " p50 %.1f ms, p99 %.1f ms%n",
          p(own, 0.5), p(own, 0.99));
      System.out.printf(
          "endpoint change to %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d changes%n",
          bpf ? "the XDP data plane" : "the in-memory data plane",
          p(latencies, 0.50),
          p(latencies, 0.99),
          p(latencies, 1.0),
          latencies.size());
      System.out.printf(
          "RESULT services=%d sync_all_ms=%d endpoint_change_p99_ms=%.1f rss_mb=%d%n",
          n, syncAllMs, p(latencies, 0.99), rssMb);
    } finally {
      loop.close();
    }
  }

  static double p(List<Long> nanos, double q) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    int i = (int) Math.ceil(q * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i))) / 1e6;
  }

  static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static Service service(int id) {
    return new ServiceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(NS)
                .withName("svc-" + id)
                .withUid("uid-" + id)
                .build())
        .withNewSpec()
        .withType("LoadBalancer")
        .withLoadBalancerClass("fulcrum.io/lb")
        .withPorts(
            new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP").build())
        .withExternalTrafficPolicy("Cluster")
        .endSpec()
        .build();
  }

  /** The slice of Service id; with change >= 0 its first endpoint moves to a fresh address. */
  static EndpointSlice slice(int id, int endpoints, int change) {
    List<Endpoint> eps = new ArrayList<>();
    for (int j = 0; j < endpoints; j++) {
      String address;
      if (j == 0 && change >= 0) {
        address = "198.18.200." + (change % 250 + 1);
      } else {
        int k = id * endpoints + j;
        address = "198.19." + ((k >> 8) & 0xff) + "." + (k & 0xff);
      }
      eps.add(
          new EndpointBuilder()
              .withAddresses(address)
              .withNodeName("node-a")
              .withNewConditions()
              .withReady(true)
              .withServing(true)
              .withTerminating(false)
              .endConditions()
              .build());
    }
    int k0 = id * endpoints;
    return new EndpointSliceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(NS)
                .withName("svc-" + id + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", "svc-" + id))
                .build())
        .withAddressType("IPv4")
        .withPorts(
            new EndpointPortBuilder()
                .withName("http")
                .withPort(8080 + (k0 >> 16))
                .withProtocol("TCP")
                .build())
        .withEndpoints(eps)
        .build();
  }
}
