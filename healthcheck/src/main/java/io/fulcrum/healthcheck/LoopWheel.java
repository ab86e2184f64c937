package io.fulcrum.healthcheck;

import io.fulcrum.healthcheck.probe.DeadlineTimer;
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
final class LoopWheel implements DeadlineTimer {
  private final long tickNanos;
  private final int mask;
  private final List<List<Entry>> buckets;
  private final LongSupplier clock;
  private final long origin;
  private long processedTick;
  private ScheduledFuture<?> ticker;

  /** Entries due in the current {@link #advance()} (reused: no list per tick). */
  private final List<Runnable> due = new ArrayList<>();

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
  @Override
  public void schedule(long dueNanos, Runnable task) {
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
    for (long t = from; t <= nowTick; t++) {
      List<Entry> bucket = buckets.get((int) (t & mask));
      int kept = 0;
      for (int i = 0, n = bucket.size(); i < n; i++) {
        Entry e = bucket.get(i);
        if (e.dueTick() <= nowTick) {
          due.add(e.task());
        } else {
          bucket.set(kept++, e); // a later turn of the wheel: stays, in order
        }
      }
      bucket.subList(kept, bucket.size()).clear();
    }
    processedTick = Math.max(processedTick, nowTick);
    // the tasks may schedule again (never into a tick already processed), not re-enter advance
    try {
      for (int i = 0; i < due.size(); i++) {
        due.get(i).run();
      }
    } finally {
      due.clear();
    }
  }

  void stop() {
    ticker.cancel(false);
  }
}
