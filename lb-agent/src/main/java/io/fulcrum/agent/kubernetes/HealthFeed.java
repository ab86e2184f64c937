package io.fulcrum.agent.kubernetes;

import io.fulcrum.agent.config.HealthcheckSettings;
import io.fulcrum.agent.health.AgentHealth.SourceCheck;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.healthcheck.CheckSettings;
import io.fulcrum.healthcheck.CheckType;
import io.fulcrum.healthcheck.InvalidSettingsException;
import io.fulcrum.healthcheck.ServiceHealthPolicy;
import io.fulcrum.kubernetes.DesiredServicesListener;
import io.fulcrum.kubernetes.KubernetesDesired;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.desired.HealthCheckSettings;
import io.fulcrum.kubernetes.desired.ServiceInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the health-check settings each Kubernetes Service's annotations ask for into checks of its
 * data-plane services, for the agent's health checks ({@link
 * io.fulcrum.agent.health.AgentHealth#setSourceChecks}). Only the Services whose information
 * changed since the previous publication are looked at (an unchanged Service keeps the same {@link
 * ServiceInfo} instance in the source's snapshots, so the scan is a reference comparison).
 *
 * <p>A bad annotation never reaches here: the source keeps the Service's previous settings (and
 * records an Event), so the previous check stays in force.
 */
final class HealthFeed implements DesiredServicesListener {
  private static final Logger LOG = LoggerFactory.getLogger(HealthFeed.class);

  /** Receives the checks (the agent's health checks). */
  interface Sink {
    void checks(Map<ServiceKey, SourceCheck> put, Set<ServiceKey> removed);
  }

  private final Sink sink;
  private Map<ServiceRef, ServiceInfo> last = Map.of();

  HealthFeed(Sink sink) {
    this.sink = sink;
  }

  @Override
  public synchronized void onDesired(KubernetesDesired d) {
    Map<ServiceKey, SourceCheck> put = new HashMap<>();
    Set<ServiceKey> removed = new HashSet<>();
    Map<ServiceRef, ServiceInfo> now = d.services();
    for (Map.Entry<ServiceRef, ServiceInfo> e : now.entrySet()) {
      ServiceInfo was = last.get(e.getKey());
      ServiceInfo info = e.getValue();
      if (was == info) {
        continue;
      }
      if (was != null) {
        removed.addAll(was.keys());
      }
      SourceCheck c = toCheck(info.service(), info.healthCheck());
      for (ServiceKey k : info.keys()) {
        if (c != null) {
          put.put(k, c);
        }
      }
    }
    for (Map.Entry<ServiceRef, ServiceInfo> e : last.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        removed.addAll(e.getValue().keys());
      }
    }
    removed.removeAll(put.keySet());
    last = now;
    if (!put.isEmpty() || !removed.isEmpty()) {
      sink.checks(put, removed);
    }
  }

  /**
   * The check a Service's annotations ask for; null when it has none (the file's, if any, applies)
   * or when the probe engine refuses it (logged).
   */
  static SourceCheck toCheck(ServiceRef ref, HealthCheckSettings s) {
    if (s == null) {
      return null;
    }
    if (s.type().equalsIgnoreCase("none")) {
      return new SourceCheck(null);
    }
    try {
      CheckSettings.Builder b =
          CheckSettings.builder()
              .type(CheckType.parse(s.type()))
              .interval(s.interval())
              .timeout(s.timeout())
              .rise(s.rise())
              .fall(s.fall())
              .port(s.port());
      if (s.path() != null) {
        b.path(s.path());
      }
      if (s.expectedStatus() != null) {
        b.expectStatus(s.expectedStatus());
      }
      return new SourceCheck(
          new HealthcheckSettings.ServiceCheck(b.build(), Map.of(), ServiceHealthPolicy.DEFAULT));
    } catch (InvalidSettingsException e) {
      LOG.warn("kubernetes {}: health annotations not applied: {}", ref, e.getMessage());
      return null;
    }
  }
}
