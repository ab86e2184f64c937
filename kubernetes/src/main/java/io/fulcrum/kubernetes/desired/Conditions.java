package io.fulcrum.kubernetes.desired;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fulcrum.kubernetes.ServiceRef;
import io.fulcrum.kubernetes.pool.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds and compares the status Fulcrum writes on a Service. Pure. */
public final class Conditions {
  private Conditions() {}

  public static List<LoadBalancerIngress> ingress(List<InetAddress> addresses) {
    List<LoadBalancerIngress> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      out.add(
          new LoadBalancerIngressBuilder().withIp(IpAddresses.text(a)).withIpMode("VIP").build());
    }
    return out;
  }

  public static List<LoadBalancerIngress> currentIngress(Service s) {
    if (s.getStatus() == null
        || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return s.getStatus().getLoadBalancer().getIngress();
  }

  public static List<Condition> currentConditions(Service s) {
    if (s.getStatus() == null || s.getStatus().getConditions() == null) {
      return List.of();
    }
    return s.getStatus().getConditions();
  }

  public static Condition find(List<Condition> conditions, String type) {
    for (Condition c : conditions) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  /** True when the Service carries a condition of Fulcrum's (it was Fulcrum's at some point). */
  public static boolean hasOurs(Service s) {
    List<Condition> cs = currentConditions(s);
    return find(cs, Annotations.CONDITION_ADDRESS) != null
        || find(cs, Annotations.CONDITION_ANNOTATIONS) != null;
  }

  /** A condition; keeps the old transition time when status, reason and message are the same. */
  public static Condition condition(
      Service s, String type, boolean ok, String reason, String message, String now) {
    Condition old = find(currentConditions(s), type);
    String status = ok ? "True" : "False";
    String time =
        old != null && same(old, status, reason, message) && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : now;
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(s.getMetadata().getGeneration())
        .withLastTransitionTime(time)
        .build();
  }

  static boolean same(Condition c, String status, String reason, String message) {
    return Objects.equals(c.getStatus(), status)
        && Objects.equals(c.getReason(), reason)
        && Objects.equals(c.getMessage(), message);
  }

  /**
   * The patch that gives the Service this ingress and these Fulcrum conditions (others kept), or
   * null when it already has them.
   */
  public static StatusPatch patch(
      Service s, ServiceRef ref, List<LoadBalancerIngress> ingress, List<Condition> ours) {
    List<Condition> current = currentConditions(s);
    List<Condition> merged = new ArrayList<>();
    for (Condition c : current) {
      if (!c.getType().equals(Annotations.CONDITION_ADDRESS)
          && !c.getType().equals(Annotations.CONDITION_ANNOTATIONS)) {
        merged.add(c);
      }
    }
    merged.addAll(ours);
    boolean conditionsSame = current.size() == merged.size();
    if (conditionsSame) {
      for (Condition c : ours) {
        Condition old = find(current, c.getType());
        if (old == null
            || !same(old, c.getStatus(), c.getReason(), c.getMessage())
            || !Objects.equals(old.getObservedGeneration(), c.getObservedGeneration())) {
          conditionsSame = false;
          break;
        }
      }
    }
    boolean ingressSame = sameIngress(currentIngress(s), ingress);
    if (conditionsSame && ingressSame) {
      return null;
    }
    return new StatusPatch(ref, s.getMetadata().getResourceVersion(), ingress, merged);
  }

  static boolean sameIngress(List<LoadBalancerIngress> a, List<LoadBalancerIngress> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.equals(a.get(i).getIp(), b.get(i).getIp())
          || !Objects.equals(a.get(i).getIpMode(), b.get(i).getIpMode())) {
        return false;
      }
    }
    return true;
  }
}
