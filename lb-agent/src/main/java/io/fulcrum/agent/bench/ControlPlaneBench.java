package io.fulcrum.agent.bench;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.config.ServiceConfig;
import io.fulcrum.agent.reconcile.ReconcileLoop;
import io.fulcrum.agent.reconcile.ReconcileReport;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.agent.wiring.BpfDatapathFactory;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.datapath.abi.SvcKey;
import io.fulcrum.datapath.abi.SvcValue;
import io.fulcrum.datapath.bpf.BpfMap;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The control-plane half of {@code bench/control-plane.sh}: runs the agent's own store, reconciler
 * loop and BPF data plane in this JVM over the data plane a {@code fulcrum-agent run} left pinned,
 * adopts it (timing the resync), then changes one backend of one service N times, timing each
 * change from the store update until the kernel's service map points at the new Maglev table.
 * Prints {@code FULCRUM key=value} lines for the script.
 */
public final class ControlPlaneBench {
  private static final long POLL_NANOS = 10_000;

  private ControlPlaneBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int changes = Integer.parseInt(args[1]);
    byte[] bytes = Files.readAllBytes(file);
    AgentConfig cfg = ConfigParser.parse(bytes, file.toString());
    BpfDatapath dp = (BpfDatapath) new BpfDatapathFactory().open(cfg.dataplane());
    DesiredStateStore store = new DesiredStateStore();
    List<ReconcileReport> reports = new ArrayList<>();
    Reconciler reconciler = new Reconciler(dp, store, System::nanoTime, reports::add);
    ReconcileLoop loop = new ReconcileLoop(reconciler);
    store.replace("file", cfg.services());
    long t0 = System.nanoTime();
    loop.start(Duration.ofHours(1));
    long adoptNanos = System.nanoTime() - t0;
    store.addListener(loop);
    ReconcileReport first = reports.get(0);
    System.out.printf(
        Locale.ROOT,
        "FULCRUM adopt_ms=%.1f reapplied=%d services=%d%n",
        adoptNanos / 1e6,
        first.added() + first.changed(),
        dp.programmed().size());

    BpfMap services = BpfMap.openPinned("fl_services", cfg.dataplane().pinPath() + "/fl_services");
    long[] lat = new long[changes];
    List<ServiceConfig> all = cfg.services();
    InetAddress spare = InetAddress.getByName("198.19.255.254");
    for (int i = 0; i < changes; i++) {
      ServiceConfig sc = all.get((i * 7919) % all.size());
      ServiceSpec s = sc.spec();
      ServiceKey k = s.key();
      byte[] key = new SvcKey(k.vip(), k.port(), k.protocol().number()).encode();
      int before = SvcValue.decode(services.lookup(key)).ringOffset();
      byte[] value = new byte[services.lookupSize()];
      // change one backend: the last one moves to a spare address, or back
      List<Backend> bs = new ArrayList<>(store.spec(k).backends());
      Backend last = bs.get(bs.size() - 1);
      InetAddress to =
          last.address().equals(spare) ? s.backends().get(bs.size() - 1).address() : spare;
      bs.set(bs.size() - 1, new Backend(to, last.port(), last.weight(), last.state()));
      ServiceSpec next =
          new ServiceSpec(
              k, s.mode(), s.maglevTableSize(), s.affinityTimeout(), s.dropWhenNoBackend(), bs);
      long start = System.nanoTime();
      store.put("file", new ServiceConfig(sc.name(), next));
      // polls without allocating (the measuring adds no garbage, hence no GC, of its own) and
      // parks between lookups instead of spinning, so that on a small machine it does not take a
      // core from the reconciler it measures (resolution: the timer slack, some 60 us)
      while (services.lookupInto(key, value) && SvcValue.ringOffsetOf(value) == before) {
        LockSupport.parkNanos(POLL_NANOS);
        if (System.nanoTime() - start > 10_000_000_000L) {
          throw new IllegalStateException("change " + i + " not reflected in 10 s");
        }
      }
      lat[i] = System.nanoTime() - start;
    }
    Arrays.sort(lat);
    System.out.printf(
        Locale.ROOT,
        "FULCRUM changes=%d change_p50_ms=%.3f change_p99_ms=%.3f change_max_ms=%.3f%n",
        changes,
        lat[changes / 2] / 1e6,
        lat[Math.min(changes - 1, (int) Math.ceil(changes * 0.99) - 1)] / 1e6,
        lat[changes - 1] / 1e6);
    services.close();
    loop.close();
    dp.close();
    System.exit(0);
  }
}
