package io.mailmind.core.internal.idle;

import java.time.Duration;
import java.util.Objects;

/**
 * Reconnect delays: exponential (factor 2) from an initial delay, capped at a maximum, with jitter drawn from a
 * random value the caller supplies, so that the function is pure and tests are deterministic. Immutable and
 * thread-safe.
 *
 * <p>The ceiling of retry {@code attempt} (0 for the first retry) is {@code min(max, initial * 2^attempt)}. The
 * delay is then, for a random value {@code r} in [0, 1):
 * <ul>
 *   <li>{@link Jitter#EQUAL} (the default): {@code ceiling/2 + r * ceiling/2}, in [ceiling/2, ceiling]: never
 *       shorter than half the ceiling, so reconnect storms still spread but never hammer the server.</li>
 *   <li>{@link Jitter#FULL}: {@code r * ceiling}, in [0, ceiling] (the AWS "full jitter").</li>
 *   <li>{@link Jitter#NONE}: the ceiling.</li>
 * </ul>
 * The upper bound is inclusive only because {@code r * ceiling} can round up to the ceiling for ceilings above
 * 2^53 nanoseconds (104 days).
 */
public final class Backoff {
  /** How the random value spreads the delay below the ceiling. */
  public enum Jitter { NONE, FULL, EQUAL }

  private final long initialNanos;
  private final long maxNanos;
  private final Jitter jitter;

  /** Equal jitter. See {@link #Backoff(Duration, Duration, Jitter)}. */
  public Backoff(Duration initial, Duration max) {
    this(initial, max, Jitter.EQUAL);
  }

  /**
   * @param initial the ceiling of the first retry; positive
   * @param max     the largest ceiling; at least {@code initial} and at most 292 years (the nanoseconds a long holds)
   * @param jitter  the jitter
   */
  public Backoff(Duration initial, Duration max, Jitter jitter) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial was '" + initial + "' but it must be positive");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max was '" + max + "' but it must be >= initial (" + initial + ")");
    }
    try {
      this.maxNanos = max.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("max was '" + max + "' but it must be at most " + Duration.ofNanos(
          Long.MAX_VALUE), e);
    }
    this.initialNanos = initial.toNanos();
  }

  /**
   * The ceiling of retry {@code attempt}, without jitter: {@code min(max, initial * 2^attempt)}.
   *
   * @param attempt 0 for the first retry; not negative
   */
  public Duration ceiling(int attempt) {
    return Duration.ofNanos(ceilingNanos(attempt));
  }

  /**
   * The delay before retry {@code attempt}.
   *
   * @param attempt 0 for the first retry, 1 for the second, ...; not negative; large values give the maximum
   * @param random  a random value in [0, 1), for example {@code ThreadLocalRandom.current().nextDouble()}
   */
  public Duration delay(int attempt, double random) {
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random was '" + random + "' but it must be in [0, 1)");
    }
    long ceiling = ceilingNanos(attempt);
    long nanos = switch (jitter) {
      case NONE -> ceiling;
      case FULL -> (long) (random * ceiling);
      case EQUAL -> ceiling - ceiling / 2 + (long) (random * (ceiling / 2));
    };
    return Duration.ofNanos(Math.min(nanos, ceiling));
  }

  private long ceilingNanos(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt was '" + attempt + "' but it must be >= 0");
    }
    if (attempt >= Long.SIZE - 1 || initialNanos > (maxNanos >> attempt)) return maxNanos;
    return Math.min(maxNanos, initialNanos << attempt);
  }

  @Override
  public String toString() {
    return "Backoff[initial=" + Duration.ofNanos(initialNanos) + ", max=" + Duration.ofNanos(maxNanos)
        + ", jitter=" + jitter + "]";
  }
}
