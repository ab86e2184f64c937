package io.fulcrum.api.memory;

import io.fulcrum.api.port.Readiness;
import java.util.List;

/** Readiness that the owner sets; starts ready. */
public final class InMemoryReadiness implements Readiness {
  private volatile List<String> reasons = List.of();

  public void setReady() {
    reasons = List.of();
  }

  public void setNotReady(List<String> why) {
    reasons = List.copyOf(why);
  }

  @Override
  public List<String> notReadyReasons() {
    return reasons;
  }
}
