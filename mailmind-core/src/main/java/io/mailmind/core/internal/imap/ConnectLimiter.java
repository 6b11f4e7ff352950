package io.mailmind.core.internal.imap;

import io.mailmind.core.internal.util.Checks;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Bounds the IMAP connection set-ups (TCP connect, TLS, login, and for IDLE the EXAMINE) in flight at once: at most
 * {@code maxAtOnce} in total and at most {@code maxPerHost} to one host (compared lower-cased). A node that takes
 * over thousands of accounts (a start, a failover) would otherwise open them all together: the server's listen
 * backlog overflows (dropped SYNs are retried by TCP after 1, 3, 7, 15... seconds) and a mail provider sees a
 * storm of logins from one address. One instance is shared by the engine's IDLE watchers and its sync connection
 * pools.
 *
 * <p>Fair: waiters are served in arrival order, except that a waiter whose host is at its limit lets later
 * waiters for other hosts go first, so one busy host does not hold up the others. Nobody starves: a release frees
 * a host slot and a global slot together, and only the finitely many earlier waiters can take them first. Hosts
 * are tracked only while a set-up to them is in flight. Permits are handed over by the releasing thread, so
 * thousands of waiters cost no wake-ups but their own.
 *
 * <p>Thread-safe.
 */
public final class ConnectLimiter {
  /** How often a waiter checks its stop condition (a stopped watcher, a closed pool); not a timeout. */
  private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final int maxAtOnce;
  private final int maxPerHost;
  private final ReentrantLock lock = new ReentrantLock();
  /** Waiters in arrival order; guarded by {@link #lock}. */
  private final Deque<Waiter> waiters = new ArrayDeque<>();
  /** Set-ups in flight per lower-cased host; a host leaves the map when its count drops to zero. */
  private final Map<String, Integer> perHost = new HashMap<>();
  private int inFlight;

  public ConnectLimiter(int maxAtOnce, int maxPerHost) {
    Checks.collecting().atLeast("maxConnectingAtOnce", maxAtOnce, 1).atLeast("maxConnectingPerHost", maxPerHost, 1)
        .throwIfBadValues();
    this.maxAtOnce = maxAtOnce;
    this.maxPerHost = maxPerHost;
  }

  /** One connection set-up's slot; {@link #close()} gives it back (a second call does nothing). */
  public final class Permit implements AutoCloseable {
    private final String host;
    private boolean released;

    private Permit(String host) {
      this.host = host;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (released) return;
        released = true;
        give(host);
        grant();
      } finally {
        lock.unlock();
      }
    }
  }

  private final class Waiter {
    final String host;
    final Condition granted = lock.newCondition();
    boolean done;

    Waiter(String host) {
      this.host = host;
    }
  }

  /**
   * Waits for a slot to connect to {@code host}; release it in a {@code finally} with {@link Permit#close()}.
   *
   * @param stopped checked while waiting (not when a slot is free at once): when it turns true the wait ends
   *                without a slot
   * @return the slot, or null when {@code stopped} turned true first
   * @throws InterruptedException when the thread is interrupted while waiting (it gets no slot)
   */
  public Permit acquire(String host, BooleanSupplier stopped) throws InterruptedException {
    String key = host.toLowerCase(Locale.ROOT);
    lock.lock();
    try {
      Waiter waiter = new Waiter(key);
      waiters.addLast(waiter);
      boolean ok = false;
      try {
        grant(); // a slot may be free for this host while earlier waiters wait for theirs
        while (!waiter.done) {
          if (stopped.getAsBoolean()) return null;
          waiter.granted.awaitNanos(STOP_CHECK_NANOS);
        }
        ok = true;
        return new Permit(key);
      } finally {
        if (!ok) abandon(waiter);
      }
    } finally {
      lock.unlock();
    }
  }

  /** A waiter that stopped or was interrupted leaves the queue; a slot granted to it meanwhile goes on. */
  private void abandon(Waiter waiter) {
    if (waiter.done) {
      give(waiter.host);
      grant();
    } else {
      waiters.remove(waiter);
    }
  }

  /** Hands free slots to the earliest waiters whose host has room. */
  private void grant() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext() && inFlight < maxAtOnce; ) {
      Waiter waiter = it.next();
      if (!free(waiter.host)) continue;
      it.remove();
      take(waiter.host);
      waiter.done = true;
      waiter.granted.signal();
    }
  }

  private boolean free(String host) {
    return inFlight < maxAtOnce && perHost.getOrDefault(host, 0) < maxPerHost;
  }

  private void take(String host) {
    inFlight++;
    perHost.merge(host, 1, Integer::sum);
  }

  private void give(String host) {
    inFlight--;
    perHost.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
  }

  /** Set-ups in flight now. */
  public int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Set-ups in flight to {@code host} now. */
  public int inFlight(String host) {
    lock.lock();
    try {
      return perHost.getOrDefault(host.toLowerCase(Locale.ROOT), 0);
    } finally {
      lock.unlock();
    }
  }

  /** Hosts with a set-up in flight now (the limiter keeps nothing for the others). */
  int hostsTracked() {
    lock.lock();
    try {
      return perHost.size();
    } finally {
      lock.unlock();
    }
  }

  /** Threads waiting for a slot now. */
  public int waiting() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ConnectLimiter[" + maxAtOnce + " at once, " + maxPerHost + " per host]";
  }
}
