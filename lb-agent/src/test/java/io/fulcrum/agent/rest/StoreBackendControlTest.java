package io.fulcrum.agent.rest;

import static io.fulcrum.agent.testing.Specs.ip;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.Source;
import io.fulcrum.datapath.BackendState;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreBackendControlTest {
  final DesiredStateStore store = new DesiredStateStore();
  final StoreServiceCatalog catalog = new StoreServiceCatalog(store);
  final StoreBackendControl control = new StoreBackendControl(store, catalog);

  StoreBackendControlTest() {
    store.replace("file", List.of(svc("web", 1, 2, 3)));
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
    control.setAdminState("web", "198.18.1.2:8080", AdminState.DISABLED);
    assertThat(store.adminOverrides(key(1))).containsEntry(b2, BackendState.DOWN);
    assertThat(store.spec(key(1)).backends().get(0).state()).isEqualTo(BackendState.DOWN);
    control.setAdminState("web", "198.18.1.2:8080", AdminState.ENABLED);
    assertThat(store.spec(key(1)).backends().get(0).state()).isEqualTo(BackendState.UP);
    assertThat(control.backends("web")).allMatch(s -> s.adminState() == AdminState.ENABLED);
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
  void unknownServiceOrBackendIsNotFound() {
    assertThatThrownBy(() -> control.backends("nope"))
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(PortException.Kind.NOT_FOUND);
    assertThatThrownBy(() -> control.setAdminState("web", "198.18.1.9:80", AdminState.DRAINING))
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(PortException.Kind.NOT_FOUND);
  }
}
