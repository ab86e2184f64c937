package io.fulcrum.agent.state;

import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredStateStoreTest {
  final DesiredStateStore store = new DesiredStateStore();
  final List<Set<ServiceKey>> events = new ArrayList<>();

  DesiredStateStoreTest() {
    store.addListener(events::add);
  }

  @Test
  void replaceReportsOnlyTheKeysThatChanged() {
    store.replace("file", List.of(svc("a", 1, 1, 2), svc("b", 2, 3)));
    assertThat(events).containsExactly(Set.of(key(1), key(2)));
    events.clear();
    store.replace("file", List.of(svc("a", 1, 1, 2), svc("b", 2, 3, 4), svc("c", 3, 5)));
    assertThat(events).containsExactly(Set.of(key(2), key(3)));
    events.clear();
    store.replace("file", List.of(svc("b", 2, 3, 4), svc("c", 3, 5)));
    assertThat(events).containsExactly(Set.of(key(1)));
    assertThat(store.snapshot().services()).containsOnlyKeys(key(2), key(3));
  }

  @Test
  void identicalReplaceNotifiesNobody() {
    store.replace("file", List.of(svc("a", 1, 1)));
    events.clear();
    store.replace("file", List.of(svc("a", 1, 1)));
    assertThat(events).isEmpty();
  }

  @Test
  void firstClaimantKeepsAContestedKeyAndTheOtherIsReported() {
    store.replace("file", List.of(svc("mine", 1, 1)));
    List<Conflict> c = store.replace("rest", List.of(svc("theirs", 1, 9)));
    assertThat(c).hasSize(1);
    assertThat(c.get(0).ownerSource()).isEqualTo("file");
    assertThat(c.get(0).toString()).contains("'theirs' from rest claims 198.18.100.1:80/tcp");
    assertThat(store.name(key(1))).isEqualTo("mine");
    assertThat(store.spec(key(1)).backends())
        .extracting(b -> b.address().getHostAddress())
        .containsExactly("198.18.1.1");
  }

  @Test
  void contestedKeyPassesToTheNextClaimantWhenTheOwnerLetsGo() {
    store.replace("file", List.of(svc("mine", 1, 1)));
    store.replace("rest", List.of(svc("theirs", 1, 9)));
    events.clear();
    store.replace("file", List.of());
    assertThat(events).containsExactly(Set.of(key(1)));
    assertThat(store.name(key(1))).isEqualTo("theirs");
  }

  @Test
  void sourcesMergeSideBySide() {
    store.replace("file", List.of(svc("a", 1, 1)));
    store.put("rest", svc("b", 2, 2));
    assertThat(store.snapshot().services()).containsOnlyKeys(key(1), key(2));
    store.remove("rest", key(2));
    assertThat(store.snapshot().services()).containsOnlyKeys(key(1));
  }

  @Test
  void healthOverrideTakesABackendDownAndClearingItBringsItBack() {
    store.replace("file", List.of(svc("a", 1, 1, 2)));
    InetSocketAddress be =
        new InetSocketAddress(io.fulcrum.agent.testing.Specs.ip("198.18.1.2"), 8080);
    events.clear();
    store.overrideBackend(key(1), be, BackendState.DOWN);
    assertThat(events).containsExactly(Set.of(key(1)));
    assertThat(store.spec(key(1)).backends().get(1).state()).isEqualTo(BackendState.DOWN);
    store.overrideBackend(key(1), be, null);
    assertThat(store.spec(key(1)).backends().get(1).state()).isEqualTo(BackendState.UP);
  }

  @Test
  void overrideNeverRevivesABackendTheOperatorDrained() {
    assertThat(BackendStateOverrides.stricter(BackendState.DRAINING, BackendState.UP))
        .isEqualTo(BackendState.DRAINING);
    assertThat(BackendStateOverrides.stricter(BackendState.UP, BackendState.DOWN))
        .isEqualTo(BackendState.DOWN);
  }
}
