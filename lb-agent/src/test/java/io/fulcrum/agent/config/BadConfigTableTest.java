package io.fulcrum.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file under {@code bad-configs/} is refused, and one of its errors is the one its first line
 * announces ({@code # expect: LINE:COL: field: message}, or a fragment without a position).
 */
class BadConfigTableTest {

  static Path dir() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(BadConfigTableTest.class.getResource("/bad-configs")).toURI());
  }

  static List<Path> files() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void tableHasAtLeastThirtyBadFiles() throws Exception {
    assertThat(files()).hasSizeGreaterThanOrEqualTo(30);
  }

  @TestFactory
  Stream<DynamicTest> eachBadFileIsRefusedWithItsMessage() throws Exception {
    return files().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      byte[] bytes = Files.readAllBytes(file);
                      String text = new String(bytes, StandardCharsets.UTF_8);
                      String header = text.lines().findFirst().orElse("");
                      assertThat(header).startsWith("# expect: ");
                      String expect = header.substring("# expect: ".length());
                      String name = "conf/" + file.getFileName();
                      try {
                        ConfigParser.parse(bytes, name);
                        fail(name + " was accepted; expected: " + expect);
                      } catch (ConfigException e) {
                        assertThat(e.getMessage()).contains(name + ":");
                        List<String> msgs =
                            e.errors().stream()
                                .map(err -> err.toString().substring(name.length() + 1))
                                .toList();
                        boolean positioned = Character.isDigit(expect.charAt(0));
                        assertThat(msgs)
                            .as("errors of %s", name)
                            .anySatisfy(
                                m -> {
                                  if (positioned) {
                                    assertThat(m).startsWith(expect);
                                  } else {
                                    assertThat(m).contains(expect);
                                  }
                                });
                      }
                    }));
  }

  @Test
  void everyErrorNamesFileLineAndField() {
    String yaml =
        """
        dataplane:
          interfaces: [eth0]
          snatAddresses: [198.18.0.1]
        services:
          - name: web
            vip: 198.18.1.999
            port: 0
            backends: []
        """;
    assertThatThrownBy(() -> ConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "x.yaml"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> {
              List<ConfigError> errors = ((ConfigException) e).errors();
              assertThat(errors)
                  .extracting(ConfigError::field)
                  .containsExactly("services[0].vip", "services[0].port", "services[0].backends");
              assertThat(errors).extracting(ConfigError::line).containsExactly(6, 7, 8);
              assertThat(e.getMessage()).contains("x.yaml:6:10: services[0].vip:");
            });
  }
}
