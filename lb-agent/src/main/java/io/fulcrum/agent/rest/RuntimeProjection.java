package io.fulcrum.agent.rest;

import io.fulcrum.agent.config.ServiceConfig;
import io.fulcrum.agent.health.AgentHealth;
import io.fulcrum.agent.state.Conflict;
import io.fulcrum.agent.state.DesiredStateStore;
import io.fulcrum.api.port.AdminState;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.RuntimeState;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the API's runtime state to the running agent, after every change (and once at start, for
 * the state loaded from disk): API-owned services become source {@value #SOURCE} of the
 * desired-state store, backend admin states become its operator overrides (by service name), and
 * health-check settings go to the probes. Only what differs from the previous state is touched.
 * Changes arrive one at a time (the runtime store calls its subscribers in order, under its lock).
 */
public final class RuntimeProjection implements Consumer<RuntimeState> {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeProjection.class);

  /** The desired-state store's name for services created through the API. */
  public static final String SOURCE = "api";

  private final DesiredStateStore store;

  /** Forgets the established flows of one backend of a service. */
  public interface Flusher {
    void flush(ServiceKey key, InetSocketAddress backend);
  }

  private final Flusher flusher;
  private AgentHealth health;
  private RuntimeState last = RuntimeState.EMPTY;
  private boolean started;

  /** A projection that never flushes flows (tests). */
  public RuntimeProjection(DesiredStateStore store) {
    this(store, (k, b) -> {});
  }

  /**
   * @param flusher called for a backend an operator disables while the agent runs (after the store
   *     took it out), so that its established flows end too; a drain keeps them
   */
  public RuntimeProjection(DesiredStateStore store, Flusher flusher) {
    this.store = store;
    this.flusher = flusher;
  }

  /** From now on hands the health-check settings to {@code probes} (null: the agent runs none). */
  public synchronized void attach(AgentHealth probes) {
    this.health = probes;
    if (probes != null) {
      probes.setRuntimeSettings(last.healthChecks());
    }
  }

  @Override
  public synchronized void accept(RuntimeState next) {
    if (!next.services().equals(last.services())) {
      List<ServiceConfig> services = new ArrayList<>();
      next.services().values().forEach(d -> services.add(new ServiceConfig(d.name(), spec(d))));
      for (Conflict c : store.replace(SOURCE, services)) {
        LOG.warn("api: {}", c);
      }
    }
    Set<String> names = new HashSet<>(last.backendAdmin().keySet());
    names.addAll(next.backendAdmin().keySet());
    for (String name : names) {
      Map<String, AdminState> want = next.backendAdmin().getOrDefault(name, Map.of());
      Map<String, AdminState> had = last.backendAdmin().getOrDefault(name, Map.of());
      if (!want.equals(had)) {
        store.setAdminOverrides(name, overrides(want));
        if (started) {
          flushDisabled(name, want, had);
        }
      }
    }
    if (health != null && !Objects.equals(next.healthChecks(), last.healthChecks())) {
      health.setRuntimeSettings(next.healthChecks());
    }
    last = next;
    started = true;
  }

  private void flushDisabled(
      String name, Map<String, AdminState> want, Map<String, AdminState> had) {
    want.forEach(
        (id, state) -> {
          InetSocketAddress a = parseId(id);
          if (state == AdminState.DISABLED && had.get(id) != AdminState.DISABLED && a != null) {
            for (DesiredStateStore.Entry e : store.entries()) {
              if (e.name().equals(name)) {
                flusher.flush(e.key(), a);
              }
            }
          }
        });
  }

  /** Backend ids ({@code address:port}) with their admin state, as data-plane overrides. */
  static Map<InetSocketAddress, BackendState> overrides(Map<String, AdminState> byId) {
    Map<InetSocketAddress, BackendState> out = new HashMap<>();
    byId.forEach(
        (id, state) -> {
          BackendState s = overrideFor(state);
          InetSocketAddress a = parseId(id);
          if (s != null && a != null) {
            out.put(a, s);
          }
        });
    return out;
  }

  /** The data-plane state an operator's admin state forces (null for none). */
  static BackendState overrideFor(AdminState state) {
    return switch (state) {
      case ENABLED -> null;
      case DRAINING -> BackendState.DRAINING;
      case DISABLED -> BackendState.DOWN;
    };
  }

  /** Parses {@code 198.18.1.2:80} or {@code [2001:db8::2]:80}; null when it is neither. */
  static InetSocketAddress parseId(String id) {
    int colon = id.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = id.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(id.substring(colon + 1));
      InetAddress a = io.fulcrum.agent.config.Addresses.literal(host);
      return a == null ? null : new InetSocketAddress(a, port);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The data-plane spec of an API-owned service (new flows are dropped when no backend is up). */
  static ServiceSpec spec(ServiceDefinition d) {
    ServiceKey key =
        new ServiceKey(address(d.vip()), d.port(), Protocol.valueOf(d.protocol().name()));
    List<Backend> backends = new ArrayList<>();
    for (BackendDefinition b : d.backends()) {
      backends.add(new Backend(address(b.address()), b.port(), b.weight(), BackendState.UP));
    }
    return new ServiceSpec(
        key,
        d.mode() == io.fulcrum.api.port.NatMode.DNAT ? NatMode.DNAT : NatMode.FULL_NAT,
        d.maglevTableSize(),
        Duration.ofSeconds(d.affinityTimeoutSeconds()),
        true,
        backends);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal); // an IP literal (validated by the API): no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + literal, e);
    }
  }
}
