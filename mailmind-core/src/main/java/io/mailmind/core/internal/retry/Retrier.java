package io.mailmind.core.internal.retry;

import io.mailmind.core.RetryPolicy;
import io.mailmind.core.spi.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work, and runs it again after a failure its caller calls retryable, waiting the policy's delay in between,
 * until it succeeds or the policy gives up; then the last failure is thrown as it was. Thread-safe.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /** Jitter from {@link ThreadLocalRandom}. */
  public Retrier(RetryPolicy policy, Sleeper sleeper) {
    this(policy, sleeper, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** @param random values in [0, 1) for the jitter */
  public Retrier(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Runs {@code work} until it returns. A failure is thrown at once when {@code retryable} refuses it, when
   * {@code cancelled} is true, or when the policy gives up; otherwise it is logged at DEBUG and the work runs again
   * after the policy's delay. An interrupt while waiting throws the failure, with the thread's interrupt status set.
   *
   * @param owner the account id (or other owner) that starts each log line
   * @param what  what the work does, for the log
   */
  public <T> T run(String owner, String what, Supplier<T> work, Predicate<? super RuntimeException> retryable,
      BooleanSupplier cancelled) {
    int failures = 0;
    long firstFailure = 0;
    while (true) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (!retryable.test(e) || cancelled.getAsBoolean()) throw e;
        long now = sleeper.nanoTime();
        if (failures++ == 0) firstFailure = now;
        Optional<Duration> delay = policy.nextDelay(failures, Duration.ofNanos(now - firstFailure),
            random.getAsDouble());
        if (delay.isEmpty()) throw e;
        LOG.debug("{} - {} failed (attempt {}{}): {}; retrying in {} ms", owner, what, failures,
            policy.maxAttempts().isPresent() ? " of " + policy.maxAttempts().getAsInt() : "", e.getMessage(),
            delay.get().toMillis());
        try {
          sleeper.sleep(delay.get());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
