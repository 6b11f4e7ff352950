package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.RetryPolicy.Jitter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link RetryPolicy.Builder}: each value checked at once, each setting once, all problems of build() in one message. */
class RetryPolicyBuilderTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void buildsWhatWasSet() {
    RetryPolicy policy = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(5))
        .jitter(Jitter.FULL).maxAttempts(4).maxDuration(Duration.ofMinutes(1)).build();

    assertThat(policy.initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.jitter()).isEqualTo(Jitter.FULL);
    assertThat(policy.maxAttempts()).hasValue(4);
    assertThat(policy.maxDuration()).contains(Duration.ofMinutes(1));
  }

  @Test
  void initialDelayMustBePositive() {
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("initialDelay was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(SECOND.negated()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("initialDelay was 'PT-1S' but it must be positive");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(null))
        .isInstanceOf(NullPointerException.class).hasMessage("initialDelay");
  }

  @Test
  void maxDelayMustBePositiveAndFitInNanoseconds() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDelay was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxDelay was 'PT2628000H' but it must be at most PT2562047H");
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts was '0' but it must be at least 1");
    assertThatThrownBy(() -> RetryPolicy.builder().maxDuration(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDuration was 'PT-0.001S' but it must not be negative");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(null))
        .isInstanceOf(NullPointerException.class).hasMessage("jitter");
  }

  @Test
  void eachSettingOnce() {
    RetryPolicy.Builder builder = RetryPolicy.builder().initialDelay(SECOND).maxDelay(SECOND).jitter(Jitter.NONE)
        .maxAttempts(2).maxDuration(SECOND);

    assertThatThrownBy(() -> builder.initialDelay(SECOND))
        .isInstanceOf(IllegalStateException.class).hasMessage("initialDelay was already set to PT1S");
    assertThatThrownBy(() -> builder.maxDelay(SECOND)).hasMessage("maxDelay was already set to PT1S");
    assertThatThrownBy(() -> builder.jitter(Jitter.FULL)).hasMessage("jitter was already set to NONE");
    assertThatThrownBy(() -> builder.maxAttempts(3)).hasMessage("maxAttempts was already set to 2");
    assertThatThrownBy(() -> builder.maxDuration(SECOND)).hasMessage("maxDuration was already set to PT1S");
  }

  @Test
  void aRefusedValueDoesNotCountAsSet() {
    RetryPolicy.Builder builder = RetryPolicy.builder();
    assertThatThrownBy(() -> builder.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);

    assertThat(builder.maxAttempts(2).initialDelay(SECOND).maxDelay(SECOND).build().maxAttempts()).hasValue(2);
  }

  @Test
  void buildNamesEveryProblemInOneMessage() {
    assertThatThrownBy(() -> RetryPolicy.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("RetryPolicy.Builder is missing: initialDelay, maxDelay");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(5)).maxDelay(SECOND).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxDelay was 'PT1S' but it must be >= initialDelay (PT5S)");
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(SECOND).maxAttempts(2).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("RetryPolicy.Builder is missing: initialDelay");
  }
}
