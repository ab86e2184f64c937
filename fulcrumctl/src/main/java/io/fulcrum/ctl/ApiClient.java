package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Talks to the Fulcrum REST API; a non-2xx answer becomes an {@link ApiError}. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http;

  ApiClient(URI base, String token, SSLContext ssl, Duration timeout) {
    this.base = base;
    this.token = token;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  /** An API answer other than 2xx: its status and problem document (or raw body). */
  static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient JsonNode problem;

    ApiError(int status, JsonNode problem, String message) {
      super(message);
      this.status = status;
      this.problem = problem;
    }
  }

  /** Percent-encodes one path segment (service names, backend ids such as [2001:db8::1]:80). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonNode get(String path) throws ApiError, IOException {
    return send(request(path).GET());
  }

  JsonNode post(String path) throws ApiError, IOException {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  JsonNode patch(String path, JsonNode body) throws ApiError, IOException {
    return send(
        request(path)
            .header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private JsonNode send(HttpRequest.Builder b) throws ApiError, IOException {
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode body = null;
    try {
      body = r.body().isEmpty() ? null : JSON.readTree(r.body());
    } catch (IOException e) {
      // not JSON: keep null, report the status
    }
    if (r.statusCode() / 100 != 2) {
      throw new ApiError(r.statusCode(), body, describe(r.statusCode(), body));
    }
    return body;
  }

  static String describe(int status, JsonNode problem) {
    StringBuilder sb = new StringBuilder().append(status);
    if (problem != null && problem.has("title")) {
      sb.append(' ').append(problem.get("title").asText());
    }
    if (problem != null && problem.hasNonNull("detail")) {
      sb.append(": ").append(problem.get("detail").asText());
    }
    if (problem != null && problem.path("errors").size() == 1) {
      JsonNode e = problem.get("errors").get(0);
      sb.append(" [")
          .append(e.path("field").asText())
          .append(": ")
          .append(e.path("rule").asText())
          .append(']');
    } else if (problem != null && problem.has("errors")) {
      for (JsonNode e : problem.get("errors")) {
        sb.append("\n  ")
            .append(e.path("field").asText())
            .append(" [")
            .append(e.path("rule").asText())
            .append("]: ")
            .append(e.path("message").asText());
      }
    }
    if (status == 401) {
      sb.append(" (check the token: --token-file or FULCRUM_TOKEN_FILE)");
    }
    return sb.toString();
  }
}
