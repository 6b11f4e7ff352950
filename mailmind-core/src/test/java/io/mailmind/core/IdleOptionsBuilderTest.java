package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link IdleOptions.Builder} behaves like {@link Mailmind.Builder}: values checked at once, each setting once. */
class IdleOptionsBuilderTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    IdleOptions d = IdleOptions.defaults();

    assertThat(d).isEqualTo(new IdleOptions(true, Duration.ofMinutes(29), Duration.ofSeconds(60),
        Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(30)));
    assertThat(IdleOptions.builder().build()).isEqualTo(d);
    assertThat(IdleOptions.disabled().enabled()).isFalse();
    assertThat(IdleOptions.disabled().reissueInterval()).isEqualTo(d.reissueInterval());
  }

  @Test
  void buildsWhatWasSet() {
    IdleOptions o = IdleOptions.builder().enabled(false).reissueInterval(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(15)).backoffInitial(Duration.ofMillis(500)).backoffMax(Duration.ofMinutes(1))
        .accountRefresh(Duration.ofMinutes(2)).build();

    assertThat(o).isEqualTo(new IdleOptions(false, Duration.ofMinutes(10), Duration.ofSeconds(15),
        Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(2)));
  }

  @Test
  void aSetterRefusesABadValueAtOnceNamingPropertyValueAndRule() {
    assertThatThrownBy(() -> IdleOptions.builder().reissueInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("reissueInterval was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> IdleOptions.builder().pollInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("pollInterval was 'PT-1S' but it must be positive");
    assertThatThrownBy(() -> IdleOptions.builder().backoffInitial(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoffInitial was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> IdleOptions.builder().backoffMax(Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("backoffMax was 'PT2628000H' but it must be at most PT2562047H");
    assertThatThrownBy(() -> IdleOptions.builder().accountRefresh(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("accountRefresh was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> IdleOptions.builder().accountRefresh(null))
        .isInstanceOf(NullPointerException.class).hasMessage("accountRefresh");
  }

  @Test
  void eachSettingOnce() {
    IdleOptions.Builder builder = IdleOptions.builder().enabled(false).backoffMax(Duration.ofMinutes(1));

    assertThatThrownBy(() -> builder.enabled(true))
        .isInstanceOf(IllegalStateException.class).hasMessage("enabled was already set to false");
    assertThatThrownBy(() -> builder.backoffMax(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalStateException.class).hasMessage("backoffMax was already set to PT1M");
  }

  @Test
  void buildRefusesAMaximumBelowTheInitialDelay() {
    assertThatThrownBy(() -> IdleOptions.builder().backoffInitial(Duration.ofMinutes(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("backoffMax was 'PT5M' but it must be >= backoffInitial (PT10M)");
  }

  @Test
  void connectionSetUpLimits() {
    IdleOptions d = IdleOptions.defaults();
    assertThat(d.maxConnectingAtOnce()).isEqualTo(16);
    assertThat(d.maxConnectingPerHost()).isEqualTo(8);

    IdleOptions o = IdleOptions.builder().maxConnectingAtOnce(8).maxConnectingPerHost(8).build();
    assertThat(o).isEqualTo(new IdleOptions(true, d.reissueInterval(), d.pollInterval(), d.backoffInitial(),
        d.backoffMax(), d.accountRefresh(), 8, 8));

    assertThatThrownBy(() -> IdleOptions.builder().maxConnectingAtOnce(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnectingAtOnce was '0' but it must be at least 1");
    assertThatThrownBy(() -> IdleOptions.builder().maxConnectingPerHost(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnectingPerHost was '-1' but it must be at least 1");
    IdleOptions.Builder builder = IdleOptions.builder().maxConnectingAtOnce(2).maxConnectingPerHost(3);
    assertThatThrownBy(() -> builder.maxConnectingAtOnce(4))
        .isInstanceOf(IllegalStateException.class).hasMessage("maxConnectingAtOnce was already set to 2");
    assertThatThrownBy(() -> builder.maxConnectingPerHost(1))
        .isInstanceOf(IllegalStateException.class).hasMessage("maxConnectingPerHost was already set to 3");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxConnectingPerHost was '3' but it must be at most maxConnectingAtOnce (2)");
    // A total set below the per-host default (8) lowers the per-host limit with it, when that is not set.
    assertThat(IdleOptions.builder().maxConnectingAtOnce(3).build().maxConnectingPerHost()).isEqualTo(3);
    assertThatThrownBy(() -> IdleOptions.builder().maxConnectingAtOnce(3).maxConnectingPerHost(4)
        .backoffInitial(Duration.ofMinutes(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("backoffMax was 'PT5M' but it must be >= backoffInitial (PT10M); "
            + "maxConnectingPerHost was '4' but it must be at most maxConnectingAtOnce (3)");
  }

  @Test
  void theConstructorNamesEveryBadValueInOneMessage() {
    assertThatThrownBy(() -> new IdleOptions(true, Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofSeconds(-30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reissueInterval was 'PT0S' but it must be positive; accountRefresh was 'PT-30S' but it must be"
            + " positive");
  }
}
