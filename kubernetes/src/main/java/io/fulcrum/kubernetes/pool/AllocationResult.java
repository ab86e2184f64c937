package io.fulcrum.kubernetes.pool;

import java.net.InetAddress;
import java.util.List;

/** The outcome of one allocation: addresses, or why there are none. */
public sealed interface AllocationResult {

  /** Why an allocation failed; each becomes the reason of a Kubernetes Event. */
  enum Failure {
    /** No pool with a free address (of a needed family) selects the Service. */
    POOL_EXHAUSTED("AddressPoolExhausted"),
    /** A requested address is held by another Service that may not share it. */
    ADDRESS_IN_USE("AddressInUse"),
    /** A requested address is in no pool that selects the Service. */
    ADDRESS_NOT_IN_POOL("AddressNotInPool"),
    /** The Service names a pool that does not exist or does not select it. */
    NO_SUCH_POOL("NoSuchPool"),
    /** The request contradicts itself (e.g. two requested IPv4 addresses). */
    INVALID_REQUEST("InvalidAddressRequest");

    private final String reason;

    Failure(String reason) {
      this.reason = reason;
    }

    /** CamelCase reason for Events and conditions. */
    public String reason() {
      return reason;
    }
  }

  /** Addresses given to the Service, primary family first. */
  record Allocated(List<InetAddress> addresses) implements AllocationResult {
    public Allocated {
      addresses = List.copyOf(addresses);
    }
  }

  /** No address given; the Service keeps none. */
  record Failed(Failure failure, String message) implements AllocationResult {}
}
