package io.fulcrum.election.l2;

/** Tells the segment that this node now has a VIP (gratuitous ARP / unsolicited NA, or BGP). */
public interface VipAnnouncer extends AutoCloseable {
  /** Starts announcing {@code vip} (returns at once; the burst goes on in the background). */
  void announce(String vip);

  @Override
  default void close() {}
}
