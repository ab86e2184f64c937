package io.fulcrum.healthcheck.it;

import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.TargetKey;
import org.junit.jupiter.params.ParameterizedTest;
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
}
