package io.fulcrum.agent.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node was written, so that every validation
 * message can name the line and column of the offending value. Positions are kept packed in a long
 * (a large file has hundreds of thousands of nodes) and handed out as {@link Pos}.
 */
public sealed interface YNode permits YNode.Mapping, YNode.Sequence, YNode.Scalar {

  /** Where a node starts in the file (1-based). */
  record Pos(int line, int column) {
    /** This position packed into a long (line in the high half). */
    public long pack() {
      return pack(line, column);
    }

    public static long pack(int line, int column) {
      return ((long) line << 32) | (column & 0xffffffffL);
    }

    public static Pos unpack(long at) {
      return new Pos((int) (at >>> 32), (int) at);
    }
  }

  /** One key of a mapping, with the position of the key itself ({@code keyAt}, packed). */
  record Field(String key, long keyAt, YNode value) {
    public Field(String key, Pos keyPos, YNode value) {
      this(key, keyPos.pack(), value);
    }

    public Pos keyPos() {
      return Pos.unpack(keyAt);
    }
  }

  /** Where this node starts. */
  Pos pos();

  /** A short description for messages ("a map", "a string ('x')", ...). */
  String describe();

  /** A YAML mapping; keys keep their order. */
  record Mapping(long at, Map<String, Field> fields) implements YNode {
    public Mapping(Pos pos, Map<String, Field> fields) {
      this(pos.pack(), fields);
    }

    @Override
    public Pos pos() {
      return Pos.unpack(at);
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A YAML sequence. */
  record Sequence(long at, List<YNode> items) implements YNode {
    public Sequence(Pos pos, List<YNode> items) {
      this(pos.pack(), items);
    }

    @Override
    public Pos pos() {
      return Pos.unpack(at);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** The type YAML gave a scalar (a quoted "80" is a string, 80 is an integer). */
  enum Kind {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }

  /** A YAML scalar with its type and its text. */
  record Scalar(long at, Kind kind, String text) implements YNode {
    public Scalar(Pos pos, Kind kind, String text) {
      this(pos.pack(), kind, text);
    }

    @Override
    public Pos pos() {
      return Pos.unpack(at);
    }

    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "a string ('" + text + "')";
        case INTEGER -> "an integer (" + text + ")";
        case FLOAT -> "a decimal number (" + text + ")";
        case BOOLEAN -> "a boolean (" + text + ")";
        case NULL -> "nothing (null)";
      };
    }
  }
}
