package io.fulcrum.agent.reconcile;

import io.fulcrum.datapath.MapUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides when to log about a filling map: once when a map crosses 90 % (or is full), once more
 * when it falls back under 80 %. Connection tracking and affinity are LRU maps, full by design, and
 * are left out. Pure.
 */
public final class MapFillWatch {
  static final double WARN = 0.9;
  static final double CLEAR = 0.8;
  private static final Set<String> LRU = Set.of("fl_flows", "fl_affinity");
  private final Set<String> warned = new HashSet<>();

  /** The lines to log for this reading of the maps (often none). */
  public List<String> check(List<MapUsage> usage) {
    List<String> out = new ArrayList<>();
    for (MapUsage u : usage) {
      if (LRU.contains(u.map()) || u.capacity() == 0) {
        continue;
      }
      double r = u.fillRatio();
      if (r >= WARN && warned.add(u.map())) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s: %s %d of %d entries (%.0f%%)",
                r >= 1.0 ? "map full" : "map nearly full",
                u.map(),
                u.used(),
                u.capacity(),
                r * 100));
      } else if (r < CLEAR && warned.remove(u.map())) {
        out.add(
            String.format(
                Locale.ROOT, "map %s back to %d of %d entries", u.map(), u.used(), u.capacity()));
      }
    }
    return out;
  }
}
