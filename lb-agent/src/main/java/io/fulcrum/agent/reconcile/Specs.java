package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.config.Addresses;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Pure comparisons of service specs: what counts as "changed", and how to say what changed. */
public final class Specs {
  private static final Comparator<Backend> ORDER =
      Comparator.comparing((Backend b) -> b.address().getHostAddress())
          .thenComparingInt(Backend::port);

  private Specs() {}

  /**
   * True when the data plane holding {@code programmed} already does what {@code desired} asks.
   * Backend order does not matter, and an automatic table size (0) accepts whatever size the data
   * plane picked.
   */
  public static boolean same(ServiceSpec desired, ServiceSpec programmed) {
    if (desired == programmed) {
      return true;
    }
    if (programmed == null || desired == null) {
      return false;
    }
    return desired.key().equals(programmed.key())
        && desired.mode() == programmed.mode()
        && desired.affinityTimeout().equals(programmed.affinityTimeout())
        && desired.dropWhenNoBackend() == programmed.dropWhenNoBackend()
        && (desired.maglevTableSize() == 0
            || desired.maglevTableSize() == programmed.maglevTableSize())
        && sorted(desired.backends()).equals(sorted(programmed.backends()));
  }

  private static List<Backend> sorted(List<Backend> backends) {
    if (backends.size() <= 1) {
      return backends;
    }
    List<Backend> out = new ArrayList<>(backends);
    out.sort(ORDER);
    return out;
  }

  /** One short phrase per difference, e.g. "backend 198.18.2.1:80 UP -> DOWN". */
  public static List<String> describe(ServiceSpec before, ServiceSpec after) {
    List<String> out = new ArrayList<>();
    if (before.mode() != after.mode()) {
      out.add("mode " + before.mode() + " -> " + after.mode());
    }
    if (!before.affinityTimeout().equals(after.affinityTimeout())) {
      out.add("affinity " + before.affinityTimeout() + " -> " + after.affinityTimeout());
    }
    if (before.dropWhenNoBackend() != after.dropWhenNoBackend()) {
      out.add("whenNoBackend " + (after.dropWhenNoBackend() ? "drop" : "pass"));
    }
    if (after.maglevTableSize() != 0 && before.maglevTableSize() != after.maglevTableSize()) {
      out.add("maglevTableSize " + before.maglevTableSize() + " -> " + after.maglevTableSize());
    }
    Map<InetSocketAddress, Backend> old = byAddress(before.backends());
    Map<InetSocketAddress, Backend> now = byAddress(after.backends());
    for (Map.Entry<InetSocketAddress, Backend> e : now.entrySet()) {
      Backend o = old.get(e.getKey());
      Backend n = e.getValue();
      String name = text(e.getKey());
      if (o == null) {
        out.add("backend " + name + " added (weight " + n.weight() + ", " + n.state() + ")");
        continue;
      }
      if (o.state() != n.state()) {
        out.add("backend " + name + " state " + o.state() + " -> " + n.state());
      }
      if (o.weight() != n.weight()) {
        out.add("backend " + name + " weight " + o.weight() + " -> " + n.weight());
      }
    }
    for (InetSocketAddress gone : old.keySet()) {
      if (!now.containsKey(gone)) {
        out.add("backend " + text(gone) + " removed");
      }
    }
    return out;
  }

  private static Map<InetSocketAddress, Backend> byAddress(List<Backend> backends) {
    Map<InetSocketAddress, Backend> m = new HashMap<>();
    for (Backend b : backends) {
      m.put(new InetSocketAddress(b.address(), b.port()), b);
    }
    return m;
  }

  /** "198.18.2.1:80" or "[2001:db8::1]:80". */
  public static String text(InetSocketAddress a) {
    return Addresses.hostPort(Objects.requireNonNull(a.getAddress()), a.getPort());
  }
}
