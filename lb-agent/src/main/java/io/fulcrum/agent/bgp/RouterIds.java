package io.fulcrum.agent.bgp;

import io.fulcrum.agent.config.BgpSection;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Picks the BGP identifier when the configuration gives none, so that one configuration (a Helm
 * ConfigMap) serves every node: the peer's local address when set, else the address the kernel
 * would send from towards the first IPv4 peer (a UDP socket is connected, nothing is sent), else
 * the first IPv4 SNAT address.
 */
final class RouterIds {
  private RouterIds() {}

  static InetAddress derive(
      BgpSection cfg, List<InetAddress> snatAddresses, ThreadFactory threads) {
    for (BgpSection.Peer p : cfg.peers()) {
      if (!(p.address() instanceof Inet4Address)) {
        continue;
      }
      if (p.localAddress() != null) {
        return p.localAddress();
      }
      InetAddress src = sourceTowards(p.address(), threads);
      if (src instanceof Inet4Address && !src.isAnyLocalAddress()) {
        return src;
      }
    }
    for (InetAddress a : snatAddresses) {
      if (a instanceof Inet4Address) {
        return a;
      }
    }
    throw new IllegalStateException(
        "bgp.routerId is needed: no IPv4 peer route or IPv4 dataplane.snatAddresses to take it"
            + " from");
  }

  /** The kernel's source address towards {@code peer}, looked up in the speaker's namespace. */
  private static InetAddress sourceTowards(InetAddress peer, ThreadFactory threads) {
    CompletableFuture<InetAddress> result = new CompletableFuture<>();
    Runnable lookup =
        () -> {
          try (DatagramSocket s = new DatagramSocket()) {
            s.connect(peer, 179);
            result.complete(s.getLocalAddress());
          } catch (IOException | RuntimeException e) {
            result.complete(null);
          }
        };
    if (threads == null) {
      lookup.run();
    } else {
      Thread t = threads.newThread(lookup);
      t.start();
    }
    try {
      return result.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }
}
