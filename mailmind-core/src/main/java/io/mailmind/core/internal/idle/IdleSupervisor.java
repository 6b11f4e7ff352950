package io.mailmind.core.internal.idle;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.internal.imap.ConnectLimiter;
import io.mailmind.core.internal.sync.NewMailWork;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every active account this node owns in real time: one {@link AccountWatcher} (one thread, one IMAP
 * connection in IDLE on INBOX, or on Gmail's All Mail) per owned account of the
 * {@link io.mailmind.core.spi.AccountSource}, which is read again every
 * {@link io.mailmind.core.IdleOptions#accountRefresh()}: a new account gets a watcher, a removed or deactivated
 * one loses it, and a changed record (host, user, ...) gets a fresh one. A change of ownership takes effect at
 * once: {@link #release} stops the watchers of released accounts and waits for them, {@link #followNow} reads the
 * account source again now. Each change the server reports runs the new-mail unit
 * ({@link MailTask.ProcessNewMail} on the engine's task executor), which stores what changed and emits the events.
 *
 * <p>Threads: the watchers (see {@link IdleThreads}) and one daemon timer thread for the account refresh. Angus
 * Mail's socket write timeouts run on the one scheduler that the engine's connections use too (see
 * {@link io.mailmind.core.internal.imap.ImapSessions}; by default Angus starts one timer thread per socket).
 *
 * <p>Thread-safe. {@link #close()} stops every watcher, waits a bounded time, and may be called twice.
 */
public final class IdleSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IdleSupervisor.class);

  private final IdleContext context;
  private final IdleSettings settings;
  private final Sleeper sleeper;
  private final IdleThreads threads = new IdleThreads();
  private final Map<String, AccountWatcher> watchers = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor timers;
  private final Object refreshing = new Object();
  private boolean started;
  private boolean closed;

  IdleSupervisor(IdleContext context, IdleSettings settings, Sleeper sleeper) {
    this.context = context;
    this.settings = settings;
    this.sleeper = sleeper;
    AtomicInteger counter = new AtomicInteger();
    this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "mailmind-idle-timer-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Creates and starts a supervisor: timings from the {@link IdleOptions} and {@link SyncOptions} (the answer
   * timeout after DONE is the read timeout), new mail handed to the sync's {@code newMail} unit, reconnects
   * timed by {@code sleeper}, states dated by {@code clock}, connections set up with slots of {@code connecting}.
   */
  public static IdleSupervisor start(AccountSource accounts, CredentialsProvider credentials, SyncOptions syncOptions,
      IdleOptions idleOptions, Listeners listeners, NewMailWork newMail, Sleeper sleeper, Clock clock,
      Predicate<String> owned, ConnectLimiter connecting) {
    IdleSupervisor supervisor = new IdleSupervisor(
        new IdleContext(accounts, credentials, syncOptions, listeners, newMail, clock, owned, connecting),
        IdleSettings.of(idleOptions, syncOptions), sleeper);
    supervisor.start();
    return supervisor;
  }

  /** Starts the watchers of the active accounts now, then re-reads the account source periodically. */
  synchronized void start() {
    if (closed) throw new IllegalStateException("IdleSupervisor is closed");
    if (started) return;
    started = true;
    long period = settings.accountRefresh().toMillis();
    timers.scheduleWithFixedDelay(this::refreshQuietly, 0, Math.max(1, period), TimeUnit.MILLISECONDS);
    LOG.info("IDLE supervisor started: accounts re-read every {}, IDLE re-issued every {}, {}",
        settings.accountRefresh(), settings.reissueInterval(), IdleThreads.describe());
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (Throwable t) {
      LOG.warn("IDLE supervisor: account refresh failed; next in {}", settings.accountRefresh(), t);
    }
  }

  /**
   * Reads the account source and starts, stops or replaces watchers to match its owned accounts. Refreshes run
   * one at a time; the source is read outside the supervisor's lock, so that {@link #release} never waits for it.
   */
  void refresh() {
    synchronized (refreshing) {
      List<ImapAccount> active;
      try {
        active = context.accounts().activeAccounts();
      } catch (RuntimeException e) {
        LOG.warn("IDLE supervisor: the account source failed ({}); keeping the {} followed accounts", e.toString(),
            watchers.size());
        return;
      }
      follow(active);
    }
  }

  private synchronized void follow(List<ImapAccount> active) {
    if (closed) return;
    Map<String, ImapAccount> byId = new LinkedHashMap<>();
    for (ImapAccount account : active) {
      if (byId.putIfAbsent(account.id(), account) != null) {
        LOG.warn("IDLE supervisor: account id {} appears twice in the account source; following the first", account.id());
      }
    }
    for (Iterator<Map.Entry<String, AccountWatcher>> it = watchers.entrySet().iterator(); it.hasNext(); ) {
      AccountWatcher watcher = it.next().getValue();
      ImapAccount now = byId.get(watcher.account().id());
      if (now == null) {
        LOG.info("{} - no longer active; stopped following it", watcher.account().id());
      } else if (!context.owned().test(now.id())) {
        LOG.info("{} - no longer owned by this node; stopped following it", now.id());
      } else if (!now.equals(watcher.account())) {
        LOG.info("{} - account record changed; reconnecting", now.id());
      } else if (watcher.terminated()) {
        LOG.warn("{} - account watcher had ended; starting a new one", now.id());
      } else {
        continue;
      }
      watcher.stop();
      it.remove();
    }
    for (ImapAccount account : byId.values()) {
      if (watchers.containsKey(account.id()) || !context.owned().test(account.id())) continue;
      AccountWatcher watcher = new AccountWatcher(account, this);
      watchers.put(account.id(), watcher);
      watcher.start(threads);
    }
  }

  /**
   * Stops following accounts released to another node: their watchers stop (their connections are closed at
   * once, a new-mail run they wait for is cancelled) and this waits until their threads have ended, at most until
   * {@code deadlineNanos} ({@link System#nanoTime()}). The caller has made them not owned first, so no refresh
   * follows them again.
   *
   * @return the accounts whose watcher still ran at the deadline
   */
  public List<String> release(Set<String> accountIds, long deadlineNanos) throws InterruptedException {
    List<AccountWatcher> stopping = new ArrayList<>();
    synchronized (this) {
      for (String accountId : accountIds) {
        AccountWatcher watcher = watchers.remove(accountId);
        if (watcher != null) stopping.add(watcher);
      }
    }
    for (AccountWatcher watcher : stopping) watcher.stop();
    List<String> running = new ArrayList<>();
    for (AccountWatcher watcher : stopping) {
      long left = deadlineNanos - System.nanoTime();
      if (!watcher.awaitTermination(Duration.ofNanos(Math.max(left, 1_000_000)))) running.add(watcher.account().id());
      else LOG.debug("{} - released by this node; stopped following it", watcher.account().id());
    }
    return running;
  }

  /** Reads the account source again now, on the supervisor's timer thread: accounts just acquired are followed. */
  public synchronized void followNow() {
    if (closed) return;
    timers.execute(this::refreshQuietly);
  }

  /** The accounts followed now, by account id: each one's state, since when, and last failure. */
  public List<FollowedAccount> followedAccounts() {
    return watchers.values().stream().map(AccountWatcher::followed)
        .sorted(Comparator.comparing(FollowedAccount::accountId)).toList();
  }

  /**
   * Waits for a connection set-up slot to the watcher's host (see {@link ConnectLimiter}); null when the watcher
   * was stopped meanwhile. The caller closes it once connected (or failed).
   */
  ConnectLimiter.Permit connecting(AccountWatcher watcher) throws InterruptedException {
    return context.connecting().acquire(watcher.account().host(), watcher::stopRequested);
  }

  AccountWatcher watcher(String accountId) {
    return watchers.get(accountId);
  }

  IdleContext context() {
    return context;
  }

  IdleSettings settings() {
    return settings;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  Listeners listeners() {
    return context.listeners();
  }

  /** Stops every watcher (closing its connection at once) and waits at most 10 s for their threads. */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Stops every watcher (closing its connection at once) and waits at most {@code wait} for their threads. */
  public void close(Duration wait) {
    List<AccountWatcher> stopping;
    synchronized (this) {
      if (closed) return;
      closed = true;
      stopping = new ArrayList<>(watchers.values());
      watchers.clear();
    }
    for (AccountWatcher watcher : stopping) watcher.stop();
    long deadline = System.nanoTime() + wait.toNanos();
    int running = 0;
    try {
      for (AccountWatcher watcher : stopping) {
        long left = deadline - System.nanoTime();
        if (!watcher.awaitTermination(Duration.ofNanos(Math.max(left, 1_000_000)))) running++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    if (running > 0) LOG.warn("IDLE supervisor closed; {} account watchers still ending", running);
    else LOG.info("IDLE supervisor closed");
  }
}
