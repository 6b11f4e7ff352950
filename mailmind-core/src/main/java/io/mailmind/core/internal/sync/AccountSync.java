package io.mailmind.core.internal.sync;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;
import io.mailmind.core.internal.folder.FolderFilter;
import io.mailmind.core.internal.folder.FolderNames;
import io.mailmind.core.internal.folder.Flags;
import io.mailmind.core.internal.gmail.GmailFolders;
import io.mailmind.core.internal.imap.ListedFolder;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.model.SyncPhase;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.internal.status.Telemetry;
import io.mailmind.core.spi.MailStore;
import io.mailmind.core.spi.MailTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one account: LIST, keep the selectable folders the filter accepts, mirror the folder list into
 * the store, run a folder task per folder in priority order, wait for the content pipeline, report.
 */
final class AccountSync {
  private static final Logger LOG = LoggerFactory.getLogger(AccountSync.class);

  /** How long the connections of a finished sync stay open for the next one. */
  static final java.time.Duration CONNECTION_LINGER = java.time.Duration.ofSeconds(30);

  private final SyncContext context;
  private final AccountRuntime runtime;
  private final MailStore store;
  /** The store's folders as {@link #refreshFolders()} read them, by decoded server name. */
  private Map<String, Folder> storedFolders = Map.of();
  /** Whether {@link #refreshFolders()} removed folders from the store. */
  private boolean foldersRemoved;
  /** Whether every folder was found unchanged (nothing to sync). */
  private boolean nothingChanged;

  AccountSync(SyncContext context, AccountRuntime runtime) {
    this.context = context;
    this.runtime = runtime;
    this.store = context.store();
  }

  SyncReport run() {
    String accountId = runtime.account.id();
    Telemetry telemetry = context.listeners().telemetry();
    long start = telemetry.nanoTime();
    telemetry.syncStarted(accountId);
    SyncReport report = null;
    try {
      report = runAndReport();
      return report;
    } finally {
      telemetry.syncEnded(accountId, report);
      telemetry.phase(accountId, SyncPhase.ACCOUNT, start);
    }
  }

  private SyncReport runAndReport() {
    String accountId = runtime.account.id();
    RunStats stats = runtime.beginRun();
    runtime.pool.syncStarted(context.options().syncTimeout());
    context.listeners().onSyncStarted(accountId);
    LOG.debug("{} - sync started", accountId);
    List<FolderSyncResult> results = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger synced = new AtomicInteger();
    boolean held = false;
    boolean markdown = context.options().markdown();
    Set<String> covered = Set.of();
    try {
      List<String> all = context.retrying().run(accountId, "list folders", this::refreshFolders);
      covered = Set.copyOf(all);
      // What an earlier sync left unfinished (a failure, a kill, an outage) is completed by this one.
      stats.pending = PendingWork.of(store.pendingMessages(accountId), covered, markdown);
      List<String> folders = context.retrying().run(accountId, "status of folders", () -> changedFolders(all));
      nothingChanged = folders.isEmpty() && !foldersRemoved;
      synced.addAndGet(all.size() - folders.size());
      CountDownLatch done = new CountDownLatch(folders.size());
      // Metadata of every folder first (visible to the host at once), then content: no content batch competes
      // with the folder tasks for connections and CPU.
      runtime.pipeline.hold();
      held = true;
      new FolderLaunch(folders, context.options().maxConnectionsPerAccount(),
          imapFolder -> context.tasks().submit(new MailTask.SyncFolder(accountId, imapFolder)),
          (imapFolder, failure) -> {
            if (failure == null) {
              synced.incrementAndGet();
            } else {
              stats.errors.incrementAndGet();
              context.failed(accountId, "sync folder " + imapFolder, failure);
            }
            done.countDown();
          }).start();
      done.await();
      held = false;
      runtime.pipeline.release();
      runtime.pipeline.awaitIdle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stats.errors.incrementAndGet();
    } catch (MailmindException e) {
      stats.errors.incrementAndGet();
      context.failed(accountId, "sync", e);
    } finally {
      if (held) runtime.pipeline.release();
      runtime.pool.syncEnded();
      runtime.pool.closeIdleLater(CONNECTION_LINGER);
    }
    context.owned().checkOwned(accountId); // released meanwhile: no read-back, no report, the new owner syncs it
    stats.readBack.verify(context, runtime, stats);
    long pending = pendingAfter(accountId, covered, markdown, stats);
    results.addAll(stats.folderResults);
    long total = runtime.counts.total(nothingChanged && stats.errors.get() == 0, () -> safeCount(accountId));
    SyncReport report = new SyncReport(accountId, synced.get(), total, stats.messagesNew.get(),
        stats.messagesUpdated.get(), stats.messagesDeleted.get(), stats.bytes.get(), stats.errors.get(),
        pending, stats.elapsed(), stats.metadataDone(), stats.contentDone(), stats.markdownDone(), results);
    LOG.debug("{} - sync finished: {} new, {} updated, {} deleted, {} errors", accountId, report.messagesNew(),
        report.messagesUpdated(), report.messagesDeleted(), report.errors());
    context.listeners().onSyncFinished(report);
    return report;
  }

  /**
   * The messages of the synced folders still waiting for content or Markdown. When the run reported no error,
   * any of them is one: a sync that says it succeeded has left nothing behind.
   */
  private long pendingAfter(String accountId, Set<String> covered, boolean markdown, RunStats stats) {
    List<PendingMessage> left;
    try {
      left = PendingWork.relevant(store.pendingMessages(accountId), covered, markdown);
    } catch (MailmindException e) {
      stats.errors.incrementAndGet();
      context.failed(accountId, "count the pending messages", e);
      return -1;
    }
    if (!left.isEmpty() && stats.errors.get() == 0) {
      stats.errors.incrementAndGet();
      context.failed(accountId, "sync", new MailStoreException(left.size() + " messages are still without their"
          + " content or Markdown after the sync, first " + left.get(0).key() + " (" + left.get(0).work() + ")"));
    }
    return left.size();
  }

  private long safeCount(String accountId) {
    try {
      return store.countMessages(accountId);
    } catch (MailmindException e) {
      return -1;
    }
  }

  /** LIST, update the store's folders, return the folders to sync in priority order. */
  List<String> refreshFolders() {
    String accountId = runtime.account.id();
    Listing listing = runtime.withConnection(connection -> new Listing(connection.list(), connection.isGmail()));
    List<ListedFolder> listed = listing.folders();
    // Gmail: only All Mail, Spam and Trash, never the label folders (see internal.gmail.GmailFolders)
    Predicate<Collection<String>> scope = listing.gmail() ? GmailFolders.scope(accountId, listed) : attributes -> true;
    var options = context.options();
    FolderFilter filter = FolderFilter.of(options.include(), options.exclude());
    FolderFilter accountFilter = FolderFilter.of(runtime.account.include(), runtime.account.exclude());
    runtime.folders.update(listed);
    Map<String, Folder> onServer = new HashMap<>();
    for (ListedFolder folder : listed) {
      if (!folder.selectable()) continue;
      String imapFolder = FolderDirectory.imapFolder(folder);
      onServer.put(imapFolder, new Folder(new FolderId(accountId, imapFolder), runtime.folders.logicalName(imapFolder),
          Flags.normalize(folder.attributes()), SyncCheckpoint.NONE));
    }
    Map<String, Folder> stored = new HashMap<>();
    for (Folder folder : store.folders(accountId)) stored.put(folder.id().imapFolder(), folder);
    storedFolders = stored;
    for (Folder folder : stored.values()) {
      if (!onServer.containsKey(folder.id().imapFolder())) {
        store.deleteFolder(folder.id());
        foldersRemoved = true;
        LOG.debug("{} - folder {} is gone from the server; removed", accountId, folder.id().imapFolder());
        context.listeners().onFolderDeleted(folder.id());
      }
    }
    List<Folder> selected = new ArrayList<>();
    for (Folder folder : onServer.values()) {
      if (!filter.accepts(folder.id().imapFolder()) || !accountFilter.accepts(folder.id().imapFolder())
          || !scope.test(folder.attributes())) continue;
      Folder before = stored.get(folder.id().imapFolder());
      if (before == null || !before.name().equals(folder.name()) || !before.attributes().equals(folder.attributes())) {
        store.upsertFolder(folder);
      }
      if (before == null) context.listeners().onFolderCreated(folder.id());
      selected.add(folder);
    }
    selected.sort(java.util.Comparator.comparing(Folder::name, FolderNames.syncOrder()));
    return selected.stream().map(f -> f.id().imapFolder()).toList();
  }

  /**
   * The folders that may have changed since their last complete sync, by STATUS without selecting them: with
   * CONDSTORE a folder whose UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and message count are as recorded is
   * skipped; without it, one whose UIDVALIDITY, UIDNEXT and count are as recorded is skipped while its last
   * full check is younger than the flag-refresh interval.
   */
  List<String> changedFolders(List<String> folders) {
    var options = context.options();
    java.time.Instant now = context.clock().instant();
    return runtime.withConnection(connection -> {
      boolean condstore = connection.condstore();
      if (!condstore && options.flagRefreshInterval().isZero()) return folders;
      List<String> changed = new ArrayList<>();
      for (String imapFolder : folders) {
        FolderId id = new FolderId(runtime.account.id(), imapFolder);
        Folder known = storedFolders.get(imapFolder); // just read by refreshFolders; its checkpoint is current
        SyncCheckpoint checkpoint = (known != null ? Optional.of(known) : store.folder(id)).map(Folder::checkpoint)
            .orElse(SyncCheckpoint.NONE);
        if (checkpoint.isEmpty() || checkpoint.lastFullSync() == null || runtime.stats().pending.has(imapFolder)) {
          changed.add(imapFolder);
          continue;
        }
        var status = connection.status(runtime.folders.serverName(imapFolder));
        boolean same = status.uidValidity() == checkpoint.uidValidity() && status.uidNext() == checkpoint.uidNext()
            && status.messages() == runtime.counts.folder(imapFolder, status,
                () -> store.countMessages(id, checkpoint.uidValidity()));
        boolean unchanged = condstore
            ? same && status.highestModSeq() > 0 && status.highestModSeq() == checkpoint.highestModSeq()
            : same && checkpoint.lastFullSync().plus(options.flagRefreshInterval()).isAfter(now);
        if (!unchanged) changed.add(imapFolder);
      }
      return changed;
    });
  }

  private record Listing(List<ListedFolder> folders, boolean gmail) {}
}
