package io.mailmind.examples.cli;

import io.mailmind.core.MailmindException;
import io.mailmind.core.spi.EventListener;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the first failure of a folder, batch or account reported during a sync. A message that could not
 * be parsed is not a failure: it is stored with {@code content_state: error}. Thread-safe.
 */
final class FailureTracker implements EventListener {
  private final AtomicReference<MailmindException> first = new AtomicReference<>();

  @Override
  public void onError(String accountId, MailmindException error) {
    first.compareAndSet(null, error);
  }

  /** The first failure, or null. */
  MailmindException firstFailure() {
    return first.get();
  }
}
