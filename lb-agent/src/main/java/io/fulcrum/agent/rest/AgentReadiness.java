package io.fulcrum.agent.rest;

import io.fulcrum.api.port.Readiness;
import java.util.List;

/** Ready once the agent's first reconcile has completed. */
public final class AgentReadiness implements Readiness {
  private volatile boolean reconciled;

  public void firstReconcileDone() {
    reconciled = true;
  }

  @Override
  public List<String> notReadyReasons() {
    return reconciled ? List.of() : List.of("first reconcile not completed yet");
  }
}
