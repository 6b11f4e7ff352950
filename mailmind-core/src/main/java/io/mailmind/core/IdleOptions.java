package io.mailmind.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How accounts are followed in real time. Immutable and thread-safe.
 *
 * @param enabled         keep one IDLE (or polling) connection per active account while started
 * @param reissueInterval IDLE is ended and re-issued at least this often (RFC 2177: under 30 minutes)
 * @param pollInterval    servers without IDLE are polled this often
 * @param backoffInitial  first reconnect delay
 * @param backoffMax      longest reconnect delay
 * @param accountRefresh  how often the supervisor re-reads the account source
 */
public record IdleOptions(
    boolean enabled, Duration reissueInterval, Duration pollInterval, Duration backoffInitial, Duration backoffMax,
    Duration accountRefresh) {

  public IdleOptions {
    Objects.requireNonNull(reissueInterval, "reissueInterval");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(accountRefresh, "accountRefresh");
    positive("reissueInterval", reissueInterval);
    positive("pollInterval", pollInterval);
    positive("backoffInitial", backoffInitial);
    positive("accountRefresh", accountRefresh);
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalStateException("backoffMax was '" + backoffMax + "' but it must be >= backoffInitial ("
          + backoffInitial + ")");
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " was '" + value + "' but it must be positive");
    }
  }

  public static IdleOptions defaults() {
    return new IdleOptions(true, Duration.ofMinutes(29), Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  public static IdleOptions disabled() {
    IdleOptions d = defaults();
    return new IdleOptions(false, d.reissueInterval, d.pollInterval, d.backoffInitial, d.backoffMax, d.accountRefresh);
  }
}
