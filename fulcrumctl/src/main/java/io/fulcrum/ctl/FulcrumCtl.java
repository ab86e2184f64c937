package io.fulcrum.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code fulcrumctl}: the command-line client of the Fulcrum REST API. */
@Command(
    name = "fulcrumctl",
    mixinStandardHelpOptions = true,
    version = "fulcrumctl 0.1.0",
    description = "Inspect and tune a Fulcrum agent through its REST API.",
    subcommands = {
      ServicesCommand.class,
      BackendsCommand.class,
      BackendCommand.class,
      HealthCheckCommand.class,
      StatusCommand.class
    },
    footer = {
      "",
      "Environment: FULCRUM_API_URL, FULCRUM_TOKEN_FILE, FULCRUM_TOKEN, FULCRUM_CACERT%n"
    })
public final class FulcrumCtl implements Callable<Integer> {
  /** Exit status of a command the API refused or could not be reached for. */
  static final int API_FAILED = 1;

  /** Exit status of a command line that cannot be understood. */
  static final int USAGE = 2;

  static final String DEFAULT_URL = "http://127.0.0.1:7480";

  /** How results are printed. */
  enum Output {
    table,
    json
  }

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  @Option(
      names = {"-a", "--api-url"},
      description = "API base URL (default: $FULCRUM_API_URL or " + DEFAULT_URL + ")",
      scope = ScopeType.INHERIT)
  String apiUrl;

  @Option(
      names = "--token-file",
      description = "file holding the bearer token (default: $FULCRUM_TOKEN_FILE)",
      scope = ScopeType.INHERIT)
  Path tokenFile;

  @Option(
      names = "--token",
      description = "the bearer token itself (prefer --token-file; default: $FULCRUM_TOKEN)",
      scope = ScopeType.INHERIT)
  String token;

  @Option(
      names = "--cacert",
      description = "PEM certificate to trust for https (default: $FULCRUM_CACERT)",
      scope = ScopeType.INHERIT)
  Path caCert;

  @Option(
      names = {"-o", "--output"},
      description = "table (for people) or json (for scripts); default table",
      scope = ScopeType.INHERIT)
  Output output;

  public FulcrumCtl() {
    this(System.getenv());
  }

  FulcrumCtl(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cl = new CommandLine(new FulcrumCtl(env));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return USAGE;
  }

  Output output() {
    return output == null ? Output.table : output;
  }

  /** The client, from flags first, then the environment. */
  ApiClient client() throws IOException {
    String url = apiUrl != null ? apiUrl : env.getOrDefault("FULCRUM_API_URL", DEFAULT_URL);
    URI base;
    try {
      base = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "bad API URL '" + url + "'");
    }
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "API URL must start with http:// or https://, was '" + url + "'");
    }
    Path ca = caCert != null ? caCert : pathFromEnv("FULCRUM_CACERT");
    return new ApiClient(
        base, resolveToken(), ca == null ? null : trusting(ca), Duration.ofSeconds(10));
  }

  private Path pathFromEnv(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  private String resolveToken() throws IOException {
    if (token != null) {
      return token.strip();
    }
    Path file = tokenFile;
    if (file == null && env.get("FULCRUM_TOKEN") != null) {
      return env.get("FULCRUM_TOKEN").strip();
    }
    if (file == null) {
      file = pathFromEnv("FULCRUM_TOKEN_FILE");
    }
    if (file == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "no API token: give --token-file FILE (or set FULCRUM_TOKEN_FILE or FULCRUM_TOKEN)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
  }

  private static SSLContext trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot use CA certificate " + pem + ": " + e.getMessage(), e);
    }
  }

  /** Runs one API call and prints its result: the JSON as is, or the table {@code render} makes. */
  int run(CommandSpec sub, ApiCall call, java.util.function.Function<JsonNode, String> render) {
    java.io.PrintWriter out = sub.commandLine().getOut();
    java.io.PrintWriter err = sub.commandLine().getErr();
    String url = apiUrl != null ? apiUrl : env.getOrDefault("FULCRUM_API_URL", DEFAULT_URL);
    try {
      JsonNode result = call.call(client());
      if (output() == Output.json) {
        out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
      } else {
        out.print(render.apply(result));
      }
      out.flush();
      return 0;
    } catch (ApiClient.ApiError e) {
      if (output() == Output.json && e.problem != null) {
        err.println(e.problem.toString());
      } else {
        err.println("error: " + e.getMessage());
      }
      err.flush();
      return API_FAILED;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return USAGE;
    } catch (IOException e) {
      err.println("error: cannot reach the API at " + url + ": " + e.getMessage());
      err.flush();
      return API_FAILED;
    }
  }

  /** One call to the API. */
  @FunctionalInterface
  interface ApiCall {
    JsonNode call(ApiClient client) throws ApiClient.ApiError, IOException;
  }
}
