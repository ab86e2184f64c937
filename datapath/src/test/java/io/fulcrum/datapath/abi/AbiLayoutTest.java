package io.fulcrum.datapath.abi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a tiny C program against bpf/lib/abi.h that prints the offset and size of every field
 * the Java layouts know, and the size of every struct, and compares.
 */
class AbiLayoutTest {
  static final Path LIB = Path.of("..", "bpf", "lib").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void javaLayoutsMatchTheCHeader() throws Exception {
    StringBuilder c = new StringBuilder();
    c.append("#include <stdio.h>\n#include <stddef.h>\n#include \"abi.h\"\n");
    c.append("#define F(s, f) printf(\"%s.%s %zu %zu\\n\", #s, #f, offsetof(struct s, f),")
        .append(" sizeof(((struct s *)0)->f))\n");
    c.append("int main(void) {\n");
    for (Layout l : Abi.all()) {
      c.append("printf(\"").append(l.struct()).append(" %zu\\n\", sizeof(struct ");
      c.append(l.struct()).append("));\n");
      for (Layout.Field f : l.fields()) {
        c.append("F(").append(l.struct()).append(", ").append(f.name()).append(");\n");
      }
    }
    c.append("return 0;\n}\n");
    Path src = tmp.resolve("layout.c");
    Files.writeString(src, c);
    Path exe = tmp.resolve("layout");
    run("gcc", "-Wall", "-Werror", "-I", LIB.toString(), "-o", exe.toString(), src.toString());
    String out = run(exe.toString());

    Map<String, String> cSide = new HashMap<>();
    for (String line : out.split("\n")) {
      int sp = line.indexOf(' ');
      cSide.put(line.substring(0, sp), line.substring(sp + 1));
    }
    Map<String, String> javaSide = new HashMap<>();
    for (Layout l : Abi.all()) {
      javaSide.put(l.struct(), Integer.toString(l.size()));
      for (Layout.Field f : l.fields()) {
        javaSide.put(l.struct() + "." + f.name(), f.offset() + " " + f.size());
      }
    }
    assertThat(javaSide).containsExactlyInAnyOrderEntriesOf(cSide);
  }

  @Test
  void everyStructOfTheHeaderHasALayout() throws Exception {
    String header = Files.readString(LIB.resolve("abi.h"));
    var m = java.util.regex.Pattern.compile("struct (fl_\\w+) \\{").matcher(header);
    java.util.Set<String> structs = new java.util.TreeSet<>();
    while (m.find()) {
      structs.add(m.group(1));
    }
    structs.remove("fl_addr");
    java.util.Set<String> known = new java.util.TreeSet<>();
    Abi.all().forEach(l -> known.add(l.struct()));
    assertThat(known).containsAll(structs);
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }
}
