package io.fulcrum.agent.config;

/**
 * One thing wrong with a configuration file: where (file, line, column), which field (a path such
 * as {@code services[1].backends[0].port}) and what is wrong.
 */
public record ConfigError(String file, int line, int column, String field, String message) {

  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (field.isEmpty() ? "" : field + ": ")
        + message;
  }
}
