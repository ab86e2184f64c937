package io.fulcrum.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fulcrum.api.port.Violation;
import java.util.List;

/**
 * An RFC 7807 problem document ({@code application/problem+json}). {@code field} and {@code rule}
 * repeat the first entry of {@code errors} for clients that only look at one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String field,
    String rule,
    List<Violation> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";
  static final String TYPE_PREFIX = "urn:fulcrum:problem:";
}
