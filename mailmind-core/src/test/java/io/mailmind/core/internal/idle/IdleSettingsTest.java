package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.SyncOptions;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdleSettingsTest {

  @Test
  @DisplayName("production timings come from IdleOptions, and the answer timeout after DONE is the read timeout")
  void fromOptions() {
    SyncOptions sync = SyncOptions.builder().readTimeout(Duration.ofSeconds(45)).build();

    IdleSettings settings = IdleSettings.of(IdleOptions.defaults(), sync);

    assertThat(settings.reissueInterval()).isEqualTo(Duration.ofMinutes(29));
    assertThat(settings.answerTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.accountRefresh()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.backoff().ceiling(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backoff().ceiling(100)).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.errorRetryDelay()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  @DisplayName("after a wrong password the wait is never shorter than the longest reconnect delay")
  void errorRetryAtLeastBackoffMax() {
    IdleOptions d = IdleOptions.defaults();
    IdleOptions slow = new IdleOptions(true, d.reissueInterval(), d.pollInterval(), d.backoffInitial(),
        Duration.ofHours(3), d.accountRefresh());

    assertThat(IdleSettings.of(slow, SyncOptions.defaults()).errorRetryDelay()).isEqualTo(Duration.ofHours(3));
  }

  @Test
  @DisplayName("a zero or negative interval is refused with its name and value")
  void rejectsNonPositive() {
    IdleOptions d = IdleOptions.defaults();
    IdleOptions zeroReissue = new IdleOptions(true, Duration.ZERO, d.pollInterval(), d.backoffInitial(),
        d.backoffMax(), d.accountRefresh());
    IdleOptions negativePoll = new IdleOptions(true, d.reissueInterval(), Duration.ofSeconds(-1),
        d.backoffInitial(), d.backoffMax(), d.accountRefresh());

    assertThatThrownBy(() -> IdleSettings.of(zeroReissue, SyncOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IdleOptions.reissueInterval was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> IdleSettings.of(negativePoll, SyncOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IdleOptions.pollInterval was 'PT-1S'");
  }
}
