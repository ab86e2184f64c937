package io.fulcrum.datapath.e2e;

import static io.fulcrum.datapath.e2e.E2eTopology.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.testrig.Capabilities;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real traffic through the XDP program in native mode on veths: a client namespace talks to VIPs,
 * three backend namespaces run real HTTP, UDP and TCP echo servers (separate processes).
 */
class DatapathEndToEndIT {
  static E2eTopology topo;

  @BeforeAll
  static void setUp() {
    Capabilities.requireKernelTestRig();
    topo = new E2eTopology();
  }

  @AfterAll
  static void tearDown() {
    if (topo != null) {
      topo.close();
    }
  }

  static ServiceSpec spec(boolean v6, Protocol p, int port, int bePort, BackendState... states) {
    List<Backend> list = new ArrayList<>();
    for (int i = 1; i <= states.length; i++) {
      if (states[i - 1] != null) {
        String a = v6 ? E2eTopology.backend6(i) : E2eTopology.backend4(i);
        list.add(new Backend(ip(a), bePort, 1, states[i - 1]));
      }
    }
    InetAddress vip = ip(v6 ? E2eTopology.VIP6 : E2eTopology.VIP4);
    return new ServiceSpec(
        new ServiceKey(vip, port, p), NatMode.FULL_NAT, 0, Duration.ZERO, false, list);
  }

  static final BackendState UP = BackendState.UP;

  /** A TCP connection made inside the client namespace. */
  static Socket connect(InetAddress vip, int port) {
    return connect(vip, port, 0);
  }

  /** A TCP connection from a given client port (0: the kernel's choice). */
  static Socket connect(InetAddress vip, int port, int localPort) {
    return Bpf.inNetns(
        topo.client.name(),
        () -> {
          try {
            Socket s = new Socket();
            if (localPort != 0) {
              s.setReuseAddress(true);
              s.bind(new InetSocketAddress(localPort));
            }
            s.connect(new InetSocketAddress(vip, port), 3000);
            s.setSoTimeout(5000);
            return s;
          } catch (IOException e) {
            throw new UncheckedIOException("connect to " + vip + ":" + port, e);
          }
        });
  }

  static String http(InetAddress vip) throws IOException {
    return http(vip, 0, null);
  }

  /** One HTTP request; the client port used is added to {@code ports} (if not null). */
  static String http(InetAddress vip, int localPort, List<Integer> ports) throws IOException {
    try (Socket s = connect(vip, 80, localPort)) {
      if (ports != null) {
        ports.add(s.getLocalPort());
      }
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all).startsWith("HTTP/1.1 200");
      return all.substring(all.indexOf("\r\n\r\n") + 4).trim();
    }
  }

  static String udp(InetAddress vip) throws IOException {
    try (DatagramSocket d =
        Bpf.inNetns(
            topo.client.name(),
            () -> {
              try {
                return new DatagramSocket();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })) {
      d.setSoTimeout(3000);
      byte[] q = "who".getBytes(StandardCharsets.US_ASCII);
      d.send(new DatagramPacket(q, q.length, vip, 53));
      DatagramPacket p = new DatagramPacket(new byte[256], 256);
      d.receive(p);
      return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).trim();
    }
  }

  static void assertSpread(Map<String, Integer> hits, int total) {
    assertThat(hits).as("backends reached").containsOnlyKeys("be1", "be2", "be3");
    hits.forEach((be, n) -> assertThat(n).as("share of %s", be).isGreaterThanOrEqualTo(total / 5));
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void trafficReachesEveryBackendAndSurvivesChangesAndAReopen(boolean v6) throws Exception {
    InetAddress vip = ip(v6 ? E2eTopology.VIP6 : E2eTopology.VIP4);
    topo.dp.apply(spec(v6, Protocol.TCP, 80, 8080, UP, UP, UP));
    topo.dp.apply(spec(v6, Protocol.UDP, 53, 8053, UP, UP, UP));
    topo.dp.apply(spec(v6, Protocol.TCP, 90, 9000, UP, UP, UP));

    // hundreds of connections and datagrams reach every backend, each >= 20 %
    Map<String, Integer> hits = new TreeMap<>();
    List<Integer> toBe2 = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<Integer> port = new ArrayList<>();
      String be = http(vip, 0, port);
      hits.merge(be, 1, Integer::sum);
      if (be.equals("be2")) {
        toBe2.addAll(port);
      }
    }
    assertSpread(hits, 300);
    Map<String, Integer> udpHits = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      udpHits.merge(udp(vip), 1, Integer::sum);
    }
    assertSpread(udpHits, 300);

    // long-lived connections; removing be3 moves none of the others' flows
    List<Socket> held = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Socket s = connect(vip, 90);
      held.add(s);
      names.add(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine());
    }
    assertThat(names).contains("be1", "be2", "be3");
    topo.dp.apply(spec(v6, Protocol.TCP, 90, 9000, UP, UP, null));
    for (int i = 0; i < held.size(); i++) {
      if (!names.get(i).equals("be3")) {
        Socket s = held.get(i);
        s.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
        byte[] back = s.getInputStream().readNBytes(11);
        assertThat(new String(back, StandardCharsets.US_ASCII))
            .as("connection %d to %s", i, names.get(i))
            .isEqualTo("still here\n");
      }
    }
    for (Socket s : held) {
      s.close();
    }

    // a backend set DOWN takes no new flow, also from a client port whose last connection went
    // to it (its conntrack entry is still there, closing: the kernel may pick the port again)
    topo.dp.apply(spec(v6, Protocol.TCP, 80, 8080, UP, BackendState.DOWN, UP));
    Map<String, Integer> reused = new TreeMap<>();
    for (int port : toBe2.subList(0, Math.min(20, toBe2.size()))) {
      reused.merge(http(vip, port, null), 1, Integer::sum);
    }
    assertThat(reused).as("new connections from reused ports").doesNotContainKey("be2");
    Map<String, Integer> afterDown = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      afterDown.merge(http(vip), 1, Integer::sum);
    }
    assertThat(afterDown).doesNotContainKey("be2").containsKeys("be1", "be3");

    // a new process adopts the pinned data plane while a connection streams: no byte lost
    Streamer streamer = new Streamer(connect(vip, 90));
    streamer.start();
    E2eTopology.sleep(700);
    int progBefore = topo.attachedProgramId();
    String out = topo.reopenFromNewProcess();
    assertThat(out).contains("ADOPTED");
    assertThat(topo.attachedProgramId())
        .as("program replaced in the pinned link")
        .isNotEqualTo(progBefore);
    E2eTopology.sleep(700);
    Streamer.Result r = streamer.finish();
    assertThat(r.error()).isNull();
    assertThat(r.received()).isEqualTo(r.sent()).isGreaterThan(100_000);
    assertThat(r.maxGapMs()).as("longest pause of the echo stream").isLessThan(1000);
    // this instance keeps working on the adopted maps
    assertThat(topo.dp.flowCount()).isGreaterThan(0);
  }
}
