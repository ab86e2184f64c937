package io.fulcrum.election.l2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * Sends whole Ethernet frames out of one interface through an AF_PACKET raw socket (libc through
 * jnr-ffi). Needs CAP_NET_RAW. One socket per sender; close it when done.
 */
public final class RawPacketSender implements AutoCloseable {
  private static final int AF_PACKET = 17;
  private static final int SOCK_RAW = 3;
  private static final long SIOCGIFHWADDR = 0x8927;
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final int IFF_UP = 0x1;
  private static final int IFF_RUNNING = 0x40;

  /** The libc calls used here. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    @ssize_t
    long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

    int if_nametoindex(String name);

    int ioctl(int fd, @u_int64_t long request, @In @Out byte[] ifreq);

    int close(int fd);

    String strerror(int errnum);
  }

  private static final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  }

  private final String iface;
  private final int ifindex;
  private final byte[] mac;
  private final int fd;

  private RawPacketSender(String iface, int ifindex, byte[] mac, int fd) {
    this.iface = iface;
    this.ifindex = ifindex;
    this.mac = mac;
    this.fd = fd;
  }

  /** Opens a sender on {@code iface} (in the calling process's network namespace). */
  public static RawPacketSender open(String iface) {
    LibC libc = Holder.LIBC;
    int index = libc.if_nametoindex(iface);
    if (index == 0) {
      throw new IllegalArgumentException("no such interface: " + iface);
    }
    int fd = libc.socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
      throw new IllegalStateException("AF_PACKET socket failed: " + lastError() + " (root?)");
    }
    byte[] mac = macOf(fd, iface);
    if (mac == null) {
      try {
        mac = L2Frames.parseMac(Files.readString(Path.of("/sys/class/net", iface, "address")));
      } catch (IOException e) {
        libc.close(fd);
        throw new UncheckedIOException("cannot read the MAC of " + iface, e);
      }
    }
    return new RawPacketSender(iface, index, mac, fd);
  }

  /**
   * The MAC of {@code iface} through {@code ioctl(SIOCGIFHWADDR)} on {@code fd}: answered in the
   * socket's network namespace (sysfs shows the namespace it was mounted in, which need not be this
   * thread's). Null when the call fails.
   */
  private static byte[] macOf(int fd, String iface) {
    byte[] ifreq = new byte[40];
    byte[] name = iface.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, ifreq, 0, Math.min(name.length, 15));
    if (Holder.LIBC.ioctl(fd, SIOCGIFHWADDR, ifreq) != 0) {
      return null;
    }
    byte[] mac = new byte[6];
    System.arraycopy(ifreq, 18, mac, 0, 6); // ifr_hwaddr: sa_family (2 bytes), then sa_data
    return mac;
  }

  /**
   * Whether the interface is up with its carrier on ({@code IFF_UP} and {@code IFF_RUNNING},
   * through {@code ioctl(SIOCGIFFLAGS)} in the socket's namespace). False when the call fails.
   */
  public boolean linkRunning() {
    byte[] ifreq = new byte[40];
    byte[] name = iface.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, ifreq, 0, Math.min(name.length, 15));
    if (Holder.LIBC.ioctl(fd, SIOCGIFFLAGS, ifreq) != 0) {
      return false;
    }
    int flags = ByteBuffer.wrap(ifreq, 16, 2).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
    return (flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
  }

  public String iface() {
    return iface;
  }

  /** The interface's MAC address. */
  public byte[] mac() {
    return mac.clone();
  }

  /** Sends one frame; its first 6 bytes are the destination MAC, bytes 12-13 the EtherType. */
  public void send(byte[] frame) {
    if (frame.length < 14) {
      throw new IllegalArgumentException("frame shorter than an Ethernet header");
    }
    ByteBuffer sll = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
    sll.putShort((short) AF_PACKET);
    sll.order(ByteOrder.BIG_ENDIAN)
        .putShort((short) (((frame[12] & 0xff) << 8) | (frame[13] & 0xff)));
    sll.order(ByteOrder.nativeOrder()).putInt(ifindex);
    sll.putShort((short) 1); // ARPHRD_ETHER
    sll.put((byte) 0).put((byte) 6);
    sll.put(frame, 0, 6);
    long sent = Holder.LIBC.sendto(fd, frame, frame.length, 0, sll.array(), 20);
    if (sent != frame.length) {
      throw new IllegalStateException("sendto on " + iface + " failed: " + lastError());
    }
  }

  private static String lastError() {
    int errno = jnr.ffi.Runtime.getRuntime(Holder.LIBC).getLastError();
    return Holder.LIBC.strerror(errno) + " (errno " + errno + ")";
  }

  @Override
  public void close() {
    Holder.LIBC.close(fd);
  }
}
