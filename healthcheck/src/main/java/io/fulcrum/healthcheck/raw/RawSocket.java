package io.fulcrum.healthcheck.raw;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnr.ffi.byref.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw IP socket (one protocol, one family) with one reader thread that hands every received
 * packet to a {@link Receiver}. One instance serves every target of that protocol: no thread per
 * target. The socket is opened on the reader thread, which comes from the engine's thread factory
 * (so a factory that enters a network namespace puts the socket there). IPv4 packets are received
 * with their IP header; IPv6 packets without.
 */
public final class RawSocket implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RawSocket.class);
  private static final int POLL_MILLIS = 200;

  /** Receives packets on the reader thread; must not block. */
  @FunctionalInterface
  public interface Receiver {
    void onPacket(byte[] packet, int length, InetAddress from);
  }

  private final boolean ipv4;
  private final int protocol;
  private final Receiver receiver;
  private volatile int fd = -1;
  private volatile boolean closed;
  private final CompletableFuture<Integer> opened = new CompletableFuture<>();

  private RawSocket(boolean ipv4, int protocol, Receiver receiver) {
    this.ipv4 = ipv4;
    this.protocol = protocol;
    this.receiver = receiver;
  }

  /**
   * Opens a raw socket and starts its reader.
   *
   * @throws IOException when the socket cannot be opened (e.g. no CAP_NET_RAW), with the reason
   */
  public static RawSocket open(boolean ipv4, int protocol, ThreadFactory threads, Receiver receiver)
      throws IOException {
    RawSocket s = new RawSocket(ipv4, protocol, receiver);
    Thread t = threads.newThread(s::run);
    t.setDaemon(true);
    t.setName("fulcrum-hc-raw-" + (ipv4 ? "v4-" : "v6-") + protocol);
    t.start();
    try {
      s.fd = s.opened.get(10, TimeUnit.SECONDS);
      return s;
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      s.close();
      throw new IOException("raw socket reader did not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.close();
      throw new IOException("interrupted opening raw socket", e);
    }
  }

  public boolean ipv4() {
    return ipv4;
  }

  /** Sends one packet (without IP header) to an address; failure carries the errno text. */
  public void send(byte[] packet, InetAddress to) throws IOException {
    if ((to instanceof Inet4Address) != ipv4) {
      throw new IOException("address family mismatch for " + to.getHostAddress());
    }
    byte[] sa = SockAddr.encode(to);
    long n = LibC.get().sendto(fd, packet, packet.length, LibC.MSG_DONTWAIT, sa, sa.length);
    if (n < 0) {
      throw new IOException(LibC.lastError());
    }
  }

  private void run() {
    LibC libc;
    int sock;
    try {
      libc = LibC.get();
      sock = libc.socket(ipv4 ? LibC.AF_INET : LibC.AF_INET6, LibC.SOCK_RAW, protocol);
      if (sock < 0) {
        opened.completeExceptionally(
            new IOException("raw socket (protocol " + protocol + "): " + LibC.lastError()));
        return;
      }
    } catch (RuntimeException | LinkageError e) {
      opened.completeExceptionally(new IOException("libc unavailable: " + e, e));
      return;
    }
    opened.complete(sock);
    byte[] pollfd = new byte[8];
    pollfd[0] = (byte) sock;
    pollfd[1] = (byte) (sock >>> 8);
    pollfd[2] = (byte) (sock >>> 16);
    pollfd[3] = (byte) (sock >>> 24);
    pollfd[4] = (byte) LibC.POLLIN;
    byte[] buf = new byte[65536];
    byte[] sa = new byte[SockAddr.MAX_LEN];
    try {
      while (!closed) {
        pollfd[6] = 0;
        pollfd[7] = 0;
        int ready = libc.poll(pollfd, 1, POLL_MILLIS);
        if (ready <= 0 || closed) {
          continue;
        }
        while (!closed) {
          IntByReference saLen = new IntByReference(sa.length);
          long n = libc.recvfrom(sock, buf, buf.length, LibC.MSG_DONTWAIT, sa, saLen);
          if (n < 0) {
            break;
          }
          InetAddress from = SockAddr.decode(sa);
          if (from != null) {
            try {
              receiver.onPacket(buf, (int) n, from);
            } catch (RuntimeException e) {
              LOG.warn("raw packet handler failed", e);
            }
          }
        }
      }
    } finally {
      libc.close(sock);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
