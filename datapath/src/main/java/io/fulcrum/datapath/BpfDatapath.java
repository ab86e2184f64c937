package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.abi.ConfigValue;
import io.fulcrum.datapath.abi.CountersValue;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.BpfMap;
import io.fulcrum.datapath.bpf.BpfObject;
import io.fulcrum.datapath.bpf.MapFullException;
import io.fulcrum.datapath.bpf.MapNames;
import io.fulcrum.datapath.bpf.NativeLib;
import io.fulcrum.datapath.bpf.TestRunResult;
import io.fulcrum.datapath.ring.RingPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Datapath} over the XDP program: loads {@code fulcrum.bpf.o} with its maps pinned under
 * {@link DatapathConfig#pinRoot()} (reusing them when already pinned: a restarted agent adopts the
 * running data plane, its flows and its services), attaches XDP through pinned links, and programs
 * services. {@link #close()} releases this process's handles and leaves the data plane forwarding;
 * {@link #destroy()} removes everything Fulcrum attached and pinned.
 */
public final class BpfDatapath implements Datapath {
  private static final Logger LOG = LoggerFactory.getLogger(BpfDatapath.class);

  private final DatapathConfig config;
  private final BpfObject object;
  private final int progFd;
  private final Map<String, BpfMap> maps = new LinkedHashMap<>();
  private final MetaMaps meta;
  private final Conntrack conntrack;
  private final ServiceTable table;
  private final XdpLinks links;
  private final AtomicLong capacityErrors = new AtomicLong();
  // deletes the tracked flows of removed backends and services off the reconciler's path
  private final Object sweepLock = new Object();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fulcrum-ct-sweep");
            t.setDaemon(true);
            return t;
          });
  private boolean closed;

  private BpfDatapath(DatapathConfig config, BpfObject object) {
    this.config = config;
    this.object = object;
    this.progFd = object.programFd(MapNames.PROGRAM);
    for (String name : MapNames.DATA_PLANE) {
      maps.put(name, object.map(name));
    }
    this.meta = MetaMaps.openOrCreate(config.pinRoot(), config.maxServices(), config.maxBackends());
    this.conntrack = new Conntrack(maps.get(MapNames.FLOWS), maps.get(MapNames.AFFINITY));
    this.table =
        new ServiceTable(
            maps.get(MapNames.SERVICES),
            maps.get(MapNames.BACKENDS),
            maps.get(MapNames.RING_POOL),
            maps.get(MapNames.SVC_STATS),
            maps.get(MapNames.BACKEND_STATS),
            meta,
            conntrack);
    this.links = new XdpLinks(config.pinRoot(), config.netns());
  }

  /**
   * Loads the data plane (adopting pinned maps), writes the global settings, rebuilds the
   * programmed services from the maps, and attaches XDP to the configured interfaces.
   */
  public static BpfDatapath open(DatapathConfig config) {
    Path object = config.objectFile() != null ? config.objectFile() : NativeLib.bpfObject();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put(MapNames.SERVICES, config.maxServices());
    sizes.put(MapNames.SVC_STATS, config.maxServices());
    sizes.put(MapNames.BACKENDS, config.maxBackends());
    sizes.put(MapNames.BACKEND_STATS, config.maxBackends());
    sizes.put(MapNames.RING_POOL, config.ringPoolSize());
    sizes.put(MapNames.FLOWS, (int) Math.min(Integer.MAX_VALUE, 2L * config.maxFlows()));
    sizes.put(MapNames.AFFINITY, config.maxAffinity());
    sizes.put(MapNames.L2, config.maxL2Vips());
    boolean adopting = Files.exists(config.pinRoot().resolve(MapNames.SERVICES));
    boolean countersFresh =
        !Files.exists(config.pinRoot().resolve(MapNames.SVC_STATS))
            && !Files.exists(config.pinRoot().resolve(MapNames.BACKEND_STATS));
    BpfObject obj = BpfObject.load(object, config.pinRoot(), sizes);
    BpfDatapath dp;
    try {
      dp = new BpfDatapath(config, obj);
      dp.writeConfig();
      if (countersFresh && !adopting) {
        dp.table.countersCreatedZero(); // no id's counters need zeroing before its first use
      }
      if (adopting) {
        dp.table.adopt();
        LOG.info(
            "adopted the pinned data plane at {}: {} services",
            config.pinRoot(),
            dp.table.programmed().size());
      }
    } catch (RuntimeException e) {
      obj.close();
      throw e;
    }
    try {
      for (String ifname : config.interfaces()) {
        dp.attach(ifname);
      }
    } catch (RuntimeException e) {
      dp.close();
      throw e;
    }
    dp.sweeper.scheduleWithFixedDelay(
        dp::sweepQuietly, SWEEP_EVERY_MS, SWEEP_EVERY_MS, TimeUnit.MILLISECONDS);
    return dp;
  }

  /**
   * How often, and how long after a removal at the earliest, the flows of removed backends and
   * services are swept (after the ring pool's 50 ms rest, so that no packet still reading a
   * replaced table can add a flow behind the sweep).
   */
  private static final long SWEEP_EVERY_MS = 100;

  private void sweepQuietly() {
    try {
      sweepRetired(SWEEP_EVERY_MS * 1_000_000L);
    } catch (RuntimeException e) {
      LOG.warn("sweeping the flows of removed backends failed (retried): {}", e.toString());
    }
  }

  /**
   * Deletes the tracked flows of backends and services removed at least {@code minAgeNanos} ago,
   * then releases their ids; returns the flows deleted. Runs every {@value #SWEEP_EVERY_MS} ms on
   * its own thread; tests call it to wait for a removal's flows to go.
   */
  public int sweepRetired(long minAgeNanos) {
    synchronized (sweepLock) {
      List<ServiceTable.Retired> batch;
      synchronized (this) {
        if (closed) {
          return 0;
        }
        batch = table.takeRetired(minAgeNanos);
      }
      if (batch.isEmpty()) {
        return 0;
      }
      int n = conntrack.flushRetired(batch);
      synchronized (this) {
        if (!closed) {
          table.freeRetired(batch);
        }
      }
      return n;
    }
  }

  private void writeConfig() {
    DatapathConfig.Timeouts t = config.timeouts();
    ConfigValue v =
        new ConfigValue(
            config.snatV4(),
            config.snatV6(),
            config.snatPortMin(),
            config.snatPortMax(),
            (int) t.tcpSyn().toSeconds(),
            (int) t.tcpEstablished().toSeconds(),
            (int) t.tcpClosing().toSeconds(),
            (int) t.udp().toSeconds(),
            (int) t.sctp().toSeconds(),
            (int) t.icmp().toSeconds(),
            0);
    maps.get(MapNames.CONFIG).update(Bytes.u32Key(0), v.encode(), BpfMap.BPF_ANY);
  }

  public DatapathConfig config() {
    return config;
  }

  /** Attaches XDP to one interface (or adopts its pinned link); returns the mode used. */
  public synchronized String attach(String ifname) {
    return links.attach(ifname, progFd, config.xdpMode());
  }

  /** Detaches XDP from one interface. */
  public synchronized void detach(String ifname) {
    links.detach(ifname);
  }

  /** Detaches XDP from every interface Fulcrum attached it to; the maps stay pinned. */
  public synchronized List<String> detachAll() {
    return links.detachAll();
  }

  /** Detaches everything and removes every pin: the data plane is gone. Closes this instance. */
  public void destroy() {
    synchronized (this) {
      detachAll();
    }
    close();
    for (String name : MapNames.DATA_PLANE) {
      Bpf.unpin(config.pinRoot().resolve(name).toString());
    }
    Bpf.unpin(config.pinRoot().resolve(MapNames.META_SERVICES).toString());
    Bpf.unpin(config.pinRoot().resolve(MapNames.META_BACKENDS).toString());
    try {
      Files.deleteIfExists(config.pinRoot());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", config.pinRoot(), e.getMessage());
    }
  }

  @Override
  public synchronized void apply(ServiceSpec spec) {
    open();
    try {
      table.apply(spec);
    } catch (MapFullException | RingPool.PoolFullException e) {
      capacityErrors.incrementAndGet();
      throw e instanceof DatapathException d ? d : new DatapathException(e.getMessage(), 28);
    } catch (DatapathException e) {
      if (e.errno() == Bpf.ENOSPC) {
        capacityErrors.incrementAndGet();
      }
      throw e;
    }
  }

  /** Builds the Maglev tables of these new services ahead, on a second thread. */
  @Override
  public synchronized void prepare(List<ServiceSpec> specs) {
    open();
    if (specs.isEmpty()) {
      table.prebuilder.cancel();
    } else {
      table.prebuilder.start(specs);
    }
  }

  @Override
  public synchronized void remove(ServiceKey key) {
    open();
    table.remove(key);
  }

  @Override
  public synchronized Map<ServiceKey, ServiceSpec> programmed() {
    Map<ServiceKey, ServiceSpec> out = new LinkedHashMap<>();
    table.programmed().forEach((k, p) -> out.put(k, p.spec()));
    return out;
  }

  @Override
  public synchronized Counters serviceCounters(ServiceKey key) {
    open();
    return counters(table.serviceCounters(key));
  }

  @Override
  public synchronized Map<InetSocketAddress, Counters> backendCounters(ServiceKey key) {
    open();
    Map<InetSocketAddress, Counters> out = new LinkedHashMap<>();
    table.backendCounters(key).forEach((a, c) -> out.put(a, counters(c)));
    return out;
  }

  private static Counters counters(CountersValue c) {
    return new Counters(c.packets(), c.bytes(), c.newFlows());
  }

  @Override
  public synchronized Map<DropReason, Long> drops() {
    open();
    BpfMap drops = maps.get(MapNames.DROPS);
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    int stride = (drops.valueSize() + 7) & ~7;
    for (DropReason r : DropReason.values()) {
      byte[] raw = drops.lookup(Bytes.u32Key(r.code()));
      long sum = 0;
      for (int off = 0; raw != null && off + 8 <= raw.length; off += stride) {
        sum += Bytes.getU64(raw, off);
      }
      out.put(r, sum);
    }
    return out;
  }

  @Override
  public synchronized long flowCount() {
    open();
    return conntrack.count();
  }

  /** Every conntrack entry (both directions). */
  public synchronized List<FlowEntry> flows() {
    open();
    List<FlowEntry> out = new ArrayList<>();
    for (Conntrack.Entry e : conntrack.dump()) {
      out.add(new FlowEntry(e.key(), e.value()));
    }
    return out;
  }

  @Override
  public synchronized int flushFlows(ServiceKey key, InetSocketAddress backend) {
    open();
    ServiceTable.Programmed p = table.programmed().get(key);
    if (p == null) {
      return 0;
    }
    Integer id = p.ids().get(backend);
    return id == null ? 0 : conntrack.flushBackend(p.svcId(), id);
  }

  @Override
  public synchronized List<MapUsage> mapUsage() {
    open();
    List<MapUsage> out = new ArrayList<>();
    BpfMap svc = maps.get(MapNames.SERVICES);
    out.add(new MapUsage(MapNames.SERVICES, svc.count(), svc.maxEntries()));
    out.add(
        new MapUsage(
            MapNames.BACKENDS, table.backendIds.used(), maps.get(MapNames.BACKENDS).maxEntries()));
    out.add(new MapUsage(MapNames.RING_POOL, table.ringPool.used(), table.ringPool.capacity()));
    BpfMap flows = maps.get(MapNames.FLOWS);
    out.add(new MapUsage(MapNames.FLOWS, flows.count(), flows.maxEntries()));
    BpfMap aff = maps.get(MapNames.AFFINITY);
    out.add(new MapUsage(MapNames.AFFINITY, aff.count(), aff.maxEntries()));
    BpfMap l2 = maps.get(MapNames.L2);
    out.add(new MapUsage(MapNames.L2, l2.count(), l2.maxEntries()));
    return out;
  }

  @Override
  public synchronized void grantL2(java.net.InetAddress vip, long expiresAtNanos, byte[] mac) {
    open();
    byte[] m = mac == null ? new byte[6] : mac;
    try {
      maps.get(MapNames.L2)
          .update(
              new io.fulcrum.datapath.abi.L2Key(vip).encode(),
              new io.fulcrum.datapath.abi.L2Value(expiresAtNanos, m).encode(),
              BpfMap.BPF_ANY);
    } catch (MapFullException e) {
      capacityErrors.incrementAndGet();
      throw e;
    }
  }

  @Override
  public synchronized void revokeL2(java.net.InetAddress vip) {
    open();
    maps.get(MapNames.L2).delete(new io.fulcrum.datapath.abi.L2Key(vip).encode());
  }

  /** Service changes refused because a map or the ring pool was full. */
  @Override
  public long capacityErrors() {
    return capacityErrors.get();
  }

  /** A map of the data plane by name (tests, tools). */
  public synchronized BpfMap map(String name) {
    open();
    BpfMap m = maps.get(name);
    if (m == null) {
      throw new DatapathException("no map " + name);
    }
    return m;
  }

  /** Runs the program once on a packet (BPF_PROG_TEST_RUN) as if received on ifindex. */
  public TestRunResult runTest(byte[] packet, int ifindex) {
    return runTest(packet, ifindex, config.netns(), 1);
  }

  /**
   * Runs the program on a packet, {@code repeat} times; ifindex (0: none) is looked up in the named
   * namespace netns (null: this process's), where FIB lookups then happen.
   */
  public TestRunResult runTest(byte[] packet, int ifindex, String netns, int repeat) {
    synchronized (this) {
      open();
    }
    return Bpf.testRun(progFd, packet, ifindex, netns, repeat, 0);
  }

  private void open() {
    if (closed) {
      throw new DatapathException("data path closed");
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    // a sweep in progress finishes first (it uses the maps' descriptors without the lock)
    synchronized (sweepLock) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        table.close();
        meta.close();
        object.close();
      }
    }
  }
}
