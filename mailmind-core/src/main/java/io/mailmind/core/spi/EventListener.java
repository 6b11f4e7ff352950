package io.mailmind.core.spi;

import io.mailmind.core.MailmindException;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;

/**
 * Told what the engine does, after the rows concerned are committed. Every method has a no-op default, so a
 * listener overrides only what it needs and new event kinds break nobody.
 *
 * <p>Methods are called from the engine's threads, possibly concurrently for different accounts; keep them
 * short and hand long work to your own executor. A listener that throws is logged at WARN and never stops a
 * sync.
 */
public interface EventListener {

  EventListener NO_OP = new EventListener() {};

  /** An account sync begins. */
  default void onSyncStarted(String accountId) {}

  /** An account sync ended (also when some folders failed: see {@link SyncReport#errors()}). */
  default void onSyncFinished(SyncReport report) {}

  /** A folder sync ended. */
  default void onFolderSynced(FolderSyncResult result) {}

  /** The metadata of new messages was stored (they are now visible to the host). */
  default void onMessagesStored(MessagesEvent event) {}

  /** The full content of messages was stored. */
  default void onContentStored(MessagesEvent event) {}

  /** Markdown of messages was stored. */
  default void onMarkdownStored(MessagesEvent event) {}

  /** New mail arrived while following the account (IDLE or polling), and is stored. */
  default void onNewMail(MessagesEvent event) {}

  /** Flags or labels of stored messages changed on the server and in the store. */
  default void onFlagsChanged(MessagesEvent event) {}

  /** Messages were removed from the server and from the store. */
  default void onMessagesDeleted(MessagesEvent event) {}

  /** A folder appeared on the server and in the store. */
  default void onFolderCreated(FolderId folder) {}

  /** A folder disappeared from the server and, with its messages, from the store. */
  default void onFolderDeleted(FolderId folder) {}

  /**
   * The server changed a folder's UIDVALIDITY: its old rows were removed and it is synced anew. On Gmail the rows
   * are instead moved to their new UIDs by X-GM-MSGID (nothing is downloaded again): the same messages, new keys.
   */
  default void onUidValidityChanged(FolderId folder, long oldUidValidity, long newUidValidity) {}

  /** The connection of an account was lost; the engine reconnects with backoff. */
  default void onConnectionLost(String accountId, MailmindException cause) {}

  /** The connection of an account is back after a loss. */
  default void onConnectionRestored(String accountId) {}

  /** Something failed: a folder, a batch, an account (for example a wrong password). */
  default void onError(String accountId, MailmindException error) {}
}
