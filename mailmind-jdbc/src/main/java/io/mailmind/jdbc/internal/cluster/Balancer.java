package io.mailmind.jdbc.internal.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How nodes share the accounts, as pure functions of what a node sees (unit-tested without a database). Nodes are
 * balanced by accounts, not by shards: with few accounts over many shards, an equal number of shards per node would
 * still leave a node without accounts. The target of every node is {@code ceil(active accounts / live nodes)}.
 *
 * <ul>
 *   <li>A node accepts an empty shard always (someone must hold it, so that an account added to it is followed),
 *       and a shard with accounts while it follows fewer accounts than the target. Since the held accounts of all
 *       nodes then sum to less than {@code nodes × target} while a shard with accounts is free, some node is below
 *       the target and takes it: no account stays unfollowed.</li>
 *   <li>A node gives back its smallest shard with accounts when another live node below the target would still
 *       follow fewer accounts than this node after taking it. Each such move lowers the sum of the squared loads,
 *       so moves end; one move per tick bounds the churn.</li>
 * </ul>
 */
public final class Balancer {
  private Balancer() {}

  /** The number of accounts each node should follow at most (0 without accounts). */
  public static int target(int activeAccounts, int liveNodes) {
    if (liveNodes < 1) throw new IllegalArgumentException("liveNodes was " + liveNodes + " but this node is live");
    return (activeAccounts + liveNodes - 1) / liveNodes;
  }

  /** Whether a node following {@code myLoad} accounts takes a shard of {@code weight} accounts. */
  public static boolean accept(int myLoad, int weight, int target) {
    return weight == 0 || myLoad < target;
  }

  /** Whether a node following {@code myLoad} accounts could take any shard with accounts now. */
  public static boolean wantsAccounts(int myLoad, int target) {
    return myLoad < target;
  }

  /**
   * The shard this node should give back now, if any.
   *
   * @param myShards   the accounts in each shard this node holds
   * @param otherLoads the accounts followed by each other live node
   */
  public static OptionalInt giveBack(Map<Integer, Integer> myShards, Collection<Integer> otherLoads, int target) {
    return giveBack(myShards, myShards.keySet(), otherLoads, target);
  }

  /** As {@link #giveBack(Map, Collection, int)}, choosing only among {@code movable} shards. */
  public static OptionalInt giveBack(Map<Integer, Integer> myShards, Collection<Integer> movable,
      Collection<Integer> otherLoads, int target) {
    int myLoad = myShards.values().stream().mapToInt(Integer::intValue).sum();
    int smallest = -1;
    int smallestWeight = Integer.MAX_VALUE;
    for (Map.Entry<Integer, Integer> shard : myShards.entrySet()) {
      if (!movable.contains(shard.getKey())) continue;
      int weight = shard.getValue();
      if (weight > 0 && (weight < smallestWeight || weight == smallestWeight && shard.getKey() < smallest)) {
        smallest = shard.getKey();
        smallestWeight = weight;
      }
    }
    if (smallest < 0) return OptionalInt.empty();
    for (int other : otherLoads) {
      if (other < target && other + smallestWeight < myLoad) return OptionalInt.of(smallest);
    }
    return OptionalInt.empty();
  }
}
