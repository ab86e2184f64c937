package io.fulcrum.datapath.abi;

import java.util.List;

/** Layouts of every struct in {@code bpf/lib/abi.h}, and its constants. */
public final class Abi {
  private Abi() {}

  public static final int AF_INET = 4;
  public static final int AF_INET6 = 6;

  public static final int SVC_F_DNAT_ONLY = 1;
  public static final int SVC_F_AFFINITY = 1 << 1;
  public static final int SVC_F_DOWN_DROP = 1 << 2;

  public static final int BE_F_IN_USE = 1;

  /** The backend takes no new flow (DOWN, DRAINING, weight 0); see abi.h. */
  public static final int BE_F_NO_NEW = 1 << 1;

  public static final int CT_NEW = 0;
  public static final int CT_ESTABLISHED = 1;
  public static final int CT_CLOSING = 2;
  public static final int CT_CLOSED = 3;
  public static final int CT_DIR_ORIGINAL = 0;
  public static final int CT_DIR_REPLY = 1;

  public static final Layout SVC_KEY =
      Layout.struct("fl_svc_key")
          .bytes("vip", 16)
          .scalar("port_be", 2)
          .scalar("proto", 1)
          .scalar("family", 1)
          .build();

  public static final Layout SVC_VALUE =
      Layout.struct("fl_svc_value")
          .scalar("id", 4)
          .scalar("flags", 4)
          .scalar("ring_offset", 4)
          .scalar("ring_size", 4)
          .scalar("affinity_timeout_s", 4)
          .scalar("pad", 4)
          .build();

  public static final Layout BACKEND =
      Layout.struct("fl_backend")
          .bytes("addr", 16)
          .scalar("port_be", 2)
          .scalar("family", 1)
          .scalar("flags", 1)
          .scalar("pad", 4)
          .build();

  public static final Layout FLOW_KEY =
      Layout.struct("fl_flow_key")
          .bytes("src", 16)
          .bytes("dst", 16)
          .scalar("sport_be", 2)
          .scalar("dport_be", 2)
          .scalar("proto", 1)
          .scalar("family", 1)
          .scalar("pad", 2)
          .build();

  public static final Layout FLOW_VALUE =
      Layout.struct("fl_flow_value")
          .bytes("nat_addr", 16)
          .bytes("snat_addr", 16)
          .scalar("nat_port_be", 2)
          .scalar("snat_port_be", 2)
          .scalar("backend_id", 4)
          .scalar("svc_id", 4)
          .scalar("dir", 1)
          .scalar("state", 1)
          .scalar("family", 1)
          .scalar("flags", 1)
          .scalar("last_seen_ns", 8)
          .build();

  public static final Layout AFFINITY_KEY =
      Layout.struct("fl_affinity_key")
          .bytes("client", 16)
          .scalar("svc_id", 4)
          .scalar("family", 1)
          .bytes("pad", 3)
          .build();

  public static final Layout AFFINITY_VALUE =
      Layout.struct("fl_affinity_value")
          .scalar("backend_id", 4)
          .scalar("pad", 4)
          .scalar("last_seen_ns", 8)
          .build();

  public static final Layout COUNTERS =
      Layout.struct("fl_counters")
          .scalar("packets", 8)
          .scalar("bytes", 8)
          .scalar("new_flows", 8)
          .build();

  public static final Layout CONFIG =
      Layout.struct("fl_config")
          .bytes("node_v4", 16)
          .bytes("node_v6", 16)
          .scalar("snat_port_min", 2)
          .scalar("snat_port_max", 2)
          .scalar("ct_tcp_syn_s", 4)
          .scalar("ct_tcp_established_s", 4)
          .scalar("ct_tcp_closing_s", 4)
          .scalar("ct_udp_s", 4)
          .scalar("ct_sctp_s", 4)
          .scalar("ct_icmp_s", 4)
          .scalar("flags", 4)
          .build();

  public static final Layout L2_KEY =
      Layout.struct("fl_l2_key").bytes("vip", 16).scalar("family", 1).bytes("pad", 3).build();

  public static final Layout L2_VALUE =
      Layout.struct("fl_l2_value")
          .scalar("lease_expires_ns", 8)
          .bytes("mac", 6)
          .bytes("pad", 2)
          .build();

  /** Every layout (the test checks each one against the C header). */
  public static List<Layout> all() {
    return List.of(
        SVC_KEY,
        SVC_VALUE,
        BACKEND,
        FLOW_KEY,
        FLOW_VALUE,
        AFFINITY_KEY,
        AFFINITY_VALUE,
        COUNTERS,
        CONFIG,
        L2_KEY,
        L2_VALUE);
  }
}
