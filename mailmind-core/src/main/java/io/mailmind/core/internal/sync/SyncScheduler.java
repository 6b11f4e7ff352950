package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.MailTask;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when accounts are synced: every {@code interval} (from the end of one round to the start of the next),
 * one {@link MailTask.SyncAccount} per active account this node owns that is not being synced already, and the
 * runtimes of the other accounts are closed; accounts this node has just acquired are synced at once
 * ({@link #syncNow}). One daemon thread. Thread-safe.
 */
public final class SyncScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);

  private final AccountSource accounts;
  private final AccountRuntimes runtimes;
  private final TaskSubmitter tasks;
  private final SyncContext context;
  private final Duration interval;
  private final OwnedAccounts owned;
  private ScheduledExecutorService timer;

  /** @param context where a failed sync is reported ({@link SyncContext#failed}) */
  public SyncScheduler(AccountSource accounts, AccountRuntimes runtimes, TaskSubmitter tasks, SyncContext context,
      Duration interval, OwnedAccounts owned) {
    this.owned = owned;
    this.accounts = accounts;
    this.runtimes = runtimes;
    this.tasks = tasks;
    this.context = context;
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

  /**
   * One round: queues a sync of every owned active account not being synced, forgets the runtimes of the other
   * accounts.
   */
  void round() {
    try {
      List<ImapAccount> owning = accounts.activeAccounts().stream().filter(a -> owned.owns(a.id())).toList();
      queue(owning);
      runtimes.retainOnly(owning);
    } catch (Throwable t) {
      LOG.warn("scheduled sync round failed; next round in {}", interval, t);
    }
  }

  /**
   * Queues a sync of those of {@code accountIds} that are active and owned, on the scheduler's thread and at once
   * (accounts just acquired: the sync catches up with what arrived while no node followed them).
   */
  public synchronized void syncNow(Set<String> accountIds) {
    if (timer == null || timer.isShutdown()) return;
    timer.execute(() -> {
      try {
        queue(accounts.activeAccounts().stream()
            .filter(a -> accountIds.contains(a.id()) && owned.owns(a.id())).toList());
      } catch (Throwable t) {
        LOG.warn("sync of acquired accounts failed; they are synced at the next round in {}", interval, t);
      }
    });
  }

  private void queue(List<ImapAccount> owning) {
    for (ImapAccount account : owning) {
      if (runtimes.syncing(account)) continue;
      tasks.submit(new MailTask.SyncAccount(account.id())).whenComplete((ignored, failure) -> {
        if (failure != null) context.failed(account.id(), "scheduled sync", failure);
      });
    }
  }

  /** Stops the rounds; a sync already running goes on. */
  @Override
  public synchronized void close() {
    if (timer != null) timer.shutdownNow();
  }
}
