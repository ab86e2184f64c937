package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Abi;
import io.fulcrum.datapath.abi.BackendValue;
import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.abi.CountersValue;
import io.fulcrum.datapath.abi.SvcKey;
import io.fulcrum.datapath.abi.SvcValue;
import io.fulcrum.datapath.bpf.BpfMap;
import io.fulcrum.datapath.maglev.Maglev;
import io.fulcrum.datapath.ring.RingPool;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Services as written to the maps: ids, backends, Maglev slices, VIP entries. Every change follows
 * the same order so a packet never sees a half-made service: backends first, then the new Maglev
 * slice, then one update of the service value, then clean-up of what is no longer referenced.
 */
final class ServiceTable {
  /**
   * What is programmed for one service. {@code base} is the Maglev base table the next change
   * starts from (see {@link Maglev}); null after a restart until the next change reads the pinned
   * table back.
   */
  record Programmed(
      ServiceSpec spec,
      int svcId,
      RingPool.Slice slice,
      Map<InetSocketAddress, Integer> ids,
      int[] base,
      int tableSize) {}

  private final BpfMap services;
  private final BpfMap backends;
  private final BpfMap svcStats;
  private final BpfMap backendStats;
  private final MetaMaps meta;
  private final Conntrack conntrack;
  final IdAllocator svcIds;
  final IdAllocator backendIds;
  final RingPool ringPool;
  private final RingStore rings;
  final TablePrebuilder prebuilder = new TablePrebuilder();
  private final Map<ServiceKey, Programmed> programmed = new LinkedHashMap<>();
  // service and backend ids from these on have zero counters (never used since the counter maps
  // were created by this process); until known, every id's counters are zeroed before use
  private int svcZeroFrom = Integer.MAX_VALUE;
  private int backendZeroFrom = Integer.MAX_VALUE;
  // backends and services removed whose tracked flows the sweeper has not deleted yet
  private final List<Retired> retired = new ArrayList<>();

  /**
   * A removed backend ({@code backendId} of {@code svcId}) or a removed service ({@code backendId}
   * {@link #WHOLE_SERVICE}) whose flows are still to be swept; its id is reserved until then.
   */
  record Retired(int svcId, int backendId, long atNanos) {
    static final int WHOLE_SERVICE = -1;
  }

  ServiceTable(
      BpfMap services,
      BpfMap backends,
      BpfMap ring,
      BpfMap svcStats,
      BpfMap backendStats,
      MetaMaps meta,
      Conntrack conntrack) {
    this.services = services;
    this.backends = backends;
    this.svcStats = svcStats;
    this.backendStats = backendStats;
    this.meta = meta;
    this.conntrack = conntrack;
    this.svcIds = new IdAllocator(Math.min(services.maxEntries(), svcStats.maxEntries()));
    this.backendIds = new IdAllocator(Math.min(backends.maxEntries(), backendStats.maxEntries()));
    this.rings = new RingStore(ring);
    this.ringPool = rings.pool();
  }

  /** The counter maps were just created: every id's counters are zero until it is used. */
  void countersCreatedZero() {
    svcZeroFrom = 0;
    backendZeroFrom = 0;
  }

  /** Unmaps the ring pool's values (the map itself stays pinned). */
  void close() {
    prebuilder.close();
    rings.close();
  }

  Map<ServiceKey, Programmed> programmed() {
    return programmed;
  }

  static SvcKey svcKey(ServiceKey k) {
    return new SvcKey(k.vip(), k.port(), k.protocol().number());
  }

  static SvcKey vipKey(InetAddress vip) {
    return new SvcKey(vip, 0, vip instanceof Inet4Address ? 1 : 58);
  }

  private static void validate(ServiceSpec spec) {
    boolean v4 = spec.key().vip() instanceof Inet4Address;
    for (Backend b : spec.backends()) {
      if ((b.address() instanceof Inet4Address) != v4) {
        throw new DatapathException(
            spec.key() + ": backend " + b.address().getHostAddress() + " is of another family");
      }
      if (spec.key().protocol() == Protocol.SCTP && b.port() != spec.key().port()) {
        throw new DatapathException(
            spec.key()
                + ": SCTP backends must use the service port (backend port "
                + b.port()
                + ")");
      }
    }
    long distinct =
        spec.backends().stream()
            .map(b -> new InetSocketAddress(b.address(), b.port()))
            .distinct()
            .count();
    if (distinct != spec.backends().size()) {
      throw new DatapathException(spec.key() + ": the same backend is listed twice");
    }
    if (spec.maglevTableSize() > 0 && !Maglev.isPrime(spec.maglevTableSize())) {
      throw new DatapathException(
          spec.key() + ": Maglev table size must be prime, was " + spec.maglevTableSize());
    }
  }

  void apply(ServiceSpec spec) {
    validate(spec);
    Programmed old = programmed.get(spec.key());
    // capacity first: nothing is written unless everything fits
    Map<InetSocketAddress, Integer> oldIds = old == null ? Map.of() : old.ids();
    int needed = 0;
    for (Backend b : spec.backends()) {
      if (!oldIds.containsKey(new InetSocketAddress(b.address(), b.port()))) {
        needed++;
      }
    }
    if (needed > backendIds.free()) {
      throw new DatapathException(
          spec.key()
              + ": backend table full ("
              + needed
              + " new backends, "
              + backendIds.free()
              + " free of "
              + backendIds.capacity()
              + ")",
          io.fulcrum.datapath.bpf.Bpf.ENOSPC);
    }
    boolean newService = old == null;
    int svcId = newService ? svcIds.allocate() : old.svcId();
    if (svcId < 0) {
      throw new DatapathException(
          spec.key() + ": service table full (" + svcIds.capacity() + " services)",
          io.fulcrum.datapath.bpf.Bpf.ENOSPC);
    }
    List<Integer> fresh = new ArrayList<>();
    Map<InetSocketAddress, Integer> ids = new LinkedHashMap<>();
    try {
      if (newService && svcId >= svcZeroFrom) {
        svcZeroFrom = Math.max(svcZeroFrom, svcId + 1);
      } else if (newService) {
        MapWrites.zero(svcStats, List.of(svcId));
      }
      Map<InetSocketAddress, Integer> oldFlags = new HashMap<>();
      if (old != null) {
        for (Backend b : old.spec().backends()) {
          oldFlags.put(new InetSocketAddress(b.address(), b.port()), backendFlags(b));
        }
      }
      // one batched write per map for all of the service's backends (a full load of 10,000
      // services x 10 backends is otherwise 300,000 system calls)
      List<Backend> all = spec.backends();
      int[] metaIds = new int[all.size()];
      MetaMaps.BackendMeta[] metas = new MetaMaps.BackendMeta[all.size()];
      List<Integer> writeIds = new ArrayList<>();
      List<byte[]> writeValues = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        Backend b = all.get(i);
        InetSocketAddress at = new InetSocketAddress(b.address(), b.port());
        Integer id = oldIds.get(at);
        boolean isNew = id == null;
        if (isNew) {
          id = backendIds.allocate();
          fresh.add(id);
        }
        // before the table: a backend leaving rotation stops taking reopened flows at once
        int flags = backendFlags(b);
        if (isNew || !Integer.valueOf(flags).equals(oldFlags.get(at))) {
          writeIds.add(id);
          writeValues.add(new BackendValue(b.address(), b.port(), flags).encode());
        }
        ids.put(at, id);
        metaIds[i] = id;
        metas[i] = new MetaMaps.BackendMeta(svcId, b.weight(), b.state());
      }
      List<Integer> used = new ArrayList<>(fresh.size());
      for (int id : fresh) {
        if (id < backendZeroFrom) {
          used.add(id);
        }
      }
      for (int id : fresh) {
        backendZeroFrom = Math.max(backendZeroFrom, id + 1);
      }
      MapWrites.zero(backendStats, used);
      MapWrites.put(backends, writeIds, writeValues);
      meta.putBackends(metaIds, metas);
      Maglev.Tables tables = old == null ? prebuilder.take(spec) : null;
      if (tables != null) {
        tables = TablePrebuilder.relabel(tables, metaIds);
      } else {
        int[] previous = old == null ? null : previousBase(old);
        int size =
            Maglev.tableSize(
                spec.maglevTableSize(),
                TablePrebuilder.members(spec),
                previous == null ? 0 : previous.length);
        tables = Maglev.build(TablePrebuilder.entries(spec, metaIds), size, previous);
      }
      int[] table = tables.table();
      int flags =
          (spec.mode() == NatMode.DNAT ? Abi.SVC_F_DNAT_ONLY : 0)
              | (spec.affinityTimeout().isZero() ? 0 : Abi.SVC_F_AFFINITY)
              | (spec.dropWhenNoBackend() ? Abi.SVC_F_DOWN_DROP : 0);
      int affinity = (int) Math.min(Integer.MAX_VALUE, spec.affinityTimeout().toSeconds());
      byte[] key = svcKey(spec.key()).encode();
      RingPool.Slice oldSlice = old == null ? null : old.slice();
      RingPool.Slice slice;
      // the base table rides behind the table in the same slice when they differ (a backend out
      // of rotation), so that a restarted agent starts from it; the flag says so only once written
      int[] base = tables.base();
      boolean withBase = table.length > 0 && !java.util.Arrays.equals(base, table);
      meta.putService(svcId, spec.maglevTableSize(), false);
      if (table.length == 0) {
        services.update(key, new SvcValue(svcId, flags, 0, 0, affinity).encode(), BpfMap.BPF_ANY);
        if (oldSlice != null) {
          ringPool.free(oldSlice);
        }
        slice = null;
      } else {
        slice =
            ringPool.swap(
                oldSlice,
                withBase ? 2 * table.length : table.length,
                s -> {
                  rings.write(s.offset(), table);
                  if (withBase) {
                    rings.write(s.offset() + table.length, base);
                  }
                },
                s ->
                    services.update(
                        key,
                        new SvcValue(svcId, flags, s.offset(), table.length, affinity).encode(),
                        BpfMap.BPF_ANY));
        if (withBase) {
          meta.putService(svcId, spec.maglevTableSize(), true);
        }
      }
      if (newService) {
        addVip(spec.key(), svcId);
      }
      // backends that left the service: flows flushed, slot cleared, id freed
      for (Map.Entry<InetSocketAddress, Integer> e : oldIds.entrySet()) {
        if (!ids.containsKey(e.getKey())) {
          releaseBackend(svcId, e.getValue());
        }
      }
      // with the ring mapped, the base is read back from the slice when the next change needs it
      // (exactly: it is the table itself, or stored behind it); 10,000 bases kept in memory as
      // well would hold some 45 MB of heap
      int[] keep = slice != null && rings.mapped() ? null : base;
      programmed.put(spec.key(), new Programmed(spec, svcId, slice, ids, keep, table.length));
    } catch (RuntimeException e) {
      for (int id : fresh) {
        quietRelease(id);
      }
      if (newService) {
        services.delete(svcKey(spec.key()).encode());
        meta.deleteService(svcId);
        svcIds.free(svcId);
      }
      throw e;
    }
  }

  /** The data plane's flags of a backend: in use, and whether it takes new flows. */
  static int backendFlags(Backend b) {
    return Abi.BE_F_IN_USE | (b.takesNewFlows() ? 0 : Abi.BE_F_NO_NEW);
  }

  void remove(ServiceKey key) {
    Programmed p = programmed.remove(key);
    if (p == null) {
      return;
    }
    services.delete(svcKey(key).encode());
    removeVip(key);
    if (p.slice() != null) {
      ringPool.free(p.slice());
    }
    for (int id : p.ids().values()) {
      releaseBackend(p.svcId(), id);
    }
    meta.deleteService(p.svcId());
    retired.add(new Retired(p.svcId(), Retired.WHOLE_SERVICE, nanos()));
  }

  /**
   * A backend leaves its service: its slot is emptied now, but its id stays out of use until the
   * sweeper has deleted its tracked flows (a full conntrack scan, too slow for the reconciler's
   * path), so that no leftover flow is counted against a backend that later reuses the id.
   */
  private void releaseBackend(int svcId, int id) {
    backends.update(Bytes.u32Key(id), BackendValue.EMPTY.encode(), BpfMap.BPF_ANY);
    meta.deleteBackend(id);
    retired.add(new Retired(svcId, id, nanos()));
  }

  /** Takes the retirements older than {@code minAgeNanos} (their ids stay reserved). */
  List<Retired> takeRetired(long minAgeNanos) {
    long now = nanos();
    List<Retired> out = new ArrayList<>();
    retired.removeIf(
        r -> {
          if (now - r.atNanos() >= minAgeNanos) {
            out.add(r);
            return true;
          }
          return false;
        });
    return out;
  }

  /** Frees the ids of retirements whose flows have been swept. */
  void freeRetired(List<Retired> swept) {
    for (Retired r : swept) {
      if (r.backendId() == Retired.WHOLE_SERVICE) {
        svcIds.free(r.svcId());
      } else {
        backendIds.free(r.backendId());
      }
    }
  }

  private static long nanos() {
    return System.nanoTime();
  }

  private void quietRelease(int id) {
    backends.update(Bytes.u32Key(id), BackendValue.EMPTY.encode(), BpfMap.BPF_ANY);
    meta.deleteBackend(id);
    backendIds.free(id);
  }

  /**
   * The base table a change of this service starts from: the one kept in memory, or after a restart
   * the table read back from the pinned ring (exact unless some backend was out of rotation: then
   * its slots are recomputed, see docs/dataplane.md). Null when there is none.
   */
  private int[] previousBase(Programmed old) {
    if (old.base() != null) {
      return old.base().length == 0 ? null : old.base();
    }
    if (old.slice() == null) {
      return null;
    }
    int m = old.tableSize();
    // the base behind the table when it was stored, else the table itself
    int from = old.slice().offset() + (old.slice().size() == 2 * m ? m : 0);
    return rings.read(from, m);
  }

  // ---- VIP entries: one per VIP that has at least one service ----

  private void addVip(ServiceKey key, int svcId) {
    services.insert(vipKey(key.vip()).encode(), new SvcValue(svcId, 0, 0, 0, 0).encode());
  }

  private void removeVip(ServiceKey key) {
    byte[] vk = vipKey(key.vip()).encode();
    for (Map.Entry<ServiceKey, Programmed> e : programmed.entrySet()) {
      if (e.getKey().vip().equals(key.vip())) {
        services.update(vk, new SvcValue(e.getValue().svcId(), 0, 0, 0, 0).encode(), 0);
        return;
      }
    }
    services.delete(vk);
  }

  // ---- adoption after a restart ----

  /** Rebuilds the programmed state from the pinned maps. */
  void adopt() {
    Map<Integer, List<Map.Entry<Integer, MetaMaps.BackendMeta>>> bySvc = new HashMap<>();
    meta.forEachBackend(
        (id, m) -> bySvc.computeIfAbsent(m.svcId(), x -> new ArrayList<>()).add(Map.entry(id, m)));
    services.forEach(
        (k, v) -> {
          SvcKey sk = SvcKey.decode(k);
          SvcValue sv = SvcValue.decode(v);
          Protocol proto = protocolOf(sk.proto());
          if (sk.port() == 0 || proto == null) {
            return true; // VIP entry
          }
          ServiceKey key = new ServiceKey(sk.vip(), sk.port(), proto);
          svcIds.reserve(sv.id());
          RingPool.Slice slice = null;
          if (sv.ringSize() > 0) {
            slice = rings.adopt(sv.ringOffset(), sv.ringSize(), meta.baseStored(sv.id()));
          }
          Map<InetSocketAddress, Integer> ids = new LinkedHashMap<>();
          List<Backend> list = new ArrayList<>();
          TreeMap<Integer, MetaMaps.BackendMeta> mine = new TreeMap<>();
          for (var e : bySvc.getOrDefault(sv.id(), List.of())) {
            mine.put(e.getKey(), e.getValue());
          }
          for (var e : mine.entrySet()) {
            byte[] raw = backends.lookup(Bytes.u32Key(e.getKey()));
            BackendValue bv = raw == null ? null : BackendValue.decode(raw);
            if (bv == null || bv.addr() == null) {
              continue;
            }
            backendIds.reserve(e.getKey());
            ids.put(new InetSocketAddress(bv.addr(), bv.port()), e.getKey());
            list.add(
                new Backend(bv.addr(), bv.port(), e.getValue().weight(), e.getValue().state()));
          }
          ServiceSpec spec =
              new ServiceSpec(
                  key,
                  (sv.flags() & Abi.SVC_F_DNAT_ONLY) != 0 ? NatMode.DNAT : NatMode.FULL_NAT,
                  meta.requestedSize(sv.id()),
                  (sv.flags() & Abi.SVC_F_AFFINITY) != 0
                      ? Duration.ofSeconds(Integer.toUnsignedLong(sv.affinityTimeoutS()))
                      : Duration.ZERO,
                  (sv.flags() & Abi.SVC_F_DOWN_DROP) != 0,
                  list);
          programmed.put(key, new Programmed(spec, sv.id(), slice, ids, null, sv.ringSize()));
          return true;
        });
  }

  static Protocol protocolOf(int number) {
    for (Protocol p : Protocol.values()) {
      if (p.number() == number) {
        return p;
      }
    }
    return null;
  }

  CountersValue serviceCounters(ServiceKey key) {
    Programmed p = programmed.get(key);
    if (p == null) {
      return CountersValue.ZERO;
    }
    byte[] raw = svcStats.lookup(Bytes.u32Key(p.svcId()));
    return raw == null ? CountersValue.ZERO : CountersValue.sumPerCpu(raw);
  }

  Map<InetSocketAddress, CountersValue> backendCounters(ServiceKey key) {
    Programmed p = programmed.get(key);
    Map<InetSocketAddress, CountersValue> out = new LinkedHashMap<>();
    if (p == null) {
      return out;
    }
    for (var e : p.ids().entrySet()) {
      byte[] raw = backendStats.lookup(Bytes.u32Key(e.getValue()));
      out.put(e.getKey(), raw == null ? CountersValue.ZERO : CountersValue.sumPerCpu(raw));
    }
    return out;
  }
}
