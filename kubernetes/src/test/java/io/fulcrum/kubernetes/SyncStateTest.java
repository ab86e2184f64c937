package io.fulcrum.kubernetes;

import static io.fulcrum.kubernetes.Fixtures.lb;
import static io.fulcrum.kubernetes.Fixtures.pool;
import static io.fulcrum.kubernetes.Fixtures.ready;
import static io.fulcrum.kubernetes.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.kubernetes.desired.ClusterState;
import io.fulcrum.kubernetes.desired.Desired;
import io.fulcrum.kubernetes.desired.DesiredState;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The incremental passes always agree with the pure whole-state function. */
class SyncStateTest {
  final KubernetesSettings settings = KubernetesSettings.defaults("node-a");
  final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  final AllocationStore store = AllocationStore.inMemory();
  final SyncState state = new SyncState(settings, store, clock);
  final Map<String, Service> services = new LinkedHashMap<>();
  final Map<String, EndpointSlice> slices = new LinkedHashMap<>();
  final List<FulcrumIPPool> pools = List.of(pool("main", "198.18.0.0/28"));

  SyncState.Cache cache() {
    Map<ServiceRef, List<EndpointSlice>> byService = new HashMap<>();
    for (EndpointSlice s : slices.values()) {
      byService.computeIfAbsent(ClusterState.owner(s), k -> new ArrayList<>()).add(s);
    }
    return new SyncState.Cache(
        List.copyOf(services.values()),
        services::get,
        ref -> byService.getOrDefault(ref, List.of()),
        List.of(),
        pools,
        Map.of());
  }

  KubernetesDesired pass(boolean alloc, Set<ServiceRef> dirty) {
    state.pass(cache(), true, alloc, false, dirty);
    return state.current();
  }

  @Test
  void incrementalPassesMatchTheWholeComputation() {
    Random r = new Random(7);
    pass(true, Set.of());
    Set<ServiceKeyView> seen = new HashSet<>();
    for (int step = 0; step < 400; step++) {
      int id = r.nextInt(20);
      String name = "s" + id;
      ServiceRef ref = new ServiceRef("default", name);
      String key = "default/" + name;
      boolean alloc = false;
      switch (r.nextInt(5)) {
        case 0 -> {
          services.put(key, lb(name, 80 + r.nextInt(3)));
          alloc = true;
        }
        case 1 -> {
          if (services.remove(key) != null) {
            alloc = true;
          }
        }
        case 2 -> {
          Service s = services.get(key);
          if (s != null) {
            services.put(
                key,
                new ServiceBuilder(s)
                    .editSpec()
                    .withLoadBalancerClass(
                        r.nextBoolean() ? "other" : KubernetesSettings.DEFAULT_CLASS)
                    .endSpec()
                    .build());
            alloc = true;
          }
        }
        default -> {
          List<Endpoint> eps = new ArrayList<>();
          for (int j = 0; j < r.nextInt(4); j++) {
            eps.add(ready("198.19.0." + (1 + r.nextInt(200)), "node-a"));
          }
          slices.put(
              key,
              slice(
                  "default",
                  name,
                  name + "-1",
                  "IPv4",
                  "http",
                  8080,
                  eps.toArray(Endpoint[]::new)));
        }
      }
      KubernetesDesired d = pass(alloc, Set.of(ref));
      DesiredState whole =
          Desired.compute(
              new ClusterState(
                  List.copyOf(services.values()),
                  List.copyOf(slices.values()),
                  List.of(),
                  pools,
                  Map.of()),
              settings,
              store.load(),
              Map.of(),
              true,
              "2026-01-01T00:00:00Z");
      assertThat(d.specs()).as("step %d", step).isEqualTo(whole.specs());
      assertThat(d.services().keySet()).isEqualTo(whole.services().keySet());
      d.specs().keySet().forEach(k -> seen.add(new ServiceKeyView(k.toString())));
    }
    assertThat(seen).hasSizeGreaterThan(5);
  }

  @Test
  void anUnchangedPassPublishesNothing() {
    services.put("default/a", lb("a", 80));
    assertThat(pass(true, Set.of(new ServiceRef("default", "a"))).specs()).hasSize(1);
    long generation = state.current().generation();
    SyncState.Pass again = state.pass(cache(), true, true, true, Set.of());
    assertThat(again.published()).isNull();
    assertThat(state.current().generation()).isEqualTo(generation);
  }

  record ServiceKeyView(String key) {}
}
