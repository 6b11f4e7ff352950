package io.mailmind.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the open pages to re-read their list ({@code event: refresh_needed}) when the list of one account
 * changed: new mail, deleted messages, changed flags, or a sync that changed something. The data line is a small
 * JSON object, for example {@code {"reason":"new_mail","folder":"Inbox","imap_folder":"INBOX","uids":[42]}}.
 * Never blocks the engine's thread: the stream sends on its own thread. Thread-safe.
 */
final class RefreshListener implements EventListener {
  static final String EVENT = "refresh_needed";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String accountId;
  private final EventStream stream;

  RefreshListener(String accountId, EventStream stream) {
    this.accountId = accountId;
    this.stream = stream;
  }

  @Override
  public void onNewMail(MessagesEvent event) {
    messages("new_mail", event);
  }

  @Override
  public void onMessagesDeleted(MessagesEvent event) {
    messages("messages_deleted", event);
  }

  @Override
  public void onFlagsChanged(MessagesEvent event) {
    messages("flags_changed", event);
  }

  @Override
  public void onSyncFinished(SyncReport report) {
    if (!report.accountId().equals(accountId)) return;
    if (report.messagesNew() + report.messagesUpdated() + report.messagesDeleted() == 0) return;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reason", "sync_finished");
    data.put("messages_new", report.messagesNew());
    data.put("messages_deleted", report.messagesDeleted());
    send(data);
  }

  private void messages(String reason, MessagesEvent event) {
    if (!event.accountId().equals(accountId)) return;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reason", reason);
    data.put("folder", event.folder());
    data.put("imap_folder", event.imapFolder());
    data.put("uids", event.uids());
    send(data);
  }

  private void send(Map<String, Object> data) {
    try {
      stream.send(EVENT, JSON.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
