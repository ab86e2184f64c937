package io.fulcrum.api.http;

/** Makes client-supplied text safe to echo in a message or a log line. */
final class Sanitize {
  private Sanitize() {}

  static final int MAX_ECHO = 80;

  /** Visible ASCII only (others as '?'), cut to {@value #MAX_ECHO} characters. */
  static String forMessage(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < MAX_ECHO; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (s.length() > MAX_ECHO) {
      sb.append("...");
    }
    return sb.toString();
  }
}
