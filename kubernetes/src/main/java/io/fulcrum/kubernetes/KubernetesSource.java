package io.fulcrum.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fulcrum.kubernetes.desired.ClusterState;
import io.fulcrum.kubernetes.desired.EventSpec;
import io.fulcrum.kubernetes.desired.StatusPatch;
import io.fulcrum.kubernetes.pool.FulcrumIPPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Services, EndpointSlices, Nodes, Namespaces and FulcrumIPPools and publishes the desired
 * data-plane services to a {@link DesiredServicesListener}. The translation is the pure {@link
 * SyncState}; this class only moves events in and writes out.
 *
 * <p>While the API server is away the informers keep their caches and nothing is published, so the
 * data plane, the election and the advertisements are left alone; when it returns the informers
 * list again and only real differences are published.
 */
public final class KubernetesSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSource.class);
  static final Duration WRITE_RETRY = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final LeadershipView leadership;
  private final StatusWriter writer;
  private final DesiredServicesListener listener;
  private final SyncState state;
  private final ScheduledExecutorService sync =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fulcrum-k8s-sync"));
  private final ExecutorService writes =
      Executors.newSingleThreadExecutor(r -> daemon(r, "fulcrum-k8s-status"));
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final CompletableFuture<Void> synced = new CompletableFuture<>();

  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<FulcrumIPPool> pools;

  // what changed since the last pass (guarded by this)
  private boolean allocationDirty = true;
  private boolean allDirty = true;
  private Set<ServiceRef> dirty = new HashSet<>();

  public KubernetesSource(
      KubernetesClient client,
      KubernetesSettings settings,
      LeadershipView leadership,
      AllocationStore store,
      StatusWriter writer,
      DesiredServicesListener listener,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.leadership = Objects.requireNonNull(leadership, "leadership");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.state = new SyncState(settings, store, clock);
  }

  /** With the writer that writes through the same client. */
  public KubernetesSource(
      KubernetesClient client,
      KubernetesSettings settings,
      LeadershipView leadership,
      AllocationStore store,
      DesiredServicesListener listener,
      Clock clock) {
    this(
        client,
        settings,
        leadership,
        store,
        new KubernetesStatusWriter(client, clock),
        listener,
        clock);
  }

  /** Starts the informers; returns at once. Publication starts when all have synced. */
  public synchronized void start() {
    services = client.services().inAnyNamespace().runnableInformer(0);
    slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
    nodes = client.nodes().runnableInformer(0);
    namespaces = client.namespaces().runnableInformer(0);
    pools =
        settings.watchPools() ? client.resources(FulcrumIPPool.class).runnableInformer(0) : null;
    slices.addIndexers(
        Map.of(
            SyncState.BY_SERVICE,
            s -> {
              ServiceRef ref = ClusterState.owner(s);
              return ref == null ? List.of() : List.of(ref.toString());
            }));
    services.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Service s) {
            serviceChanged(s, false);
          }

          @Override
          public void onUpdate(Service oldObj, Service newObj) {
            if (!Objects.equals(
                oldObj.getMetadata().getResourceVersion(),
                newObj.getMetadata().getResourceVersion())) {
              serviceChanged(newObj, false);
            }
          }

          @Override
          public void onDelete(Service s, boolean deletedFinalStateUnknown) {
            serviceChanged(s, true);
          }
        });
    slices.addEventHandler(
        handler(
            (EndpointSlice s) -> {
              ServiceRef ref = ClusterState.owner(s);
              if (ref != null) {
                markDirty(ref);
              }
            }));
    nodes.addEventHandler(handler((Node n) -> markAll(false)));
    namespaces.addEventHandler(handler((Namespace n) -> markAll(true)));
    informers.addAll(List.of(services, slices, nodes, namespaces));
    if (pools != null) {
      pools.addEventHandler(handler((FulcrumIPPool p) -> markAll(true)));
      informers.add(pools);
    }
    leadership.addListener(() -> markAll(true));
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (SharedIndexInformer<?> i : informers) {
      i.exceptionHandler((isStarted, t) -> true); // keep retrying, also the first list
      starts.add(i.start().toCompletableFuture());
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
        .whenComplete(
            (v, t) -> {
              if (t != null) {
                synced.completeExceptionally(t);
                return;
              }
              LOG.info("informers synced");
              synced.complete(null);
              markAll(true);
            });
  }

  /** Waits until every informer has listed once; true when they have. */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    try {
      synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("informers failed to start", e.getCause());
    }
  }

  /** The last published state (null before the first publication). */
  public KubernetesDesired current() {
    return state.current();
  }

  /** Recomputes everything (e.g. after the REST API overrode settings). */
  public void resync() {
    markAll(true);
  }

  private void serviceChanged(Service s, boolean deleted) {
    ServiceRef ref = new ServiceRef(s.getMetadata().getNamespace(), s.getMetadata().getName());
    synchronized (this) {
      if (deleted) {
        state.forget(ref);
        allocationDirty = true;
      } else if (state.allocationInputChanged(ref, s)) {
        allocationDirty = true;
      }
      dirty.add(ref);
    }
    schedule();
  }

  private synchronized void markDirty(ServiceRef ref) {
    dirty.add(ref);
    schedule();
  }

  private void markAll(boolean allocation) {
    synchronized (this) {
      allDirty = true;
      allocationDirty |= allocation;
    }
    schedule();
  }

  private void schedule() {
    if (synced.isDone()
        && !synced.isCompletedExceptionally()
        && scheduled.compareAndSet(false, true)) {
      try {
        sync.execute(this::pass);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        scheduled.set(false); // closing
      }
    }
  }

  private void pass() {
    scheduled.set(false);
    boolean alloc;
    boolean all;
    Set<ServiceRef> work;
    synchronized (this) {
      alloc = allocationDirty;
      all = allDirty;
      work = dirty;
      allocationDirty = false;
      allDirty = false;
      dirty = new HashSet<>();
    }
    try {
      boolean leader = leadership.isLeader();
      // the lists of every Service, pool and namespace are only read by a full or allocation
      // pass: one EndpointSlice change must not copy 10,000 Services
      boolean wide = alloc || all;
      SyncState.Cache cache =
          new SyncState.Cache(
              wide ? services.getStore().list() : List.of(),
              key -> services.getStore().getByKey(key),
              ref -> slices.getIndexer().byIndex(SyncState.BY_SERVICE, ref.toString()),
              nodes.getStore().list(),
              alloc ? allPools() : List.of(),
              alloc ? namespaceLabels() : Map.of());
      SyncState.Pass out = state.pass(cache, leader, alloc, all, work);
      if (out.published() != null) {
        try {
          listener.onDesired(out.published());
        } catch (RuntimeException e) {
          // the consumer owns applying what it is given; current() still holds the full state
          LOG.error(
              "desired-state listener failed on generation {}", out.published().generation(), e);
        }
      }
      if (leader) {
        for (StatusPatch p : out.patches()) {
          writes.execute(() -> writeStatus(p));
        }
        for (EventSpec e : out.events()) {
          writes.execute(() -> recordEvent(e));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Kubernetes sync pass failed; retrying everything", e);
      synchronized (this) {
        allocationDirty = true;
        allDirty = true;
      }
      sync.schedule(this::schedule, WRITE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void writeStatus(StatusPatch p) {
    if (!leadership.isLeader()) {
      return;
    }
    if (!writer.write(p)) {
      sync.schedule(() -> markDirty(p.service()), WRITE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void recordEvent(EventSpec e) {
    if (leadership.isLeader()) {
      writer.record(e);
    }
  }

  private List<FulcrumIPPool> allPools() {
    List<FulcrumIPPool> out = new ArrayList<>();
    for (KubernetesSettings.StaticPool p : settings.staticPools()) {
      out.add(p.toResource());
    }
    if (pools != null) {
      out.addAll(pools.getStore().list());
    }
    return out;
  }

  private Map<String, Map<String, String>> namespaceLabels() {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Namespace n : namespaces.getStore().list()) {
      Map<String, String> labels = n.getMetadata().getLabels();
      out.put(n.getMetadata().getName(), labels == null ? Map.of() : labels);
    }
    return out;
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (!Objects.equals(
            oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
          changed.accept(newObj);
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.accept(obj);
      }
    };
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    sync.shutdownNow();
    writes.shutdown();
    try {
      writes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }
}
