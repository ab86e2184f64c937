package io.fulcrum.election.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.election.Document;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
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
    s.apply(new Command.PutDocument("api.runtime", 0, utf8("{\"revision\":1}")), 6);
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
    assertThat(s.document("api.runtime").text()).isEqualTo("{\"revision\":1}");
    assertThat(s.document("api.runtime").version()).isEqualTo(1);
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
  void documentWriteAtAStaleVersionChangesNothing() {
    ElectionState s = sample();
    Command.PutDocument stale = new Command.PutDocument("api.runtime", 0, utf8("lost"));
    assertThat(s.accepts(stale)).isFalse();
    s.apply(stale, 7);
    assertThat(s.document("api.runtime")).isEqualTo(new Document(1, utf8("{\"revision\":1}")));
    Command.PutDocument next = new Command.PutDocument("api.runtime", 1, utf8("won"));
    assertThat(s.accepts(next)).isTrue();
    s.apply(next, 8);
    assertThat(s.document("api.runtime")).isEqualTo(new Document(2, utf8("won")));
    assertThat(s.document("never.written")).isEqualTo(Document.NONE);
  }

  @Test
  void documentLargerThanAnOldStyleSettingSurvivesASnapshot() {
    ElectionState s = sample();
    byte[] big = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
    s.apply(new Command.PutDocument("api.runtime", 1, big), 7);
    ElectionState r = new ElectionState();
    r.restore(s.snapshot());
    assertThat(r).isEqualTo(s);
    assertThat(r.document("api.runtime")).isEqualTo(new Document(2, big));
  }

  @Test
  void textSettingOfAnEarlierLogIsAnUnconditionalDocumentWrite() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(4);
      out.writeUTF("hc.interval");
      out.writeBoolean(true);
      out.writeUTF("2s");
    }
    Command c = CommandCodec.decode(bytes.toByteArray());
    assertThat(c)
        .isEqualTo(
            new Command.PutDocument("hc.interval", Command.PutDocument.ANY_VERSION, utf8("2s")));
    ElectionState s = sample();
    s.apply(c, 7);
    s.apply(c, 8);
    assertThat(s.document("hc.interval")).isEqualTo(new Document(2, utf8("2s")));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
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
            new Command.PutDocument("k", 3, utf8("v")),
            new Command.PutDocument("k", 0, new byte[0]),
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
