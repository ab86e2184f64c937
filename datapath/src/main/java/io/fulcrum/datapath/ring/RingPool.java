package io.fulcrum.datapath.ring;

import java.util.Map;
import java.util.TreeMap;

/**
 * Allocator of the shared Maglev ring pool ({@code fl_ring_pool}): each service owns one contiguous
 * slice. Best fit over a free list kept sorted by offset; neighbours coalesce on free. Not
 * thread-safe (the data path binding serialises changes).
 *
 * <p>A table change uses {@link #swap}: the new table goes into a NEW slice, then the service value
 * is switched to it in one map update, then the old slice is freed, so the data plane never reads a
 * half-built table.
 */
public final class RingPool {
  /** A slice of the pool. */
  public record Slice(int offset, int size) {
    public int end() {
      return offset + size;
    }
  }

  /** Thrown when no free run is long enough. */
  public static final class PoolFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoolFullException(int want, int free, int largest) {
      super(
          "Maglev ring pool full: need "
              + want
              + " contiguous slots, "
              + free
              + " free (largest run "
              + largest
              + ")");
    }
  }

  private final int capacity;
  private final TreeMap<Integer, Integer> free = new TreeMap<>(); // offset -> size
  private final java.util.ArrayDeque<long[]> quarantine = new java.util.ArrayDeque<>();
  private final java.util.function.LongSupplier clock;
  private final long graceNanos;
  private int used;

  /** A pool whose freed slices are reusable at once. */
  public RingPool(int capacity) {
    this(capacity, System::nanoTime, 0);
  }

  /**
   * A pool whose freed slices rest for {@code graceNanos} before reuse: a packet that read the
   * service's old slice position just before the switch still finds the old table there. Under
   * pressure (nothing else fits) resting slices are reused early.
   */
  public RingPool(int capacity, java.util.function.LongSupplier clock, long graceNanos) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0");
    }
    this.capacity = capacity;
    this.clock = clock;
    this.graceNanos = graceNanos;
    free.put(0, capacity);
  }

  public int capacity() {
    return capacity;
  }

  public int used() {
    return used;
  }

  public int largestFree() {
    return free.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** Takes a slice of {@code size} slots; throws {@link PoolFullException} when none fits. */
  public Slice allocate(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be > 0");
    }
    long now = clock.getAsLong();
    while (!quarantine.isEmpty() && now - quarantine.peekFirst()[2] >= 0) {
      long[] q = quarantine.pollFirst();
      release(new Slice((int) q[0], (int) q[1]));
    }
    Slice s = tryAllocate(size);
    if (s == null && !quarantine.isEmpty()) {
      while (!quarantine.isEmpty()) {
        long[] q = quarantine.pollFirst();
        release(new Slice((int) q[0], (int) q[1]));
      }
      s = tryAllocate(size);
    }
    if (s == null) {
      throw new PoolFullException(size, capacity - used, largestFree());
    }
    return s;
  }

  private Slice tryAllocate(int size) {
    // copy key and value: TreeMap reuses its entry objects when a node is removed
    int bestOffset = -1;
    int bestSize = Integer.MAX_VALUE;
    for (Map.Entry<Integer, Integer> e : free.entrySet()) {
      if (e.getValue() >= size && e.getValue() < bestSize) {
        bestOffset = e.getKey();
        bestSize = e.getValue();
        if (bestSize == size) {
          break;
        }
      }
    }
    if (bestOffset < 0) {
      return null;
    }
    free.remove(bestOffset);
    if (bestSize > size) {
      free.put(bestOffset + size, bestSize - size);
    }
    used += size;
    return new Slice(bestOffset, size);
  }

  /** Marks a slice as taken (adopting a running data plane); it must be wholly free. */
  public void reserve(Slice s) {
    Map.Entry<Integer, Integer> run = free.floorEntry(s.offset());
    if (run == null || run.getKey() + run.getValue() < s.end() || s.size() <= 0) {
      throw new IllegalStateException("slice " + s + " overlaps a used slice or the pool end");
    }
    free.remove(run.getKey());
    if (run.getKey() < s.offset()) {
      free.put(run.getKey(), s.offset() - run.getKey());
    }
    if (s.end() < run.getKey() + run.getValue()) {
      free.put(s.end(), run.getKey() + run.getValue() - s.end());
    }
    used += s.size();
  }

  /** Returns a slice to the pool (after the grace period, if the pool has one). */
  public void free(Slice s) {
    if (graceNanos > 0) {
      if (s.offset() < 0 || s.end() > capacity || s.size() <= 0) {
        throw new IllegalArgumentException("slice " + s + " outside the pool");
      }
      quarantine.addLast(new long[] {s.offset(), s.size(), clock.getAsLong() + graceNanos});
      return;
    }
    release(s);
  }

  private void release(Slice s) {
    if (s.offset() < 0 || s.end() > capacity || s.size() <= 0) {
      throw new IllegalArgumentException("slice " + s + " outside the pool");
    }
    Map.Entry<Integer, Integer> before = free.floorEntry(s.offset());
    if (before != null && before.getKey() + before.getValue() > s.offset()) {
      throw new IllegalStateException("double free of " + s);
    }
    Map.Entry<Integer, Integer> after = free.ceilingEntry(s.offset());
    if (after != null && after.getKey() < s.end()) {
      throw new IllegalStateException("double free of " + s);
    }
    int start = s.offset();
    int size = s.size();
    if (before != null && before.getKey() + before.getValue() == start) {
      start = before.getKey();
      size += before.getValue();
      free.remove(before.getKey());
    }
    if (after != null && after.getKey() == s.end()) {
      size += after.getValue();
      free.remove(after.getKey());
    }
    free.put(start, size);
    used -= s.size();
  }

  /** Writes a new table into a fresh slice. */
  public interface Writer {
    void write(Slice slice);
  }

  /** Points the service at a slice (one atomic map update). */
  public interface Switcher {
    void switchTo(Slice slice);
  }

  /**
   * Replaces a service's table: allocate a new slice, write it, switch the service to it, then free
   * the old one ({@code old} may be null). If writing or switching fails the new slice is freed and
   * the old one stays in force.
   */
  public Slice swap(Slice old, int newSize, Writer writer, Switcher switcher) {
    Slice fresh = allocate(newSize);
    try {
      writer.write(fresh);
      switcher.switchTo(fresh);
    } catch (RuntimeException e) {
      free(fresh);
      throw e;
    }
    if (old != null) {
      free(old);
    }
    return fresh;
  }
}
