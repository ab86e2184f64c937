package io.fulcrum.datapath.abi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian field access and the 16-byte address encoding of abi.h. */
public final class Bytes {
  private Bytes() {}

  public static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** abi.h family of an address: FL_AF_INET or FL_AF_INET6. */
  public static int family(InetAddress a) {
    return a instanceof Inet4Address ? Abi.AF_INET : Abi.AF_INET6;
  }

  /** Writes an address as struct fl_addr (IPv4 in the first 4 bytes, rest zero). */
  public static void putAddr(byte[] b, int offset, InetAddress a) {
    if (a == null) {
      return;
    }
    byte[] raw = a.getAddress();
    System.arraycopy(raw, 0, b, offset, raw.length);
  }

  /** Reads a struct fl_addr of the given family; null for family 0. */
  public static InetAddress getAddr(byte[] b, int offset, int family) {
    try {
      if (family == Abi.AF_INET) {
        return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, offset, offset + 4));
      }
      if (family == Abi.AF_INET6) {
        byte[] raw = java.util.Arrays.copyOfRange(b, offset, offset + 16);
        return Inet6Address.getByAddress(null, raw, -1);
      }
      return null;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a port in network byte order. */
  public static void putPortBe(byte[] b, int offset, int port) {
    b[offset] = (byte) (port >>> 8);
    b[offset + 1] = (byte) port;
  }

  public static int getPortBe(byte[] b, int offset) {
    return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
  }

  public static void putU8(byte[] b, int offset, int v) {
    b[offset] = (byte) v;
  }

  public static int getU8(byte[] b, int offset) {
    return b[offset] & 0xff;
  }

  // little-endian views of byte arrays: no buffer object per access
  private static final VarHandle U16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  public static void putU16(byte[] b, int offset, int v) {
    U16.set(b, offset, (short) v);
  }

  public static int getU16(byte[] b, int offset) {
    return (short) U16.get(b, offset) & 0xffff;
  }

  public static void putU32(byte[] b, int offset, int v) {
    U32.set(b, offset, v);
  }

  public static int getU32(byte[] b, int offset) {
    return (int) U32.get(b, offset);
  }

  public static void putU64(byte[] b, int offset, long v) {
    U64.set(b, offset, v);
  }

  public static long getU64(byte[] b, int offset) {
    return (long) U64.get(b, offset);
  }

  /** A 4-byte little-endian u32 key (array maps). */
  public static byte[] u32Key(int v) {
    byte[] b = new byte[4];
    putU32(b, 0, v);
    return b;
  }
}
