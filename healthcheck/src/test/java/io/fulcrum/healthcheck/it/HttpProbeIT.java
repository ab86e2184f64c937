package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpProbeIT extends NamespaceProbeBase {

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void status503IsAFailure(boolean ipv4) {
    int port = ipv4 ? 7201 : 7202;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key =
          watch(
              "http-503",
              ipv4,
              port,
              settings(CheckType.HTTP).path("/healthz").expectStatus("200-299").build());
      breakAndRepair(
          key, () -> s.behaviour.status = 503, () -> s.behaviour.status = 200, "status 503");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void wrongBodyIsAFailure(boolean ipv4) {
    int port = ipv4 ? 7203 : 7204;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key =
          watch(
              "http-body",
              ipv4,
              port,
              settings(CheckType.HTTP).host("backend.test").bodyContains("healthy").build());
      breakAndRepair(
          key,
          () -> s.behaviour.body = "status: draining",
          () -> s.behaviour.body = "status: healthy",
          "body mismatch");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void killedServerIsRefused(boolean ipv4) {
    int port = ipv4 ? 7205 : 7206;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key = watch("http-kill", ipv4, port, settings(CheckType.HTTP).build());
      breakAndRepair(key, s::kill, s::start, "refused");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void blackholedServerTimesOut(boolean ipv4) {
    int port = ipv4 ? 7207 : 7208;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key = watch("http-drop", ipv4, port, settings(CheckType.HTTP).build());
      breakAndRepair(key, () -> rig.blackhole("tcp dport " + port), rig::heal, "timeout");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void keptConnectionCarriesManyProbes(boolean ipv4) throws InterruptedException {
    int port = ipv4 ? 7211 : 7212;
    TestServers.Server s = servers.http(port);
    s.behaviour.keepAlive = true;
    s.start();
    try {
      TargetKey key = watch("http-keep", ipv4, port, settings(CheckType.HTTP).build());
      int before = s.behaviour.answered.get();
      int connections = s.behaviour.connections.get();
      Thread.sleep(interval.multipliedBy(8).toMillis());
      assertThat(s.behaviour.answered.get() - before).isGreaterThanOrEqualTo(5);
      assertThat(s.behaviour.connections.get()).isEqualTo(connections); // no new connection
      breakAndRepair(key, s::kill, s::start, "refused");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void brokenKeptConnectionIsRetriedOnAFreshOne(boolean ipv4) throws InterruptedException {
    int port = ipv4 ? 7213 : 7214;
    TestServers.Server s = servers.http(port);
    s.behaviour.keepAlive = true;
    s.behaviour.closeAtSecondRequest = true; // every reuse finds the connection closed
    s.start();
    try {
      TargetKey key = watch("http-retry", ipv4, port, settings(CheckType.HTTP).build());
      Thread.sleep(interval.multipliedBy(8).toMillis());
      TargetStatus st = engine.status(key).orElseThrow();
      assertThat(st.state()).isEqualTo(HealthState.UP);
      assertThat(st.consecutiveFailures()).isZero();
      assertThat(events.of(key)).noneMatch(e -> e.to() == HealthState.DOWN);
      assertThat(s.behaviour.connections.get()).isGreaterThanOrEqualTo(5);
      breakAndRepair(key, () -> rig.blackhole("tcp dport " + port), rig::heal, "timeout");
    } finally {
      s.kill();
    }
  }
}
