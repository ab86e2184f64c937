package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.EngineOptions;
import io.fulcrum.healthcheck.HealthCheckEngine;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpProbeIT extends NamespaceProbeBase {

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void killedServerIsRefusedThenComesBack(boolean ipv4) {
    int port = ipv4 ? 7001 : 7002;
    TestServers.Server s = servers.tcp(port).start();
    try {
      TargetKey key =
          watch("tcp-kill-" + family(ipv4), ipv4, port, settings(CheckType.TCP).build());
      breakAndRepair(key, s::kill, s::start, "refused");
      assertThat(registry.scrape())
          .contains(
              "fulcrum_healthcheck_up{backend=\""
                  + key.backend()
                  + "\",service=\"tcp-kill-"
                  + family(ipv4)
                  + "\"} 1.0")
          .contains(
              "fulcrum_healthcheck_probe_duration_seconds_bucket{result=\"failure\",type=\"tcp\"")
          .contains(
              "fulcrum_healthcheck_state_changes_total{service=\"tcp-kill-"
                  + family(ipv4)
                  + "\",to=\"down\"} 1.0");
      engine.remove(key);
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void bareChecksAreHalfOpenSoTheServerAcceptsNoConnection(boolean ipv4) throws Exception {
    int port = ipv4 ? 7011 : 7012;
    TestServers.Server s = servers.tcp(port).start();
    PrometheusMeterRegistry connectRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HealthCheckEngine connecting =
        new HealthCheckEngine(
            connectRegistry,
            EngineOptions.defaults()
                .withThreadFactory(rig.clientThreads())
                .withTcpHalfOpen(false))) {
      TargetKey key =
          watch("tcp-half-" + family(ipv4), ipv4, port, settings(CheckType.TCP).build());
      // several more probes, all answered by the server's kernel alone
      Thread.sleep(interval.multipliedBy(4).toMillis());
      assertThat(engine.status(key).orElseThrow().state()).isEqualTo(HealthState.UP);
      assertThat(s.behaviour.connections.get())
          .as("half-open probes complete no handshake")
          .isZero();
      engine.remove(key);
      // the same check with half-open turned off connects: the server accepts every probe
      EventLog connectEvents = new EventLog();
      connecting.addListener(connectEvents);
      long t = System.nanoTime();
      connecting.upsert(
          key, new TargetSpec(Rig.serverAddress(ipv4), port, settings(CheckType.TCP).build()));
      connectEvents.await(key, HealthState.UP, t, FIRST_BOUND);
      // (a connection reset before the server's accept() may never reach it: wait for one)
      long until = System.nanoTime() + FIRST_BOUND.toNanos();
      while (s.behaviour.connections.get() == 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(s.behaviour.connections.get()).as("connect probes are accepted").isPositive();
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void blackholedServerTimesOut(boolean ipv4) {
    int port = ipv4 ? 7003 : 7004;
    TestServers.Server s = servers.tcp(port).start();
    try {
      TargetKey key = watch("tcp-drop", ipv4, port, settings(CheckType.TCP).build());
      breakAndRepair(key, () -> rig.blackhole("tcp dport " + port), rig::heal, "timeout");
      engine.remove(key);
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void wrongReplyFailsTheSendExpectCheck(boolean ipv4) {
    int port = ipv4 ? 7005 : 7006;
    TestServers.Server s = servers.tcp(port).start();
    try {
      TargetKey key =
          watch(
              "tcp-expect",
              ipv4,
              port,
              settings(CheckType.TCP).send("PING\r\n").expect("PONG").build());
      breakAndRepair(
          key,
          () -> s.behaviour.reply = "ERR busy",
          () -> s.behaviour.reply = "PONG",
          "unexpected reply");
      engine.remove(key);
      assertThat(engine.status(key)).isEmpty();
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void unreachableAndUnresolvableTargetsFailOnlyThemselves(boolean ipv4) {
    int port = ipv4 ? 7007 : 7008;
    TestServers.Server s = servers.tcp(port).start();
    try {
      TargetKey good = watch("tcp-mixed", ipv4, port, settings(CheckType.TCP).build());
      TargetKey nowhere = new TargetKey("tcp-mixed", "nowhere-" + family(ipv4));
      TargetKey nameless = new TargetKey("tcp-mixed", "nameless-" + family(ipv4));
      long t = System.nanoTime();
      // an address no host has (no neighbour answers) and a name that does not resolve
      register(
          nowhere,
          new TargetSpec(
              ipv4 ? "198.18.0.99" : "2001:db8::99", port, settings(CheckType.TCP).build()));
      register(
          nameless, new TargetSpec("no-such-host.invalid", port, settings(CheckType.TCP).build()));
      assertThat(events.await(nowhere, HealthState.DOWN, t, FIRST_BOUND.plusSeconds(3)).reason())
          .isIn("timeout", "no route to host");
      assertThat(events.await(nameless, HealthState.DOWN, t, FIRST_BOUND.plusSeconds(3)).reason())
          .startsWith("unresolvable");
      assertThat(engine.status(good).orElseThrow().state()).isEqualTo(HealthState.UP);
      assertThat(events.of(good)).hasSize(1);
      engine.remove(good);
      engine.remove(nowhere);
      engine.remove(nameless);
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void changedSettingsKeepTheStateAndTakeEffect(boolean ipv4) {
    int port = ipv4 ? 7009 : 7010;
    TestServers.Server s = servers.tcp(port).start();
    try {
      CheckSettings base = settings(CheckType.TCP).build();
      TargetKey key = watch("tcp-update-" + family(ipv4), ipv4, port, base);
      TargetSpec same = new TargetSpec(Rig.serverAddress(ipv4), port, base);
      engine.upsert(key, same); // unchanged: nothing happens
      // fall 1 now: a single failure takes it down, and the state UP was kept across the change
      engine.upsert(
          key, new TargetSpec(Rig.serverAddress(ipv4), port, base.toBuilder().fall(1).build()));
      assertThat(engine.status(key).orElseThrow().state()).isEqualTo(HealthState.UP);
      s.kill();
      long broken = System.nanoTime();
      assertThat(
              events
                  .await(
                      key,
                      HealthState.DOWN,
                      broken,
                      interval.plus(timeout).plus(SLACK).plus(interval)) // + one re-phase
                  .reason())
          .isEqualTo("refused");
      assertThat(events.of(key)).hasSize(2);
    } finally {
      s.kill();
    }
  }
}
