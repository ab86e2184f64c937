package io.fulcrum.agent.election;

import io.fulcrum.datapath.Datapath;
import io.fulcrum.election.VipLeaseWriter;
import io.fulcrum.election.Vips;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the election's VIP leases into the data plane ({@code fl_l2}): the XDP program answers ARP
 * / NS for a VIP with {@code mac} only while its lease runs, so it falls silent by itself when the
 * agent stops renewing, also if the agent died. A failed grant leaves the VIP silent (the safe
 * side); a failed revoke still ends when the lease written before runs out.
 */
final class DatapathLeaseWriter implements VipLeaseWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DatapathLeaseWriter.class);

  private final Datapath datapath;
  private final byte[] mac;

  DatapathLeaseWriter(Datapath datapath, byte[] mac) {
    this.datapath = datapath;
    this.mac = mac.clone();
  }

  @Override
  public void grant(String vip, long expiresAtNanos) {
    try {
      datapath.grantL2(Vips.parse(vip), expiresAtNanos, mac);
    } catch (RuntimeException e) {
      LOG.warn("cannot write the L2 lease of {}: {}", vip, e.toString());
    }
  }

  @Override
  public void revoke(String vip) {
    try {
      datapath.revokeL2(Vips.parse(vip));
    } catch (RuntimeException e) {
      LOG.warn("cannot revoke the L2 lease of {} (it runs out by itself): {}", vip, e.toString());
    }
  }

  /** BGP mode: ownership without any L2 answer or announcement. */
  static final VipLeaseWriter NONE =
      new VipLeaseWriter() {
        @Override
        public void grant(String vip, long expiresAtNanos) {}

        @Override
        public void revoke(String vip) {}
      };
}
