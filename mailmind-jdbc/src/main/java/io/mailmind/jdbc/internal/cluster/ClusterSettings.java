package io.mailmind.jdbc.internal.cluster;

import java.time.Clock;
import java.time.Duration;

/**
 * The settings of one cluster node, validated by the public builder. Derived times: the lease ({@code maxAge},
 * after which other nodes declare a silent holder dead), the fence (this node stops owning a shard when its last
 * successful heartbeat is older: 3 heartbeats), the membership timeout (a node not seen for a fence plus a
 * heartbeat no longer counts for balancing; leases, not membership, decide who owns what), and the loops' ticks.
 */
public record ClusterSettings(String nodeId, int shardCount, Duration heartbeat, int missedHeartbeats,
    Duration polling, String prefix, Clock clock) {

  public long maxAgeMs() {
    return heartbeat.toMillis() * missedHeartbeats;
  }

  public long fenceMs() {
    return 3 * heartbeat.toMillis();
  }

  public long memberTimeoutMs() {
    return fenceMs() + heartbeat.toMillis();
  }

  /** How often a shard's loop looks at its lease without being woken. */
  public long shardTickMs() {
    return Math.max(10, Math.min(250, heartbeat.toMillis() / 4));
  }

  /** How often the node refreshes its membership and its view, announces new accounts and balances. */
  public long coordinatorTickMs() {
    return Math.max(10, Math.min(polling.toMillis(), heartbeat.toMillis()));
  }

  /** How long a shard this node gave back is refused by it. */
  public long cooldownMs() {
    return 5 * coordinatorTickMs();
  }
}
