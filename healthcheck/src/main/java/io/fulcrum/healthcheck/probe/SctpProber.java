package io.fulcrum.healthcheck.probe;

import io.fulcrum.healthcheck.raw.LibC;
import io.fulcrum.healthcheck.raw.RawSocket;
import io.fulcrum.healthcheck.raw.SctpCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * SCTP over a raw IP socket, so the node needs no SCTP support in its kernel: sends an INIT with a
 * fresh initiate tag from a random port; an INIT-ACK carrying that tag is a success (answered with
 * an ABORT so the server drops its half-open state), an ABORT is a failure ("abort"), silence a
 * timeout.
 */
public final class SctpProber implements Prober, AutoCloseable {
  private record Pending(InetAddress to, int srcPort, int dstPort, ProbeAttempt attempt) {}

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final RawChannels raw;
  private final RandomGenerator random;

  public SctpProber(ThreadFactory threads, LongSupplier clock, RandomGenerator random) {
    this.random = random;
    this.raw =
        new RawChannels(LibC.IPPROTO_SCTP, LibC.IPPROTO_SCTP, threads, clock, this::onPacket);
  }

  @Override
  public void start(ProbeAttempt a) {
    InetAddress to = a.remote().getAddress();
    RawSocket s;
    try {
      s = raw.get(to instanceof Inet4Address);
    } catch (IOException e) {
      a.fail("raw socket: " + e.getMessage());
      return;
    }
    long tag;
    do {
      tag = random.nextLong(1, 1L << 32);
    } while (pending.containsKey(tag));
    int srcPort = 32768 + random.nextInt(28232);
    Pending p = new Pending(to, srcPort, a.remote().getPort(), a);
    long key = tag;
    pending.put(key, p);
    a.onFinish(() -> pending.remove(key, p));
    try {
      s.send(SctpCodec.init(srcPort, p.dstPort(), tag, random.nextLong(1L << 32)), to);
    } catch (IOException e) {
      a.fail(Failures.reason(e));
    }
  }

  private void onPacket(boolean ipv4, byte[] packet, int length, InetAddress from) {
    SctpCodec.Packet pk = SctpCodec.parse(ipv4, packet, length);
    if (pk == null) {
      return;
    }
    Pending p = pending.get(pk.verificationTag());
    if (p == null
        || !p.to().equals(from)
        || pk.srcPort() != p.dstPort()
        || pk.dstPort() != p.srcPort()) {
      return;
    }
    if (pk.chunkType() == SctpCodec.CHUNK_INIT_ACK) {
      try {
        raw.get(ipv4).send(SctpCodec.abort(p.srcPort(), p.dstPort(), pk.initiateTag()), from);
      } catch (IOException e) {
        // the server's half-open state times out on its own
      }
      p.attempt().succeed();
    } else if (pk.chunkType() == SctpCodec.CHUNK_ABORT) {
      p.attempt().fail("abort");
    }
  }

  @Override
  public void close() {
    raw.close();
  }
}
