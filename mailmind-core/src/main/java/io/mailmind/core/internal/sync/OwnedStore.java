package io.mailmind.core.internal.sync;

import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.StoredRow;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.MailStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The host's store as the sync sees it: each write runs only while this node owns the account it writes (see
 * {@link OwnedAccounts}); reads and every other call go straight to the host's store, its own implementations of
 * the default methods included.
 */
final class OwnedStore implements MailStore {
  private final MailStore store;
  private final OwnedAccounts owned;

  OwnedStore(MailStore store, OwnedAccounts owned) {
    this.store = store;
    this.owned = owned;
  }

  private void write(String accountId, Runnable write) {
    owned.write(Set.of(accountId), () -> {
      write.run();
      return null;
    });
  }

  private static Set<String> accountsOf(Collection<MessageKey> keys) {
    return keys.stream().map(key -> key.folder().accountId()).collect(Collectors.toSet());
  }

  @Override
  public void upsertFolder(Folder folder) {
    write(folder.id().accountId(), () -> store.upsertFolder(folder));
  }

  @Override
  public void saveCheckpoint(FolderId folderId, SyncCheckpoint checkpoint) {
    write(folderId.accountId(), () -> store.saveCheckpoint(folderId, checkpoint));
  }

  @Override
  public void deleteFolder(FolderId folderId) {
    write(folderId.accountId(), () -> store.deleteFolder(folderId));
  }

  @Override
  public long purgeOtherUidValidity(FolderId folderId, long keepUidValidity) {
    return owned.write(Set.of(folderId.accountId()), () -> store.purgeOtherUidValidity(folderId, keepUidValidity));
  }

  @Override
  public void upsertMetadata(List<MessageMetadata> batch) {
    owned.write(accountsOf(batch.stream().map(MessageMetadata::key).toList()), () -> {
      store.upsertMetadata(batch);
      return null;
    });
  }

  @Override
  public void upsertContent(List<MessageContent> batch) {
    owned.write(accountsOf(batch.stream().map(MessageContent::key).toList()), () -> {
      store.upsertContent(batch);
      return null;
    });
  }

  @Override
  public List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    return owned.write(accountsOf(reasonByKey.keySet()), () -> store.recordContentFailures(reasonByKey, maxAttempts));
  }

  @Override
  public void storeMarkdown(Map<MessageKey, String> markdownByKey) {
    owned.write(accountsOf(markdownByKey.keySet()), () -> {
      store.storeMarkdown(markdownByKey);
      return null;
    });
  }

  @Override
  public void storeRendered(Map<MessageKey, io.mailmind.core.model.RenderedBody> renderedByKey) {
    owned.write(accountsOf(renderedByKey.keySet()), () -> {
      store.storeRendered(renderedByKey);
      return null;
    });
  }

  @Override
  public void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> updates) {
    write(folderId.accountId(), () -> store.updateFlags(folderId, uidValidity, updates));
  }

  @Override
  public long deleteMessages(FolderId folderId, long uidValidity, Collection<Long> uids) {
    return owned.write(Set.of(folderId.accountId()), () -> store.deleteMessages(folderId, uidValidity, uids));
  }

  // ---- reads: not gated ----

  @Override
  public List<Folder> folders(String accountId) {
    return store.folders(accountId);
  }

  @Override
  public Optional<Folder> folder(FolderId folderId) {
    return store.folder(folderId);
  }

  @Override
  public List<KnownMessage> knownMessages(FolderId folderId, long uidValidity) {
    return store.knownMessages(folderId, uidValidity);
  }

  @Override
  public List<StoredRow> readBack(FolderId folderId, long uidValidity) {
    return store.readBack(folderId, uidValidity);
  }

  @Override
  public List<PendingMessage> pendingMessages(String accountId) {
    return store.pendingMessages(accountId);
  }

  @Override
  public Optional<MessageRecord> message(MessageKey key) {
    return store.message(key);
  }

  @Override
  public Optional<String> html(MessageKey key) {
    return store.html(key);
  }

  @Override
  public Map<Long, String> html(FolderId folderId, long uidValidity, Collection<Long> uids) {
    return store.html(folderId, uidValidity, uids);
  }

  @Override
  public List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit) {
    return store.newestFirst(folderId, offset, limit);
  }

  @Override
  public List<MessageRecord> byMessageId(String accountId, String messageId) {
    return store.byMessageId(accountId, messageId);
  }

  @Override
  public List<MessageRecord> thread(String accountId, String threadId) {
    return store.thread(accountId, threadId);
  }

  @Override
  public long countMessages(FolderId folderId, long uidValidity) {
    return store.countMessages(folderId, uidValidity);
  }

  @Override
  public long countMessages(String accountId) {
    return store.countMessages(accountId);
  }

  @Override
  public void forEachMessage(String accountId, Consumer<MessageRecord> consumer) {
    store.forEachMessage(accountId, consumer);
  }

  @Override
  public Optional<Blob> attachmentContent(MessageKey key, int index) {
    return store.attachmentContent(key, index);
  }

  @Override
  public List<Contact> contacts(String accountId) {
    return store.contacts(accountId);
  }

  /** Forwards; the engine never calls it (the host closes its store). */
  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return store.toString();
  }
}
