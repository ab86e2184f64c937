package io.fulcrum.election.tool;

import io.fulcrum.election.Vips;
import io.fulcrum.election.l2.L2Frames;
import io.fulcrum.election.l2.RawPacketSender;
import java.net.Inet4Address;

/**
 * Sends a broadcast ARP request for a VIP every {@code --interval-ms} (default 10) out of {@code
 * --iface}, so that every node that answers for the VIP shows in a capture. Runs until killed, or
 * for {@code --count} requests.
 */
public final class ArpProbeMain {
  private ArpProbeMain() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    Inet4Address sender = (Inet4Address) Vips.parse(a.get("sender-ip"));
    Inet4Address target = (Inet4Address) Vips.parse(a.get("target"));
    long interval = a.getLong("interval-ms", 10);
    long count = a.getLong("count", Long.MAX_VALUE);
    try (RawPacketSender out = RawPacketSender.open(a.get("iface"))) {
      byte[] frame = L2Frames.arpRequest(out.mac(), sender, target);
      System.out.println("probing " + target.getHostAddress());
      for (long i = 0; i < count; i++) {
        out.send(frame);
        Thread.sleep(interval);
      }
    }
  }
}
