package io.mailmind.examples.cli;

import io.mailmind.core.MailmindException;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.spi.EventListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Waits for the first {@code new_mail} event of one folder; remembers the last error meanwhile. Thread-safe. */
final class NewMailWaiter implements EventListener {
  private final String imapFolder;
  private final CompletableFuture<MessagesEvent> newMail = new CompletableFuture<>();
  private final AtomicReference<MailmindException> lastError = new AtomicReference<>();

  NewMailWaiter(String imapFolder) {
    this.imapFolder = imapFolder;
  }

  @Override
  public void onNewMail(MessagesEvent event) {
    if (event.imapFolder().equals(imapFolder)) newMail.complete(event);
  }

  @Override
  public void onError(String accountId, MailmindException error) {
    lastError.set(error);
  }

  @Override
  public void onConnectionLost(String accountId, MailmindException cause) {
    lastError.set(cause);
  }

  /** The event, or a {@link CommandFailedException} that says what did not happen. */
  MessagesEvent await(Duration timeout) throws InterruptedException {
    try {
      return newMail.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      MailmindException error = lastError.get();
      throw new CommandFailedException("no new_mail event for " + imapFolder + " within " + timeout.toSeconds()
          + " s of delivering a message" + (error == null ? "" : "; last error: " + Failures.describe(error)));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
