package io.mailmind.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SteppingSleeperTest {
  private final SteppingSleeper sleeper = new SteppingSleeper();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  private Future<Boolean> sleepOnAnotherThread(Duration duration, CountDownLatch stop) {
    return threads.submit(() -> sleeper.sleep(duration, stop));
  }

  private static <T> T result(Future<T> future) throws Exception {
    return future.get(Await.DEFAULT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a sleep blocks until the test moves virtual time to its wake-up, not a moment before")
  void blocksUntilAdvanced() throws Exception {
    long start = sleeper.nanoTime();
    Future<Boolean> slept = sleepOnAnotherThread(Duration.ofSeconds(5), new CountDownLatch(1));
    assertThat(sleeper.awaitSleeping(1)).containsExactly(Duration.ofSeconds(5));

    sleeper.advance(Duration.ofSeconds(4));
    assertThat(sleeper.pending()).containsExactly(Duration.ofSeconds(1));
    assertThat(slept).isNotDone();

    assertThat(sleeper.advanceToNextWakeUp()).isEqualTo(Duration.ofSeconds(1));
    assertThat(result(slept)).isTrue();
    assertThat(sleeper.pending()).isEmpty();
    assertThat(sleeper.nanoTime() - start).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(sleeper.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("the stop latch ends a sleep (false) without moving the clock; an interrupt ends it with an exception")
  void stopAndInterrupt() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    Future<Boolean> stopped = sleepOnAnotherThread(Duration.ofHours(1), stop);
    sleeper.awaitSleeping(1);
    stop.countDown();
    assertThat(result(stopped)).isFalse();
    assertThat(sleeper.sleep(Duration.ofHours(1), stop)).isFalse(); // already stopped: returns at once

    Future<Boolean> interrupted = sleepOnAnotherThread(Duration.ofHours(1), new CountDownLatch(1));
    sleeper.awaitSleeping(1);
    interrupted.cancel(true);
    Await.until("the interrupted sleep is gone", () -> sleeper.pending().isEmpty());
    assertThat(sleeper.elapsed()).isZero();
    assertThat(sleeper.sleep(Duration.ZERO, new CountDownLatch(1))).isTrue();
  }

  @Test
  @DisplayName("auto-advance passes wake-ups within its budget at once; an advance moves the budget along")
  void autoAdvanceWithinBudget() throws Exception {
    sleeper.autoAdvance(Duration.ofMinutes(1));
    assertThat(sleeper.sleep(Duration.ofSeconds(20), new CountDownLatch(1))).isTrue();
    assertThat(sleeper.sleep(Duration.ofSeconds(30), new CountDownLatch(1))).isTrue();
    assertThat(sleeper.elapsed()).isEqualTo(Duration.ofSeconds(50));

    Future<Boolean> beyond = sleepOnAnotherThread(Duration.ofSeconds(20), new CountDownLatch(1));
    assertThat(sleeper.awaitSleeping(1)).containsExactly(Duration.ofSeconds(20));
    sleeper.advance(Duration.ofSeconds(10)); // the budget now ends at 70 s: the wake-up at 70 s comes by itself
    assertThat(result(beyond)).isTrue();
    assertThat(sleeper.elapsed()).isEqualTo(Duration.ofSeconds(70));

    sleeper.manual();
    Future<Boolean> manual = sleepOnAnotherThread(Duration.ofMillis(1), new CountDownLatch(1));
    assertThat(sleeper.awaitSleeping(1)).containsExactly(Duration.ofMillis(1));
    sleeper.advance(Duration.ofMillis(1));
    assertThat(result(manual)).isTrue();
  }

  @Test
  @DisplayName("advancing to the next wake-up when nobody sleeps is a mistake in the test")
  void nothingToAdvanceTo() {
    assertThatThrownBy(sleeper::advanceToNextWakeUp).isInstanceOf(IllegalStateException.class)
        .hasMessage("no thread is sleeping");
    assertThatThrownBy(() -> sleeper.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a sleep of centuries does not overflow the clock")
  void hugeSleep() throws ExecutionException, InterruptedException {
    Future<Boolean> forever = sleepOnAnotherThread(Duration.ofSeconds(Long.MAX_VALUE), new CountDownLatch(1));
    sleeper.awaitSleeping(1);
    sleeper.advance(Duration.ofDays(365 * 200));
    assertThat(sleeper.pending()).singleElement().satisfies(d -> assertThat(d).isPositive());
    assertThat(forever).isNotDone();
    forever.cancel(true);
  }
}
