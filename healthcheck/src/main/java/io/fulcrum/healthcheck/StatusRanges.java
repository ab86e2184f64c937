package io.fulcrum.healthcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of HTTP status codes written as a comma-separated list of codes ({@code 200}), ranges
 * ({@code 200-299}) and classes ({@code 2xx}), e.g. {@code "200-299,301,4xx"}. Codes are 100–599.
 */
public final class StatusRanges {
  private final List<int[]> ranges;
  private final String text;

  private StatusRanges(List<int[]> ranges, String text) {
    this.ranges = ranges;
    this.text = text;
  }

  /** Parses the list; any bad element is refused with a message naming it. */
  public static StatusRanges parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidSettingsException("expected status: empty (example: \"200-399\")");
    }
    List<int[]> ranges = new ArrayList<>();
    for (String raw : text.split(",")) {
      String part = raw.trim();
      if (part.isEmpty()) {
        throw new InvalidSettingsException("expected status '" + text + "': empty element");
      }
      int lo;
      int hi;
      if (part.length() == 3 && (part.endsWith("xx") || part.endsWith("XX"))) {
        int cls = digit(part.charAt(0), text, part);
        lo = cls * 100;
        hi = lo + 99;
      } else if (part.contains("-")) {
        String[] ends = part.split("-", -1);
        if (ends.length != 2) {
          throw bad(text, part, "a range is LOW-HIGH");
        }
        lo = code(ends[0].trim(), text, part);
        hi = code(ends[1].trim(), text, part);
        if (lo > hi) {
          throw bad(text, part, "range low end above high end");
        }
      } else {
        lo = code(part, text, part);
        hi = lo;
      }
      if (lo < 100 || hi > 599) {
        throw bad(text, part, "status codes are 100-599");
      }
      ranges.add(new int[] {lo, hi});
    }
    return new StatusRanges(
        List.copyOf(ranges),
        ranges.stream()
            .map(r -> r[0] == r[1] ? Integer.toString(r[0]) : r[0] + "-" + r[1])
            .collect(Collectors.joining(",")));
  }

  /** True when the code is in one of the ranges. */
  public boolean contains(int status) {
    for (int[] r : ranges) {
      if (status >= r[0] && status <= r[1]) {
        return true;
      }
    }
    return false;
  }

  private static int digit(char c, String text, String part) {
    if (c < '1' || c > '5') {
      throw bad(text, part, "status class must be 1xx-5xx");
    }
    return c - '0';
  }

  private static int code(String s, String text, String part) {
    if (s.length() != 3 || !s.chars().allMatch(Character::isDigit)) {
      throw bad(text, part, "a status code has three digits");
    }
    return Integer.parseInt(s);
  }

  private static InvalidSettingsException bad(String text, String part, String why) {
    return new InvalidSettingsException(
        "expected status '" + text + "': bad element '" + part + "' (" + why + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusRanges other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Canonical form, e.g. {@code 200-299,301}. */
  @Override
  public String toString() {
    return text;
  }
}
