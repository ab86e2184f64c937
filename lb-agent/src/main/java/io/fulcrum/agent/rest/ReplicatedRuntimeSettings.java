package io.fulcrum.agent.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.api.json.Json;
import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.election.Document;
import io.fulcrum.election.DocumentConflictException;
import io.fulcrum.election.NoLeaderException;
import io.fulcrum.election.ReplicatedDocuments;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's runtime state kept in the election group's replicated log, so that every agent applies
 * the same API-owned services, backend admin states and health-check settings, whichever agent's
 * API took the change.
 *
 * <p>The state is one replicated document ({@value #KEY}, JSON). A change reads this node's
 * replica, applies the change to it ({@link RuntimeState#apply}, which refuses bad changes the same
 * way on every node) and writes the result with compare-and-set: when another node's write came
 * first, the change is applied again to the newer state (an {@code If-Match} then fails as it
 * should); while the group elects a leader, the change waits (up to the timeout). The call returns
 * once the group committed the write and this node's replica applied it. A change the group did not
 * commit in time is answered as unavailable; it may still be applied later (as with any replicated
 * store, a timeout does not say the write was lost).
 *
 * <p>Every version the group commits is adopted into {@code local}, the node's own copy (the {@code
 * runtime.json} file), whose subscribers apply it to the agent; so a node restarted without a
 * quorum still programs the last state it knew. When the group has no state yet and this node's
 * copy has one (a node that ran the API before the election was turned on), the node offers its
 * copy as the group's first version; the first offer committed wins and the others adopt it.
 */
public final class ReplicatedRuntimeSettings implements RuntimeSettingsStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedRuntimeSettings.class);
  private static final ObjectMapper MAPPER = Json.strictMapper();

  /** The replicated document's key. */
  public static final String KEY = "api.runtime";

  private final InMemoryRuntimeSettingsStore local;
  private final ReplicatedDocuments group;
  private final Duration timeout;
  private final LongSupplier nanos;
  private final ExecutorService adopter;
  private final ScheduledExecutorService seeder;
  private final Object writes = new Object();
  private final Object adoptedLock = new Object();
  private long adopted;
  private volatile boolean closed;

  private ReplicatedRuntimeSettings(
      InMemoryRuntimeSettingsStore local,
      ReplicatedDocuments group,
      Duration timeout,
      LongSupplier nanos) {
    this.local = local;
    this.group = group;
    this.timeout = timeout;
    this.nanos = nanos;
    this.adopter = Executors.newSingleThreadExecutor(daemon("fulcrum-api-replica"));
    this.seeder = Executors.newSingleThreadScheduledExecutor(daemon("fulcrum-api-seed"));
  }

  /**
   * Follows the group's state from now on (adopting it into {@code local}), and offers {@code
   * local}'s state when the group has none.
   *
   * @param timeout how long a change may wait for the group to commit it
   */
  public static ReplicatedRuntimeSettings start(
      InMemoryRuntimeSettingsStore local, ReplicatedDocuments group, Duration timeout) {
    ReplicatedRuntimeSettings r =
        new ReplicatedRuntimeSettings(local, group, timeout, System::nanoTime);
    group.addDocumentListener(
        (key, doc) -> {
          if (KEY.equals(key)) {
            r.adopter.execute(() -> r.adopt(doc));
          }
        });
    Document now = group.document(KEY);
    if (now.version() > 0) {
      r.adopter.execute(() -> r.adopt(now));
    } else if (local.current().revision() > 0) {
      r.seeder.execute(r::seed);
    }
    return r;
  }

  @Override
  public RuntimeState current() {
    return local.current();
  }

  @Override
  public Subscription subscribe(Consumer<RuntimeState> listener) {
    return local.subscribe(listener);
  }

  @Override
  public RuntimeState apply(RuntimeChange change) {
    synchronized (writes) { // one write at a time from this node: fewer conflicts
      long end = nanos.getAsLong() + timeout.toNanos();
      for (int attempt = 1; ; attempt++) {
        Document doc = group.document(KEY);
        RuntimeState base = doc.version() == 0 ? local.current() : decode(doc);
        RuntimeState next = base.apply(change); // a refused change throws: nothing written
        try {
          long version =
              group
                  .putDocument(KEY, doc.version(), encode(next))
                  .get(remainingMs(end), TimeUnit.MILLISECONDS);
          awaitAdopted(version, end);
          return next;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof DocumentConflictException && nanos.getAsLong() < end) {
            pause(Math.min(200, 5L * attempt)); // another node's write came first: read it again
            continue;
          }
          if (cause instanceof NoLeaderException && nanos.getAsLong() < end) {
            pause(Math.min(200, 20L * attempt)); // an election is going on: nothing was written
            continue;
          }
          throw unavailable(cause == null ? e : cause);
        } catch (TimeoutException e) {
          throw unavailable(new IllegalStateException("not committed within " + timeout));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw unavailable(e);
        }
      }
    }
  }

  private static PortException unavailable(Throwable cause) {
    return new PortException(
        PortException.Kind.UNAVAILABLE,
        "the election group did not commit the change ("
            + cause.getMessage()
            + "); retry when the group has a leader and a quorum");
  }

  /** Takes a committed version into the local copy (and so into the agent); older ones are late. */
  private void adopt(Document doc) {
    synchronized (adoptedLock) {
      if (doc.version() <= adopted) {
        return;
      }
    }
    try {
      RuntimeState s = decode(doc);
      local.adopt(s);
      LOG.info(
          "api runtime state: group version {} (revision {}: {} services, {} health-check settings)",
          doc.version(),
          s.revision(),
          s.services().size(),
          s.healthChecks().size());
    } catch (PortException e) {
      LOG.error("api runtime state: group version {} ignored: {}", doc.version(), e.getMessage());
    }
    synchronized (adoptedLock) {
      adopted = Math.max(adopted, doc.version());
      adoptedLock.notifyAll();
    }
  }

  private void awaitAdopted(long version, long end) throws InterruptedException {
    synchronized (adoptedLock) {
      while (adopted < version) {
        long ms = remainingMs(end);
        if (ms <= 1) {
          LOG.warn("api runtime state: version {} committed, not yet applied here", version);
          return;
        }
        adoptedLock.wait(ms);
      }
    }
  }

  /** Offers the local copy as the group's first state, until the group has one. */
  private void seed() {
    if (closed || group.document(KEY).version() > 0) {
      return;
    }
    RuntimeState mine = local.current();
    try {
      group.putDocument(KEY, 0, encode(mine)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "api runtime state: this node's copy (revision {}) seeded the group", mine.revision());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof DocumentConflictException)) {
        seeder.schedule(this::seed, 1, TimeUnit.SECONDS); // no leader yet: try again
      }
    } catch (TimeoutException e) {
      seeder.schedule(this::seed, 1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] encode(RuntimeState s) {
    try {
      return MAPPER.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the runtime state", e);
    }
  }

  static RuntimeState decode(Document doc) {
    try {
      return MAPPER.readValue(doc.value(), RuntimeState.class);
    } catch (IOException e) {
      throw new PortException(
          PortException.Kind.UNAVAILABLE,
          "the replicated runtime state (version "
              + doc.version()
              + ") cannot be read: "
              + e.getMessage());
    }
  }

  private long remainingMs(long end) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - nanos.getAsLong()));
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    closed = true;
    seeder.shutdownNow();
    adopter.shutdownNow();
  }
}
