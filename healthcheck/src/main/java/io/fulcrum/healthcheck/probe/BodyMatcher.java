package io.fulcrum.healthcheck.probe;

/**
 * Looks for a byte string in the first {@code limit} bytes of a body fed in pieces of any size
 * (pure; Knuth-Morris-Pratt, so a match split across pieces is found and nothing is buffered).
 */
final class BodyMatcher {
  private final byte[] needle;
  private final int[] fallback;
  private final int limit;
  private int matched;
  private int seen;
  private boolean found;

  BodyMatcher(byte[] needle, int limit) {
    this.needle = needle;
    this.limit = limit;
    this.fallback = new int[needle.length];
    for (int i = 1, k = 0; i < needle.length; i++) {
      while (k > 0 && needle[i] != needle[k]) {
        k = fallback[k - 1];
      }
      if (needle[i] == needle[k]) {
        k++;
      }
      fallback[i] = k;
    }
    reset();
  }

  /** Starts a new body. */
  void reset() {
    matched = 0;
    seen = 0;
    found = needle.length == 0;
  }

  /** Feeds body bytes (those beyond the limit are ignored); returns {@link #found()}. */
  boolean feed(byte[] b, int off, int len) {
    int end = off + Math.min(len, limit - seen);
    for (int i = off; i < end && !found; i++) {
      byte c = b[i];
      while (matched > 0 && c != needle[matched]) {
        matched = fallback[matched - 1];
      }
      if (c == needle[matched] && ++matched == needle.length) {
        found = true;
      }
    }
    seen += end - off;
    return found;
  }

  /** True once the needle was seen. */
  boolean found() {
    return found;
  }

  /** True once {@code limit} bytes were fed: later bytes cannot match any more. */
  boolean full() {
    return seen >= limit;
  }
}
