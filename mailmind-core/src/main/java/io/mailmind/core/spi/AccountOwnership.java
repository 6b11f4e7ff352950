package io.mailmind.core.spi;

import java.time.Duration;
import java.util.Set;

/**
 * Which accounts of the {@link AccountSource} this node follows (syncs and IDLEs), and when that changes. Several
 * nodes that share one store and one account source each follow only the accounts they own, so no mailbox is
 * synced twice or held by two IDLE connections. The default, {@link #all()}, is one node that owns every account.
 * A cluster implementation (mailmind-jdbc, on db-scheduler leases) owns an account while it holds its lease.
 *
 * <p>The engine asks {@link #owns} before it queues a scheduled sync, starts an IDLE watcher or runs a task, and
 * is told of every change through the {@link Listener} it passes to {@link #start}:
 * <ul>
 *   <li>{@link Listener#released} before another node may take the accounts over: the call returns once this
 *       node has stopped working for them (see there what is guaranteed), so an implementation gives up a lease
 *       only after it returns. When a lease was lost rather than given up (a node that froze and finds its
 *       heartbeat refused), the implementation calls it as soon as it knows: this node then stops at once.</li>
 *   <li>{@link Listener#acquired} after gaining accounts: the engine follows them at once and queues a sync of
 *       each, which catches up with what arrived while no node followed them.</li>
 * </ul>
 * The listener may be called from any thread, for example a lease heartbeat thread; the engine runs the calls
 * one after the other. Implementations must be thread-safe, and {@link #owns} must be fast: it is asked before
 * every task.
 */
public interface AccountOwnership {

  /**
   * The longest {@link Listener#released} waits for this node's work on the released accounts to end; a lease
   * should outlive a missed heartbeat by more than this.
   */
  Duration RELEASE_WAIT = Duration.ofSeconds(10);

  /**
   * Whether this node owns the account now. It answers false for an account before {@link Listener#released} is
   * called with it, and true before {@link Listener#acquired} is.
   */
  boolean owns(String accountId);

  /**
   * Called once, by {@link io.mailmind.core.Mailmind#start()} after the engine started: from now on report every
   * change of {@link #owns} to {@code listener}. A cluster implementation starts taking leases here.
   */
  default void start(Listener listener) {}

  /**
   * Called once, by {@link io.mailmind.core.Mailmind#close()} after every watcher and sync of the engine ended:
   * the listener is called no more, and a cluster implementation gives its leases back.
   */
  default void stop() {}

  /** What the engine is told when this node's accounts change; the engine implements it. */
  interface Listener {

    /**
     * The node no longer owns {@code accountIds}. Returns when, for each of them, this node has stopped its IDLE
     * watcher (its thread ended, its connection closed), closed its sync connections (IMAP work in flight fails),
     * dropped its queued work, and waited for the store writes in flight: from then on nothing of these accounts
     * is written to the store by this node, and their running syncs end without writing (reported as not owned,
     * not as errors). Waits at most {@link #RELEASE_WAIT}; when a store write still runs then, it logs a warning
     * and returns (that write may still commit).
     */
    void released(Set<String> accountIds);

    /**
     * The node now owns {@code accountIds}. Returns at once; the engine starts following those that are active
     * and queues a sync of each.
     */
    void acquired(Set<String> accountIds);
  }

  /** One node that owns every account, always: the default. */
  static AccountOwnership all() {
    return AllAccounts.INSTANCE;
  }
}
