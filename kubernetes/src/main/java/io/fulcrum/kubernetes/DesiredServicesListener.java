package io.fulcrum.kubernetes;

/**
 * Port: receives the Kubernetes source's desired state. Called on the source's single sync thread,
 * only after every informer has synced (a partial cache is never published), and only when
 * something changed. Must return quickly.
 */
@FunctionalInterface
public interface DesiredServicesListener {
  void onDesired(KubernetesDesired desired);
}
