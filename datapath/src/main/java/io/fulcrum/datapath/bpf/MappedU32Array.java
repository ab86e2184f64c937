package io.fulcrum.datapath.bpf;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The values of a {@code BPF_F_MMAPABLE} array map of {@code __u32}, mapped into this process:
 * writing a slot is a store into memory the BPF program reads, not a system call. The kernel lays
 * array elements out 8 bytes apart (the value size rounded up to 8), so slot i is at 8 i. Readers
 * in the data plane see each 32-bit store whole (aligned stores are atomic); callers that need a
 * set of slots to appear together write them where no reader looks yet and then publish them with a
 * map update (a system call, hence a full barrier).
 */
public final class MappedU32Array implements AutoCloseable {
  private static final int STRIDE = 8;
  private final String name;
  private final long address;
  private final long length;
  private final int entries;
  private final Pointer memory;
  private boolean closed;

  private MappedU32Array(String name, long address, long length, int entries) {
    this.name = name;
    this.address = address;
    this.length = length;
    this.entries = entries;
    this.memory = Pointer.wrap(Runtime.getSystemRuntime(), address, length);
  }

  /**
   * Maps {@code map}'s values, or returns null when the map is not mmapable (an array pinned by an
   * older Fulcrum without the flag): the caller then writes through system calls.
   */
  public static MappedU32Array map(BpfMap map) {
    if (map.type() != BpfMap.TYPE_ARRAY || map.valueSize() != 4) {
      throw new IllegalArgumentException(map.name() + " is not an array of __u32");
    }
    long page = 4096;
    long length = ((long) map.maxEntries() * STRIDE + page - 1) / page * page;
    long addr = Bpf.lib().fl_map_mmap(map.fd(), length);
    if (addr < 0) {
      if (addr == -1 /* EPERM */ || addr == -22 /* EINVAL: no BPF_F_MMAPABLE */) {
        return null;
      }
      Bpf.check((int) addr, "mapping the values of " + map.name());
    }
    return new MappedU32Array(map.name(), addr, length, map.maxEntries());
  }

  public int entries() {
    return entries;
  }

  /** Writes {@code values} into slots {@code offset ...}. */
  public void write(int offset, int[] values) {
    if (closed) {
      throw new IllegalStateException(name + " is unmapped");
    }
    if (offset < 0 || (long) offset + values.length > entries) {
      throw new IndexOutOfBoundsException(
          name + ": slots " + offset + "+" + values.length + " beyond " + entries);
    }
    // native order, one store per slot (the upper half of each 8-byte element stays zero)
    long at = (long) offset * STRIDE;
    for (int v : values) {
      memory.putInt(at, v);
      at += STRIDE;
    }
  }

  /** Reads slot {@code index}. */
  public int get(int index) {
    if (index < 0 || index >= entries) {
      throw new IndexOutOfBoundsException(name + ": slot " + index + " beyond " + entries);
    }
    return memory.getInt((long) index * STRIDE);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Bpf.lib().fl_map_munmap(address, length);
    }
  }
}
