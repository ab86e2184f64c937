package io.fulcrum.election;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One replicated document: opaque bytes that a module (for example the REST API's runtime state)
 * keeps in the group's state, with a version that every accepted write raises by one. A key never
 * written has version 0 and no bytes.
 *
 * @param version number of accepted writes of this key
 * @param value the bytes (a copy is kept; empty when never written)
 */
public record Document(long version, byte[] value) {
  public static final Document NONE = new Document(0, new byte[0]);

  public Document {
    if (version < 0) {
      throw new IllegalArgumentException("negative document version " + version);
    }
    value = value == null ? new byte[0] : value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The bytes as UTF-8 text. */
  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  public int size() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Document d && d.version == version && Arrays.equals(d.value, value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Document[version=" + version + ", " + value.length + " bytes]";
  }
}
