package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.MapUsage;
import io.fulcrum.datapath.ServiceKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Reconciler} on one thread: store changes are coalesced (keys that change while a
 * pass runs are handled by the next one), and a full resync runs periodically to retry failures and
 * repair drift.
 */
public final class ReconcileLoop implements DesiredStateStore.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
  private final Reconciler reconciler;
  private final ScheduledExecutorService exec =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fulcrum-reconciler");
            t.setDaemon(true);
            return t;
          });
  private final Set<ServiceKey> pending = new HashSet<>();
  private final Supplier<List<MapUsage>> mapUsage;
  private final MapFillWatch fillWatch = new MapFillWatch();
  private boolean scheduled;

  public ReconcileLoop(Reconciler reconciler) {
    this(reconciler, List::of);
  }

  /** With {@code mapUsage}, every resync also logs maps that are (nearly) full. */
  public ReconcileLoop(Reconciler reconciler, Supplier<List<MapUsage>> mapUsage) {
    this.reconciler = reconciler;
    this.mapUsage = mapUsage;
  }

  /** Runs a first full resync now (blocking) and then one every {@code every}. */
  public void start(Duration every) {
    submitAndWait(reconciler::resync);
    long ms = every.toMillis();
    exec.scheduleWithFixedDelay(this::safeResync, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void changed(Set<ServiceKey> keys) {
    synchronized (pending) {
      pending.addAll(keys);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    exec.execute(this::drain);
  }

  /** Waits until every change reported so far has been handled (tests, shutdown). */
  public void awaitIdle() {
    submitAndWait(() -> {});
  }

  private void drain() {
    Set<ServiceKey> batch;
    synchronized (pending) {
      batch = new HashSet<>(pending);
      pending.clear();
      scheduled = false;
    }
    try {
      reconciler.reconcile(batch);
    } catch (RuntimeException e) {
      LOG.error("reconcile failed: {}", e.toString(), e);
    }
  }

  private void safeResync() {
    try {
      reconciler.resync();
      for (String line : fillWatch.check(mapUsage.get())) {
        LOG.warn(line);
      }
    } catch (RuntimeException e) {
      LOG.error("resync failed: {}", e.toString(), e);
    }
  }

  private void submitAndWait(Runnable r) {
    try {
      exec.submit(r).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("reconcile failed", e.getCause());
    }
  }

  @Override
  public void close() {
    exec.shutdown();
    try {
      exec.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
