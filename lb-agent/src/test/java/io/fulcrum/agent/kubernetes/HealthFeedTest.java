package io.fulcrum.agent.kubernetes;

import static io.fulcrum.agent.testing.Specs.ip;
import static io.fulcrum.agent.testing.Specs.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.health.AgentHealth.SourceCheck;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.kubernetes.KubernetesDesired;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.HealthAnnotations;
import io.fulcrum.kubernetes.desired.HealthCheckSettings;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthFeedTest {
  record Call(Map<ServiceKey, SourceCheck> put, Set<ServiceKey> removed) {}

  final List<Call> calls = new ArrayList<>();
  final HealthFeed feed =
      new HealthFeed((p, r) -> calls.add(new Call(Map.copyOf(p), Set.copyOf(r))));
  final Map<ServiceRef, ServiceInfo> infos = new HashMap<>();
  static final ServiceRef WEB = new ServiceRef("default", "web");
  static final ServiceRef DNS = new ServiceRef("default", "dns");

  static HealthCheckSettings parse(Map<String, String> a) {
    HealthAnnotations.Result r = HealthAnnotations.parse(a);
    assertThat(r.errors()).isEmpty();
    return r.settings();
  }

  void service(ServiceRef ref, HealthCheckSettings hc, ServiceKey... keys) {
    infos.put(
        ref,
        new ServiceInfo(
            ref, "uid", List.of(ip("198.18.100.1")), Set.of(keys), hc, false, Set.of(), null));
  }

  void publish() {
    feed.onDesired(
        new KubernetesDesired(Map.of(), Map.copyOf(infos), Set.of(), Set.of(), Map.of(), 1));
  }

  @Test
  void httpAnnotationsMapOntoAnEngineCheck() {
    HealthCheckSettings hc =
        parse(
            Map.of(
                "health.fulcrum.io/type", "http",
                "health.fulcrum.io/interval", "500ms",
                "health.fulcrum.io/timeout", "200ms",
                "health.fulcrum.io/rise", "1",
                "health.fulcrum.io/fall", "2",
                "health.fulcrum.io/port", "8081",
                "health.fulcrum.io/path", "/healthz",
                "health.fulcrum.io/expected-status", "200,204"));
    CheckSettings s = HealthFeed.toCheck(WEB, hc).check().settings();
    assertThat(s.type()).isEqualTo(CheckType.HTTP);
    assertThat(s.interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.rise()).isEqualTo(1);
    assertThat(s.fall()).isEqualTo(2);
    assertThat(s.port()).isEqualTo(8081);
    assertThat(s.path()).isEqualTo("/healthz");
    assertThat(s.expectStatus().toString()).contains("204");
  }

  @Test
  void typeNoneTurnsProbingOffAndNoAnnotationLeavesTheFilesCheck() {
    assertThat(HealthFeed.toCheck(WEB, parse(Map.of("health.fulcrum.io/type", "none"))))
        .isEqualTo(new SourceCheck(null));
    assertThat(HealthFeed.toCheck(WEB, null)).isNull();
  }

  @Test
  void aCheckTheEngineRefusesIsNotApplied() {
    // 10 ms is a valid annotation but under the engine's minimum interval
    HealthCheckSettings hc =
        parse(Map.of("health.fulcrum.io/interval", "10ms", "health.fulcrum.io/timeout", "5ms"));
    assertThat(HealthFeed.toCheck(WEB, hc)).isNull();
  }

  @Test
  void onlyChangedServicesAreSentAndRemovedOnesAreCleared() {
    HealthCheckSettings tcp = parse(Map.of("health.fulcrum.io/type", "tcp"));
    service(WEB, tcp, key(1), key(2));
    service(DNS, null, key(3));
    publish();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).put()).containsOnlyKeys(key(1), key(2));
    // same info instances: nothing to send
    feed.onDesired(
        new KubernetesDesired(Map.of(), Map.copyOf(infos), Set.of(), Set.of(), Map.of(), 2));
    assertThat(calls).hasSize(1);
    // annotation removed from web, its port 2 gone
    service(WEB, null, key(1));
    publish();
    assertThat(calls.get(1).put()).isEmpty();
    assertThat(calls.get(1).removed()).containsOnly(key(1), key(2));
    // dns gains a check, then is deleted
    service(DNS, tcp, key(3));
    publish();
    assertThat(calls.get(2).put()).containsOnlyKeys(key(3));
    infos.remove(DNS);
    publish();
    assertThat(calls.get(3).removed()).containsOnly(key(3));
  }
}
