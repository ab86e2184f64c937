package io.fulcrum.agent.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused; carries every error found, each naming file, line and field. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + " in configuration:\n  "
            + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  ")));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
