package io.fulcrum.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast reader for the plain subset of YAML that configuration files are written in: block
 * mappings and sequences indented with spaces, flow mappings and sequences, plain and single-line
 * quoted scalars, comments; ASCII only. It builds the same {@link YNode} tree, positions included,
 * as the full reader ({@link YamlReader}, Jackson over SnakeYAML) for every document it accepts,
 * and gives up ({@link Unsupported}) on anything else: anchors, tags, block scalars, multi-line
 * scalars, tabs, non-ASCII text, several documents, duplicate keys, unusual scalar forms, and every
 * syntax error. The full reader then reads the document and reports what it reports. It exists
 * because the full reader takes seconds for a file of 10,000 services (about 50 times longer).
 * Pure: no I/O.
 */
final class FastYaml extends YamlCursor {
  /** The document is outside the subset: read it with the full reader. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  private static final int MAX_DEPTH = 64;

  private final YamlScalars scalars;

  private FastYaml(byte[] b) {
    super(b);
    this.scalars = new YamlScalars(b);
  }

  /** The tree of a document in the subset; null for an empty document. */
  static YNode read(byte[] yaml) throws Unsupported {
    for (byte c : yaml) {
      if (c < 0 || (c < 0x20 && c != '\n') || c == 0x7f) {
        throw new Unsupported("non-ASCII or control character");
      }
    }
    FastYaml y = new FastYaml(yaml);
    if (!y.skipToContent()) {
      return null;
    }
    y.checkLineStart();
    YNode root = y.blockNode(y.column(), 0, -1);
    if (y.skipToContent()) {
      throw new Unsupported("content after the document");
    }
    return root;
  }

  // ---- block context ----

  /**
   * A block node starting at the cursor (column {@code col}). {@code parentIndent} is the
   * indentation of the enclosing block collection (-1 at the top).
   */
  private YNode blockNode(int col, int depth, int parentIndent) throws Unsupported {
    if (depth > MAX_DEPTH) {
      throw unsupported("deep");
    }
    int c = peek();
    if (c == '-' && blankOrEnd(peek(1))) {
      return blockSequence(col, depth, false);
    }
    if (c == '[' || c == '{') {
      YNode v = flowNode(depth);
      endOfLine();
      afterValue(parentIndent);
      return v;
    }
    int save = p;
    long at = pos();
    YamlScalars.Scalar key = blockScalar();
    if (peek() == ':' && blankOrEnd(peek(1))) {
      p = save;
      return blockMapping(col, depth, at);
    }
    endOfLine();
    afterValue(parentIndent);
    return key.node(at);
  }

  /** After a value that ended its line, the next content line must not be deeper (continuation). */
  private void afterValue(int parentIndent) throws Unsupported {
    int save = p;
    int saveLine = line;
    int saveStart = lineStart;
    int indent = nextLineIndent();
    if (indent > parentIndent) {
      throw unsupported("continuation line or bad indentation");
    }
    p = save;
    line = saveLine;
    lineStart = saveStart;
  }

  private YNode.Mapping blockMapping(int indent, int depth, long at) throws Unsupported {
    if (depth + 1 > MAX_DEPTH) {
      throw unsupported("deep");
    }
    FieldMap.Builder fields = new FieldMap.Builder();
    while (true) {
      long keyPos = pos();
      int c = peek();
      if (c == '-' && blankOrEnd(peek(1))) {
        throw unsupported("sequence entry in a mapping");
      }
      if (c == '[' || c == '{' || c == '?') {
        throw unsupported("complex key");
      }
      YamlScalars.Scalar k = blockScalar();
      if (peek() != ':' || !blankOrEnd(peek(1))) {
        throw unsupported("mapping key without ': '");
      }
      String key = k.text();
      p++; // ':'
      long afterColon = pos();
      spaces();
      YNode value;
      c = peek();
      if (c == -1 || c == '\n' || c == '#') {
        if (c == '#' && b[p - 1] != ' ') {
          throw unsupported("'#' after ':'");
        }
        int next = nextLineIndent();
        if (next > indent) {
          value = blockNode(next, depth + 1, indent);
        } else if (next == indent && peek() == '-' && blankOrEnd(peek(1))) {
          value = blockSequence(indent, depth + 1, true);
        } else {
          // the full reader reads a missing value as an empty string, not as null
          value = new YNode.Scalar(afterColon, YNode.Kind.STRING, "");
        }
      } else if (c == '-' && blankOrEnd(peek(1))) {
        throw unsupported("sequence on the key's line");
      } else if (c == '[' || c == '{') {
        value = flowNode(depth + 1);
        endOfLine();
      } else {
        long vp = pos();
        YamlScalars.Scalar s = blockScalar();
        if (peek() == ':' && blankOrEnd(peek(1))) {
          throw unsupported("mapping on the key's line");
        }
        endOfLine();
        value = s.node(vp);
      }
      fields.add(new YNode.Field(key, keyPos, value));
      int next = nextLineIndent();
      if (next == indent) {
        continue;
      }
      if (next > indent) {
        throw unsupported("continuation line or bad indentation");
      }
      return new YNode.Mapping(at, fields.build());
    }
  }

  private YNode.Sequence blockSequence(int indent, int depth, boolean indentless)
      throws Unsupported {
    if (depth + 1 > MAX_DEPTH) {
      throw unsupported("deep");
    }
    long at = pos();
    List<YNode> items = new ArrayList<>();
    while (true) {
      p++; // '-'
      spaces();
      int c = peek();
      if (c == -1 || c == '\n' || c == '#') {
        if (c == '#' && b[p - 1] != ' ') {
          throw unsupported("'#' after '-'");
        }
        int next = nextLineIndent();
        if (next <= indent) {
          throw unsupported("empty sequence entry");
        }
        items.add(blockNode(next, depth + 1, indent));
      } else {
        items.add(blockNode(column(), depth + 1, indent));
      }
      int next = nextLineIndent();
      if (next == indent && peek() == '-' && blankOrEnd(peek(1))) {
        continue;
      }
      if (next > indent || (next == indent && !indentless)) {
        throw unsupported("bad indentation in a sequence");
      }
      return new YNode.Sequence(at, items);
    }
  }

  /** A scalar in block context (plain or quoted, on one line). */
  private YamlScalars.Scalar blockScalar() throws Unsupported {
    int c = peek();
    if (c == '"' || c == '\'') {
      return quoted();
    }
    int start = p;
    if (!plainStart(c)) {
      throw unsupported("indicator at the start of a scalar");
    }
    int end = p;
    while (p < n) {
      c = b[p];
      if (c == '\n') {
        break;
      }
      if (c == ':' && blankOrEnd(peek(1))) {
        break;
      }
      if (c == '#' && b[p - 1] == ' ') {
        break;
      }
      p++;
      if (c != ' ') {
        end = p;
      }
    }
    p = end;
    return scalars.plain(start, end);
  }

  private boolean plainStart(int c) {
    if (c == -1 || c == ' ' || c == '\n') {
      return false;
    }
    if ("-?:".indexOf(c) >= 0) {
      return !blankOrEnd(peek(1)) && c != '?' && c != ':';
    }
    return ",[]{}#&*!|>'\"%@`".indexOf(c) < 0;
  }

  // ---- flow context ----

  private YNode flowNode(int depth) throws Unsupported {
    if (depth + 1 > MAX_DEPTH) {
      throw unsupported("deep");
    }
    long at = pos();
    int c = peek();
    if (c == '[') {
      p++;
      List<YNode> items = new ArrayList<>();
      flowSpace();
      if (peek() == ']') {
        p++;
        return new YNode.Sequence(at, items);
      }
      while (true) {
        items.add(flowItem(depth + 1));
        flowSpace();
        c = peek();
        p++;
        if (c == ']') {
          return new YNode.Sequence(at, items);
        }
        if (c != ',') {
          throw unsupported("flow sequence");
        }
        flowSpace();
        if (peek() == ']') {
          throw unsupported("trailing comma");
        }
      }
    }
    if (c == '{') {
      p++;
      FieldMap.Builder fields = new FieldMap.Builder();
      flowSpace();
      if (peek() == '}') {
        p++;
        return new YNode.Mapping(at, fields.build());
      }
      while (true) {
        long keyPos = pos();
        c = peek();
        if (c == '[' || c == '{' || c == '?') {
          throw unsupported("complex key");
        }
        YamlScalars.Scalar k = flowScalar();
        if (peek() != ':' || peek(1) != ' ') {
          throw unsupported("flow mapping key without ': '");
        }
        p++;
        flowSpace();
        c = peek();
        if (c == ',' || c == '}') {
          throw unsupported("empty flow value");
        }
        YNode v = flowItem(depth + 1);
        fields.add(new YNode.Field(k.text(), keyPos, v));
        flowSpace();
        c = peek();
        p++;
        if (c == '}') {
          return new YNode.Mapping(at, fields.build());
        }
        if (c != ',') {
          throw unsupported("flow mapping");
        }
        flowSpace();
        if (peek() == '}') {
          throw unsupported("trailing comma");
        }
      }
    }
    throw unsupported("not a flow collection");
  }

  private YNode flowItem(int depth) throws Unsupported {
    int c = peek();
    if (c == '[' || c == '{') {
      return flowNode(depth);
    }
    long at = pos();
    YamlScalars.Scalar s = flowScalar();
    if (peek() == ':') {
      throw unsupported("pair in a flow sequence");
    }
    return s.node(at);
  }

  /** Spaces, line ends and comments inside a flow collection. */
  private void flowSpace() throws Unsupported {
    if (!skipToContent()) {
      throw unsupported("unterminated flow collection");
    }
    checkLineStart();
    if (column() == 0) {
      throw unsupported("flow content at column 1");
    }
  }

  private YamlScalars.Scalar flowScalar() throws Unsupported {
    int c = peek();
    if (c == '"' || c == '\'') {
      return quoted();
    }
    if (!plainStart(c)) {
      throw unsupported("indicator at the start of a flow scalar");
    }
    int start = p;
    int end = p;
    while (p < n) {
      c = b[p];
      if (c == '\n' || c == ',' || c == ']' || c == '}' || c == '[' || c == '{') {
        break;
      }
      if (c == ':') {
        if (blankOrEnd(peek(1)) || ",[]{}".indexOf(peek(1)) >= 0) {
          break;
        }
        throw unsupported("':' in a flow scalar");
      }
      if (c == '#' && b[p - 1] == ' ') {
        break;
      }
      p++;
      if (c != ' ') {
        end = p;
      }
    }
    if (c == '[' || c == '{') {
      throw unsupported("bracket in a flow scalar");
    }
    p = end;
    if (peek() == ' ') {
      int save = p;
      spaces();
      int d = peek();
      if (d != ',' && d != ']' && d != '}' && d != ':' && d != '\n' && d != '#' && d != -1) {
        throw unsupported("flow scalar");
      }
      p = save;
    }
    return scalars.plain(start, end);
  }

  // ---- scalars ----

  private YamlScalars.Scalar quoted() throws Unsupported {
    int q = b[p];
    p++;
    int start = p;
    boolean escapes = false;
    while (true) {
      if (p >= n || b[p] == '\n') {
        throw unsupported("multi-line or unterminated quoted scalar");
      }
      int c = b[p];
      if (q == '\'' && c == '\'') {
        if (peek(1) == '\'') {
          escapes = true;
          p += 2;
          continue;
        }
        break;
      }
      if (q == '"' && c == '\\') {
        escapes = true;
        p += 2;
        continue;
      }
      if (q == '"' && c == '"') {
        break;
      }
      p++;
    }
    int end = p;
    p++; // closing quote
    String text = escapes ? scalars.unescape(q, start, end) : scalars.intern(start, end);
    return new YamlScalars.Scalar(text, YNode.Kind.STRING);
  }
}
