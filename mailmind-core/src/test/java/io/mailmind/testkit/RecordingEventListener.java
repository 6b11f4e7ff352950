package io.mailmind.testkit;

import io.mailmind.core.MailmindException;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the events of the kinds tests about following accounts look at. Thread-safe. */
public final class RecordingEventListener implements EventListener {

  /** One recorded event: its kind ({@code onNewMail}, ...), account, and the event object or cause. */
  public record Event(String kind, String accountId, Object payload) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void onSyncFinished(SyncReport report) {
    events.add(new Event("onSyncFinished", report.accountId(), report));
  }

  @Override
  public void onNewMail(MessagesEvent event) {
    events.add(new Event("onNewMail", event.accountId(), event));
  }

  @Override
  public void onFlagsChanged(MessagesEvent event) {
    events.add(new Event("onFlagsChanged", event.accountId(), event));
  }

  @Override
  public void onMessagesDeleted(MessagesEvent event) {
    events.add(new Event("onMessagesDeleted", event.accountId(), event));
  }

  @Override
  public void onConnectionLost(String accountId, MailmindException cause) {
    events.add(new Event("onConnectionLost", accountId, cause));
  }

  @Override
  public void onConnectionRestored(String accountId) {
    events.add(new Event("onConnectionRestored", accountId, null));
  }

  @Override
  public void onError(String accountId, MailmindException error) {
    events.add(new Event("onError", accountId, error));
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public List<Event> events(String kind, String accountId) {
    return events.stream().filter(e -> e.kind().equals(kind) && e.accountId().equals(accountId)).toList();
  }

  public int count(String kind, String accountId) {
    return events(kind, accountId).size();
  }

  /** The UIDs of every event of this kind for the account, in order. */
  public List<Long> uids(String kind, String accountId) {
    return events(kind, accountId).stream().flatMap(e -> ((MessagesEvent) e.payload()).uids().stream()).toList();
  }

  /** The causes of every {@code onError} or {@code onConnectionLost} of the account. */
  public List<MailmindException> causes(String kind, String accountId) {
    return events(kind, accountId).stream().map(e -> (MailmindException) e.payload()).toList();
  }

  @Override
  public String toString() {
    return events.stream().map(e -> e.kind() + "(" + e.accountId() + ")").toList().toString();
  }
}
