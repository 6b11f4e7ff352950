package io.mailmind.core.internal.event;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.internal.util.Failures;
import io.mailmind.core.spi.EventListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener in order; one that throws is logged at WARN and never stops the engine. */
public final class Listeners implements EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<EventListener> listeners;

  public Listeners(List<EventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<EventListener> call) {
    for (EventListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (Throwable t) {
        LOG.warn("EventListener {} threw from {}; ignored", listener.getClass().getName(), event, t);
      }
    }
  }

  /**
   * Reports a failed piece of work once: logs it at WARN and calls {@link #onError}. A failure that is not a
   * {@link MailmindException} is wrapped in a {@link MailStoreException} that names the work.
   */
  public void failed(String accountId, String what, Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    MailmindException error = cause instanceof MailmindException me ? me
        : new MailStoreException(accountId + " - " + what + " failed: " + cause, cause);
    LOG.warn("{} - {} failed: {}", accountId, what, error.getMessage());
    onError(accountId, error);
  }

  @Override
  public void onSyncStarted(String accountId) {
    each("onSyncStarted", l -> l.onSyncStarted(accountId));
  }

  @Override
  public void onSyncFinished(SyncReport report) {
    each("onSyncFinished", l -> l.onSyncFinished(report));
  }

  @Override
  public void onFolderSynced(FolderSyncResult result) {
    each("onFolderSynced", l -> l.onFolderSynced(result));
  }

  @Override
  public void onMessagesStored(MessagesEvent event) {
    each("onMessagesStored", l -> l.onMessagesStored(event));
  }

  @Override
  public void onContentStored(MessagesEvent event) {
    each("onContentStored", l -> l.onContentStored(event));
  }

  @Override
  public void onMarkdownStored(MessagesEvent event) {
    each("onMarkdownStored", l -> l.onMarkdownStored(event));
  }

  @Override
  public void onNewMail(MessagesEvent event) {
    each("onNewMail", l -> l.onNewMail(event));
  }

  @Override
  public void onFlagsChanged(MessagesEvent event) {
    each("onFlagsChanged", l -> l.onFlagsChanged(event));
  }

  @Override
  public void onMessagesDeleted(MessagesEvent event) {
    each("onMessagesDeleted", l -> l.onMessagesDeleted(event));
  }

  @Override
  public void onFolderCreated(FolderId folder) {
    each("onFolderCreated", l -> l.onFolderCreated(folder));
  }

  @Override
  public void onFolderDeleted(FolderId folder) {
    each("onFolderDeleted", l -> l.onFolderDeleted(folder));
  }

  @Override
  public void onUidValidityChanged(FolderId folder, long oldUidValidity, long newUidValidity) {
    each("onUidValidityChanged", l -> l.onUidValidityChanged(folder, oldUidValidity, newUidValidity));
  }

  @Override
  public void onConnectionLost(String accountId, MailmindException cause) {
    each("onConnectionLost", l -> l.onConnectionLost(accountId, cause));
  }

  @Override
  public void onConnectionRestored(String accountId) {
    each("onConnectionRestored", l -> l.onConnectionRestored(accountId));
  }

  @Override
  public void onError(String accountId, MailmindException error) {
    each("onError", l -> l.onError(accountId, error));
  }
}
