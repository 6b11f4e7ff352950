package io.mailmind.core;

import io.mailmind.core.internal.engine.Engine;
import io.mailmind.core.internal.engine.EngineConfig;
import io.mailmind.core.internal.util.Checks;
import io.mailmind.core.model.AccountStatus;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailStore;
import io.mailmind.core.spi.MetricsRecorder;
import io.mailmind.core.spi.Sleeper;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.core.spi.TaskHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point: mirrors the accounts of an {@link AccountSource} into a {@link MailStore}.
 *
 * <pre>{@code
 * try (Mailmind mailmind = Mailmind.builder()
 *     .store(store)
 *     .accounts(AccountSource.of(List.of(account)))
 *     .credentials(acct -> Credentials.password(System.getenv("IMAP_PASSWORD")))
 *     .listener(listener)
 *     .build()) {
 *   mailmind.start();   // periodic sync of every active account + IDLE
 *   ...
 * }
 * }</pre>
 *
 * <h2>Following accounts in real time (IDLE)</h2>
 * When {@link IdleOptions#enabled()} (the default), {@link #start()} also keeps one dedicated IMAP connection per
 * active account in IDLE on INBOX (on Gmail: All Mail), besides the connections of the periodic sync:
 * <ul>
 *   <li>New mail is stored (metadata and content) and then announced with
 *       {@link EventListener#onNewMail}; expunges and flag changes the server reports reach the store with
 *       {@link EventListener#onMessagesDeleted} and {@link EventListener#onFlagsChanged}. This work runs as
 *       {@link io.mailmind.core.spi.MailTask.ProcessNewMail} tasks on the executor.</li>
 *   <li>The account source is read again every {@link IdleOptions#accountRefresh()}: accounts that appear are
 *       followed, accounts that disappear are dropped, and an account whose record changed is reconnected.</li>
 *   <li>IDLE is ended and issued again every {@link IdleOptions#reissueInterval()}; a server that does not answer
 *       within {@link SyncOptions#readTimeout()} then counts as gone, even if the socket looks open. Servers
 *       without IDLE are polled with NOOP every {@link IdleOptions#pollInterval()}.</li>
 *   <li>A lost connection is reported with {@link EventListener#onConnectionLost}, retried with exponential
 *       backoff and jitter ({@link IdleOptions#backoffInitial()} to {@link IdleOptions#backoffMax()}), and
 *       reported back with {@link EventListener#onConnectionRestored}; each new connection first catches up, so
 *       mail that arrived meanwhile is not missed.</li>
 *   <li>A wrong password is reported once with {@link EventListener#onError} (a {@link MailConnectionException}
 *       of kind {@link MailConnectionException.Kind#AUTHENTICATION}) and retried only after an hour (or
 *       {@link IdleOptions#backoffMax()} if longer), or at once when the account record changes.</li>
 * </ul>
 * Each followed account costs one socket and, on JDK 24 or later, one virtual thread; before JDK 24 one platform
 * thread with a 256 KiB stack (measured costs: docs/idle-scale.md).
 *
 * <p>Thread-safe. {@link #close()} stops the schedule and IDLE, waits a bounded time for running work, and is
 * safe to call twice. The store and a caller-supplied executor are not closed: their owner closes them.
 */
public final class Mailmind implements AutoCloseable {
  private final Engine engine;

  private Mailmind(EngineConfig config) {
    this.engine = new Engine(config);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one full sync of an account of the account source, on the calling thread's behalf, and waits.
   *
   * @throws AccountNotOwnedException when this node does not own the account ({@link Builder#ownership}), or
   *     it was released before the sync ended (which then stopped without writing more)
   */
  public SyncReport sync(String accountId) {
    return engine.sync(Objects.requireNonNull(accountId, "accountId"));
  }

  /** Runs one full sync of {@code account} and waits. */
  public SyncReport sync(ImapAccount account) {
    return engine.sync(Objects.requireNonNull(account, "account"));
  }

  /**
   * Starts the periodic sync of every active account (never two runs of one account at once) and, when IDLE
   * is enabled, follows every active account in real time (see the class description). Returns at once.
   */
  public void start() {
    engine.start();
  }

  /**
   * The accounts followed in real time now, by account id: for each, what its IDLE connection is doing
   * ({@link FollowedAccount.State}: connecting, idling or polling, reconnecting after a lost connection, or in
   * error after a refused login), since when, and the message of the last failure. A snapshot, read without
   * blocking the followers; empty before {@link #start()}, after {@link #close()}, or when IDLE is disabled.
   * {@link #status()} is the view of every account, this one included.
   * Account-level events ({@link EventListener#onConnectionLost}, {@link EventListener#onError}) report the same
   * changes as they happen.
   */
  public List<FollowedAccount> followedAccounts() {
    return engine.followedAccounts();
  }

  /**
   * Where each account stands now, by account id: every active account and every account this instance has
   * worked for. For each: its {@link AccountStatus.State} (following in real time, connecting, reconnecting, in
   * error after a refused login or a configuration error, synced on schedule only, disabled in the account source,
   * or owned by another node) and since when, its last sync (start, end, outcome), its last error (message, kind,
   * time) and the messages still pending content when the last sync ended.
   *
   * <p>Kept by the engine as it works, not rebuilt from events, and read without blocking it (it asks the
   * {@link AccountSource} for the active accounts, as the schedule does). For a health check: an account in
   * {@code ERROR} needs its configuration fixed; one {@code RECONNECTING} for long, its server looked at. The
   * IDLE-only view {@link #followedAccounts()} gives the watcher's own state and failure.
   */
  public List<AccountStatus> status() {
    return engine.status();
  }

  /** The {@link #status()} of one account, or empty when it is neither active nor known to this instance. */
  public Optional<AccountStatus> status(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return engine.status().stream().filter(s -> s.accountId().equals(accountId)).findFirst();
  }

  /**
   * The report of the first sync of {@code accountId} that ends after this instance was built: the one
   * {@link #start()} queues at once, one run by {@link #sync}, or the catch-up sync of an account this node
   * acquires, whichever ends first. Ask before or after it ends; every call returns a new future (completing or
   * cancelling it affects no one else). A sync that could not reach the account or store everything still
   * completes the future: check {@link SyncReport#errors()} ({@code 0}: the mirror is complete) and
   * {@link EventListener#onError} for the reasons; the periodic syncs keep trying. Completes after every listener
   * has seen {@link EventListener#onSyncFinished} for that report.
   *
   * <pre>{@code
   * mailmind.start();
   * SyncReport first = mailmind.firstSync(account.id()).get(10, TimeUnit.MINUTES);  // TimeoutException if not
   * if (first.errors() > 0) ...
   * }</pre>
   *
   * <p>An account that is not active in the account source, or not owned by this node, is not synced: its
   * future waits. {@link #close()} fails the futures still waiting with an {@link IllegalStateException}; asked
   * after close, the future is failed already unless the sync had ended.
   */
  public CompletableFuture<SyncReport> firstSync(String accountId) {
    return engine.firstSync(Objects.requireNonNull(accountId, "accountId"));
  }

  /** The handler that runs tasks; for hosts whose {@link TaskExecutor} queues tasks to other workers. */
  public TaskHandler taskHandler() {
    return engine.taskHandler();
  }

  /** The store this instance writes to. */
  public MailStore store() {
    return engine.config().store();
  }

  /**
   * Stops the schedule and IDLE, drops queued work, waits at most {@link Builder#shutdownTimeout} (default 10 s)
   * for the IDLE watchers and the running tasks (interrupting those of an executor it created that still run, and
   * logging a warning), closes every IMAP connection, and fails the {@link #firstSync} futures still waiting. Safe
   * to call twice and from any thread, for example a shutdown hook. Closes neither the store nor an executor the
   * host supplied.
   */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link Mailmind}; each setting may be set once. Not thread-safe. */
  public static final class Builder {
    private MailStore store;
    private AccountSource accounts;
    private CredentialsProvider credentials;
    private final List<EventListener> listeners = new ArrayList<>();
    private TaskExecutor executor;
    private SyncOptions syncOptions;
    private IdleOptions idleOptions;
    private Clock clock;
    private Sleeper sleeper;
    private AccountOwnership ownership;
    private MetricsRecorder metrics;
    private Duration shutdownTimeout;

    private Builder() {}

    private static void once(Object current, String name) {
      if (current != null) throw new IllegalStateException(name + " was already set to " + current);
    }

    public Builder store(MailStore store) {
      once(this.store, "store");
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder accounts(AccountSource accounts) {
      once(this.accounts, "accounts");
      this.accounts = Objects.requireNonNull(accounts, "accounts");
      return this;
    }

    /** Shortcut for a fixed list of accounts. */
    public Builder accounts(ImapAccount... accounts) {
      return accounts(AccountSource.of(List.of(accounts)));
    }

    public Builder credentials(CredentialsProvider credentials) {
      once(this.credentials, "credentials");
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Adds a listener; several are called in the order added. */
    public Builder listener(EventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The executor for the engine's tasks; default {@link TaskExecutor#defaultExecutor(int)}, owned by Mailmind. */
    public Builder executor(TaskExecutor executor) {
      once(this.executor, "executor");
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder syncOptions(SyncOptions syncOptions) {
      once(this.syncOptions, "syncOptions");
      this.syncOptions = Objects.requireNonNull(syncOptions, "syncOptions");
      return this;
    }

    public Builder idleOptions(IdleOptions idleOptions) {
      once(this.idleOptions, "idleOptions");
      this.idleOptions = Objects.requireNonNull(idleOptions, "idleOptions");
      return this;
    }

    /** The clock for timestamps and schedules; tests move it forward. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      once(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How the engine waits between retries and reconnects, and the monotonic time it measures them with; tests
     * pass virtual time so that retries run without waiting. Default: {@link Sleeper#system()}.
     */
    public Builder sleeper(Sleeper sleeper) {
      once(this.sleeper, "sleeper");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Which accounts of the account source this node follows, for several nodes sharing one store (cluster mode);
     * default {@link AccountOwnership#all()}: this node follows every account. See {@link AccountOwnership}.
     */
    public Builder ownership(AccountOwnership ownership) {
      once(this.ownership, "ownership");
      this.ownership = Objects.requireNonNull(ownership, "ownership");
      return this;
    }

    /**
     * Where the engine's measurements go (connections, messages and bytes stored, errors by kind, reconnects,
     * durations of the sync's phases); default {@link MetricsRecorder#NONE}. For Micrometer, pass a
     * {@code io.mailmind.core.metrics.MailmindMetrics}, which is also the {@code MeterBinder} to bind.
     */
    public Builder metrics(MetricsRecorder metrics) {
      once(this.metrics, "metrics");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * How long {@link Mailmind#close()} waits in all for the IDLE watchers to end and the tasks still running to
     * finish (a content batch being stored, say) before it interrupts them; zero: not at all. Default 10 s. Keep it
     * below what whoever stops the process allows (a container's grace period, a service manager's stop timeout).
     */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      once(this.shutdownTimeout, "shutdownTimeout");
      Checks.collecting().notNegative("shutdownTimeout", shutdownTimeout).inNanos("shutdownTimeout", shutdownTimeout)
          .throwIfBadValues();
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    public Mailmind build() {
      List<String> missing = new ArrayList<>();
      if (store == null) missing.add("store");
      if (accounts == null) missing.add("accounts");
      if (credentials == null) missing.add("credentials");
      if (!missing.isEmpty()) throw new IllegalStateException("Mailmind.Builder is missing: " + missing);
      SyncOptions options = syncOptions != null ? syncOptions : SyncOptions.defaults();
      boolean ownsExecutor = executor == null;
      TaskExecutor effectiveExecutor =
          ownsExecutor ? TaskExecutor.defaultExecutor(options.maxConnectionsPerAccount() + 2) : executor;
      return new Mailmind(new EngineConfig(store, accounts, credentials, List.copyOf(listeners), effectiveExecutor,
          ownsExecutor, options, idleOptions != null ? idleOptions : IdleOptions.defaults(),
          clock != null ? clock : Clock.systemUTC(), sleeper != null ? sleeper : Sleeper.system(),
          ownership != null ? ownership : AccountOwnership.all(), metrics != null ? metrics : MetricsRecorder.NONE,
          shutdownTimeout != null ? shutdownTimeout : EngineConfig.DEFAULT_SHUTDOWN_TIMEOUT));
    }
  }
}
