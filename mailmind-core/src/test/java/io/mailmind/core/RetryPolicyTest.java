package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.RetryPolicy.Jitter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure delay function of {@link RetryPolicy} and its limits; no test waits. */
class RetryPolicyTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);
  private static final double ALMOST_ONE = Math.nextDown(1.0);

  private static RetryPolicy policy(Duration initial, Duration max, Jitter jitter) {
    return RetryPolicy.builder().initialDelay(initial).maxDelay(max).jitter(jitter).build();
  }

  private static RetryPolicy policy(Duration initial, Duration max) {
    return RetryPolicy.builder().initialDelay(initial).maxDelay(max).build();
  }

  @Test
  void doublesFromInitialUntilTheCap() {
    RetryPolicy policy = policy(SECOND, FIVE_MINUTES, Jitter.NONE);
    assertThat(policy.delay(0, 0.5)).isEqualTo(SECOND);
    assertThat(policy.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delay(8, 0.5)).isEqualTo(Duration.ofSeconds(256));
    assertThat(policy.delay(9, 0.5)).isEqualTo(FIVE_MINUTES);
    assertThat(policy.delay(10, 0.5)).isEqualTo(FIVE_MINUTES);
  }

  @ParameterizedTest
  @ValueSource(ints = {62, 63, 64, 100, 1000, Integer.MAX_VALUE})
  void neverOverflowsForLargeRetryNumbers(int retry) {
    assertThat(policy(SECOND, FIVE_MINUTES, Jitter.NONE).delay(retry, 0)).isEqualTo(FIVE_MINUTES);
    assertThat(policy(Duration.ofNanos(1), LONGEST).ceiling(retry))
        .isEqualTo(retry >= 63 ? LONGEST : Duration.ofNanos(1L << retry));
  }

  @Test
  void reachesTheLargestMaximumExactly() {
    RetryPolicy policy = policy(Duration.ofNanos(3), LONGEST, Jitter.NONE);
    assertThat(policy.ceiling(61)).isEqualTo(Duration.ofNanos(3L << 61));
    assertThat(policy.ceiling(62)).isEqualTo(LONGEST);
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    RetryPolicy policy = policy(SECOND, FIVE_MINUTES, Jitter.FULL);
    assertThat(policy.delay(0, 0)).isEqualTo(Duration.ZERO);
    assertThat(policy.delay(0, 0.25)).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delay(3, ALMOST_ONE)).isLessThan(Duration.ofSeconds(8)).isGreaterThan(Duration.ofMillis(7999));
    assertThat(policy.delay(100, ALMOST_ONE)).isLessThanOrEqualTo(FIVE_MINUTES);
  }

  @Test
  void equalJitterIsTheDefaultAndSpansHalfTheCeilingToTheCeiling() {
    RetryPolicy policy = policy(SECOND, FIVE_MINUTES);
    assertThat(policy.jitter()).isEqualTo(Jitter.EQUAL);
    assertThat(policy.delay(0, 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delay(0, 0.5)).isEqualTo(Duration.ofMillis(750));
    assertThat(policy.delay(0, ALMOST_ONE)).isLessThan(SECOND).isGreaterThan(Duration.ofMillis(999));
    assertThat(policy.delay(100, 0)).isEqualTo(Duration.ofSeconds(150));
    assertThat(policy.delay(100, ALMOST_ONE)).isLessThanOrEqualTo(FIVE_MINUTES);
  }

  @ParameterizedTest
  @EnumSource(Jitter.class)
  void everyDelayStaysWithinItsJitterRange(Jitter jitter) {
    RetryPolicy policy = policy(Duration.ofMillis(7), Duration.ofSeconds(3), jitter);
    for (int retry = 0; retry < 70; retry++) {
      Duration ceiling = policy.ceiling(retry);
      Duration lowest = switch (jitter) {
        case NONE -> ceiling;
        case EQUAL -> ceiling.dividedBy(2);
        case FULL -> Duration.ZERO;
      };
      for (double random : new double[] {0, 0.1, 0.5, 0.9, ALMOST_ONE}) {
        assertThat(policy.delay(retry, random)).as("retry %d, random %s", retry, random)
            .isBetween(lowest, ceiling);
      }
      assertThat(ceiling).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void equalJitterOfAnOddCeilingKeepsItsLowerHalfRoundedUp() {
    RetryPolicy policy = policy(Duration.ofNanos(3), Duration.ofNanos(3));
    assertThat(policy.delay(0, 0)).isEqualTo(Duration.ofNanos(2));
    assertThat(policy.delay(0, ALMOST_ONE)).isEqualTo(Duration.ofNanos(2));
  }

  @Test
  void staysWithinTheCeilingForHugeDurationsWhereDoublesRound() {
    for (Jitter jitter : Jitter.values()) {
      assertThat(policy(LONGEST, LONGEST, jitter).delay(5, ALMOST_ONE)).isLessThanOrEqualTo(LONGEST);
    }
  }

  @Test
  void initialEqualToMaxIsConstant() {
    RetryPolicy policy = policy(SECOND, SECOND, Jitter.NONE);
    assertThat(policy.delay(0, 0)).isEqualTo(SECOND);
    assertThat(policy.delay(50, 0)).isEqualTo(SECOND);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsRandomOutsideZeroToOne(double random) {
    assertThatThrownBy(() -> policy(SECOND, FIVE_MINUTES).delay(1, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("random was '" + random + "'");
  }

  @Test
  void rejectsNegativeRetry() {
    assertThatThrownBy(() -> policy(SECOND, FIVE_MINUTES).delay(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry was '-1' but it must be >= 0");
  }

  @Test
  void withoutLimitsRetriesForEver() {
    RetryPolicy policy = policy(SECOND, FIVE_MINUTES, Jitter.NONE);
    assertThat(policy.maxAttempts()).isEmpty();
    assertThat(policy.maxDuration()).isEmpty();
    assertThat(policy.nextDelay(1, Duration.ZERO, 0)).contains(SECOND);
    assertThat(policy.nextDelay(Integer.MAX_VALUE, Duration.ofDays(365 * 100), 0)).contains(FIVE_MINUTES);
  }

  @Test
  void maxAttemptsCountsTheFirstAttempt() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(SECOND).maxDelay(FIVE_MINUTES).jitter(Jitter.NONE)
        .maxAttempts(3).build();
    assertThat(policy.nextDelay(1, Duration.ZERO, 0)).contains(SECOND);
    assertThat(policy.nextDelay(2, Duration.ZERO, 0)).contains(Duration.ofSeconds(2));
    assertThat(policy.nextDelay(3, Duration.ZERO, 0)).isEmpty();
    assertThat(RetryPolicy.builder().initialDelay(SECOND).maxDelay(SECOND).maxAttempts(1).build()
        .nextDelay(1, Duration.ZERO, 0)).isEmpty();
  }

  @Test
  void maxDurationCutsTheLastDelayToTheDeadline() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(SECOND).maxDelay(FIVE_MINUTES).jitter(Jitter.NONE)
        .maxDuration(Duration.ofSeconds(10)).build();
    assertThat(policy.nextDelay(1, Duration.ZERO, 0)).contains(SECOND);
    assertThat(policy.nextDelay(4, Duration.ofSeconds(7), 0)).contains(Duration.ofSeconds(3));
    assertThat(policy.nextDelay(4, Duration.ofSeconds(10), 0)).isEmpty();
    assertThat(policy.nextDelay(4, Duration.ofSeconds(11), 0)).isEmpty();
  }

  @Test
  void zeroMaxDurationNeverRetries() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(SECOND).maxDelay(SECOND).maxDuration(Duration.ZERO).build();
    assertThat(policy.nextDelay(1, Duration.ZERO, 0.5)).isEqualTo(Optional.empty());
  }

  @Test
  void whicheverLimitComesFirstEndsTheRetries() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(SECOND).maxDelay(SECOND).maxAttempts(5)
        .maxDuration(Duration.ofMinutes(1)).build();
    assertThat(policy.nextDelay(5, Duration.ofSeconds(4), 0)).isEmpty();
    assertThat(policy.nextDelay(2, Duration.ofMinutes(1), 0)).isEmpty();
    assertThat(policy.nextDelay(2, Duration.ofSeconds(4), 0)).isPresent();
  }

  @Test
  void nextDelayRejectsImpossibleArguments() {
    RetryPolicy policy = policy(SECOND, SECOND);
    assertThatThrownBy(() -> policy.nextDelay(0, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("failedAttempts was '0' but it must be at least 1");
    assertThatThrownBy(() -> policy.nextDelay(1, Duration.ofSeconds(-1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sinceFirstFailure was 'PT-1S' but it must not be negative");
  }

  @Test
  void equalPoliciesAreEqualAndSayWhatTheyAre() {
    RetryPolicy one = RetryPolicy.builder().initialDelay(SECOND).maxDelay(FIVE_MINUTES).maxAttempts(3).build();
    RetryPolicy two = RetryPolicy.builder().maxAttempts(3).maxDelay(FIVE_MINUTES).initialDelay(SECOND).build();
    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotEqualTo(policy(SECOND, FIVE_MINUTES));
    assertThat(one).hasToString(
        "RetryPolicy[initialDelay=PT1S, maxDelay=PT5M, jitter=EQUAL, maxAttempts=3, maxDuration=unlimited]");
  }
}
