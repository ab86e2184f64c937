package io.fulcrum.datapath.packets;

import io.fulcrum.datapath.Backend;
import io.fulcrum.datapath.BackendState;
import io.fulcrum.datapath.BpfDatapath;
import io.fulcrum.datapath.Counters;
import io.fulcrum.datapath.DatapathConfig;
import io.fulcrum.datapath.DropReason;
import io.fulcrum.datapath.NatMode;
import io.fulcrum.datapath.Protocol;
import io.fulcrum.datapath.ServiceKey;
import io.fulcrum.datapath.ServiceSpec;
import io.fulcrum.datapath.abi.BackendValue;
import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.abi.SvcKey;
import io.fulcrum.datapath.abi.SvcValue;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.MapNames;
import io.fulcrum.datapath.bpf.TestRunResult;
import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.RunId;
import io.fulcrum.testrig.Veth;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The namespace the packet tests run the program in: an LB namespace with a client-side veth (A)
 * and a backend-side veth (B), forwarding on, and permanent neighbour entries for the client and
 * the backends, so bpf_fib_lookup succeeds and forwarded packets come out with real MACs.
 */
final class PacketRig implements AutoCloseable {
  static final String CLIENT4 = "198.18.1.1";
  static final String CLIENT6 = "2001:db8:1::1";
  static final String CLIENT_MAC = "02:00:00:00:01:01";
  static final String VIP4 = "198.18.0.10";
  static final String VIP6 = "2001:db8::10";
  static final String NODE4 = "198.18.2.254";
  static final String NODE6 = "2001:db8:2::fe";
  static final int SNAT_MIN = 20000;
  static final int SNAT_MAX = 59999;

  final Cleanup cleanup = new Cleanup();
  final Netns lb;
  final String macA;
  final String macB;
  final int ifA;
  final int ifB;
  final BpfDatapath dp;

  PacketRig() {
    try {
      lb = cleanup.add(Netns.create("lb"));
      Netns c = cleanup.add(Netns.create("cl"));
      Netns b = cleanup.add(Netns.create("be"));
      Veth a = cleanup.add(Veth.create(lb, c));
      Veth bb = cleanup.add(Veth.create(lb, b));
      a.addrA("198.18.1.254/24").addrA("2001:db8:1::fe/64");
      bb.addrA(NODE4 + "/24").addrA(NODE6 + "/64");
      lb.sysctl("net.ipv4.ip_forward", "1");
      lb.sysctl("net.ipv6.conf.all.forwarding", "1");
      neigh(CLIENT4, CLIENT_MAC, a.nameA());
      neigh(CLIENT6, CLIENT_MAC, a.nameA());
      for (int i = 1; i <= 6; i++) {
        neigh(backend4(i), backendMac(i), bb.nameA());
        neigh(backend6(i), backendMac(i), bb.nameA());
      }
      macA = a.macA();
      macB = bb.macA();
      ifA = Bpf.ifindex(a.nameA(), lb.name());
      ifB = Bpf.ifindex(bb.nameA(), lb.name());
      DatapathConfig cfg =
          DatapathConfig.defaults("pkt")
              .withPinRoot(Path.of("/sys/fs/bpf/fulcrum-test", RunId.next("pk")))
              .withSizes(64, 256, 4096, 1 << 16)
              .withSnat(ip(NODE4), ip(NODE6))
              .withPorts(SNAT_MIN, SNAT_MAX)
              .withTimeouts(
                  new DatapathConfig.Timeouts(
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(300),
                      Duration.ofSeconds(10),
                      Duration.ofSeconds(2),
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(30)))
              .withInterfaces(lb.name(), io.fulcrum.datapath.bpf.XdpMode.AUTO, List.of());
      dp = BpfDatapath.open(cfg);
      cleanup.add(dp::destroy);
    } catch (RuntimeException | Error e) {
      cleanup.close();
      throw e;
    }
  }

  private void neigh(String addr, String mac, String dev) {
    lb.exec("ip", "neigh", "replace", addr, "lladdr", mac, "dev", dev, "nud", "permanent");
  }

  static String backend4(int i) {
    return "198.18.2." + i;
  }

  static String backend6(int i) {
    return "2001:db8:2::" + i;
  }

  static String backendMac(int i) {
    return "02:00:00:00:02:0" + i;
  }

  static String macOf(InetAddress backend) {
    byte[] b = backend.getAddress();
    return backendMac(b[b.length - 1]);
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A service on the VIP of the family with backends 1..n (ports as given). */
  ServiceSpec service(
      boolean v6, Protocol p, int port, NatMode mode, Duration affinity, int bePort, int... ids) {
    List<Backend> list = new ArrayList<>();
    for (int i : ids) {
      list.add(new Backend(ip(v6 ? backend6(i) : backend4(i)), bePort, 1, BackendState.UP));
    }
    ServiceSpec s =
        new ServiceSpec(
            new ServiceKey(ip(v6 ? VIP6 : VIP4), port, p), mode, 0, affinity, false, list);
    dp.apply(s);
    return s;
  }

  /** Runs the program on a frame received on ifindex A (client side) or B (backend side). */
  TestRunResult fromClient(byte[] frame) {
    return dp.runTest(frame, ifA, lb.name(), 1);
  }

  TestRunResult fromBackend(byte[] frame) {
    return dp.runTest(frame, ifB, lb.name(), 1);
  }

  /** The backend the data plane's Maglev table gives a hash, read from the maps. */
  InetAddress backendFor(ServiceKey key, int hash) {
    byte[] raw =
        dp.map(MapNames.SERVICES)
            .lookup(new SvcKey(key.vip(), key.port(), key.protocol().number()).encode());
    SvcValue sv = SvcValue.decode(raw);
    int slot = sv.ringOffset() + Integer.remainderUnsigned(hash, sv.ringSize());
    int id = Bytes.getU32(dp.map(MapNames.RING_POOL).lookup(Bytes.u32Key(slot)), 0);
    return BackendValue.decode(dp.map(MapNames.BACKENDS).lookup(Bytes.u32Key(id))).addr();
  }

  /** The backend a new flow of this 5-tuple must go to. */
  InetAddress expectedBackend(ServiceKey key, InetAddress client, int cport) {
    return backendFor(
        key, JHash.flow(client, key.vip(), cport, key.port(), key.protocol().number()));
  }

  /** Sum of the packets counted for every backend of every service. */
  long backendPackets() {
    long n = 0;
    for (ServiceKey k : dp.programmed().keySet()) {
      for (Counters c : dp.backendCounters(k).values()) {
        n += c.packets();
      }
    }
    return n;
  }

  Map<DropReason, Long> drops() {
    return dp.drops();
  }

  static boolean isV4(InetAddress a) {
    return a instanceof Inet4Address;
  }

  @Override
  public void close() {
    cleanup.close();
  }
}
