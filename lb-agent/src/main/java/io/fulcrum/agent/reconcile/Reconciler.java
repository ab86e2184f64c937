package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.agent.state.DesiredState;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DatapathException;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the data plane. Compares the desired state with what is programmed and calls
 * {@link Datapath#apply} / {@link Datapath#remove} only for what differs. {@link #resync()} reads
 * {@link Datapath#programmed()} (at start: the state adopted from the pinned maps, so a restarted
 * agent re-applies nothing that is already right); {@link #reconcile(Set)} handles the keys the
 * store reported as changed, against the view kept since the last resync.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int ENOSPC = 28;
  private static final int E2BIG = 7;

  /** Above this many changes in one pass, individual lines go to DEBUG and a summary to INFO. */
  private static final int DETAIL_LIMIT = 20;

  /** From this many new services in one pass on, the data plane is told ahead (prepare). */
  private static final int PREPARE_MIN = 64;

  /** Receives the outcome of every pass (metrics). */
  public interface Observer {
    void reconciled(ReconcileReport report);
  }

  private final Datapath datapath;
  private final DesiredStateStore store;
  private final LongSupplier nanos;
  private final Observer observer;
  private final Map<ServiceKey, ServiceSpec> programmed = new HashMap<>();
  private final Set<ServiceKey> failed = new HashSet<>();
  private final Map<ServiceKey, String> names = new HashMap<>();

  public Reconciler(
      Datapath datapath, DesiredStateStore store, LongSupplier nanos, Observer observer) {
    this.datapath = datapath;
    this.store = store;
    this.nanos = nanos;
    this.observer = observer;
  }

  /** Re-reads what the data plane holds and converges all of it to the desired state. */
  public synchronized ReconcileReport resync() {
    long t0 = nanos.getAsLong();
    programmed.clear();
    programmed.putAll(datapath.programmed());
    DesiredState desired = store.snapshot();
    Set<ServiceKey> keys = new HashSet<>(programmed.keySet());
    keys.addAll(desired.services().keySet());
    return pass(keys, desired.services()::get, t0);
  }

  /** Converges the given keys (those the store reported) and any earlier failures. */
  public synchronized ReconcileReport reconcile(Set<ServiceKey> keys) {
    long t0 = nanos.getAsLong();
    Set<ServiceKey> all = keys;
    if (!failed.isEmpty()) {
      all = new HashSet<>(keys);
      all.addAll(failed);
    }
    return pass(all, store::spec, t0);
  }

  /** The view of the programmed state this reconciler keeps (a copy). */
  public synchronized Map<ServiceKey, ServiceSpec> programmedView() {
    return Map.copyOf(programmed);
  }

  private interface Lookup {
    ServiceSpec get(ServiceKey key);
  }

  private ReconcileReport pass(Set<ServiceKey> keys, Lookup desired, long t0) {
    int added = 0;
    int changed = 0;
    int removed = 0;
    int failures = 0;
    boolean detail = keys.size() <= DETAIL_LIMIT;
    ServiceKey[] order = keys.toArray(new ServiceKey[0]);
    ServiceSpec[] wants = new ServiceSpec[order.length];
    List<ServiceSpec> fresh = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      wants[i] = desired.get(order[i]);
      if (wants[i] != null && !programmed.containsKey(order[i])) {
        fresh.add(wants[i]);
      }
    }
    // many new services (a full load): the data plane may build their tables ahead, in parallel
    boolean prepared = fresh.size() >= PREPARE_MIN;
    if (prepared) {
      hint(fresh);
    }
    try {
      for (int i = 0; i < order.length; i++) {
        ServiceKey key = order[i];
        ServiceSpec want = wants[i];
        ServiceSpec have = programmed.get(key);
        try {
          if (want == null) {
            if (have != null) {
              datapath.remove(key);
              programmed.remove(key);
              removed++;
              String name = names.remove(key);
              if (detail || LOG.isDebugEnabled()) {
                event(
                    detail,
                    "service removed: {} {}",
                    name == null ? "(adopted)" : name,
                    Addresses.text(key));
              }
            }
          } else if (have == null) {
            datapath.apply(want);
            programmed.put(key, want);
            String name = store.name(key);
            names.put(key, name);
            added++;
            if (detail || LOG.isDebugEnabled()) {
              event(
                  detail,
                  "service added: {} {} ({} backends, {})",
                  name,
                  Addresses.text(key),
                  want.backends().size(),
                  want.mode());
            }
          } else if (!Specs.same(want, have)) {
            boolean say = detail || LOG.isDebugEnabled();
            List<String> what = say ? Specs.describe(have, want) : List.of();
            datapath.apply(want);
            programmed.put(key, want);
            String name = store.name(key);
            names.put(key, name);
            changed++;
            if (say && what.isEmpty()) {
              event(detail, "service changed: {} {}", name, Addresses.text(key));
            }
            for (String w : what) {
              event(detail, "service changed: {} {}: {}", name, Addresses.text(key), w);
            }
          }
          failed.remove(key);
        } catch (DatapathException e) {
          failures++;
          failed.add(key);
          if (e.errno() == ENOSPC
              || e.errno() == E2BIG
              || String.valueOf(e.getMessage()).contains("full")) {
            LOG.error(
                "map full: cannot program {} {}: {}",
                store.name(key),
                Addresses.text(key),
                e.getMessage());
          } else {
            LOG.error(
                "cannot program {} {}: {}", store.name(key), Addresses.text(key), e.getMessage());
          }
        }
      }
    } finally {
      if (prepared) {
        hint(List.of());
      }
    }
    ReconcileReport r =
        new ReconcileReport(added, changed, removed, failures, nanos.getAsLong() - t0);
    if (!detail && !r.idle()) {
      LOG.info(
          "reconciled {} services: {} added, {} changed, {} removed, {} failed in {} ms",
          keys.size(),
          added,
          changed,
          removed,
          failures,
          r.nanos() / 1_000_000);
    }
    observer.reconciled(r);
    return r;
  }

  /** Passes the prepare hint on; a hint that fails changes nothing (apply reports problems). */
  private void hint(List<ServiceSpec> specs) {
    try {
      datapath.prepare(specs);
    } catch (RuntimeException e) {
      LOG.debug("prepare hint ignored: {}", e.toString());
    }
  }

  private static void event(boolean info, String format, Object... args) {
    if (info) {
      LOG.info(format, args);
    } else {
      LOG.debug(format, args);
    }
  }
}
