package io.fulcrum.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Serves {@code GET /metrics} (Prometheus text format) with the JDK's HTTP server. */
public final class MetricsServer implements AutoCloseable {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;
  private final ExecutorService exec;

  private MetricsServer(HttpServer server, ExecutorService exec) {
    this.server = server;
    this.exec = exec;
  }

  /** Binds {@code listen} and starts serving. */
  public static MetricsServer start(InetSocketAddress listen, Supplier<String> scrape)
      throws IOException {
    HttpServer server = HttpServer.create(listen, 16);
    ExecutorService exec =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fulcrum-metrics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(exec);
    server.createContext(
        "/metrics",
        ex -> {
          if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            reply(ex, 405, "text/plain", "method not allowed\n");
            return;
          }
          String body;
          try {
            body = scrape.get();
          } catch (RuntimeException e) {
            reply(ex, 500, "text/plain", "scrape failed: " + e + "\n");
            return;
          }
          reply(ex, 200, CONTENT_TYPE, body);
        });
    server.createContext(
        "/",
        ex ->
            reply(
                ex,
                ex.getRequestURI().getPath().equals("/") ? 200 : 404,
                "text/plain",
                "Fulcrum agent: metrics at /metrics\n"));
    server.start();
    return new MetricsServer(server, exec);
  }

  /** The address actually bound (port 0 picks a free port). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    exec.shutdownNow();
  }
}
