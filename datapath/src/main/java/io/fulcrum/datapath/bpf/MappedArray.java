package io.fulcrum.datapath.bpf;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The values of a {@code BPF_F_MMAPABLE} array map of 4- or 8-byte values, mapped into this
 * process: writing a slot is a store into memory the BPF program (or a later agent) reads, not a
 * system call. The kernel lays array elements out 8 bytes apart (the value size rounded up to 8),
 * so slot i is at 8 i. Readers see each aligned 32- or 64-bit store whole; callers that need a set
 * of slots to appear together write them where no reader looks yet and then publish them with a map
 * update (a system call, hence a full barrier).
 */
public final class MappedArray implements AutoCloseable {
  private static final int STRIDE = 8;
  private static final boolean BIG_ENDIAN =
      java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN;
  private final String name;
  private final long address;
  private final long length;
  private final int entries;
  private final Pointer memory;
  private final long[] scratch = new long[4096];
  private boolean closed;

  private MappedArray(String name, long address, long length, int entries) {
    this.name = name;
    this.address = address;
    this.length = length;
    this.entries = entries;
    this.memory = Pointer.wrap(Runtime.getSystemRuntime(), address, length);
  }

  /**
   * Maps {@code map}'s values, or returns null when the map is not mmapable (an array pinned by an
   * older Fulcrum without the flag, or a kernel that refuses): the caller then uses system calls.
   */
  public static MappedArray map(BpfMap map) {
    if (map.type() != BpfMap.TYPE_ARRAY || (map.valueSize() != 4 && map.valueSize() != 8)) {
      throw new IllegalArgumentException(map.name() + " is not an array of 4- or 8-byte values");
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
    return new MappedArray(map.name(), addr, length, map.maxEntries());
  }

  public int entries() {
    return entries;
  }

  /** Writes {@code values} into the 32-bit slots {@code offset ...}. */
  public void write(int offset, int[] values) {
    open();
    if (offset < 0 || (long) offset + values.length > entries) {
      throw new IndexOutOfBoundsException(
          name + ": slots " + offset + "+" + values.length + " beyond " + entries);
    }
    // each value widened to its whole 8-byte element (upper half zero), then bulk copies through
    // one reused buffer (no garbage per table)
    synchronized (scratch) {
      for (int start = 0; start < values.length; start += scratch.length) {
        int n = Math.min(scratch.length, values.length - start);
        for (int i = 0; i < n; i++) {
          long v = Integer.toUnsignedLong(values[start + i]);
          scratch[i] = BIG_ENDIAN ? v << 32 : v;
        }
        memory.put((long) (offset + start) * STRIDE, scratch, 0, n);
      }
    }
  }

  /** Reads the 32-bit slot {@code index}. */
  public int get(int index) {
    return memory.getInt(at(index));
  }

  /** Reads the 64-bit slot {@code index} (native order). */
  public long getLong(int index) {
    return memory.getLong(at(index));
  }

  /** Writes the 64-bit slot {@code index} with one store (native order). */
  public void putLong(int index, long value) {
    memory.putLong(at(index), value);
  }

  private long at(int index) {
    open();
    if (index < 0 || index >= entries) {
      throw new IndexOutOfBoundsException(name + ": slot " + index + " beyond " + entries);
    }
    return (long) index * STRIDE;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException(name + " is unmapped");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Bpf.lib().fl_map_munmap(address, length);
    }
  }
}
