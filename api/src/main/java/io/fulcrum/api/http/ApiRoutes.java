package io.fulcrum.api.http;

import static io.fulcrum.api.http.ApiServer.API;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.BackendStatus;
import io.fulcrum.api.port.HealthCheckSettings;
import io.fulcrum.api.port.MetricsSource;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.ServiceEntry;
import io.fulcrum.api.port.Violation;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The handlers: thin adapters from HTTP to the ports. */
final class ApiRoutes {
  private final ApiPorts ports;
  private final ObjectMapper mapper;
  private final int maxBodyBytes;
  private final byte[] openApi;

  ApiRoutes(ApiPorts ports, ObjectMapper mapper, int maxBodyBytes, byte[] openApi) {
    this.ports = ports;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
    this.openApi = openApi;
  }

  /** A service as the API shows it. */
  record ServiceView(
      String name,
      String source,
      boolean readOnly,
      String vip,
      int port,
      String protocol,
      String mode,
      int affinityTimeoutSeconds,
      int maglevTableSize,
      List<BackendDefinition> backends) {
    static ServiceView of(ServiceEntry e) {
      ServiceDefinition d = e.definition();
      return new ServiceView(
          d.name(),
          e.source().wire(),
          !e.source().writableOverApi(),
          d.vip(),
          d.port(),
          d.protocol().wire(),
          d.mode().wire(),
          d.affinityTimeoutSeconds(),
          d.maglevTableSize(),
          d.backends());
    }
  }

  record ServiceList(List<ServiceView> services) {}

  record BackendList(String service, List<BackendStatus> backends) {}

  void register(Javalin app) {
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    app.get("/readyz", this::readyz);
    app.get(
        "/metrics",
        ctx -> ctx.contentType(MetricsSource.CONTENT_TYPE).result(ports.metrics().scrape()));
    app.get(API + "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.get(API + "/status", ctx -> ctx.json(ports.status().status()));

    app.get(
        API + "/services",
        ctx ->
            ctx.json(
                new ServiceList(ports.services().list().stream().map(ServiceView::of).toList())));
    app.post(API + "/services", this::createService);
    app.get(API + "/services/{name}", ctx -> ctx.json(ServiceView.of(service(ctx))));
    app.put(API + "/services/{name}", this::replaceService);
    app.delete(API + "/services/{name}", this::deleteService);

    app.get(
        API + "/services/{name}/backends",
        ctx -> {
          String name = name(ctx);
          ctx.json(new BackendList(name, ports.backends().backends(name)));
        });
    app.get(API + "/services/{name}/backends/{backend}", this::getBackend);
    for (AdminState s : AdminState.values()) {
      String verb =
          switch (s) {
            case ENABLED -> "enable";
            case DRAINING -> "drain";
            case DISABLED -> "disable";
          };
      app.post(API + "/services/{name}/backends/{backend}/" + verb, ctx -> setAdmin(ctx, s));
    }

    app.get(
        API + "/services/{name}/healthcheck",
        ctx -> settings(ctx, ports.healthChecks().get(name(ctx))));
    app.put(
        API + "/services/{name}/healthcheck",
        ctx -> {
          String name = name(ctx);
          JsonNode body = body(ctx, false);
          settings(
              ctx,
              ports
                  .healthChecks()
                  .put(name, HealthCheckRequests.settings(body), ctx.header("If-Match")));
        });
    app.patch(
        API + "/services/{name}/healthcheck",
        ctx -> {
          String name = name(ctx);
          JsonNode body = body(ctx, true);
          settings(
              ctx,
              ports
                  .healthChecks()
                  .patch(name, HealthCheckRequests.patch(body), ctx.header("If-Match")));
        });
  }

  /** Health-check settings with their entity tag, for read-modify-write with If-Match. */
  private static void settings(Context ctx, HealthCheckSettings s) {
    ctx.header("ETag", s.etag()).json(s);
  }

  private void readyz(Context ctx) {
    List<String> why = ports.readiness().notReadyReasons();
    if (why.isEmpty()) {
      ctx.json(Map.of("status", "ready"));
    } else {
      ctx.status(503).json(Map.of("status", "not-ready", "reasons", why));
    }
  }

  private void createService(Context ctx) {
    JsonNode body = body(ctx, false);
    ServiceDefinition d = ServiceRequests.read(body, null);
    ServiceEntry e = ports.services().create(d);
    ctx.status(201).header("Location", API + "/services/" + d.name()).json(ServiceView.of(e));
  }

  private void replaceService(Context ctx) {
    String name = name(ctx);
    JsonNode body = body(ctx, false);
    ServiceDefinition d = ServiceRequests.read(body, name);
    ctx.json(ServiceView.of(ports.services().replace(d)));
  }

  private void deleteService(Context ctx) {
    String name = name(ctx);
    requireNoBody(ctx);
    ports.services().delete(name);
    ctx.status(204);
  }

  private ServiceEntry service(Context ctx) {
    String name = name(ctx);
    return ports
        .services()
        .get(name)
        .orElseThrow(() -> ProblemException.notFound("service '" + name + "' does not exist"));
  }

  private void getBackend(Context ctx) {
    String name = name(ctx);
    String backend = backend(ctx);
    List<BackendStatus> all = ports.backends().backends(name);
    List<BackendStatus> hits = new ArrayList<>();
    for (BackendStatus b : all) {
      if (b.id().equals(backend)) {
        ctx.json(b);
        return;
      }
      if (b.address().equals(backend)) {
        hits.add(b);
      }
    }
    if (hits.size() == 1) {
      ctx.json(hits.get(0));
      return;
    }
    throw ProblemException.notFound(
        hits.isEmpty()
            ? "service '" + name + "' has no backend '" + backend + "'"
            : "service '" + name + "' has several backends at " + backend + "; add the port");
  }

  private void setAdmin(Context ctx, AdminState s) {
    String name = name(ctx);
    String backend = backend(ctx);
    requireNoBody(ctx);
    ctx.json(ports.backends().setAdminState(name, backend, s));
  }

  /** The validated {name} path parameter. */
  private static String name(Context ctx) {
    String name = ctx.pathParam("name");
    Optional<Violation> v = ServiceRequests.nameViolation("name", name);
    if (v.isPresent()) {
      throw new ProblemException(
          400,
          "invalid-path-parameter",
          "Invalid path parameter",
          v.get().message(),
          List.of(v.get()));
    }
    return name;
  }

  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\](?::(\\d{1,5}))?");
  private static final Pattern V4_PORT = Pattern.compile("([0-9.]+):(\\d{1,5})");

  /** The {backend} path parameter in canonical form: {@code address} or {@code address:port}. */
  private static String backend(Context ctx) {
    String raw = ctx.pathParam("backend");
    String address = raw;
    String port = null;
    Matcher m = BRACKETED.matcher(raw);
    Matcher m4 = V4_PORT.matcher(raw);
    if (m.matches()) {
      address = m.group(1);
      port = m.group(2);
    } else if (m4.matches()) {
      address = m4.group(1);
      port = m4.group(2);
    }
    Optional<InetAddress> a = IpAddresses.parse(address);
    int p = port == null ? 0 : Integer.parseInt(port);
    if (a.isEmpty() || (port != null && (p < 1 || p > 65535))) {
      Violation v =
          new Violation(
              "backend",
              Rules.PATTERN,
              "backend must be an IP address or address:port ([v6]:port), was '"
                  + Sanitize.forMessage(raw)
                  + "'");
      throw new ProblemException(
          400, "invalid-path-parameter", "Invalid path parameter", v.message(), List.of(v));
    }
    String canonical = IpAddresses.canonical(a.get());
    return port == null ? canonical : BackendDefinition.id(canonical, p);
  }

  /** Reads and parses a JSON body (size-limited, content type checked). */
  private JsonNode body(Context ctx, boolean mergePatch) {
    String ct = ctx.contentType();
    String media = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean ok =
        media.equals("application/json")
            || (mergePatch && media.equals("application/merge-patch+json"));
    if (ct != null && ct.toLowerCase(Locale.ROOT).contains("charset=")) {
      ok &= ct.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8");
    }
    if (!ok) {
      throw new ProblemException(
          415,
          "unsupported-media-type",
          "Unsupported Media Type",
          "the body must be application/json (UTF-8)"
              + (mergePatch ? " or application/merge-patch+json" : ""));
    }
    byte[] bytes = readLimited(ctx);
    if (bytes.length == 0) {
      throw ProblemException.badRequest("malformed-json", "Malformed JSON", "the body is empty");
    }
    try {
      JsonNode n = mapper.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw ProblemException.badRequest("malformed-json", "Malformed JSON", "the body is empty");
      }
      return n;
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      throw ProblemException.badRequest(
          "malformed-json",
          "Malformed JSON",
          "the body is not valid JSON"
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
    } catch (IOException e) {
      throw ProblemException.badRequest("malformed-json", "Malformed JSON", "unreadable body");
    }
  }

  private byte[] readLimited(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      byte[] b = ctx.req().getInputStream().readNBytes(maxBodyBytes + 1);
      if (b.length > maxBodyBytes) {
        throw tooLarge();
      }
      return b;
    } catch (IOException e) {
      throw ProblemException.badRequest("unreadable-body", "Bad Request", "cannot read the body");
    }
  }

  private ProblemException tooLarge() {
    return new ProblemException(
        413,
        "payload-too-large",
        "Payload Too Large",
        "the body is larger than " + maxBodyBytes + " bytes");
  }

  /** Actions and DELETE take no body; one that is sent is refused rather than ignored. */
  private void requireNoBody(Context ctx) {
    if (readLimited(ctx).length > 0) {
      throw ProblemException.badRequest(
          "unexpected-body", "Unexpected body", "this request takes no body");
    }
  }
}
