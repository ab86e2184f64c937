package io.fulcrum.testrig;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Collects what a test created and closes it in reverse order, also when the test fails. Use as a
 * try-with-resources or close it from {@code @AfterEach}/{@code @AfterAll}.
 */
public final class Cleanup implements AutoCloseable {
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  /** Registers a resource and returns it. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    stack.push(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
    RuntimeException first = null;
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("clean-up failed", e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
