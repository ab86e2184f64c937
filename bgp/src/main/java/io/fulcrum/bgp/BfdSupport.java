package io.fulcrum.bgp;

import io.fulcrum.bgp.bfd.BfdEndpoint;
import io.fulcrum.bgp.bfd.BfdState;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.util.function.BiConsumer;

/** Runs BFD sessions for the peers configured with BFD and reports their state changes. */
final class BfdSupport {
  private final EventLoop loop;
  private final BiConsumer<InetAddress, String> onChange;
  private BfdEndpoint endpoint;

  BfdSupport(EventLoop loop, MeterRegistry registry, BiConsumer<InetAddress, String> onChange) {
    this.loop = loop;
    this.onChange = onChange;
  }

  /** Called on the speaker's event loop. */
  void add(PeerConfig p) {
    if (endpoint == null) {
      endpoint =
          new BfdEndpoint(loop, BfdEndpoint.PORT, (peer, s) -> onChange.accept(peer, s.name()));
    }
    PeerConfig.BfdConfig b = p.bfd();
    endpoint.add(p.address(), p.localAddress(), b.minTxMillis(), b.minRxMillis(), b.multiplier());
    onChange.accept(p.address(), BfdState.DOWN.name());
  }

  void remove(InetAddress peer) {
    if (endpoint != null) {
      endpoint.remove(peer);
    }
  }

  void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
