package io.fulcrum.datapath;

import java.util.BitSet;

/** Hands out the lowest free id in 0..capacity-1; freed ids are reused. Not thread-safe. */
public final class IdAllocator {
  private final int capacity;
  private final BitSet used = new BitSet();

  public IdAllocator(int capacity) {
    this.capacity = capacity;
  }

  /** The lowest free id, or -1 when all are taken. */
  public int allocate() {
    int id = used.nextClearBit(0);
    if (id >= capacity) {
      return -1;
    }
    used.set(id);
    return id;
  }

  /** Marks an id as used (adopting a running data plane). */
  public void reserve(int id) {
    if (id < 0 || id >= capacity) {
      throw new IllegalArgumentException("id " + id + " outside 0.." + (capacity - 1));
    }
    used.set(id);
  }

  public void free(int id) {
    used.clear(id);
  }

  public boolean isUsed(int id) {
    return used.get(id);
  }

  public int used() {
    return used.cardinality();
  }

  public int free() {
    return capacity - used.cardinality();
  }

  public int capacity() {
    return capacity;
  }
}
