package io.mailmind.jdbc.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.HeartbeatConfig;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.jdbc.internal.JdbcStore;
import io.mailmind.jdbc.internal.cluster.ShardLease.End;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The lease logic of one node in virtual time: the test moves the node's clock; no scheduler runs and nothing
 * sleeps (a shard's loop checks its lease before it waits). What the engine is told is recorded together with
 * what {@code owns} answered at that moment, so the order "not owned, then released, then the row freed" is
 * checked, not assumed.
 */
class ClusterNodeTest {
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private final MutableClock clock = new MutableClock();
  private final List<ImapAccount> accounts = new ArrayList<>();
  private final Recorder engine = new Recorder();
  private JdbcDataSource dataSource;
  private Connection keepAlive;
  private ClusterNode node;

  @BeforeEach
  void setUp() throws SQLException {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:cluster-node-" + UUID.randomUUID());
    keepAlive = dataSource.getConnection();
    JdbcStore.openTables(dataSource, null, "mm_", true);
    IntStream.range(0, 40).forEach(i -> accounts.add(ImapAccount.builder().id("a" + i).host("h").username("a" + i).build()));
    node = new ClusterNode(new ClusterSettings("me", 8, HEARTBEAT, 16, HEARTBEAT, "mm_", clock), dataSource,
        () -> List.copyOf(accounts), false);
    node.join(engine);
  }

  @AfterEach
  void tearDown() throws SQLException {
    keepAlive.close();
  }

  @Test
  @DisplayName("a node whose last heartbeat is older than the fence stops owning at once, then releases, then frees")
  void frozenNodeStopsAtOnce() {
    int shard = shardWithAccounts();
    ShardLease lease = node.acquire(shard, 5);
    Set<String> ids = accountsOf(shard);
    assertThat(engine.calls).containsExactly("acquired " + ids + " owned=true");
    assertThat(ids).allMatch(node::owns);

    clock.advance(HEARTBEAT.multipliedBy(3)); // the node was frozen for three heartbeats: no thread ran
    assertThat(ids).noneMatch(node::owns);

    assertThat(node.hold(lease)).isEqualTo(End.FENCED);
    node.finish(lease, End.FENCED);
    assertThat(engine.calls).containsExactly("acquired " + ids + " owned=true", "released " + ids + " owned=false");
  }

  @Test
  @DisplayName("a heartbeat refused because another node holds the row ends the lease at once, before the fence")
  void refusedHeartbeatEndsAtOnce() throws SQLException {
    int shard = shardWithAccounts();
    ShardLease lease = node.acquire(shard, 5);
    leaseRow(shard, "other", 6); // another node revived and picked the row while this one was frozen
    new HeartbeatMonitor(node).onExecutionFailedHeartbeat(executing(shard, 5));

    assertThat(node.hold(lease)).isEqualTo(End.LOST);
    node.finish(lease, End.LOST);
    assertThat(engine.calls).last().isEqualTo("released " + accountsOf(shard) + " owned=false");
  }

  @Test
  @DisplayName("a heartbeat that failed while the row still names this node keeps the lease until the fence")
  void failedHeartbeatOnOwnRowWaitsForTheFence() throws Exception {
    int shard = shardWithAccounts();
    ShardLease lease = node.acquire(shard, 5);
    leaseRow(shard, "me", 5); // the UPDATE failed (a database blip), but the row is still this execution's
    new HeartbeatMonitor(node).onExecutionFailedHeartbeat(executing(shard, 5));
    clock.advance(Duration.ofMillis(2_900));

    Thread holder = new Thread(() -> node.finish(lease, node.hold(lease)));
    holder.start();
    holder.join(200);
    assertThat(holder.isAlive()).as("still holding within the fence").isTrue();
    assertThat(accountsOf(shard)).allMatch(node::owns);

    clock.advance(Duration.ofMillis(100));
    lease.signal();
    holder.join(5_000);
    assertThat(holder.isAlive()).isFalse();
    assertThat(engine.calls).last().isEqualTo("released " + accountsOf(shard) + " owned=false");
  }

  @Test
  @DisplayName("picked again by the same node after a lost lease: the older loop ends without releasing")
  void pickedAgainSupersedesQuietly() {
    int shard = shardWithAccounts();
    ShardLease older = node.acquire(shard, 5);
    ShardLease newer = node.acquire(shard, 7);
    assertThat(node.hold(older)).isEqualTo(End.SUPERSEDED);
    node.finish(older, End.SUPERSEDED);
    assertThat(engine.calls).noneMatch(call -> call.startsWith("released"));
    assertThat(accountsOf(shard)).allMatch(node::owns);
    assertThat(newer.ended()).isFalse();
  }

  @Test
  @DisplayName("an account added to a held shard is announced once; a re-acquired shard announces what it released")
  void announcesAccounts() throws SQLException {
    int shard = shardWithAccounts();
    ShardLease lease = node.acquire(shard, 5);
    String added = IntStream.range(100, 1000).mapToObj(i -> "a" + i)
        .filter(id -> Shards.of(id, 8) == shard).findFirst().orElseThrow();
    accounts.add(ImapAccount.builder().id(added).host("h").username(added).build());
    node.tick(clock.millis());
    node.tick(clock.millis());
    assertThat(engine.calls).filteredOn(call -> call.contains(added)).containsExactly("acquired [" + added + "] owned=true");

    lease.request(End.GIVE_BACK);
    node.finish(lease, node.hold(lease));
    accounts.removeIf(a -> a.id().equals(added)); // disabled while this node did not hold the shard
    node.tick(clock.millis());
    node.acquire(shard, 9);
    assertThat(engine.calls).last().asString().contains(added).startsWith("acquired");
  }

  private int shardWithAccounts() {
    Map<Integer, Integer> sizes = new TreeMap<>();
    accounts.forEach(a -> sizes.merge(Shards.of(a.id(), 8), 1, Integer::sum));
    return sizes.entrySet().stream().filter(e -> e.getValue() >= 2).findFirst().orElseThrow().getKey();
  }

  private Set<String> accountsOf(int shard) {
    return new java.util.TreeSet<>(accounts.stream().map(ImapAccount::id).filter(id -> Shards.of(id, 8) == shard).toList());
  }

  private CurrentlyExecuting executing(int shard, long version) {
    Execution execution = new Execution(clock.instant(), new TaskInstance<>(ClusterTables.TASK, Integer.toString(shard)),
        true, "me", null, null, 0, clock.instant(), version);
    return new CurrentlyExecuting(execution, clock::instant, new HeartbeatConfig(HEARTBEAT, 16, HEARTBEAT.multipliedBy(16)));
  }

  private void leaseRow(int shard, String pickedBy, long version) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO mm_cluster_leases "
        + "(task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version) VALUES (?, ?, ?, TRUE, ?, ?, ?)")) {
      s.setString(1, ClusterTables.TASK);
      s.setString(2, Integer.toString(shard));
      s.setTimestamp(3, Timestamp.from(clock.instant()));
      s.setString(4, pickedBy);
      s.setTimestamp(5, Timestamp.from(clock.instant()));
      s.setLong(6, version);
      s.executeUpdate();
    }
  }

  /** The engine: records each call with what {@code owns} answered for its accounts during the call. */
  private final class Recorder implements AccountOwnership.Listener {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void released(Set<String> accountIds) {
      calls.add("released " + new java.util.TreeSet<>(accountIds) + " owned=" + accountIds.stream().anyMatch(node::owns));
    }

    @Override
    public void acquired(Set<String> accountIds) {
      calls.add("acquired " + new java.util.TreeSet<>(accountIds) + " owned=" + accountIds.stream().allMatch(node::owns));
    }
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-06T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
