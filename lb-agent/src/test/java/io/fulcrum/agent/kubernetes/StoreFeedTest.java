package io.fulcrum.agent.kubernetes;

import static io.fulcrum.agent.testing.Specs.backend;
import static io.fulcrum.agent.testing.Specs.ip;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.KubernetesDesired;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreFeedTest {
  final DesiredStateStore store = new DesiredStateStore();
  final List<Set<ServiceKey>> notified = new ArrayList<>();
  final List<String> refused = new ArrayList<>();
  final StoreFeed feed =
      new StoreFeed(store, (ref, uid, c) -> refused.add(ref + " " + uid + " " + c.ownerName()));
  final Map<ServiceKey, ServiceSpec> specs = new HashMap<>();
  final Map<ServiceRef, ServiceInfo> infos = new HashMap<>();
  long generation;

  StoreFeedTest() {
    store.addListener(notified::add);
  }

  static final ServiceRef WEB = new ServiceRef("default", "web");
  static final ServiceRef DNS = new ServiceRef("default", "dns");

  void service(ServiceRef ref, ServiceSpec... s) {
    Set<ServiceKey> keys = new HashSet<>();
    for (ServiceSpec sp : s) {
      specs.put(sp.key(), sp);
      keys.add(sp.key());
    }
    infos.put(
        ref,
        new ServiceInfo(
            ref,
            "uid-" + ref.name(),
            List.of(ip("198.18.100.1")),
            keys,
            null,
            false,
            Set.of(),
            null));
  }

  KubernetesDesired publish(Set<ServiceKey> changed, Set<ServiceKey> removed) {
    Map<ServiceKey, ServiceRef> owners = new HashMap<>();
    for (ServiceInfo i : infos.values()) {
      for (ServiceKey k : i.keys()) {
        if (changed.contains(k)) {
          owners.put(k, i.service());
        }
      }
    }
    KubernetesDesired d =
        new KubernetesDesired(specs, infos, changed, removed, owners, ++generation);
    feed.onDesired(d);
    return d;
  }

  @Test
  void firstPublicationReplacesTheSourceWithNamedServices() {
    store.replace(StoreFeed.SOURCE, List.of(io.fulcrum.agent.testing.Specs.svc("stale", 9, 1)));
    service(WEB, spec(key(1), backend(1), backend(2)));
    publish(Set.of(key(1)), Set.of());
    assertThat(store.snapshot().services()).containsOnlyKeys(key(1));
    assertThat(store.name(key(1))).isEqualTo("default/web@198.18.100.1:80/tcp");
  }

  @Test
  void laterPublicationsTouchOnlyTheirChangedAndRemovedKeys() {
    service(WEB, spec(key(1), backend(1)));
    service(DNS, spec(key(2), backend(3)));
    publish(Set.of(key(1), key(2)), Set.of());
    notified.clear();
    service(WEB, spec(key(1), backend(1), backend(2)));
    publish(Set.of(key(1)), Set.of());
    assertThat(notified).containsExactly(Set.of(key(1)));
    assertThat(store.spec(key(1)).backends()).hasSize(2);
    specs.remove(key(2));
    infos.remove(DNS);
    notified.clear();
    publish(Set.of(), Set.of(key(2)));
    assertThat(notified).containsExactly(Set.of(key(2)));
    assertThat(store.snapshot().services()).containsOnlyKeys(key(1));
  }

  @Test
  void keyServedByTheConfigFileStaysItsAndTheRefusalIsReportedOnce() {
    store.replace("file", List.of(io.fulcrum.agent.testing.Specs.svc("file-web", 1, 7)));
    service(WEB, spec(key(1), backend(1)));
    publish(Set.of(key(1)), Set.of());
    service(WEB, spec(key(1), backend(1), backend(2)));
    publish(Set.of(key(1)), Set.of());
    assertThat(store.name(key(1))).isEqualTo("file-web");
    assertThat(store.spec(key(1)).backends()).containsExactly(backend(7));
    assertThat(refused).containsExactly("default/web uid-web file-web");
  }

  @Test
  void keyFreedByTheFileIsTakenOverByKubernetes() {
    store.replace("file", List.of(io.fulcrum.agent.testing.Specs.svc("file-web", 1, 7)));
    service(WEB, spec(key(1), backend(1)));
    publish(Set.of(key(1)), Set.of());
    store.replace("file", List.of());
    assertThat(store.spec(key(1)).backends()).containsExactly(backend(1));
    assertThat(store.name(key(1))).startsWith("default/web@");
  }
}
