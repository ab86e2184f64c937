package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.ProbeResult;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One running probe of one target. It finishes exactly once: with success, with a failure reason,
 * or at its deadline (a failure "timeout", or a success for checks where silence is fine). Every
 * method may be called from any thread; the outcome is delivered on the target's event loop.
 */
public final class ProbeAttempt {
  private final EventLoop loop;
  private final InetSocketAddress remote;
  private final CheckSettings settings;
  private final LongSupplier clock;
  private final long startNanos;
  private final Consumer<ProbeResult> sink;
  private final ConnectionSlot slot;
  private boolean done;
  private boolean succeeded;
  private boolean timeoutIsSuccess;

  /** Finish actions: the first in a field, more (rare) in a list. */
  private Runnable cleanup;

  private List<Runnable> moreCleanup;

  public ProbeAttempt(
      EventLoop loop,
      InetSocketAddress remote,
      CheckSettings settings,
      LongSupplier clock,
      long startNanos,
      ConnectionSlot slot,
      Consumer<ProbeResult> sink) {
    this.loop = loop;
    this.remote = remote;
    this.settings = settings;
    this.clock = clock;
    this.startNanos = startNanos;
    this.slot = slot;
    this.sink = sink;
  }

  public EventLoop loop() {
    return loop;
  }

  public InetSocketAddress remote() {
    return remote;
  }

  public CheckSettings settings() {
    return settings;
  }

  /** The target's kept connection (HTTP keep-alive), which outlives this attempt. */
  public ConnectionSlot slot() {
    return slot;
  }

  /**
   * Arms the deadline: the probe's timeout counted from its start, on {@code timer} (the loop's
   * timer wheel: the deadline fires at its first tick at or after it, so never early and at most
   * one tick late; a finished probe's deadline does nothing). Call on the event loop.
   */
  public void armTimeout(DeadlineTimer timer) {
    timer.schedule(startNanos + settings.timeout().toNanos(), new Deadline(this));
  }

  /**
   * The deadline task. The hot paths of a probe use small classes, not lambdas: with the C1
   * compiler only (the agent's JVM options) every capturing lambda is allocated through a method
   * handle and a runtime call, several times a probe.
   */
  private static final class Deadline implements Runnable {
    private final ProbeAttempt a;

    Deadline(ProbeAttempt a) {
      this.a = a;
    }

    @Override
    public void run() {
      a.deadline();
    }
  }

  /** Makes the deadline a success (a UDP check that expects no reply). */
  public void timeoutIsSuccess() {
    if (loop.inEventLoop()) {
      timeoutIsSuccess = true;
    } else {
      loop.execute(() -> timeoutIsSuccess = true);
    }
  }

  /** Runs when the probe finishes, before the result is delivered (e.g. closes a channel). */
  public void onFinish(Runnable r) {
    if (loop.inEventLoop()) {
      addFinish(r);
    } else {
      loop.execute(() -> addFinish(r));
    }
  }

  private void addFinish(Runnable r) {
    if (done) {
      r.run();
    } else if (cleanup == null) {
      cleanup = r;
    } else {
      if (moreCleanup == null) {
        moreCleanup = new ArrayList<>(2);
      }
      moreCleanup.add(r);
    }
  }

  public void succeed() {
    if (loop.inEventLoop()) {
      finish(true, "ok");
    } else {
      loop.execute(() -> finish(true, "ok"));
    }
  }

  public void fail(String reason) {
    if (loop.inEventLoop()) {
      finish(false, reason);
    } else {
      loop.execute(() -> finish(false, reason));
    }
  }

  public boolean isDone() {
    return done;
  }

  /** True once the probe finished with success (read on the loop, e.g. by a finish action). */
  public boolean succeeded() {
    return succeeded;
  }

  private void deadline() {
    finish(timeoutIsSuccess, timeoutIsSuccess ? "ok" : "timeout");
  }

  private void finish(boolean ok, String reason) {
    if (done) {
      return;
    }
    done = true;
    succeeded = ok;
    long duration = clock.getAsLong() - startNanos;
    try {
      runCleanup();
    } finally {
      sink.accept(ok ? ProbeResult.ok(duration) : ProbeResult.failed(reason, duration));
    }
  }

  /** Runs the finish actions in the order they were added. */
  private void runCleanup() {
    Runnable first = cleanup;
    List<Runnable> more = moreCleanup;
    cleanup = null;
    moreCleanup = null;
    try {
      if (first != null) {
        first.run();
      }
    } finally {
      if (more != null) {
        for (Runnable r : more) {
          r.run();
        }
      }
    }
  }
}
