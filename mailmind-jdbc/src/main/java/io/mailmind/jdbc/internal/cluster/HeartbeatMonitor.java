package io.mailmind.jdbc.internal.cluster;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.HeartbeatState;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;

/**
 * Carries db-scheduler's heartbeat outcomes to the shard leases. It runs in the scheduler's housekeeper thread,
 * right after that thread updated the heartbeats: {@link HeartbeatState}'s fields are plain, so they are read only
 * here, in the thread that wrote them, and published through the lease's volatile fields. No I/O here (the
 * scheduler's listener contract); a refused heartbeat only wakes the shard's loop, which confirms it.
 */
final class HeartbeatMonitor extends AbstractSchedulerListener {
  private final ClusterNode node;

  HeartbeatMonitor(ClusterNode node) {
    this.node = node;
  }

  @Override
  public void onExecutionFailedHeartbeat(CurrentlyExecuting executing) {
    ShardLease lease = leaseOf(executing);
    if (lease != null) {
      lease.heartbeat(Long.MIN_VALUE, true);
      lease.signal();
    }
  }

  @Override
  public void onSchedulerEvent(SchedulerEventType type) {
    if (type != SchedulerEventType.RAN_UPDATE_HEARTBEATS) return;
    Scheduler scheduler = node.scheduler();
    if (scheduler == null) return;
    long now = node.settings().clock().millis();
    long maxAge = node.settings().maxAgeMs();
    for (CurrentlyExecuting executing : scheduler.getCurrentlyExecuting()) {
      ShardLease lease = leaseOf(executing);
      if (lease == null) continue;
      HeartbeatState state = executing.getHeartbeatState();
      long lastSuccess = now - Math.round(state.getFractionDead() * maxAge);
      lease.heartbeat(lastSuccess, state.getFailedHeartbeats() > 0);
    }
  }

  private ShardLease leaseOf(CurrentlyExecuting executing) {
    Integer shard = ClusterTables.shardNumber(executing.getTaskInstance().getId());
    if (shard == null || !ClusterTables.TASK.equals(executing.getTaskInstance().getTaskName())) return null;
    return node.lease(shard, executing.getExecution().version);
  }
}
