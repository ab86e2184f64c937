package io.fulcrum.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.datapath.abi.Bytes;
import io.fulcrum.datapath.abi.SvcValue;
import io.fulcrum.datapath.bpf.MapNames;
import io.fulcrum.testrig.Capabilities;
import io.fulcrum.testrig.RunId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Maglev tables as written to the pinned ring: a change starts from the previous table, also in
 * a new process that adopted the data plane, so removing a backend moves none of the others' slots.
 */
class MaglevTablesIT {
  DatapathConfig config;
  final List<BpfDatapath> opened = new ArrayList<>();

  @BeforeEach
  void setUp() {
    Capabilities.requireKernelTestRig();
    config =
        DatapathConfig.defaults("it-" + RunId.next("mg"))
            .withSizes(8, 64, 1024, 8192)
            .withPinRoot(Path.of("/sys/fs/bpf/fulcrum-test", RunId.next("mg")));
  }

  @AfterEach
  void tearDown() {
    opened.forEach(BpfDatapath::close);
    BpfDatapath.open(config).destroy();
  }

  BpfDatapath open() {
    BpfDatapath dp = BpfDatapath.open(config);
    opened.add(dp);
    return dp;
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final ServiceKey KEY = new ServiceKey(ip("198.18.0.10"), 80, Protocol.TCP);

  /** Backends 198.18.2.i for i in ids, weight 1 + i % 3, all UP unless listed in down. */
  static ServiceSpec spec(List<Integer> ids, int... down) {
    List<Backend> l = new ArrayList<>();
    for (int i : ids) {
      BackendState st = BackendState.UP;
      for (int d : down) {
        if (d == i) {
          st = BackendState.DOWN;
        }
      }
      l.add(new Backend(ip("198.18.2." + i), 8080, 1 + i % 3, st));
    }
    return new ServiceSpec(KEY, NatMode.FULL_NAT, 0, Duration.ZERO, false, l);
  }

  /** The table as backend addresses (last byte), read from the pinned maps. */
  static int[] table(BpfDatapath dp) {
    byte[] raw = dp.map(MapNames.SERVICES).lookup(ServiceTable.svcKey(KEY).encode());
    SvcValue sv = SvcValue.decode(raw);
    int[] t = new int[sv.ringSize()];
    for (int i = 0; i < t.length; i++) {
      int id =
          Bytes.getU32(dp.map(MapNames.RING_POOL).lookup(Bytes.u32Key(sv.ringOffset() + i)), 0);
      byte[] be = dp.map(MapNames.BACKENDS).lookup(Bytes.u32Key(id));
      t[i] = io.fulcrum.datapath.abi.BackendValue.decode(be).addr().getAddress()[3];
    }
    return t;
  }

  static int movedOfOthers(int[] before, int[] after, int gone) {
    assertThat(after).hasSameSizeAs(before);
    int moved = 0;
    for (int s = 0; s < before.length; s++) {
      if (before[s] != gone && before[s] != after[s]) {
        moved++;
      }
    }
    return moved;
  }

  static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      l.add(i);
    }
    return l;
  }

  @Test
  void removingABackendMovesNoneOfTheOthersSlotsAlsoAfterARestart() {
    BpfDatapath dp = open();
    dp.apply(spec(range(1, 10)));
    int[] t10 = table(dp);
    assertThat(t10).hasSize(1103);
    dp.apply(spec(range(2, 10)));
    int[] t9 = table(dp);
    assertThat(movedOfOthers(t10, t9, 1)).isZero();
    assertThat(t9).doesNotContain(1);

    // a new process adopts the pinned tables and goes on from them
    dp.close();
    opened.remove(dp);
    BpfDatapath next = open();
    next.apply(spec(range(3, 10)));
    int[] t8 = table(next);
    assertThat(movedOfOthers(t9, t8, 2)).isZero();
  }

  @Test
  void aBackendSetDownThenRemovedMovesNoneOfTheOthersSlots() {
    BpfDatapath dp = open();
    dp.apply(spec(range(1, 10)));
    int[] up = table(dp);
    dp.apply(spec(range(1, 10), 5));
    int[] down = table(dp);
    assertThat(down).doesNotContain(5);
    assertThat(movedOfOthers(up, down, 5)).isZero();
    List<Integer> rest = range(1, 10);
    rest.remove(Integer.valueOf(5));
    dp.apply(spec(rest));
    assertThat(table(dp)).isEqualTo(down);
    // and back: a new backend takes slots from everyone, nothing else moves
    dp.apply(spec(range(1, 10)));
    int[] again = table(dp);
    assertThat(movedOfOthers(down, again, -1)).isEqualTo(count(again, 5));
  }

  @Test
  void aRestartWhileABackendIsDownKeepsItsPlaceForItsReturn() {
    BpfDatapath dp = open();
    dp.apply(spec(range(1, 10)));
    int[] up = table(dp);
    dp.apply(spec(range(1, 10), 5));
    int[] down = table(dp);
    dp.close();
    opened.remove(dp);
    BpfDatapath next = open();
    assertThat(table(next)).isEqualTo(down);
    next.apply(spec(range(1, 10)));
    assertThat(table(next)).as("back UP after a restart: the table before DOWN").isEqualTo(up);
  }

  static int count(int[] t, int v) {
    int n = 0;
    for (int x : t) {
      if (x == v) {
        n++;
      }
    }
    return n;
  }
}
