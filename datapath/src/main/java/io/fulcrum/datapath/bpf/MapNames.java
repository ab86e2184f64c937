package io.fulcrum.datapath.bpf;

import java.util.List;

/** Names of the data plane's maps (bpf/lib/maps.h) and of the binding's own metadata maps. */
public final class MapNames {
  private MapNames() {}

  public static final String SERVICES = "fl_services";
  public static final String BACKENDS = "fl_backends";
  public static final String RING_POOL = "fl_ring_pool";
  public static final String FLOWS = "fl_flows";
  public static final String AFFINITY = "fl_affinity";
  public static final String SVC_STATS = "fl_svc_stats";
  public static final String BACKEND_STATS = "fl_backend_stats";
  public static final String DROPS = "fl_drops";
  public static final String CONFIG = "fl_config";
  public static final String L2 = "fl_l2";

  /** The program's function name. */
  public static final String PROGRAM = "fulcrum_xdp";

  /** Every map of the data plane (all pinned by name). */
  public static final List<String> DATA_PLANE =
      List.of(
          SERVICES,
          BACKENDS,
          RING_POOL,
          FLOWS,
          AFFINITY,
          SVC_STATS,
          BACKEND_STATS,
          DROPS,
          CONFIG,
          L2);

  /** Binding metadata: service id -> requested Maglev size (created and pinned by user space). */
  public static final String META_SERVICES = "fl_meta_svc";

  /** Binding metadata: backend id -> service id, weight, state. */
  public static final String META_BACKENDS = "fl_meta_be";
}
