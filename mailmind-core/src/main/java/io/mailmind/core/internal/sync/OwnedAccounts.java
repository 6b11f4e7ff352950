package io.mailmind.core.internal.sync;

import io.mailmind.core.AccountNotOwnedException;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.MailStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The engine's view of the {@link AccountOwnership}: which accounts this node works for, and the fence that keeps
 * a released account's running work from writing to the store. Every store write of the sync goes through
 * {@link #guard the guarded store}: it holds the account's write gate (shared) while it runs and is refused with
 * an {@link AccountNotOwnedException} when the account is not owned. {@link #release} closes the fence at once
 * and {@link #awaitWrites} then waits for the writes already in flight, so that afterwards nothing of those
 * accounts is written. Thread-safe.
 */
public final class OwnedAccounts {
  private final AccountOwnership ownership;
  /** Released by the engine's listener; kept even if the ownership still answers true, until acquired again. */
  private final Set<String> released = ConcurrentHashMap.newKeySet();
  private final Map<String, ReentrantReadWriteLock> gates = new ConcurrentHashMap<>();

  public OwnedAccounts(AccountOwnership ownership) {
    this.ownership = ownership;
  }

  /** Whether this node works for the account now. */
  public boolean owns(String accountId) {
    return !released.contains(accountId) && ownership.owns(accountId);
  }

  /** @throws AccountNotOwnedException when this node does not own the account */
  public void checkOwned(String accountId) {
    if (!owns(accountId)) throw new AccountNotOwnedException(accountId);
  }

  /** Closes the fence: from now on the accounts are not owned, and every write of theirs is refused. */
  public void release(Collection<String> accountIds) {
    released.addAll(accountIds);
  }

  /** Opens the fence again for accounts this node owns again. */
  public void acquire(Collection<String> accountIds) {
    released.removeAll(accountIds);
  }

  /**
   * Waits until no store write of {@code accountIds} is in flight, at most until {@code deadlineNanos}
   * ({@link System#nanoTime()}).
   *
   * @return the accounts whose write was still running at the deadline
   */
  public List<String> awaitWrites(Collection<String> accountIds, long deadlineNanos) throws InterruptedException {
    List<String> writing = new ArrayList<>();
    for (String accountId : accountIds) {
      ReentrantReadWriteLock gate = gates.get(accountId);
      if (gate == null) continue;
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      if (gate.writeLock().tryLock(left, TimeUnit.NANOSECONDS)) {
        gate.writeLock().unlock();
      } else {
        writing.add(accountId);
      }
    }
    return writing;
  }

  /** {@code store} with every write gated as described above; reads pass through. */
  public MailStore guard(MailStore store) {
    return new OwnedStore(store, this);
  }

  /** Runs a store write of the accounts (one, for the engine's writes) while holding their gates. */
  <T> T write(Collection<String> accountIds, Supplier<T> write) {
    Set<String> ordered = new TreeSet<>(accountIds);
    return write(ordered.iterator(), write);
  }

  private <T> T write(Iterator<String> accountIds, Supplier<T> write) {
    if (!accountIds.hasNext()) return write.get();
    String accountId = accountIds.next();
    ReentrantReadWriteLock.ReadLock gate = gates.computeIfAbsent(accountId, id -> new ReentrantReadWriteLock())
        .readLock();
    gate.lock();
    try {
      checkOwned(accountId);
      return write(accountIds, write);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public String toString() {
    return "OwnedAccounts[" + ownership + ", released " + released.size() + "]";
  }
}
