package io.fulcrum.datapath.abi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CodecTest {
  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void serviceKeyPutsThePortInNetworkOrderAndIpv4InTheFirstFourBytes() throws Exception {
    byte[] b = new SvcKey(ip("198.18.0.10"), 80, 6).encode();
    assertThat(b).hasSize(20);
    assertThat(b[0] & 0xff).isEqualTo(198);
    assertThat(b[3] & 0xff).isEqualTo(10);
    assertThat(b[4]).isZero();
    assertThat(b[16]).isZero();
    assertThat(b[17]).isEqualTo((byte) 80);
    assertThat(b[18]).isEqualTo((byte) 6);
    assertThat(b[19]).isEqualTo((byte) 4);
    assertThat(SvcKey.decode(b)).isEqualTo(new SvcKey(ip("198.18.0.10"), 80, 6));
  }

  @Test
  void everyCodecRoundTrips() throws Exception {
    var v6 = ip("2001:db8::5");
    assertThat(SvcKey.decode(new SvcKey(v6, 443, 132).encode()))
        .isEqualTo(new SvcKey(v6, 443, 132));
    var sv = new SvcValue(7, 3, 1000, 251, 60);
    assertThat(SvcValue.decode(sv.encode())).isEqualTo(sv);
    var be = new BackendValue(v6, 8080, Abi.BE_F_IN_USE);
    assertThat(BackendValue.decode(be.encode())).isEqualTo(be);
    assertThat(BackendValue.decode(BackendValue.EMPTY.encode())).isEqualTo(BackendValue.EMPTY);
    var fk = new FlowKey(ip("198.18.1.1"), ip("198.18.0.10"), 40000, 80, 17);
    assertThat(FlowKey.decode(fk.encode())).isEqualTo(fk);
    var fv =
        new FlowValue(ip("198.18.2.1"), ip("198.18.0.1"), 8080, 1025, 3, 4, 1, 2, 4, 0, 1L << 40);
    assertThat(FlowValue.decode(fv.encode())).isEqualTo(fv);
    var ak = new AffinityKey(v6, 9);
    assertThat(AffinityKey.decode(ak.encode())).isEqualTo(ak);
    var av = new AffinityValue(5, 123456789L);
    assertThat(AffinityValue.decode(av.encode())).isEqualTo(av);
    var cfg = new ConfigValue(ip("198.18.0.1"), v6, 1024, 65535, 5, 300, 10, 30, 30, 10, 0);
    assertThat(ConfigValue.decode(cfg.encode())).isEqualTo(cfg);
    var l2 = new L2Value(99L, new byte[] {2, 0, 0, 0, 0, 1});
    assertThat(L2Value.decode(l2.encode())).isEqualTo(l2);
    assertThat(L2Key.decode(new L2Key(v6).encode())).isEqualTo(new L2Key(v6));
  }

  @Test
  void perCpuCountersAreSummed() {
    byte[] raw = new byte[24 * 3];
    System.arraycopy(new CountersValue(1, 100, 1).encode(), 0, raw, 0, 24);
    System.arraycopy(new CountersValue(2, 200, 0).encode(), 0, raw, 24, 24);
    System.arraycopy(new CountersValue(3, 300, 2).encode(), 0, raw, 48, 24);
    assertThat(CountersValue.sumPerCpu(raw)).isEqualTo(new CountersValue(6, 600, 3));
  }
}
