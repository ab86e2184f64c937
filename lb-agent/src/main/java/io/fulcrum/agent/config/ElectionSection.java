package io.fulcrum.agent.config;

/**
 * The validated {@code election} section. Disabled unless the section is present and enabled.
 *
 * @param enabled whether the agent runs this module
 */
public record ElectionSection(boolean enabled) {
  public static final ElectionSection DISABLED = new ElectionSection(false);
}
