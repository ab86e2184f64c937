package io.fulcrum.agent.state;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hook through which health checks (and later operators) change backend states without owning
 * the service: an override is merged over the configured state, and the more restrictive of the two
 * wins (UP &lt; DRAINING &lt; DOWN). A health check can take a configured-UP backend down, but it
 * can never bring back one an operator set to DRAINING or DOWN. Pure.
 */
public final class BackendStateOverrides {
  private BackendStateOverrides() {}

  /** The spec with the overrides applied; the same instance when nothing changes. */
  public static ServiceSpec apply(
      ServiceSpec spec, Map<InetSocketAddress, BackendState> overrides) {
    if (overrides == null || overrides.isEmpty()) {
      return spec;
    }
    boolean changed = false;
    List<Backend> out = new ArrayList<>(spec.backends().size());
    for (Backend b : spec.backends()) {
      BackendState o = overrides.get(new InetSocketAddress(b.address(), b.port()));
      BackendState eff = o == null ? b.state() : stricter(b.state(), o);
      if (eff != b.state()) {
        changed = true;
        out.add(new Backend(b.address(), b.port(), b.weight(), eff));
      } else {
        out.add(b);
      }
    }
    if (!changed) {
      return spec;
    }
    return new ServiceSpec(
        spec.key(),
        spec.mode(),
        spec.maglevTableSize(),
        spec.affinityTimeout(),
        spec.dropWhenNoBackend(),
        out);
  }

  /** The more restrictive of two states. */
  public static BackendState stricter(BackendState a, BackendState b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }
}
