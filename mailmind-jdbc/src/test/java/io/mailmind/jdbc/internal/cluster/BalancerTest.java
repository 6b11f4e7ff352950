package io.mailmind.jdbc.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The balancing rules alone, and a simulation of nodes that start one after another and join later, applying
 * the same rules in rounds (one give-back per node per round; a free shard goes to a random node that accepts
 * it): the moves end, every node stays within 2 × ceil(accounts / nodes), and a node that joins gets accounts.
 */
class BalancerTest {

  @Test
  @DisplayName("the target is the ceiling of accounts per node; empty shards are always taken")
  void rules() {
    assertThat(Balancer.target(24, 3)).isEqualTo(8);
    assertThat(Balancer.target(25, 3)).isEqualTo(9);
    assertThat(Balancer.target(0, 3)).isZero();
    assertThat(Balancer.accept(8, 1, 8)).isFalse();
    assertThat(Balancer.accept(8, 0, 8)).isTrue();
    assertThat(Balancer.accept(7, 3, 8)).isTrue();
  }

  @Test
  @DisplayName("gives back the smallest shard with accounts, only when that strictly helps a node below the target")
  void giveBack() {
    assertThat(Balancer.giveBack(Map.of(1, 3, 2, 1, 3, 0), List.of(0), 2)).isEqualTo(OptionalInt.of(2));
    assertThat(Balancer.giveBack(Map.of(1, 2, 2, 2), List.of(2, 0), 2)).isEqualTo(OptionalInt.of(1));
    assertThat(Balancer.giveBack(Map.of(1, 2), List.of(1), 2)).isEmpty(); // 1 + 2 is not below 2
    assertThat(Balancer.giveBack(Map.of(1, 4), List.of(0), 2)).isEmpty(); // one shard: moving it helps nobody
    assertThat(Balancer.giveBack(Map.of(1, 0), List.of(0), 1)).isEmpty();
  }

  @RepeatedTest(50)
  @DisplayName("simulated nodes converge within the bound, and a joining node gets accounts")
  void simulation(org.junit.jupiter.api.RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    int shards = 64;
    int accounts = 20 + random.nextInt(200);
    int[] weight = new int[shards];
    for (int i = 0; i < accounts; i++) weight[random.nextInt(shards)]++;
    Integer[] holder = new Integer[shards];
    List<Integer> nodes = new ArrayList<>(List.of(0));
    int rounds = run(holder, weight, nodes, random);
    nodes.add(1);
    nodes.add(2);
    rounds += run(holder, weight, nodes, random);
    check(holder, weight, nodes, accounts);
    nodes.add(3);
    run(holder, weight, nodes, random);
    check(holder, weight, nodes, accounts);
    assertThat(rounds).isLessThan(400);
  }

  private static void check(Integer[] holder, int[] weight, List<Integer> nodes, int accounts) {
    int bound = 2 * Balancer.target(accounts, nodes.size());
    for (int node : nodes) {
      int load = load(holder, weight, node);
      assertThat(load).as("node " + node + " of " + nodes.size()).isBetween(1, bound);
    }
    for (int shard = 0; shard < holder.length; shard++) {
      if (weight[shard] > 0) assertThat(holder[shard]).as("shard " + shard).isNotNull();
    }
  }

  /** Rounds until nothing moves; returns how many. */
  private static int run(Integer[] holder, int[] weight, List<Integer> nodes, Random random) {
    int total = 0;
    for (int w : weight) total += w;
    int target = Balancer.target(total, nodes.size());
    for (int round = 1; round < 1000; round++) {
      boolean moved = false;
      for (int shard = 0; shard < holder.length; shard++) {
        if (holder[shard] != null) continue;
        List<Integer> takers = new ArrayList<>();
        for (int node : nodes) {
          if (Balancer.accept(load(holder, weight, node), weight[shard], target)) takers.add(node);
        }
        if (!takers.isEmpty()) {
          holder[shard] = takers.get(random.nextInt(takers.size()));
          moved = true;
        }
      }
      for (int node : nodes) {
        Map<Integer, Integer> mine = new HashMap<>();
        List<Integer> others = new ArrayList<>();
        for (int shard = 0; shard < holder.length; shard++) {
          if (holder[shard] != null && holder[shard] == node) mine.put(shard, weight[shard]);
        }
        for (int other : nodes) {
          if (other != node) others.add(load(holder, weight, other));
        }
        OptionalInt back = Balancer.giveBack(mine, others, target);
        if (back.isPresent()) {
          holder[back.getAsInt()] = null;
          moved = true;
        }
      }
      if (!moved) return round;
    }
    throw new AssertionError("the simulation did not settle in 1000 rounds");
  }

  private static int load(Integer[] holder, int[] weight, int node) {
    int load = 0;
    for (int shard = 0; shard < holder.length; shard++) {
      if (holder[shard] != null && holder[shard] == node) load += weight[shard];
    }
    return load;
  }
}
