package io.fulcrum.api.http;

import io.fulcrum.api.port.Violation;
import java.util.List;

/** Ends a request with a problem document. */
final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String slug;
  final String title;
  final transient List<Violation> violations;

  ProblemException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, List.of());
  }

  ProblemException(
      int status, String slug, String title, String detail, List<Violation> violations) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.violations = List.copyOf(violations);
  }

  Problem toProblem(String instance) {
    Violation first = violations.isEmpty() ? null : violations.get(0);
    return new Problem(
        Problem.TYPE_PREFIX + slug,
        title,
        status,
        getMessage(),
        instance,
        first == null ? null : first.field(),
        first == null ? null : first.rule(),
        violations.isEmpty() ? null : violations);
  }

  static ProblemException notFound(String detail) {
    return new ProblemException(404, "not-found", "Not Found", detail);
  }

  static ProblemException badRequest(String slug, String title, String detail) {
    return new ProblemException(400, slug, title, detail);
  }

  /** 400 for syntactic rules (unknown field, type, required), 422 for value rules. */
  static ProblemException invalid(List<Violation> violations) {
    boolean syntactic = violations.stream().anyMatch(v -> Rules.SYNTACTIC.contains(v.rule()));
    String detail =
        violations.size() == 1
            ? violations.get(0).message()
            : violations.size() + " problems, first: " + violations.get(0).message();
    return syntactic
        ? new ProblemException(400, "invalid-request", "Invalid request", detail, violations)
        : new ProblemException(422, "invalid-value", "Invalid value", detail, violations);
  }
}
