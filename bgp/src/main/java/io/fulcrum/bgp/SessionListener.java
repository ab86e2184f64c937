package io.fulcrum.bgp;

import java.net.InetAddress;

/** Told about session state changes; called on the speaker's I/O thread, so return quickly. */
@FunctionalInterface
public interface SessionListener {
  /**
   * A peer's session changed state.
   *
   * @param peer the peer's address
   * @param established the session is now Established
   * @param reason why (for logs), e.g. "hold timer expired"
   */
  void onSessionChange(InetAddress peer, boolean established, String reason);
}
