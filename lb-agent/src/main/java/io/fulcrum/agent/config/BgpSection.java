package io.fulcrum.agent.config;

/**
 * The validated {@code bgp} section. Disabled unless the section is present and enabled.
 *
 * @param enabled whether the agent runs this module
 */
public record BgpSection(boolean enabled) {
  public static final BgpSection DISABLED = new BgpSection(false);
}
