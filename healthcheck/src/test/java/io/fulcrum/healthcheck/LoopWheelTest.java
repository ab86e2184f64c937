package io.fulcrum.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopWheelTest {
  private static final long MS = 1_000_000L;
  private final EventLoop loop = new DefaultEventLoop();
  private final AtomicLong now = new AtomicLong(5_000 * MS);
  private final List<String> fired = new ArrayList<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  private <T> T onLoop(Callable<T> c) {
    return loop.submit(c).syncUninterruptibly().getNow();
  }

  private LoopWheel wheel(int size) {
    return onLoop(() -> new LoopWheel(loop, 10 * MS, size, now::get));
  }

  private void advanceTo(LoopWheel w, long nanos) {
    now.set(nanos);
    onLoop(
        () -> {
          w.advance();
          return null;
        });
  }

  private void schedule(LoopWheel w, long due, String name) {
    onLoop(
        () -> {
          w.schedule(due, () -> fired.add(name));
          return null;
        });
  }

  @Test
  void firesAtTheFirstTickAtOrAfterTheDueTime() {
    LoopWheel w = wheel(16);
    long t0 = now.get();
    schedule(w, t0 + 25 * MS, "a");
    schedule(w, t0 + 30 * MS, "b");
    advanceTo(w, t0 + 29 * MS);
    assertThat(fired).isEmpty();
    advanceTo(w, t0 + 30 * MS);
    assertThat(fired).containsExactly("a", "b");
  }

  @Test
  void entriesBeyondOneTurnWaitForTheirRound() {
    LoopWheel w = wheel(8); // 80 ms per turn
    long t0 = now.get();
    schedule(w, t0 + 100 * MS, "late");
    advanceTo(w, t0 + 20 * MS); // the bucket of tick 10 is tick 2's bucket: not yet
    advanceTo(w, t0 + 90 * MS);
    assertThat(fired).isEmpty();
    advanceTo(w, t0 + 100 * MS);
    assertThat(fired).containsExactly("late");
  }

  @Test
  void aLongStallFiresEverythingDueOnce() {
    LoopWheel w = wheel(8);
    long t0 = now.get();
    for (int i = 1; i <= 20; i++) {
      schedule(w, t0 + i * 10 * MS, "t" + i);
    }
    advanceTo(w, t0 + 1_000 * MS);
    assertThat(fired).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void pastDueTimesFireOnTheNextTick() {
    LoopWheel w = wheel(8);
    long t0 = now.get();
    advanceTo(w, t0 + 50 * MS);
    schedule(w, t0, "past");
    advanceTo(w, t0 + 60 * MS);
    assertThat(fired).containsExactly("past");
  }
}
