package io.mailmind.core.internal.sync;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.internal.gmail.GmailLabelUpdates;
import io.mailmind.core.internal.gmail.GmailMessages;
import io.mailmind.core.internal.gmail.GmailRemap;
import io.mailmind.core.internal.imap.FetchedHeaders;
import io.mailmind.core.internal.imap.ImapConnection;
import io.mailmind.core.internal.imap.SelectedFolder;
import io.mailmind.core.internal.imap.ServerMessage;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.internal.mime.ThreadIds;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.MailStore;
import io.mailmind.core.spi.MailTask;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder sync. Compares the server with the store, removes what is gone, updates changed flags, stores
 * the metadata of new messages at once (newest first, in batches), then plans the content batches and pending
 * Markdown.
 *
 * <p>Two ways to compare: the full way lists every UID with its flags and diffs it with the stored
 * messages; the incremental way, used when the server has CONDSTORE and the folder's last sync completed
 * (content included), asks only for what changed since the stored HIGHESTMODSEQ and looks for expunges only
 * when the message count says some happened. The checkpoint marks a folder complete ({@code lastFullSync}
 * set) only once all its content and Markdown are stored.
 */
public final class FolderSynchronizer {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSynchronizer.class);

  private final SyncContext context;
  private final MailStore store;
  private final MessageMapper mapper;
  private final Clock clock;

  public FolderSynchronizer(SyncContext context, MessageMapper mapper) {
    this.context = context;
    this.store = context.store();
    this.mapper = mapper;
    this.clock = context.clock();
  }

  /**
   * What a folder sync leaves a caller that runs its content itself ({@code inlineContent}): the content batches,
   * and the folder's content {@code progress} to end when they are done. The new mail the sync found (UIDs above the
   * folder's UIDNEXT of its last sync; none at the folder's first import) travels with that progress and is
   * announced as its content is stored.
   */
  record Outcome(List<MailTask.FetchContentBatch> contentBatches, ContentPipeline.Progress progress) {}

  /**
   * Syncs one folder. Content batches go to the account's pipeline, or, when {@code inlineContent}, back to the
   * caller in the outcome (the new-mail unit runs them at once and then ends the progress).
   */
  Outcome sync(AccountRuntime runtime, String imapFolder, boolean inlineContent) {
    long started = System.nanoTime();
    FolderId folderId = new FolderId(runtime.account.id(), imapFolder);
    String serverName = runtime.folders.serverName(imapFolder);
    RunStats stats = runtime.stats();
    ReentrantLock lock = runtime.folderLock(imapFolder);
    lock.lock();
    Plan plan;
    ContentPipeline.Progress progress;
    try {
      plan = runtime.withConnection(connection -> examine(runtime, connection, folderId, serverName, stats));
      SyncCheckpoint complete = plan.checkpoint;
      SyncCheckpoint saved = plan.saved;
      progress = runtime.pipeline.begin(imapFolder, plan.uidValidity,
          () -> markComplete(runtime, folderId, saved, complete), plan.newMail);
      if (!inlineContent) {
        for (MailTask.FetchContentBatch batch : plan.contentBatches) runtime.pipeline.enqueue(batch);
      }
      for (MailTask.RenderMarkdown render : plan.markdown) runtime.pipeline.enqueue(render, false);
    } finally {
      lock.unlock();
    }
    if (!inlineContent) runtime.pipeline.end(progress, false);
    Folder folder = store.folder(folderId).orElseThrow();
    FolderSyncResult result = new FolderSyncResult(folder, plan.newUids.size(), plan.updated, plan.deleted,
        plan.contentBytes, 0, Duration.ofNanos(System.nanoTime() - started));
    stats.folderResults.add(result);
    context.listeners().onFolderSynced(result);
    return new Outcome(inlineContent ? List.copyOf(plan.contentBatches) : List.of(), inlineContent ? progress : null);
  }

  /** Records the folder as complete, unless another sync has moved its checkpoint since {@code saved}. */
  private void markComplete(AccountRuntime runtime, FolderId folderId, SyncCheckpoint saved, SyncCheckpoint complete) {
    ReentrantLock lock = runtime.folderLock(folderId.imapFolder());
    lock.lock();
    try {
      SyncCheckpoint current = store.folder(folderId).map(Folder::checkpoint).orElse(null);
      if (current != null && current.uidValidity() == saved.uidValidity() && current.uidNext() == saved.uidNext()
          && current.lastFullSync() == null) {
        store.saveCheckpoint(folderId, complete);
      }
    } catch (RuntimeException e) {
      LOG.debug("{} - could not mark {} complete: {}", folderId.accountId(), folderId.imapFolder(), e.toString());
    } finally {
      lock.unlock();
    }
  }

  private static final class Plan {
    long uidValidity;
    /** The checkpoint when all content is stored. */
    SyncCheckpoint checkpoint;
    /** The checkpoint saved now: {@link #checkpoint}, or while content is pending one that keeps the old UIDNEXT. */
    SyncCheckpoint saved;
    final List<Long> newUids = new ArrayList<>();
    final List<Long> newMail = new ArrayList<>();
    long updated;
    long deleted;
    long contentBytes;
    final List<MailTask.FetchContentBatch> contentBatches = new ArrayList<>();
    final List<MailTask.RenderMarkdown> markdown = new ArrayList<>();
  }

  private Plan examine(AccountRuntime runtime, ImapConnection connection, FolderId folderId, String serverName,
      RunStats stats) {
    Plan plan = new Plan();
    SelectedFolder selected = connection.select(serverName);
    plan.uidValidity = selected.uidValidity();
    String logical = runtime.folders.logicalName(folderId.imapFolder());
    Folder stored = store.folder(folderId).orElse(null);
    if (stored == null) {
      stored = new Folder(folderId, logical, List.of(), SyncCheckpoint.NONE);
      store.upsertFolder(stored);
      context.listeners().onFolderCreated(folderId);
    }
    SyncCheckpoint checkpoint = stored.checkpoint();
    if (!checkpoint.isEmpty() && checkpoint.uidValidity() != selected.uidValidity()) {
      long removed = connection.isGmail() // Gmail: re-map the stored rows by X-GM-MSGID instead of fetching again
          ? GmailRemap.remap(store, connection, folderId, checkpoint.uidValidity(), selected,
              context.options().batchSize())
          : store.purgeOtherUidValidity(folderId, selected.uidValidity());
      LOG.info("{} - {}: UIDVALIDITY changed from {} to {}; removed {} stored messages", folderId.accountId(),
          folderId.imapFolder(), checkpoint.uidValidity(), selected.uidValidity(), removed);
      context.listeners().onUidValidityChanged(folderId, checkpoint.uidValidity(), selected.uidValidity());
      checkpoint = SyncCheckpoint.NONE;
    } else if (checkpoint.isEmpty()) {
      store.purgeOtherUidValidity(folderId, selected.uidValidity());
    }
    boolean incremental = selected.highestModSeq() > 0 && checkpoint.highestModSeq() > 0
        && checkpoint.lastFullSync() != null && checkpoint.uidValidity() == selected.uidValidity();

    List<ContentBatcher.Sized> needContent = new ArrayList<>();
    List<Long> markdownPending = new ArrayList<>();
    if (incremental) {
      incremental(runtime, serverName, connection, folderId, logical, selected, checkpoint, plan, stats, needContent);
      // An incremental sync lists only what changed on the server: add what the store holds unfinished.
      Set<Long> planned = new HashSet<>(plan.newUids);
      for (PendingMessage p : stats.pending.of(folderId.imapFolder(), selected.uidValidity())) {
        if (planned.contains(p.key().uid())) continue;
        if (p.work() == PendingMessage.Work.CONTENT) needContent.add(new ContentBatcher.Sized(p.key().uid(), p.size()));
        else markdownPending.add(p.key().uid());
      }
    } else {
      full(runtime, serverName, connection, folderId, logical, selected, plan, stats, needContent, markdownPending);
    }
    if (!checkpoint.isEmpty()) {
      // Mail that arrived since the last sync (not the first import of the folder) is new mail for the host. That
      // includes messages an earlier sync stored without their content (a node killed or released in between):
      // they were never announced, and the checkpoint kept the UIDNEXT that sync started from (below).
      long since = checkpoint.uidNext();
      Set<Long> mail = new TreeSet<>();
      for (long uid : plan.newUids) {
        if (uid >= since) mail.add(uid);
      }
      for (ContentBatcher.Sized message : needContent) {
        if (message.uid() >= since) mail.add(message.uid());
      }
      plan.newMail.addAll(mail);
    }
    boolean pending = !needContent.isEmpty() || !markdownPending.isEmpty();
    SyncCheckpoint complete = new SyncCheckpoint(selected.uidValidity(), selected.uidNext(),
        selected.highestModSeq(), clock.instant());
    plan.checkpoint = complete;
    // Until every message has its content, the folder keeps the UIDNEXT this sync started from: what this sync
    // stores without content stays new mail for the sync that finishes it, on this node or another.
    plan.saved = pending
        ? new SyncCheckpoint(selected.uidValidity(), checkpoint.isEmpty() ? selected.uidNext() : checkpoint.uidNext(), 0, null)
        : complete;
    store.saveCheckpoint(folderId, plan.saved);

    var options = context.options();
    needContent.sort((a, b) -> Long.compare(b.uid(), a.uid()));
    for (List<Long> uids : ContentBatcher.split(needContent, options.batchSize(), batchMaxBytes(options))) {
      plan.contentBatches.add(new MailTask.FetchContentBatch(folderId.accountId(), folderId.imapFolder(),
          selected.uidValidity(), uids));
    }
    if (options.markdown()) {
      for (int from = 0; from < markdownPending.size(); from += options.batchSize()) {
        plan.markdown.add(new MailTask.RenderMarkdown(folderId.accountId(), folderId.imapFolder(),
            selected.uidValidity(), markdownPending.subList(from, Math.min(markdownPending.size(),
                from + options.batchSize()))));
      }
    }
    LOG.debug("{} - {}: {} sync, {} new, {} flag changes, {} gone, {} content batches", folderId.accountId(),
        folderId.imapFolder(), incremental ? "incremental" : "full", plan.newUids.size(), plan.updated,
        plan.deleted, plan.contentBatches.size());
    return plan;
  }

  /**
   * The byte bound of a content batch: the option, but at most 1/16 of the heap, since a few batches are in memory
   * at once (fetched, being stored) with their decoded attachments: 16 MiB under -Xmx256m.
   */
  static long batchMaxBytes(io.mailmind.core.SyncOptions options) {
    return Math.min(options.batchMaxBytes(), Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 16));
  }

  /** Lists every UID and its flags and diffs them with the stored messages. */
  private void full(AccountRuntime runtime, String serverName, ImapConnection connection, FolderId folderId, String logical, SelectedFolder selected, Plan plan,
      RunStats stats, List<ContentBatcher.Sized> needContent, List<Long> markdownPending) {
    List<ServerMessage> server = selected.exists() == 0 ? List.of() : connection.listMessages();
    List<KnownMessage> known = store.knownMessages(folderId, selected.uidValidity());
    Map<Long, KnownMessage> knownByUid = new HashMap<>(known.size() * 2);
    for (KnownMessage message : known) knownByUid.put(message.uid(), message);
    stats.readBack.listed(folderId, selected.uidValidity(), server, knownByUid.keySet());
    Set<Long> serverUids = new HashSet<>(server.size() * 2);
    List<FlagUpdate> flagUpdates = new ArrayList<>();
    List<ServerMessage> fresh = new ArrayList<>();
    for (ServerMessage message : server) {
      serverUids.add(message.uid());
      KnownMessage storedMessage = knownByUid.get(message.uid());
      if (storedMessage == null) {
        fresh.add(message);
      } else {
        if (!storedMessage.flags().equals(message.flags()) || message.labelsChanged(storedMessage.labels())) {
          flagUpdates.add(new FlagUpdate(message.uid(), message.flags(), message.labelsOr(storedMessage.labels())));
        }
        if (storedMessage.state() == ContentState.METADATA_ONLY) {
          needContent.add(new ContentBatcher.Sized(message.uid(), message.size()));
        } else if (storedMessage.markdownPending()) {
          markdownPending.add(message.uid());
        }
      }
    }
    List<Long> gone = new ArrayList<>();
    for (KnownMessage message : known) {
      if (!serverUids.contains(message.uid())) gone.add(message.uid());
    }
    applyDeletions(folderId, logical, selected.uidValidity(), gone, plan, stats);
    applyFlags(folderId, logical, selected.uidValidity(), flagUpdates, plan, stats,
        connection.isGmail() ? knownByUid : null);
    storeNew(runtime, connection, folderId, serverName, logical, selected.uidValidity(), fresh, plan, stats,
        needContent);
  }

  /** Asks for what changed since the stored HIGHESTMODSEQ; looks for expunges only when the count differs. */
  private void incremental(AccountRuntime runtime, String serverName, ImapConnection connection, FolderId folderId, String logical, SelectedFolder selected,
      SyncCheckpoint checkpoint, Plan plan, RunStats stats, List<ContentBatcher.Sized> needContent) {
    long uidValidity = selected.uidValidity();
    List<ServerMessage> changed = selected.highestModSeq() == checkpoint.highestModSeq() || selected.exists() == 0
        ? List.of() : connection.listChangedSince(checkpoint.highestModSeq());
    List<ServerMessage> fresh = new ArrayList<>();
    List<ServerMessage> changedBefore = new ArrayList<>();
    for (ServerMessage message : changed) {
      if (message.uid() >= checkpoint.uidNext()) fresh.add(message);
      else changedBefore.add(message);
    }
    long storedCount = store.countMessages(folderId, uidValidity);
    if (storedCount + fresh.size() != selected.exists()) {
      Set<Long> onServer = new HashSet<>(connection.listUids());
      List<Long> gone = new ArrayList<>();
      for (KnownMessage message : store.knownMessages(folderId, uidValidity)) {
        if (!onServer.contains(message.uid())) gone.add(message.uid());
      }
      applyDeletions(folderId, logical, uidValidity, gone, plan, stats);
    }
    if (!changedBefore.isEmpty()) {
      // Only the flags (and Gmail labels, when listed) of messages stored before are compared.
      Map<Long, KnownMessage> stored = new HashMap<>();
      for (KnownMessage message : store.knownMessages(folderId, uidValidity)) stored.put(message.uid(), message);
      List<FlagUpdate> real = new ArrayList<>();
      for (ServerMessage message : changedBefore) {
        KnownMessage before = stored.get(message.uid());
        if (before != null && (!before.flags().equals(message.flags()) || message.labelsChanged(before.labels()))) {
          real.add(new FlagUpdate(message.uid(), message.flags(), message.labelsOr(before.labels())));
        }
      }
      applyFlags(folderId, logical, uidValidity, real, plan, stats, connection.isGmail() ? stored : null);
    }
    storeNew(runtime, connection, folderId, serverName, logical, uidValidity, fresh, plan, stats, needContent);
  }

  private void applyDeletions(FolderId folderId, String logical, long uidValidity, List<Long> gone, Plan plan,
      RunStats stats) {
    if (gone.isEmpty()) return;
    long removed = store.deleteMessages(folderId, uidValidity, gone);
    stats.readBack.deleted(folderId, uidValidity, gone);
    plan.deleted += removed;
    stats.messagesDeleted.addAndGet(removed);
    context.listeners().onMessagesDeleted(event(folderId, logical, uidValidity, gone));
  }

  /** @param gmailKnown on Gmail the stored messages by UID (a label change may change the folder), else null */
  private void applyFlags(FolderId folderId, String logical, long uidValidity, List<FlagUpdate> updates, Plan plan,
      RunStats stats, Map<Long, KnownMessage> gmailKnown) {
    if (updates.isEmpty()) return;
    if (gmailKnown != null) GmailLabelUpdates.store(store, folderId, uidValidity, logical, updates, gmailKnown);
    else store.updateFlags(folderId, uidValidity, updates);
    stats.readBack.flagged(folderId, uidValidity, updates);
    plan.updated += updates.size();
    stats.messagesUpdated.addAndGet(updates.size());
    context.listeners().onFlagsChanged(event(folderId, logical, uidValidity,
        updates.stream().map(FlagUpdate::uid).toList()));
  }

  /** Stores the metadata of new messages, newest first, each batch committed at once. */
  private void storeNew(AccountRuntime runtime, ImapConnection connection, FolderId folderId, String serverName,
      String logical, long uidValidity, List<ServerMessage> fresh, Plan plan, RunStats stats,
      List<ContentBatcher.Sized> needContent) {
    fresh.sort((a, b) -> Long.compare(b.uid(), a.uid()));
    int batchSize = context.options().metadataBatchSize();
    HeaderFetch fetch = new HeaderFetch(runtime, connection, folderId, serverName, uidValidity);
    for (int from = 0; from < fresh.size(); from += batchSize) {
      List<ServerMessage> slice = fresh.subList(from, Math.min(fresh.size(), from + batchSize));
      List<MessageMetadata> batch = new ArrayList<>(slice.size());
      for (FetchedHeaders headers : fetch.headers(slice)) {
        batch.add(metadata(folderId, logical, uidValidity, headers));
      }
      fetch.storePoisoned(logical, stats);
      if (batch.isEmpty()) continue;
      store.upsertMetadata(batch);
      stats.readBack.stored(folderId, uidValidity, batch);
      stats.metadataCommitted();
      List<Long> storedUids = batch.stream().map(m -> m.key().uid()).sorted().toList();
      plan.newUids.addAll(storedUids);
      stats.messagesNew.addAndGet(storedUids.size());
      for (MessageMetadata message : batch) {
        needContent.add(new ContentBatcher.Sized(message.key().uid(), message.size()));
        plan.contentBytes += message.size();
      }
      context.listeners().onMessagesStored(event(folderId, logical, uidValidity, storedUids));
    }
  }

  /**
   * The header fetches of one folder sync: on the sync's own connection while it works; when a fetch keeps failing
   * in a way one message may cause, it is split in halves (each on a fresh connection, the old one may be gone)
   * until the bad messages are alone. Those are stored from what the listing knows (flags, size, no headers) as
   * {@code error} rows with the reason, so the rest of the folder is stored and nothing is left out in silence.
   */
  private final class HeaderFetch {
    private final AccountRuntime runtime;
    private final FolderId folderId;
    private final String serverName;
    private final long uidValidity;
    private ImapConnection connection;
    private final Map<ServerMessage, MailConnectionException> poisoned = new java.util.LinkedHashMap<>();

    HeaderFetch(AccountRuntime runtime, ImapConnection connection, FolderId folderId, String serverName,
        long uidValidity) {
      this.runtime = runtime;
      this.connection = connection;
      this.folderId = folderId;
      this.serverName = serverName;
      this.uidValidity = uidValidity;
    }

    List<FetchedHeaders> headers(List<ServerMessage> messages) {
      long[] uids = messages.stream().mapToLong(ServerMessage::uid).toArray();
      try {
        if (connection != null) return connection.fetchHeaders(uids);
        return context.retrying().run(folderId.accountId(), "fetch headers in " + folderId.imapFolder(),
            () -> runtime.withConnection(fresh -> {
              if (fresh.select(serverName).uidValidity() != uidValidity) return List.<FetchedHeaders>of();
              return fresh.fetchHeaders(uids);
            }));
      } catch (MailConnectionException e) {
        if (!Isolation.messageMayCause(e) || runtime.pool.syncDeadlinePassed()) throw e;
        connection = null; // it may be gone with the failure: fresh ones from now on
        if (messages.size() == 1) {
          poisoned.put(messages.get(0), e);
          return List.of();
        }
        LOG.debug("{} - headers of {} messages in {} failed ({}); fetching halves to find the message",
            folderId.accountId(), messages.size(), folderId.imapFolder(), e.getMessage());
        int half = messages.size() / 2;
        List<FetchedHeaders> out = new ArrayList<>(headers(messages.subList(0, half)));
        out.addAll(headers(messages.subList(half, messages.size())));
        return out;
      }
    }

    /** Stores the messages found bad so far as error rows, reports each with its UID, and forgets them. */
    void storePoisoned(String logical, RunStats stats) {
      if (poisoned.isEmpty()) return;
      List<MessageMetadata> rows = new ArrayList<>();
      List<io.mailmind.core.model.MessageContent> errors = new ArrayList<>();
      for (Map.Entry<ServerMessage, MailConnectionException> bad : poisoned.entrySet()) {
        ServerMessage listed = bad.getKey();
        MessageKey key = new MessageKey(folderId, uidValidity, listed.uid());
        rows.add(new MessageMetadata(key, logical, MessageHeaders.EMPTY, "uid-" + listed.uid(), null, listed.flags(),
            listed.labels() == null ? List.of() : listed.labels(), listed.size(), null, null));
        String reason = "its headers could not be fetched: " + bad.getValue().getMessage();
        errors.add(new io.mailmind.core.model.MessageContent(key, MessageHeaders.EMPTY, "uid-" + listed.uid(), null,
            null, null, List.of(), ContentState.ERROR, reason));
        stats.errors.incrementAndGet();
        context.failed(folderId.accountId(), "fetch headers of " + folderId.imapFolder() + " UID " + listed.uid(),
            new MailConnectionException(bad.getValue().kind(), folderId.accountId() + " - " + folderId.imapFolder()
                + " UID " + listed.uid() + ": " + reason + "; stored as an error row", bad.getValue()));
      }
      store.upsertMetadata(rows);
      store.upsertContent(errors);
      poisoned.clear();
    }
  }

  private MessageMetadata metadata(FolderId folderId, String logical, long uidValidity, FetchedHeaders fetched) {
    MessageHeaders headers = mapper.parseHeaders(fetched.headerBlock());
    MessageKey key = new MessageKey(folderId, uidValidity, fetched.uid());
    if (fetched.gmail() != null) {
      return GmailMessages.metadata(key, logical, headers, fetched, ThreadIds.threadId(headers));
    }
    return new MessageMetadata(key, logical, headers,
        ThreadIds.threadId(headers), fetched.internalDate(), fetched.flags(), List.of(), fetched.size(), null, null);
  }

  private MessagesEvent event(FolderId folderId, String logical, long uidValidity, List<Long> uids) {
    return new MessagesEvent(folderId.accountId(), logical, folderId.imapFolder(), uidValidity,
        uids.stream().sorted().toList(), clock.instant());
  }
}
