package io.fulcrum.agent.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.testing.InMemoryDocuments;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.store.FileRuntimeSettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API's runtime state through a replicated group (an in-memory stand-in of the election's
 * documents, applying writes on a thread of its own as the Raft state machine does): changes are
 * committed before they apply here, other nodes' changes are adopted and kept in the local file,
 * conflicting writes are re-applied on the newer state, refused or uncommitted changes change
 * nothing, and the group's state wins over a node's older copy.
 */
class ReplicatedRuntimeSettingsTest {
  final Path dir = tempDir();
  final FileRuntimeSettingsStore local = FileRuntimeSettingsStore.open(dir.resolve("runtime.json"));
  final InMemoryDocuments group = new InMemoryDocuments();
  final List<RuntimeState> seen = new CopyOnWriteArrayList<>();
  ReplicatedRuntimeSettings replicated;

  @AfterEach
  void close() throws IOException {
    if (replicated != null) {
      replicated.close();
    }
    group.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  ReplicatedRuntimeSettings start() {
    local.subscribe(seen::add);
    replicated = ReplicatedRuntimeSettings.start(local, group, Duration.ofSeconds(5));
    return replicated;
  }

  static RuntimeChange create(String name, String vip) {
    return new RuntimeChange.CreateService(
        RuntimeStateTest.api(name, vip, NatMode.FULL_NAT, "198.18.1.5"));
  }

  @Test
  void changeIsCommittedByTheGroupThenAppliedHere() {
    RuntimeState next = start().apply(create("web", "198.18.0.10"));
    assertThat(group.document(ReplicatedRuntimeSettings.KEY).version()).isEqualTo(1);
    assertThat(ReplicatedRuntimeSettings.decode(group.document(ReplicatedRuntimeSettings.KEY)))
        .isEqualTo(next);
    assertThat(replicated.current()).isEqualTo(next);
    assertThat(seen).containsExactly(next);
  }

  @Test
  void anotherNodesChangeIsAdoptedAndKeptInTheLocalFile() throws IOException {
    start();
    RuntimeState theirs = RuntimeState.EMPTY.apply(create("db", "198.18.0.11"));
    group.writeAsAnotherNode(
        ReplicatedRuntimeSettings.KEY, ReplicatedRuntimeSettings.encode(theirs));
    Awaitility.await().until(() -> replicated.current().equals(theirs));
    assertThat(seen).containsExactly(theirs);
    assertThat(FileRuntimeSettingsStore.open(local.file()).current()).isEqualTo(theirs);
  }

  @Test
  void changeRacingAnotherNodesWriteIsAppliedAgainOnTheNewerState() {
    start();
    group.beforeNextWrite(
        () ->
            group.writeAsAnotherNode(
                ReplicatedRuntimeSettings.KEY,
                ReplicatedRuntimeSettings.encode(
                    RuntimeState.EMPTY.apply(create("db", "198.18.0.11")))));
    RuntimeState next = replicated.apply(create("web", "198.18.0.10"));
    assertThat(next.services()).containsOnlyKeys("db", "web");
    assertThat(group.document(ReplicatedRuntimeSettings.KEY).version()).isEqualTo(2);
    assertThat(group.conflicts).isEqualTo(1);
    assertThat(replicated.current()).isEqualTo(next);
  }

  @Test
  void refusedChangeWritesNothingToTheGroup() {
    start().apply(create("web", "198.18.0.10"));
    assertThatThrownBy(() -> replicated.apply(create("web", "198.18.0.12")))
        .isInstanceOfSatisfying(
            PortException.class,
            e -> assertThat(e.kind()).isEqualTo(PortException.Kind.ALREADY_EXISTS));
    assertThat(group.document(ReplicatedRuntimeSettings.KEY).version()).isEqualTo(1);
  }

  @Test
  void changeTheGroupCannotCommitIsUnavailableAndChangesNothing() {
    start().apply(create("web", "198.18.0.10"));
    RuntimeState before = replicated.current();
    group.failWrites = () -> new IllegalStateException("no leader");
    assertThatThrownBy(
            () ->
                replicated.apply(
                    new RuntimeChange.SetBackendAdmin(
                        "web", "198.18.1.5:8080", AdminState.DRAINING)))
        .isInstanceOfSatisfying(
            PortException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(PortException.Kind.UNAVAILABLE);
              assertThat(e.getMessage()).contains("no leader");
            });
    assertThat(replicated.current()).isEqualTo(before);
    assertThat(group.document(ReplicatedRuntimeSettings.KEY).version()).isEqualTo(1);
  }

  @Test
  void changeDuringAnElectionWaitsForTheNewLeader() {
    start();
    group.noLeaderFor = 3;
    RuntimeState next = replicated.apply(create("web", "198.18.0.10"));
    assertThat(group.noLeaderFor).isZero();
    assertThat(group.document(ReplicatedRuntimeSettings.KEY).version()).isEqualTo(1);
    assertThat(replicated.current()).isEqualTo(next);
  }

  @Test
  void nodesOwnCopySeedsAGroupWithoutState() {
    RuntimeState mine = local.apply(create("web", "198.18.0.10"));
    start();
    Awaitility.await().until(() -> group.document(ReplicatedRuntimeSettings.KEY).version() == 1);
    assertThat(ReplicatedRuntimeSettings.decode(group.document(ReplicatedRuntimeSettings.KEY)))
        .isEqualTo(mine);
  }

  @Test
  void groupStateWinsOverTheNodesOlderCopy() {
    local.apply(create("stale", "198.18.0.10"));
    RuntimeState group1 = RuntimeState.EMPTY.apply(create("db", "198.18.0.11"));
    group.writeAsAnotherNode(
        ReplicatedRuntimeSettings.KEY, ReplicatedRuntimeSettings.encode(group1));
    start();
    Awaitility.await().until(() -> replicated.current().equals(group1));
    assertThat(group.document(ReplicatedRuntimeSettings.KEY).version()).isEqualTo(1);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("fulcrum-replicated-runtime");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
