package io.fulcrum.datapath;

import io.fulcrum.datapath.maglev.Maglev;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Builds the Maglev tables of services about to be added on a second thread, ahead of the thread
 * that writes the maps, so that a full load of thousands of services uses two cores: one building
 * tables, one making system calls. A new service's table does not depend on the backend ids it will
 * get (they are only the values written into the slots; members are ordered by address), so it is
 * built with the backends' positions as ids and relabelled once the ids are known: exactly the
 * table built in place. Never more than {@value #AHEAD} tables wait built (bounded memory). A table
 * not ready when its service is applied is built by the caller as before; nothing ever waits.
 */
final class TablePrebuilder implements AutoCloseable {
  /** Fewer new services than this are built in place (no hand-off). */
  static final int MIN_BATCH = 64;

  private static final int AHEAD = 256;

  private record Job(ServiceSpec spec, CompletableFuture<Maglev.Tables> result) {}

  /** One prepared batch; cancelled by the next one or by {@link #cancel()}. */
  private static final class Batch {
    final Semaphore room = new Semaphore(AHEAD);
    volatile boolean cancelled;
  }

  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fulcrum-maglev");
            t.setDaemon(true);
            return t;
          });
  private final Map<ServiceSpec, Job> jobs = new IdentityHashMap<>();
  private Batch batch;

  /** Starts building the tables of {@code specs} (new services, in the order they will come). */
  synchronized void start(List<ServiceSpec> specs) {
    cancel();
    if (specs.size() < MIN_BATCH) {
      return;
    }
    Batch b = new Batch();
    List<Job> list = new ArrayList<>(specs.size());
    for (ServiceSpec s : specs) {
      Job j = new Job(s, new CompletableFuture<>());
      if (jobs.putIfAbsent(s, j) == null) {
        list.add(j);
      }
    }
    batch = b;
    worker.execute(() -> run(b, list));
  }

  private static void run(Batch b, List<Job> list) {
    for (Job j : list) {
      try {
        b.room.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (b.cancelled) {
        return;
      }
      try {
        j.result().complete(build(j.spec()));
      } catch (RuntimeException e) {
        j.result().completeExceptionally(e); // the caller builds it and reports the problem
      }
    }
  }

  /** The tables built ahead for {@code spec} (with positions as ids), or null. */
  synchronized Maglev.Tables take(ServiceSpec spec) {
    Job j = jobs.remove(spec);
    if (j == null) {
      return null;
    }
    if (batch != null) {
      batch.room.release();
    }
    return j.result().isDone() && !j.result().isCompletedExceptionally()
        ? j.result().getNow(null)
        : null;
  }

  /** Drops whatever was prepared and not taken. */
  synchronized void cancel() {
    jobs.clear();
    if (batch != null) {
      batch.cancelled = true;
      batch.room.release(AHEAD); // wakes the worker, which then sees the cancellation
      batch = null;
    }
  }

  /** The Maglev entries of a spec, the backend at position i having id {@code ids[i]}. */
  static List<Maglev.Entry> entries(ServiceSpec spec, int[] ids) {
    List<Backend> bs = spec.backends();
    List<Maglev.Entry> out = new ArrayList<>(bs.size());
    for (int i = 0; i < bs.size(); i++) {
      Backend b = bs.get(i);
      out.add(
          new Maglev.Entry(
              b.address().getHostAddress() + ":" + b.port(),
              ids[i],
              b.weight(),
              b.takesNewFlows()));
    }
    return out;
  }

  /** Members: backends of weight > 0. */
  static int members(ServiceSpec spec) {
    int n = 0;
    for (Backend b : spec.backends()) {
      if (b.weight() > 0) {
        n++;
      }
    }
    return n;
  }

  /** A new service's tables with the backends' positions as ids. */
  static Maglev.Tables build(ServiceSpec spec) {
    int[] positions = new int[spec.backends().size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i;
    }
    int size = Maglev.tableSize(spec.maglevTableSize(), members(spec), 0);
    return Maglev.build(entries(spec, positions), size, null);
  }

  /** Replaces positions by ids, in place (base and table may be one array). */
  static Maglev.Tables relabel(Maglev.Tables t, int[] ids) {
    int[] base = t.base();
    int[] table = t.table();
    for (int s = 0; s < base.length; s++) {
      base[s] = ids[base[s]];
    }
    if (table != base) {
      for (int s = 0; s < table.length; s++) {
        table[s] = ids[table[s]];
      }
    }
    return t;
  }

  @Override
  public void close() {
    cancel();
    worker.shutdownNow();
  }
}
