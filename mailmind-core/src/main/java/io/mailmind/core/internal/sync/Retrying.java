package io.mailmind.core.internal.sync;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.internal.retry.Retrier;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs a piece of IMAP work again when it fails with a transient connection error, by the engine's retry policy
 * ({@link io.mailmind.core.internal.retry.RetryPolicies#imapWork}), never once the engine is closing or the account
 * is no longer owned by this node. Authentication and configuration failures are not retried. Thread-safe.
 */
public final class Retrying {
  private final Retrier retrier;
  private final BooleanSupplier closing;
  private final OwnedAccounts owned;

  public Retrying(Retrier retrier, BooleanSupplier closing, OwnedAccounts owned) {
    this.retrier = retrier;
    this.closing = closing;
    this.owned = owned;
  }

  /** Runs {@code work} for the account, retrying as described above; {@code what} names it in the log. */
  public <T> T run(String accountId, String what, Supplier<T> work) {
    return retrier.run(accountId, what, work,
        e -> e instanceof MailConnectionException failure && failure.isTransient(),
        () -> closing.getAsBoolean() || !owned.owns(accountId));
  }
}
