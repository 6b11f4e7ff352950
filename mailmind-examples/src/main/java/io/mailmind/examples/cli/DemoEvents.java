package io.mailmind.examples.cli;

import io.mailmind.core.MailmindException;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.spi.EventListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the demo waits for: the {@code new_mail} event of one message. Remembers the last error meanwhile, to
 * say why a wait timed out. Thread-safe.
 */
final class DemoEvents implements EventListener {
  private final String imapFolder;
  private final List<MessagesEvent> newMail = new CopyOnWriteArrayList<>();
  private final AtomicReference<MailmindException> lastError = new AtomicReference<>();

  DemoEvents(String imapFolder) {
    this.imapFolder = imapFolder;
  }

  @Override
  public void onNewMail(MessagesEvent event) {
    if (event.imapFolder().equals(imapFolder)) {
      newMail.add(event);
      synchronized (this) {
        notifyAll();
      }
    }
  }

  @Override
  public void onError(String accountId, MailmindException error) {
    lastError.set(error);
  }

  @Override
  public void onConnectionLost(String accountId, MailmindException cause) {
    lastError.set(cause);
  }

  /** The new-mail event that names {@code uid}, or a {@link CommandFailedException} saying it did not come. */
  synchronized MessagesEvent awaitNewMail(long uid, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (MessagesEvent event : newMail) {
        if (event.uids().contains(uid)) return event;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    MailmindException error = lastError.get();
    throw new CommandFailedException("no new_mail event for UID " + uid + " in " + imapFolder + " within "
        + timeout.toSeconds() + " s of delivering it" + (error == null ? "" : "; last error: " + Failures.describe(error)));
  }
}
