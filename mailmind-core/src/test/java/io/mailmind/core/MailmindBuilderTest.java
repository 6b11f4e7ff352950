package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailmindBuilderTest {
  @Test
  void shutdownTimeout_negative() {
    assertThatThrownBy(() -> Mailmind.builder().shutdownTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shutdownTimeout was 'PT-1S' but it must not be negative");
  }

  @Test
  void shutdownTimeout_null() {
    assertThatThrownBy(() -> Mailmind.builder().shutdownTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("shutdownTimeout");
  }

  @Test
  void shutdownTimeout_setTwice() {
    assertThatThrownBy(() -> Mailmind.builder().shutdownTimeout(Duration.ZERO).shutdownTimeout(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shutdownTimeout was already set");
  }
}
