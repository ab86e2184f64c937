package io.fulcrum.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DropReasonTest {
  static final Path HEADER = Path.of("..", "bpf", "lib", "drop_reasons.h");

  @Test
  void enumMirrorsTheHeaderExactly() throws Exception {
    String text = Files.readString(HEADER);
    Map<String, Integer> header = new LinkedHashMap<>();
    Matcher m = Pattern.compile("FL_DROP_([A-Z0-9_]+)\\s*=\\s*(\\d+)\\s*,").matcher(text);
    while (m.find()) {
      header.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(header).isNotEmpty();
    Map<String, Integer> java = new LinkedHashMap<>();
    for (DropReason r : DropReason.values()) {
      java.put(r.name(), r.code());
    }
    assertThat(java).containsExactlyInAnyOrderEntriesOf(header);
  }

  @Test
  void arraySizeMatchesTheHeader() throws Exception {
    Matcher m =
        Pattern.compile("#define\\s+FL_DROP_MAX\\s+(\\d+)").matcher(Files.readString(HEADER));
    assertThat(m.find()).isTrue();
    assertThat(DropReason.MAX).isEqualTo(Integer.parseInt(m.group(1)));
    for (DropReason r : DropReason.values()) {
      assertThat(r.code()).isLessThan(DropReason.MAX);
    }
  }
}
