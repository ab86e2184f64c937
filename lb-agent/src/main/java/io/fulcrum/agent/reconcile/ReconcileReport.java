package io.fulcrum.agent.reconcile;

/** What one reconcile pass did. */
public record ReconcileReport(int added, int changed, int removed, int failed, long nanos) {
  /** True when the pass changed nothing and nothing failed. */
  public boolean idle() {
    return added == 0 && changed == 0 && removed == 0 && failed == 0;
  }
}
