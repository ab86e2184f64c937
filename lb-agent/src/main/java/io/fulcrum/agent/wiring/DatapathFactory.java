package io.fulcrum.agent.wiring;

import io.fulcrum.agent.config.DataplaneSettings;
import io.fulcrum.datapath.Datapath;

/**
 * Creates the data plane from the {@code dataplane} settings: loads the XDP program and attaches
 * it, or adopts the one pinned by an earlier run (so a restart re-programs nothing). The one place
 * that knows the concrete implementation.
 */
public interface DatapathFactory {

  /** Opens (loads or adopts) the data plane. */
  Datapath open(DataplaneSettings settings);

  /**
   * Removes everything Fulcrum attached and pinned under {@code settings.pinPath()}; returns false
   * when nothing was pinned there.
   */
  boolean teardown(DataplaneSettings settings);
}
