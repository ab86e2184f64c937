package io.fulcrum.api.http;

import java.util.Set;

/** Names of the rules a request can break (the {@code rule} of a problem). */
final class Rules {
  private Rules() {}

  static final String UNKNOWN_FIELD = "unknown-field";
  static final String TYPE = "type";
  static final String REQUIRED = "required";
  static final String NOT_NULL = "not-null";
  static final String RANGE = "range";
  static final String PATTERN = "pattern";
  static final String ENUM = "enum";
  static final String UNIQUE = "unique";
  static final String MAX_ITEMS = "max-items";
  static final String MAX_LENGTH = "max-length";
  static final String IP_ADDRESS = "ip-address";
  static final String SAME_FAMILY = "same-family";
  static final String PRIME = "prime";
  static final String MATCHES_PATH = "matches-path";

  /** Rules about the shape of a request rather than its values: answered with 400. */
  static final Set<String> SYNTACTIC = Set.of(UNKNOWN_FIELD, TYPE, REQUIRED, NOT_NULL);
}
