package io.mailmind.core.internal.event;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.internal.status.Telemetry;
import io.mailmind.core.internal.util.Failures;
import io.mailmind.core.spi.EventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every listener in order; one that throws is logged at WARN and never stops the engine. A login or
 * configuration failure of an account is reported once until the account works again (see {@link #worked}).
 */
public final class Listeners implements EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<EventListener> listeners;
  /** The last login or configuration failure reported per account, until the account works again. */
  private final Map<String, String> reportedFailures = new ConcurrentHashMap<>();

  private final Telemetry telemetry;

  /** Without a status or metrics of their own (parts used without an engine). */
  public Listeners(List<EventListener> listeners) {
    this(listeners, Telemetry.none());
  }

  /** @param telemetry records each error reported, for the status view and the metrics */
  public Listeners(List<EventListener> listeners, Telemetry telemetry) {
    this.listeners = List.copyOf(listeners);
    this.telemetry = telemetry;
  }

  /** Where the engine's parts record what they do (status and metrics). */
  public Telemetry telemetry() {
    return telemetry;
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
    telemetry.error(accountId, error);
    if (repeated(accountId, error)) {
      LOG.debug("{} - {} failed again: {}", accountId, what, error.getMessage());
      return;
    }
    LOG.warn("{} - {} failed: {}", accountId, what, error.getMessage());
    each("onError", l -> l.onError(accountId, error));
  }

  /**
   * Whether {@code error} is a login or configuration failure of the account already reported, with the same
   * message, since the account last worked ({@link #worked}): such a failure does not go away by retrying, so the
   * periodic sync and the IDLE watcher report it once, not at every try.
   */
  private boolean repeated(String accountId, MailmindException error) {
    if (!(error instanceof MailConnectionException failure) || failure.isTransient()
        || failure.kind() == MailConnectionException.Kind.PROTOCOL) {
      return false;
    }
    String before = reportedFailures.put(accountId, String.valueOf(error.getMessage()));
    return String.valueOf(error.getMessage()).equals(before);
  }

  /** The account worked (a connection logged in, or a sync ended without error): its next failure is reported. */
  public void worked(String accountId) {
    reportedFailures.remove(accountId);
  }

  @Override
  public void onSyncStarted(String accountId) {
    each("onSyncStarted", l -> l.onSyncStarted(accountId));
  }

  @Override
  public void onSyncFinished(SyncReport report) {
    if (report.errors() == 0) worked(report.accountId());
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

  /** Reports an error to every listener, unless it repeats a login or configuration failure already reported. */
  @Override
  public void onError(String accountId, MailmindException error) {
    telemetry.error(accountId, error);
    if (repeated(accountId, error)) {
      LOG.debug("{} - failed again: {}", accountId, error.getMessage());
      return;
    }
    each("onError", l -> l.onError(accountId, error));
  }
}
