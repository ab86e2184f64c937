package io.fulcrum.testrig;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names unique to this test run. Interface names are limited to 15 characters, so names are {@code
 * <prefix><6 hex of the run><counter>}: keep prefixes to 4 characters or fewer.
 */
public final class RunId {
  private static final String RUN =
      String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private RunId() {}

  /** This JVM's run tag (6 hex digits). */
  public static String run() {
    return RUN;
  }

  /** A fresh name: prefix, run tag, and a counter. */
  public static String next(String prefix) {
    if (prefix.length() > 4) {
      throw new IllegalArgumentException("prefix longer than 4 characters: " + prefix);
    }
    return prefix + RUN + Integer.toString(COUNTER.incrementAndGet(), 36);
  }
}
