package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;
import io.mailmind.core.internal.idle.IdleSupervisor;
import io.mailmind.core.internal.imap.ConnectionPool;
import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.core.spi.TaskHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine behind {@link io.mailmind.core.Mailmind}: runs account syncs (never two of one account at
 * once), handles every {@link MailTask}, and schedules the periodic sync of every active account. Thread-safe.
 */
public final class SyncEngine implements TaskHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

  private final EngineConfig config;
  private final Listeners listeners;
  private final FolderSynchronizer folders;
  private final ContentTasks content;
  private final Map<String, AccountRuntime> runtimes = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService scheduler;
  private volatile IdleSupervisor idle;
  private volatile boolean closed;

  public SyncEngine(EngineConfig config) {
    this.config = config;
    this.listeners = new Listeners(config.listeners());
    MessageMapper mapper = new MessageMapper();
    var options = config.syncOptions();
    this.folders = new FolderSynchronizer(this, mapper);
    this.content = new ContentTasks(this, mapper,
        new HtmlToMarkdown(options.markdownMaxInputChars(), options.markdownMaxOutputChars(),
            options.markdownTimeout()));
  }

  public EngineConfig config() {
    return config;
  }

  Listeners listeners() {
    return listeners;
  }

  /** The active account with this id. */
  public ImapAccount account(String accountId) {
    return config.accounts().activeAccounts().stream().filter(a -> a.id().equals(accountId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "accountId was '" + accountId + "' but no active account has that id"));
  }

  AccountRuntime runtime(ImapAccount account) {
    AccountRuntime current = runtimes.get(account.id());
    if (current != null && current.account.equals(account)) return current;
    return runtimes.compute(account.id(), (id, existing) -> {
      if (existing != null && existing.account.equals(account)) return existing;
      if (existing != null) existing.close();
      var options = config.syncOptions();
      return new AccountRuntime(account, new ConnectionPool(account, config.credentials(), options),
          new ContentPipeline(account.id(), config.executor(), this, (what, failure) -> {
            AccountRuntime failed = runtimes.get(account.id());
            if (failed != null) failed.stats().errors.incrementAndGet();
            reportError(account.id(), what, failure);
          }, options.maxConnectionsPerAccount() + 1, 1));
    });
  }

  private AccountRuntime runtime(String accountId) {
    AccountRuntime current = runtimes.get(accountId);
    return current != null ? current : runtime(account(accountId));
  }

  /** One full sync of the account; waits for a sync of the same account already running. */
  public SyncReport sync(ImapAccount account) {
    checkOpen();
    AccountRuntime runtime = runtime(account);
    runtime.runLock.lock();
    try {
      return new AccountSync(this, runtime).run();
    } finally {
      runtime.runLock.unlock();
    }
  }

  /** Like {@link #sync} but returns null at once when the account is already being synced. */
  SyncReport syncUnlessRunning(ImapAccount account) {
    AccountRuntime runtime = runtime(account);
    if (!runtime.runLock.tryLock()) {
      LOG.debug("{} - sync already running; skipped", account.id());
      return null;
    }
    try {
      return new AccountSync(this, runtime).run();
    } finally {
      runtime.runLock.unlock();
    }
  }

  @Override
  public void handle(MailTask task) {
    checkOpen();
    if (task instanceof MailTask.SyncAccount t) {
      syncUnlessRunning(account(t.accountId()));
    } else if (task instanceof MailTask.SyncFolder t) {
      AccountRuntime runtime = runtime(t.accountId());
      retrying(runtime, "sync folder " + t.imapFolder(), () -> folders.sync(runtime, t.imapFolder(), false));
    } else if (task instanceof MailTask.FetchContentBatch t) {
      content.fetch(runtime(t.accountId()), t);
    } else if (task instanceof MailTask.StoreBatch t) {
      content.store(runtime(t.accountId()), t);
    } else if (task instanceof MailTask.RenderMarkdown t) {
      content.render(runtime(t.accountId()), t);
    } else if (task instanceof MailTask.ProcessNewMail t) {
      processNewMail(t.accountId(), t.imapFolder());
    }
  }

  /**
   * The new-mail unit: syncs one folder (new UIDs, flags, expunges), fetches and stores the content of the new
   * messages on this thread and queues their Markdown. Mail that arrived since the folder's last sync is announced
   * with {@code onNewMail} once its content is committed (as it is by every sync). Returns the UIDs whose
   * metadata this run stored (empty when nothing was new).
   */
  public List<Long> processNewMail(String accountId, String imapFolder) {
    checkOpen();
    AccountRuntime runtime = runtime(accountId);
    FolderSynchronizer.Outcome outcome =
        retrying(runtime, "new mail in " + imapFolder, () -> folders.sync(runtime, imapFolder, true));
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
    return outcome.newUids();
  }

  CompletionStage<Void> submit(MailTask task) {
    return config.executor().submit(task, this);
  }

  /** The name Angus Mail uses for a decoded folder name, listing the folders again when it is not known. */
  String serverName(AccountRuntime runtime, String imapFolder) {
    String name = runtime.serverNames.get(imapFolder);
    if (name != null) return name;
    new AccountSync(this, runtime).refreshFolders();
    name = runtime.serverNames.get(imapFolder);
    if (name == null) {
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
          runtime.account.id() + " - folder " + imapFolder + " is not on the server", null);
    }
    return name;
  }

  /**
   * Runs {@code work}, retrying transient connection failures up to {@code maxAttempts} times with a short
   * exponential delay. Authentication and configuration failures are not retried.
   */
  <T> T retrying(AccountRuntime runtime, String what, Supplier<T> work) {
    int attempts = config.syncOptions().maxAttempts();
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (MailConnectionException e) {
        if (!e.isTransient() || attempt >= attempts || closed) throw e;
        long delayMillis = Math.min(5_000, 200L << (attempt - 1));
        LOG.debug("{} - {} failed (attempt {} of {}): {}; retrying in {} ms", runtime.account.id(), what, attempt,
            attempts, e.getMessage(), delayMillis);
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  void retrying(AccountRuntime runtime, String what, Runnable work) {
    retrying(runtime, what, () -> {
      work.run();
      return null;
    });
  }

  boolean isClosed() {
    return closed;
  }

  /** Logs a task failure once and tells the listeners. */
  void reportError(String accountId, String what, Throwable failure) {
    Throwable cause = unwrap(failure);
    MailmindException error = cause instanceof MailmindException me ? me
        : new MailStoreException(accountId + " - " + what + " failed: " + cause, cause);
    LOG.warn("{} - {} failed: {}", accountId, what, error.getMessage());
    listeners.onError(accountId, error);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Starts the periodic sync of every active account. */
  public synchronized void start() {
    checkOpen();
    if (scheduler != null) return;
    ScheduledExecutorService created = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mailmind-scheduler");
      thread.setDaemon(true);
      return thread;
    });
    long period = config.syncOptions().syncInterval().toMillis();
    created.scheduleWithFixedDelay(this::scheduledTick, 0, period, TimeUnit.MILLISECONDS);
    scheduler = created;
    if (config.idleOptions().enabled()) idle = IdleSupervisor.start(this);
    LOG.info("Mailmind started: sync every {}, {} threads", config.syncOptions().syncInterval(),
        TaskExecutor.virtualThreads("mailmind-task").isPresent() ? "virtual" : "platform");
  }

  /** The accounts the IDLE supervisor follows now; empty before {@link #start()}, after close, or without IDLE. */
  public List<FollowedAccount> followedAccounts() {
    IdleSupervisor following = idle;
    return following == null ? List.of() : following.followedAccounts();
  }

  private void scheduledTick() {
    try {
      List<ImapAccount> active = config.accounts().activeAccounts();
      for (ImapAccount account : active) {
        AccountRuntime runtime = runtime(account);
        if (runtime.runLock.isLocked()) continue;
        submit(new MailTask.SyncAccount(account.id())).whenComplete((ignored, failure) -> {
          if (failure != null) reportError(account.id(), "scheduled sync", failure);
        });
      }
      runtimes.keySet().removeIf(id -> {
        boolean gone = active.stream().noneMatch(a -> a.id().equals(id));
        if (gone) {
          AccountRuntime removed = runtimes.get(id);
          if (removed != null && !removed.runLock.isLocked()) removed.close();
        }
        return gone;
      });
    } catch (Throwable t) {
      LOG.warn("scheduled sync round failed; next round in {}", config.syncOptions().syncInterval(), t);
    }
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("Mailmind is closed");
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    LOG.info("Mailmind shutdown initiated...");
    IdleSupervisor following = idle;
    if (following != null) following.close();
    ScheduledExecutorService current = scheduler;
    if (current != null) current.shutdownNow();
    for (AccountRuntime runtime : runtimes.values()) runtime.pipeline.clear();
    if (config.ownsExecutor()) config.executor().close();
    for (AccountRuntime runtime : runtimes.values()) runtime.close();
    content.clear();
    LOG.info("Mailmind shutdown completed.");
  }
}
