package io.fulcrum.kubernetes.pool;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Kubernetes label selector as plain data, with its matching rule. Empty matches everything. */
public record Selector(Map<String, String> matchLabels, List<Requirement> requirements) {
  public static final Selector EVERYTHING = new Selector(Map.of(), List.of());

  /** One {@code matchExpressions} entry. */
  public record Requirement(String key, String operator, Set<String> values) {
    public Requirement {
      if (!Set.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
        throw new IllegalArgumentException("unknown selector operator '" + operator + "'");
      }
      if ((operator.equals("In") || operator.equals("NotIn")) && values.isEmpty()) {
        throw new IllegalArgumentException("operator " + operator + " needs values");
      }
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        default -> v == null;
      };
    }
  }

  public Selector {
    matchLabels = Map.copyOf(matchLabels);
    requirements = List.copyOf(requirements);
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (var e : matchLabels.entrySet()) {
      if (!e.getValue().equals(l.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : requirements) {
      if (!r.matches(l)) {
        return false;
      }
    }
    return true;
  }

  /** Converts the fabric8 model; null is "everything". Bad operators throw. */
  public static Selector from(LabelSelector s) {
    if (s == null) {
      return EVERYTHING;
    }
    Map<String, String> labels = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
    List<LabelSelectorRequirement> exprs =
        s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
    return new Selector(
        labels,
        exprs.stream()
            .map(
                r ->
                    new Requirement(
                        r.getKey(),
                        r.getOperator(),
                        Set.copyOf(r.getValues() == null ? List.of() : r.getValues())))
            .toList());
  }
}
