package io.fulcrum.agent.rest;

import static io.fulcrum.agent.testing.Specs.ip;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.testing.InMemoryDatapath;
import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendStatus;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.Source;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.Counters;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreBackendControlTest {
  final DesiredStateStore store = new DesiredStateStore();
  final InMemoryRuntimeSettingsStore runtime = new InMemoryRuntimeSettingsStore();
  final InMemoryDatapath datapath = new InMemoryDatapath();
  final StoreServiceCatalog catalog =
      new StoreServiceCatalog(store, runtime, List.of(ip("198.18.0.1")));
  final StoreBackendControl control =
      new StoreBackendControl(
          store, catalog, runtime, null, datapath, Clock.systemUTC(), System::nanoTime);

  StoreBackendControlTest() {
    store.replace("file", List.of(svc("web", 1, 2, 3)));
    AgentApi.project(runtime, store);
  }

  @Test
  void fileServicesAreListedReadOnly() {
    assertThat(catalog.list()).hasSize(1);
    assertThat(catalog.get("web").orElseThrow().source()).isEqualTo(Source.FILE);
    assertThat(catalog.get("web").orElseThrow().definition().backends()).hasSize(2);
    assertThatThrownBy(() -> catalog.delete("web"))
        .isInstanceOf(PortException.class)
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(PortException.Kind.READ_ONLY);
  }

  @Test
  void drainDisableAndEnableBecomeOverridesInTheStore() {
    InetSocketAddress b2 = new InetSocketAddress(ip("198.18.1.2"), 8080);
    assertThat(control.setAdminState("web", "198.18.1.2:8080", AdminState.DRAINING).adminState())
        .isEqualTo(AdminState.DRAINING);
    assertThat(store.spec(key(1)).backends().get(0).state()).isEqualTo(BackendState.DRAINING);
    control.setAdminState("web", "198.18.1.2", AdminState.DISABLED);
    assertThat(store.adminOverrides(key(1))).containsEntry(b2, BackendState.DOWN);
    assertThat(store.spec(key(1)).backends().get(0).state()).isEqualTo(BackendState.DOWN);
    assertThat(runtime.current().adminState("web", "198.18.1.2:8080"))
        .isEqualTo(AdminState.DISABLED);
    control.setAdminState("web", "198.18.1.2:8080", AdminState.ENABLED);
    assertThat(store.spec(key(1)).backends().get(0).state()).isEqualTo(BackendState.UP);
    assertThat(control.backends("web")).allMatch(s -> s.adminState() == AdminState.ENABLED);
  }

  @Test
  void aDrainFollowsTheServiceWhenTheFileMovesItToAnotherVip() {
    control.setAdminState("web", "198.18.1.2:8080", AdminState.DRAINING);
    store.replace("file", List.of(svc("web", 7, 2, 3)));
    assertThat(store.spec(key(7)).backends().get(0).state()).isEqualTo(BackendState.DRAINING);
    assertThat(store.spec(key(7)).backends().get(1).state()).isEqualTo(BackendState.UP);
  }

  @Test
  void healthOverrideDoesNotClearAnOperatorDrain() {
    InetSocketAddress b2 = new InetSocketAddress(ip("198.18.1.2"), 8080);
    control.setAdminState("web", "198.18.1.2:8080", AdminState.DRAINING);
    store.overrideBackend(key(1), b2, BackendState.DOWN);
    store.overrideBackend(key(1), b2, null);
    assertThat(store.spec(key(1)).backends().get(0).state()).isEqualTo(BackendState.DRAINING);
  }

  @Test
  void backendsCarryTheDataPlaneCounters() {
    InetSocketAddress b3 = new InetSocketAddress(ip("198.18.1.3"), 8080);
    datapath.backendCounters.put(key(1), Map.of(b3, new Counters(10, 1500, 2)));
    BackendStatus s = control.backends("web").get(1);
    assertThat(s.id()).isEqualTo("198.18.1.3:8080");
    assertThat(s.counters().packets()).isEqualTo(10);
    assertThat(s.counters().bytes()).isEqualTo(1500);
    assertThat(s.counters().newFlows()).isEqualTo(2);
    assertThat(s.health()).isEqualTo(Health.UNKNOWN);
    assertThat(s.lastProbe()).isNull();
  }

  @Test
  void unknownServiceOrBackendIsNotFound() {
    assertThatThrownBy(() -> control.backends("nope"))
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(PortException.Kind.NOT_FOUND);
    assertThatThrownBy(() -> control.setAdminState("web", "198.18.1.9:80", AdminState.DRAINING))
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(PortException.Kind.NOT_FOUND);
    assertThat(runtime.current().revision()).isZero();
  }

  @Test
  void disableFlushesTheBackendsFlowsDrainAndARestartDoNot() {
    List<String> flushed = new java.util.ArrayList<>();
    InMemoryRuntimeSettingsStore rt = new InMemoryRuntimeSettingsStore();
    rt.apply(
        new io.fulcrum.api.port.RuntimeChange.SetBackendAdmin(
            "web", "198.18.1.3:8080", AdminState.DISABLED));
    DesiredStateStore st = new DesiredStateStore();
    st.replace("file", List.of(svc("web", 1, 2, 3)));
    RuntimeProjection p =
        new RuntimeProjection(st, (k, b) -> flushed.add(b.getAddress().getHostAddress()));
    rt.subscribe(p);
    p.accept(rt.current());
    assertThat(flushed).as("a disable loaded at start was flushed before").isEmpty();
    assertThat(st.spec(key(1)).backends().get(1).state()).isEqualTo(BackendState.DOWN);

    StoreServiceCatalog cat = new StoreServiceCatalog(st, rt, List.of(ip("198.18.0.1")));
    StoreBackendControl c =
        new StoreBackendControl(st, cat, rt, null, datapath, Clock.systemUTC(), System::nanoTime);
    c.setAdminState("web", "198.18.1.2:8080", AdminState.DRAINING);
    assertThat(flushed).isEmpty();
    c.setAdminState("web", "198.18.1.2:8080", AdminState.DISABLED);
    assertThat(flushed).containsExactly("198.18.1.2");
    c.setAdminState("web", "198.18.1.2:8080", AdminState.DISABLED);
    c.setAdminState("web", "198.18.1.3:8080", AdminState.ENABLED);
    assertThat(flushed).containsExactly("198.18.1.2");
  }
}
