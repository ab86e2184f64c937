package io.fulcrum.datapath;

import io.fulcrum.datapath.abi.FlowKey;
import io.fulcrum.datapath.abi.FlowValue;

/** One conntrack entry (one direction of a flow) as the data plane holds it. */
public record FlowEntry(FlowKey key, FlowValue value) {}
