package io.fulcrum.agent.config;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The scalars of {@link FastYaml}: their text (one String per distinct text: keys, ports and words
 * repeat thousands of times) and the type YAML 1.1 gives a plain scalar, decided as the full reader
 * decides it (SnakeYAML's resolver), with the common shapes (words, decimal integers, dotted
 * addresses) recognised without it.
 */
final class YamlScalars {
  private static final Resolver RESOLVER = new Resolver();

  private final byte[] b;
  private final Map<Key, String> strings = new HashMap<>();
  private final Key probe = new Key();
  private final Map<String, Tag> tags = new HashMap<>();

  YamlScalars(byte[] b) {
    this.b = b;
  }

  /** A scalar's text and how YAML typed it. */
  record Scalar(String text, YNode.Kind kind) {
    YNode node(long at) {
      return new YNode.Scalar(at, kind, kind == YNode.Kind.NULL ? "null" : text);
    }
  }

  String unescape(int q, int start, int end) throws FastYaml.Unsupported {
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = (char) b[i];
      if (q == '\'' && c == '\'') {
        sb.append('\'');
        i++;
      } else if (q == '"' && c == '\\') {
        char e = (char) b[++i];
        switch (e) {
          case '\\' -> sb.append('\\');
          case '"' -> sb.append('"');
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          default -> throw new FastYaml.Unsupported("escape \\" + e);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Types a plain scalar as the full reader does (YAML 1.1 implicit types). */
  Scalar plain(int start, int end) throws FastYaml.Unsupported {
    int len = end - start;
    int c = b[start];
    if (isDecimal(start, end)) {
      return new Scalar(intern(start, end), YNode.Kind.INTEGER);
    }
    if (isDottedDecimal(start, end)) {
      // addresses: mostly distinct, so not worth a place in the table of repeated texts
      return new Scalar(
          new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1),
          YNode.Kind.STRING);
    }
    if (isLetter(c) && "yYnNtTfFoO".indexOf(c) < 0) {
      return new Scalar(intern(start, end), YNode.Kind.STRING);
    }
    String text = intern(start, end);
    Tag tag = tags.computeIfAbsent(text, t -> RESOLVER.resolve(NodeId.scalar, t, true));
    if (Tag.STR.equals(tag)) {
      return new Scalar(text, YNode.Kind.STRING);
    }
    if (Tag.NULL.equals(tag) && len > 0) {
      return new Scalar(text, YNode.Kind.NULL);
    }
    if (Tag.BOOL.equals(tag) && (text.equals("true") || text.equals("false"))) {
      return new Scalar(text, YNode.Kind.BOOLEAN);
    }
    throw new FastYaml.Unsupported("scalar '" + text + "' typed " + tag);
  }

  private static boolean isLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** 0, or [-]digits without a leading zero (at most 18 digits). */
  private boolean isDecimal(int start, int end) {
    int i = start;
    if (i < end && b[i] == '-') {
      i++;
    }
    int digits = end - i;
    if (digits < 1 || digits > 18 || (b[i] == '0' && digits > 1)) {
      return false;
    }
    for (; i < end; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** Digits with at least two dots between them (an IPv4 address): never a number in YAML. */
  private boolean isDottedDecimal(int start, int end) {
    int dots = 0;
    boolean digitBefore = false;
    for (int i = start; i < end; i++) {
      int c = b[i];
      if (c == '.') {
        if (!digitBefore) {
          return false;
        }
        dots++;
        digitBefore = false;
      } else if (c >= '0' && c <= '9') {
        digitBefore = true;
      } else {
        return false;
      }
    }
    return dots >= 2 && digitBefore;
  }

  String intern(int start, int end) {
    probe.set(b, start, end);
    String s = strings.get(probe);
    if (s == null) {
      s = new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
      strings.put(new Key().set(b, start, end), s);
    }
    return s;
  }

  /** A range of the input as a hash key (no copy for a lookup). */
  private static final class Key {
    private byte[] buf;
    private int start;
    private int end;
    private int hash;

    Key set(byte[] buf, int start, int end) {
      this.buf = buf;
      this.start = start;
      this.end = end;
      int h = 1;
      for (int i = start; i < end; i++) {
        h = 31 * h + buf[i];
      }
      this.hash = h;
      return this;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && java.util.Arrays.equals(buf, start, end, k.buf, k.start, k.end);
    }
  }
}
