package io.fulcrum.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnnounceModeTest {
  @Test
  void ownerOnlyModeAnnouncesFromTheOwnerAlone() {
    assertThat(AnnounceMode.OWNER_ONLY.shouldAnnounce(true, true, true)).isTrue();
    assertThat(AnnounceMode.OWNER_ONLY.shouldAnnounce(false, true, true)).isFalse();
  }

  @Test
  void ecmpModeAnnouncesFromEveryHealthyNode() {
    assertThat(AnnounceMode.ALL_HEALTHY_NODES.shouldAnnounce(false, true, true)).isTrue();
    assertThat(AnnounceMode.ALL_HEALTHY_NODES.shouldAnnounce(false, false, true)).isFalse();
  }

  @Test
  void serviceWithoutHealthyBackendIsNeverAnnounced() {
    for (AnnounceMode m : AnnounceMode.values()) {
      assertThat(m.shouldAnnounce(true, true, false)).isFalse();
    }
  }

  @Test
  void modeNamesParse() {
    assertThat(AnnounceMode.parse("ECMP")).isEqualTo(AnnounceMode.ALL_HEALTHY_NODES);
    assertThat(AnnounceMode.parse("owner-only")).isEqualTo(AnnounceMode.OWNER_ONLY);
    assertThatThrownBy(() -> AnnounceMode.parse("some")).hasMessageContaining("owner-only");
  }
}
