package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.internal.status.Telemetry;
import io.mailmind.core.model.SyncPhase;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskHandler;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's units of work: each {@link MailTask} goes to the part that does it (account sync, folder
 * sync, content, Markdown, the new-mail unit). The {@link TaskHandler} the executor calls, and the
 * {@link NewMailWork} the IDLE supervisor calls. A task of an account this node does not own (it may have been
 * queued before the account was released) is dropped, and so is the rest of one whose account is released while
 * it runs: logged at DEBUG, not an error. Thread-safe.
 */
public final class SyncTasks implements TaskHandler, NewMailWork {
  private static final Logger LOG = LoggerFactory.getLogger(SyncTasks.class);

  private final SyncContext context;
  private final AccountRuntimes runtimes;
  private final FolderSynchronizer folders;
  private final ContentTasks content;
  private final MarkdownTasks markdown;

  public SyncTasks(SyncContext context, AccountRuntimes runtimes, FolderSynchronizer folders, ContentTasks content,
      MarkdownTasks markdown) {
    this.context = context;
    this.runtimes = runtimes;
    this.folders = folders;
    this.content = content;
    this.markdown = markdown;
  }

  /**
   * One full sync of the account; waits for a sync of the same account already running.
   *
   * @throws io.mailmind.core.AccountNotOwnedException when this node does not own the account, or no longer
   *     does before the sync ends
   */
  public SyncReport sync(ImapAccount account) {
    checkOpen();
    context.owned().checkOwned(account.id());
    AccountRuntime runtime = runtimes.runtime(account);
    runtime.runLock.lock();
    try {
      return new AccountSync(context, runtime).run();
    } finally {
      runtime.runLock.unlock();
    }
  }

  /** Like {@link #sync} but returns null at once when the account is already being synced. */
  private SyncReport syncUnlessRunning(ImapAccount account) {
    AccountRuntime runtime = runtimes.runtime(account);
    if (!runtime.runLock.tryLock()) {
      LOG.debug("{} - sync already running; skipped", account.id());
      return null;
    }
    try {
      return new AccountSync(context, runtime).run();
    } finally {
      runtime.runLock.unlock();
    }
  }

  @Override
  public void handle(MailTask task) {
    checkOpen();
    if (!context.owned().owns(task.accountId())) {
      LOG.debug("{} - not owned by this node; dropped {}", task.accountId(), task.getClass().getSimpleName());
      return;
    }
    try {
      dispatch(task);
    } catch (RuntimeException e) {
      if (context.owned().owns(task.accountId())) throw e;
      LOG.debug("{} - released by this node while running {}; stopped: {}", task.accountId(),
          task.getClass().getSimpleName(), e.toString());
    }
  }

  private void dispatch(MailTask task) {
    Telemetry telemetry = context.listeners().telemetry();
    long start = telemetry.nanoTime();
    SyncPhase phase = null;
    try {
      if (task instanceof MailTask.SyncAccount t) {
        syncUnlessRunning(runtimes.account(t.accountId())); // measured by the account sync itself
      } else if (task instanceof MailTask.SyncFolder t) {
        phase = SyncPhase.FOLDER;
        AccountRuntime runtime = runtimes.runtime(t.accountId());
        context.retrying().run(t.accountId(), "sync folder " + t.imapFolder(),
            () -> folders.sync(runtime, t.imapFolder(), false));
      } else if (task instanceof MailTask.FetchContentBatch t) {
        phase = SyncPhase.FETCH;
        content.fetch(runtimes.runtime(t.accountId()), t);
      } else if (task instanceof MailTask.StoreBatch t) {
        phase = SyncPhase.STORE;
        content.store(runtimes.runtime(t.accountId()), t);
      } else if (task instanceof MailTask.RenderMarkdown t) {
        phase = SyncPhase.MARKDOWN;
        markdown.render(runtimes.runtime(t.accountId()), t);
      } else if (task instanceof MailTask.ProcessNewMail t) {
        phase = SyncPhase.NEW_MAIL;
        processNewMail(t.accountId(), t.imapFolder());
      } else {
        throw new IllegalArgumentException("task was '" + task + "' but this engine has no handler for "
            + task.getClass().getName());
      }
    } finally {
      if (phase != null) telemetry.phase(task.accountId(), phase, start);
    }
  }

  @Override
  public CompletionStage<Void> newMail(String accountId, String imapFolder) {
    return context.tasks().submit(new MailTask.ProcessNewMail(accountId, imapFolder));
  }

  /**
   * The new-mail unit: syncs one folder (new UIDs, flags, expunges), fetches and stores the content of the new
   * messages on this thread and queues their Markdown. The folder sync's new mail is announced with
   * {@code onNewMail} once its content is committed (as it is by every sync).
   */
  private void processNewMail(String accountId, String imapFolder) {
    AccountRuntime runtime = runtimes.runtime(accountId);
    FolderSynchronizer.Outcome outcome = context.retrying().run(accountId, "new mail in " + imapFolder,
        () -> folders.sync(runtime, imapFolder, true));
    boolean failed = true;
    try {
      for (MailTask.FetchContentBatch batch : outcome.contentBatches()) {
        content.fetch(runtime, batch);
        content.store(runtime, new MailTask.StoreBatch(batch.accountId(), batch.imapFolder(), batch.uidValidity(),
            Spools.idFor(batch)));
      }
      failed = false;
    } catch (ContentIncompleteException e) {
      LOG.debug("{} - {}: {}", accountId, imapFolder, e.getMessage());
    } finally {
      runtime.pipeline.end(outcome.progress(), failed);
    }
  }

  private void checkOpen() {
    if (context.closing().getAsBoolean()) throw new IllegalStateException("Mailmind is closed");
  }

  /** Drops fetched batches and kept HTML that no task will use any more (on close, after the executor). */
  public void clear() {
    content.clear();
    markdown.clear();
  }
}
