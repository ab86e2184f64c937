package io.fulcrum.healthcheck;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A hashed timer wheel owned by one event loop: {@code size} buckets of {@code tick} each, advanced
 * by one periodic task of the loop, so that firing a probe needs no other thread and no
 * cross-thread wake-up. Cancellation is left to the caller (a fired task checks whether it is still
 * current). Every method must be called on the loop.
 */
final class LoopWheel {
  private final long tickNanos;
  private final int mask;
  private final List<List<Entry>> buckets;
  private final LongSupplier clock;
  private final long origin;
  private long processedTick;
  private ScheduledFuture<?> ticker;

  private record Entry(long dueTick, Runnable task) {}

  LoopWheel(EventLoop loop, long tickNanos, int size, LongSupplier clock) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("wheel size must be a power of two: " + size);
    }
    this.tickNanos = tickNanos;
    this.mask = size - 1;
    this.clock = clock;
    this.origin = clock.getAsLong();
    this.buckets = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      buckets.add(new ArrayList<>());
    }
    this.ticker =
        loop.scheduleAtFixedRate(this::advance, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on the loop at the first tick at or after {@code dueNanos}. */
  void schedule(long dueNanos, Runnable task) {
    long dueTick = Math.floorDiv(dueNanos - origin + tickNanos - 1, tickNanos);
    if (dueTick <= processedTick) {
      dueTick = processedTick + 1;
    }
    buckets.get((int) (dueTick & mask)).add(new Entry(dueTick, task));
  }

  /** Fires every entry whose tick has come. */
  void advance() {
    long nowTick = Math.floorDiv(clock.getAsLong() - origin, tickNanos);
    long from = processedTick + 1;
    if (nowTick - from > mask) {
      from = nowTick - mask; // a long stall: every bucket is visited once
    }
    List<Runnable> due = new ArrayList<>();
    for (long t = from; t <= nowTick; t++) {
      List<Entry> bucket = buckets.get((int) (t & mask));
      if (bucket.isEmpty()) {
        continue;
      }
      List<Entry> keep = new ArrayList<>();
      for (Entry e : bucket) {
        if (e.dueTick() <= nowTick) {
          due.add(e.task());
        } else {
          keep.add(e);
        }
      }
      buckets.set((int) (t & mask), keep);
    }
    processedTick = Math.max(processedTick, nowTick);
    for (Runnable r : due) {
      r.run();
    }
  }

  void stop() {
    ticker.cancel(false);
  }
}
