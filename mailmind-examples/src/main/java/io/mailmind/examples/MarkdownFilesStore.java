package io.mailmind.examples;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.MailStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A custom {@link MailStore}: everything goes to another store (for example a
 * {@link io.mailmind.jdbc.JdbcMailStore}), and in addition the Markdown of every message is kept as a file,
 * {@code <root>/<account>/<server folder>/<uidvalidity>-<uid>.md} (a nested folder such as {@code Archive/2023} is
 * one directory, {@code Archive%2F2023}), for tools that read files (a search index,
 * a static site, an LLM pipeline). Files follow the store: a message or folder removed from the store is
 * removed from disk.
 *
 * <p>The engine calls a store from several threads; this class adds no shared state besides the file tree,
 * where each message has its own file, so it is as thread-safe as the store it wraps. Prove a store with
 * {@code io.mailmind.testkit.MailStoreContract}, as {@code MarkdownFilesStoreContractTest} does.
 */
public final class MarkdownFilesStore implements MailStore {
  private final MailStore delegate;
  private final Path root;

  public MarkdownFilesStore(MailStore delegate, Path root) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.root = Objects.requireNonNull(root, "root");
  }

  /** The file that holds (or would hold) the Markdown of a message. */
  public Path fileOf(MessageKey key) {
    return folderDirectory(key.folder()).resolve(key.uidValidity() + "-" + key.uid() + ".md");
  }

  // ---- the four writes this store adds to ----

  @Override
  public void storeMarkdown(Map<MessageKey, String> markdownByKey) {
    delegate.storeMarkdown(markdownByKey);            // the database first: it is the source of truth
    writeFiles(markdownByKey);
  }

  /** What the engine calls: the Markdown with the new text go to the database, the Markdown to its file. */
  @Override
  public void storeRendered(Map<MessageKey, RenderedBody> renderedByKey) {
    delegate.storeRendered(renderedByKey);
    Map<MessageKey, String> markdown = new java.util.HashMap<>();
    renderedByKey.forEach((key, rendered) -> markdown.put(key, rendered == null ? null : rendered.markdown()));
    writeFiles(markdown);
  }

  private void writeFiles(Map<MessageKey, String> markdownByKey) {
    markdownByKey.forEach((key, markdown) -> {
      Path file = fileOf(key);
      try {
        if (markdown == null) {
          Files.deleteIfExists(file);
        } else {
          Files.createDirectories(file.getParent());
          Files.writeString(file, markdown, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new MailStoreException("cannot write the Markdown file of " + key + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public long deleteMessages(FolderId folderId, long uidValidity, Collection<Long> uids) {
    long removed = delegate.deleteMessages(folderId, uidValidity, uids);
    for (long uid : uids) deleteQuietly(fileOf(new MessageKey(folderId, uidValidity, uid)));
    return removed;
  }

  @Override
  public void deleteFolder(FolderId folderId) {
    delegate.deleteFolder(folderId);
    deleteTree(folderDirectory(folderId));
  }

  @Override
  public long purgeOtherUidValidity(FolderId folderId, long keepUidValidity) {
    long removed = delegate.purgeOtherUidValidity(folderId, keepUidValidity);
    try (Stream<Path> files = listFiles(folderDirectory(folderId))) {
      files.filter(file -> !file.getFileName().toString().startsWith(keepUidValidity + "-"))
          .forEach(MarkdownFilesStore::deleteQuietly);
    }
    return removed;
  }

  // ---- everything else is the wrapped store's ----

  @Override
  public List<Folder> folders(String accountId) {
    return delegate.folders(accountId);
  }

  @Override
  public Optional<Folder> folder(FolderId folderId) {
    return delegate.folder(folderId);
  }

  @Override
  public void upsertFolder(Folder folder) {
    delegate.upsertFolder(folder);
  }

  @Override
  public void saveCheckpoint(FolderId folderId, SyncCheckpoint checkpoint) {
    delegate.saveCheckpoint(folderId, checkpoint);
  }

  @Override
  public List<KnownMessage> knownMessages(FolderId folderId, long uidValidity) {
    return delegate.knownMessages(folderId, uidValidity);
  }

  @Override
  public List<PendingMessage> pendingMessages(String accountId) {
    return delegate.pendingMessages(accountId);
  }

  @Override
  public List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    return delegate.recordContentFailures(reasonByKey, maxAttempts);
  }

  @Override
  public void upsertMetadata(List<MessageMetadata> batch) {
    delegate.upsertMetadata(batch);
  }

  @Override
  public void upsertContent(List<MessageContent> batch) {
    delegate.upsertContent(batch);
  }

  @Override
  public void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> updates) {
    delegate.updateFlags(folderId, uidValidity, updates);
  }

  @Override
  public Optional<MessageRecord> message(MessageKey key) {
    return delegate.message(key);
  }

  @Override
  public List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit) {
    return delegate.newestFirst(folderId, offset, limit);
  }

  @Override
  public List<MessageRecord> byMessageId(String accountId, String messageId) {
    return delegate.byMessageId(accountId, messageId);
  }

  @Override
  public List<MessageRecord> thread(String accountId, String threadId) {
    return delegate.thread(accountId, threadId);
  }

  @Override
  public long countMessages(String accountId) {
    return delegate.countMessages(accountId);
  }

  @Override
  public long countMessages(FolderId folderId, long uidValidity) {
    return delegate.countMessages(folderId, uidValidity);
  }

  @Override
  public Optional<String> html(MessageKey key) {
    return delegate.html(key);
  }

  @Override
  public Optional<Blob> attachmentContent(MessageKey key, int index) {
    return delegate.attachmentContent(key, index);
  }

  @Override
  public void forEachMessage(String accountId, Consumer<MessageRecord> consumer) {
    delegate.forEachMessage(accountId, consumer);
  }

  @Override
  public List<Contact> contacts(String accountId) {
    return delegate.contacts(accountId);
  }

  @Override
  public void close() {
    delegate.close();
  }

  // ---- files ----

  /** One directory per folder (a nested folder is not inside its parent's, so deleting one spares the other). */
  private Path folderDirectory(FolderId folder) {
    return root.resolve(safeName(folder.accountId())).resolve(safeName(folder.imapFolder()));
  }

  /**
   * One path segment: {@code %}, separators, control and reserved characters become {@code %XX} (so distinct
   * names stay distinct and nothing climbs out of the root); other Unicode stays readable.
   */
  static String safeName(String name) {
    StringBuilder safe = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      if (c < 0x20 || c == 0x7f || "%/\\:*?\"<>|".indexOf(c) >= 0) {
        safe.append(String.format("%%%02X", (int) c));
      } else {
        safe.append(c);
      }
    }
    return safe.length() == 0 || safe.charAt(0) == '.' ? "%2E" + safe.substring(Math.min(1, safe.length())) : safe.toString();
  }

  private static Stream<Path> listFiles(Path directory) {
    if (!Files.isDirectory(directory)) return Stream.empty();
    try {
      return Files.list(directory).filter(Files::isRegularFile);
    } catch (IOException e) {
      throw new MailStoreException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path directory) {
    if (!Files.exists(directory)) return;
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(MarkdownFilesStore::deleteQuietly);
    } catch (IOException e) {
      throw new MailStoreException("cannot delete " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new MailStoreException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
