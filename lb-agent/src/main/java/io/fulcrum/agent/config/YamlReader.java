package io.fulcrum.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML bytes into a {@link YNode} tree, keeping the position of every node: with {@link
 * FastYaml} when the document is in its subset, else with Jackson's streaming YAML parser. Pure: no
 * file access, no network.
 */
public final class YamlReader {
  /** Large enough for 10,000+ services (SnakeYAML's default stops at 3 MB). */
  static final int MAX_CODE_POINTS = 256 * 1024 * 1024;

  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().loaderOptions(loaderOptions()).build();

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_CODE_POINTS);
    o.setAllowDuplicateKeys(true); // duplicates are reported by this reader, with both lines
    return o;
  }

  private static final int MAX_DEPTH = 64;

  private YamlReader() {}

  /** A YAML syntax problem at a position. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient YNode.Pos pos;

    SyntaxException(YNode.Pos pos, String message) {
      super(message);
      this.pos = pos;
    }

    public YNode.Pos pos() {
      return pos;
    }
  }

  /**
   * Parses one YAML document; returns null for an empty document. Documents in the plain subset
   * that configuration files use are read by {@link FastYaml} (same tree, same positions, much
   * faster); everything else, every error included, by the full reader.
   */
  public static YNode read(byte[] yaml) throws SyntaxException {
    try {
      return FastYaml.read(yaml);
    } catch (FastYaml.Unsupported e) {
      return readFull(yaml);
    }
  }

  /** Parses one YAML document with the full reader (Jackson over SnakeYAML). */
  static YNode readFull(byte[] yaml) throws SyntaxException {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      YNode root = node(p, 0);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw new SyntaxException(pos(p.currentTokenLocation()), "only one YAML document allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      YNode.Pos at = loc == null ? new YNode.Pos(1, 1) : pos(loc);
      throw new SyntaxException(at, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new SyntaxException(new YNode.Pos(1, 1), "cannot read YAML: " + e.getMessage());
    }
  }

  private static YNode node(JsonParser p, int depth) throws IOException, SyntaxException {
    YNode.Pos at = pos(p.currentTokenLocation());
    if (depth > MAX_DEPTH) {
      throw new SyntaxException(at, "nested deeper than " + MAX_DEPTH + " levels");
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, YNode.Field> fields = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            YNode.Pos keyPos = pos(p.currentTokenLocation());
            p.nextToken();
            YNode value = node(p, depth + 1);
            if (fields.containsKey(key)) {
              throw new SyntaxException(
                  keyPos,
                  "duplicate key '"
                      + key
                      + "' (first on line "
                      + fields.get(key).keyPos().line()
                      + ")");
            }
            fields.put(key, new YNode.Field(key, keyPos, value));
          }
          return new YNode.Mapping(at, fields);
        }
      case START_ARRAY:
        {
          List<YNode> items = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(p, depth + 1));
          }
          return new YNode.Sequence(at, items);
        }
      case VALUE_STRING:
        return new YNode.Scalar(at, YNode.Kind.STRING, p.getText());
      case VALUE_NUMBER_INT:
        return new YNode.Scalar(at, YNode.Kind.INTEGER, p.getText());
      case VALUE_NUMBER_FLOAT:
        return new YNode.Scalar(at, YNode.Kind.FLOAT, p.getText());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YNode.Scalar(at, YNode.Kind.BOOLEAN, p.getText());
      case VALUE_NULL:
        return new YNode.Scalar(at, YNode.Kind.NULL, "null");
      default:
        throw new SyntaxException(at, "unsupported YAML construct (" + t + ")");
    }
  }

  private static YNode.Pos pos(JsonLocation loc) {
    return new YNode.Pos(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
