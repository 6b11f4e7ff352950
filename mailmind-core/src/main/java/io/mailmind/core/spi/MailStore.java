package io.mailmind.core.spi;

import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.RenderedBody;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where mirrored mail is kept. The engine decides what to sync, in which order and how to retry; a store only
 * stores and returns records.
 *
 * <p>Rules every implementation follows (checked by {@code io.mailmind.testkit.MailStoreContract}):
 * <ul>
 *   <li>Writes are idempotent, keyed by (account, server folder, UIDVALIDITY, UID): writing the same message
 *       twice leaves one record.</li>
 *   <li>A batch call either lands whole or not at all.</li>
 *   <li>The Message-ID is stored and indexed, but two records may share it.</li>
 *   <li>Metadata never downgrades content: {@link #upsertMetadata} on a message whose content is stored keeps
 *       the content and updates only flags, labels and folder.</li>
 *   <li>Failures are thrown as {@link io.mailmind.core.MailStoreException}, naming the account, folder and
 *       UID concerned, never a secret. A closed store throws it too. A null argument throws a
 *       {@link NullPointerException} naming the parameter.</li>
 *   <li>Implementations are thread-safe: the engine writes several folders and accounts at once.</li>
 * </ul>
 */
public interface MailStore extends AutoCloseable {

  // ---- folders and sync state ----

  /** The folders of an account, in name order. */
  List<Folder> folders(String accountId);

  /** One folder, or empty. */
  Optional<Folder> folder(FolderId folderId);

  /**
   * Inserts or updates a folder's name and attributes. The checkpoint of an existing folder is kept (use
   * {@link #saveCheckpoint}); a new folder starts with the given checkpoint.
   */
  void upsertFolder(Folder folder);

  /** Records a folder's sync state; the folder must exist. */
  void saveCheckpoint(FolderId folderId, io.mailmind.core.model.SyncCheckpoint checkpoint);

  /** Removes a folder with all its messages and attachments. Removing an absent folder does nothing. */
  void deleteFolder(FolderId folderId);

  /**
   * Removes the messages of a folder whose UIDVALIDITY is not {@code keepUidValidity} (after the server
   * changed it), returning how many were removed.
   */
  long purgeOtherUidValidity(FolderId folderId, long keepUidValidity);

  // ---- what the engine needs to resume ----

  /** The stored messages of a folder with that UIDVALIDITY, ascending by UID. */
  List<KnownMessage> knownMessages(FolderId folderId, long uidValidity);

  /**
   * Every stored message of a folder with that UIDVALIDITY, ascending by UID, read back from where the store keeps
   * the messages themselves, not from an index alone (a message that is there twice is listed twice). The engine
   * reads it at the end of every sync that wrote to the folder and compares it with what it wrote (the server's
   * listing: keys, flags, sizes), so that a store that can no longer read what it wrote fails that sync instead of
   * reporting success. A row that cannot be read throws {@link io.mailmind.core.MailStoreException}. It should cost
   * no more than reading those columns of the folder's rows once.
   *
   * <p>The default answers from {@link #knownMessages} without sizes: enough for a store whose index and rows are
   * one structure; a store with separate indexes should read the rows.
   */
  default List<io.mailmind.core.model.StoredRow> readBack(FolderId folderId, long uidValidity) {
    return knownMessages(folderId, uidValidity).stream()
        .map(known -> new io.mailmind.core.model.StoredRow(known.uid(), known.flags(), -1))
        .toList();
  }

  /**
   * The messages of an account that still wait for their content ({@link ContentState#METADATA_ONLY}) or for the
   * Markdown of their HTML body, ordered by server folder, UIDVALIDITY and UID. Every account sync asks for them
   * and completes them, however the sync that stored them ended. Stores should answer it from an index whose
   * cost grows with the pending messages, not with the mailbox; this default reads every folder's
   * {@link #knownMessages} (and does not know the sizes).
   */
  default List<PendingMessage> pendingMessages(String accountId) {
    List<PendingMessage> pending = new java.util.ArrayList<>();
    for (Folder folder : folders(accountId)) {
      io.mailmind.core.model.SyncCheckpoint checkpoint = folder.checkpoint();
      if (checkpoint.isEmpty()) continue;
      for (KnownMessage known : knownMessages(folder.id(), checkpoint.uidValidity())) {
        MessageKey key = new MessageKey(folder.id(), checkpoint.uidValidity(), known.uid());
        if (known.state() == ContentState.METADATA_ONLY) {
          pending.add(new PendingMessage(key, 0, PendingMessage.Work.CONTENT));
        } else if (known.markdownPending()) {
          pending.add(new PendingMessage(key, 0, PendingMessage.Work.MARKDOWN));
        }
      }
    }
    return pending;
  }

  // ---- writes ----

  /**
   * Stores the metadata of messages in one transaction. New messages get state
   * {@link io.mailmind.core.model.ContentState#METADATA_ONLY}; for messages already stored only the folder
   * name, flags and labels are updated.
   */
  void upsertMetadata(List<MessageMetadata> batch);

  /**
   * Stores the full content of messages in one transaction: headers re-read from the message, bodies,
   * attachments (bytes streamed from {@link io.mailmind.core.model.Attachment#content()}), state, error and the
   * new text of a message without HTML body ({@link MessageContent#newText()}); a stored Markdown and new text
   * are replaced (the Markdown of the new content follows with {@link #storeRendered}).
   * Attachments stored before for the same key are replaced. Each message's metadata must have been stored
   * before; content for an unknown key fails the batch.
   */
  void upsertContent(List<MessageContent> batch);

  /**
   * Counts one more failed attempt at the content of each message, with its reason: the engine calls it when a
   * message's content could not be fetched, parsed or stored on its own (so the failure is the message's, not its
   * batch's). A message still {@link ContentState#METADATA_ONLY} after {@code maxAttempts} failed attempts is
   * stored with state {@link ContentState#ERROR} and the last reason, its metadata kept, and is no longer pending.
   * Unknown messages and messages whose content is stored are ignored. One transaction.
   *
   * <p>The default counts nothing (such messages stay pending, and every sync reports them again); stores
   * should implement it, and the contract kit checks it.
   *
   * @return the messages that became errors
   */
  default List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    return List.of();
  }

  /**
   * Stores the Markdown rendering of messages (null clears it) in one transaction. Their new text
   * ({@link MessageRecord#newText()}) is cleared with it: it was made from the same body (the engine stores both
   * with {@link #storeRendered}).
   */
  void storeMarkdown(Map<MessageKey, String> markdownByKey);

  /**
   * Stores the Markdown of messages' HTML bodies and their new text (the Markdown without the quoted earlier
   * messages) in one transaction; a null Markdown clears both, and the message waits for its Markdown again, as
   * with {@link #storeMarkdown}. Unknown keys are ignored. The engine stores every rendering with this method.
   *
   * <p>The default stores the Markdown alone with {@link #storeMarkdown}, so a store written before the new text
   * existed keeps working, without it; stores should implement it, and the contract kit checks that they do.
   */
  default void storeRendered(Map<MessageKey, RenderedBody> renderedByKey) {
    java.util.Objects.requireNonNull(renderedByKey, "renderedByKey");
    Map<MessageKey, String> markdown = new java.util.LinkedHashMap<>();
    renderedByKey.forEach((key, rendered) -> markdown.put(key, rendered == null ? null : rendered.markdown()));
    storeMarkdown(markdown);
  }

  /** Replaces the flags and labels of stored messages in one transaction; unknown UIDs are ignored. */
  void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> updates);

  /** Removes messages (expunged on the server); unknown UIDs are ignored. Returns how many were removed. */
  long deleteMessages(FolderId folderId, long uidValidity, Collection<Long> uids);

  // ---- reads for the host ----

  /** One message with its attachments (their content opens the stored bytes), or empty. */
  Optional<MessageRecord> message(MessageKey key);

  /** The HTML body of a stored message, or empty when it has none. */
  default Optional<String> html(MessageKey key) {
    return message(key).map(MessageRecord::html);
  }

  /**
   * The HTML bodies of stored messages of one folder and UIDVALIDITY, by UID; a message that is not stored or has
   * no HTML body is absent. The Markdown step reads its batch with it. The default asks {@link #html} for each.
   */
  default Map<Long, String> html(FolderId folderId, long uidValidity, Collection<Long> uids) {
    Map<Long, String> found = new HashMap<>();
    for (Long uid : uids) html(new MessageKey(folderId, uidValidity, uid)).ifPresent(html -> found.put(uid, html));
    return found;
  }

  /**
   * A page of a folder, newest first (by Date, falling back to INTERNALDATE, then by UID descending).
   *
   * @param offset how many to skip
   * @param limit  at most this many
   */
  List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit);

  /** Messages of an account with this Message-ID, in key order. */
  List<MessageRecord> byMessageId(String accountId, String messageId);

  /** Messages of an account in this thread, oldest first. */
  List<MessageRecord> thread(String accountId, String threadId);

  /**
   * How many messages of a folder with that UIDVALIDITY the store holds. Called on every incremental sync:
   * stores should answer it from an index rather than by reading the rows.
   */
  default long countMessages(FolderId folderId, long uidValidity) {
    return knownMessages(folderId, uidValidity).size();
  }

  /** How many messages the store holds for an account. */
  long countMessages(String accountId);

  /**
   * Calls {@code consumer} for every stored message (of one account, or all when {@code accountId} is null),
   * ordered by account, server folder, UID.
   */
  void forEachMessage(String accountId, Consumer<MessageRecord> consumer);

  /** The bytes of one attachment (by its index in {@link MessageRecord#attachments()}), or empty. */
  default Optional<Blob> attachmentContent(MessageKey key, int index) {
    return message(key).flatMap(m -> index < m.attachments().size()
        ? Optional.ofNullable(m.attachments().get(index).content()) : Optional.empty());
  }

  /** The correspondents of an account, by address. */
  List<Contact> contacts(String accountId);

  /** Releases resources; later calls throw {@link io.mailmind.core.MailStoreException}. */
  @Override
  void close();
}
