package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Abi;
import io.fulcrum.datapath.abi.AffinityKey;
import io.fulcrum.datapath.abi.AffinityValue;
import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.abi.FlowKey;
import io.fulcrum.datapath.abi.FlowValue;
import io.fulcrum.datapath.bpf.BpfMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Reads and prunes the connection-tracking and affinity maps. */
final class Conntrack {
  /** One tracked entry (one direction of a flow). */
  record Entry(FlowKey key, FlowValue value) {}

  private final BpfMap flows;
  private final BpfMap affinity;

  Conntrack(BpfMap flows, BpfMap affinity) {
    this.flows = flows;
    this.affinity = affinity;
  }

  /** Flows (original-direction entries). */
  long count() {
    long[] n = {0};
    flows.forEach(
        (k, v) -> {
          if (Bytes.getU8(v, FlowValue.DIR_OFFSET) == Abi.CT_DIR_ORIGINAL) {
            n[0]++;
          }
          return true;
        });
    return n[0];
  }

  List<Entry> dump() {
    List<Entry> out = new ArrayList<>();
    flows.forEach(
        (k, v) -> {
          out.add(new Entry(FlowKey.decode(k), FlowValue.decode(v)));
          return true;
        });
    return out;
  }

  /** Deletes both directions of every flow whose value matches; returns flows removed. */
  int flush(Predicate<byte[]> valueMatches) {
    List<byte[]> doomed = new ArrayList<>();
    int[] flowsRemoved = {0};
    flows.forEach(
        (k, v) -> {
          if (valueMatches.test(v)) {
            doomed.add(k);
            if (Bytes.getU8(v, FlowValue.DIR_OFFSET) == Abi.CT_DIR_ORIGINAL) {
              flowsRemoved[0]++;
            }
          }
          return true;
        });
    for (byte[] k : doomed) {
      flows.delete(k);
    }
    return flowsRemoved[0];
  }

  int flushBackend(int svcId, int backendId) {
    int n =
        flush(
            v ->
                Bytes.getU32(v, FlowValue.BACKEND_ID_OFFSET) == backendId
                    && Bytes.getU32(v, FlowValue.SVC_ID_OFFSET) == svcId);
    pruneAffinity(a -> a.backendId() == backendId);
    return n;
  }

  /**
   * Deletes the flows and affinity entries of retired backends and services with one scan of each
   * map; returns flows removed.
   */
  int flushRetired(List<ServiceTable.Retired> gone) {
    Set<Integer> services = new HashSet<>();
    Set<Long> pairs = new HashSet<>();
    for (ServiceTable.Retired r : gone) {
      if (r.backendId() == ServiceTable.Retired.WHOLE_SERVICE) {
        services.add(r.svcId());
      } else {
        pairs.add(pair(r.svcId(), r.backendId()));
      }
    }
    int n =
        flush(
            v -> {
              int svc = Bytes.getU32(v, FlowValue.SVC_ID_OFFSET);
              return services.contains(svc)
                  || pairs.contains(pair(svc, Bytes.getU32(v, FlowValue.BACKEND_ID_OFFSET)));
            });
    List<byte[]> doomed = new ArrayList<>();
    affinity.forEach(
        (k, v) -> {
          int svc = AffinityKey.decode(k).svcId();
          if (services.contains(svc)
              || pairs.contains(pair(svc, AffinityValue.decode(v).backendId()))) {
            doomed.add(k);
          }
          return true;
        });
    doomed.forEach(affinity::delete);
    return n;
  }

  private static long pair(int svcId, int backendId) {
    return ((long) svcId << 32) | (backendId & 0xffffffffL);
  }

  int flushService(int svcId) {
    int n = flush(v -> Bytes.getU32(v, FlowValue.SVC_ID_OFFSET) == svcId);
    List<byte[]> doomed = new ArrayList<>();
    affinity.forEach(
        (k, v) -> {
          if (AffinityKey.decode(k).svcId() == svcId) {
            doomed.add(k);
          }
          return true;
        });
    doomed.forEach(affinity::delete);
    return n;
  }

  private void pruneAffinity(Predicate<AffinityValue> matches) {
    List<byte[]> doomed = new ArrayList<>();
    affinity.forEach(
        (k, v) -> {
          if (matches.test(AffinityValue.decode(v))) {
            doomed.add(k);
          }
          return true;
        });
    doomed.forEach(affinity::delete);
  }
}
