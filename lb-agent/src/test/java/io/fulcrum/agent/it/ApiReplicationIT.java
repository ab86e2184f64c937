package io.fulcrum.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testrig.Sh;
import io.fulcrum.testrig.election.AgentCluster;
import io.fulcrum.testrig.election.AgentNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real agents with the election and the REST API: a change made through any agent's API (an
 * API-owned service, a backend drain, a health-check setting) goes through the Raft group, so every
 * agent shows and applies it; the service created on one node carries client traffic from whichever
 * node owns its VIP; a restarted agent keeps the changes; an agent that was down while a change was
 * made applies it when it comes back.
 */
class ApiReplicationIT {
  static final String TOKEN = "replication-it-token-0123456789";
  static final int API_PORT = 8481;
  static final String API_VIP = AgentCluster.SUBNET + "101";
  static final String SVC = "/api/v1/services";
  static final String SHOP = SVC + "/shop";
  static final String B1 = AgentCluster.backendIp(1) + ":8080";
  static final String B2 = AgentCluster.backendIp(2) + ":8080";

  AgentCluster cluster;
  Path work;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
    if (work != null) {
      Sh.run(List.of("rm", "-rf", work.toString()));
    }
  }

  /** One API call from inside the node's namespace: the status code, then the body. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return ApiRig.JSON.readTree(body);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  static Reply call(AgentNode n, String method, String path, String body) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "curl",
                "-s",
                "-m",
                "10",
                "-w",
                "\n%{http_code}",
                "-X",
                method,
                "-H",
                "Authorization: Bearer " + TOKEN));
    if (body != null) {
      cmd.addAll(List.of("-H", "Content-Type: application/json", "--data", body));
    }
    cmd.add("http://127.0.0.1:" + API_PORT + path);
    Sh.Result r = n.ns().run(cmd.toArray(String[]::new));
    String out = r.stdout();
    int nl = out.lastIndexOf('\n');
    int status = nl < 0 ? 0 : Integer.parseInt(out.substring(nl + 1).trim());
    return new Reply(status, nl < 0 ? out : out.substring(0, nl));
  }

  static String shop() {
    return "{\"name\":\"shop\",\"vip\":\""
        + API_VIP
        + "\",\"port\":80,\"backends\":[{\"address\":\""
        + AgentCluster.backendIp(1)
        + "\",\"port\":8080},{\"address\":\""
        + AgentCluster.backendIp(2)
        + "\",\"port\":8080}]}";
  }

  static String adminState(AgentNode n, String backend) {
    Reply r = call(n, "GET", SHOP + "/backends/" + backend, null);
    return r.status() == 200 ? r.json().get("adminState").asText() : "status " + r.status();
  }

  static int interval(AgentNode n) {
    Reply r = call(n, "GET", SHOP + "/healthcheck", null);
    return r.status() == 200 ? r.json().get("intervalMillis").asInt() : -r.status();
  }

  @Test
  void changeThroughAnyAgentReachesEveryAgentAndSurvivesRestarts() throws Exception {
    ElectionRig.requireTools();
    work = Files.createTempDirectory("fulcrum-api-replication");
    Path token = work.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    cluster =
        new AgentCluster(
            ElectionRig.JAR,
            work,
            3,
            ElectionRig.TEST_TIMINGS,
            n ->
                "api:\n  enabled: true\n  listen: 127.0.0.1:"
                    + API_PORT
                    + "\n  tokenFile: "
                    + token
                    + "\n  stateDir: "
                    + n.dir().resolve("api")
                    + "\n");
    AgentNode a = cluster.node(0);
    AgentNode b = cluster.node(1);
    AgentNode c = cluster.node(2);

    // created through a's API: every agent lists it as API-owned, the client reaches it
    Reply created = call(a, "POST", SVC, shop());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    for (AgentNode n : cluster.nodes()) {
      ElectionRig.await(30)
          .untilAsserted(
              () -> {
                Reply r = call(n, "GET", SHOP, null);
                assertThat(r.status()).as("%s: %s", n, r.body()).isEqualTo(200);
                assertThat(r.json().get("source").asText()).isEqualTo("api");
              });
    }
    ElectionRig.await(30).until(() -> cluster.clientGet(API_VIP).startsWith("backend-"));

    // a drain on b and a health-check change on c: every agent shows both
    Reply drained = call(b, "POST", SHOP + "/backends/" + B2 + "/drain", null);
    assertThat(drained.status()).as(drained.body()).isEqualTo(200);
    Reply patched = call(c, "PATCH", SHOP + "/healthcheck", "{\"intervalMillis\":1500}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    for (AgentNode n : cluster.nodes()) {
      ElectionRig.await(30).until(() -> "draining".equals(adminState(n, B2)));
      ElectionRig.await(30).until(() -> interval(n) == 1500);
    }
    // new flows through the VIP go to the backend left (whichever node owns the VIP)
    ElectionRig.await(10)
        .untilAsserted(
            () -> {
              for (int i = 0; i < 10; i++) {
                assertThat(cluster.clientGet(API_VIP)).isEqualTo("backend-1");
              }
            });

    // a restarted agent keeps what the group holds
    b.killAgent();
    b.start(120);
    assertThat(call(b, "GET", SHOP, null).status()).isEqualTo(200);
    assertThat(adminState(b, B2)).isEqualTo("draining");
    assertThat(interval(b)).isEqualTo(1500);

    // the leader dies: changes made meanwhile (while the others elect a new one) are committed,
    // and reach the old leader when it comes back
    ElectionRig.await(30).until(() -> cluster.leader() != null);
    AgentNode down = cluster.leader();
    down.killAgent();
    List<AgentNode> up = cluster.nodes().stream().filter(n -> n != down).toList();
    Reply enabled = call(up.get(0), "POST", SHOP + "/backends/" + B2 + "/enable", null);
    assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
    Reply deleted = call(up.get(1), "DELETE", SVC + "/shop", null);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    down.start(120);
    ElectionRig.await(30).until(() -> call(down, "GET", SHOP, null).status() == 404);
    for (AgentNode n : cluster.nodes()) {
      assertThat(call(n, "GET", SHOP, null).status()).isEqualTo(404);
    }
    assertThat(adminState(a, B1)).isEqualTo("status 404");
  }
}
