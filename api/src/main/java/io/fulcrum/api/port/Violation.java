package io.fulcrum.api.port;

import java.util.Objects;

/**
 * One broken rule in a request.
 *
 * @param field JSON pointer-like path of the offending value, e.g. {@code backends[1].port}, or the
 *     path parameter name
 * @param rule short machine-readable name of the rule, e.g. {@code range}, {@code required}
 * @param message a sentence for people
 */
public record Violation(String field, String rule, String message) {
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }
}
