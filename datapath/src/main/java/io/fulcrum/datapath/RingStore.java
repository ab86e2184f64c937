package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.bpf.BpfMap;
import io.fulcrum.datapath.bpf.MappedArray;
import io.fulcrum.datapath.ring.RingPool;

/**
 * The Maglev ring pool ({@code fl_ring_pool}): which slices are in use, and the slots themselves,
 * written through a memory mapping of the map where the kernel allows it (one store per slot) and
 * through batched updates otherwise (a map pinned by an older Fulcrum without {@code
 * BPF_F_MMAPABLE}).
 */
final class RingStore implements AutoCloseable {
  private final BpfMap ring;
  private final MappedArray memory;
  private final RingPool pool;

  RingStore(BpfMap ring) {
    this.ring = ring;
    this.memory = MappedArray.map(ring);
    // a replaced table rests 50 ms before its slots are reused (packets in flight read it)
    this.pool = new RingPool(ring.maxEntries(), System::nanoTime, 50_000_000L);
  }

  /** True when the slots are memory-mapped (reads and writes without system calls). */
  boolean mapped() {
    return memory != null;
  }

  RingPool pool() {
    return pool;
  }

  /** Writes {@code table} into slots {@code offset ...}. */
  void write(int offset, int[] table) {
    if (memory != null) {
      memory.write(offset, table);
      return;
    }
    int chunk = 4096;
    for (int start = 0; start < table.length; start += chunk) {
      int n = Math.min(chunk, table.length - start);
      byte[] keys = new byte[n * 4];
      byte[] values = new byte[n * 4];
      for (int i = 0; i < n; i++) {
        Bytes.putU32(keys, i * 4, offset + start + i);
        Bytes.putU32(values, i * 4, table[start + i]);
      }
      ring.updateBatch(keys, values, n, BpfMap.BPF_ANY);
    }
  }

  /** Reads {@code count} slots from {@code offset} (-1 for a slot that cannot be read). */
  int[] read(int offset, int count) {
    int[] t = new int[count];
    for (int i = 0; i < count; i++) {
      if (memory != null) {
        t[i] = memory.get(offset + i);
      } else {
        byte[] v = ring.lookup(Bytes.u32Key(offset + i));
        t[i] = v == null ? -1 : Bytes.getU32(v, 0);
      }
    }
    return t;
  }

  /** Reserves an adopted slice: table and base, or the table alone if that is all it can be. */
  RingPool.Slice adopt(int offset, int size, boolean withBase) {
    if (withBase) {
      try {
        RingPool.Slice both = new RingPool.Slice(offset, 2 * size);
        pool.reserve(both);
        return both;
      } catch (IllegalStateException e) {
        // not ours after all (a change stopped half-way): the table alone
      }
    }
    RingPool.Slice slice = new RingPool.Slice(offset, size);
    pool.reserve(slice);
    return slice;
  }

  /** Unmaps the slots (the map stays pinned). */
  @Override
  public void close() {
    if (memory != null) {
      memory.close();
    }
  }
}
