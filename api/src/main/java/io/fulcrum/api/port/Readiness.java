package io.fulcrum.api.port;

import java.util.List;

/** Port: whether this node is ready to serve (for {@code /readyz}). */
public interface Readiness {
  /** Why the node is not ready; empty when it is. */
  List<String> notReadyReasons();
}
