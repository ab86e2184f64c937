package io.fulcrum.kubernetes.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.AllocationStore;
import io.fulcrum.kubernetes.Fixtures;
import io.fulcrum.kubernetes.KubernetesDesired;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.KubernetesSource;
import io.fulcrum.kubernetes.LeadershipView;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import io.fulcrum.kubernetes.pool.IpAddresses;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * Benchmark (not a test): N Services with E endpoints each created in the mock API server; time
 * until every one is programmed (in the real data plane when one is given), then the p99 from one
 * EndpointSlice change to the data plane. Reference in the same run: the p99 from the same change
 * to a bare watch event (what the API server itself costs).
 */
public final class KubernetesBench {
  static final String NS = "bench";

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(Files.readString(Path.of(args[0])).trim());
    int services = Integer.parseInt(args[1]);
    int endpoints = Integer.parseInt(args[2]);
    int changes = Integer.parseInt(args[3]);
    Datapath dp =
        args.length > 4 && !args[4].equals("none")
            ? BenchDatapath.open(args[4], services, endpoints)
            : null;
    String url = "http://127.0.0.1:" + port;
    try (KubernetesClient agent = client(url);
        KubernetesClient user = client(url)) {
      run(agent, user, dp, services, endpoints, changes);
    } finally {
      if (dp != null) {
        BenchDatapath.destroy(dp);
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

  /** Programs every published change into the data plane (or counts it) and notes when. */
  static final class Programmer implements io.fulcrum.kubernetes.DesiredServicesListener {
    final Datapath dp;
    final int endpoints;
    final Map<ServiceKey, Boolean> complete = new ConcurrentHashMap<>();
    final Map<ServiceKey, InetAddress> waitingFor = new ConcurrentHashMap<>();
    final Map<ServiceKey, Long> arrived = new ConcurrentHashMap<>();
    volatile long lastComplete;

    Programmer(Datapath dp, int endpoints) {
      this.dp = dp;
      this.endpoints = endpoints;
    }

    @Override
    public void onDesired(KubernetesDesired d) {
      for (ServiceKey k : d.removed()) {
        if (dp != null) {
          dp.remove(k);
        }
        complete.remove(k);
      }
      for (ServiceKey k : d.changed()) {
        ServiceSpec spec = d.specs().get(k);
        if (dp != null) {
          dp.apply(spec);
        }
        long now = System.nanoTime();
        if (spec.backends().size() == endpoints && complete.put(k, Boolean.TRUE) == null) {
          lastComplete = now;
        }
        InetAddress want = waitingFor.get(k);
        if (want != null) {
          for (Backend b : spec.backends()) {
            if (b.address().equals(want)) {
              arrived.put(k, now);
              waitingFor.remove(k);
            }
          }
        }
      }
    }
  }

  static void run(
      KubernetesClient agent, KubernetesClient user, Datapath dp, int n, int e, int changes)
      throws Exception {
    user.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    user.resources(FulcrumIPPool.class).resource(Fixtures.pool("bench", "198.18.0.0/17")).create();
    LeadershipView leader =
        new LeadershipView() {
          @Override
          public boolean isLeader() {
            return true;
          }

          @Override
          public void addListener(Runnable onChange) {}
        };
    Programmer programmer = new Programmer(dp, e);
    try (KubernetesSource source =
        new KubernetesSource(
            agent,
            KubernetesSettings.defaults("node-a"),
            leader,
            AllocationStore.inMemory(),
            programmer,
            Clock.systemUTC())) {
      source.start();
      if (!source.awaitSynced(Duration.ofMinutes(2))) {
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
      while (programmer.complete.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (programmer.complete.size() < n) {
        throw new IllegalStateException(
            "only " + programmer.complete.size() + " of " + n + " programmed");
      }
      long syncAllMs = (programmer.lastComplete - t0) / 1_000_000;
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
        ServiceKey key = source.current().services().get(ref).keys().iterator().next();
        EndpointSlice changed = slice(id, e, c);
        InetAddress fresh =
            IpAddresses.parseLiteral(changed.getEndpoints().get(0).getAddresses().get(0));
        programmer.waitingFor.put(key, fresh);
        programmer.arrived.remove(key);
        long start = System.nanoTime();
        EndpointSlice written = user.discovery().v1().endpointSlices().resource(changed).update();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!programmer.arrived.containsKey(key) && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        Long at = programmer.arrived.get(key);
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
          p99(reference));
      System.out.printf(
          "Fulcrum's own part (data plane time minus bare watch time, per change):"
              + " p50 %.1f ms, p99 %.1f ms%n",
          p(own, 0.5), p99(own));
      System.out.printf(
          "endpoint change to %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d changes%n",
          dp == null ? "published desired state" : "the data plane",
          p(latencies, 0.50),
          p99(latencies),
          p(latencies, 1.0),
          latencies.size());
      System.out.printf(
          "RESULT services=%d sync_all_ms=%d endpoint_change_p99_ms=%.1f rss_mb=%d%n",
          n, syncAllMs, p99(latencies), rssMb);
    }
  }

  static double p99(List<Long> nanos) {
    return p(nanos, 0.99);
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
    return new ServiceBuilder(
            Fixtures.lb(NS, "svc-" + id, Fixtures.port("http", 80, "TCP")).build())
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
      eps.add(Fixtures.ready(address, "node-a"));
    }
    int k0 = id * endpoints;
    return Fixtures.slice(
        NS,
        "svc-" + id,
        "svc-" + id + "-1",
        "IPv4",
        "http",
        8080 + (k0 >> 16),
        eps.toArray(Endpoint[]::new));
  }
}
