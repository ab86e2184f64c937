package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.kubernetes.KubernetesSettings;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.IpAddresses;
import io.fulcrum.kubernetes.pool.IpFamily;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns one Fulcrum Service (with its slices and addresses) into data-plane specs. Pure. */
public final class ServiceTranslator {
  private ServiceTranslator() {}

  /** {@code sessionAffinityConfig.clientIP.timeoutSeconds} default, as in Kubernetes. */
  public static final int DEFAULT_AFFINITY_SECONDS = 10800;

  /**
   * @param readyNodes names of the Ready nodes; empty when unknown (then no node is excluded)
   * @param previousHealth the settings in force before, kept when the annotations turn bad
   * @param now RFC 3339 time for new condition transitions
   */
  public static ServiceDesired translate(
      Service s,
      List<EndpointSlice> slices,
      AllocationPhase.Outcome outcome,
      Set<String> readyNodes,
      KubernetesSettings settings,
      HealthCheckSettings previousHealth,
      String now) {
    ServiceRef ref = ServiceFilter.ref(s);
    List<EventSpec> events = new ArrayList<>();
    List<String> annotationErrors = new ArrayList<>(outcome.annotationErrors());
    HealthAnnotations.Result health = HealthAnnotations.parse(s.getMetadata().getAnnotations());
    HealthCheckSettings hc = health.valid() ? health.settings() : previousHealth;
    annotationErrors.addAll(health.errors());

    boolean local = "Local".equals(s.getSpec().getExternalTrafficPolicy());
    NatMode mode = local ? NatMode.DNAT : NatMode.FULL_NAT;
    Duration affinity = Duration.ZERO;
    if ("ClientIP".equals(s.getSpec().getSessionAffinity())) {
      Integer t = null;
      if (s.getSpec().getSessionAffinityConfig() != null
          && s.getSpec().getSessionAffinityConfig().getClientIP() != null) {
        t = s.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
      }
      affinity = Duration.ofSeconds(t == null || t <= 0 ? DEFAULT_AFFINITY_SECONDS : t);
    }
    Map<ServiceKey, ServiceSpec> specs = new LinkedHashMap<>();
    for (InetAddress vip : outcome.addresses()) {
      IpFamily family = IpFamily.of(vip);
      for (ServicePort p :
          s.getSpec().getPorts() == null ? List.<ServicePort>of() : s.getSpec().getPorts()) {
        Protocol proto = AllocationPhase.protocol(p.getProtocol());
        if (proto == null || p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
          continue;
        }
        List<Backend> backends =
            EndpointBackends.backends(slices, p, family, local ? settings.nodeName() : null);
        ServiceKey key = new ServiceKey(vip, p.getPort(), proto);
        specs.put(key, new ServiceSpec(key, mode, 0, affinity, true, backends));
      }
    }
    Set<String> eligible = new TreeSet<>();
    if (local) {
      for (String n : EndpointBackends.nodesWithReadyEndpoints(slices)) {
        if (readyNodes.isEmpty() || readyNodes.contains(n)) {
          eligible.add(n);
        }
      }
    }

    // status: ingress and conditions
    List<Condition> ours = new ArrayList<>();
    String pendingReason = null;
    Condition oldAddress =
        Conditions.find(Conditions.currentConditions(s), Annotations.CONDITION_ADDRESS);
    if (outcome.failure() != null) {
      String reason = outcome.failure().failure().reason();
      String msg = outcome.failure().message();
      pendingReason = reason + ": " + msg;
      ours.add(Conditions.condition(s, Annotations.CONDITION_ADDRESS, false, reason, msg, now));
      if (oldAddress == null || !Conditions.same(oldAddress, "False", reason, msg)) {
        events.add(event(s, EventSpec.WARNING, reason, msg));
      }
    } else if (outcome.addresses().isEmpty()) {
      pendingReason = "waiting for the leader to assign an address";
      ours.add(
          Conditions.condition(
              s, Annotations.CONDITION_ADDRESS, false, "Pending", pendingReason, now));
    } else {
      String msg =
          "assigned "
              + String.join(", ", outcome.addresses().stream().map(IpAddresses::text).toList());
      ours.add(
          Conditions.condition(
              s, Annotations.CONDITION_ADDRESS, true, "AddressAssigned", msg, now));
      if (oldAddress == null || !Conditions.same(oldAddress, "True", "AddressAssigned", msg)) {
        events.add(event(s, EventSpec.NORMAL, "AddressAssigned", msg));
      }
    }
    Condition oldAnn =
        Conditions.find(Conditions.currentConditions(s), Annotations.CONDITION_ANNOTATIONS);
    if (annotationErrors.isEmpty()) {
      ours.add(
          Conditions.condition(
              s, Annotations.CONDITION_ANNOTATIONS, true, "Valid", "annotations are valid", now));
    } else {
      String msg = String.join("; ", annotationErrors) + " (previous settings stay in force)";
      ours.add(
          Conditions.condition(
              s, Annotations.CONDITION_ANNOTATIONS, false, "InvalidAnnotation", msg, now));
      if (oldAnn == null || !Conditions.same(oldAnn, "False", "InvalidAnnotation", msg)) {
        events.add(event(s, EventSpec.WARNING, "InvalidAnnotation", msg));
      }
    }
    StatusPatch patch = Conditions.patch(s, ref, Conditions.ingress(outcome.addresses()), ours);
    ServiceInfo info =
        new ServiceInfo(
            ref,
            s.getMetadata().getUid(),
            outcome.addresses(),
            specs.keySet(),
            hc,
            local,
            eligible,
            pendingReason);
    return new ServiceDesired(info, specs, patch, events);
  }

  /** The patch that removes Fulcrum's status from a Service that is no longer Fulcrum's. */
  public static StatusPatch release(Service s) {
    if (!Conditions.hasOurs(s)) {
      return null;
    }
    return Conditions.patch(s, ServiceFilter.ref(s), List.of(), List.of());
  }

  static EventSpec event(Service s, String type, String reason, String message) {
    return new EventSpec(
        "Service",
        s.getMetadata().getNamespace(),
        s.getMetadata().getName(),
        s.getMetadata().getUid(),
        type,
        reason,
        message);
  }
}
