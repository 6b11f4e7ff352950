package io.mailmind.core.internal.sync;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.internal.gmail.GmailMessages;
import io.mailmind.core.internal.imap.FetchedBody;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.internal.mime.RawMessage;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.spi.MailStore;
import io.mailmind.core.spi.MailTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content phase's two units: fetch a batch into a local spool, parse and store a batch (then announce its new
 * mail and queue its Markdown).
 */
public final class ContentTasks {
  private static final Logger LOG = LoggerFactory.getLogger(ContentTasks.class);
  private static final java.nio.file.Path SPOOL_DIRECTORY = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));

  private final SyncContext context;
  private final MailStore store;
  private final MessageMapper mapper;
  private final Spools spools = new Spools();
  /** HTML of stored messages, kept for the Markdown task that follows. */
  private final PendingHtml pendingHtml;

  public ContentTasks(SyncContext context, MessageMapper mapper, PendingHtml pendingHtml) {
    this.context = context;
    this.store = context.store();
    this.mapper = mapper;
    this.pendingHtml = pendingHtml;
  }

  /** Fetches the batch's raw messages into a spool; a changed UIDVALIDITY leaves an empty spool. */
  void fetch(AccountRuntime runtime, MailTask.FetchContentBatch task) {
    if (task.uids().isEmpty()) return;
    String serverName = runtime.folders.serverName(task.imapFolder());
    long[] uids = task.uids().stream().mapToLong(Long::longValue).toArray();
    // A message larger than a batch goes alone; it is fetched in pieces no larger than a batch (at most 8 MiB), and
    // one that needs more than a piece is spooled to a file, so its size never has to fit in the heap.
    int piece = (int) Math.min(8L << 20, FolderSynchronizer.batchMaxBytes(context.options()));
    List<FetchedBody> bodies = new ArrayList<>();
    Map<Long, io.mailmind.core.MailConnectionException> failed = new LinkedHashMap<>();
    try {
      fetchIsolating(runtime, task, serverName, uids, piece, bodies, failed);
    } catch (RuntimeException | Error e) {
      for (FetchedBody body : bodies) {
        if (body.file() != null) body.discard();
      }
      throw e;
    }
    if (!failed.isEmpty()) {
      FolderId folderId = new FolderId(task.accountId(), task.imapFolder());
      Map<MessageKey, String> reasons = new LinkedHashMap<>();
      for (Map.Entry<Long, io.mailmind.core.MailConnectionException> failure : failed.entrySet()) {
        String reason = "its content could not be fetched: " + failure.getValue().getMessage();
        reasons.put(new MessageKey(folderId, task.uidValidity(), failure.getKey()), reason);
        runtime.stats().errors.incrementAndGet();
        context.failed(task.accountId(), "fetch content of " + task.imapFolder() + " UID " + failure.getKey(),
            new io.mailmind.core.MailConnectionException(failure.getValue().kind(), task.accountId() + " - " + task.imapFolder() + " UID " + failure.getKey() + ": " + reason,
                failure.getValue()));
      }
      countFailedAttempts(task.accountId(), reasons);
    }
    spools.put(Spools.idFor(task), new Spools.Spool(bodies, uids.length - bodies.size()));
  }

  /**
   * Fetches {@code uids} into {@code bodies}. When a batch keeps failing (after the retries) with an error that may
   * be one message's doing (a malformed or oversized answer, a server that drops the connection on it), it is split
   * in halves until the bad UIDs are alone: the others are fetched, each bad one goes into {@code failed}. Errors
   * that no message causes (login, configuration, a closed engine) fail the whole batch.
   */
  private void fetchIsolating(AccountRuntime runtime, MailTask.FetchContentBatch task, String serverName, long[] uids,
      int piece, List<FetchedBody> bodies, Map<Long, io.mailmind.core.MailConnectionException> failed) {
    try {
      bodies.addAll(fetchBodies(runtime, task, serverName, uids, piece));
    } catch (io.mailmind.core.MailConnectionException e) {
      if (!Isolation.messageMayCause(e) || context.closing().getAsBoolean() || runtime.pool.syncDeadlinePassed()) throw withUids(e, task, uids);
      if (uids.length == 1) {
        failed.put(uids[0], e);
        return;
      }
      LOG.debug("{} - content batch of {} {} failed ({}); fetching its halves to find the message",
          task.accountId(), task.imapFolder(), io.mailmind.core.internal.imap.UidSet.of(uids), e.getMessage());
      int half = uids.length / 2;
      fetchIsolating(runtime, task, serverName, java.util.Arrays.copyOfRange(uids, 0, half), piece, bodies, failed);
      fetchIsolating(runtime, task, serverName, java.util.Arrays.copyOfRange(uids, half, uids.length), piece, bodies,
          failed);
    }
  }

  /** Every message a failed batch leaves at metadata only is named in the error (a connect failure does not know them). */
  private static io.mailmind.core.MailConnectionException withUids(io.mailmind.core.MailConnectionException e,
      MailTask.FetchContentBatch task, long[] uids) {
    if (e.getMessage().contains("UIDs")) return e;
    return new io.mailmind.core.MailConnectionException(e.kind(), e.getMessage() + " (UIDs not fetched: "
        + io.mailmind.core.internal.imap.UidSet.of(uids) + " in " + task.imapFolder() + ")", e);
  }

  private List<FetchedBody> fetchBodies(AccountRuntime runtime, MailTask.FetchContentBatch task, String serverName,
      long[] uids, int piece) {
    return context.retrying().run(task.accountId(), "fetch content of " + task.imapFolder(),
        () -> runtime.withConnection(connection -> {
          if (connection.examineFor(serverName, uids) != task.uidValidity()) return List.<FetchedBody>of();
          if (uids.length == 1) {
            FetchedBody body = connection.fetchBodyInPieces(uids[0], piece, SPOOL_DIRECTORY);
            return body == null ? List.<FetchedBody>of() : List.of(body);
          }
          return connection.fetchBodies(uids);
        }));
  }

  /** Parses a spooled batch and stores it as one unit; queues Markdown for the messages with HTML. */
  void store(AccountRuntime runtime, MailTask.StoreBatch task) {
    Spools.Spool spool = spools.take(task.spoolId());
    if (spool == null) {
      LOG.warn("{} - spool {} is not held by this node; its messages stay at metadata only until the next sync",
          task.accountId(), task.spoolId());
      throw new ContentIncompleteException("spool " + task.spoolId() + " is not held by this node");
    }
    List<FetchedBody> files = spool.bodies().stream().filter(b -> b.file() != null).toList();
    try {
      storeBodies(runtime, task, spool.bodies());
    } finally {
      for (FetchedBody body : files) body.discard();
    }
    if (spool.missing() > 0) {
      throw new ContentIncompleteException(spool.missing() + " messages of the batch had no body on the server");
    }
  }

  private void storeBodies(AccountRuntime runtime, MailTask.StoreBatch task, List<FetchedBody> bodies) {
    if (bodies.isEmpty()) return;
    FolderId folderId = new FolderId(task.accountId(), task.imapFolder());
    RunStats stats = runtime.stats();
    List<MessageContent> batch = new ArrayList<>(bodies.size());
    long bytes = 0;
    for (int i = 0; i < bodies.size(); i++) {
      FetchedBody body = bodies.get(i);
      bodies.set(i, null); // mapped content keeps what it needs; the rest of the raw bytes can go
      MessageKey key = new MessageKey(folderId, task.uidValidity(), body.uid());
      RawMessage raw = body.bytes() != null ? RawMessage.of(body.bytes(), body.offset(), body.length())
          : RawMessage.of(body.file());
      batch.add(GmailMessages.keepGmailThread(mapper.map(key, raw), body.gmThrId()));
      bytes += body.size();
    }
    int unstored = 0;
    try {
      store.upsertContent(batch);
    } catch (MailStoreException e) {
      // A message whose metadata vanished (deleted meanwhile) fails the batch: store the rest one by one.
      if (e.isUnavailable()) throw e; // the store is down: message by message would only wait again for each
      if (batch.size() == 1) {
        countFailedAttempts(task.accountId(),
            Map.of(batch.get(0).key(), "its content could not be stored: " + e.getMessage()));
        throw e;
      }
      LOG.debug("{} - batch store failed ({}); storing its messages one by one", task.accountId(), e.getMessage());
      List<MessageContent> stored = new ArrayList<>();
      Map<MessageKey, String> failures = new LinkedHashMap<>();
      for (MessageContent content : batch) {
        try {
          store.upsertContent(List.of(content));
          stored.add(content);
        } catch (MailStoreException single) {
          if (single.isUnavailable()) throw single; // the store went down meanwhile: the batch stays pending
          unstored++;
          stats.errors.incrementAndGet();
          failures.put(content.key(), "its content could not be stored: " + single.getMessage());
          context.listeners().onError(task.accountId(), single);
        }
      }
      countFailedAttempts(task.accountId(), failures);
      batch = stored;
    }
    stats.contentCommitted();
    stats.bytes.addAndGet(bytes);
    List<Long> uids = new ArrayList<>(batch.size());
    List<Long> withHtml = new ArrayList<>();
    boolean markdown = context.options().markdown();
    for (MessageContent content : batch) {
      uids.add(content.key().uid());
      if (content.state() == ContentState.ERROR) stats.errors.incrementAndGet();
      if (content.html() != null) {
        withHtml.add(content.key().uid());
        if (markdown) pendingHtml.put(content.key(), content.html());
      }
    }
    if (!uids.isEmpty()) {
      context.listeners().telemetry().messagesStored(task.accountId(), uids.size(), bytes);
      announce(runtime, task, folderId, uids, withHtml);
    }
    if (unstored > 0) {
      // Reported one by one above; the folder stays incomplete, so the next sync fetches them again.
      throw new ContentIncompleteException(unstored + " messages of the batch could not be stored");
    }
  }

  /**
   * Counts a failed attempt for each message that failed on its own; after {@code maxAttempts} of them the store
   * keeps it as an error with the reason, so a message that cannot be mirrored does not stay pending for ever.
   */
  private void countFailedAttempts(String accountId, Map<MessageKey, String> failures) {
    if (failures.isEmpty()) return;
    try {
      List<MessageKey> errors = store.recordContentFailures(failures, context.options().maxAttempts());
      if (!errors.isEmpty()) {
        LOG.warn("{} - gave up on the content of {} after {} failed attempts; stored as errors", accountId, errors,
            context.options().maxAttempts());
      }
    } catch (MailStoreException e) {
      LOG.debug("{} - could not count the failed attempts of {}: {}", accountId, failures.keySet(), e.toString());
    }
  }

  private void announce(AccountRuntime runtime, MailTask.StoreBatch task, FolderId folderId, List<Long> uids,
      List<Long> withHtml) {
    context.listeners().onContentStored(event(runtime, folderId, task.uidValidity(), uids));
    List<Long> newMail = runtime.pipeline.takeNewMail(task.imapFolder(), task.uidValidity(), uids);
    if (!newMail.isEmpty()) context.listeners().onNewMail(event(runtime, folderId, task.uidValidity(), newMail));
    if (!withHtml.isEmpty() && context.options().markdown()) {
      // new mail's Markdown goes first and beside the content; the rest follows the content (ContentPipeline)
      Set<Long> isNew = new HashSet<>(newMail);
      List<Long> urgent = withHtml.stream().filter(isNew::contains).toList();
      List<Long> later = withHtml.stream().filter(uid -> !isNew.contains(uid)).toList();
      if (!urgent.isEmpty()) runtime.pipeline.enqueue(markdown(task, urgent), true);
      if (!later.isEmpty()) runtime.pipeline.enqueue(markdown(task, later), false);
    }
  }

  private static MailTask.RenderMarkdown markdown(MailTask.StoreBatch task, List<Long> uids) {
    return new MailTask.RenderMarkdown(task.accountId(), task.imapFolder(), task.uidValidity(), uids);
  }

  private MessagesEvent event(AccountRuntime runtime, FolderId folderId, long uidValidity, List<Long> uids) {
    return new MessagesEvent(folderId.accountId(), runtime.folders.logicalName(folderId.imapFolder()),
        folderId.imapFolder(), uidValidity, uids.stream().sorted().toList(), context.clock().instant());
  }

  /** Drops the fetched batches not stored yet (on close). */
  void clear() {
    spools.clear();
  }
}
