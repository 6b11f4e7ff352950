package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.MailTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when accounts are synced: every {@code interval} (from the end of one round to the start of the next),
 * one {@link MailTask.SyncAccount} per active account that is not being synced already, and the runtimes of
 * accounts no longer active are closed. One daemon thread. Thread-safe.
 */
public final class SyncScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);

  private final AccountSource accounts;
  private final AccountRuntimes runtimes;
  private final TaskSubmitter tasks;
  private final Listeners listeners;
  private final Duration interval;
  private ScheduledExecutorService timer;

  public SyncScheduler(AccountSource accounts, AccountRuntimes runtimes, TaskSubmitter tasks, Listeners listeners,
      Duration interval) {
    this.accounts = accounts;
    this.runtimes = runtimes;
    this.tasks = tasks;
    this.listeners = listeners;
    this.interval = interval;
  }

  /** Starts the rounds; the first at once. A second call does nothing. */
  public synchronized void start() {
    if (timer != null) return;
    timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mailmind-scheduler");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round: queues a sync of every active account not being synced, forgets accounts no longer active. */
  void round() {
    try {
      List<ImapAccount> active = accounts.activeAccounts();
      for (ImapAccount account : active) {
        if (runtimes.syncing(account)) continue;
        tasks.submit(new MailTask.SyncAccount(account.id())).whenComplete((ignored, failure) -> {
          if (failure != null) listeners.failed(account.id(), "scheduled sync", failure);
        });
      }
      runtimes.retainOnly(active);
    } catch (Throwable t) {
      LOG.warn("scheduled sync round failed; next round in {}", interval, t);
    }
  }

  /** Stops the rounds; a sync already running goes on. */
  @Override
  public synchronized void close() {
    if (timer != null) timer.shutdownNow();
  }
}
