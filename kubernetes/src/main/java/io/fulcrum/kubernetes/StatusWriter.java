package io.fulcrum.kubernetes;

import io.fulcrum.kubernetes.desired.EventSpec;
import io.fulcrum.kubernetes.desired.StatusPatch;

/** Port: applies status patches and records Events (the leader's only; followers write nothing). */
public interface StatusWriter extends AutoCloseable {
  /**
   * Writes one status patch.
   *
   * @return false when it could not be written (it will be computed again and retried)
   */
  boolean write(StatusPatch patch);

  /** Records one Event; duplicates of a recent identical Event are dropped. */
  void record(EventSpec event);

  @Override
  default void close() {}
}
