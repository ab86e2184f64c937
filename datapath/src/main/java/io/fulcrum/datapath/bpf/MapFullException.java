package io.fulcrum.datapath.bpf;

import io.fulcrum.datapath.DatapathException;

/** A map has no room for another entry. */
public final class MapFullException extends DatapathException {
  private static final long serialVersionUID = 1L;
  private final String map;

  public MapFullException(String map, int capacity, int errno) {
    super("map " + map + " is full (capacity " + capacity + ")", errno);
    this.map = map;
  }

  public String map() {
    return map;
  }
}
