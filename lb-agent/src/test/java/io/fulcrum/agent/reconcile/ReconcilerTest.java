package io.fulcrum.agent.reconcile;

import static io.fulcrum.agent.testing.Specs.backend;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.spec;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.testing.InMemoryDatapath;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  final InMemoryDatapath dp = new InMemoryDatapath();
  final DesiredStateStore store = new DesiredStateStore();
  final AtomicLong clock = new AtomicLong();
  final List<ReconcileReport> reports = new ArrayList<>();
  final Reconciler reconciler = new Reconciler(dp, store, clock::get, reports::add);

  ReconcilerTest() {
    store.addListener(reconciler::reconcile);
  }

  @Test
  void firstResyncProgramsEverything() {
    store.replace("file", List.of(svc("a", 1, 1), svc("b", 2, 2)));
    dp.calls.clear();
    dp.services.clear();
    ReconcileReport r = reconciler.resync();
    assertThat(r.added()).isEqualTo(2);
    assertThat(dp.services).containsOnlyKeys(key(1), key(2));
  }

  @Test
  void oneBackendChangeAppliesOnlyThatService() {
    List<io.fulcrum.agent.config.ServiceConfig> many = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      many.add(svc("s" + i, i, 1, 2));
    }
    store.replace("file", many);
    dp.calls.clear();
    many.set(6, svc("s7", 7, 1, 2, 3));
    store.replace("file", many);
    assertThat(dp.calls).containsExactly("apply " + key(7));
  }

  @Test
  void removedServiceIsRemovedFromTheDataPlane() {
    store.replace("file", List.of(svc("a", 1, 1), svc("b", 2, 2)));
    dp.calls.clear();
    store.replace("file", List.of(svc("a", 1, 1)));
    assertThat(dp.calls).containsExactly("remove " + key(2));
    assertThat(dp.services).containsOnlyKeys(key(1));
  }

  @Test
  void adoptedStateThatMatchesIsNotReapplied() {
    // a restarted agent: the pinned data plane already holds what the file wants
    dp.services.put(key(1), spec(key(1), backend(2), backend(1)));
    DesiredStateStore fresh = new DesiredStateStore();
    fresh.replace("file", List.of(svc("a", 1, 1, 2)));
    ReconcileReport r = new Reconciler(dp, fresh, clock::get, reports::add).resync();
    assertThat(dp.calls).isEmpty();
    assertThat(r.idle()).isTrue();
  }

  @Test
  void adoptedServiceNoLongerWantedIsRemovedAndChangedOneReapplied() {
    dp.services.put(key(1), spec(key(1), backend(1)));
    dp.services.put(key(9), spec(key(9), backend(1)));
    DesiredStateStore fresh = new DesiredStateStore();
    fresh.replace("file", List.of(svc("a", 1, 1, 2)));
    new Reconciler(dp, fresh, clock::get, reports::add).resync();
    assertThat(dp.calls).containsExactlyInAnyOrder("apply " + key(1), "remove " + key(9));
  }

  @Test
  void automaticTableSizeAcceptsTheSizeTheDataPlanePicked() {
    ServiceSpec picked =
        new ServiceSpec(
            key(1),
            io.fulcrum.datapath.NatMode.FULL_NAT,
            101,
            java.time.Duration.ZERO,
            true,
            List.of(backend(1)));
    assertThat(Specs.same(spec(key(1), backend(1)), picked)).isTrue();
  }

  @Test
  void failedApplyIsRetriedOnTheNextPass() {
    dp.capacity = 1;
    store.replace("file", List.of(svc("a", 1, 1), svc("b", 2, 2)));
    assertThat(dp.services).hasSize(1);
    assertThat(reports.get(reports.size() - 1).failed()).isEqualTo(1);
    dp.capacity = 10;
    reconciler.reconcile(java.util.Set.of());
    assertThat(dp.services).containsOnlyKeys(key(1), key(2));
  }

  @Test
  void passDurationComesFromTheInjectedClock() {
    store.replace("file", List.of(svc("a", 1, 1)));
    reports.clear();
    clock.set(1000);
    store.replace("file", List.of(svc("a", 1, 1, 2)));
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).nanos()).isZero();
  }

  @Test
  void describeSaysWhatChanged() {
    ServiceSpec before = spec(key(1), backend(1), backend(2));
    ServiceSpec after =
        spec(key(1), new Backend(backend(1).address(), 8080, 100, BackendState.DOWN), backend(3));
    assertThat(Specs.describe(before, after))
        .containsExactlyInAnyOrder(
            "backend 198.18.1.1:8080 state UP -> DOWN",
            "backend 198.18.1.3:8080 added (weight 100, UP)",
            "backend 198.18.1.2:8080 removed");
  }
}
