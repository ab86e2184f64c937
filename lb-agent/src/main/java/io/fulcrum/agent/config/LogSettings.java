package io.fulcrum.agent.config;

import java.util.List;

/** The {@code log} section: the level of the agent's log. */
public record LogSettings(String level) {
  public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
  public static final LogSettings DEFAULT = new LogSettings("info");
}
