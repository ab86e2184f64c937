package io.fulcrum.bgp.codec;

import java.io.ByteArrayOutputStream;

/** Builds raw (possibly malformed) BGP messages for tests. */
final class Wire {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Wire of(int... bytes) {
    Wire w = new Wire();
    for (int b : bytes) {
      w.out.write(b);
    }
    return w;
  }

  Wire u8(int... v) {
    for (int b : v) {
      out.write(b);
    }
    return this;
  }

  Wire u16(int v) {
    return u8(v >>> 8 & 0xff, v & 0xff);
  }

  Wire u32(long v) {
    return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
  }

  Wire bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  byte[] body() {
    return out.toByteArray();
  }

  /** Wraps the body in a header with the true length. */
  byte[] message(int type) {
    byte[] body = out.toByteArray();
    return Wire.header(19 + body.length, type).bytes(body).body();
  }

  static Wire header(int length, int type) {
    Wire w = new Wire();
    for (int i = 0; i < 16; i++) {
      w.u8(0xff);
    }
    return w.u16(length).u8(type);
  }

  /** An UPDATE body with the given raw attribute bytes and IPv4 NLRI bytes. */
  static byte[] update(byte[] withdrawn, byte[] attrs, byte[] nlri) {
    return new Wire()
        .u16(withdrawn.length)
        .bytes(withdrawn)
        .u16(attrs.length)
        .bytes(attrs)
        .bytes(nlri)
        .message(BgpMessage.TYPE_UPDATE);
  }

  /** ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 198.18.0.1. */
  static Wire validAttrs() {
    return new Wire()
        .u8(0x40, 1, 1, 0)
        .u8(0x40, 2, 6, 2, 1)
        .u32(65001)
        .u8(0x40, 3, 4, 198, 18, 0, 1);
  }
}
