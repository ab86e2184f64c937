package io.fulcrum.election.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElectionStateTest {

  private static ElectionState sample() {
    ElectionState s = new ElectionState();
    s.setMembers(Set.of("a:1", "b:1", "c:1"));
    s.apply(new Command.LeaderIs("a:1", 3), 1);
    s.apply(new Command.SetReady("b:1", true), 2);
    s.apply(new Command.SetReady("c:1", true), 3);
    s.apply(new Command.SetVips(Set.of("198.18.0.100", "198.18.0.101")), 4);
    s.apply(new Command.Assign(Map.of("198.18.0.100", "b:1", "198.18.0.101", "c:1"), 0, false), 5);
    s.apply(new Command.PutSetting("hc.interval", "2s"), 6);
    return s;
  }

  @Test
  void applyRecordsOwnersReadinessSettingsAndLeader() {
    ElectionState s = sample();
    assertThat(s.owners())
        .containsEntry("198.18.0.100", "b:1")
        .containsEntry("198.18.0.101", "c:1");
    assertThat(s.isReady("b:1")).isTrue();
    assertThat(s.isReady("a:1")).isFalse();
    assertThat(s.setting("hc.interval")).contains("2s");
    assertThat(s.leader()).isEqualTo("a:1");
    assertThat(s.leaderTerm()).isEqualTo(3);
  }

  @Test
  void assignReportsChangesAndCountsFailovers() {
    ElectionState s = sample();
    List<ElectionState.OwnerChange> ch =
        s.apply(new Command.Assign(Map.of("198.18.0.100", "c:1"), 0, true), 7);
    assertThat(ch).containsExactly(new ElectionState.OwnerChange("198.18.0.100", "b:1", "c:1", 0));
    assertThat(s.failoverMoves()).isEqualTo(1);
    assertThat(s.apply(new Command.Assign(Map.of("198.18.0.100", "c:1"), 0, true), 8)).isEmpty();
  }

  @Test
  void withdrawnVipLosesItsOwnerAndCannotBeAssigned() {
    ElectionState s = sample();
    List<ElectionState.OwnerChange> ch = s.apply(new Command.SetVips(Set.of("198.18.0.100")), 7);
    assertThat(ch).containsExactly(new ElectionState.OwnerChange("198.18.0.101", "c:1", "", 0));
    assertThat(s.apply(new Command.Assign(Map.of("198.18.0.101", "b:1"), 0, false), 8)).isEmpty();
    assertThat(s.owners()).doesNotContainKey("198.18.0.101");
  }

  @Test
  void olderLeaderAnnouncementDoesNotOverrideNewer() {
    ElectionState s = sample();
    s.apply(new Command.LeaderIs("b:1", 2), 7);
    assertThat(s.leader()).isEqualTo("a:1");
  }

  @Test
  void settingRemovedWithNullValue() {
    ElectionState s = sample();
    s.apply(new Command.PutSetting("hc.interval", null), 7);
    assertThat(s.setting("hc.interval")).isEmpty();
  }

  @Test
  void snapshotRestoresTheSameState() {
    ElectionState s = sample();
    s.apply(new Command.Assign(Map.of("198.18.0.100", "c:1"), 250, false), 7);
    ElectionState r = new ElectionState();
    r.restore(s.snapshot());
    assertThat(r).isEqualTo(s);
    assertThat(r.assignment("198.18.0.100").orElseThrow())
        .isEqualTo(new ElectionState.Assignment("c:1", 250, 7));
    assertThat(r.members()).containsExactly("a:1", "b:1", "c:1");
  }

  @Test
  void malformedSnapshotIsRejectedAndChangesNothing() {
    ElectionState s = sample();
    byte[] before = s.snapshot();
    assertThatThrownBy(() -> s.restore(new byte[] {0, 0, 0, 1, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.snapshot()).isEqualTo(before);
  }

  @Test
  void commandsSurviveTheCodec() {
    List<Command> all =
        List.of(
            new Command.SetReady("a:1", true),
            new Command.SetVips(Set.of("198.18.0.100", "2001:db8::10")),
            new Command.Assign(Map.of("198.18.0.100", "a:1", "2001:db8::10", ""), 250, true),
            new Command.PutSetting("k", "v"),
            new Command.PutSetting("k", null),
            new Command.LeaderIs("a:1", 9),
            new Command.SetRestricted(Set.of("198.18.0.100")),
            new Command.SetServable("a:1", Set.of("198.18.0.100")));
    for (Command c : all) {
      assertThat(CommandCodec.decode(CommandCodec.encode(c))).isEqualTo(c);
    }
  }

  @Test
  void restrictedVipsAndServableNodesSurviveASnapshot() {
    ElectionState s = sample();
    s.apply(new Command.SetRestricted(Set.of("198.18.0.100")), 7);
    s.apply(new Command.SetServable("a:1", Set.of("198.18.0.100")), 8);
    assertThat(s.allowedOwners()).containsExactly(Map.entry("198.18.0.100", Set.of("a:1")));
    ElectionState r = new ElectionState();
    r.restore(s.snapshot());
    assertThat(r).isEqualTo(s);
    assertThat(r.servable("a:1")).containsExactly("198.18.0.100");
    s.apply(new Command.SetServable("a:1", Set.of()), 9);
    assertThat(s.allowedOwners()).containsExactly(Map.entry("198.18.0.100", Set.of()));
  }

  @Test
  void garbageCommandIsAClearError() {
    assertThatThrownBy(() -> CommandCodec.decode(new byte[] {42}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag 42");
    assertThatThrownBy(() -> CommandCodec.decode(new byte[] {3, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
