package io.fulcrum.healthcheck;

import io.micrometer.core.instrument.Gauge;
import io.netty.channel.EventLoop;
import io.netty.util.Timeout;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's record of one target. Mutable fields are confined to {@link #loop}. */
final class TargetRuntime {
  final TargetKey key;
  final EventLoop loop;
  final AtomicInteger up = new AtomicInteger();
  Gauge upGauge;
  volatile TargetSpec spec;
  volatile TargetStatus status;
  RiseFall machine;
  long nextDue;
  Timeout timer;

  /** Bumped on every update and on removal: timers and probes of an older generation are void. */
  int generation;

  /** Sequence of the probe now running, or 0 when none. */
  long activeProbe;

  long probeCounter;
  boolean removed;

  TargetRuntime(TargetKey key, EventLoop loop, TargetSpec spec, long nowNanos) {
    this.key = key;
    this.loop = loop;
    this.spec = spec;
    this.machine = new RiseFall(spec.settings().rise(), spec.settings().fall());
    this.status = new TargetStatus(HealthState.UNKNOWN, null, "not probed yet", nowNanos, 0, 0);
  }
}
