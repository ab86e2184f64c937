package io.fulcrum.healthcheck.probe;

/**
 * Where a target keeps its open probe connection between probes (HTTP keep-alive). One per target,
 * confined to the target's event loop; the engine closes it when the target is removed or its check
 * changes.
 */
public final class ConnectionSlot {
  private HttpConnection conn;

  HttpConnection get() {
    return conn;
  }

  void set(HttpConnection c) {
    conn = c;
  }

  /** Forgets {@code c} if it is the kept one. */
  void clear(HttpConnection c) {
    if (conn == c) {
      conn = null;
    }
  }

  /** Closes the kept connection, if any. Call on the target's event loop. */
  public void close() {
    HttpConnection c = conn;
    conn = null;
    if (c != null) {
      c.close();
    }
  }
}
