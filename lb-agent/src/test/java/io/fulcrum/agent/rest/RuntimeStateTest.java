package io.fulcrum.agent.rest;

import static io.fulcrum.agent.testing.Specs.ip;
import static io.fulcrum.agent.testing.Specs.key;
import static io.fulcrum.agent.testing.Specs.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.HealthCheckPatch;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.ProbeType;
import io.fulcrum.api.port.Protocol;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.Source;
import io.fulcrum.api.store.FileRuntimeSettingsStore;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API-owned services, admin states and health-check settings in the agent: stored in the runtime
 * file, applied to the desired-state store, refused before anything is stored when they cannot
 * apply, and applied again from the file after a restart.
 */
class RuntimeStateTest {
  final Path dir = tempDir();
  final Path file = dir.resolve(AgentApi.STATE_FILE);
  DesiredStateStore store;
  FileRuntimeSettingsStore runtime;
  StoreServiceCatalog catalog;
  AgentHealthChecks checks;
  StoreBackendControl control;

  static final HealthcheckSettings FILE_CHECKS =
      new HealthcheckSettings(
          Map.of(
              "web",
              new HealthcheckSettings.ServiceCheck(
                  CheckSettings.builder()
                      .type(CheckType.HTTP)
                      .path("/health")
                      .expectStatus("200,204")
                      .interval(Duration.ofMillis(2000))
                      .build(),
                  Map.of(),
                  ServiceHealthPolicy.DEFAULT)));

  RuntimeStateTest() {
    boot();
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("fulcrum-runtime-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An agent's start: the file's services first, then the runtime state from disk. */
  void boot() {
    store = new DesiredStateStore();
    store.replace("file", List.of(svc("web", 1, 2, 3)));
    runtime = FileRuntimeSettingsStore.open(file);
    AgentApi.project(runtime, store);
    catalog = new StoreServiceCatalog(store, runtime, List.of(ip("198.18.0.1")));
    checks = new AgentHealthChecks(catalog, runtime, FILE_CHECKS);
    control =
        new StoreBackendControl(
            store,
            catalog,
            runtime,
            null,
            new io.fulcrum.agent.testing.InMemoryDatapath(),
            java.time.Clock.systemUTC(),
            System::nanoTime);
  }

  @AfterEach
  void clean() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static ServiceDefinition api(String name, String vip, NatMode mode, String... backends) {
    return new ServiceDefinition(
        name,
        vip,
        80,
        Protocol.TCP,
        mode,
        0,
        0,
        java.util.Arrays.stream(backends).map(b -> new BackendDefinition(b, 8080, 1)).toList());
  }

  static void refused(ThrowingCallable call, PortException.Kind kind, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(PortException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(kind);
  }

  @Test
  void apiServiceIsProgrammedListedAsApiAndSurvivesARestart() throws IOException {
    catalog.create(api("shop", "198.18.100.9", NatMode.FULL_NAT, "198.18.1.7", "198.18.1.8"));
    ServiceKey k = key(9);
    assertThat(store.spec(k).backends()).hasSize(2);
    assertThat(store.owner(k)).isEqualTo(RuntimeProjection.SOURCE);
    assertThat(catalog.get("shop").orElseThrow().source()).isEqualTo(Source.API);
    assertThat(catalog.list()).extracting(e -> e.name()).containsExactly("shop", "web");

    catalog.replace(api("shop", "198.18.100.9", NatMode.FULL_NAT, "198.18.1.7"));
    control.setAdminState("shop", "198.18.1.7", AdminState.DRAINING);
    assertThat(Files.readString(file)).contains("shop").contains("198.18.1.7:8080");

    boot();
    assertThat(store.spec(k).backends()).hasSize(1);
    assertThat(store.spec(k).backends().get(0).state()).isEqualTo(BackendState.DRAINING);
    assertThat(catalog.get("shop").orElseThrow().definition().backends())
        .containsExactly(new BackendDefinition("198.18.1.7", 8080, 1));

    catalog.delete("shop");
    assertThat(store.spec(k)).isNull();
    boot();
    assertThat(catalog.get("shop")).isEmpty();
    assertThat(store.spec(k)).isNull();
  }

  @Test
  void createIsRefusedBeforeAnythingIsStoredWhenItCannotApply() {
    refused(
        () -> catalog.create(api("web", "198.18.100.50", NatMode.DNAT)),
        PortException.Kind.ALREADY_EXISTS,
        "configuration file");
    refused(
        () -> catalog.create(api("other", "198.18.100.1", NatMode.DNAT)),
        PortException.Kind.ALREADY_EXISTS,
        "'web'");
    refused(
        () -> catalog.create(api("v6", "2001:db8::10", NatMode.FULL_NAT)),
        PortException.Kind.INVALID,
        "IPv6");
    refused(
        () -> catalog.replace(api("web", "198.18.100.1", NatMode.DNAT)),
        PortException.Kind.READ_ONLY,
        "read-only");
    refused(
        () -> catalog.replace(api("ghost", "198.18.100.60", NatMode.DNAT)),
        PortException.Kind.NOT_FOUND,
        "ghost");
    refused(() -> catalog.delete("ghost"), PortException.Kind.NOT_FOUND, "ghost");
    assertThat(runtime.current().revision()).isZero();
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void healthSettingsShowTheFileUntilChangedAndAPatchKeepsTheRest() {
    HealthCheckSettings fromFile = checks.get("web");
    assertThat(fromFile.type()).isEqualTo(ProbeType.HTTP);
    assertThat(fromFile.intervalMillis()).isEqualTo(2000);
    assertThat(fromFile.path()).isEqualTo("/health");
    assertThat(fromFile.statusMin()).isEqualTo(200);
    assertThat(fromFile.statusMax()).isEqualTo(204);

    HealthCheckSettings patched =
        checks.patch(
            "web",
            new HealthCheckPatch(null, 200L, 100L, null, null, null, null, null, null),
            fromFile.etag());
    assertThat(patched.intervalMillis()).isEqualTo(200);
    assertThat(patched.timeoutMillis()).isEqualTo(100);
    assertThat(patched.path()).isEqualTo("/health");
    assertThat(patched.type()).isEqualTo(ProbeType.HTTP);

    refused(
        () ->
            checks.patch(
                "web",
                new HealthCheckPatch(null, null, null, 5, null, null, null, null, null),
                fromFile.etag()),
        PortException.Kind.PRECONDITION_FAILED,
        "changed");
    refused(
        () ->
            checks.patch(
                "web",
                new HealthCheckPatch(null, null, 500L, null, null, null, null, null, null),
                null),
        PortException.Kind.INVALID,
        "must not exceed");
    boot();
    assertThat(checks.get("web")).isEqualTo(patched);
  }

  @Test
  void aServiceWithoutChecksIsShownAsNotProbedUntilSet() {
    catalog.create(api("shop", "198.18.100.9", NatMode.DNAT, "198.18.1.7"));
    assertThat(checks.get("shop").type()).isEqualTo(ProbeType.NONE);
    HealthCheckSettings tcp =
        checks.patch(
            "shop",
            new HealthCheckPatch(ProbeType.TCP, 500L, 200L, 1, 1, null, null, null, null),
            null);
    assertThat(checks.get("shop")).isEqualTo(tcp);
    refused(() -> checks.get("ghost"), PortException.Kind.NOT_FOUND, "'ghost' does not exist");
    catalog.delete("shop");
    assertThat(runtime.current().healthChecks()).doesNotContainKey("shop");
  }
}
