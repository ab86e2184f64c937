package io.fulcrum.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.ServiceKey;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileSourceTest {
  @TempDir Path dir;
  ConfigFileSource source;
  final DesiredStateStore store = new DesiredStateStore();

  static String config(String... services) {
    StringBuilder sb =
        new StringBuilder(
            "dataplane: {interfaces: [eth0], snatAddresses: [198.18.0.1]}\nservices:\n");
    for (String s : services) {
      sb.append(s).append('\n');
    }
    return sb.toString();
  }

  static String svc(String name, int vip, int... backends) {
    StringBuilder sb =
        new StringBuilder(
            "  - {name: " + name + ", vip: 198.18.100." + vip + ", port: 80, backends: [");
    for (int i = 0; i < backends.length; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append("{address: 198.18.1.")
          .append(backends[i])
          .append(", port: 8080}");
    }
    return sb.append("]}").toString();
  }

  Path start(String text) throws Exception {
    return start(text, Duration.ofMillis(50), true);
  }

  Path start(String text, Duration debounce, boolean inotify) throws Exception {
    Path file = dir.resolve("fulcrum.yaml");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    AgentConfig cfg = ConfigParser.parse(bytes, file.toString());
    source = new ConfigFileSource(file, bytes, cfg, store, debounce);
    if (!inotify) {
      source.withoutInotify();
    }
    source.publishInitial();
    source.start();
    assertThat(source.watchMechanism()).isEqualTo(inotify ? "inotify" : "WatchService");
    return file;
  }

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  int backendsOf(int vip) {
    var keys = store.snapshot().services();
    return keys.entrySet().stream()
        .filter(e -> e.getKey().vip().getHostAddress().equals("198.18.100." + vip))
        .map(e -> e.getValue().backends().size())
        .findFirst()
        .orElse(-1);
  }

  @ParameterizedTest(name = "inotify={0}")
  @ValueSource(booleans = {true, false})
  void editInPlaceIsAppliedLive(boolean inotify) throws Exception {
    Path file = start(config(svc("a", 1, 1)), Duration.ofMillis(50), inotify);
    Files.writeString(file, config(svc("a", 1, 1, 2), svc("b", 2, 3)));
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 2 && backendsOf(2) == 1);
  }

  @ParameterizedTest(name = "inotify={0}")
  @ValueSource(booleans = {true, false})
  void editorSavingThroughRenameIsSeen(boolean inotify) throws Exception {
    Path file = start(config(svc("a", 1, 1)), Duration.ofMillis(50), inotify);
    Path tmp = dir.resolve(".fulcrum.yaml.swp");
    Files.writeString(tmp, config(svc("a", 1, 1, 2, 3)));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 3);
  }

  @ParameterizedTest(name = "inotify={0}")
  @ValueSource(booleans = {true, false})
  void badEditKeepsTheOldStateAndALaterGoodEditApplies(boolean inotify) throws Exception {
    Path file = start(config(svc("a", 1, 1)), Duration.ofMillis(50), inotify);
    Files.writeString(
        file,
        config(svc("a", 1, 1), "  - {name: b, vip: 198.18.100.2, port: 99999, backends: []}"));
    // the bad version is refused: reload() reports "nothing applied" and the store is unchanged
    await().atMost(Duration.ofSeconds(10)).until(() -> !source.reload());
    assertThat(store.snapshot().services()).hasSize(1);
    assertThat(backendsOf(1)).isEqualTo(1);
    Files.writeString(file, config(svc("a", 1, 1, 2)));
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 2);
  }

  @ParameterizedTest(name = "inotify={0}")
  @ValueSource(booleans = {true, false})
  void removingAServiceFromTheFileRemovesItFromTheStore(boolean inotify) throws Exception {
    Path file = start(config(svc("a", 1, 1), svc("b", 2, 2)), Duration.ofMillis(50), inotify);
    Files.writeString(file, config(svc("a", 1, 1)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> store.snapshot().services().keySet().stream().map(ServiceKey::port).count() == 1);
  }

  @Test
  void aRenameIntoPlaceIsAppliedWithoutWaitingForTheDebounce() throws Exception {
    Path file = start(config(svc("a", 1, 1)), Duration.ofSeconds(5), true);
    Path tmp = dir.resolve(".fulcrum.yaml.tmp");
    Files.writeString(tmp, config(svc("a", 1, 1, 2, 3)));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // the WatchService fallback would wait for 5 s of quiet
    await().atMost(Duration.ofSeconds(2)).until(() -> backendsOf(1) == 3);
  }

  @Test
  void aFileWrittenInPlaceInTwoPartsIsOnlyAppliedComplete() throws Exception {
    Path file = start(config(svc("a", 1, 1), svc("b", 2, 2)), Duration.ofSeconds(5), true);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    store.addListener(keys -> seen.add(store.snapshot().services().size()));
    // the first part alone is a valid file that drops b: it must never be applied
    String first = config(svc("a", 1, 1, 2));
    String whole = first + svc("b", 2, 2) + "\n" + svc("c", 3, 3) + "\n";
    try (OutputStream out = Files.newOutputStream(file)) { // truncates, stays open
      out.write(first.getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(250); // the writer pauses with the file half-written
      Files.writeString(dir.resolve("notes.txt"), "another writer, done"); // its close is seen
      Thread.sleep(250);
      assertThat(backendsOf(1)).isEqualTo(1);
      assertThat(backendsOf(2)).isEqualTo(1);
      out.write(whole.substring(first.length()).getBytes(StandardCharsets.UTF_8));
    }
    // applied on the writer's close, long before the 5 s debounce
    await().atMost(Duration.ofSeconds(2)).until(() -> backendsOf(3) == 1);
    assertThat(backendsOf(1)).isEqualTo(2);
    assertThat(backendsOf(2)).isEqualTo(1);
    assertThat(seen).isNotEmpty().allMatch(n -> n == 3);
  }

  @Test
  void closeStopsTheWatcherPromptlyEvenWhileAWriterIsPending() throws Exception {
    Path file = start(config(svc("a", 1, 1)), Duration.ofSeconds(5), true);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      out.write('#');
      out.flush();
      Thread.sleep(100); // the watcher now waits for this writer (up to the 5 s debounce)
      assertThat(source.watching()).isTrue();
      long t0 = System.nanoTime();
      source.close();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      assertThat(source.watching()).isFalse();
    }
  }

  @Test
  void aRemovedAndRecreatedDirectoryIsWatchedAgain() throws Exception {
    Path file = start(config(svc("a", 1, 1)), Duration.ofMillis(50), true);
    Files.delete(file);
    Files.delete(dir); // the kernel drops the watch (IN_IGNORED)
    Thread.sleep(200);
    Files.createDirectory(dir);
    Files.writeString(file, config(svc("a", 1, 1, 2)));
    // the watch is retried every second, then the file is re-read
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 2);
    Files.writeString(file, config(svc("a", 1, 1, 2, 3)));
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 3);
  }
}
