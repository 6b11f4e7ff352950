package io.mailmind.jdbc.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How long {@link Db} keeps retrying work whose connection failed, and how long it waits between attempts:
 * exponential (factor 2) from {@link #INITIAL} up to {@link #MAX}, with equal jitter (each pause is in
 * [ceiling/2, ceiling]), and never past the deadline counted from the first failure. The functions are pure:
 * the caller supplies the time and the random value. Immutable and thread-safe.
 */
final class ConnectionRetry {
  /** The deadline when the host sets none. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
  static final Duration INITIAL = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(5);

  private final Duration deadline;

  /** @param deadline zero (no retry) or positive */
  ConnectionRetry(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative()) throw new IllegalArgumentException("deadline was '" + deadline + "' but it must not be negative");
    this.deadline = deadline;
  }

  Duration deadline() {
    return deadline;
  }

  /**
   * The pause before retry {@code retry} (0 for the first).
   *
   * @param random a value in [0, 1)
   */
  static Duration delay(int retry, double random) {
    long initial = INITIAL.toNanos();
    long max = MAX.toNanos();
    long ceiling = retry >= 30 || initial > (max >> retry) ? max : Math.min(max, initial << retry);
    return Duration.ofNanos(ceiling - ceiling / 2 + (long) (random * (ceiling / 2)));
  }

  /**
   * The pause before the next attempt when the connection has been failing for {@code elapsed}, or null when the
   * deadline is reached and the call must fail: the delay of {@code retry}, cut so that the last attempt starts
   * at the deadline.
   */
  Duration pause(Duration elapsed, int retry, double random) {
    Duration left = deadline.minus(elapsed);
    if (left.isNegative() || left.isZero()) return null;
    Duration delay = delay(retry, random);
    return delay.compareTo(left) < 0 ? delay : left;
  }

  @Override
  public String toString() {
    return "ConnectionRetry[deadline=" + deadline + "]";
  }
}
