package io.fulcrum.kubernetes.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * The fabric8 mock API server in CRUD mode as its own process (so the agent's RSS is the agent's
 * alone). Listens on loopback (plain HTTP), writes its port to the file given as the first
 * argument, and stops when its standard input closes.
 */
public final class MockApiServerMain {
  private MockApiServerMain() {}

  public static void main(String[] args) throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
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
