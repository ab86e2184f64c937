package io.fulcrum.api.port;

/** Port: this node's election role, VIP owners, BGP sessions, data plane and map fill. */
public interface StatusProvider {
  NodeStatus status();
}
