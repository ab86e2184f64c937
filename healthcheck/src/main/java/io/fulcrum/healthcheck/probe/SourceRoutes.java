package io.fulcrum.healthcheck.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The local address the kernel would send from to a destination, cached. A half-open IPv4 SYN goes
 * out of a raw socket whose IP header the kernel writes, but its TCP checksum covers the source
 * address, so the prober must know it: it asks the kernel once per destination (a connected UDP
 * socket's local address: the same route lookup, nothing sent) and keeps the answer for {@code
 * ttl}. A probe that fails forgets its destination's entry, so that a changed route costs at most
 * one failed probe. Confined to one event loop.
 */
final class SourceRoutes {
  /** Asks the kernel (or a test) for the source address towards a destination. */
  interface Lookup {
    InetAddress source(InetAddress destination) throws IOException;
  }

  /** Bounds the cache: past this many destinations it starts over. */
  static final int MAX_ENTRIES = 65536;

  private record Entry(byte[] source, long expires) {}

  private final Map<InetAddress, Entry> cache = new HashMap<>();
  private final LongSupplier clock;
  private final long ttlNanos;
  private final Lookup lookup;

  SourceRoutes(LongSupplier clock, long ttlNanos, Lookup lookup) {
    this.clock = clock;
    this.ttlNanos = ttlNanos;
    this.lookup = lookup;
  }

  /** The kernel's route lookup: the local address of a UDP socket connected to the destination. */
  static InetAddress kernelLookup(InetAddress destination) throws IOException {
    StandardProtocolFamily family =
        destination instanceof java.net.Inet4Address
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6;
    try (DatagramChannel ch = DatagramChannel.open(family)) {
      ch.connect(new InetSocketAddress(destination, 9)); // a UDP connect sends nothing
      return ((InetSocketAddress) ch.getLocalAddress()).getAddress();
    }
  }

  /** The source address bytes towards {@code destination}. */
  byte[] source(InetAddress destination) throws IOException {
    long now = clock.getAsLong();
    Entry e = cache.get(destination);
    if (e != null && now - e.expires() < 0) {
      return e.source();
    }
    byte[] source = lookup.source(destination).getAddress();
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(destination, new Entry(source, now + ttlNanos));
    return source;
  }

  /** Forgets the destination's entry (its probe failed: the route may have changed). */
  void forget(InetAddress destination) {
    cache.remove(destination);
  }

  int size() {
    return cache.size();
  }
}
