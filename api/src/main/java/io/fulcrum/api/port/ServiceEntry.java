package io.fulcrum.api.port;

import java.util.Objects;

/** A service and who owns it. */
public record ServiceEntry(ServiceDefinition definition, Source source) {
  public ServiceEntry {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(source, "source");
  }

  public String name() {
    return definition.name();
  }
}
