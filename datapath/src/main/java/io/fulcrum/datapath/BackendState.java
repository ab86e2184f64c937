package io.fulcrum.datapath;

/** What a backend may receive. */
public enum BackendState {
  /** Takes new flows and keeps its established ones. */
  UP,
  /** Keeps its established flows, takes no new one (drain, or Kubernetes terminating). */
  DRAINING,
  /** Takes no new flow; whether its established flows are flushed is the caller's policy. */
  DOWN
}
