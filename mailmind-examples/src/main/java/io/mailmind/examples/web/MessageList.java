package io.mailmind.examples.web;

import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.spi.MailStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The stored messages of one account, all folders together, newest first, one page at a time. The store pages
 * each folder newest first ({@link MailStore#newestFirst}); this merges those sequences, reading each folder
 * in chunks of a page as far as the requested page needs. Thread-safe (holds no state between calls).
 */
final class MessageList {
  /** The store's order (date, then UID, then UIDVALIDITY, all descending), then folders by name for ties. */
  static final Comparator<MessageMetadata> NEWEST_FIRST = Comparator
      .comparing(MessageMetadata::effectiveDate, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
      .thenComparing(m -> m.key().uid(), Comparator.reverseOrder())
      .thenComparing(m -> m.key().uidValidity(), Comparator.reverseOrder())
      .thenComparing(m -> m.key().folder().imapFolder());

  /** One page of rows and whether older messages follow. */
  record Page(int number, int size, List<InboxRow> rows, boolean hasMore) {}

  private final MailStore store;
  private final String accountId;

  MessageList(MailStore store, String accountId) {
    this.store = store;
    this.accountId = accountId;
  }

  /** Page {@code number} (from 0) of {@code size} rows. */
  Page page(int number, int size) {
    PriorityQueue<FolderCursor> heads =
        new PriorityQueue<>(Comparator.comparing(FolderCursor::head, NEWEST_FIRST));
    for (Folder folder : store.folders(accountId)) {
      FolderCursor cursor = new FolderCursor(store, folder.id(), size);
      if (cursor.head() != null) heads.add(cursor);
    }
    long skip = (long) number * size;
    List<InboxRow> rows = new ArrayList<>(size);
    while (!heads.isEmpty() && rows.size() < size) {
      FolderCursor cursor = heads.poll();
      MessageMetadata next = cursor.head();
      if (skip > 0) {
        skip--;
      } else {
        rows.add(InboxRow.of(next));
      }
      if (cursor.advance()) heads.add(cursor);
    }
    return new Page(number, size, List.copyOf(rows), !heads.isEmpty());
  }

  /** Reads one folder newest first, a chunk at a time. Not thread-safe. */
  private static final class FolderCursor {
    private final MailStore store;
    private final FolderId folder;
    private final int chunk;
    private List<MessageRecord> buffer;
    private int index;
    private int offset;

    FolderCursor(MailStore store, FolderId folder, int chunk) {
      this.store = store;
      this.folder = folder;
      this.chunk = chunk;
      fill();
    }

    /** The current message, or null when the folder is exhausted. */
    MessageMetadata head() {
      return index < buffer.size() ? buffer.get(index).metadata() : null;
    }

    /** Moves to the next message; false when there is none. */
    boolean advance() {
      index++;
      if (index < buffer.size()) return true;
      if (buffer.size() < chunk) return false;
      fill();
      return head() != null;
    }

    private void fill() {
      buffer = store.newestFirst(folder, offset, chunk);
      offset += buffer.size();
      index = 0;
    }
  }
}
