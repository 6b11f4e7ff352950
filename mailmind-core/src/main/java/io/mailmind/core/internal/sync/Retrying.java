package io.mailmind.core.internal.sync;

import io.mailmind.core.MailConnectionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of IMAP work again when it fails with a transient connection error: up to
 * {@link io.mailmind.core.SyncOptions#maxAttempts()} attempts, with a short exponential pause, never once the engine
 * is closing. Authentication and configuration failures are not retried. Thread-safe.
 */
public final class Retrying {
  private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

  private final int maxAttempts;
  private final BooleanSupplier closing;

  public Retrying(int maxAttempts, BooleanSupplier closing) {
    this.maxAttempts = maxAttempts;
    this.closing = closing;
  }

  /** Runs {@code work} for the account, retrying as described above; {@code what} names it in the log. */
  public <T> T run(String accountId, String what, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (MailConnectionException e) {
        if (!e.isTransient() || attempt >= maxAttempts || closing.getAsBoolean()) throw e;
        long delayMillis = Math.min(5_000, 200L << (attempt - 1));
        LOG.debug("{} - {} failed (attempt {} of {}): {}; retrying in {} ms", accountId, what, attempt,
            maxAttempts, e.getMessage(), delayMillis);
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** {@link #run(String, String, Supplier)} for work without a result. */
  public void run(String accountId, String what, Runnable work) {
    run(accountId, what, () -> {
      work.run();
      return null;
    });
  }
}
