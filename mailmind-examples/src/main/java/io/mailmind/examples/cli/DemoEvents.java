package io.mailmind.examples.cli;

import io.mailmind.core.MailmindException;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the demo waits for: the end of the first sync, then a {@code new_mail} event in one folder. Remembers
 * the last error meanwhile, to say why a wait timed out. Thread-safe.
 */
final class DemoEvents implements EventListener {
  private final String imapFolder;
  private final CompletableFuture<SyncReport> firstSync = new CompletableFuture<>();
  private final CompletableFuture<MessagesEvent> newMail = new CompletableFuture<>();
  private final AtomicReference<MailmindException> lastError = new AtomicReference<>();

  DemoEvents(String imapFolder) {
    this.imapFolder = imapFolder;
  }

  @Override
  public void onSyncFinished(SyncReport report) {
    firstSync.complete(report);
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

  /** The report of the first sync, or a {@link CommandFailedException} saying it did not end in time. */
  SyncReport awaitFirstSync(Duration timeout) throws InterruptedException {
    return await(firstSync, timeout, "the first sync did not finish within " + timeout.toSeconds() + " s");
  }

  /** The new-mail event, or a {@link CommandFailedException} saying it did not come. */
  MessagesEvent awaitNewMail(Duration timeout) throws InterruptedException {
    return await(newMail, timeout, "no new_mail event for " + imapFolder + " within " + timeout.toSeconds()
        + " s of delivering a message");
  }

  private <T> T await(CompletableFuture<T> future, Duration timeout, String failure) throws InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      MailmindException error = lastError.get();
      throw new CommandFailedException(failure + (error == null ? "" : "; last error: " + Failures.describe(error)));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
