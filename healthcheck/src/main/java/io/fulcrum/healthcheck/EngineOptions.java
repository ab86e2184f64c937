package io.fulcrum.healthcheck;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * Engine tuning. {@code threadFactory} makes every engine thread (event loops, raw socket readers,
 * resolver): all probe sockets are opened on those threads, so a factory whose threads enter a
 * network namespace makes the whole engine probe from there (the tests do this).
 *
 * @param eventLoops number of event loops (1 handles 10,000 probes a second)
 * @param tickMillis tick of each event loop's timer wheel; probes start at most one tick late
 * @param clock nanosecond clock for results and events
 * @param seed seed of the jitter and SCTP tags
 * @param tcpHalfOpen bare TCP checks (no send/expect) send a SYN from a raw socket and judge the
 *     answer (half-open), where raw sockets can be had; false: they always connect
 */
public record EngineOptions(
    int eventLoops,
    ThreadFactory threadFactory,
    int tickMillis,
    LongSupplier clock,
    long seed,
    boolean tcpHalfOpen) {

  public EngineOptions {
    if (eventLoops < 1 || eventLoops > 64) {
      throw new InvalidSettingsException("eventLoops " + eventLoops + " out of range (1-64)");
    }
    if (tickMillis < 1 || tickMillis > 100) {
      throw new InvalidSettingsException("tickMillis " + tickMillis + " out of range (1-100)");
    }
  }

  /**
   * One event loop, daemon threads named fulcrum-hc-*, 10 ms ticks, System.nanoTime, half-open TCP
   * checks.
   */
  public static EngineOptions defaults() {
    return new EngineOptions(
        1,
        new DefaultThreadFactory("fulcrum-hc", true),
        10,
        System::nanoTime,
        System.nanoTime(),
        true);
  }

  public EngineOptions withThreadFactory(ThreadFactory f) {
    return new EngineOptions(eventLoops, f, tickMillis, clock, seed, tcpHalfOpen);
  }

  public EngineOptions withEventLoops(int n) {
    return new EngineOptions(n, threadFactory, tickMillis, clock, seed, tcpHalfOpen);
  }

  public EngineOptions withTcpHalfOpen(boolean on) {
    return new EngineOptions(eventLoops, threadFactory, tickMillis, clock, seed, on);
  }
}
