package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.bpf.BpfMap;
import java.util.List;

/** Batched writes keyed by {@code __u32} ids: one system call for many entries. */
final class MapWrites {
  private MapWrites() {}

  /** Zeroes the entries (counters) of {@code ids}. */
  static void zero(BpfMap map, List<Integer> ids) {
    int n = ids.size();
    if (n == 0) {
      return;
    }
    map.updateBatch(keys(ids), new byte[n * map.lookupSize()], n, BpfMap.BPF_ANY);
  }

  /** Writes {@code values.get(i)} (each the map's value size) under {@code ids.get(i)}. */
  static void put(BpfMap map, List<Integer> ids, List<byte[]> values) {
    int n = ids.size();
    if (n == 0) {
      return;
    }
    int vs = map.valueSize();
    byte[] vals = new byte[n * vs];
    for (int i = 0; i < n; i++) {
      System.arraycopy(values.get(i), 0, vals, i * vs, vs);
    }
    map.updateBatch(keys(ids), vals, n, BpfMap.BPF_ANY);
  }

  private static byte[] keys(List<Integer> ids) {
    byte[] keys = new byte[ids.size() * 4];
    for (int i = 0; i < ids.size(); i++) {
      Bytes.putU32(keys, i * 4, ids.get(i));
    }
    return keys;
  }
}
