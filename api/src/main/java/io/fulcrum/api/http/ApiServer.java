package io.fulcrum.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.api.json.Json;
import io.fulcrum.api.port.PortException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: resources under {@code /api/v1} over the ports it is given, {@code /healthz},
 * {@code /readyz} and {@code /metrics}. Every path but those three needs the bearer token.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final String API = "/api/v1";
  static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/readyz", "/metrics");

  private final ApiConfig config;
  private final BearerToken token;
  private final ObjectMapper mapper = Json.strictMapper();
  private final Javalin app;
  private volatile ServerConnector connector;

  /**
   * Builds the server (reads the token file, and the TLS password file when TLS is on); {@link
   * #start()} binds it.
   */
  public ApiServer(ApiConfig config, ApiPorts ports) {
    this.config = config;
    this.token = BearerToken.fromFile(config.tokenFile());
    String tlsPassword = config.tls() == null ? null : readPassword(config.tls());
    byte[] openApi = loadOpenApi();
    this.app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.startupWatcherEnabled = false;
              c.http.prefer405over404 = true;
              c.http.maxRequestSize = config.maxBodyBytes();
              c.jsonMapper(new JavalinJackson(mapper, false));
              c.jetty.addConnector((server, http) -> connector(server, http, tlsPassword));
              c.jetty.modifyServer(s -> s.setErrorHandler(new ProblemErrorHandler()));
              c.jetty.modifyServletContextHandler(
                  h -> h.setErrorHandler(new ProblemErrorHandler()));
              c.requestLogger.http(
                  (ctx, ms) ->
                      LOG.debug(
                          "{} {} -> {} ({} ms)",
                          ctx.method(),
                          Sanitize.forMessage(ctx.path()),
                          ctx.statusCode(),
                          ms.longValue()));
            });
    app.before(this::guard);
    new ApiRoutes(ports, mapper, config.maxBodyBytes(), openApi).register(app);
    app.exception(ProblemException.class, (e, ctx) -> problem(ctx, e));
    app.exception(PortException.class, (e, ctx) -> problem(ctx, fromPort(e)));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String allowed = e.getDetails() == null ? null : e.getDetails().get("availableMethods");
          if (e.getStatus() == 405 && allowed != null) {
            ctx.header("Allow", allowed);
          }
          problem(ctx, fromJavalin(e));
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("unexpected error on {} {}", ctx.method(), Sanitize.forMessage(ctx.path()), e);
          problem(
              ctx,
              new ProblemException(
                  500, "internal-error", "Internal Server Error", "unexpected server error"));
        });
  }

  private Connector connector(Server server, HttpConfiguration http, String tlsPassword) {
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector c;
    if (config.tls() == null) {
      c = new ServerConnector(server, new HttpConnectionFactory(http));
    } else {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(config.tls().keyStore().toAbsolutePath().toString());
      ssl.setKeyStoreType(config.tls().keyStoreType());
      ssl.setKeyStorePassword(tlsPassword);
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      HttpConfiguration https = new HttpConfiguration(http);
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false);
      https.addCustomizer(src);
      c =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    }
    c.setHost(config.host());
    c.setPort(config.port());
    connector = c;
    return c;
  }

  private static String readPassword(ApiConfig.Tls tls) {
    try {
      return Files.readString(tls.passwordFile(), StandardCharsets.UTF_8)
          .lines()
          .findFirst()
          .orElse("")
          .strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS key store password file", e);
    }
  }

  static byte[] loadOpenApi() {
    try (InputStream in = ApiServer.class.getResourceAsStream("/io/fulcrum/api/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Binds the listen address and starts serving. */
  public ApiServer start() {
    app.start();
    LOG.info(
        "REST API listening on {}://{}:{}",
        config.tls() == null ? "http" : "https",
        config.host(),
        port());
    return this;
  }

  /** The bound port (useful when the configured port was 0). */
  public int port() {
    ServerConnector c = connector;
    return c == null ? -1 : c.getLocalPort();
  }

  /** Base URI, e.g. {@code http://127.0.0.1:7480}. */
  public URI baseUri() {
    String host = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
    return URI.create((config.tls() == null ? "http" : "https") + "://" + host + ":" + port());
  }

  @Override
  public void close() {
    app.stop();
  }

  /** Before every request: refuse path tricks and unauthenticated calls. */
  private void guard(Context ctx) {
    String raw = ctx.req().getRequestURI();
    if (raw != null && suspiciousPath(raw)) {
      throw ProblemException.badRequest(
          "invalid-path", "Invalid path", "the path holds dot segments or encoded separators");
    }
    if (PUBLIC_PATHS.contains(ctx.path())) {
      return;
    }
    if (!token.accepts(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"fulcrum\"");
      throw new ProblemException(401, "unauthorized", "Unauthorized", null);
    }
  }

  static boolean suspiciousPath(String raw) {
    String lower = raw.toLowerCase(Locale.ROOT);
    return lower.contains("%2e")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
        || lower.contains("\\")
        || lower.contains("//")
        || lower.contains("/./")
        || lower.contains("/../")
        || lower.endsWith("/.")
        || lower.endsWith("/..");
  }

  private void problem(Context ctx, ProblemException e) {
    ctx.status(e.status);
    ctx.contentType(Problem.CONTENT_TYPE);
    try {
      ctx.result(mapper.writeValueAsBytes(e.toProblem(Sanitize.forMessage(ctx.path()))));
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
  }

  private static ProblemException fromPort(PortException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> ProblemException.notFound(e.getMessage());
      case ALREADY_EXISTS ->
          new ProblemException(409, "already-exists", "Conflict", e.getMessage());
      case READ_ONLY -> new ProblemException(409, "read-only", "Read-only", e.getMessage());
      case INVALID -> ProblemException.invalid(e.violations());
      case PRECONDITION_FAILED ->
          new ProblemException(412, "precondition-failed", "Precondition Failed", e.getMessage());
      case UNAVAILABLE ->
          new ProblemException(503, "unavailable", "Service Unavailable", e.getMessage());
    };
  }

  private ProblemException fromJavalin(HttpResponseException e) {
    int s = e.getStatus();
    return switch (s) {
      case 404 -> ProblemException.notFound("no such resource");
      case 405 -> {
        Map<String, String> d = e.getDetails();
        String allowed = d == null ? null : d.get("availableMethods");
        yield new ProblemException(
            405,
            "method-not-allowed",
            "Method Not Allowed",
            allowed == null ? "method not allowed here" : "allowed methods: " + allowed);
      }
      case 413 ->
          new ProblemException(
              413,
              "payload-too-large",
              "Payload Too Large",
              "the body is larger than " + config.maxBodyBytes() + " bytes");
      default -> new ProblemException(s, "http-" + s, e.getMessage(), null);
    };
  }
}
