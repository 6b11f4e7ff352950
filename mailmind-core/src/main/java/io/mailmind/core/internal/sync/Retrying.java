package io.mailmind.core.internal.sync;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.internal.retry.Retrier;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs a piece of IMAP work again when it fails with a transient connection error, by the engine's retry policy
 * ({@link io.mailmind.core.internal.retry.RetryPolicies#imapWork}), never once the engine is closing.
 * Authentication and configuration failures are not retried. Thread-safe.
 */
public final class Retrying {
  private final Retrier retrier;
  private final BooleanSupplier closing;

  public Retrying(Retrier retrier, BooleanSupplier closing) {
    this.retrier = retrier;
    this.closing = closing;
  }

  /** Runs {@code work} for the account, retrying as described above; {@code what} names it in the log. */
  public <T> T run(String accountId, String what, Supplier<T> work) {
    return retrier.run(accountId, what, work,
        e -> e instanceof MailConnectionException failure && failure.isTransient(), closing);
  }
}
