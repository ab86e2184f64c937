package io.fulcrum.election.l2;

import io.fulcrum.election.Vips;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On gaining a VIP, sends a burst of {@code count} gratuitous ARPs (IPv4) or unsolicited neighbour
 * advertisements (IPv6), {@code intervalMs} apart, the first one at once.
 */
public final class GratuitousAnnouncer implements VipAnnouncer {
  private static final Logger LOG = LoggerFactory.getLogger(GratuitousAnnouncer.class);

  private final byte[] mac;
  private final Consumer<byte[]> out;
  private final int count;
  private final long intervalMs;
  private final ScheduledExecutorService timer;
  private final AutoCloseable resource;

  public GratuitousAnnouncer(
      byte[] mac, Consumer<byte[]> out, int count, long intervalMs, AutoCloseable resource) {
    if (count < 1 || intervalMs < 0) {
      throw new IllegalArgumentException("count must be >= 1 and interval >= 0");
    }
    this.mac = mac.clone();
    this.out = out;
    this.count = count;
    this.intervalMs = intervalMs;
    this.resource = resource;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "garp");
              t.setDaemon(true);
              return t;
            });
  }

  /** An announcer sending through a raw socket on {@code iface}. */
  public static GratuitousAnnouncer onInterface(String iface, int count, long intervalMs) {
    RawPacketSender sender = RawPacketSender.open(iface);
    return new GratuitousAnnouncer(sender.mac(), sender::send, count, intervalMs, sender);
  }

  /** The frame announcing {@code vip}. */
  public byte[] frameFor(String vip) {
    InetAddress a = Vips.parse(vip);
    return a instanceof Inet6Address v6
        ? L2Frames.unsolicitedNeighbourAdvert(mac, v6)
        : L2Frames.gratuitousArp(mac, (Inet4Address) a);
  }

  @Override
  public void announce(String vip) {
    byte[] frame = frameFor(vip);
    for (int i = 0; i < count; i++) {
      timer.schedule(
          () -> {
            try {
              out.accept(frame);
            } catch (RuntimeException e) {
              LOG.warn("announcing {} failed: {}", vip, e.getMessage());
            }
          },
          i * intervalMs,
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.debug("closing announcer", e);
      }
    }
  }
}
