package io.fulcrum.datapath.abi;

import java.net.InetAddress;

/** struct fl_config (node addresses may be null: unset). */
public record ConfigValue(
    InetAddress nodeV4,
    InetAddress nodeV6,
    int snatPortMin,
    int snatPortMax,
    int ctTcpSynS,
    int ctTcpEstablishedS,
    int ctTcpClosingS,
    int ctUdpS,
    int ctSctpS,
    int ctIcmpS,
    int flags) {
  private static final Layout L = Abi.CONFIG;

  public byte[] encode() {
    byte[] b = new byte[L.size()];
    Bytes.putAddr(b, L.offset("node_v4"), nodeV4);
    Bytes.putAddr(b, L.offset("node_v6"), nodeV6);
    Bytes.putU16(b, L.offset("snat_port_min"), snatPortMin);
    Bytes.putU16(b, L.offset("snat_port_max"), snatPortMax);
    Bytes.putU32(b, L.offset("ct_tcp_syn_s"), ctTcpSynS);
    Bytes.putU32(b, L.offset("ct_tcp_established_s"), ctTcpEstablishedS);
    Bytes.putU32(b, L.offset("ct_tcp_closing_s"), ctTcpClosingS);
    Bytes.putU32(b, L.offset("ct_udp_s"), ctUdpS);
    Bytes.putU32(b, L.offset("ct_sctp_s"), ctSctpS);
    Bytes.putU32(b, L.offset("ct_icmp_s"), ctIcmpS);
    Bytes.putU32(b, L.offset("flags"), flags);
    return b;
  }

  public static ConfigValue decode(byte[] b) {
    InetAddress v4 = Bytes.getAddr(b, L.offset("node_v4"), Abi.AF_INET);
    InetAddress v6 = Bytes.getAddr(b, L.offset("node_v6"), Abi.AF_INET6);
    return new ConfigValue(
        v4.isAnyLocalAddress() ? null : v4,
        v6.isAnyLocalAddress() ? null : v6,
        Bytes.getU16(b, L.offset("snat_port_min")),
        Bytes.getU16(b, L.offset("snat_port_max")),
        Bytes.getU32(b, L.offset("ct_tcp_syn_s")),
        Bytes.getU32(b, L.offset("ct_tcp_established_s")),
        Bytes.getU32(b, L.offset("ct_tcp_closing_s")),
        Bytes.getU32(b, L.offset("ct_udp_s")),
        Bytes.getU32(b, L.offset("ct_sctp_s")),
        Bytes.getU32(b, L.offset("ct_icmp_s")),
        Bytes.getU32(b, L.offset("flags")));
  }
}
