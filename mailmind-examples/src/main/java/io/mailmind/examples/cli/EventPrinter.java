package io.mailmind.examples.cli;

import io.mailmind.core.MailmindException;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Prints one JSON line per event on stdout and flushes it at once: {@code new_mail}, {@code sync_started},
 * {@code sync_finished}, {@code flags_changed}, {@code messages_deleted}, {@code connection_lost},
 * {@code connection_restored}, {@code error}. Thread-safe: each line is written whole.
 */
final class EventPrinter implements EventListener {
  private final PrintStream out;
  private final Clock clock;

  EventPrinter(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void onSyncStarted(String accountId) {
    print(event("sync_started", accountId).instantMillis("at", clock.instant()));
  }

  @Override
  public void onSyncFinished(SyncReport report) {
    JsonLine line = ReportJson.fields(event("sync_finished", report.accountId()), report);
    print(line.instantMillis("at", clock.instant()));
  }

  @Override
  public void onNewMail(MessagesEvent event) {
    print(messages("new_mail", event));
  }

  @Override
  public void onFlagsChanged(MessagesEvent event) {
    print(messages("flags_changed", event));
  }

  @Override
  public void onMessagesDeleted(MessagesEvent event) {
    print(messages("messages_deleted", event));
  }

  @Override
  public void onConnectionLost(String accountId, MailmindException cause) {
    print(event("connection_lost", accountId).string("error", message(cause)).instantMillis("at", clock.instant()));
  }

  @Override
  public void onConnectionRestored(String accountId) {
    print(event("connection_restored", accountId).instantMillis("at", clock.instant()));
  }

  @Override
  public void onError(String accountId, MailmindException error) {
    print(event("error", accountId).string("error", message(error)).instantMillis("at", clock.instant()));
  }

  /** The {@code new_mail} line of the contract (also used by the demo). */
  static String newMailLine(MessagesEvent event) {
    return messages("new_mail", event).end();
  }

  private static JsonLine messages(String name, MessagesEvent event) {
    return event(name, event.accountId())
        .string("folder", event.folder())
        .string("imap_folder", event.imapFolder())
        .numbers("uids", event.uids())
        .instantMillis("at", event.at() != null ? event.at() : java.time.Instant.now());
  }

  private static JsonLine event(String name, String accountId) {
    return new JsonLine().string("event", name).string("account", accountId);
  }

  private static String message(Throwable error) {
    return error == null ? null : Redact.rootMessage(error);
  }

  private void print(JsonLine line) {
    String text = line.end();
    synchronized (out) {
      out.print(text);
      out.flush();
    }
  }
}
