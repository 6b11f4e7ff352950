package io.mailmind.core.internal.engine;

import io.mailmind.core.internal.idle.IdleSupervisor;
import io.mailmind.core.internal.sync.AccountRuntimes;
import io.mailmind.core.internal.sync.OwnedAccounts;
import io.mailmind.core.internal.sync.SyncScheduler;
import io.mailmind.core.spi.AccountOwnership;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of {@link AccountOwnership}: on a release, fences the accounts' store writes, aborts their
 * sync connections, stops their IDLE watchers and waits (bounded by {@link AccountOwnership#RELEASE_WAIT}) for
 * the watchers and the writes in flight to end; on an acquisition, follows the accounts and syncs them at once.
 * Calls run one at a time, from whichever thread the ownership uses.
 */
final class OwnershipChanges implements AccountOwnership.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(OwnershipChanges.class);

  private final OwnedAccounts owned;
  private final AccountRuntimes runtimes;
  private final SyncScheduler scheduler;
  private final Supplier<IdleSupervisor> idle;
  private final BooleanSupplier closed;

  OwnershipChanges(OwnedAccounts owned, AccountRuntimes runtimes, SyncScheduler scheduler,
      Supplier<IdleSupervisor> idle, BooleanSupplier closed) {
    this.owned = owned;
    this.runtimes = runtimes;
    this.scheduler = scheduler;
    this.idle = idle;
    this.closed = closed;
  }

  @Override
  public synchronized void released(Set<String> accountIds) {
    Set<String> ids = Set.copyOf(accountIds);
    if (ids.isEmpty()) return;
    long start = System.nanoTime();
    long deadline = start + AccountOwnership.RELEASE_WAIT.toNanos();
    // First the fence: from here on no task of these accounts starts and no write of theirs begins.
    owned.release(ids);
    runtimes.release(ids);
    try {
      IdleSupervisor following = idle.get();
      List<String> watching = following == null ? List.of() : following.release(ids, deadline);
      List<String> writing = owned.awaitWrites(ids, deadline);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (watching.isEmpty() && writing.isEmpty()) {
        LOG.info("released {} accounts in {} ms: their watchers and syncs stopped", ids.size(), millis);
      } else {
        LOG.warn("released {} accounts, but after {} the IDLE watchers of {} and the store writes of {} still ran",
            ids.size(), AccountOwnership.RELEASE_WAIT, watching, writing);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while releasing {} accounts; their work may still be ending", ids.size());
    }
  }

  @Override
  public synchronized void acquired(Set<String> accountIds) {
    Set<String> ids = Set.copyOf(accountIds);
    if (ids.isEmpty()) return;
    owned.acquire(ids);
    if (closed.getAsBoolean()) return;
    IdleSupervisor following = idle.get();
    if (following != null) following.followNow();
    scheduler.syncNow(ids);
    LOG.info("acquired {} accounts: following and syncing them", ids.size());
  }
}
