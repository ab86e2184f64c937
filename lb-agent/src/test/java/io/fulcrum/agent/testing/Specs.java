package io.fulcrum.agent.testing;

import io.fulcrum.agent.config.ServiceConfig;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builders of specs for tests (addresses from 198.18.0.0/15). */
public final class Specs {
  private Specs() {}

  public static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static ServiceKey key(int n) {
    return new ServiceKey(ip("198.18.100." + n), 80, Protocol.TCP);
  }

  public static Backend backend(int n) {
    return new Backend(ip("198.18.1." + n), 8080, 100, BackendState.UP);
  }

  public static ServiceSpec spec(ServiceKey key, Backend... backends) {
    return new ServiceSpec(key, NatMode.FULL_NAT, 0, Duration.ZERO, true, List.of(backends));
  }

  public static ServiceConfig svc(String name, int n, int... backends) {
    List<Backend> bs = new ArrayList<>();
    for (int b : backends) {
      bs.add(backend(b));
    }
    return new ServiceConfig(name, spec(key(n), bs.toArray(Backend[]::new)));
  }
}
