package io.fulcrum.agent;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.metrics.AgentMetrics;
import io.fulcrum.agent.reconcile.ReconcileLoop;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.Datapath;

/**
 * What the agent's optional modules (election, BGP, Kubernetes) are started with: the validated
 * configuration, the data plane, the desired-state store every source feeds, the reconcile loop and
 * the metrics.
 */
public record AgentRuntime(
    AgentConfig config,
    Datapath datapath,
    DesiredStateStore store,
    ReconcileLoop loop,
    AgentMetrics metrics) {}
