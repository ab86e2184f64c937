package io.fulcrum.datapath;

/** How full one BPF map is. */
public record MapUsage(String map, long used, long capacity) {
  public double fillRatio() {
    return capacity == 0 ? 0 : (double) used / capacity;
  }
}
