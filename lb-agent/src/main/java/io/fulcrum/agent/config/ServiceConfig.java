package io.fulcrum.agent.config;

import io.fulcrum.datapath.ServiceSpec;

/** One service of the configuration: its name and what the data plane must do for it. */
public record ServiceConfig(String name, ServiceSpec spec) {}
