package io.fulcrum.ctl;

import io.fulcrum.api.http.ApiConfig;
import io.fulcrum.api.http.ApiPorts;
import io.fulcrum.api.http.ApiServer;
import io.fulcrum.api.memory.InMemoryBackendControl;
import io.fulcrum.api.memory.InMemoryHealthCheckSettings;
import io.fulcrum.api.memory.InMemoryReadiness;
import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import io.fulcrum.api.memory.InMemoryServiceCatalog;
import io.fulcrum.api.memory.InMemoryStatusProvider;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.MetricsSource;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.Protocol;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/** A real API server over in-memory ports, and a way to run fulcrumctl commands against it. */
final class CtlFixture implements AutoCloseable {
  static final String TOKEN = "ctl-test-token-0123456789";

  final Path dir;
  final Path tokenFile;
  final InMemoryRuntimeSettingsStore store = new InMemoryRuntimeSettingsStore();
  final InMemoryServiceCatalog catalog = new InMemoryServiceCatalog(store);
  final InMemoryBackendControl backends = new InMemoryBackendControl(catalog, store);
  final InMemoryHealthCheckSettings healthChecks = new InMemoryHealthCheckSettings(catalog, store);
  final InMemoryStatusProvider status = new InMemoryStatusProvider("node-a");
  final ApiServer server;

  record Result(int exit, String out, String err) {}

  CtlFixture() {
    try {
      dir = Files.createTempDirectory("fulcrumctl-test");
      tokenFile = dir.resolve("token");
      Files.writeString(tokenFile, TOKEN + "\n");
      Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    catalog.create(
        new ServiceDefinition(
            "web",
            "198.18.0.10",
            80,
            Protocol.TCP,
            NatMode.FULL_NAT,
            0,
            0,
            List.of(
                new BackendDefinition("198.18.1.2", 8080, 1),
                new BackendDefinition("198.18.1.3", 8080, 2))));
    catalog.replaceSource(
        Source.FILE,
        List.of(
            new ServiceDefinition(
                "static", "2001:db8::10", 53, Protocol.UDP, NatMode.DNAT, 0, 0, List.of())));
    server =
        new ApiServer(
                ApiConfig.defaults(tokenFile).withPort(0),
                new ApiPorts(
                    catalog,
                    backends,
                    healthChecks,
                    status,
                    new InMemoryReadiness(),
                    MetricsSource.EMPTY))
            .start();
  }

  /** The environment a user would have: API URL and token file. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("FULCRUM_API_URL", server.baseUri().toString());
    env.put("FULCRUM_TOKEN_FILE", tokenFile.toString());
    return env;
  }

  Result run(String... args) {
    return run(env(), args);
  }

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FulcrumCtl.commandLine(env);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
