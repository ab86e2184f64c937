package io.fulcrum.api.port;

import java.util.List;

/**
 * A request a port refuses. The REST layer turns each kind into one HTTP status; a refused request
 * has changed nothing.
 */
public class PortException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal this is. */
  public enum Kind {
    NOT_FOUND,
    ALREADY_EXISTS,
    READ_ONLY,
    INVALID,
    /** An If-Match precondition did not hold: someone changed the resource first. */
    PRECONDITION_FAILED,
    UNAVAILABLE
  }

  private final Kind kind;
  private final transient List<Violation> violations;

  public PortException(Kind kind, String message) {
    this(kind, message, List.of());
  }

  public PortException(Kind kind, String message, List<Violation> violations) {
    super(message);
    this.kind = kind;
    this.violations = List.copyOf(violations);
  }

  public Kind kind() {
    return kind;
  }

  public List<Violation> violations() {
    return violations;
  }

  public static PortException notFound(String message) {
    return new PortException(Kind.NOT_FOUND, message);
  }

  public static PortException invalid(List<Violation> violations) {
    return new PortException(
        Kind.INVALID,
        violations.isEmpty() ? "invalid value" : violations.get(0).message(),
        violations);
  }

  /** Refusal to change a service that {@code source} owns. */
  public static PortException readOnly(String service, Source source) {
    return new PortException(
        Kind.READ_ONLY,
        "service '"
            + service
            + "' comes from "
            + source.describe()
            + " ("
            + source.wire()
            + ") and is read-only through the API; change it at its source");
  }
}
