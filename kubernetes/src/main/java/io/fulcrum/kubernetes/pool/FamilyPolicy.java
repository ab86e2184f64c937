package io.fulcrum.kubernetes.pool;

/** {@code spec.ipFamilyPolicy} of a Service. */
public enum FamilyPolicy {
  SINGLE_STACK,
  PREFER_DUAL_STACK,
  REQUIRE_DUAL_STACK;

  /** Parses the Kubernetes spelling; null means SingleStack (the API server's default). */
  public static FamilyPolicy parse(String s) {
    if (s == null || s.equals("SingleStack")) {
      return SINGLE_STACK;
    }
    if (s.equals("PreferDualStack")) {
      return PREFER_DUAL_STACK;
    }
    if (s.equals("RequireDualStack")) {
      return REQUIRE_DUAL_STACK;
    }
    throw new IllegalArgumentException("unknown ipFamilyPolicy: " + s);
  }
}
