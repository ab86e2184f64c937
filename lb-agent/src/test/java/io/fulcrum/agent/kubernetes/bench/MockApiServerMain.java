package io.fulcrum.agent.kubernetes.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 mock API server (CRUD mode, with the {@link IndexedCrudDispatcher}) as its own
 * process, so the agent's RSS is the agent's alone. Listens on loopback (plain HTTP), writes its
 * port to the file given as the first argument, and stops when its standard input closes.
 */
public final class MockApiServerMain {
  private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

  private MockApiServerMain() {}

  public static void main(String[] args) throws Exception {
    // the mock web server logs every request through java.util.logging: 40,000 lines per run
    QUIET.setLevel(Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new IndexedCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    Files.writeString(Path.of(args[0]), Integer.toString(server.getPort()));
    System.out.println("mock API server on 127.0.0.1:" + server.getPort());
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin
    }
    server.destroy();
  }
}
