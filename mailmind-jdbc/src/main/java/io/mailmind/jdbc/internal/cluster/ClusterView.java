package io.mailmind.jdbc.internal.cluster;

import java.util.List;
import java.util.Map;

/**
 * What a node last read of the cluster: the active accounts by shard, the accounts followed by each other live
 * node (from the lease rows), and the target share. Immutable.
 */
record ClusterView(Map<Integer, List<String>> accountsByShard, Map<String, Integer> otherLoads, int liveNodes,
    int activeAccounts, int target) {

  ClusterView {
    accountsByShard = Map.copyOf(accountsByShard);
    otherLoads = Map.copyOf(otherLoads);
  }

  List<String> accounts(int shard) {
    return accountsByShard.getOrDefault(shard, List.of());
  }

  int weight(int shard) {
    return accounts(shard).size();
  }
}
