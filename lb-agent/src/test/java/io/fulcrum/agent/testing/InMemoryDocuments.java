package io.fulcrum.agent.testing;

import io.fulcrum.election.Document;
import io.fulcrum.election.DocumentConflictException;
import io.fulcrum.election.NoLeaderException;
import io.fulcrum.election.ReplicatedDocuments;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * An in-memory stand-in of the election group's replicated documents: writes are applied and
 * listeners told on one thread, in order, as the Raft state machine does; a write at a stale
 * version is refused as a conflict. Tests can make writes fail, or run something just before the
 * next write (another node's write racing it).
 */
public final class InMemoryDocuments implements ReplicatedDocuments, AutoCloseable {
  private final ExecutorService fsm = Executors.newSingleThreadExecutor();
  private final List<DocumentListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Document> docs = new ConcurrentHashMap<>();

  /** When set, every write fails with what it supplies (no leader, no quorum...). */
  public volatile Supplier<RuntimeException> failWrites;

  /** The next this-many writes fail with a {@link NoLeaderException} (an election going on). */
  public volatile int noLeaderFor;

  /** Writes refused for a stale version so far. */
  public volatile int conflicts;

  /** Writes committed so far. */
  public volatile int commits;

  private volatile Runnable beforeNextWrite;

  @Override
  public Document document(String key) {
    return docs.getOrDefault(key, Document.NONE);
  }

  @Override
  public CompletableFuture<Long> putDocument(String key, long expectedVersion, byte[] value) {
    Runnable before = beforeNextWrite;
    beforeNextWrite = null;
    if (before != null) {
      before.run();
    }
    if (failWrites != null) {
      return CompletableFuture.failedFuture(failWrites.get());
    }
    if (noLeaderFor > 0) {
      noLeaderFor--;
      return CompletableFuture.failedFuture(new NoLeaderException("no leader"));
    }
    return CompletableFuture.supplyAsync(
        () -> {
          if (document(key).version() != expectedVersion) {
            conflicts++;
            throw new DocumentConflictException("version conflict");
          }
          return commit(key, value);
        },
        fsm);
  }

  /** Runs {@code r} just before the next write is handled. */
  public void beforeNextWrite(Runnable r) {
    beforeNextWrite = r;
  }

  /** A write committed by another node. */
  public void writeAsAnotherNode(String key, byte[] value) {
    CompletableFuture.supplyAsync(() -> commit(key, value), fsm).join();
  }

  private long commit(String key, byte[] value) {
    Document d = new Document(document(key).version() + 1, value);
    docs.put(key, d);
    commits++;
    listeners.forEach(l -> l.changed(key, d));
    return d.version();
  }

  @Override
  public void addDocumentListener(DocumentListener listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    fsm.shutdownNow();
  }
}
