package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.internal.idle.Backoff.Jitter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final double ALMOST_ONE = Math.nextDown(1.0);

  @Test
  void doublesFromInitialUntilTheCap() {
    Backoff backoff = new Backoff(SECOND, FIVE_MINUTES, Jitter.NONE);
    assertThat(backoff.delay(0, 0.5)).isEqualTo(SECOND);
    assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delay(8, 0.5)).isEqualTo(Duration.ofSeconds(256));
    assertThat(backoff.delay(9, 0.5)).isEqualTo(FIVE_MINUTES);
    assertThat(backoff.delay(10, 0.5)).isEqualTo(FIVE_MINUTES);
  }

  @ParameterizedTest
  @ValueSource(ints = {62, 63, 64, 100, 1000, Integer.MAX_VALUE})
  void neverOverflowsForLargeAttempts(int attempt) {
    assertThat(new Backoff(SECOND, FIVE_MINUTES, Jitter.NONE).delay(attempt, 0)).isEqualTo(FIVE_MINUTES);
    assertThat(new Backoff(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE)).ceiling(attempt))
        .isEqualTo(attempt >= 63 ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(1L << attempt));
  }

  @Test
  void reachesTheLargestMaximumExactly() {
    Backoff backoff = new Backoff(Duration.ofNanos(3), Duration.ofNanos(Long.MAX_VALUE), Jitter.NONE);
    assertThat(backoff.ceiling(61)).isEqualTo(Duration.ofNanos(3L << 61));
    assertThat(backoff.ceiling(62)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    Backoff backoff = new Backoff(SECOND, FIVE_MINUTES, Jitter.FULL);
    assertThat(backoff.delay(0, 0)).isEqualTo(Duration.ZERO);
    assertThat(backoff.delay(0, 0.25)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delay(3, ALMOST_ONE)).isLessThan(Duration.ofSeconds(8))
        .isGreaterThan(Duration.ofMillis(7999));
    assertThat(backoff.delay(100, ALMOST_ONE)).isLessThanOrEqualTo(FIVE_MINUTES);
  }

  @Test
  void equalJitterIsTheDefaultAndSpansHalfTheCeilingToTheCeiling() {
    Backoff backoff = new Backoff(SECOND, FIVE_MINUTES);
    assertThat(backoff.delay(0, 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(0, 0.5)).isEqualTo(Duration.ofMillis(750));
    assertThat(backoff.delay(0, ALMOST_ONE)).isLessThan(SECOND).isGreaterThan(Duration.ofMillis(999));
    assertThat(backoff.delay(100, 0)).isEqualTo(Duration.ofSeconds(150));
    assertThat(backoff.delay(100, ALMOST_ONE)).isLessThanOrEqualTo(FIVE_MINUTES);
  }

  @Test
  void equalJitterOfAnOddCeilingKeepsItsLowerHalfRoundedUp() {
    Backoff backoff = new Backoff(Duration.ofNanos(3), Duration.ofNanos(3));
    assertThat(backoff.delay(0, 0)).isEqualTo(Duration.ofNanos(2));
    assertThat(backoff.delay(0, ALMOST_ONE)).isEqualTo(Duration.ofNanos(2));
  }

  @Test
  void staysWithinTheCeilingForHugeDurationsWhereDoublesRound() {
    Duration max = Duration.ofNanos(Long.MAX_VALUE);
    for (Jitter jitter : Jitter.values()) {
      assertThat(new Backoff(max, max, jitter).delay(5, ALMOST_ONE)).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void initialEqualToMaxIsConstant() {
    Backoff backoff = new Backoff(SECOND, SECOND, Jitter.NONE);
    assertThat(backoff.delay(0, 0)).isEqualTo(SECOND);
    assertThat(backoff.delay(50, 0)).isEqualTo(SECOND);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsRandomOutsideZeroToOne(double random) {
    assertThatThrownBy(() -> new Backoff(SECOND, FIVE_MINUTES).delay(1, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("random was '" + random + "'");
  }

  @Test
  void rejectsNegativeAttempt() {
    assertThatThrownBy(() -> new Backoff(SECOND, FIVE_MINUTES).delay(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt was '-1' but it must be >= 0");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, FIVE_MINUTES))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("initial was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> new Backoff(SECOND.negated(), FIVE_MINUTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(FIVE_MINUTES, SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max was 'PT1S' but it must be >= initial (PT5M)");
    assertThatThrownBy(() -> new Backoff(SECOND, Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("max was 'PT2628000H'");
    assertThatThrownBy(() -> new Backoff(null, SECOND)).hasMessage("initial");
    assertThatThrownBy(() -> new Backoff(SECOND, null)).hasMessage("max");
    assertThatThrownBy(() -> new Backoff(SECOND, SECOND, null)).hasMessage("jitter");
  }
}
