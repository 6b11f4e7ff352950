package io.mailmind.core.internal.engine;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.MarkdownConverter;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.internal.idle.IdleSupervisor;
import io.mailmind.core.internal.imap.ConnectLimiter;
import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.internal.retry.Retrier;
import io.mailmind.core.internal.retry.RetryPolicies;
import io.mailmind.core.internal.sync.AccountRuntimes;
import io.mailmind.core.internal.sync.ContentTasks;
import io.mailmind.core.internal.sync.FolderSynchronizer;
import io.mailmind.core.internal.sync.MarkdownTasks;
import io.mailmind.core.internal.sync.OwnedAccounts;
import io.mailmind.core.internal.sync.PendingHtml;
import io.mailmind.core.internal.sync.Retrying;
import io.mailmind.core.internal.sync.SyncContext;
import io.mailmind.core.internal.sync.SyncScheduler;
import io.mailmind.core.internal.sync.SyncTasks;
import io.mailmind.core.internal.sync.TaskSubmitter;
import io.mailmind.core.internal.status.Telemetry;
import io.mailmind.core.model.AccountStatus;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.core.spi.TaskHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the engine is put together: the parts that do the work (account sync, folder sync, content,
 * Markdown: {@link SyncTasks}), the parts that decide when (the {@link SyncScheduler} and the
 * {@link IdleSupervisor}), the executor that runs the tasks, and which accounts this node owns
 * ({@link OwnedAccounts}, told of changes through {@link OwnershipChanges}). Each part gets only its narrow
 * context; none of them knows this class. Behind {@link io.mailmind.core.Mailmind}. Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final EngineConfig config;
  private final Listeners listeners;
  /** What the parts record of each account (the status view) and measure (the host's MetricsRecorder). */
  private final Telemetry telemetry;
  private final AccountRuntimes runtimes;
  private final SyncTasks tasks;
  private final SyncScheduler scheduler;
  private final OwnedAccounts owned;
  /** The host's provider, whose failures are configuration errors of the account. */
  private final CheckedCredentials credentials;
  /** Bounds the connection set-ups of the IDLE watchers and the sync's pools together (a start, a failover). */
  private final ConnectLimiter connecting;
  private final FirstSyncs firstSyncs = new FirstSyncs();
  private volatile IdleSupervisor idle;
  private volatile boolean closed;
  private boolean started;

  public Engine(EngineConfig config) {
    this.config = config;
    this.telemetry = new Telemetry(config.clock(), config.sleeper()::nanoTime, config.metrics());
    List<EventListener> all = new ArrayList<>(config.listeners());
    all.add(firstSyncs); // last: the host's listeners have seen a report before a waiting caller wakes up
    this.listeners = new Listeners(all, telemetry);
    var options = config.syncOptions();
    // Follow-up tasks go to the executor, which hands them back to the task handler assembled below.
    TaskSubmitter submitter = task -> config.executor().submit(task, taskHandler());
    this.owned = new OwnedAccounts(config.ownership());
    SyncContext context = new SyncContext(owned.guard(config.store()), listeners, options, config.clock(),
        new Retrying(new Retrier(RetryPolicies.imapWork(options), config.sleeper()), () -> closed, owned), submitter,
        () -> closed, owned);
    this.connecting = new ConnectLimiter(config.idleOptions().maxConnectingAtOnce(),
        config.idleOptions().maxConnectingPerHost());
    this.credentials = new CheckedCredentials(config.credentials());
    this.runtimes = new AccountRuntimes(config.accounts(), credentials, context, connecting);
    MessageMapper mapper = new MessageMapper();
    // HTML of stored messages for the Markdown task that follows: up to 1/16 of the heap in characters.
    PendingHtml pendingHtml = new PendingHtml(Runtime.getRuntime().maxMemory() / 16);
    HtmlToMarkdown converter = options.markdownConverter() == MarkdownConverter.FLEXMARK
        ? HtmlToMarkdown.flexmark(options.markdownMaxInputChars(), options.markdownMaxOutputChars(),
            options.markdownTimeout())
        : new HtmlToMarkdown(options.markdownMaxInputChars(), options.markdownMaxOutputChars(),
            options.markdownTimeout());
    this.tasks = new SyncTasks(context, runtimes, new FolderSynchronizer(context, mapper),
        new ContentTasks(context, mapper, pendingHtml), new MarkdownTasks(context, converter, pendingHtml));
    this.scheduler = new SyncScheduler(config.accounts(), runtimes, submitter, context, options.syncInterval(), owned);
  }

  /** One full sync of an active account of the account source; waits. */
  public SyncReport sync(String accountId) {
    return sync(runtimes.account(accountId));
  }

  /** One full sync of {@code account}; waits for a sync of it already running. */
  public SyncReport sync(ImapAccount account) {
    return tasks.sync(account);
  }

  /** The report of the account's first sync since this engine was built; see {@code Mailmind.firstSync}. */
  public CompletableFuture<SyncReport> firstSync(String accountId) {
    return firstSyncs.of(accountId);
  }

  /** The handler of every task, for executors that run tasks elsewhere. */
  public TaskHandler taskHandler() {
    return tasks;
  }

  /** The accounts the IDLE supervisor follows now; empty before {@link #start()}, after close, or without IDLE. */
  public List<FollowedAccount> followedAccounts() {
    IdleSupervisor following = idle;
    return following == null || closed ? List.of() : following.followedAccounts();
  }

  /**
   * The status of every account that is active or that this engine has worked for, by account id: the state of
   * its IDLE watcher when one follows it, else whether it is synced on schedule, disabled or owned elsewhere.
   */
  public List<AccountStatus> status() {
    Set<String> active;
    try {
      active = config.accounts().activeAccounts().stream().map(ImapAccount::id).collect(Collectors.toSet());
    } catch (RuntimeException e) {
      LOG.debug("status: the account source failed ({}); showing the accounts known", e.toString());
      active = null;
    }
    Map<String, FollowedAccount> followed = new HashMap<>();
    for (FollowedAccount account : followedAccounts()) followed.put(account.accountId(), account);
    return telemetry.status(active, owned::owns, followed);
  }

  /** The limiter of connection set-ups this engine's sync and IDLE share. */
  public ConnectLimiter connectLimiter() {
    return connecting;
  }

  public EngineConfig config() {
    return config;
  }

  /** Starts the periodic sync and, when enabled, IDLE. A second call does nothing. */
  public synchronized void start() {
    if (closed) throw new IllegalStateException("Mailmind is closed");
    if (started) return;
    started = true;
    scheduler.start();
    if (config.idleOptions().enabled()) {
      idle = IdleSupervisor.start(config.accounts(), credentials, config.syncOptions(),
          config.idleOptions(), listeners, tasks, config.sleeper(), config.clock(), owned::owns, connecting);
    }
    config.ownership().start(new OwnershipChanges(owned, runtimes, scheduler, () -> idle, () -> closed));
    LOG.info("Mailmind started: sync every {}, {} threads", config.syncOptions().syncInterval(),
        TaskExecutor.virtualThreads("mailmind-").isPresent() ? "virtual" : "platform");
  }

  /** Tells the ownership that this node's work has ended, so that it may give its accounts to other nodes. */
  private void stopOwnership() {
    try {
      config.ownership().stop();
    } catch (RuntimeException e) {
      LOG.warn("AccountOwnership {} failed to stop", config.ownership(), e);
    }
  }

  /**
   * Stops IDLE and the schedule, drops queued work, closes an executor it owns and every connection, then stops
   * the ownership. Waits at most {@code shutdownTimeout} in all for the IDLE watchers and the running tasks.
   * Fails the {@link #firstSync} futures still waiting. Safe to call twice.
   */
  @Override
  public void close() {
    boolean wasStarted;
    synchronized (this) {
      if (closed) return;
      closed = true;
      wasStarted = started;
    }
    LOG.info("Mailmind shutdown initiated...");
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    IdleSupervisor following = idle;
    if (following != null) following.close(config.shutdownTimeout());
    scheduler.close();
    runtimes.clearQueues();
    if (config.ownsExecutor()) config.executor().close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    runtimes.close();
    tasks.clear();
    firstSyncs.close();
    if (wasStarted) stopOwnership();
    LOG.info("Mailmind shutdown completed.");
  }
}
