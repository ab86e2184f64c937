package io.fulcrum.agent.config;

/**
 * The byte cursor under {@link FastYaml}: where it is (offset, line, column, packed position for
 * {@link YNode}) and the lexical steps that only move it (spaces, comments, line ends, document
 * markers). Pure: no I/O.
 */
abstract class YamlCursor {
  final byte[] b;
  final int n;
  int p; // cursor
  int line = 1; // line of the cursor (1-based)
  int lineStart; // offset of the first byte of the cursor's line

  YamlCursor(byte[] b) {
    this.b = b;
    this.n = b.length;
  }

  static FastYaml.Unsupported unsupported(String why) {
    return new FastYaml.Unsupported(why);
  }

  int column() {
    return p - lineStart;
  }

  /** The cursor's position, packed (see {@link YNode.Pos#pack}). */
  long pos() {
    return YNode.Pos.pack(line, column() + 1);
  }

  int peek() {
    return p < n ? b[p] : -1;
  }

  int peek(int ahead) {
    return p + ahead < n ? b[p + ahead] : -1;
  }

  static boolean blankOrEnd(int c) {
    return c == ' ' || c == '\n' || c == -1;
  }

  /** Skips spaces on this line. */
  void spaces() {
    while (p < n && b[p] == ' ') {
      p++;
    }
  }

  /** Skips spaces, comments and line ends up to the next content; false at the end of the input. */
  boolean skipToContent() {
    while (p < n) {
      int c = b[p];
      if (c == ' ') {
        p++;
      } else if (c == '\n') {
        p++;
        line++;
        lineStart = p;
      } else if (c == '#') {
        if (p > lineStart && b[p - 1] != ' ') {
          return true; // not a comment: part of something (an error the caller sees)
        }
        while (p < n && b[p] != '\n') {
          p++;
        }
      } else {
        return true;
      }
    }
    return false;
  }

  /** After a node: only spaces and a comment may follow on this line. */
  void endOfLine() throws FastYaml.Unsupported {
    int before = p;
    spaces();
    if (p >= n || b[p] == '\n') {
      return;
    }
    if (b[p] == '#' && p > before) {
      while (p < n && b[p] != '\n') {
        p++;
      }
      return;
    }
    throw unsupported("unexpected text after a value");
  }

  /** A content line must not start a document marker or a directive. */
  void checkLineStart() throws FastYaml.Unsupported {
    if (column() != 0) {
      return;
    }
    int c = peek();
    if (c == '%'
        || ((c == '-' || c == '.') && peek(1) == c && peek(2) == c && blankOrEnd(peek(3)))) {
      throw unsupported("document marker or directive");
    }
  }

  /** Moves to the next content line; returns its indentation, or -1 at the end. */
  int nextLineIndent() throws FastYaml.Unsupported {
    if (!skipToContent()) {
      return -1;
    }
    checkLineStart();
    return column();
  }
}
