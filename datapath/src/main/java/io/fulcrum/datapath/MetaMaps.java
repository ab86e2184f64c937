package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.BpfMap;
import io.fulcrum.datapath.bpf.MapNames;
import io.fulcrum.datapath.bpf.MappedArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * What the data plane's maps do not hold but {@code programmed()} must return after a restart: each
 * backend's weight and state and its service, and each service's requested table size and whether
 * its ring slice also holds its Maglev base table. Kept in two array maps indexed by backend id and
 * service id that the binding creates and pins beside the data plane's maps, so they live and die
 * with the pinned data plane (no state file to get out of step). The arrays are memory-mapped
 * ({@code BPF_F_MMAPABLE}): writing an entry is one 8-byte store, not a system call (a full load of
 * 10,000 services writes 110,000 entries). An entry of 0 is free; a used one carries a present bit.
 * Maps pinned by an older Fulcrum as hash maps are converted when opened.
 */
final class MetaMaps implements AutoCloseable {
  private static final int BPF_F_MMAPABLE = 1 << 10;
  private static final long PRESENT = 1L << 56;
  private static final long BASE_STORED = 1L << 32;

  /** Per-backend metadata. */
  record BackendMeta(int svcId, int weight, BackendState state) {
    long pack() {
      return Integer.toUnsignedLong(svcId)
          | (long) (weight & 0xffff) << 32
          | (long) (state.ordinal() & 0xff) << 48
          | PRESENT;
    }

    static BackendMeta unpack(long v) {
      return new BackendMeta(
          (int) v, (int) (v >>> 32) & 0xffff, BackendState.values()[(int) (v >>> 48) & 0xff]);
    }
  }

  /** 64-bit cells of an array map: memory-mapped, or through system calls where not mappable. */
  private static final class Cells implements AutoCloseable {
    final BpfMap map;
    final MappedArray memory;

    Cells(BpfMap map) {
      this.map = map;
      this.memory = MappedArray.map(map);
    }

    long get(int index) {
      if (memory != null) {
        return memory.getLong(index);
      }
      byte[] v = map.lookup(Bytes.u32Key(index));
      return v == null ? 0 : Bytes.getU64(v, 0);
    }

    void put(int index, long value) {
      if (memory != null) {
        memory.putLong(index, value);
        return;
      }
      byte[] v = new byte[8];
      Bytes.putU64(v, 0, value);
      map.update(Bytes.u32Key(index), v, BpfMap.BPF_ANY);
    }

    int size() {
      return map.maxEntries();
    }

    @Override
    public void close() {
      if (memory != null) {
        memory.close();
      }
      map.close();
    }
  }

  private final Cells services;
  private final Cells backends;

  private MetaMaps(Cells services, Cells backends) {
    this.services = services;
    this.backends = backends;
  }

  /** Opens the pinned metadata maps, creating and pinning them when absent. */
  static MetaMaps openOrCreate(Path pinRoot, int maxServices, int maxBackends) {
    return new MetaMaps(
        new Cells(openOrCreate(pinRoot, MapNames.META_SERVICES, maxServices, MetaMaps::oldService)),
        new Cells(
            openOrCreate(pinRoot, MapNames.META_BACKENDS, maxBackends, MetaMaps::oldBackend)));
  }

  private static BpfMap openOrCreate(Path pinRoot, String name, int max, LongUnaryOperator old) {
    String path = pinRoot.resolve(name).toString();
    BpfMap m = BpfMap.openPinned(name, path);
    if (m != null && m.type() == BpfMap.TYPE_ARRAY) {
      return m;
    }
    BpfMap created =
        BpfMap.of(name, Bpf.createMap(BpfMap.TYPE_ARRAY, name, 4, 8, max, BPF_F_MMAPABLE), true);
    if (m != null) {
      // pinned by an older Fulcrum as a hash map {u32 id -> 8 bytes}: copied over, then replaced
      List<long[]> entries = new ArrayList<>();
      m.forEach(
          (k, v) -> {
            entries.add(new long[] {Bytes.getU32(k, 0), old.applyAsLong(Bytes.getU64(v, 0))});
            return true;
          });
      Cells cells = new Cells(created);
      for (long[] e : entries) {
        if (e[0] < max) {
          cells.put((int) e[0], e[1]);
        }
      }
      if (cells.memory != null) {
        cells.memory.close();
      }
      m.close();
      Bpf.unpin(path);
    }
    created.pin(path);
    return created;
  }

  /** The older hash value of a service (u32 requested size, u32 flags) as an entry here. */
  private static long oldService(long v) {
    return (v & 0xffffffffL) | ((v >>> 32 & 1) != 0 ? BASE_STORED : 0) | PRESENT;
  }

  /** The older hash value of a backend (u32 service, u16 weight, u8 state) as an entry here. */
  private static long oldBackend(long v) {
    return (v & 0x00ff_ffff_ffff_ffffL) | PRESENT;
  }

  /**
   * @param baseStored the service's ring slice holds its Maglev base table behind the table (the
   *     slice is twice the table size)
   */
  void putService(int svcId, int requestedSize, boolean baseStored) {
    services.put(
        svcId, Integer.toUnsignedLong(requestedSize) | (baseStored ? BASE_STORED : 0) | PRESENT);
  }

  boolean baseStored(int svcId) {
    return (services.get(svcId) & BASE_STORED) != 0;
  }

  int requestedSize(int svcId) {
    return (int) services.get(svcId);
  }

  void deleteService(int svcId) {
    services.put(svcId, 0);
  }

  /** Writes the metadata of many backends. */
  void putBackends(int[] ids, BackendMeta[] metas) {
    for (int i = 0; i < ids.length; i++) {
      backends.put(ids[i], metas[i].pack());
    }
  }

  void deleteBackend(int id) {
    backends.put(id, 0);
  }

  /** Visits every backend with metadata, by id. */
  void forEachBackend(BackendVisitor visitor) {
    for (int id = 0; id < backends.size(); id++) {
      long v = backends.get(id);
      if ((v & PRESENT) != 0) {
        visitor.visit(id, BackendMeta.unpack(v));
      }
    }
  }

  interface BackendVisitor {
    void visit(int id, BackendMeta meta);
  }

  @Override
  public void close() {
    services.close();
    backends.close();
  }
}
