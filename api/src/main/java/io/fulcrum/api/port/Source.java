package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a service definition comes from. Only {@link #API} services can be changed over the API.
 */
public enum Source {
  API("api"),
  FILE("file"),
  KUBERNETES("kubernetes");

  private final String wire;

  Source(String wire) {
    this.wire = wire;
  }

  /** The name used in JSON and in messages. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** True when the API may create, replace or delete services of this source. */
  public boolean writableOverApi() {
    return this == API;
  }

  /** How an error message names the owner of a read-only service. */
  public String describe() {
    return switch (this) {
      case API -> "the REST API";
      case FILE -> "the configuration file";
      case KUBERNETES -> "Kubernetes";
    };
  }
}
