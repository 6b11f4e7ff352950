package io.mailmind.core.internal.idle;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.RetryPolicy;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.retry.RetryPolicies;
import java.time.Duration;
import java.util.Objects;

/**
 * The supervisor's timings. Production values come from {@link IdleOptions} and {@link SyncOptions}; tests shorten
 * them with the {@code with...} methods. Immutable.
 *
 * @param reissueInterval a quiet IDLE is ended with DONE and issued again this often; this is also how often a
 *                        silent connection is noticed (the server must complete IDLE after DONE)
 * @param answerTimeout   how long the server may take to complete IDLE after DONE
 * @param pollInterval    NOOP period for servers without IDLE
 * @param accountRefresh  how often the account source is read again
 * @param backoff         reconnect delays after transient failures (its limits are not used: reconnects go on)
 * @param errorRetryDelay how long an account waits after an authentication failure before trying again (unless its
 *                        record changes first)
 */
record IdleSettings(Duration reissueInterval, Duration answerTimeout, Duration pollInterval, Duration accountRefresh,
    RetryPolicy backoff, Duration errorRetryDelay) {

  /** The default wait after a wrong password: long, so that a locked-out account is not hammered. */
  static final Duration DEFAULT_ERROR_RETRY_DELAY = Duration.ofHours(1);

  IdleSettings {
    positive("reissueInterval", reissueInterval);
    positive("answerTimeout", answerTimeout);
    positive("pollInterval", pollInterval);
    positive("accountRefresh", accountRefresh);
    Objects.requireNonNull(backoff, "backoff");
    positive("errorRetryDelay", errorRetryDelay);
  }

  static IdleSettings of(IdleOptions idle, SyncOptions sync) {
    positive("IdleOptions.backoffInitial", idle.backoffInitial());
    Duration errorRetry = idle.backoffMax().compareTo(DEFAULT_ERROR_RETRY_DELAY) > 0
        ? idle.backoffMax() : DEFAULT_ERROR_RETRY_DELAY;
    return new IdleSettings(checked("IdleOptions.reissueInterval", idle.reissueInterval()), sync.readTimeout(),
        checked("IdleOptions.pollInterval", idle.pollInterval()),
        checked("IdleOptions.accountRefresh", idle.accountRefresh()),
        RetryPolicies.idleReconnect(idle), errorRetry);
  }

  IdleSettings withReissueInterval(Duration value) {
    return new IdleSettings(value, answerTimeout, pollInterval, accountRefresh, backoff, errorRetryDelay);
  }

  IdleSettings withAnswerTimeout(Duration value) {
    return new IdleSettings(reissueInterval, value, pollInterval, accountRefresh, backoff, errorRetryDelay);
  }

  private static Duration checked(String name, Duration value) {
    positive(name, value);
    return value;
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " was '" + value + "' but it must be positive");
    }
  }
}
