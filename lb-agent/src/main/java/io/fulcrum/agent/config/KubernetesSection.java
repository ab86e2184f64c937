package io.fulcrum.agent.config;

/**
 * The validated {@code kubernetes} section. Disabled unless the section is present and enabled.
 *
 * @param enabled whether the agent runs this module
 */
public record KubernetesSection(boolean enabled) {
  public static final KubernetesSection DISABLED = new KubernetesSection(false);
}
