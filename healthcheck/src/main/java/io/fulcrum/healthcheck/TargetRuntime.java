package io.fulcrum.healthcheck;

import io.micrometer.core.instrument.Gauge;
import io.netty.channel.EventLoop;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The engine's record of one target. Mutable fields are confined to {@link #loop}. */
final class TargetRuntime {
  final TargetKey key;
  final EventLoop loop;
  final AtomicInteger up = new AtomicInteger();
  Gauge upGauge;
  volatile TargetSpec spec;
  final TargetHealth health;
  long nextDue;

  /** Bumped on every update and on removal: timers and probes of an older generation are void. */
  int generation;

  /** Sequence of the probe now running, or 0 when none. */
  long activeProbe;

  long probeCounter;
  boolean removed;

  TargetRuntime(TargetKey key, EventLoop loop, TargetSpec spec, LongSupplier clock) {
    this.key = key;
    this.loop = loop;
    this.spec = spec;
    this.health = new TargetHealth(key, spec.settings().rise(), spec.settings().fall(), clock);
  }
}
