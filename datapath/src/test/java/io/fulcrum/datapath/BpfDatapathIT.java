package io.fulcrum.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.abi.SvcValue;
import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.BpfMap;
import io.fulcrum.datapath.bpf.MapNames;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.RunId;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loads the real object into the kernel: pinning, adoption, capacity errors, destroy. */
class BpfDatapathIT {
  DatapathConfig config;
  final List<BpfDatapath> opened = new ArrayList<>();

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  static ServiceSpec spec(String vip, int port, Backend... backends) throws Exception {
    return new ServiceSpec(
        new ServiceKey(ip(vip), port, Protocol.TCP),
        NatMode.FULL_NAT,
        0,
        Duration.ZERO,
        false,
        List.of(backends));
  }

  static Backend be(String addr, int port, int weight, BackendState s) throws Exception {
    return new Backend(ip(addr), port, weight, s);
  }

  @BeforeEach
  void setUp() {
    Capabilities.requireKernelTestRig();
    config =
        DatapathConfig.defaults("it-" + RunId.next("dp"))
            .withSizes(8, 16, 1024, 4096)
            .withPinRoot(Path.of("/sys/fs/bpf/fulcrum-test", RunId.next("dp")));
  }

  BpfDatapath open() {
    BpfDatapath dp = BpfDatapath.open(config);
    opened.add(dp);
    return dp;
  }

  @AfterEach
  void tearDown() {
    opened.forEach(BpfDatapath::close);
    BpfDatapath last = BpfDatapath.open(config);
    last.destroy();
    assertThat(Files.exists(config.pinRoot())).isFalse();
  }

  @Test
  void appliedServiceIsWrittenToTheMapsAndReadBack() throws Exception {
    BpfDatapath dp = open();
    ServiceSpec s =
        spec(
            "198.18.0.10",
            80,
            be("198.18.2.1", 8080, 1, BackendState.UP),
            be("198.18.2.2", 8080, 3, BackendState.DRAINING));
    dp.apply(s);
    assertThat(dp.programmed()).containsEntry(s.key(), s);
    // the service and its VIP entry
    assertThat(dp.map(MapNames.SERVICES).count()).isEqualTo(2);
    assertThat(dp.mapUsage()).anySatisfy(u -> assertThat(u.map()).isEqualTo("fl_ring_pool"));
    assertThat(dp.flowCount()).isZero();
    assertThat(dp.drops()).containsEntry(DropReason.TRUNCATED, 0L);
    assertThat(dp.serviceCounters(s.key())).isEqualTo(Counters.ZERO);
    assertThat(dp.backendCounters(s.key())).hasSize(2);
  }

  @Test
  void aNewInstanceAdoptsThePinnedServicesWithWeightsAndStates() throws Exception {
    BpfDatapath first = open();
    ServiceSpec s =
        new ServiceSpec(
            new ServiceKey(ip("2001:db8::10"), 443, Protocol.UDP),
            NatMode.DNAT,
            1009,
            Duration.ofSeconds(300),
            true,
            List.of(
                be("2001:db8::2:1", 8443, 7, BackendState.UP),
                be("2001:db8::2:2", 8443, 0, BackendState.DOWN)));
    first.apply(s);
    ServiceSpec t = spec("198.18.0.11", 80, be("198.18.2.1", 80, 1, BackendState.UP));
    first.apply(t);
    first.close();
    BpfDatapath second = open();
    assertThat(second.programmed()).containsEntry(s.key(), s).containsEntry(t.key(), t);
    // adopted ids and slices are not handed out twice
    second.apply(spec("198.18.0.12", 80, be("198.18.2.9", 80, 1, BackendState.UP)));
    assertThat(second.programmed()).hasSize(3);
    second.remove(t.key());
    assertThat(second.programmed()).hasSize(2);
  }

  @Test
  void metadataPinnedAsHashMapsByAnOlderAgentIsAdoptedAndConverted() throws Exception {
    BpfDatapath first = open();
    ServiceSpec s =
        new ServiceSpec(
            new ServiceKey(ip("198.18.0.10"), 80, Protocol.TCP),
            NatMode.FULL_NAT,
            1009,
            Duration.ZERO,
            false,
            List.of(
                be("198.18.2.1", 8080, 1, BackendState.UP),
                be("198.18.2.2", 8080, 3, BackendState.DRAINING)));
    first.apply(s);
    first.close();
    // what an older agent left: {u32 id -> 8 bytes} hash maps without the present bit
    toOlderHash(MapNames.META_SERVICES, v -> v & 0x1_ffff_ffffL);
    toOlderHash(MapNames.META_BACKENDS, v -> v & 0x00ff_ffff_ffff_ffffL);
    BpfDatapath second = open();
    assertThat(second.programmed()).containsOnly(java.util.Map.entry(s.key(), s));
    BpfMap converted =
        BpfMap.openPinned(
            MapNames.META_BACKENDS, config.pinRoot().resolve(MapNames.META_BACKENDS).toString());
    assertThat(converted.type()).isEqualTo(BpfMap.TYPE_ARRAY);
    converted.close();
    // the adopted base table is found again: back UP restores the slots the backend had
    second.apply(
        spec(
            "198.18.0.10",
            80,
            be("198.18.2.1", 8080, 1, BackendState.UP),
            be("198.18.2.2", 8080, 3, BackendState.UP)));
    assertThat(second.programmed()).hasSize(1);
  }

  /** Replaces the pinned array {@code name} by a hash map of its used entries, values mapped. */
  void toOlderHash(String name, java.util.function.LongUnaryOperator value) {
    String path = config.pinRoot().resolve(name).toString();
    BpfMap array = BpfMap.openPinned(name, path);
    BpfMap hash =
        BpfMap.of(name, Bpf.createMap(BpfMap.TYPE_HASH, name, 4, 8, array.maxEntries(), 1), true);
    array.forEach(
        (k, v) -> {
          long raw = Bytes.getU64(v, 0);
          if (raw != 0) {
            byte[] out = new byte[8];
            Bytes.putU64(out, 0, value.applyAsLong(raw));
            hash.update(k, out, BpfMap.BPF_ANY);
          }
          return true;
        });
    array.close();
    Bpf.unpin(path);
    hash.pin(path);
    hash.close();
  }

  @Test
  void changingBackendsSwapsTheTableAndReusesIds() throws Exception {
    BpfDatapath dp = open();
    ServiceSpec a = spec("198.18.0.10", 80, be("198.18.2.1", 80, 1, BackendState.UP));
    dp.apply(a);
    byte[] key = ServiceTable.svcKey(a.key()).encode();
    SvcValue v1 = SvcValue.decode(dp.map(MapNames.SERVICES).lookup(key));
    ServiceSpec b =
        spec(
            "198.18.0.10",
            80,
            be("198.18.2.1", 80, 1, BackendState.UP),
            be("198.18.2.2", 80, 1, BackendState.UP));
    dp.apply(b);
    SvcValue v2 = SvcValue.decode(dp.map(MapNames.SERVICES).lookup(key));
    assertThat(v2.id()).isEqualTo(v1.id());
    assertThat(v2.ringOffset()).isNotEqualTo(v1.ringOffset());
    assertThat(v2.ringSize()).isEqualTo(251);
    int ids = 0;
    for (int slot = v2.ringOffset(); slot < v2.ringOffset() + v2.ringSize(); slot++) {
      ids |= 1 << Bytes.getU32(dp.map(MapNames.RING_POOL).lookup(Bytes.u32Key(slot)), 0);
    }
    assertThat(Integer.bitCount(ids)).isEqualTo(2);
    dp.apply(spec("198.18.0.10", 80));
    SvcValue v3 = SvcValue.decode(dp.map(MapNames.SERVICES).lookup(key));
    assertThat(v3.ringSize()).isZero();
  }

  @Test
  void fullTablesAreClearErrorsThatLeaveWhatWorksInPlace() throws Exception {
    BpfDatapath dp = open();
    List<Backend> many = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      many.add(be("198.18.3." + i, 80, 1, BackendState.UP));
    }
    ServiceSpec ok = spec("198.18.0.10", 80, be("198.18.2.1", 80, 1, BackendState.UP));
    dp.apply(ok);
    assertThatThrownBy(() -> dp.apply(spec("198.18.0.11", 80, many.toArray(Backend[]::new))))
        .isInstanceOf(DatapathException.class)
        .hasMessageContaining("backend table full");
    // ring pool of 4096 slots: a 4001-slot table does not fit beside the first one
    ServiceSpec big =
        new ServiceSpec(
            new ServiceKey(ip("198.18.0.12"), 80, Protocol.TCP),
            NatMode.FULL_NAT,
            4001,
            Duration.ZERO,
            false,
            List.of(be("198.18.2.2", 80, 1, BackendState.UP)));
    assertThatThrownBy(() -> dp.apply(big)).hasMessageContaining("ring pool full");
    assertThat(dp.capacityErrors()).isEqualTo(2);
    assertThat(dp.programmed()).containsOnlyKeys(ok.key());
  }

  @Test
  void flowsAreCountedDumpedAndFlushedInBatches() throws Exception {
    // room enough that the LRU never evicts (it may start before the map is nominally full)
    config = config.withSizes(8, 16, 16384, 4096);
    BpfDatapath dp = open();
    ServiceSpec s =
        spec(
            "198.18.0.10",
            80,
            be("198.18.2.1", 80, 1, BackendState.UP),
            be("198.18.2.2", 80, 1, BackendState.UP));
    dp.apply(s);
    var flows = dp.map(MapNames.FLOWS);
    InetAddress client = ip("198.18.1.1");
    InetAddress vip = ip("198.18.0.10");
    for (int i = 0; i < 1000; i++) { // 1000 flows, two entries each, backend ids 0 and 1
      int be = i % 2;
      var ok = new io.fulcrum.datapath.abi.FlowKey(client, vip, 10000 + i, 80, 6).encode();
      var rk =
          new io.fulcrum.datapath.abi.FlowKey(ip("198.18.2." + (be + 1)), client, 80, 10000 + i, 6)
              .encode();
      flows.update(
          ok,
          new io.fulcrum.datapath.abi.FlowValue(
                  ip("198.18.2." + (be + 1)), client, 80, 10000 + i, be, 0, 0, 1, 4, 0, 1)
              .encode(),
          0);
      flows.update(
          rk,
          new io.fulcrum.datapath.abi.FlowValue(vip, client, 80, 10000 + i, be, 0, 1, 1, 4, 0, 1)
              .encode(),
          0);
    }
    assertThat(dp.flowCount()).isEqualTo(1000);
    assertThat(flows.usesBatchLookup()).isTrue();
    assertThat(dp.flows()).hasSize(2000);
    int flushed = dp.flushFlows(s.key(), new java.net.InetSocketAddress(ip("198.18.2.2"), 80));
    assertThat(flushed).isEqualTo(500);
    assertThat(dp.flowCount()).isEqualTo(500);
    assertThat(dp.mapUsage())
        .anySatisfy(
            u -> {
              assertThat(u.map()).isEqualTo(MapNames.FLOWS);
              assertThat(u.used()).isEqualTo(1000);
            });
  }

  @Test
  void aServiceOrBackendIdUsedBeforeStartsFromZeroCounters() throws Exception {
    BpfDatapath first = open();
    ServiceSpec a = spec("198.18.0.10", 80, be("198.18.2.1", 80, 1, BackendState.UP));
    first.apply(a);
    countAll(first); // traffic on every id, as the XDP program counts it
    first.remove(a.key());
    first.sweepRetired(0);
    ServiceSpec b = spec("198.18.0.11", 80, be("198.18.2.2", 80, 1, BackendState.UP));
    first.apply(b); // takes the ids a had
    assertThat(first.serviceCounters(b.key())).isEqualTo(Counters.ZERO);
    assertThat(first.backendCounters(b.key()).values()).containsOnly(Counters.ZERO);
    countAll(first);
    first.close();
    // a restarted agent cannot know which free ids an earlier one used: it zeroes them all
    BpfDatapath second = open();
    ServiceSpec c = spec("198.18.0.12", 80, be("198.18.2.3", 80, 1, BackendState.UP));
    second.apply(c);
    assertThat(second.serviceCounters(c.key())).isEqualTo(Counters.ZERO);
    assertThat(second.backendCounters(c.key()).values()).containsOnly(Counters.ZERO);
    assertThat(second.serviceCounters(b.key())).isNotEqualTo(Counters.ZERO);
  }

  /** Sets every service and backend counter to non-zero values. */
  static void countAll(BpfDatapath dp) {
    for (String name : List.of(MapNames.SVC_STATS, MapNames.BACKEND_STATS)) {
      BpfMap m = dp.map(name);
      byte[] ones = new byte[m.lookupSize()];
      java.util.Arrays.fill(ones, (byte) 1);
      for (int id = 0; id < m.maxEntries(); id++) {
        m.update(Bytes.u32Key(id), ones, BpfMap.BPF_ANY);
      }
    }
  }

  @Test
  void removedBackendsFlowsAreSweptOffTheReconcilersPath() throws Exception {
    config = config.withSizes(8, 16, 16384, 4096);
    BpfDatapath dp = open();
    ServiceSpec both =
        spec(
            "198.18.0.10",
            80,
            be("198.18.2.1", 80, 1, BackendState.UP),
            be("198.18.2.2", 80, 1, BackendState.UP));
    dp.apply(both);
    var flows = dp.map(MapNames.FLOWS);
    InetAddress client = ip("198.18.1.1");
    InetAddress vip = ip("198.18.0.10");
    for (int i = 0; i < 100; i++) { // backend ids 0 and 1, one original-direction entry each
      int be = i % 2;
      flows.update(
          new io.fulcrum.datapath.abi.FlowKey(client, vip, 20000 + i, 80, 6).encode(),
          new io.fulcrum.datapath.abi.FlowValue(
                  ip("198.18.2." + (be + 1)), client, 80, 20000 + i, be, 0, 0, 1, 4, 0, 1)
              .encode(),
          0);
    }
    dp.apply(spec("198.18.0.10", 80, be("198.18.2.1", 80, 1, BackendState.UP)));
    // the change itself does not scan conntrack; the sweep (every 100 ms, or now) deletes the
    // removed backend's flows, nothing of the other backend's, and then releases its id
    dp.sweepRetired(0);
    assertThat(dp.flowCount()).isEqualTo(50);
    assertThat(dp.flows()).allSatisfy(e -> assertThat(e.value().backendId()).isZero());
    dp.apply(
        spec(
            "198.18.0.10",
            80,
            be("198.18.2.1", 80, 1, BackendState.UP),
            be("198.18.2.3", 80, 1, BackendState.UP)));
    assertThat(dp.mapUsage())
        .filteredOn(u -> u.map().equals(MapNames.BACKENDS))
        .singleElement()
        .satisfies(u -> assertThat(u.used()).isEqualTo(2));
  }

  @Test
  void vipEntryLivesAsLongAsAServiceUsesTheVip() throws Exception {
    BpfDatapath dp = open();
    ServiceSpec a = spec("198.18.0.10", 80, be("198.18.2.1", 80, 1, BackendState.UP));
    ServiceSpec b = spec("198.18.0.10", 443, be("198.18.2.1", 443, 1, BackendState.UP));
    dp.apply(a);
    dp.apply(b);
    byte[] vipKey = ServiceTable.vipKey(ip("198.18.0.10")).encode();
    var services = dp.map(MapNames.SERVICES);
    int idOfA = SvcValue.decode(services.lookup(ServiceTable.svcKey(a.key()).encode())).id();
    int idOfB = SvcValue.decode(services.lookup(ServiceTable.svcKey(b.key()).encode())).id();
    assertThat(SvcValue.decode(services.lookup(vipKey)).id()).isEqualTo(idOfA);
    dp.remove(a.key());
    assertThat(SvcValue.decode(services.lookup(vipKey)).id()).isEqualTo(idOfB);
    dp.remove(b.key());
    assertThat(services.lookup(vipKey)).isNull();
    assertThat(services.count()).isZero();
    dp.sweepRetired(0); // ids of removed backends are released once their flows are swept
    assertThat(dp.mapUsage())
        .filteredOn(u -> u.map().equals(MapNames.BACKENDS))
        .singleElement()
        .satisfies(u -> assertThat(u.used()).isZero());
  }

  @Test
  void driverModeFallsBackToGenericWhereTheDriverHasNoXdpAndTheLinkIsAdoptedLater()
      throws Exception {
    try (io.fulcrum.testrig.Netns ns = io.fulcrum.testrig.Netns.create("dpx")) {
      ns.exec("ip", "link", "add", "fl0", "type", "bridge"); // no native XDP in the driver
      ns.exec("ip", "link", "set", "fl0", "up");
      config = config.withInterfaces(ns.name(), io.fulcrum.datapath.bpf.XdpMode.AUTO, List.of());
      BpfDatapath dp = open();
      assertThat(dp.attach("fl0")).isEqualTo("generic");
      assertThat(ns.exec("ip", "link", "show", "fl0")).contains("xdpgeneric");
      dp.close();
      BpfDatapath again = open();
      assertThat(again.attach("fl0")).isEqualTo("adopted");
      assertThat(again.detachAll()).containsExactly("fl0");
      assertThat(ns.exec("ip", "link", "show", "fl0")).doesNotContain("xdp");
      BpfDatapath strict =
          BpfDatapath.open(
              config.withInterfaces(ns.name(), io.fulcrum.datapath.bpf.XdpMode.DRIVER, List.of()));
      opened.add(strict);
      assertThatThrownBy(() -> strict.attach("fl0"))
          .isInstanceOf(DatapathException.class)
          .hasMessageContaining("driver-mode");
    }
  }
}
