package io.fulcrum.agent.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node was written, so that every validation
 * message can name the line and column of the offending value.
 */
public sealed interface YNode permits YNode.Mapping, YNode.Sequence, YNode.Scalar {

  /** Where a node starts in the file (1-based). */
  record Pos(int line, int column) {}

  /** One key of a mapping, with the position of the key itself. */
  record Field(String key, Pos keyPos, YNode value) {}

  /** Where this node starts. */
  Pos pos();

  /** A short description for messages ("a map", "a string ('x')", ...). */
  String describe();

  /** A YAML mapping; keys keep their order. */
  record Mapping(Pos pos, Map<String, Field> fields) implements YNode {
    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A YAML sequence. */
  record Sequence(Pos pos, List<YNode> items) implements YNode {
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
  record Scalar(Pos pos, Kind kind, String text) implements YNode {
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
