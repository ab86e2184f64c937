package io.fulcrum.healthcheck.probe;

/**
 * Where a target keeps its open probe connection between probes (HTTP keep-alive): an {@link
 * HttpConnection} (Netty path) or an {@link EpollHttpConnection} (plain HTTP on the native
 * transport), and for the latter the target's request bytes, built once. One per target, confined
 * to the target's event loop; the engine closes it when the target is removed or its check changes.
 */
public final class ConnectionSlot {
  private Object conn;
  private Object request;

  /** The kept Netty-path connection, if that is what is kept. */
  HttpConnection get() {
    return conn instanceof HttpConnection c ? c : null;
  }

  /** The kept lean connection, if that is what is kept. */
  EpollHttpConnection lean() {
    return conn instanceof EpollHttpConnection c ? c : null;
  }

  void set(HttpConnection c) {
    conn = c;
  }

  void set(EpollHttpConnection c) {
    conn = c;
  }

  /** Forgets {@code c} if it is the kept one. */
  void clear(Object c) {
    if (conn == c) {
      conn = null;
    }
  }

  /** The lean path's cached request (see {@link EpollHttpConnection}), or null. */
  Object request() {
    return request;
  }

  void request(Object r) {
    request = r;
  }

  /** Closes the kept connection, if any, and keeps the cached request. */
  void closeConnection() {
    Object c = conn;
    conn = null;
    if (c instanceof HttpConnection h) {
      h.close();
    } else if (c instanceof EpollHttpConnection e) {
      e.close();
    }
  }

  /** Closes the kept connection, if any, and forgets the cached request. Call on the loop. */
  public void close() {
    request = null;
    closeConnection();
  }
}
