package io.mailmind.core;

import io.mailmind.core.internal.util.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * When to try again after a failure, and how long to wait first. One policy type serves every retry in Mailmind
 * (IMAP folder and batch retries, IDLE reconnects, and the JDBC store's connection and conflict retries), so that
 * each reads the same way and each can be tested without waiting: the delays are a pure function of the retry
 * number and a random value the caller supplies, and the waiting itself is done by an injectable
 * {@link io.mailmind.core.spi.Sleeper}.
 *
 * <p>The ceiling of retry {@code n} (0 for the first retry) is {@code min(maxDelay, initialDelay * 2^n)}; the
 * delay is then, for a random value {@code r} in [0, 1):
 * <ul>
 *   <li>{@link Jitter#EQUAL} (the default): {@code ceiling/2 + r * ceiling/2}, in [ceiling/2, ceiling]: many
 *       clients failing at once spread out, yet none comes back sooner than half the ceiling.</li>
 *   <li>{@link Jitter#FULL}: {@code r * ceiling}, in [0, ceiling] (the AWS "full jitter").</li>
 *   <li>{@link Jitter#NONE}: the ceiling.</li>
 * </ul>
 * The upper bound is inclusive only because {@code r * ceiling} can round up to the ceiling for ceilings above
 * 2^53 nanoseconds (104 days).
 *
 * <p>Retries stop after {@link Builder#maxAttempts(int) maxAttempts} attempts in all, or once
 * {@link Builder#maxDuration(Duration) maxDuration} has passed since the first failure (the last delay is cut so
 * that the last attempt starts at that deadline), whichever comes first; without either, they never stop.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  /** How the random value spreads a delay below its ceiling. */
  public enum Jitter { NONE, EQUAL, FULL }

  private final long initialNanos;
  private final long maxNanos;
  private final Jitter jitter;
  private final int maxAttempts;
  private final Duration maxDuration;

  private RetryPolicy(Builder builder) {
    this.initialNanos = builder.initialDelay.toNanos();
    this.maxNanos = builder.maxDelay.toNanos();
    this.jitter = builder.jitter;
    this.maxAttempts = builder.maxAttempts;
    this.maxDuration = builder.maxDuration;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The ceiling of the first retry. */
  public Duration initialDelay() {
    return Duration.ofNanos(initialNanos);
  }

  /** The largest ceiling: no delay is longer. */
  public Duration maxDelay() {
    return Duration.ofNanos(maxNanos);
  }

  public Jitter jitter() {
    return jitter;
  }

  /** Attempts in all (the first one included), or empty when their number is not limited. */
  public OptionalInt maxAttempts() {
    return maxAttempts == 0 ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
  }

  /** How long retries go on, counted from the first failure, or empty when not limited. */
  public Optional<Duration> maxDuration() {
    return Optional.ofNullable(maxDuration);
  }

  /**
   * The ceiling of retry {@code retry}, without jitter: {@code min(maxDelay, initialDelay * 2^retry)}.
   *
   * @param retry 0 for the first retry; not negative; large values give {@link #maxDelay()}
   */
  public Duration ceiling(int retry) {
    return Duration.ofNanos(ceilingNanos(retry));
  }

  /**
   * The delay before retry {@code retry}, ignoring the limits.
   *
   * @param retry  0 for the first retry, 1 for the second, ...; not negative; large values give the maximum
   * @param random a random value in [0, 1), for example {@code ThreadLocalRandom.current().nextDouble()}
   */
  public Duration delay(int retry, double random) {
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random was '" + random + "' but it must be in [0, 1)");
    }
    long ceiling = ceilingNanos(retry);
    long nanos = switch (jitter) {
      case NONE -> ceiling;
      case FULL -> (long) (random * ceiling);
      case EQUAL -> ceiling - ceiling / 2 + (long) (random * (ceiling / 2));
    };
    return Duration.ofNanos(Math.min(nanos, ceiling));
  }

  /**
   * The delay before the next attempt, or empty when the policy gives up.
   *
   * @param failedAttempts    attempts that failed so far; at least 1
   * @param sinceFirstFailure time since the first of them failed; not negative
   * @param random            a random value in [0, 1)
   */
  public Optional<Duration> nextDelay(int failedAttempts, Duration sinceFirstFailure, double random) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts was '" + failedAttempts + "' but it must be at least 1");
    }
    Checks.requireNotNegative("sinceFirstFailure", sinceFirstFailure);
    if (maxAttempts != 0 && failedAttempts >= maxAttempts) return Optional.empty();
    Duration delay = delay(failedAttempts - 1, random);
    if (maxDuration == null) return Optional.of(delay);
    Duration left = maxDuration.minus(sinceFirstFailure);
    if (left.isNegative() || left.isZero()) return Optional.empty();
    return Optional.of(delay.compareTo(left) < 0 ? delay : left);
  }

  private long ceilingNanos(int retry) {
    if (retry < 0) throw new IllegalArgumentException("retry was '" + retry + "' but it must be >= 0");
    if (retry >= Long.SIZE - 1 || initialNanos > (maxNanos >> retry)) return maxNanos;
    return Math.min(maxNanos, initialNanos << retry);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RetryPolicy that && initialNanos == that.initialNanos && maxNanos == that.maxNanos
        && jitter == that.jitter && maxAttempts == that.maxAttempts && Objects.equals(maxDuration, that.maxDuration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initialNanos, maxNanos, jitter, maxAttempts, maxDuration);
  }

  @Override
  public String toString() {
    return "RetryPolicy[initialDelay=" + initialDelay() + ", maxDelay=" + maxDelay() + ", jitter=" + jitter
        + ", maxAttempts=" + (maxAttempts == 0 ? "unlimited" : maxAttempts)
        + ", maxDuration=" + (maxDuration == null ? "unlimited" : maxDuration) + "]";
  }

  /**
   * Builds a {@link RetryPolicy}. {@code initialDelay} and {@code maxDelay} are required; each setting may be set
   * once; a setter refuses a bad value at once, and {@link #build()} names every missing setting and bad
   * combination in one message. Not thread-safe.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private Duration initialDelay;
    private Duration maxDelay;
    private Jitter jitter = Jitter.EQUAL;
    private int maxAttempts;
    private Duration maxDuration;

    private Builder() {}

    /** The ceiling of the first retry; positive. */
    public Builder initialDelay(Duration initialDelay) {
      Checks.collecting().positive("initialDelay", initialDelay).inNanos("initialDelay", initialDelay)
          .throwIfBadValues();
      Checks.once(set, "initialDelay", this.initialDelay);
      this.initialDelay = initialDelay;
      return this;
    }

    /** The largest ceiling; positive, at least {@code initialDelay}, and at most 292 years. */
    public Builder maxDelay(Duration maxDelay) {
      Checks.collecting().positive("maxDelay", maxDelay).inNanos("maxDelay", maxDelay).throwIfBadValues();
      Checks.once(set, "maxDelay", this.maxDelay);
      this.maxDelay = maxDelay;
      return this;
    }

    /** Default {@link Jitter#EQUAL}. */
    public Builder jitter(Jitter jitter) {
      Objects.requireNonNull(jitter, "jitter");
      Checks.once(set, "jitter", this.jitter);
      this.jitter = jitter;
      return this;
    }

    /** Attempts in all, the first one included (1: no retry). Default: not limited. */
    public Builder maxAttempts(int maxAttempts) {
      Checks.requireAtLeast("maxAttempts", maxAttempts, 1);
      Checks.once(set, "maxAttempts", this.maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * How long retries go on, counted from the first failure ({@link Duration#ZERO}: no retry); the last delay is
     * cut to end at this deadline. Default: not limited.
     */
    public Builder maxDuration(Duration maxDuration) {
      Checks.collecting().notNegative("maxDuration", maxDuration).inNanos("maxDuration", maxDuration)
          .throwIfBadValues();
      Checks.once(set, "maxDuration", this.maxDuration);
      this.maxDuration = maxDuration;
      return this;
    }

    /** @throws IllegalStateException naming every missing setting and bad combination */
    public RetryPolicy build() {
      Checks problems = Checks.collecting();
      List<String> missing = new ArrayList<>();
      if (initialDelay == null) missing.add("initialDelay");
      if (maxDelay == null) missing.add("maxDelay");
      if (!missing.isEmpty()) problems.problem("RetryPolicy.Builder is missing: " + String.join(", ", missing));
      if (initialDelay != null && maxDelay != null && maxDelay.compareTo(initialDelay) < 0) {
        problems.problem("maxDelay was '" + maxDelay + "' but it must be >= initialDelay (" + initialDelay + ")");
      }
      problems.throwIfBadCombinations();
      return new RetryPolicy(this);
    }
  }
}
