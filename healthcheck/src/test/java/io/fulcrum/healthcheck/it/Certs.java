package io.fulcrum.healthcheck.it;

import io.fulcrum.testrig.Sh;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test certificates made with the openssl command: a CA, a server certificate it signs (for
 * backend.test and both server addresses), and a self-signed "rogue" certificate for the same names
 * that verification must refuse.
 */
public final class Certs implements AutoCloseable {
  public static final String NAME = "backend.test";
  private final Path dir;
  public final Path caPem;
  public final SslContext good;
  public final SslContext rogue;

  public Certs() {
    try {
      dir = Files.createTempDirectory("fulcrum-hc-certs");
      Path ext = dir.resolve("san.ext");
      Files.writeString(
          ext,
          "subjectAltName=DNS:" + NAME + ",IP:" + Rig.SERVER_V4 + ",IP:" + Rig.SERVER_V6 + "\n");
      caPem = dir.resolve("ca.pem");
      String ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
      openssl("req -x509 " + ec + " -keyout ca.key -out ca.pem -days 2 -subj /CN=fulcrum-test-ca");
      openssl("req " + ec + " -keyout srv.key -out srv.csr -subj /CN=" + NAME);
      openssl(
          "x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2"
              + " -extfile san.ext");
      openssl(
          "req -x509 "
              + ec
              + " -keyout rogue.key -out rogue.pem -days 2 -subj /CN="
              + NAME
              + " -addext subjectAltName=DNS:"
              + NAME
              + ",IP:"
              + Rig.SERVER_V4
              + ",IP:"
              + Rig.SERVER_V6);
      good = server("srv");
      rogue = server("rogue");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SslContext server(String name) throws IOException {
    return SslContextBuilder.forServer(
            dir.resolve(name + ".pem").toFile(), dir.resolve(name + ".key").toFile())
        .sslProvider(SslProvider.JDK)
        .build();
  }

  private void openssl(String args) {
    Sh.exec("sh", "-c", "cd " + dir + " && openssl " + args + " 2>&1");
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
