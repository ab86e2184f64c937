package io.fulcrum.healthcheck;

import io.fulcrum.healthcheck.probe.ConnectionSlot;
import io.micrometer.core.instrument.Gauge;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The engine's record of one target. Mutable fields are confined to {@link #loop}. */
final class TargetRuntime {
  final TargetKey key;
  final EventLoop loop;

  /** The timer wheel of {@link #loop}. */
  final LoopWheel wheel;

  final AtomicInteger up = new AtomicInteger();
  Gauge upGauge;
  volatile TargetSpec spec;
  final TargetHealth health;

  /** When the next probe runs; replaced on every spec change. */
  TargetSchedule schedule;

  /** Token of the wheel entry now armed: an entry armed before is void when it fires. */
  int armed;

  /** Bumped on every update and on removal: timers and probes of an older generation are void. */
  int generation;

  /** Sequence of the probe now running, or 0 when none. */
  long activeProbe;

  long probeCounter;

  /** The connection kept between probes (HTTP keep-alive); closed on update and removal. */
  final ConnectionSlot slot = new ConnectionSlot();

  /**
   * The probe address while {@link #spec} names an IP literal (null: resolve before each probe).
   */
  InetSocketAddress literalRemote;

  boolean removed;

  TargetRuntime(
      TargetKey key, EventLoop loop, LoopWheel wheel, TargetSpec spec, LongSupplier clock) {
    this.key = key;
    this.loop = loop;
    this.wheel = wheel;
    setSpec(spec);
    this.health = new TargetHealth(key, spec.settings().rise(), spec.settings().fall(), clock);
  }

  /** Changes the spec (on the loop, or before the target is shared). */
  void setSpec(TargetSpec s) {
    spec = s;
    InetAddress literal = s.literalAddress();
    literalRemote = literal == null ? null : new InetSocketAddress(literal, s.probePort());
  }
}
