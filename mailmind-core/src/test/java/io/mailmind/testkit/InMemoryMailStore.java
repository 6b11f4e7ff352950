package io.mailmind.testkit;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.StoredRow;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.MailStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The reference {@link MailStore}: everything in memory, attachment bytes copied into byte arrays. It is the
 * executable reading of the SPI's rules and passes {@link MailStoreContract}; use it in engine tests.
 *
 * <p>Semantics every store of the kit shares (see {@link MailStoreContract} for the checks):
 * <ul>
 *   <li>Metadata for a folder that was never upserted creates that folder (logical name from the metadata,
 *       no attributes, {@link SyncCheckpoint#NONE}), so nothing is lost.</li>
 *   <li>An existing message's metadata upsert updates only the logical folder name, flags and labels.</li>
 *   <li>A content upsert replaces headers, thread id, bodies, attachments, state and error, and clears the
 *       Markdown (it was made from the old HTML); the new text is the content's (set for a text-only body).
 *       An attachment's bytes must match its size and sha256.</li>
 *   <li>Markdown and new text are stored together ({@code storeRendered}); a null Markdown clears both, and
 *       {@code storeMarkdown} clears the new text. Markdown for an unknown key is ignored, as are flag updates
 *       and deletes of unknown UIDs.</li>
 *   <li>Orders: folders by server name; newest first by (Date, else INTERNALDATE) descending then UID and
 *       UIDVALIDITY descending, undated last; a thread oldest first (undated first), then key order;
 *       {@code forEachMessage} by account, server name, UID, UIDVALIDITY. Strings compare by
 *       {@link String#compareTo}.</li>
 *   <li>Contacts: every non-blank address of From, To, Cc, Bcc and Reply-To, lower-cased; the name is the
 *       last non-blank display name by message date; first and last seen are the message dates.</li>
 * </ul>
 *
 * <p>This class is thread-safe: every operation holds one lock, attachment bytes are read before it is taken,
 * and {@link #forEachMessage} calls its consumer on a snapshot without holding it.
 */
public final class InMemoryMailStore implements MailStore {

  /** A stored message; immutable, replaced on every change. */
  private record Row(
      MessageMetadata metadata,
      String rawHeaders,
      String text,
      String html,
      String markdown,
      String newText,
      List<Attachment> attachments,
      ContentState state,
      String error) {

    MessageRecord toRecord() {
      return new MessageRecord(metadata, text, html, markdown, newText, attachments, state, error);
    }

    Row withMetadata(MessageMetadata newMetadata) {
      return new Row(newMetadata, rawHeaders, text, html, markdown, newText, attachments, state, error);
    }

    Row withMarkdown(String newMarkdown, String newNewText) {
      return new Row(metadata, rawHeaders, text, html, newMarkdown, newNewText, attachments, state, error);
    }
  }

  private final Object lock = new Object();
  private final Map<FolderId, Folder> folders = new HashMap<>();
  private final Map<MessageKey, Row> messages = new HashMap<>();
  /** Failed content attempts of METADATA_ONLY messages (see {@link #recordContentFailures}). */
  private final Map<MessageKey, Integer> contentAttempts = new HashMap<>();
  private volatile boolean closed;

  // ---- folders and sync state ----

  @Override
  public List<Folder> folders(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (lock) {
      checkOpen();
      return folders.values().stream()
          .filter(f -> f.id().accountId().equals(accountId))
          .sorted(Comparator.comparing(f -> f.id().imapFolder()))
          .toList();
    }
  }

  @Override
  public Optional<Folder> folder(FolderId folderId) {
    Objects.requireNonNull(folderId, "folderId");
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(folders.get(folderId));
    }
  }

  @Override
  public void upsertFolder(Folder folder) {
    Objects.requireNonNull(folder, "folder");
    synchronized (lock) {
      checkOpen();
      Folder existing = folders.get(folder.id());
      folders.put(folder.id(), existing == null ? folder : folder.withCheckpoint(existing.checkpoint()));
    }
  }

  @Override
  public void saveCheckpoint(FolderId folderId, SyncCheckpoint checkpoint) {
    Objects.requireNonNull(folderId, "folderId");
    Objects.requireNonNull(checkpoint, "checkpoint");
    synchronized (lock) {
      checkOpen();
      Folder existing = folders.get(folderId);
      if (existing == null) {
        throw new MailStoreException("saveCheckpoint: folder " + folderId + " is not stored; upsert it first");
      }
      folders.put(folderId, existing.withCheckpoint(checkpoint));
    }
  }

  @Override
  public void deleteFolder(FolderId folderId) {
    Objects.requireNonNull(folderId, "folderId");
    synchronized (lock) {
      checkOpen();
      folders.remove(folderId);
      messages.keySet().removeIf(k -> k.folder().equals(folderId));
    }
  }

  @Override
  public long purgeOtherUidValidity(FolderId folderId, long keepUidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    synchronized (lock) {
      checkOpen();
      int before = messages.size();
      messages.keySet().removeIf(k -> k.folder().equals(folderId) && k.uidValidity() != keepUidValidity);
      return before - messages.size();
    }
  }

  @Override
  public List<KnownMessage> knownMessages(FolderId folderId, long uidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    synchronized (lock) {
      checkOpen();
      return messages.entrySet().stream()
          .filter(e -> e.getKey().folder().equals(folderId) && e.getKey().uidValidity() == uidValidity)
          .sorted(Map.Entry.comparingByKey())
          .map(e -> {
            Row row = e.getValue();
            return new KnownMessage(e.getKey().uid(), row.state(), row.metadata().flags(), row.metadata().labels(),
                row.html() != null && row.markdown() == null);
          })
          .toList();
    }
  }

  @Override
  public List<StoredRow> readBack(FolderId folderId, long uidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    synchronized (lock) {
      checkOpen();
      return messages.entrySet().stream()
          .filter(e -> e.getKey().folder().equals(folderId) && e.getKey().uidValidity() == uidValidity)
          .sorted(Map.Entry.comparingByKey())
          .map(e -> new StoredRow(e.getKey().uid(), e.getValue().metadata().flags(), e.getValue().metadata().size()))
          .toList();
    }
  }

  // ---- writes ----

  @Override
  public void upsertMetadata(List<MessageMetadata> batch) {
    List<MessageMetadata> items = copyBatch(batch);
    synchronized (lock) {
      checkOpen();
      for (MessageMetadata m : items) {
        FolderId folderId = m.key().folder();
        folders.computeIfAbsent(folderId, id -> new Folder(id, m.folder(), List.of(), SyncCheckpoint.NONE));
        Row existing = messages.get(m.key());
        if (existing == null) {
          messages.put(m.key(), new Row(m, null, null, null, null, null, List.of(), ContentState.METADATA_ONLY, null));
        } else {
          MessageMetadata old = existing.metadata();
          MessageMetadata updated = new MessageMetadata(old.key(), m.folder(), old.headers(), old.threadId(),
              old.internalDate(), m.flags(), m.labels(), old.size(), old.gmMsgId(), old.gmThrId());
          messages.put(m.key(), existing.withMetadata(updated));
        }
      }
    }
  }

  @Override
  public void upsertContent(List<MessageContent> batch) {
    List<MessageContent> items = copyBatch(batch);
    checkOpen();
    // Read (and check) every attachment before taking the lock: a failure leaves the store untouched.
    List<List<Attachment>> copied = new ArrayList<>(items.size());
    for (MessageContent c : items) {
      List<Attachment> attachments = new ArrayList<>(c.attachments().size());
      for (int i = 0; i < c.attachments().size(); i++) {
        attachments.add(copy(c.key(), i, c.attachments().get(i)));
      }
      copied.add(attachments);
    }
    synchronized (lock) {
      checkOpen();
      for (MessageContent c : items) {
        if (!messages.containsKey(c.key())) {
          throw new MailStoreException("upsertContent: message " + c.key()
              + " is not stored; store its metadata first (nothing of this batch was stored)");
        }
      }
      for (int i = 0; i < items.size(); i++) {
        MessageContent c = items.get(i);
        Row existing = messages.get(c.key());
        MessageMetadata metadata = existing.metadata().withHeaders(c.headers(), c.threadId());
        messages.put(c.key(),
            new Row(metadata, c.rawHeaders(), c.text(), c.html(), null, c.newText(), List.copyOf(copied.get(i)),
                c.state(), c.error()));
      }
    }
  }

  @Override
  public List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    Objects.requireNonNull(reasonByKey, "reasonByKey");
    List<MessageKey> errors = new ArrayList<>();
    synchronized (lock) {
      checkOpen();
      for (Map.Entry<MessageKey, String> failure : reasonByKey.entrySet()) {
        Row row = messages.get(failure.getKey());
        if (row == null || row.state() != ContentState.METADATA_ONLY) continue;
        int attempts = contentAttempts.merge(failure.getKey(), 1, Integer::sum);
        if (attempts >= maxAttempts) {
          messages.put(failure.getKey(), new Row(row.metadata(), row.rawHeaders(), null, null, null, null,
              List.of(), ContentState.ERROR, failure.getValue()));
          errors.add(failure.getKey());
        }
      }
    }
    return errors;
  }

  @Override
  public void storeMarkdown(Map<MessageKey, String> markdownByKey) {
    Objects.requireNonNull(markdownByKey, "markdownByKey");
    Map<MessageKey, String> items = new HashMap<>(markdownByKey);
    if (items.containsKey(null)) {
      throw new NullPointerException("markdownByKey contains a null key");
    }
    synchronized (lock) {
      checkOpen();
      items.forEach((key, markdown) -> {
        Row row = messages.get(key);
        if (row != null) {
          messages.put(key, row.withMarkdown(markdown, null));
        }
      });
    }
  }

  @Override
  public void storeRendered(Map<MessageKey, RenderedBody> renderedByKey) {
    Objects.requireNonNull(renderedByKey, "renderedByKey");
    Map<MessageKey, RenderedBody> items = new HashMap<>(renderedByKey);
    if (items.containsKey(null)) {
      throw new NullPointerException("renderedByKey contains a null key");
    }
    synchronized (lock) {
      checkOpen();
      items.forEach((key, rendered) -> {
        Row row = messages.get(key);
        if (row != null) {
          String markdown = rendered == null ? null : rendered.markdown();
          messages.put(key, row.withMarkdown(markdown, markdown == null ? null : rendered.newText()));
        }
      });
    }
  }

  @Override
  public void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> updates) {
    Objects.requireNonNull(folderId, "folderId");
    List<FlagUpdate> items = copyList(updates, "updates");
    synchronized (lock) {
      checkOpen();
      for (FlagUpdate u : items) {
        MessageKey key = new MessageKey(folderId, uidValidity, u.uid());
        Row row = messages.get(key);
        if (row != null) {
          messages.put(key, row.withMetadata(row.metadata().withFlags(u.flags(), u.labels())));
        }
      }
    }
  }

  @Override
  public long deleteMessages(FolderId folderId, long uidValidity, Collection<Long> uids) {
    Objects.requireNonNull(folderId, "folderId");
    List<Long> items = copyList(uids, "uids");
    synchronized (lock) {
      checkOpen();
      long removed = 0;
      for (Long uid : new LinkedHashSet<>(items)) {
        if (messages.remove(new MessageKey(folderId, uidValidity, uid)) != null) {
          removed++;
        }
      }
      return removed;
    }
  }

  // ---- reads for the host ----

  @Override
  public Optional<MessageRecord> message(MessageKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(messages.get(key)).map(Row::toRecord);
    }
  }

  @Override
  public List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit) {
    Objects.requireNonNull(folderId, "folderId");
    checkPage(offset, limit);
    synchronized (lock) {
      checkOpen();
      return messages.values().stream()
          .filter(r -> r.metadata().key().folder().equals(folderId))
          .map(Row::toRecord)
          .sorted(NEWEST_FIRST)
          .skip(offset)
          .limit(limit)
          .toList();
    }
  }

  @Override
  public List<MessageRecord> byMessageId(String accountId, String messageId) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(messageId, "messageId");
    synchronized (lock) {
      checkOpen();
      return messages.values().stream()
          .filter(r -> r.metadata().key().folder().accountId().equals(accountId)
              && messageId.equals(r.metadata().headers().messageId()))
          .map(Row::toRecord)
          .sorted(Comparator.comparing(MessageRecord::key))
          .toList();
    }
  }

  @Override
  public List<MessageRecord> thread(String accountId, String threadId) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(threadId, "threadId");
    synchronized (lock) {
      checkOpen();
      return messages.values().stream()
          .filter(r -> r.metadata().key().folder().accountId().equals(accountId)
              && threadId.equals(r.metadata().threadId()))
          .map(Row::toRecord)
          .sorted(OLDEST_FIRST)
          .toList();
    }
  }

  @Override
  public long countMessages(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (lock) {
      checkOpen();
      return messages.keySet().stream().filter(k -> k.folder().accountId().equals(accountId)).count();
    }
  }

  @Override
  public void forEachMessage(String accountId, Consumer<MessageRecord> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    List<MessageRecord> snapshot;
    synchronized (lock) {
      checkOpen();
      snapshot = messages.values().stream()
          .filter(r -> accountId == null || r.metadata().key().folder().accountId().equals(accountId))
          .map(Row::toRecord)
          .sorted(EXPORT_ORDER)
          .toList();
    }
    snapshot.forEach(consumer);
  }

  @Override
  public List<Contact> contacts(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (lock) {
      checkOpen();
      Map<String, ContactBuilder> byAddress = new TreeMap<>();
      for (Row row : messages.values()) {
        MessageMetadata m = row.metadata();
        if (!m.key().folder().accountId().equals(accountId)) continue;
        Set<String> seenInThisMessage = new HashSet<>();
        for (EmailAddress a : addresses(m)) {
          String address = a.address().trim().toLowerCase(Locale.ROOT);
          if (address.isEmpty()) continue;
          ContactBuilder builder = byAddress.computeIfAbsent(address, ContactBuilder::new);
          if (seenInThisMessage.add(address)) {
            builder.count(m.effectiveDate());
          }
          builder.name(a.name(), m);
        }
      }
      return byAddress.values().stream().map(b -> b.build(accountId)).toList();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  // ---- helpers ----

  /** Newest first: effective date descending (undated last), then UID, then UIDVALIDITY descending. */
  static final Comparator<MessageRecord> NEWEST_FIRST = Comparator
      .comparing((MessageRecord r) -> r.metadata().effectiveDate(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
      .thenComparingLong(r -> r.key().uid())
      .thenComparingLong(r -> r.key().uidValidity())
      .reversed();

  /** Oldest first: effective date ascending (undated first), then key order. */
  static final Comparator<MessageRecord> OLDEST_FIRST = Comparator
      .comparing((MessageRecord r) -> r.metadata().effectiveDate(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
      .thenComparing(MessageRecord::key);

  /** Export order: account, server folder, UID, UIDVALIDITY. */
  static final Comparator<MessageRecord> EXPORT_ORDER = Comparator
      .comparing((MessageRecord r) -> r.key().folder().accountId())
      .thenComparing(r -> r.key().folder().imapFolder())
      .thenComparingLong(r -> r.key().uid())
      .thenComparingLong(r -> r.key().uidValidity());

  private static List<EmailAddress> addresses(MessageMetadata m) {
    List<EmailAddress> all = new ArrayList<>();
    all.addAll(m.headers().from());
    all.addAll(m.headers().to());
    all.addAll(m.headers().cc());
    all.addAll(m.headers().bcc());
    all.addAll(m.headers().replyTo());
    return all;
  }

  /** Accumulates one contact; the name comes from the newest message (then the greatest key) that has one. */
  private static final class ContactBuilder {
    private final String address;
    private String name;
    private MessageMetadata nameFrom;
    private Instant firstSeen;
    private Instant lastSeen;
    private long count;

    ContactBuilder(String address) {
      this.address = address;
    }

    void count(Instant date) {
      count++;
      if (date != null) {
        firstSeen = firstSeen == null || date.isBefore(firstSeen) ? date : firstSeen;
        lastSeen = lastSeen == null || date.isAfter(lastSeen) ? date : lastSeen;
      }
    }

    void name(String candidate, MessageMetadata message) {
      if (candidate == null || candidate.isBlank()) return;
      if (nameFrom == null || newer(message, nameFrom)) {
        name = candidate;
        nameFrom = message;
      }
    }

    private static boolean newer(MessageMetadata a, MessageMetadata b) {
      Comparator<Instant> dates = Comparator.nullsFirst(Comparator.naturalOrder());
      int c = dates.compare(a.effectiveDate(), b.effectiveDate());
      return c > 0 || c == 0 && a.key().compareTo(b.key()) > 0;
    }

    Contact build(String accountId) {
      return new Contact(accountId, address, name, firstSeen, lastSeen, count);
    }
  }

  private static Attachment copy(MessageKey key, int index, Attachment attachment) {
    if (attachment.content() == null) {
      return attachment;
    }
    byte[] bytes;
    try (InputStream in = attachment.content().openStream()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new MailStoreException("upsertContent: attachment " + index + " of " + key
          + " could not be read (nothing of this batch was stored)", e);
    }
    if (bytes.length != attachment.size()) {
      throw new MailStoreException("upsertContent: attachment " + index + " of " + key + " has " + bytes.length
          + " bytes but its size says " + attachment.size() + " (nothing of this batch was stored)");
    }
    if (!sha256(bytes).equals(attachment.sha256())) {
      throw new MailStoreException("upsertContent: attachment " + index + " of " + key
          + " does not match its sha256 (nothing of this batch was stored)");
    }
    return new Attachment(attachment.filename(), attachment.contentType(), attachment.size(), attachment.sha256(),
        attachment.inline(), attachment.contentId(), Blob.of(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> copyBatch(List<T> batch) {
    return copyList(batch, "batch");
  }

  private static <T> List<T> copyList(Collection<T> items, String name) {
    Objects.requireNonNull(items, name);
    List<T> copy = new ArrayList<>(items);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) == null) {
        throw new NullPointerException(name + "[" + i + "]");
      }
    }
    return copy;
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0) throw new IllegalArgumentException("offset was " + offset + " but it must be >= 0");
    if (limit < 0) throw new IllegalArgumentException("limit was " + limit + " but it must be >= 0");
  }

  private void checkOpen() {
    if (closed) {
      throw new MailStoreException("the store is closed");
    }
  }
}
