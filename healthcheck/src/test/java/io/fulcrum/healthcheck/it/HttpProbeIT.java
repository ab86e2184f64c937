package io.fulcrum.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.HealthState;
import io.fulcrum.healthcheck.TargetKey;
import io.fulcrum.healthcheck.TargetStatus;
import io.fulcrum.healthcheck.probe.HttpProber;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpProbeIT extends NamespaceProbeBase {

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void status503IsAFailure(boolean ipv4) {
    int port = ipv4 ? 7201 : 7202;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key =
          watch(
              "http-503",
              ipv4,
              port,
              settings(CheckType.HTTP).path("/healthz").expectStatus("200-299").build());
      breakAndRepair(
          key, () -> s.behaviour.status = 503, () -> s.behaviour.status = 200, "status 503");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void wrongBodyIsAFailure(boolean ipv4) {
    int port = ipv4 ? 7203 : 7204;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key =
          watch(
              "http-body",
              ipv4,
              port,
              settings(CheckType.HTTP).host("backend.test").bodyContains("healthy").build());
      breakAndRepair(
          key,
          () -> s.behaviour.body = "status: draining",
          () -> s.behaviour.body = "status: healthy",
          "body mismatch");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void killedServerIsRefused(boolean ipv4) {
    int port = ipv4 ? 7205 : 7206;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key = watch("http-kill", ipv4, port, settings(CheckType.HTTP).build());
      breakAndRepair(key, s::kill, s::start, "refused");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void blackholedServerTimesOut(boolean ipv4) {
    int port = ipv4 ? 7207 : 7208;
    TestServers.Server s = servers.http(port).start();
    try {
      TargetKey key = watch("http-drop", ipv4, port, settings(CheckType.HTTP).build());
      breakAndRepair(key, () -> rig.blackhole("tcp dport " + port), rig::heal, "timeout");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void keptConnectionCarriesManyProbes(boolean ipv4) throws InterruptedException {
    int port = ipv4 ? 7211 : 7212;
    TestServers.Server s = servers.http(port);
    s.behaviour.keepAlive = true;
    s.start();
    try {
      TargetKey key = watch("http-keep", ipv4, port, settings(CheckType.HTTP).build());
      int before = s.behaviour.answered.get();
      int connections = s.behaviour.connections.get();
      Thread.sleep(interval.multipliedBy(8).toMillis());
      assertThat(s.behaviour.answered.get() - before).isGreaterThanOrEqualTo(5);
      assertThat(s.behaviour.connections.get()).isEqualTo(connections); // no new connection
      breakAndRepair(key, s::kill, s::start, "refused");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void brokenKeptConnectionIsRetriedOnAFreshOne(boolean ipv4) throws InterruptedException {
    int port = ipv4 ? 7213 : 7214;
    TestServers.Server s = servers.http(port);
    s.behaviour.keepAlive = true;
    s.behaviour.closeAtSecondRequest = true; // every reuse finds the connection closed
    s.start();
    try {
      TargetKey key = watch("http-retry", ipv4, port, settings(CheckType.HTTP).build());
      Thread.sleep(interval.multipliedBy(8).toMillis());
      TargetStatus st = engine.status(key).orElseThrow();
      assertThat(st.state()).isEqualTo(HealthState.UP);
      assertThat(st.consecutiveFailures()).isZero();
      assertThat(events.of(key)).noneMatch(e -> e.to() == HealthState.DOWN);
      assertThat(s.behaviour.connections.get()).isGreaterThanOrEqualTo(5);
      breakAndRepair(key, () -> rig.blackhole("tcp dport " + port), rig::heal, "timeout");
    } finally {
      s.kill();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void plainHttpTakesTheLeanPathWithOneConnectionForManyProbes(boolean ipv4)
      throws InterruptedException {
    int port = ipv4 ? 7215 : 7216;
    TestServers.Server s = servers.http(port);
    s.behaviour.keepAlive = true;
    s.start();
    try {
      long lean = HttpProber.leanConnectionsOpened();
      TargetKey key =
          watch(
              "http-lean",
              ipv4,
              port,
              settings(CheckType.HTTP).path("/healthz").bodyContains("healthy").build());
      int answered = s.behaviour.answered.get();
      Thread.sleep(interval.multipliedBy(8).toMillis());
      assertThat(s.behaviour.answered.get() - answered).isGreaterThanOrEqualTo(5);
      assertThat(s.behaviour.connections.get()).isEqualTo(1);
      // the one connection the server accepted is the lean path's
      assertThat(HttpProber.leanConnectionsOpened() - lean).isEqualTo(1);
      breakAndRepair(
          key, () -> s.behaviour.status = 503, () -> s.behaviour.status = 200, "status 503");
      assertThat(HttpProber.leanConnectionsOpened() - lean)
          .isEqualTo(s.behaviour.connections.get());
    } finally {
      s.kill();
    }
  }

  /** Answers the lean path must frame: chunked, HTTP/1.0, Connection: close, close-delimited. */
  static final List<String> ANSWERS =
      List.of(
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "7;x=1\r\nstatus:\r\n8\r\n healthy\r\n0\r\nX-Trailer: 1\r\n\r\n",
          "HTTP/1.0 200 OK\r\nContent-Length: 15\r\n\r\nstatus: healthy",
          "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 15\r\n\r\nstatus: healthy",
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstatus: healthy");

  @ParameterizedTest(name = "answer {0}, ipv4={1}, kept={2}")
  @CsvSource({
    "0, true, true", "0, false, true",
    "1, true, false", "1, false, false",
    "2, true, false", "2, false, false",
    "3, true, false", "3, false, false",
  })
  void everyFramingIsJudgedAndAGarbledAnswerIsABadResponse(int answer, boolean ipv4, boolean kept)
      throws Exception {
    int port = 7221 + answer * 2 + (ipv4 ? 0 : 1);
    String good = ANSWERS.get(answer);
    try (ScriptedServer s = ScriptedServer.start(rig.server.name(), port, good, !kept)) {
      TargetKey key =
          watch(
              "http-framing", ipv4, port, settings(CheckType.HTTP).bodyContains("healthy").build());
      int answered = s.answered.get();
      int connections = s.connections.get();
      Thread.sleep(interval.multipliedBy(8).toMillis());
      int probes = s.answered.get() - answered;
      assertThat(probes).isGreaterThanOrEqualTo(5);
      if (kept) {
        assertThat(s.connections.get()).isEqualTo(connections);
      } else {
        assertThat(s.connections.get() - connections).isGreaterThanOrEqualTo(probes - 1);
      }
      assertThat(engine.status(key).orElseThrow().consecutiveFailures()).isZero();
      breakAndRepair(
          key,
          () -> s.answer = "HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n",
          () -> s.answer = good,
          "bad response: invalid status code");
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void headAnswerHasNoBodyAndKeepsTheConnection(boolean ipv4) throws Exception {
    int port = ipv4 ? 7231 : 7232;
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
    try (ScriptedServer s = ScriptedServer.start(rig.server.name(), port, head, false)) {
      TargetKey key =
          watch("http-head", ipv4, port, settings(CheckType.HTTP).method("HEAD").build());
      int answered = s.answered.get();
      int connections = s.connections.get();
      Thread.sleep(interval.multipliedBy(8).toMillis());
      assertThat(s.answered.get() - answered).isGreaterThanOrEqualTo(5);
      assertThat(s.connections.get()).isEqualTo(connections);
      assertThat(engine.status(key).orElseThrow().consecutiveFailures()).isZero();
    }
  }

  @ParameterizedTest(name = "ipv4={0}")
  @ValueSource(booleans = {true, false})
  void serverHangingUpUnansweredIsClosedBeforeResponse(boolean ipv4) throws Exception {
    int port = ipv4 ? 7233 : 7234;
    try (ScriptedServer s = ScriptedServer.start(rig.server.name(), port, ANSWERS.get(0), false)) {
      TargetKey key = watch("http-hangup", ipv4, port, settings(CheckType.HTTP).build());
      breakAndRepair(key, () -> s.hangUp = true, () -> s.hangUp = false, "closed before response");
    }
  }

  /**
   * A blocking HTTP server in the server namespace that answers every request with a fixed text
   * (and closes after it when told to): to send what Netty's test server does not.
   */
  static final class ScriptedServer implements AutoCloseable {
    final ServerSocket listener;
    final boolean close;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile String answer;

    /** Close every connection at its next request, unanswered. */
    volatile boolean hangUp;

    private ScriptedServer(ServerSocket listener, String answer, boolean close) {
      this.listener = listener;
      this.answer = answer;
      this.close = close;
    }

    static ScriptedServer start(String netns, int port, String answer, boolean close) {
      ServerSocket l =
          NetnsThreads.call(
              netns,
              () -> {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(port));
                return ss;
              });
      ScriptedServer s = new ScriptedServer(l, answer, close);
      Thread t = new Thread(s::accept, "scripted-http-" + port);
      t.setDaemon(true);
      t.start();
      return s;
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket c = listener.accept();
          connections.incrementAndGet();
          open.add(c);
          Thread t = new Thread(() -> serve(c), "scripted-http-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void serve(Socket c) {
      try (c) {
        InputStream in = c.getInputStream();
        while (readRequest(in)) {
          if (hangUp) {
            return;
          }
          c.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
          c.getOutputStream().flush();
          answered.incrementAndGet();
          if (close) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      } finally {
        open.remove(c);
      }
    }

    /** Reads one request head; false at the end of the stream. */
    private static boolean readRequest(InputStream in) throws IOException {
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return false;
        }
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket c : open) {
        c.close();
      }
    }
  }
}
