package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.IcmpCodec;
import io.fulcrum.healthcheck.raw.LibC;
import io.fulcrum.healthcheck.raw.RawSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * ICMP / ICMPv6 echo over one raw socket per family (needs CAP_NET_RAW, which the agent has). Each
 * request carries the engine's identifier and a sequence number; a reply from the target with the
 * same pair completes the probe.
 */
public final class PingProber implements Prober, AutoCloseable {
  private record Pending(InetAddress to, ProbeAttempt attempt) {}

  private static final byte[] PAYLOAD =
      "fulcrum-hc-ping!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final int identifier;
  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final RawChannels raw;

  public PingProber(ThreadFactory threads, LongSupplier clock, int identifier) {
    this.identifier = identifier & 0xffff;
    this.raw =
        new RawChannels(LibC.IPPROTO_ICMP, LibC.IPPROTO_ICMPV6, threads, clock, this::onPacket);
  }

  @Override
  public void start(ProbeAttempt a) {
    InetAddress to = a.remote().getAddress();
    boolean v4 = to instanceof Inet4Address;
    RawSocket s;
    try {
      s = raw.get(v4);
    } catch (IOException e) {
      a.fail("raw socket: " + e.getMessage());
      return;
    }
    int seq = sequence.incrementAndGet() & 0xffff;
    Pending p = new Pending(to, a);
    pending.put(seq, p);
    a.onFinish(() -> pending.remove(seq, p));
    try {
      s.send(IcmpCodec.echoRequest(v4, identifier, seq, PAYLOAD), to);
    } catch (IOException e) {
      a.fail(Failures.reason(e));
    }
  }

  private void onPacket(boolean ipv4, byte[] packet, int length, InetAddress from) {
    IcmpCodec.Echo echo = IcmpCodec.parseEchoReply(ipv4, packet, length);
    if (echo == null || echo.identifier() != identifier) {
      return;
    }
    Pending p = pending.get(echo.sequence());
    if (p != null && p.to().equals(from)) {
      p.attempt().succeed();
    }
  }

  /** Number of probes waiting for a reply (for tests). */
  public int inFlight() {
    return pending.size();
  }

  @Override
  public void close() {
    raw.close();
  }
}
