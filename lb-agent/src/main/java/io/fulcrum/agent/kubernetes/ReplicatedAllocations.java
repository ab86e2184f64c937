package io.fulcrum.agent.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.agent.config.Addresses;
import io.fulcrum.election.Document;
import io.fulcrum.election.DocumentConflictException;
import io.fulcrum.election.ReplicatedDocuments;
import io.fulcrum.kubernetes.AllocationStore;
import io.fulcrum.kubernetes.ServiceRef;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's address allocations kept in the election group's replicated state (one document,
 * {@value #KEY}), so that a new leader never hands out an address the old one already gave, even
 * one not yet written to any Service's status.
 *
 * <p>{@link #load} reads this node's replica. {@link #save} is called on every sync pass with the
 * complete set: an unchanged set costs nothing, a changed one is written in the background (latest
 * set wins, compare-and-set on the document's version, retried every second while the group has no
 * leader or quorum), so the sync loop never waits on the group.
 */
final class ReplicatedAllocations implements AllocationStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedAllocations.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<TreeMap<String, List<String>>> TYPE = new TypeReference<>() {};

  /** The replicated document's key. */
  static final String KEY = "kubernetes.allocations";

  private record Decoded(long version, Map<ServiceRef, List<InetAddress>> allocations) {}

  private final ReplicatedDocuments group;
  private final ScheduledExecutorService writer;
  private final AtomicReference<Map<ServiceRef, List<InetAddress>>> pending =
      new AtomicReference<>();
  private volatile Decoded cache = new Decoded(0, Map.of());

  ReplicatedAllocations(ReplicatedDocuments group) {
    this.group = group;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fulcrum-k8s-allocations");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Map<ServiceRef, List<InetAddress>> load() {
    Document d = group.document(KEY);
    Decoded c = cache;
    if (c.version() != d.version()) {
      c = new Decoded(d.version(), decode(d));
      cache = c;
    }
    return c.allocations();
  }

  @Override
  public void save(Map<ServiceRef, List<InetAddress>> allocations) {
    Map<ServiceRef, List<InetAddress>> want = Map.copyOf(allocations);
    if (pending.get() == null && want.equals(load())) {
      return;
    }
    if (pending.getAndSet(want) == null) {
      writer.execute(this::flush);
    }
  }

  /** Writes the latest pending set; on failure tries again in a second. */
  private void flush() {
    Map<ServiceRef, List<InetAddress>> want = pending.get();
    if (want == null) {
      return;
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      Document d = group.document(KEY);
      if (want.equals(decode(d))) {
        break;
      }
      try {
        group.putDocument(KEY, d.version(), encode(want)).get(5, TimeUnit.SECONDS);
        break;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof DocumentConflictException) {
          continue; // a write of an earlier leader landed first: read it and write again
        }
        retryLater(e.getCause());
        return;
      } catch (TimeoutException e) {
        retryLater(e);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!pending.compareAndSet(want, null)) {
      writer.execute(this::flush); // a newer set came meanwhile
    }
  }

  private void retryLater(Throwable why) {
    LOG.warn(
        "kubernetes: address allocations not replicated yet ({}); retrying",
        why == null ? "unknown" : why.getMessage());
    writer.schedule(this::flush, 1, TimeUnit.SECONDS);
  }

  static byte[] encode(Map<ServiceRef, List<InetAddress>> allocations) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    allocations.forEach(
        (ref, ips) ->
            out.put(ref.toString(), ips.stream().map(InetAddress::getHostAddress).toList()));
    try {
      return MAPPER.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode allocations", e);
    }
  }

  /** The allocations in {@code d}; an unreadable document counts as none (logged). */
  static Map<ServiceRef, List<InetAddress>> decode(Document d) {
    if (d.size() == 0) {
      return Map.of();
    }
    try {
      Map<ServiceRef, List<InetAddress>> out = new TreeMap<>();
      for (Map.Entry<String, List<String>> e : MAPPER.readValue(d.value(), TYPE).entrySet()) {
        int slash = e.getKey().indexOf('/');
        if (slash <= 0) {
          throw new IOException("not namespace/name: " + e.getKey());
        }
        List<InetAddress> ips = new ArrayList<>();
        for (String ip : e.getValue()) {
          ips.add(literal(ip));
        }
        out.put(
            new ServiceRef(e.getKey().substring(0, slash), e.getKey().substring(slash + 1)),
            List.copyOf(ips));
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      LOG.error("kubernetes: replicated allocations (version {}) unreadable: {}", d.version(), e);
      return Map.of();
    }
  }

  private static InetAddress literal(String ip) throws IOException {
    InetAddress a = Addresses.literal(ip);
    if (a == null) {
      throw new IOException("not an address: " + ip);
    }
    return a;
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
