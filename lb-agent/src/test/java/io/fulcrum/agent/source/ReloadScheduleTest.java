package io.fulcrum.agent.source;

import static io.fulcrum.agent.source.InotifyEvent.IN_CLOSE_WRITE;
import static io.fulcrum.agent.source.InotifyEvent.IN_CREATE;
import static io.fulcrum.agent.source.InotifyEvent.IN_DELETE;
import static io.fulcrum.agent.source.InotifyEvent.IN_IGNORED;
import static io.fulcrum.agent.source.InotifyEvent.IN_ISDIR;
import static io.fulcrum.agent.source.InotifyEvent.IN_MODIFY;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_FROM;
import static io.fulcrum.agent.source.InotifyEvent.IN_MOVED_TO;
import static io.fulcrum.agent.source.InotifyEvent.IN_Q_OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReloadScheduleTest {
  static final long MS = 1_000_000L;
  static final long T0 = 5_000 * MS; // any origin

  final ReloadSchedule schedule = new ReloadSchedule(Duration.ofMillis(15), Duration.ofMillis(200));

  void at(long ms, int mask, String name) {
    schedule.onEvent(new InotifyEvent(1, mask, 0, name), T0 + ms * MS);
  }

  /** The first millisecond at which the reload is due. */
  long dueAtMs() {
    long d = schedule.deadline();
    assertThat(schedule.due(d - 1)).isFalse();
    assertThat(schedule.due(d)).isTrue();
    return (d - T0) / MS;
  }

  @Test
  void nothingIsPendingWithoutEvents() {
    assertThat(schedule.pending()).isFalse();
    assertThat(schedule.deadline()).isEqualTo(ReloadSchedule.NONE);
    assertThat(schedule.due(T0)).isFalse();
  }

  @Test
  void aRenameIntoPlaceIsReadAfterTheSettleOnly() {
    at(0, IN_MOVED_FROM, ".fulcrum.yaml.tmp");
    at(0, IN_MOVED_TO, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(15);
  }

  @Test
  void aTempFileWrittenThenRenamedIsOneReload() {
    at(0, IN_CREATE, ".fulcrum.yaml.tmp");
    at(1, IN_MODIFY, ".fulcrum.yaml.tmp");
    at(2, IN_CLOSE_WRITE, ".fulcrum.yaml.tmp");
    at(9, IN_MOVED_FROM, ".fulcrum.yaml.tmp");
    at(9, IN_MOVED_TO, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(24);
  }

  @Test
  void aBurstOfEventsExtendsTheSettle() {
    at(0, IN_CLOSE_WRITE, "fulcrum.yaml");
    at(10, IN_DELETE, "fulcrum.yaml~");
    assertThat(dueAtMs()).isEqualTo(25);
  }

  @Test
  void aSteadyTrickleOfClosesCannotPostponeTheReloadBeyondTheDebounce() {
    for (int ms = 0; ms <= 400; ms += 10) {
      at(ms, IN_CLOSE_WRITE, "other.log");
    }
    assertThat(dueAtMs()).isEqualTo(200);
  }

  @Test
  void aFileWrittenInPartsIsReadOnlyOnceItsWriterClosesIt() {
    at(0, IN_MODIFY, "fulcrum.yaml"); // O_TRUNC
    at(1, IN_MODIFY, "fulcrum.yaml"); // first part
    at(150, IN_MODIFY, "fulcrum.yaml"); // second part after a pause
    assertThat(schedule.due(T0 + 340 * MS)).isFalse();
    at(340, IN_CLOSE_WRITE, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(355);
  }

  @Test
  void aWriterThatNeverClosesIsWaitedForUntilTheDebounceOfQuiet() {
    at(0, IN_CREATE, "fulcrum.yaml");
    at(50, IN_MODIFY, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(250);
  }

  @Test
  void anotherEntryClosedWhileTheFileIsHalfWrittenDoesNotTriggerARead() {
    at(0, IN_MODIFY, "fulcrum.yaml");
    at(10, IN_CLOSE_WRITE, "notes.txt");
    at(20, IN_MOVED_TO, "other.yaml");
    assertThat(dueAtMs()).isEqualTo(200);
  }

  @Test
  void anIdleOpenSwapFileDoesNotHoldBackASave() {
    at(0, IN_CREATE, ".fulcrum.yaml.swp");
    at(1, IN_MODIFY, ".fulcrum.yaml.swp");
    at(500, IN_MODIFY, "fulcrum.yaml");
    at(501, IN_CLOSE_WRITE, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(516);
  }

  @Test
  void aDeletionAloneWaitsForTheDebounceOfQuiet() {
    at(0, IN_DELETE, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(200);
  }

  @Test
  void aDeletedFileRecreatedAndClosedIsReadAfterTheSettle() {
    at(0, IN_DELETE, "fulcrum.yaml");
    at(1, IN_CREATE, "fulcrum.yaml");
    at(2, IN_MODIFY, "fulcrum.yaml");
    at(3, IN_CLOSE_WRITE, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(18);
  }

  @Test
  void aConfigMapSymlinkSwapIsReadAfterTheSettle() {
    // kubelet's atomic writer: new timestamped dir, ..data_tmp symlink, rename over ..data
    at(0, IN_CREATE | IN_ISDIR, "..2026_11_26_03_00_00.123");
    at(1, IN_CREATE, "..data_tmp");
    at(2, IN_MOVED_FROM, "..data_tmp");
    at(2, IN_MOVED_TO, "..data");
    at(3, IN_DELETE | IN_ISDIR, "..2026_11_26_02_00_00.456");
    assertThat(dueAtMs()).isEqualTo(18);
  }

  @Test
  void lostEventsAreReadAfterTheDebounceOfQuietEvenAfterAClose() {
    at(0, IN_CLOSE_WRITE, "fulcrum.yaml");
    at(1, IN_Q_OVERFLOW, "");
    assertThat(dueAtMs()).isEqualTo(201);
  }

  @Test
  void aLostWatchIsReadAfterTheDebounceOfQuiet() {
    at(0, IN_IGNORED, "");
    assertThat(dueAtMs()).isEqualTo(200);
    schedule.reloading();
    schedule.onUnknownChange(T0 + 1000 * MS);
    assertThat(dueAtMs()).isEqualTo(1200);
  }

  @Test
  void reloadingStartsAfresh() {
    at(0, IN_MODIFY, "fulcrum.yaml");
    at(1, IN_Q_OVERFLOW, "");
    schedule.reloading();
    assertThat(schedule.pending()).isFalse();
    assertThat(schedule.deadline()).isEqualTo(ReloadSchedule.NONE);
    at(1000, IN_MOVED_TO, "fulcrum.yaml");
    assertThat(dueAtMs()).isEqualTo(1015);
  }

  @Test
  void aSettleLongerThanTheDebounceIsCutToTheDebounce() {
    ReloadSchedule s = new ReloadSchedule(Duration.ofMillis(500), Duration.ofMillis(50));
    s.onEvent(new InotifyEvent(1, IN_CLOSE_WRITE, 0, "f"), 0);
    assertThat(s.deadline()).isEqualTo(50 * MS);
  }
}
