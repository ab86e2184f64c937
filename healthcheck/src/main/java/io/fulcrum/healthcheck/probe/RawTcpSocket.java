package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.LibC;
import io.fulcrum.healthcheck.raw.SockAddr;
import io.fulcrum.healthcheck.raw.SocketFilter;
import io.fulcrum.healthcheck.raw.TcpSegment;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * One family's raw TCP socket of a {@link HalfOpenPoller}: non-blocking, with the socket filter
 * that keeps only answers to the poller's ports, one handle of the loop's epoll. When readable it
 * reads every queued answer (into native memory, {@link HalfOpenPoller#SNAP} bytes each) and hands
 * them to the poller. IPv6 sockets have the kernel fill the TCP checksum ({@code IPV6_CHECKSUM}).
 */
final class RawTcpSocket implements EpollIoHandle {
  private static final int RCVBUF = 1 << 20;
  private static final int SOCKADDR_SOURCE6 = 8;

  private final HalfOpenPoller poller;
  private final boolean ipv4;
  private final FileDescriptor fd;
  private final LibC libc = LibC.get();
  private final Pointer buf;
  private final Pointer addr;
  private final Pointer addrLen;
  private final byte[] packet = new byte[HalfOpenPoller.SNAP];
  private boolean closed;

  private RawTcpSocket(HalfOpenPoller poller, boolean ipv4, int fd) {
    this.poller = poller;
    this.ipv4 = ipv4;
    this.fd = new FileDescriptor(fd);
    Runtime rt = Runtime.getRuntime(libc);
    this.buf = Memory.allocateDirect(rt, HalfOpenPoller.SNAP);
    this.addr = Memory.allocateDirect(rt, SockAddr.MAX_LEN);
    this.addrLen = Memory.allocateDirect(rt, 4);
  }

  /** Opens, filters and registers the socket on {@code loop}; call on the loop. */
  static RawTcpSocket open(HalfOpenPoller poller, EventLoop loop, boolean ipv4, int[] ports)
      throws IOException {
    LibC libc = LibC.get();
    int fd =
        libc.socket(
            ipv4 ? LibC.AF_INET : LibC.AF_INET6,
            LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC,
            LibC.IPPROTO_TCP);
    if (fd < 0) {
      throw new IOException("raw TCP socket: " + LibC.lastError());
    }
    RawTcpSocket s = new RawTcpSocket(poller, ipv4, fd);
    try {
      s.attachFilter(SocketFilter.tcpAnswers(ipv4, ports, HalfOpenPoller.SNAP));
      s.setInt(LibC.SOL_SOCKET, LibC.SO_RCVBUF, RCVBUF, "SO_RCVBUF");
      if (!ipv4) {
        s.setInt(LibC.IPPROTO_IPV6, LibC.IPV6_CHECKSUM, 16, "IPV6_CHECKSUM");
      }
      s.drain(false); // whatever arrived before the filter was in place
    } catch (IOException | RuntimeException e) {
      s.closeSocket();
      throw e;
    }
    ((IoEventLoop) loop)
        .register(s)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ((IoRegistration) f.getNow()).submit(EpollIoOps.EPOLLIN);
              } else {
                s.closeSocket();
              }
            });
    return s;
  }

  private void attachFilter(byte[] program) throws IOException {
    Runtime rt = Runtime.getRuntime(libc);
    Pointer insns = Memory.allocateDirect(rt, program.length);
    insns.put(0, program, 0, program.length);
    Pointer fprog = Memory.allocateDirect(rt, 16); // struct sock_fprog: u16 len, pointer
    fprog.putShort(0, (short) (program.length / SocketFilter.INSN_SIZE));
    fprog.putAddress(8, insns.address());
    if (libc.setsockopt(fd.intValue(), LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, 16) < 0) {
      throw new IOException("SO_ATTACH_FILTER: " + LibC.lastError());
    }
  }

  private void setInt(int level, int name, int value, String what) throws IOException {
    Pointer v = Memory.allocateDirect(Runtime.getRuntime(libc), 4);
    v.putInt(0, value);
    if (libc.setsockopt(fd.intValue(), level, name, v, 4) < 0) {
      throw new IOException(what + ": " + LibC.lastError());
    }
  }

  /** Sends one segment (the kernel adds the IP header). */
  void send(byte[] segment, InetAddress to) throws IOException {
    byte[] sa = SockAddr.encode(to);
    if (libc.sendto(fd.intValue(), segment, segment.length, LibC.MSG_DONTWAIT, sa, sa.length) < 0) {
      throw new IOException(LibC.lastError());
    }
  }

  /** Reads every queued answer; hands them to the poller when {@code deliver}. */
  private void drain(boolean deliver) {
    byte[] source6 = ipv4 ? null : new byte[16];
    while (!closed) {
      addrLen.putInt(0, SockAddr.MAX_LEN);
      long n =
          libc.recvfrom(fd.intValue(), buf, HalfOpenPoller.SNAP, LibC.MSG_DONTWAIT, addr, addrLen);
      if (n < 0) {
        return; // EAGAIN: nothing left (any other error: the next event tries again)
      }
      if (!deliver) {
        continue;
      }
      int len = (int) n;
      buf.get(0, packet, 0, len);
      TcpSegment.Parsed p = TcpSegment.parse(ipv4, packet, len);
      if (p == null) {
        continue;
      }
      byte[] from = p.source4();
      if (!ipv4) {
        addr.get(SOCKADDR_SOURCE6, source6, 0, 16);
        from = source6;
      }
      poller.answer(p, from);
    }
  }

  @Override
  public FileDescriptor fd() {
    return fd;
  }

  @Override
  public void handle(IoRegistration reg, IoEvent event) {
    drain(true);
  }

  /** The loop shuts down: the whole poller goes with it. */
  @Override
  public void close() {
    poller.close();
  }

  void closeSocket() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      fd.close();
    } catch (IOException e) {
      // nothing to do: the descriptor is gone either way
    }
  }
}
