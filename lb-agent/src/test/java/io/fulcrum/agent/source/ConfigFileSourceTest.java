package io.fulcrum.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigParser;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.datapath.ServiceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    Path file = dir.resolve("fulcrum.yaml");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    AgentConfig cfg = ConfigParser.parse(bytes, file.toString());
    source = new ConfigFileSource(file, bytes, cfg, store, Duration.ofMillis(50));
    source.publishInitial();
    source.start();
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

  @Test
  void editInPlaceIsAppliedLive() throws Exception {
    Path file = start(config(svc("a", 1, 1)));
    Files.writeString(file, config(svc("a", 1, 1, 2), svc("b", 2, 3)));
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 2 && backendsOf(2) == 1);
  }

  @Test
  void editorSavingThroughRenameIsSeen() throws Exception {
    Path file = start(config(svc("a", 1, 1)));
    Path tmp = dir.resolve(".fulcrum.yaml.swp");
    Files.writeString(tmp, config(svc("a", 1, 1, 2, 3)));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> backendsOf(1) == 3);
  }

  @Test
  void badEditKeepsTheOldStateAndALaterGoodEditApplies() throws Exception {
    Path file = start(config(svc("a", 1, 1)));
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

  @Test
  void removingAServiceFromTheFileRemovesItFromTheStore() throws Exception {
    Path file = start(config(svc("a", 1, 1), svc("b", 2, 2)));
    Files.writeString(file, config(svc("a", 1, 1)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> store.snapshot().services().keySet().stream().map(ServiceKey::port).count() == 1);
  }
}
