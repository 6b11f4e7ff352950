package io.mailmind.core.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.RetryPolicy;
import io.mailmind.core.SyncOptions;
import io.mailmind.testkit.VirtualSleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry runner, in virtual time. */
class RetrierTest {
  private final VirtualSleeper sleeper = new VirtualSleeper();
  private final AtomicInteger runs = new AtomicInteger();

  private static final class Flaky extends RuntimeException {
    Flaky(int run) {
      super("run " + run + " failed");
    }
  }

  /** Fails the first {@code failures} runs, then returns the number of runs. */
  private Integer failing(int failures) {
    int run = runs.incrementAndGet();
    if (run <= failures) throw new Flaky(run);
    return run;
  }

  private static RetryPolicy policy(int maxAttempts) {
    return RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(250))
        .jitter(RetryPolicy.Jitter.NONE).maxAttempts(maxAttempts).build();
  }

  private static boolean retryable(RuntimeException e) {
    return e instanceof Flaky;
  }

  @Test
  void retriesWithThePolicysDelaysUntilTheWorkSucceeds() {
    Retrier retrier = new Retrier(policy(5), sleeper);

    assertThat(retrier.run("a", "work", () -> failing(3), RetrierTest::retryable, () -> false)).isEqualTo(4);

    assertThat(sleeper.sleeps())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void throwsTheLastFailureWhenThePolicyGivesUp() {
    Retrier retrier = new Retrier(policy(3), sleeper);

    assertThatThrownBy(() -> retrier.run("a", "work", () -> failing(10), RetrierTest::retryable, () -> false))
        .isInstanceOf(Flaky.class).hasMessage("run 3 failed");

    assertThat(runs).hasValue(3);
    assertThat(sleeper.sleeps()).hasSize(2);
  }

  @Test
  void stopsAtTheDeadlineCountedFromTheFirstFailure() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1))
        .jitter(RetryPolicy.Jitter.NONE).maxDuration(Duration.ofMillis(2500)).build();

    assertThatThrownBy(() -> new Retrier(policy, sleeper).run("a", "work", () -> failing(10),
        RetrierTest::retryable, () -> false)).isInstanceOf(Flaky.class);

    assertThat(sleeper.sleeps())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
    assertThat(runs).hasValue(4);
  }

  @Test
  void aFailureTheCallerDoesNotCallRetryableIsThrownAtOnce() {
    Retrier retrier = new Retrier(policy(5), sleeper);

    assertThatThrownBy(() -> retrier.run("a", "work", () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("a bug");
    }, RetrierTest::retryable, () -> false)).hasMessage("a bug");

    assertThat(runs).hasValue(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void cancellingEndsTheRetries() {
    AtomicBoolean closed = new AtomicBoolean();
    sleeper.onSleep(slept -> closed.set(true));

    assertThatThrownBy(() -> new Retrier(policy(5), sleeper).run("a", "work", () -> failing(10),
        RetrierTest::retryable, closed::get)).hasMessage("run 2 failed");

    assertThat(sleeper.sleeps()).hasSize(1);
  }

  @Test
  void anInterruptWhileWaitingThrowsTheFailureAndKeepsTheInterruptStatus() {
    sleeper.interruptNextSleep();
    try {
      assertThatThrownBy(() -> new Retrier(policy(5), sleeper).run("a", "work", () -> failing(10),
          RetrierTest::retryable, () -> false)).hasMessage("run 1 failed");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(runs).hasValue(1);
  }

  @Test
  void theJitterComesFromTheInjectedRandomSource() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(1))
        .jitter(RetryPolicy.Jitter.FULL).build();

    new Retrier(policy, sleeper, () -> 0.5).run("a", "work", () -> failing(2), RetrierTest::retryable, () -> false);

    assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void theEnginesPoliciesKeepTheirDelays() {
    RetryPolicy imap = RetryPolicies.imapWork(SyncOptions.builder().maxAttempts(4).build());
    assertThat(imap.maxAttempts()).hasValue(4);
    assertThat(imap.delay(0, 0.3)).isEqualTo(Duration.ofMillis(200));
    assertThat(imap.delay(3, 0.3)).isEqualTo(Duration.ofMillis(1600));
    assertThat(imap.delay(10, 0.3)).isEqualTo(Duration.ofSeconds(5));

    RetryPolicy idle = RetryPolicies.idleReconnect(IdleOptions.defaults());
    assertThat(idle.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(idle.maxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(idle.jitter()).isEqualTo(RetryPolicy.Jitter.EQUAL);
    assertThat(idle.maxAttempts()).isEmpty();
    assertThat(idle.maxDuration()).isEmpty();
  }
}
