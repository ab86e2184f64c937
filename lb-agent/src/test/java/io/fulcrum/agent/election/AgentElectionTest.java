package io.fulcrum.agent.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.config.ElectionSection;
import io.fulcrum.election.ElectionSettings;
import io.fulcrum.election.OwnershipListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentElectionTest {

  /** Records events as text. */
  static final class Recorder implements OwnershipListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onLeaderStart(long term) {
      events.add("leader " + term);
    }

    @Override
    public void onLeaderStop(long term) {
      events.add("follower " + term);
    }

    @Override
    public void onVipGained(String vip, long term) {
      events.add("+" + vip + " " + term);
    }

    @Override
    public void onVipLost(String vip, long term) {
      events.add("-" + vip + " " + term);
    }
  }

  @Test
  void lateListenerIsFirstToldTheCurrentStateThenEveryChange() {
    AgentElection.OwnershipView view = new AgentElection.OwnershipView();
    view.onLeaderStart(3);
    view.onVipGained("198.18.0.100", 3);
    view.onVipGained("198.18.0.101", 3);
    view.onVipLost("198.18.0.100", 3);
    Recorder late = new Recorder();
    view.add(late);
    assertThat(late.events).containsExactly("leader 3", "+198.18.0.101 3");
    view.onLeaderStop(3);
    view.onVipGained("198.18.0.102", 4);
    assertThat(late.events).endsWith("follower 3", "+198.18.0.102 4");
    assertThat(view.leader()).isFalse();
    assertThat(view.owned()).containsExactlyInAnyOrder("198.18.0.101", "198.18.0.102");
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    AgentElection.OwnershipView view = new AgentElection.OwnershipView();
    view.add(
        new OwnershipListener() {
          @Override
          public void onVipGained(String vip, long term) {
            throw new IllegalStateException("boom");
          }
        });
    Recorder r = new Recorder();
    view.add(r);
    view.onVipGained("198.18.0.100", 1);
    assertThat(r.events).containsExactly("+198.18.0.100 1");
  }

  @Test
  void sectionMapsOntoTheModuleSettings() {
    ElectionSection s =
        new ElectionSection(
            true,
            "g",
            "198.18.0.11:7411",
            List.of("198.18.0.11:7411", "198.18.0.12:7411"),
            Path.of("/tmp/raft"),
            "eth0",
            3,
            50,
            600,
            100,
            500,
            100,
            40,
            30);
    ElectionSettings e = AgentElection.settings(s);
    assertThat(e.groupId()).isEqualTo("g");
    assertThat(e.nodeId()).isEqualTo("198.18.0.11:7411");
    assertThat(e.peers()).hasSize(2);
    assertThat(e.dataDir()).isEqualTo(Path.of("/tmp/raft"));
    assertThat(e.electionTimeoutMs()).isEqualTo(600);
    assertThat(e.maxElectionDelayMs()).isEqualTo(100);
    assertThat(e.vipLeaseMs()).isEqualTo(500);
    assertThat(e.renewIntervalMs()).isEqualTo(100);
    assertThat(e.safetyMarginMs()).isEqualTo(40);
    assertThat(e.snapshotIntervalSecs()).isEqualTo(30);
  }
}
