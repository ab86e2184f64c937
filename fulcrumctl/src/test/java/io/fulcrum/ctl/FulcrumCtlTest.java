package io.fulcrum.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.Health;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.api.port.ProbeResult;
import io.fulcrum.api.port.TrafficCounters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs fulcrumctl's commands against a real API server started by the test. */
class FulcrumCtlTest {
  final CtlFixture api = new CtlFixture();

  @AfterEach
  void close() {
    api.close();
  }

  static JsonNode json(String s) throws Exception {
    return ApiClient.JSON.readTree(s);
  }

  @Test
  void servicesPrintsATableForPeopleAndJsonForScripts() throws Exception {
    CtlFixture.Result t = api.run("services");
    assertThat(t.exit()).as(t.err()).isZero();
    String[] lines = t.out().split("\n");
    assertThat(lines[0]).startsWith("NAME").contains("SOURCE", "VIP", "BACKENDS");
    assertThat(t.out()).contains("static").contains("file (read-only)").contains("2001:db8::10");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("web ") && l.contains("198.18.0.10") && l.endsWith("2"));

    CtlFixture.Result j = api.run("-o", "json", "services");
    assertThat(j.exit()).isZero();
    assertThat(json(j.out()).get("services")).hasSize(2);
    CtlFixture.Result j2 = api.run("services", "-o", "json");
    assertThat(json(j2.out()).get("services").get(1).get("name").asText()).isEqualTo("web");
  }

  @Test
  void backendsShowHealthProbeAndCounters() throws Exception {
    api.backends.recordProbe(
        "web",
        "198.18.1.2:8080",
        Health.DOWN,
        new ProbeResult(Instant.now(), false, "connection refused", 2));
    api.backends.setCounters("web", "198.18.1.3:8080", new TrafficCounters(42, 4200, 7));
    CtlFixture.Result t = api.run("backends", "web");
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).contains("BACKEND").contains("LAST PROBE");
    assertThat(t.out())
        .containsPattern("198\\.18\\.1\\.2:8080 +1 +enabled +down +failed: connection refused");
    assertThat(t.out())
        .containsPattern("198\\.18\\.1\\.3:8080 +2 +enabled +unknown +- +42 +4200 +7");
    JsonNode j = json(api.run("-o", "json", "backends", "web").out());
    assertThat(j.get("backends").get(0).get("health").asText()).isEqualTo("down");
  }

  @Test
  void healthcheckGetAndSetWithUnits() throws Exception {
    CtlFixture.Result get = api.run("healthcheck", "get", "web");
    assertThat(get.exit()).isZero();
    assertThat(get.out()).containsPattern("intervalMillis +2000");

    CtlFixture.Result set =
        api.run(
            "healthcheck",
            "set",
            "web",
            "type=HTTP",
            "interval=5s",
            "timeout=1500ms",
            "path=/healthz",
            "status=200-299",
            "rise=4");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).containsPattern("intervalMillis +5000");
    var s = api.healthChecks.get("web");
    assertThat(s.intervalMillis()).isEqualTo(5000);
    assertThat(s.timeoutMillis()).isEqualTo(1500);
    assertThat(s.type().wire()).isEqualTo("http");
    assertThat(s.statusMax()).isEqualTo(299);
    assertThat(s.rise()).isEqualTo(4);

    JsonNode j = json(api.run("-o", "json", "healthcheck", "set", "web", "fall=5").out());
    assertThat(j.get("fall").asInt()).isEqualTo(5);
    assertThat(j.get("intervalMillis").asLong()).isEqualTo(5000);
  }

  @Test
  void healthcheckSetRefusalsChangeNothing() {
    var before = api.store.current();
    CtlFixture.Result unknown = api.run("healthcheck", "set", "web", "intervall=2s");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown key 'intervall'");
    CtlFixture.Result notDuration = api.run("healthcheck", "set", "web", "interval=soon");
    assertThat(notDuration.exit()).isEqualTo(2);
    CtlFixture.Result range = api.run("healthcheck", "set", "web", "interval=50ms");
    assertThat(range.exit()).isEqualTo(1);
    assertThat(range.err()).contains("422").contains("[intervalMillis: range]");
    CtlFixture.Result cross = api.run("healthcheck", "set", "web", "timeout=3s");
    assertThat(cross.exit()).isEqualTo(1);
    assertThat(cross.err()).contains("not-above-interval");
    CtlFixture.Result jsonErr = api.run("-o", "json", "healthcheck", "set", "web", "rise=0");
    assertThat(jsonErr.exit()).isEqualTo(1);
    assertThat(jsonErr.err()).contains("\"rule\":\"range\"");
    assertThat(api.store.current()).isEqualTo(before);
  }

  @Test
  void backendDrainAndEnable() {
    CtlFixture.Result drain = api.run("backend", "drain", "web", "198.18.1.2:8080");
    assertThat(drain.exit()).as(drain.err()).isZero();
    assertThat(drain.out()).containsPattern("198\\.18\\.1\\.2:8080 +1 +draining");
    assertThat(api.store.current().adminState("web", "198.18.1.2:8080"))
        .isEqualTo(AdminState.DRAINING);
    assertThat(api.run("backend", "disable", "web", "198.18.1.3").exit()).isZero();
    assertThat(api.store.current().adminState("web", "198.18.1.3:8080"))
        .isEqualTo(AdminState.DISABLED);
    assertThat(api.run("backend", "enable", "web", "198.18.1.2:8080").exit()).isZero();
    assertThat(api.store.current().adminState("web", "198.18.1.2:8080"))
        .isEqualTo(AdminState.ENABLED);
    CtlFixture.Result missing = api.run("backend", "drain", "web", "198.18.9.9");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("404").contains("no backend");
  }

  @Test
  void statusShowsRoleVipsBgpDataPlaneAndMaps() throws Exception {
    api.status.set(
        new NodeStatus(
            "node-a",
            new NodeStatus.Election("leader", 4, "node-a", List.of("node-a", "node-b")),
            List.of(new NodeStatus.VipOwner("198.18.0.10", "node-a", true)),
            List.of(
                new NodeStatus.BgpSession(
                    "198.18.0.1", 65001, "established", Instant.parse("2026-01-01T00:00:00Z"), 1)),
            new NodeStatus.DataPlane(true, "eth0", "native", null),
            List.of(new NodeStatus.MapFill("conntrack", 500, 1000))));
    CtlFixture.Result t = api.run("status");
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).containsPattern("node-a +leader +4 +node-a +attached to eth0 \\(native\\)");
    assertThat(t.out()).containsPattern("198\\.18\\.0\\.10 +node-a +yes");
    assertThat(t.out()).containsPattern("198\\.18\\.0\\.1 +65001 +established");
    assertThat(t.out()).containsPattern("conntrack +500 +1000 +50\\.0%");
    assertThat(json(api.run("status", "-o", "json").out()).get("election").get("term").asLong())
        .isEqualTo(4);
  }

  @Test
  void tokenAndAddressComeFromFlagsOrEnvironment() {
    String url = api.server.baseUri().toString();
    CtlFixture.Result flags =
        CtlFixture.run(
            Map.of(), "--api-url", url, "--token-file", api.tokenFile.toString(), "services");
    assertThat(flags.exit()).as(flags.err()).isZero();
    CtlFixture.Result envToken =
        CtlFixture.run(
            Map.of("FULCRUM_API_URL", url, "FULCRUM_TOKEN", CtlFixture.TOKEN), "services");
    assertThat(envToken.exit()).as(envToken.err()).isZero();
    CtlFixture.Result flagBeatsEnv =
        CtlFixture.run(
            Map.of("FULCRUM_API_URL", "http://127.0.0.1:1", "FULCRUM_TOKEN", "wrong"),
            "-a",
            url,
            "--token",
            CtlFixture.TOKEN,
            "services");
    assertThat(flagBeatsEnv.exit()).as(flagBeatsEnv.err()).isZero();

    CtlFixture.Result noToken = CtlFixture.run(Map.of("FULCRUM_API_URL", url), "services");
    assertThat(noToken.exit()).isEqualTo(2);
    assertThat(noToken.err()).contains("no API token");
    CtlFixture.Result wrong =
        CtlFixture.run(
            Map.of("FULCRUM_API_URL", url, "FULCRUM_TOKEN", "wrong-token-xxxxxxxx"), "services");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("401").doesNotContain(CtlFixture.TOKEN);
  }

  @Test
  void unreachableApiIsReportedWithItsAddress() {
    CtlFixture.Result r =
        CtlFixture.run(
            Map.of("FULCRUM_API_URL", "http://127.0.0.1:1", "FULCRUM_TOKEN", "x"), "status");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("cannot reach the API at http://127.0.0.1:1");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(api.run().exit()).isEqualTo(2);
    assertThat(api.run("backends").exit()).isEqualTo(2);
    assertThat(api.run("backend", "pause", "web", "198.18.1.2").exit()).isEqualTo(2);
    assertThat(api.run("healthcheck", "set", "web").exit()).isEqualTo(2);
    assertThat(api.run("-o", "yaml", "services").exit()).isEqualTo(2);
    assertThat(api.run("--help").exit()).isZero();
  }
}
