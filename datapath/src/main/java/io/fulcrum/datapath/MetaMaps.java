package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.bpf.BpfMap;
import io.fulcrum.datapath.bpf.MapNames;
import java.nio.file.Path;

/**
 * What the data plane's maps do not hold but {@code programmed()} must return after a restart: each
 * backend's weight and state and its service, and each service's requested table size and whether
 * its ring slice also holds its Maglev base table. Kept in two small hash maps that the binding
 * creates and pins beside the data plane's maps, so they live and die with the pinned data plane
 * (no state file to get out of step).
 */
final class MetaMaps implements AutoCloseable {
  private static final int BPF_F_NO_PREALLOC = 1;

  /** Per-backend metadata. */
  record BackendMeta(int svcId, int weight, BackendState state) {
    byte[] encode() {
      byte[] b = new byte[8];
      Bytes.putU32(b, 0, svcId);
      Bytes.putU16(b, 4, weight);
      Bytes.putU8(b, 6, state.ordinal());
      return b;
    }

    static BackendMeta decode(byte[] b) {
      return new BackendMeta(
          Bytes.getU32(b, 0), Bytes.getU16(b, 4), BackendState.values()[Bytes.getU8(b, 6)]);
    }
  }

  final BpfMap services;
  final BpfMap backends;

  private MetaMaps(BpfMap services, BpfMap backends) {
    this.services = services;
    this.backends = backends;
  }

  /** Opens the pinned metadata maps, creating and pinning them when absent. */
  static MetaMaps openOrCreate(Path pinRoot, int maxServices, int maxBackends) {
    return new MetaMaps(
        openOrCreate(pinRoot, MapNames.META_SERVICES, 8, maxServices),
        openOrCreate(pinRoot, MapNames.META_BACKENDS, 8, maxBackends));
  }

  private static BpfMap openOrCreate(Path pinRoot, String name, int valueSize, int max) {
    String path = pinRoot.resolve(name).toString();
    BpfMap m = BpfMap.openPinned(name, path);
    if (m != null) {
      return m;
    }
    int fd =
        io.fulcrum.datapath.bpf.Bpf.createMap(
            BpfMap.TYPE_HASH, name, 4, valueSize, max, BPF_F_NO_PREALLOC);
    BpfMap created = BpfMap.of(name, fd, true);
    created.pin(path);
    return created;
  }

  /**
   * @param baseStored the service's ring slice holds its Maglev base table behind the table (the
   *     slice is twice the table size)
   */
  void putService(int svcId, int requestedSize, boolean baseStored) {
    byte[] v = new byte[8];
    Bytes.putU32(v, 0, requestedSize);
    Bytes.putU32(v, 4, baseStored ? 1 : 0);
    services.update(Bytes.u32Key(svcId), v, BpfMap.BPF_ANY);
  }

  boolean baseStored(int svcId) {
    byte[] v = services.lookup(Bytes.u32Key(svcId));
    return v != null && (Bytes.getU32(v, 4) & 1) != 0;
  }

  int requestedSize(int svcId) {
    byte[] v = services.lookup(Bytes.u32Key(svcId));
    return v == null ? 0 : Bytes.getU32(v, 0);
  }

  void deleteService(int svcId) {
    services.delete(Bytes.u32Key(svcId));
  }

  void putBackend(int id, BackendMeta meta) {
    backends.update(Bytes.u32Key(id), meta.encode(), BpfMap.BPF_ANY);
  }

  /** Writes the metadata of many backends with one batched update. */
  void putBackends(int[] ids, BackendMeta[] metas) {
    int n = ids.length;
    if (n == 0) {
      return;
    }
    int vs = backends.valueSize();
    byte[] keys = new byte[n * 4];
    byte[] values = new byte[n * vs];
    for (int i = 0; i < n; i++) {
      Bytes.putU32(keys, i * 4, ids[i]);
      System.arraycopy(metas[i].encode(), 0, values, i * vs, vs);
    }
    backends.updateBatch(keys, values, n, BpfMap.BPF_ANY);
  }

  void deleteBackend(int id) {
    backends.delete(Bytes.u32Key(id));
  }

  @Override
  public void close() {
    services.close();
    backends.close();
  }
}
