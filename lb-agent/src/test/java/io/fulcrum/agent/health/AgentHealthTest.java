package io.fulcrum.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.agent.config.ServiceConfig;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.testing.InMemoryDatapath;
import io.fulcrum.agent.testing.Specs;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.ProbeType;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.HealthCheckEngine;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health results become backend overrides in the store (TCP probes of loopback servers). */
class AgentHealthTest {
  final ServerSocket a = listen();
  final ServerSocket b = listen();
  final DesiredStateStore store = new DesiredStateStore();
  AgentHealth health;

  static ServerSocket listen() {
    try {
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    if (health != null) {
      health.close();
    }
    a.close();
    b.close();
  }

  void start(ServiceHealthPolicy.AllDown allDown) {
    InetAddress lo = InetAddress.getLoopbackAddress();
    ServiceSpec spec =
        Specs.spec(
            Specs.key(1),
            new Backend(lo, a.getLocalPort(), 100, BackendState.UP),
            new Backend(lo, b.getLocalPort(), 100, BackendState.UP));
    store.replace("file", List.of(new ServiceConfig("web", spec)));
    CheckSettings s =
        CheckSettings.builder()
            .interval(Duration.ofMillis(50))
            .timeout(Duration.ofMillis(40))
            .rise(1)
            .fall(1)
            .build();
    HealthcheckSettings hc =
        new HealthcheckSettings(
            Map.of(
                "web",
                new HealthcheckSettings.ServiceCheck(
                    s,
                    Map.of(),
                    new ServiceHealthPolicy(ServiceHealthPolicy.DownFlows.FLUSH, allDown))));
    health =
        new AgentHealth(
            hc,
            store,
            new InMemoryDatapath(),
            new HealthCheckEngine(new SimpleMeterRegistry()),
            () -> {});
    store.addListener(health);
    health.changed(store.snapshot().services().keySet());
  }

  BackendState state(ServerSocket s) {
    return store.spec(Specs.key(1)).backends().stream()
        .filter(x -> x.port() == s.getLocalPort())
        .findFirst()
        .orElseThrow()
        .state();
  }

  static void await(BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 100 && !c.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(c.getAsBoolean()).isTrue();
  }

  @Test
  void deadBackendIsOverriddenDownAndTheOtherStaysUp() throws Exception {
    start(ServiceHealthPolicy.AllDown.DROP);
    await(() -> health.engine().statuses().size() == 2);
    b.close();
    await(() -> state(b) == BackendState.DOWN);
    assertThat(state(a)).isEqualTo(BackendState.UP);
    a.close();
    await(() -> state(a) == BackendState.DOWN);
  }

  @Test
  void failOpenKeepsEveryBackendWhenAllAreDown() throws Exception {
    start(ServiceHealthPolicy.AllDown.FAIL_OPEN);
    b.close();
    await(() -> state(b) == BackendState.DOWN);
    a.close();
    await(
        () ->
            health.engine().statuses().values().stream()
                .allMatch(t -> t.state() == io.fulcrum.healthcheck.HealthState.DOWN));
    health.awaitIdle();
    assertThat(state(a)).isEqualTo(BackendState.UP);
    assertThat(state(b)).isEqualTo(BackendState.UP);
  }

  /** Distinct probe results of one backend seen over {@code millis}. */
  int probesDuring(ServerSocket s, long millis) throws InterruptedException {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    long end = System.nanoTime() + millis * 1_000_000;
    long before =
        health
            .status("web", InetAddress.getLoopbackAddress(), s.getLocalPort())
            .orElseThrow()
            .lastProbeNanos();
    while (System.nanoTime() < end) {
      health
          .status("web", InetAddress.getLoopbackAddress(), s.getLocalPort())
          .ifPresent(t -> seen.add(t.lastProbeNanos()));
      Thread.sleep(5);
    }
    seen.remove(before);
    return seen.size();
  }

  static HealthCheckSettings tcp(long intervalMillis) {
    return new HealthCheckSettings(ProbeType.TCP, intervalMillis, 40, 1, 1, 0, "/", 200, 399);
  }

  /** Milliseconds until {@code n} new results of one backend came in; -1 after {@code maxMs}. */
  long millisUntilProbes(ServerSocket s, int n, long maxMs) throws InterruptedException {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    long start = System.nanoTime();
    long before =
        health
            .status("web", InetAddress.getLoopbackAddress(), s.getLocalPort())
            .orElseThrow()
            .lastProbeNanos();
    while (System.nanoTime() - start < maxMs * 1_000_000) {
      health
          .status("web", InetAddress.getLoopbackAddress(), s.getLocalPort())
          .ifPresent(t -> seen.add(t.lastProbeNanos()));
      seen.remove(before);
      if (seen.size() >= n) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(5);
    }
    return -1;
  }

  @Test
  void runtimeSettingsReplaceTheFilesAndReschedulesTheProbesAtOnce() throws Exception {
    start(ServiceHealthPolicy.AllDown.DROP);
    // the engine is warm: both backends have a result
    await(
        () ->
            health.engine().statuses().size() == 2
                && health.engine().statuses().values().stream()
                    .allMatch(t -> t.lastResult() != null));
    health.setRuntimeSettings(Map.of("web", tcp(2000)));
    health.awaitIdle();
    // at most one probe still at the old 50 ms rate (the engine applies the change on its loop)
    // and the first one at the new phase
    assertThat(probesDuring(a, 900)).isLessThanOrEqualTo(2);
    health.setRuntimeSettings(Map.of("web", tcp(100)));
    health.awaitIdle();
    // five results at the new interval well within one old interval
    assertThat(millisUntilProbes(a, 5, 2000)).isBetween(0L, 1999L);
  }

  @Test
  void typeNoneStopsProbingAndClearsTheDownOverrides() throws Exception {
    start(ServiceHealthPolicy.AllDown.DROP);
    b.close();
    await(() -> state(b) == BackendState.DOWN);
    health.setRuntimeSettings(Map.of("web", RuntimeChecks.NOT_PROBED));
    health.awaitIdle();
    assertThat(health.engine().size()).isZero();
    assertThat(state(b)).isEqualTo(BackendState.UP);
    health.setRuntimeSettings(Map.of());
    await(() -> state(b) == BackendState.DOWN);
  }

  static AgentHealth.SourceCheck sourceTcp() {
    return new AgentHealth.SourceCheck(
        new HealthcheckSettings.ServiceCheck(
            CheckSettings.builder()
                .interval(Duration.ofMillis(50))
                .timeout(Duration.ofMillis(40))
                .rise(1)
                .fall(1)
                .build(),
            Map.of(),
            ServiceHealthPolicy.DEFAULT));
  }

  @Test
  void sourceCheckProbesAServiceTheFileDoesNotProbe() throws Exception {
    start(ServiceHealthPolicy.AllDown.DROP);
    InetAddress lo = InetAddress.getLoopbackAddress();
    store.replace(
        "kubernetes",
        List.of(
            new ServiceConfig(
                "default/web@198.18.0.2:80/tcp",
                Specs.spec(
                    Specs.key(2),
                    new Backend(lo, a.getLocalPort(), 100, BackendState.UP),
                    new Backend(lo, b.getLocalPort(), 100, BackendState.UP)))));
    health.awaitIdle();
    assertThat(health.engine().size()).isEqualTo(2); // only the file's service
    health.setSourceChecks(Map.of(Specs.key(2), sourceTcp()), java.util.Set.of());
    await(() -> health.engine().size() == 4);
    b.close();
    await(
        () ->
            store.spec(Specs.key(2)).backends().stream()
                .anyMatch(x -> x.port() == b.getLocalPort() && x.state() == BackendState.DOWN));
    health.setSourceChecks(Map.of(), java.util.Set.of(Specs.key(2)));
    await(() -> health.engine().size() == 2);
    assertThat(
            store.spec(Specs.key(2)).backends().stream()
                .allMatch(x -> x.state() == BackendState.UP))
        .isTrue();
  }

  @Test
  void apiSettingsOverSourceCheckOverFileCheck() throws Exception {
    start(ServiceHealthPolicy.AllDown.DROP);
    await(() -> health.engine().size() == 2);
    // the source (annotations) says none: not probed, although the file has a check
    health.setSourceChecks(
        Map.of(Specs.key(1), new AgentHealth.SourceCheck(null)), java.util.Set.of());
    health.awaitIdle();
    assertThat(health.engine().size()).isZero();
    // the API's settings stand over the source's
    health.setRuntimeSettings(Map.of("web", tcp(100)));
    await(() -> health.engine().size() == 2);
    health.setRuntimeSettings(Map.of());
    health.awaitIdle();
    assertThat(health.engine().size()).isZero();
    // the source's check removed: the file's applies again
    health.setSourceChecks(Map.of(), java.util.Set.of(Specs.key(1)));
    await(() -> health.engine().size() == 2);
  }
}
