package io.mailmind.core.internal.sync;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder sync: compares the server's UIDs and flags with the stored ones, removes what is gone, updates
 * changed flags, stores the metadata of new messages at once (newest first, in batches), records the
 * checkpoint, then queues the content batches and pending Markdown on the account's pipeline.
 */
final class FolderSynchronizer {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSynchronizer.class);

  private final SyncEngine engine;
  private final MailStore store;
  private final MessageMapper mapper;
  private final Clock clock;

  FolderSynchronizer(SyncEngine engine, MessageMapper mapper) {
    this.engine = engine;
    this.store = engine.config().store();
    this.mapper = mapper;
    this.clock = engine.config().clock();
  }

  /**
   * The folder sync result; the new UIDs whose metadata was stored are in {@code newUids}; the content batches
   * left for the caller (when {@code inlineContent}) in {@code contentBatches}.
   */
  record Outcome(FolderSyncResult result, List<Long> newUids, long uidValidity,
      List<MailTask.FetchContentBatch> contentBatches) {}

  /**
   * Syncs one folder. Content batches go to the account's pipeline, or, when {@code inlineContent}, back to the
   * caller in the outcome (the new-mail unit runs them at once).
   */
  Outcome sync(AccountRuntime runtime, String imapFolder, boolean inlineContent) {
    long started = System.nanoTime();
    FolderId folderId = new FolderId(runtime.account.id(), imapFolder);
    String serverName = engine.serverName(runtime, imapFolder);
    RunStats stats = runtime.stats();
    Plan plan = runtime.withConnection(connection -> examine(runtime, connection, folderId, serverName, stats));
    if (!inlineContent) {
      for (MailTask.FetchContentBatch batch : plan.contentBatches) runtime.pipeline.enqueue(batch);
    }
    for (MailTask.RenderMarkdown render : plan.markdown) runtime.pipeline.enqueue(render);
    Folder folder = store.folder(folderId).orElseThrow();
    FolderSyncResult result = new FolderSyncResult(folder, plan.newUids.size(), plan.updated, plan.deleted,
        plan.contentBytes, 0, Duration.ofNanos(System.nanoTime() - started));
    stats.folderResults.add(result);
    engine.listeners().onFolderSynced(result);
    return new Outcome(result, plan.newUids, plan.uidValidity,
        inlineContent ? List.copyOf(plan.contentBatches) : List.of());
  }

  private static final class Plan {
    long uidValidity;
    final List<Long> newUids = new ArrayList<>();
    long updated;
    long deleted;
    long contentBytes;
    final List<MailTask.FetchContentBatch> contentBatches = new ArrayList<>();
    final List<MailTask.RenderMarkdown> markdown = new ArrayList<>();
  }

  private Plan examine(AccountRuntime runtime, ImapConnection connection, FolderId folderId, String serverName,
      RunStats stats) {
    String accountId = runtime.account.id();
    Plan plan = new Plan();
    SelectedFolder selected = connection.select(serverName);
    plan.uidValidity = selected.uidValidity();
    String logical = runtime.logicalNames.getOrDefault(folderId.imapFolder(), folderId.imapFolder());
    Folder stored = store.folder(folderId).orElse(null);
    if (stored == null) {
      stored = new Folder(folderId, logical, List.of(), SyncCheckpoint.NONE);
      store.upsertFolder(stored);
    }
    SyncCheckpoint checkpoint = stored.checkpoint();
    if (!checkpoint.isEmpty() && checkpoint.uidValidity() != selected.uidValidity()) {
      long removed = connection.isGmail() // Gmail: re-map the stored rows by X-GM-MSGID instead of fetching again
          ? GmailRemap.remap(store, connection, folderId, checkpoint.uidValidity(), selected,
              engine.config().syncOptions().batchSize())
          : store.purgeOtherUidValidity(folderId, selected.uidValidity());
      LOG.info("{} - {}: UIDVALIDITY changed from {} to {}; removed {} stored messages", accountId,
          folderId.imapFolder(), checkpoint.uidValidity(), selected.uidValidity(), removed);
      engine.listeners().onUidValidityChanged(folderId, checkpoint.uidValidity(), selected.uidValidity());
    } else if (checkpoint.isEmpty()) {
      store.purgeOtherUidValidity(folderId, selected.uidValidity());
    }

    List<ServerMessage> server = selected.exists() == 0 ? List.of() : connection.listMessages();
    List<KnownMessage> known = store.knownMessages(folderId, selected.uidValidity());
    Map<Long, KnownMessage> knownByUid = new HashMap<>(known.size() * 2);
    for (KnownMessage message : known) knownByUid.put(message.uid(), message);
    Set<Long> serverUids = new HashSet<>(server.size() * 2);
    List<FlagUpdate> flagUpdates = new ArrayList<>();
    List<ServerMessage> fresh = new ArrayList<>();
    for (ServerMessage message : server) {
      serverUids.add(message.uid());
      KnownMessage stored1 = knownByUid.get(message.uid());
      if (stored1 == null) {
        fresh.add(message);
      } else if (!stored1.flags().equals(message.flags()) || message.labelsChanged(stored1.labels())) {
        flagUpdates.add(new FlagUpdate(message.uid(), message.flags(), message.labelsOr(stored1.labels())));
      }
    }
    List<Long> gone = new ArrayList<>();
    for (KnownMessage message : known) {
      if (!serverUids.contains(message.uid())) gone.add(message.uid());
    }

    if (!gone.isEmpty()) {
      plan.deleted = store.deleteMessages(folderId, selected.uidValidity(), gone);
      stats.messagesDeleted.addAndGet(plan.deleted);
      engine.listeners().onMessagesDeleted(event(folderId, logical, selected.uidValidity(), gone));
    }
    if (!flagUpdates.isEmpty()) {
      if (connection.isGmail()) { // Gmail: a label change may change the logical folder
        GmailLabelUpdates.store(store, folderId, selected.uidValidity(), logical, flagUpdates, knownByUid);
      } else {
        store.updateFlags(folderId, selected.uidValidity(), flagUpdates);
      }
      plan.updated = flagUpdates.size();
      stats.messagesUpdated.addAndGet(flagUpdates.size());
      engine.listeners().onFlagsChanged(event(folderId, logical, selected.uidValidity(),
          flagUpdates.stream().map(FlagUpdate::uid).toList()));
    }

    // Metadata of new messages, newest first, each batch committed at once.
    fresh.sort((a, b) -> Long.compare(b.uid(), a.uid()));
    int batchSize = engine.config().syncOptions().metadataBatchSize();
    for (int from = 0; from < fresh.size(); from += batchSize) {
      List<ServerMessage> slice = fresh.subList(from, Math.min(fresh.size(), from + batchSize));
      long[] uids = slice.stream().mapToLong(ServerMessage::uid).toArray();
      List<MessageMetadata> batch = new ArrayList<>(uids.length);
      for (FetchedHeaders headers : connection.fetchHeaders(uids)) {
        batch.add(metadata(folderId, logical, selected.uidValidity(), headers));
      }
      if (batch.isEmpty()) continue;
      store.upsertMetadata(batch);
      stats.metadataCommitted();
      List<Long> storedUids = batch.stream().map(m -> m.key().uid()).sorted().toList();
      plan.newUids.addAll(storedUids);
      stats.messagesNew.addAndGet(storedUids.size());
      engine.listeners().onMessagesStored(event(folderId, logical, selected.uidValidity(), storedUids));
    }
    store.saveCheckpoint(folderId,
        new SyncCheckpoint(selected.uidValidity(), selected.uidNext(), selected.highestModSeq(), clock.instant()));

    // Content: new messages and those an earlier run left at metadata only, newest first.
    Set<Long> storedNew = new HashSet<>(plan.newUids);
    List<ContentBatcher.Sized> needContent = new ArrayList<>();
    List<Long> markdownPending = new ArrayList<>();
    for (int i = server.size() - 1; i >= 0; i--) {
      ServerMessage message = server.get(i);
      KnownMessage stored1 = knownByUid.get(message.uid());
      boolean metadataOnly = stored1 != null ? stored1.state() == ContentState.METADATA_ONLY
          : storedNew.contains(message.uid());
      if (metadataOnly) {
        needContent.add(new ContentBatcher.Sized(message.uid(), message.size()));
        plan.contentBytes += message.size();
      } else if (stored1 != null && stored1.markdownPending()) {
        markdownPending.add(message.uid());
      }
    }
    needContent.sort((a, b) -> Long.compare(b.uid(), a.uid()));
    var options = engine.config().syncOptions();
    for (List<Long> uids : ContentBatcher.split(needContent, options.batchSize(), options.batchMaxBytes())) {
      plan.contentBatches.add(
          new MailTask.FetchContentBatch(accountId, folderId.imapFolder(), selected.uidValidity(), uids));
    }
    if (options.markdown()) {
      for (int from = 0; from < markdownPending.size(); from += options.batchSize()) {
        plan.markdown.add(new MailTask.RenderMarkdown(accountId, folderId.imapFolder(), selected.uidValidity(),
            markdownPending.subList(from, Math.min(markdownPending.size(), from + options.batchSize()))));
      }
    }
    LOG.debug("{} - {}: {} on server, {} new, {} flag changes, {} gone, {} content batches", accountId,
        folderId.imapFolder(), server.size(), plan.newUids.size(), plan.updated, gone.size(),
        plan.contentBatches.size());
    return plan;
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
