package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.EngineOptions;
import io.fulcrum.healthcheck.HealthCheckEngine;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetSpec;
import io.fulcrum.healthcheck.TargetStateChanged;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shared set-up of the namespace tests: a {@link Rig}, test servers in the server namespace, and a
 * health-check engine whose threads live in the client namespace. Every transition must be seen
 * within interval × fall + timeout + 100 ms (down) or interval × rise + timeout + 100 ms (up),
 * measured from the moment the failure (or the repair) is in place.
 */
abstract class NamespaceProbeBase {
  static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
  static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(150);
  static final int RISE = 2;
  static final int FALL = 2;
  static final Duration SLACK = Duration.ofMillis(100);

  /** Probe timing of the running class; a subclass may lengthen it in its own @BeforeAll. */
  static Duration interval = DEFAULT_INTERVAL;

  static Duration timeout = DEFAULT_TIMEOUT;

  /** A new target's first result: generous, it includes a cold engine's first connection. */
  static final Duration FIRST_BOUND = Duration.ofSeconds(3);

  static Rig rig;
  static TestServers servers;
  static HealthCheckEngine engine;
  static PrometheusMeterRegistry registry;
  static EventLog events;

  static Duration downBound() {
    return interval.multipliedBy(FALL).plus(timeout).plus(SLACK);
  }

  static Duration upBound() {
    return interval.multipliedBy(RISE).plus(timeout).plus(SLACK);
  }

  @BeforeAll
  static void startRig() {
    interval = DEFAULT_INTERVAL;
    timeout = DEFAULT_TIMEOUT;
    rig = new Rig();
    servers = new TestServers(rig.server.name(), rig.serverThreads());
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    engine =
        new HealthCheckEngine(
            registry, EngineOptions.defaults().withThreadFactory(rig.clientThreads()));
    events = new EventLog();
    engine.addListener(events);
  }

  @AfterAll
  static void stopRig() {
    try {
      if (engine != null) {
        engine.close();
      }
      if (servers != null) {
        servers.close();
      }
    } finally {
      if (rig != null) {
        rig.close();
      }
    }
  }

  static final java.util.Set<TargetKey> registered =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @AfterEach
  void healEverything() {
    rig.heal();
    registered.forEach(engine::remove);
    registered.clear();
  }

  /** Registers a target (removed again after the test). */
  static void register(TargetKey key, TargetSpec spec) {
    registered.add(key);
    engine.upsert(key, spec);
  }

  static CheckSettings.Builder settings(CheckType type) {
    return CheckSettings.builder()
        .type(type)
        .interval(interval)
        .timeout(timeout)
        .rise(RISE)
        .fall(FALL);
  }

  static String family(boolean ipv4) {
    return ipv4 ? "v4" : "v6";
  }

  /** Registers a target and waits for its first UP. */
  static TargetKey watch(String name, boolean ipv4, int port, CheckSettings s) {
    TargetKey key = new TargetKey(name, family(ipv4) + "-" + port);
    long t = System.nanoTime();
    register(key, new TargetSpec(Rig.serverAddress(ipv4), port, s));
    events.await(key, HealthState.UP, t, FIRST_BOUND);
    return key;
  }

  /** Breaks the target, expects DOWN with the reason within the bound, repairs, expects UP. */
  static void breakAndRepair(TargetKey key, Runnable breakIt, Runnable repair, String reason) {
    breakIt.run();
    long broken = System.nanoTime();
    TargetStateChanged down = events.await(key, HealthState.DOWN, broken, downBound());
    assertThat(down.reason()).contains(reason);
    assertThat(engine.status(key).orElseThrow().state()).isEqualTo(HealthState.DOWN);
    repair.run();
    long repaired = System.nanoTime();
    TargetStateChanged up = events.await(key, HealthState.UP, repaired, upBound());
    assertThat(up.reason()).isEqualTo("ok");
  }
}
