package io.fulcrum.datapath.abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte layout of one C struct of {@code bpf/lib/abi.h}, computed with C's natural alignment
 * (scalars aligned to their size, byte arrays and {@code struct fl_addr} to 1). The codecs write at
 * these offsets; {@code AbiLayoutTest} compiles the header and checks every offset and size.
 */
public final class Layout {
  /** One field: name as in C, offset and size in bytes. */
  public record Field(String name, int offset, int size) {}

  private final String struct;
  private final Map<String, Field> fields;
  private final int size;

  private Layout(String struct, Map<String, Field> fields, int size) {
    this.struct = struct;
    this.fields = Collections.unmodifiableMap(fields);
    this.size = size;
  }

  public static Builder struct(String name) {
    return new Builder(name);
  }

  public String struct() {
    return struct;
  }

  public int size() {
    return size;
  }

  public List<Field> fields() {
    return List.copyOf(fields.values());
  }

  public int offset(String field) {
    Field f = fields.get(field);
    if (f == null) {
      throw new IllegalArgumentException(struct + " has no field " + field);
    }
    return f.offset();
  }

  /** Builds a layout field by field, in declaration order. */
  public static final class Builder {
    private final String name;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Integer> aligns = new ArrayList<>();
    private int offset;

    private Builder(String name) {
      this.name = name;
    }

    /** A scalar (__u8/__u16/__u32/__u64). */
    public Builder scalar(String field, int size) {
      return add(field, size, size);
    }

    /** A byte array or byte-only struct (e.g. struct fl_addr). */
    public Builder bytes(String field, int size) {
      return add(field, size, 1);
    }

    private Builder add(String field, int size, int align) {
      offset = (offset + align - 1) / align * align;
      fields.put(field, new Field(field, offset, size));
      aligns.add(align);
      offset += size;
      return this;
    }

    public Layout build() {
      int align = aligns.stream().mapToInt(Integer::intValue).max().orElse(1);
      int size = (offset + align - 1) / align * align;
      return new Layout(name, fields, size);
    }
  }
}
