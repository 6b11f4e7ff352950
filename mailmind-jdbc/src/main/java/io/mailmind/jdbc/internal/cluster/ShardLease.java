package io.mailmind.jdbc.internal.cluster;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * This node's hold on one shard: one running db-scheduler execution of the shard's row, identified by the row's
 * version at the pick. The node owns the shard's accounts while the lease is not ended and its last successful
 * heartbeat is younger than the fence ({@link #valid}); the fence is what makes a lease safe, since a node learns
 * that its heartbeat was refused only after another node may already hold the row. Fields written by the
 * heartbeat thread and read by the shard's loop and by {@code owns} are volatile.
 */
final class ShardLease {
  /** Why a lease ends. */
  enum End {
    /** The balancer gives the shard to a node with fewer accounts: released, then the row is freed at once. */
    GIVE_BACK,
    /** The node stops: the engine has stopped already; the row is freed at once. */
    STOP,
    /** No successful heartbeat for the fence's length: released at once; the row is freed if still ours. */
    FENCED,
    /** The row was taken by another node or picked again by this one (a heartbeat was refused). */
    LOST,
    /** This node picked the shard again while this execution still ran: nothing to release or free. */
    SUPERSEDED
  }

  final int shard;
  final long version;
  final long acquiredMs;
  private volatile long lastSuccessMs;
  private volatile boolean heartbeatFailed;
  private volatile boolean ended;
  private volatile End requested;
  /** The accounts announced to the engine as acquired with this lease; guarded by the node's change lock. */
  final Set<String> announced = new LinkedHashSet<>();

  ShardLease(int shard, long version, long pickedAtMs) {
    this.shard = shard;
    this.version = version;
    this.acquiredMs = pickedAtMs;
    this.lastSuccessMs = pickedAtMs; // the pick wrote last_heartbeat = now
  }

  /** Whether the node owns the shard's accounts at {@code nowMs}. */
  boolean valid(long nowMs, long fenceMs) {
    return !ended && nowMs - lastSuccessMs < fenceMs;
  }

  /** A heartbeat round's outcome for this lease, from the heartbeat thread. */
  void heartbeat(long successMs, boolean failed) {
    if (successMs > lastSuccessMs) lastSuccessMs = successMs;
    if (failed) heartbeatFailed = true;
  }

  long lastSuccessMs() {
    return lastSuccessMs;
  }

  boolean heartbeatFailed() {
    return heartbeatFailed;
  }

  /** The failed heartbeat was a failure to reach the database, not a refusal: the fence decides. */
  void heartbeatConfirmed() {
    heartbeatFailed = false;
  }

  /** Asks the shard's loop to end the lease (the first request counts). */
  synchronized void request(End end) {
    if (requested == null) requested = end;
    notifyAll();
  }

  /** Wakes the shard's loop, for example after a failed heartbeat. */
  synchronized void signal() {
    notifyAll();
  }

  /**
   * What ends the lease at {@code nowMs}, or null while it holds: a request, else the fence. Does not wait.
   */
  End due(long nowMs, long fenceMs) {
    End end = requested;
    if (end != null) return end;
    return nowMs - lastSuccessMs >= fenceMs ? End.FENCED : null;
  }

  /** Waits up to {@code millis} for a request or a signal. */
  synchronized void await(long millis) throws InterruptedException {
    if (requested == null && millis > 0) wait(millis);
  }

  /** From now on the node does not own the shard's accounts. */
  void end() {
    ended = true;
  }

  boolean ended() {
    return ended;
  }
}
