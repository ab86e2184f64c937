package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.TcpSegment;
import io.netty.channel.EventLoop;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Half-open TCP checks of one event loop: a SYN sent from a raw socket; a SYN-ACK is a success (the
 * prober's own kernel, which has no socket for it, answers with RST and the server forgets the
 * connection), an RST "refused", silence a timeout. It judges exactly what a connect probe judges
 * (a connect succeeds on the SYN-ACK too) with one packet sent instead of three and one system call
 * instead of five, and the server's application never sees an accepted connection.
 *
 * <p>The SYNs leave from {@link #PORTS} source ports that the loop holds bound (so that no other
 * socket on the host connects from them) and carry a random initial sequence number, by which the
 * answer (acknowledging it plus one) finds its probe. Each family's raw socket carries a socket
 * filter that keeps only SYN-ACKs and RSTs to those ports, and is one handle of the loop's epoll.
 * Confined to its loop. {@link #start} returns false when raw sockets cannot be had (no
 * CAP_NET_RAW): the caller then probes with a connect.
 */
final class HalfOpenPoller {
  private static final Logger LOG = LoggerFactory.getLogger(HalfOpenPoller.class);
  private static final FastThreadLocal<HalfOpenPoller> PER_LOOP = new FastThreadLocal<>();

  /** Source ports held per loop: probes in flight to the same target spread over them. */
  static final int PORTS = 32;

  /** Bytes kept of each answer: an IPv4 header with options and a TCP header. */
  static final int SNAP = 120;

  /** How long a destination's source address is trusted before the kernel is asked again. */
  static final long ROUTE_TTL_NANOS = 10_000_000_000L;

  private final EventLoop loop;
  private final LongObjectHashMap<Syn> pending = new LongObjectHashMap<>();
  private final SourceRoutes routes;
  private final SplittableRandom random = new SplittableRandom();
  private final RawTcpSocket[] sockets = new RawTcpSocket[2];
  private final String[] unavailable = new String[2];
  private final List<Socket> reserved = new ArrayList<>();
  private int[] ports;
  private int nextPort;
  private boolean closed;

  private HalfOpenPoller(EventLoop loop, LongSupplier clock) {
    this.loop = loop;
    this.routes = new SourceRoutes(clock, ROUTE_TTL_NANOS, SourceRoutes::kernelLookup);
  }

  /** The poller of {@code loop}; call on the loop. */
  static HalfOpenPoller of(EventLoop loop, LongSupplier clock) {
    HalfOpenPoller p = PER_LOOP.get();
    if (p == null || p.closed) {
      p = new HalfOpenPoller(loop, clock);
      PER_LOOP.set(p);
    }
    return p;
  }

  /**
   * Sends the attempt's SYN. Returns false, having done nothing, when this loop cannot probe
   * half-open for the target's family.
   */
  boolean start(ProbeAttempt a) {
    InetAddress to = a.remote().getAddress();
    boolean ipv4 = to instanceof Inet4Address;
    RawTcpSocket s = socket(ipv4);
    if (s == null) {
      return false;
    }
    byte[] source = null;
    if (ipv4) {
      try {
        source = routes.source(to);
      } catch (IOException e) {
        a.fail(Failures.reason(e));
        return true;
      }
    }
    long isn;
    do {
      isn = random.nextLong(1L << 32);
    } while (pending.containsKey(isn));
    int srcPort = ports[nextPort];
    nextPort = (nextPort + 1) % ports.length;
    Syn syn = new Syn(this, a, isn, srcPort, to);
    pending.put(isn, syn);
    a.onFinish(syn);
    int dstPort = a.remote().getPort();
    byte[] segment = TcpSegment.syn(srcPort, dstPort, isn, source, ipv4 ? to.getAddress() : null);
    try {
      s.send(segment, to);
    } catch (IOException e) {
      a.fail(Failures.reason(e));
    }
    return true;
  }

  /** An answer read by a family's socket. */
  void answer(TcpSegment.Parsed p, byte[] from) {
    Syn s = pending.get((p.ack() - 1) & 0xffffffffL);
    if (s == null
        || p.dstPort() != s.srcPort
        || p.srcPort() != s.attempt.remote().getPort()
        || !Arrays.equals(from, s.toBytes)) {
      return; // not ours, or an answer to a probe already judged
    }
    if (p.isRst()) {
      s.attempt.fail("refused");
    } else if (p.isSynAck()) {
      s.attempt.succeed();
    }
  }

  private void finished(Syn s) {
    if (pending.get(s.isn) == s) {
      pending.remove(s.isn);
    }
    if (!s.attempt.succeeded()) {
      routes.forget(s.to);
    }
  }

  /** The family's socket, opening it (and holding the source ports) on first use; null if none. */
  private RawTcpSocket socket(boolean ipv4) {
    int i = ipv4 ? 0 : 1;
    if (sockets[i] != null || unavailable[i] != null || closed) {
      return sockets[i];
    }
    try {
      if (ports == null) {
        ports = reservePorts();
      }
      sockets[i] = RawTcpSocket.open(this, loop, ipv4, ports);
    } catch (IOException | RuntimeException | LinkageError e) {
      unavailable[i] = e.getMessage();
      LOG.warn(
          "half-open TCP checks unavailable for IPv{} ({}): TCP checks connect instead",
          ipv4 ? 4 : 6,
          e.getMessage());
    }
    return sockets[i];
  }

  /** Binds {@link #PORTS} TCP sockets to ephemeral ports (both families) and keeps them. */
  private int[] reservePorts() throws IOException {
    int[] got = new int[PORTS];
    try {
      for (int i = 0; i < PORTS; i++) {
        Socket s = new Socket();
        reserved.add(s);
        s.bind(new InetSocketAddress(0));
        got[i] = s.getLocalPort();
      }
    } catch (IOException e) {
      releasePorts();
      throw new IOException("cannot hold source ports: " + e.getMessage(), e);
    }
    return got;
  }

  private void releasePorts() {
    for (Socket s : reserved) {
      try {
        s.close();
      } catch (IOException e) {
        // nothing to do: the port is free either way
      }
    }
    reserved.clear();
  }

  /** The loop shuts down (called by a family's handle): every socket and port is let go. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RawTcpSocket s : sockets) {
      if (s != null) {
        s.closeSocket();
      }
    }
    releasePorts();
  }

  /** One probe in flight: also its finish action (a class, not a lambda: C1). */
  private static final class Syn implements Runnable {
    private final HalfOpenPoller poller;
    private final ProbeAttempt attempt;
    private final long isn;
    private final int srcPort;
    private final InetAddress to;
    private final byte[] toBytes;

    Syn(HalfOpenPoller poller, ProbeAttempt attempt, long isn, int srcPort, InetAddress to) {
      this.poller = poller;
      this.attempt = attempt;
      this.isn = isn;
      this.srcPort = srcPort;
      this.to = to;
      this.toBytes = to.getAddress();
    }

    @Override
    public void run() {
      poller.finished(this);
    }
  }
}
