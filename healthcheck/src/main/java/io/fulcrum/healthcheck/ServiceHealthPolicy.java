package io.fulcrum.healthcheck;

/**
 * What the data plane does with health results of one service. The engine only carries these
 * settings (validated, with defaults); the agent applies them when it flips backends.
 *
 * @param downFlows established flows of a backend that went down: kept until they end (default) or
 *     flushed at once
 * @param allDown new flows when every backend is down: dropped (default; the VIP is withdrawn in
 *     BGP mode) or sent to all backends as if healthy ("fail open")
 */
public record ServiceHealthPolicy(DownFlows downFlows, AllDown allDown) {

  /** Established flows of a backend that went down. */
  public enum DownFlows {
    KEEP,
    FLUSH
  }

  /** New flows when every backend of the service is down. */
  public enum AllDown {
    DROP,
    FAIL_OPEN
  }

  public static final ServiceHealthPolicy DEFAULT =
      new ServiceHealthPolicy(DownFlows.KEEP, AllDown.DROP);

  public ServiceHealthPolicy {
    if (downFlows == null || allDown == null) {
      throw new InvalidSettingsException(
          "service health policy needs downFlows (keep|flush) and allDown (drop|fail_open)");
    }
  }
}
