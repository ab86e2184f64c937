package io.fulcrum.datapath;

import java.util.BitSet;

/** Hands out the lowest free id in 0..capacity-1; freed ids are reused. Not thread-safe. */
public final class IdAllocator {
  private final int capacity;
  private final BitSet used = new BitSet();
  // every id below this one is in use: the search for the lowest free id starts here
  private int lowestFree;
  private int usedCount;

  public IdAllocator(int capacity) {
    this.capacity = capacity;
  }

  /** The lowest free id, or -1 when all are taken. */
  public int allocate() {
    int id = used.nextClearBit(lowestFree);
    if (id >= capacity) {
      lowestFree = capacity;
      return -1;
    }
    used.set(id);
    usedCount++;
    lowestFree = id + 1;
    return id;
  }

  /** Marks an id as used (adopting a running data plane). */
  public void reserve(int id) {
    if (id < 0 || id >= capacity) {
      throw new IllegalArgumentException("id " + id + " outside 0.." + (capacity - 1));
    }
    if (!used.get(id)) {
      used.set(id);
      usedCount++;
    }
  }

  public void free(int id) {
    if (used.get(id)) {
      used.clear(id);
      usedCount--;
      lowestFree = Math.min(lowestFree, id);
    }
  }

  public boolean isUsed(int id) {
    return used.get(id);
  }

  public int used() {
    return usedCount;
  }

  public int free() {
    return capacity - usedCount;
  }

  public int capacity() {
    return capacity;
  }
}
