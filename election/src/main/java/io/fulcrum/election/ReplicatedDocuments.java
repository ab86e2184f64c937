package io.fulcrum.election;

import java.util.concurrent.CompletableFuture;

/**
 * Port: documents replicated through the group's log, written with compare-and-set so that writers
 * on different nodes never lose each other's changes. Every node applies the same writes in the
 * same order; a reader sees its own replica, which may lag the leader by the entries not yet
 * applied.
 */
public interface ReplicatedDocuments {

  /** Largest document accepted, in bytes (a write of more is refused before it reaches the log). */
  int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

  /** This node's replica of {@code key} ({@link Document#NONE} when never written). */
  Document document(String key);

  /**
   * Replaces {@code key}'s bytes if its version is still {@code expectedVersion}. Completes with
   * the new version once the group committed and applied the write; exceptionally with a {@link
   * DocumentConflictException} when another write came first (nothing changed), or with another
   * exception when the group could not commit it (no leader, no quorum, timeout: the write may
   * still be applied later).
   */
  CompletableFuture<Long> putDocument(String key, long expectedVersion, byte[] value);

  /** Calls {@code listener} after each applied write and after a snapshot is installed. */
  void addDocumentListener(DocumentListener listener);

  /** Told about documents as they change on this node's replica. */
  @FunctionalInterface
  interface DocumentListener {
    /**
     * Called on the state machine's thread, in log order: return quickly (hand work to a thread of
     * your own). After a snapshot install it is called for every document, changed or not.
     */
    void changed(String key, Document document);
  }
}
