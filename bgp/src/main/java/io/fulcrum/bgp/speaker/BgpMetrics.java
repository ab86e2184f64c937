package io.fulcrum.bgp.speaker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The metrics of one peer (all tagged {@code peer=<address>}). */
final class BgpMetrics {
  final AtomicLong up = new AtomicLong();
  final AtomicLong advertised = new AtomicLong();
  final AtomicLong bfdUp = new AtomicLong();
  final Counter updatesSent;
  final Counter updatesReceived;
  final Counter prefixesSent;
  final Counter withdrawalsSent;
  final Counter prefixesReceived;
  final Counter stateChanges;
  final Counter notificationsSent;
  final Counter notificationsReceived;
  private final MeterRegistry registry;
  private final String peer;
  private final List<Meter> meters = new ArrayList<>();

  BgpMetrics(MeterRegistry registry, String peer) {
    this.registry = registry;
    this.peer = peer;
    meters.add(
        Gauge.builder("fulcrum.bgp.session.up", up, AtomicLong::get)
            .description("1 while the BGP session is Established")
            .tag("peer", peer)
            .register(registry));
    meters.add(
        Gauge.builder("fulcrum.bgp.prefixes.advertised", advertised, AtomicLong::get)
            .description("prefixes currently advertised to the peer")
            .tag("peer", peer)
            .register(registry));
    meters.add(
        Gauge.builder("fulcrum.bfd.session.up", bfdUp, AtomicLong::get)
            .description("1 while the BFD session is Up")
            .tag("peer", peer)
            .register(registry));
    updatesSent = counter("fulcrum.bgp.updates.sent", "UPDATE messages sent");
    updatesReceived = counter("fulcrum.bgp.updates.received", "UPDATE messages received");
    prefixesSent = counter("fulcrum.bgp.prefixes.sent", "prefix announcements sent");
    withdrawalsSent = counter("fulcrum.bgp.withdrawals.sent", "prefix withdrawals sent");
    prefixesReceived = counter("fulcrum.bgp.prefixes.received", "prefixes announced by the peer");
    stateChanges = counter("fulcrum.bgp.session.state.changes", "entries into/out of Established");
    notificationsSent = counter("fulcrum.bgp.notifications.sent", "NOTIFICATION messages sent");
    notificationsReceived =
        counter("fulcrum.bgp.notifications.received", "NOTIFICATION messages received");
  }

  private Counter counter(String name, String description) {
    Counter c = Counter.builder(name).description(description).tag("peer", peer).register(registry);
    meters.add(c);
    return c;
  }

  /** Unregisters this peer's meters (the peer was removed or replaced). */
  void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
