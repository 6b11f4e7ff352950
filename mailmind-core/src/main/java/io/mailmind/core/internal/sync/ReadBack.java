package io.mailmind.core.internal.sync;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.internal.imap.ServerMessage;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.StoredRow;
import io.mailmind.core.spi.MailStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store must notice its own damage (issue 13): damaged H2 files still answered {@code COUNT(*)} while reading
 * their rows failed, and syncs on them reported success. The folder syncs of one account run note here what they
 * wrote (the server listing of the messages the store held, the metadata stored, flag changes, deletions); at the
 * end of the run every folder it wrote to is read back with {@link MailStore#readBack} and compared: a message
 * missing, stored twice, stored though not on the server, or with other flags or size than written, and a read
 * that fails, are a sync error naming the folder and the UIDs, never success.
 *
 * <p>What is noted is kept compact (about 21 bytes per message: UID, size, kind, a shared flag list), since a
 * first import notes every message of the mailbox. Thread-safe: folder syncs and new-mail runs of the account note
 * concurrently, each under its folder's lock, and the check takes the same lock.
 */
final class ReadBack {
  /** How many problems one error names. */
  static final int NAMED = 20;

  private final Map<String, Expected> folders = new ConcurrentHashMap<>();

  /**
   * A full listing: the store held {@code known} of the listed messages before this sync (they must read back,
   * with the listed flags once the sync applied them), the others may be stored by it; no other UID may be stored.
   */
  void listed(FolderId folder, long uidValidity, List<ServerMessage> server, Set<Long> known) {
    Expected expected = new Expected(uidValidity, true);
    Expected before = folders.get(folder.imapFolder());
    expected.written = before != null && before.written;
    for (ServerMessage message : server) {
      expected.add(message.uid(), known.contains(message.uid()) ? Expected.MUST : Expected.MAY, message.flags(),
          message.size());
    }
    folders.put(folder.imapFolder(), expected);
  }

  /** Metadata stored: these messages must read back with these flags and sizes. */
  void stored(FolderId folder, long uidValidity, List<MessageMetadata> batch) {
    Expected expected = expected(folder, uidValidity);
    for (MessageMetadata message : batch) {
      expected.add(message.key().uid(), Expected.MUST, message.flags(), message.size());
    }
    expected.written = true;
  }

  /** Flags replaced (messages the store holds). */
  void flagged(FolderId folder, long uidValidity, List<FlagUpdate> updates) {
    Expected expected = expected(folder, uidValidity);
    for (FlagUpdate update : updates) expected.add(update.uid(), Expected.MUST, update.flags(), -1);
    expected.written = true;
  }

  /** Messages deleted: they must be gone. */
  void deleted(FolderId folder, long uidValidity, Collection<Long> uids) {
    Expected expected = expected(folder, uidValidity);
    for (long uid : uids) expected.add(uid, Expected.GONE, null, -1);
    expected.written = true;
  }

  private Expected expected(FolderId folder, long uidValidity) {
    return folders.compute(folder.imapFolder(),
        (name, current) -> current != null && current.uidValidity == uidValidity ? current
            : new Expected(uidValidity, false));
  }

  /**
   * Reads back every folder synced in this run ({@link RunStats#folderResults}) that it wrote to, or whose pending
   * messages it completed, and reports each folder with problems as one error (counted in {@code stats}).
   */
  void verify(SyncContext context, AccountRuntime runtime, RunStats stats) {
    MailStore store = context.store();
    String accountId = runtime.account.id();
    Set<String> synced = new HashSet<>();
    synchronized (stats.folderResults) {
      for (FolderSyncResult result : stats.folderResults) synced.add(result.folder().id().imapFolder());
    }
    for (String imapFolder : synced) {
      Expected expected = folders.get(imapFolder);
      if (expected == null || !(expected.written || stats.pending.has(imapFolder))) continue;
      FolderId folderId = new FolderId(accountId, imapFolder);
      ReentrantLock lock = runtime.folderLock(imapFolder);
      lock.lock();
      try {
        List<String> problems = compare(expected, store.readBack(folderId, expected.uidValidity));
        if (problems.isEmpty()) continue;
        stats.errors.incrementAndGet();
        context.failed(accountId, "read back " + imapFolder, new MailStoreException(accountId + " - "
            + imapFolder + " (UIDVALIDITY " + expected.uidValidity + "): the store does not read back what the sync "
            + "wrote, " + problems.size() + " problem(s): " + String.join("; ", problems.subList(0,
                Math.min(NAMED, problems.size()))) + (problems.size() > NAMED ? "; ..." : "")));
      } catch (RuntimeException e) {
        stats.errors.incrementAndGet();
        context.failed(accountId, "read back " + imapFolder, new MailStoreException(accountId + " - "
            + imapFolder + " (UIDVALIDITY " + expected.uidValidity + "): the store could not read back what the "
            + "sync wrote: " + e.getMessage(), e));
      } finally {
        lock.unlock();
      }
    }
  }

  /** The differences between what was written and what the store reads back, one per UID. */
  static List<String> compare(Expected expected, List<StoredRow> rows) {
    Expected.Resolved want = expected.resolve();
    List<StoredRow> sorted = rows;
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i - 1).uid() > rows.get(i).uid()) {
        sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        break;
      }
    }
    List<String> problems = new ArrayList<>();
    int w = 0;
    long previous = -1;
    for (StoredRow row : sorted) {
      long uid = row.uid();
      if (uid == previous) {
        problems.add("UID " + uid + ": stored twice");
        continue;
      }
      previous = uid;
      while (w < want.size && want.uids[w] < uid) {
        if (want.kinds[w] == Expected.MUST) problems.add("UID " + want.uids[w] + ": missing");
        w++;
      }
      if (w < want.size && want.uids[w] == uid) {
        byte kind = want.kinds[w];
        if (kind == Expected.GONE) {
          problems.add("UID " + uid + ": still stored after it was deleted");
        } else if (kind == Expected.MUST) {
          if (want.flags[w] != null && !want.flags[w].equals(row.flags())) {
            problems.add("UID " + uid + ": flags " + row.flags() + " read back, " + want.flags[w] + " written");
          }
          if (want.sizes[w] >= 0 && row.size() >= 0 && want.sizes[w] != row.size()) {
            problems.add("UID " + uid + ": size " + row.size() + " read back, " + want.sizes[w] + " written");
          }
        }
        w++;
      } else if (expected.exact) {
        problems.add("UID " + uid + ": stored, but not on the server");
      }
    }
    for (; w < want.size; w++) {
      if (want.kinds[w] == Expected.MUST) problems.add("UID " + want.uids[w] + ": missing");
    }
    return problems;
  }

  /** What one folder must read back as: entries in the order they were noted; a later one for a UID wins. */
  static final class Expected {
    static final byte MAY = 0;
    static final byte MUST = 1;
    static final byte GONE = 2;

    final long uidValidity;
    final boolean exact;
    volatile boolean written;
    private final Map<List<String>, List<String>> flagLists = new HashMap<>();
    private int size;
    private long[] uids = new long[16];
    private long[] sizes = new long[16];
    private byte[] kinds = new byte[16];
    private Object[] flags = new Object[16];

    Expected(long uidValidity, boolean exact) {
      this.uidValidity = uidValidity;
      this.exact = exact;
    }

    /** @param flags null when unknown (keep what was noted before); size -1 when unknown */
    synchronized void add(long uid, byte kind, List<String> flags, long size) {
      if (uid <= 0 || uid > 0xFFFF_FFFFL) return; // not an IMAP UID: nothing to compare
      if (this.size == uids.length) {
        int grown = uids.length * 2;
        uids = Arrays.copyOf(uids, grown);
        sizes = Arrays.copyOf(sizes, grown);
        kinds = Arrays.copyOf(kinds, grown);
        this.flags = Arrays.copyOf(this.flags, grown);
      }
      uids[this.size] = uid;
      sizes[this.size] = size;
      kinds[this.size] = kind;
      this.flags[this.size] = flags == null ? null : flagLists.computeIfAbsent(List.copyOf(flags), f -> f);
      this.size++;
    }

    /** One entry per UID, ascending: the last kind noted, the last flags and size known. */
    @SuppressWarnings("unchecked")
    synchronized Resolved resolve() {
      long[] order = new long[size];
      for (int i = 0; i < size; i++) order[i] = uids[i] << 31 | i; // UIDs are below 2^32, entries below 2^31
      Arrays.sort(order);
      Resolved out = new Resolved(size);
      for (long packed : order) {
        int i = (int) (packed & 0x7FFF_FFFFL);
        int at = out.size - 1;
        if (at < 0 || out.uids[at] != uids[i]) {
          at = out.size++;
          out.uids[at] = uids[i];
          out.sizes[at] = -1;
        }
        out.kinds[at] = kinds[i];
        if (kinds[i] == GONE) {
          out.flags[at] = null;
          out.sizes[at] = -1;
        }
        if (flags[i] != null) out.flags[at] = (List<String>) flags[i];
        if (sizes[i] >= 0) out.sizes[at] = sizes[i];
      }
      return out;
    }

    static final class Resolved {
      int size;
      final long[] uids;
      final long[] sizes;
      final byte[] kinds;
      final List<String>[] flags;

      @SuppressWarnings("unchecked")
      Resolved(int capacity) {
        uids = new long[capacity];
        sizes = new long[capacity];
        kinds = new byte[capacity];
        flags = new List[capacity];
      }
    }
  }
}
