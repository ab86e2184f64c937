package io.fulcrum.agent.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.bgp.BgpStatus;
import io.fulcrum.api.port.NodeStatus;
import io.fulcrum.bgp.PeerStatus;
import io.fulcrum.election.ElectionStatus;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentStatusTest {
  private static final NodeStatus.DataPlane DP =
      new NodeStatus.DataPlane(true, "eth0", "native", null);

  @Test
  void withoutElectionOrBgpTheNodeIsStandaloneWithNoOwnersOrSessions() {
    NodeStatus s = new AgentStatus("n1", DP, List::of, AgentStatus.Modules.NONE).status();
    assertThat(s.node()).isEqualTo("n1");
    assertThat(s.election().role()).isEqualTo("standalone");
    assertThat(s.vips()).isEmpty();
    assertThat(s.bgpSessions()).isEmpty();
  }

  @Test
  void electionAndBgpStatusAreReportedInTheApisTerms() throws Exception {
    ElectionStatus e =
        new ElectionStatus(
            "198.18.0.12:7411",
            "FOLLOWER",
            7,
            "198.18.0.11:7411",
            Map.of("198.18.100.2", "198.18.0.13:7411", "198.18.100.1", "198.18.0.12:7411"),
            Set.of("198.18.100.1"),
            Set.of("198.18.0.13:7411", "198.18.0.11:7411", "198.18.0.12:7411"),
            Map.of(),
            Map.of(),
            1);
    BgpStatus b =
        new BgpStatus(
            64512,
            "198.18.0.12",
            List.of(
                new PeerStatus(
                    InetAddress.getByName("198.18.0.254"),
                    64500,
                    "ESTABLISHED",
                    1_790_000_000_000L,
                    null,
                    2,
                    3,
                    1,
                    0,
                    "down")),
            List.of("198.18.100.1/32"));
    NodeStatus s =
        new AgentStatus("host", DP, List::of, new AgentStatus.Modules(() -> e, () -> b)).status();
    assertThat(s.node()).isEqualTo("198.18.0.12:7411");
    assertThat(s.election())
        .isEqualTo(
            new NodeStatus.Election(
                "follower",
                7,
                "198.18.0.11:7411",
                List.of("198.18.0.11:7411", "198.18.0.12:7411", "198.18.0.13:7411")));
    assertThat(s.vips())
        .containsExactly(
            new NodeStatus.VipOwner("198.18.100.1", "198.18.0.12:7411", true),
            new NodeStatus.VipOwner("198.18.100.2", "198.18.0.13:7411", false));
    assertThat(s.bgpSessions())
        .containsExactly(
            new NodeStatus.BgpSession(
                "198.18.0.254", 64500, "established", Instant.ofEpochMilli(1_790_000_000_000L), 2));
  }
}
