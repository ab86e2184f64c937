package io.fulcrum.api.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.api.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeStateTest {
  static final ServiceDefinition WEB =
      new ServiceDefinition(
          "web",
          "198.18.0.10",
          80,
          Protocol.TCP,
          NatMode.FULL_NAT,
          0,
          0,
          List.of(new BackendDefinition("198.18.1.2", 8080, 1)));

  @Test
  void sameChangesGiveTheSameStateOnEveryNode() {
    List<RuntimeChange> log =
        List.of(
            new RuntimeChange.CreateService(WEB),
            new RuntimeChange.SetBackendAdmin("web", "198.18.1.2:8080", AdminState.DRAINING),
            new RuntimeChange.PatchHealthCheck(
                "web", new HealthCheckPatch(null, 5000L, null, 4, null, null, null, null, null)));
    RuntimeState a = RuntimeState.EMPTY;
    RuntimeState b = RuntimeState.EMPTY;
    for (RuntimeChange c : log) {
      a = a.apply(c);
      b = b.apply(c);
    }
    assertThat(a).isEqualTo(b);
    assertThat(a.revision()).isEqualTo(3);
    assertThat(a.healthCheck("web").intervalMillis()).isEqualTo(5000);
    assertThat(a.healthCheck("web").rise()).isEqualTo(4);
    assertThat(a.adminState("web", "198.18.1.2:8080")).isEqualTo(AdminState.DRAINING);
  }

  @Test
  void changesTravelAsJsonForAReplicatedLog() throws Exception {
    ObjectMapper m = Json.strictMapper();
    RuntimeChange c =
        new RuntimeChange.PatchHealthCheck(
            "web",
            new HealthCheckPatch(ProbeType.HTTP, 1000L, 500L, null, null, null, "/h", null, null));
    String json = m.writeValueAsString(c);
    assertThat(json).contains("\"op\":\"patch-health-check\"");
    assertThat(m.readValue(json, RuntimeChange.class)).isEqualTo(c);
    RuntimeChange create = new RuntimeChange.CreateService(WEB);
    assertThat(m.readValue(m.writeValueAsString(create), RuntimeChange.class)).isEqualTo(create);
    RuntimeState s = RuntimeState.EMPTY.apply(create).apply(c);
    assertThat(m.readValue(m.writeValueAsString(s), RuntimeState.class)).isEqualTo(s);
  }

  @Test
  void refusedChangeLeavesTheStateAsItWas() {
    RuntimeState s = RuntimeState.EMPTY.apply(new RuntimeChange.CreateService(WEB));
    assertThatThrownBy(() -> s.apply(new RuntimeChange.CreateService(WEB)))
        .isInstanceOf(PortException.class)
        .extracting(e -> ((PortException) e).kind())
        .isEqualTo(PortException.Kind.ALREADY_EXISTS);
    assertThatThrownBy(
            () ->
                s.apply(
                    new RuntimeChange.PatchHealthCheck(
                        "web",
                        new HealthCheckPatch(
                            null, 200L, null, null, null, null, null, null, null))))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("timeoutMillis");
    assertThat(s.revision()).isEqualTo(1);
    assertThat(s.healthChecks()).isEmpty();
  }

  @Test
  void deletingAServiceForgetsItsBackendStatesAndSettings() {
    RuntimeState s =
        RuntimeState.EMPTY
            .apply(new RuntimeChange.CreateService(WEB))
            .apply(new RuntimeChange.SetBackendAdmin("web", "198.18.1.2:8080", AdminState.DISABLED))
            .apply(new RuntimeChange.PutHealthCheck("web", HealthCheckSettings.DEFAULTS))
            .apply(new RuntimeChange.DeleteService("web"));
    assertThat(s.services()).isEmpty();
    assertThat(s.backendAdmin()).isEmpty();
    assertThat(s.healthChecks()).isEmpty();
  }

  @Test
  void enablingABackendRemovesItsEntry() {
    RuntimeState s =
        RuntimeState.EMPTY
            .apply(new RuntimeChange.SetBackendAdmin("web", "198.18.1.2:8080", AdminState.DRAINING))
            .apply(new RuntimeChange.SetBackendAdmin("web", "198.18.1.2:8080", AdminState.ENABLED));
    assertThat(s.backendAdmin()).isEmpty();
  }

  @Test
  void defaultsAreValid() {
    assertThat(HealthCheckSettings.DEFAULTS.violations()).isEmpty();
  }
}
