package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast reader gives exactly the full reader's tree (positions included) for every document it
 * accepts, and gives up on everything else.
 */
class FastYamlTest {
  private static final String[] SCALARS = {
    "80",
    "0",
    "-5",
    "-0",
    "+5",
    "007",
    "0x50",
    "0o17",
    "1_000",
    "12:30",
    "1.5",
    "1.",
    ".5",
    "1e3",
    "198.18.0.1",
    "1.2.3",
    "10.0.0.256",
    "2001:db8::1",
    "true",
    "false",
    "True",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "null",
    "Null",
    "NULL",
    "~",
    "nothing",
    "name",
    "none",
    "nul",
    "tcp",
    "full-nat",
    "client-ip",
    "30s",
    "250ms",
    "1h",
    "5m",
    "2001-12-14",
    "<<",
    "a b",
    "a  b",
    "a:b",
    "127.0.0.1:9469",
    "[::1]:9469",
    "${FULCRUM_NODE_IP}:7481",
    "a,b",
    "a#b",
    "/sys/fs/bpf/fulcrum",
    "-a",
    "-",
    "a-",
    "x y z",
    "on-call",
    "0.0.0.0",
    ".inf",
    "-.inf",
    ".nan",
    "\"quoted\"",
    "'single'",
    "'it''s'",
    "\"a\\\"b\"",
    "\"a\\\\b\"",
    "\"tab\\tx\"",
    "\"a\\/b\"",
    "\"\\x41\"",
    "\"\"",
    "''",
    "\"a # b\"",
    "'a: b'",
    "\"80\"",
    "'true'",
    "\"null\"",
    "auto",
    "Native",
    "offset",
    "onion",
    "yesterday",
    "truthy",
    "falsey",
    "nan",
    "inf",
    "1:2:3",
    "+",
    "+1",
    "-1.5",
    "0b101",
    "01",
    "09",
    "100000000000000000000",
    "123456789012345678",
    "svc-0",
  };

  private static final String[] DOCS = {
    "",
    "# only a comment\n\n",
    "a: 1\n",
    "a: 1\nb: two\n",
    "a:\n  b: 1\n  c: [1, 2]\n",
    "a:\nb: 1\n",
    "a:   # comment\n  b: 1\n",
    "a: # comment\nb: 2\n",
    "list:\n- a\n- b\nnext: 1\n",
    "list:\n  - a\n  - b\n",
    "list:\n  -   a\n  -\n    b\n",
    "- a\n- b\n",
    "- - a\n  - b\n- c\n",
    "- name: x\n  port: 80\n- name: y\n",
    "  a: 1\n  b: 2\n",
    "a: {x: 1, y: [a, b], z: {q: r}}\n",
    "a: {x: 1,\n    y: 2}\n",
    "a: [1,\n  2, 3]\n",
    "a: [1, 2,]\n",
    "a: {x: 1, }\n",
    "a: [ ]\nb: { }\n",
    "a: []\nb: {}\n",
    "a: [a b, c]\n",
    "a: [a\n  b]\n",
    "a: b\n  c\n",
    "a: 'b'\n  c\n",
    "a: b # comment\n",
    "a: b#c\n",
    "a: 'x' # c\n",
    "'quoted key': 1\n\"dq\": 2\n",
    "80: http\n",
    "~: x\n",
    "null: x\n",
    "true: x\n",
    "a: 1\na: 2\n",
    "a: {x: 1, x: 2}\n",
    "a: &anchor 1\nb: *anchor\n",
    "a: !!str 1\n",
    "a: |\n  text\n",
    "a: >\n  text\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a:\n\tb: 1\n",
    "a: \"multi\n  line\"\n",
    "a: 'unterminated\n",
    "a: [1, 2\n",
    "a: {x: 1\n",
    "a: b: c\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n  - 1\n - 2\n",
    "a:\n  b: 1\n    c: 2\n",
    "- a\nb: 1\n",
    "a: 1\n- b\n",
    "? a\n: b\n",
    "a: - b\n",
    "[1, 2]\n",
    "{a: 1}\n",
    "just a scalar\n",
    "a: [{x: 1}, {y: 2}]\n",
    "a: [[1, 2], [3]]\n",
    "a: [x: 1]\n",
    "a: {x: [1, {y: z}]}\n",
    "a: {x:1}\n",
    "a: {\"x\": 1}\n",
    "a: {x: }\n",
    "a: [1, # c\n  2]\n",
    "a:\n  - {address: 198.19.0.1, port: 8000}\n  - {address: 198.19.0.2, port: 8000, weight: 50}\n",
    "a: x\r\nb: y\r\n",
    "a: caf\u00e9\n",
    "a:\n\n\n  b: 1\n\n",
    "a: 1\n\n\n",
    "a: 1",
    "a:",
    "- ",
    "-",
    "a: -1\nb: - 1\n",
    "a: [-1, -x]\n",
    "a:  b  \n",
    "a: b   # c   \n",
    "a :b\n",
    "a : b\n",
    "a: [a, b]x\n",
    "a: {b: c} d\n",
    "a: 'b' c\n",
    "a: 'b'c\n",
    "a: 'x'\nb:\n  - 'y'\n  - \"z\"\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: ,x\n",
    "a: ]\n",
    "a: }\n",
    "a: #\n",
    "a: ' a '\n",
    "a: '#'\n",
  };

  @Test
  void agreesWithTheFullReaderOnEveryDocumentItAccepts() throws Exception {
    List<String> docs = new ArrayList<>(List.of(DOCS));
    for (String s : SCALARS) {
      docs.add("k: " + s + "\n");
      docs.add("- " + s + "\n");
      docs.add("k: [" + s + "]\n");
      docs.add("k: {v: " + s + "}\n");
      docs.add(s + ": v\n");
      docs.add("{" + s + ": v}\n");
    }
    docs.addAll(repositoryYaml());
    docs.add(generated(50));
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 70; i++) {
      deep.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }
    docs.add(deep.append(" ".repeat(70)).append("v\n").toString());
    docs.add("a: " + "[".repeat(70) + "]".repeat(70) + "\n");
    int accepted = 0;
    for (String doc : docs) {
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
      YNode fast;
      try {
        fast = FastYaml.read(bytes);
      } catch (FastYaml.Unsupported e) {
        continue;
      }
      accepted++;
      YNode full;
      try {
        full = YamlReader.readFull(bytes);
      } catch (YamlReader.SyntaxException e) {
        throw new AssertionError(
            "fast reader accepted what the full reader refuses (" + e.getMessage() + "):\n" + doc);
      }
      assertThat(fast).as("document:\n%s", doc).isEqualTo(full);
    }
    assertThat(accepted).isGreaterThan(docs.size() / 3);
  }

  @Test
  void readsTheExamplesAndLargeServiceListsItself() {
    for (Path p : examples()) {
      assertThatCode(() -> FastYaml.read(Files.readAllBytes(p)))
          .as(p.toString())
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> FastYaml.read(generated(2000).getBytes(StandardCharsets.UTF_8)))
        .doesNotThrowAnyException();
  }

  @Test
  void syntaxErrorsAreLeftToTheFullReader() {
    byte[] bad = "a: [1, 2\n".getBytes(StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FastYaml.read(bad))
        .isInstanceOf(FastYaml.Unsupported.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> YamlReader.read(bad))
        .isInstanceOf(YamlReader.SyntaxException.class);
  }

  /** A file shaped like the control-plane benchmark's. */
  static String generated(int services) {
    StringBuilder sb = new StringBuilder();
    sb.append("dataplane:\n  netns: ns1\n  interfaces: [cpa]\n  snatAddresses: [198.18.0.1]\n")
        .append("  maps: {services: 65536, backends: 262144, flows: 65536}\n")
        .append("metrics: {listen: \"127.0.0.1:29999\"}\nlog: {level: info}\nservices:\n");
    for (int i = 0; i < services; i++) {
      sb.append("  - name: svc-").append(i).append('\n');
      sb.append("    vip: 198.18.").append(128 + i / 256).append('.').append(i % 256).append('\n');
      sb.append("    port: 80\n    backends:\n");
      for (int j = 1; j <= 10; j++) {
        sb.append("      - {address: 198.19.")
            .append(i % 256)
            .append('.')
            .append(j)
            .append(", port: 8000}\n");
      }
    }
    return sb.toString();
  }

  private static List<Path> examples() {
    Path dir = root().resolve("examples");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path root() {
    return Path.of("").toAbsolutePath().getParent();
  }

  private static List<String> repositoryYaml() throws IOException {
    List<String> out = new ArrayList<>();
    List<Path> dirs =
        List.of(
            root().resolve("examples"),
            root().resolve("deploy"),
            Path.of("src/test/resources/bad-configs").toAbsolutePath());
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(x -> x.toString().matches(".*\\.ya?ml")).sorted().toList()) {
          out.add(Files.readString(p));
        }
      }
    }
    return out;
  }
}
