package io.mailmind.jdbc.internal.cluster;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.jdbc.internal.cluster.ClusterTables.Lease;
import io.mailmind.jdbc.internal.cluster.ClusterTables.Member;
import io.mailmind.jdbc.internal.cluster.ShardLease.End;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a cluster: holds shard leases as long-running db-scheduler executions (one per shard row), owns
 * the accounts of the shards it holds while their leases are valid, tells the engine of every change, and gives
 * shards back when another node follows fewer accounts (see {@link Balancer}).
 *
 * <p>The order that keeps an account from being followed twice: on leaving a shard (given back, fenced or lost)
 * the lease ends first, so {@link #owns} answers false and every store write of its accounts is refused; then the
 * engine's {@code released} returns once their watchers and writes have ended; only then does the execution
 * return and free the row for another node. A node that cannot heartbeat stops owning after the fence (three
 * heartbeats), long before another node may declare its row dead (the lease, {@code missedHeartbeats} heartbeats).
 *
 * <p>Changes (leases starting and ending, accounts announced) run one at a time under one lock; {@link #owns}
 * takes no lock, since the engine asks it inside store writes that {@code released} waits for.
 */
public final class ClusterNode {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterSettings settings;
  private final DataSource dataSource;
  private final ClusterTables tables;
  private final AccountSource accounts;
  private final boolean utcTimestamps;
  private final long startedMs;
  private final Map<Integer, ShardLease> held = new ConcurrentHashMap<>();
  private final Map<String, Integer> shardOf = new ConcurrentHashMap<>();
  private final Map<Integer, Long> cooldownUntil = new ConcurrentHashMap<>();
  private final ReentrantLock changes = new ReentrantLock();
  /** Accounts told to the engine as released and not acquired since; guarded by {@link #changes}. */
  private final Set<String> released = new LinkedHashSet<>();
  private final HeartbeatMonitor monitor;
  private volatile ClusterView view;
  private volatile boolean stopping;
  private volatile AccountOwnership.Listener listener;
  private volatile Scheduler scheduler;
  private Thread coordinator;
  private long nextMoveMs;
  private long nextCleanupMs;
  private long lastWarningMs;

  public ClusterNode(ClusterSettings settings, DataSource dataSource, AccountSource accounts, boolean utcTimestamps) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.tables = new ClusterTables(dataSource, settings.prefix());
    this.accounts = accounts;
    this.utcTimestamps = utcTimestamps;
    this.startedMs = settings.clock().millis();
    this.monitor = new HeartbeatMonitor(this);
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** Whether this node owns the account now: it holds the shard's lease and the lease is within its fence. */
  public boolean owns(String accountId) {
    ShardLease lease = held.get(shardOf(accountId));
    return lease != null && lease.valid(settings.clock().millis(), settings.fenceMs());
  }

  int shardOf(String accountId) {
    return shardOf.computeIfAbsent(accountId, id -> Shards.of(id, settings.shardCount()));
  }

  /**
   * Joins the cluster: checks the stored shard count and that no live node has this id, registers this node,
   * creates the shard rows, then starts taking leases and the coordinator.
   *
   * @throws MailStoreException when the cluster's tables cannot be used or the node is configured differently
   */
  public synchronized void start(AccountOwnership.Listener engine) {
    join(engine);
    CustomTask<Void> task = Tasks.custom(ClusterTables.TASK, Void.class)
        .onFailure((complete, operations) -> operations.reschedule(complete, settings.clock().instant()))
        .onDeadExecution((complete, operations) -> {
          LOG.info("shard {}: its holder {} stopped heartbeating; the shard is free again",
              complete.getExecution().taskInstance.getId(), complete.getExecution().pickedBy);
          operations.reschedule(complete, settings.clock().instant());
        })
        .execute(this::execute);
    SchedulerBuilder builder = Scheduler.create(dataSource, task)
        .tableName(tables.leaseTable())
        .schedulerName(new SchedulerName.Fixed(settings.nodeId()))
        .threads(settings.shardCount() + 2)
        .heartbeatInterval(settings.heartbeat())
        .missedHeartbeatsLimit(settings.missedHeartbeats())
        .pollingInterval(settings.polling())
        .shutdownMaxWait(Duration.ofSeconds(5))
        .commitWhenAutocommitDisabled(true)
        .clock(() -> settings.clock().instant())
        .addSchedulerListener(monitor);
    if (utcTimestamps) builder.alwaysPersistTimestampInUTC();
    Scheduler built = builder.build();
    for (int shard = 0; shard < settings.shardCount(); shard++) {
      built.scheduleIfNotExists(task.instance(Integer.toString(shard)), settings.clock().instant());
    }
    scheduler = built;
    pauseOrResume();
    built.start();
    coordinator = new Thread(this::coordinate, "mailmind-cluster-" + settings.nodeId());
    coordinator.setDaemon(true);
    coordinator.start();
    LOG.info("cluster node {} joined: {} shards, heartbeat {}, lease {} ms, fence {} ms", settings.nodeId(),
        settings.shardCount(), settings.heartbeat(), settings.maxAgeMs(), settings.fenceMs());
  }

  /**
   * The first half of {@link #start}: checks the stored shard count and the node id, registers this node and reads
   * the cluster; from here on {@code engine} hears of every change. Leases come only once the scheduler runs.
   */
  synchronized void join(AccountOwnership.Listener engine) {
    if (listener != null || stopping) throw new IllegalStateException("the cluster node was started already");
    this.listener = engine;
    long now = settings.clock().millis();
    try {
      checkShardCount(now);
      checkNodeId(now);
      tables.upsertMember(new Member(settings.nodeId(), startedMs, now, false));
      refreshView(now);
    } catch (SQLException e) {
      throw new MailStoreException("could not join the cluster (tables '" + settings.prefix() + "cluster*'): "
          + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e.getSQLState(), e);
    }
  }

  /**
   * Leaves the cluster: marks this node leaving (others raise their share at once), stops picking, ends every
   * lease (the engine has stopped already, so nothing is released to it) and frees the rows, then stops the
   * scheduler and removes the membership row.
   */
  public void stop() {
    Scheduler running;
    synchronized (this) {
      if (stopping) return;
      stopping = true;
      running = scheduler;
    }
    if (running == null) return;
    try {
      tables.upsertMember(new Member(settings.nodeId(), startedMs, settings.clock().millis(), true));
    } catch (SQLException e) {
      LOG.warn("cluster node {}: could not mark itself leaving ({}); its leases are freed all the same",
          settings.nodeId(), e.getMessage());
    }
    running.pause();
    held.values().forEach(lease -> lease.request(End.STOP));
    if (coordinator != null) coordinator.interrupt();
    running.stop();
    try {
      tables.deleteMembers(settings.nodeId(), 0);
    } catch (SQLException e) {
      LOG.warn("cluster node {}: could not remove its membership row ({}); it expires by itself",
          settings.nodeId(), e.getMessage());
    }
    LOG.info("cluster node {} left the cluster", settings.nodeId());
  }

  // ---- one shard's execution: the lease ----

  private CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
    Integer shard = ClusterTables.shardNumber(instance.getId());
    if (shard == null || shard >= settings.shardCount()) {
      LOG.error("cluster node {}: shard row '{}' does not belong to a {}-shard cluster; left alone",
          settings.nodeId(), instance.getId(), settings.shardCount());
      return rescheduleNow();
    }
    ShardLease lease = acquire(shard, context.getExecution().version);
    if (lease == null) return rescheduleNow();
    End end = hold(lease);
    return finish(lease, end);
  }

  /** The gate: takes the shard when the balancer says so, and tells the engine; null when refused. */
  ShardLease acquire(int shard, long version) {
    ClusterView current = view;
    long now = settings.clock().millis();
    Long cooling = cooldownUntil.get(shard);
    if (stopping || current == null || cooling != null && now < cooling) return null;
    if (!Balancer.accept(myLoad(current), current.weight(shard), current.target())) {
      Scheduler running = scheduler;
      if (running != null) running.pause(); // full: stop picking until the coordinator sees room again
      return null;
    }
    ShardLease lease = new ShardLease(shard, version, now);
    changes.lock();
    try {
      if (stopping) return null;
      ShardLease older = held.put(shard, lease);
      if (older != null) older.signal(); // picked again after a lost lease: the older loop ends without releasing
      Set<String> ids = new TreeSet<>(current.accounts(shard));
      for (String id : released) {
        if (shardOf(id) == shard) ids.add(id);
      }
      released.removeAll(ids);
      lease.announced.addAll(ids);
      if (ids.isEmpty()) {
        LOG.debug("cluster node {} holds shard {} (no accounts)", settings.nodeId(), shard);
      } else {
        LOG.info("cluster node {} holds shard {} ({} accounts)", settings.nodeId(), shard, ids.size());
      }
      if (!ids.isEmpty()) listener.acquired(Set.copyOf(ids));
    } finally {
      changes.unlock();
    }
    return lease;
  }

  /** Runs while the lease holds; returns why it ended. */
  End hold(ShardLease lease) {
    try {
      while (true) {
        End end = lease.due(settings.clock().millis(), settings.fenceMs());
        if (end != null) return end;
        if (stopping) return End.STOP;
        if (held.get(lease.shard) != lease) return End.SUPERSEDED;
        if (lease.heartbeatFailed()) {
          Boolean ours = stillOurs(lease);
          if (Boolean.FALSE.equals(ours)) return End.LOST;
          if (Boolean.TRUE.equals(ours)) lease.heartbeatConfirmed();
        }
        lease.await(settings.shardTickMs());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return End.STOP;
    }
  }

  /** Ends the lease: not owned from here on, released to the engine, then the row's completion. */
  CompletionHandler<Void> finish(ShardLease lease, End why) {
    End end = why;
    changes.lock();
    try {
      lease.end();
      if (!held.remove(lease.shard, lease)) end = End.SUPERSEDED;
      if (end != End.STOP && end != End.SUPERSEDED) {
        Set<String> ids = new TreeSet<>(lease.announced);
        ClusterView current = view;
        if (current != null) ids.addAll(current.accounts(lease.shard));
        released.addAll(ids);
        LOG.info("cluster node {} leaves shard {} ({}): releasing {} accounts", settings.nodeId(), lease.shard,
            end, ids.size());
        if (!ids.isEmpty()) listener.released(Set.copyOf(ids));
      }
    } finally {
      changes.unlock();
    }
    return switch (end) {
      case GIVE_BACK, STOP -> rescheduleNow();
      case FENCED -> Boolean.TRUE.equals(stillOurs(lease)) ? rescheduleNow() : (complete, operations) -> {};
      case LOST, SUPERSEDED -> (complete, operations) -> {}; // the row is another execution's now
    };
  }

  /** Whether the row still records this execution; null when the database did not answer. */
  private Boolean stillOurs(ShardLease lease) {
    try {
      return tables.lease(lease.shard)
          .map(row -> row.picked() && settings.nodeId().equals(row.pickedBy()) && row.version() == lease.version)
          .orElse(false);
    } catch (SQLException e) {
      return null;
    }
  }

  private CompletionHandler<Void> rescheduleNow() {
    return (complete, operations) -> operations.reschedule(complete, settings.clock().instant());
  }

  // ---- heartbeats (from db-scheduler's housekeeper thread, via HeartbeatMonitor) ----

  ShardLease lease(int shard, long version) {
    ShardLease lease = held.get(shard);
    return lease != null && lease.version == version ? lease : null;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  // ---- the coordinator: membership, view, new accounts, balance ----

  private void coordinate() {
    while (!stopping) {
      try {
        tick(settings.clock().millis());
      } catch (SQLException | RuntimeException e) {
        long now = settings.clock().millis();
        if (now - lastWarningMs > 60_000) {
          lastWarningMs = now;
          LOG.warn("cluster node {}: could not refresh its view of the cluster ({}); it keeps its leases until "
              + "their fence and retries every {} ms", settings.nodeId(), e.toString(), settings.coordinatorTickMs());
        }
      }
      try {
        Thread.sleep(settings.coordinatorTickMs());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One round of the coordinator, at {@code nowMs}. */
  void tick(long nowMs) throws SQLException {
    tables.upsertMember(new Member(settings.nodeId(), startedMs, nowMs, false));
    ClusterView current = refreshView(nowMs);
    announceNewAccounts(current);
    balance(current, nowMs);
    pauseOrResume();
    if (nowMs >= nextCleanupMs) {
      nextCleanupMs = nowMs + 10 * settings.maxAgeMs();
      tables.deleteMembers(null, nowMs - 10 * settings.maxAgeMs());
    }
  }

  private ClusterView refreshView(long nowMs) throws SQLException {
    Set<String> live = new TreeSet<>();
    live.add(settings.nodeId());
    for (Member member : tables.members()) {
      if (!member.leaving() && nowMs - member.seenMs() < settings.memberTimeoutMs()) live.add(member.nodeId());
    }
    List<ImapAccount> active = accounts.activeAccounts();
    Map<Integer, List<String>> byShard = new HashMap<>();
    Set<String> ids = new TreeSet<>();
    for (ImapAccount account : active) {
      if (ids.add(account.id())) byShard.computeIfAbsent(shardOf(account.id()), k -> new ArrayList<>()).add(account.id());
    }
    Map<String, Integer> otherLoads = new TreeMap<>();
    for (String node : live) {
      if (!node.equals(settings.nodeId())) otherLoads.put(node, 0);
    }
    for (Lease lease : tables.leases()) {
      if (lease.picked() && otherLoads.containsKey(lease.pickedBy())) {
        otherLoads.merge(lease.pickedBy(), byShard.getOrDefault(lease.shard(), List.of()).size(), Integer::sum);
      }
    }
    ClusterView fresh = new ClusterView(byShard, otherLoads, live.size(), ids.size(),
        Balancer.target(ids.size(), live.size()));
    view = fresh;
    return fresh;
  }

  /** Accounts added to (or enabled in) a held shard are announced, so the engine follows and syncs them at once. */
  private void announceNewAccounts(ClusterView current) {
    changes.lock();
    try {
      long now = settings.clock().millis();
      for (ShardLease lease : held.values()) {
        if (!lease.valid(now, settings.fenceMs()) || lease.due(now, settings.fenceMs()) != null) continue;
        Set<String> fresh = new TreeSet<>(current.accounts(lease.shard));
        fresh.removeAll(lease.announced);
        if (fresh.isEmpty()) continue;
        lease.announced.addAll(fresh);
        released.removeAll(fresh);
        listener.acquired(Set.copyOf(fresh));
      }
    } finally {
      changes.unlock();
    }
  }

  private void balance(ClusterView current, long nowMs) {
    if (nowMs < nextMoveMs || stopping) return;
    Map<Integer, Integer> mine = new HashMap<>();
    long now = settings.clock().millis();
    Set<Integer> movable = new HashSet<>();
    for (ShardLease lease : held.values()) {
      if (lease.valid(now, settings.fenceMs()) && lease.due(now, settings.fenceMs()) == null) {
        mine.put(lease.shard, current.weight(lease.shard));
        // A shard taken moments ago is not moved on at once: its accounts' catch-up sync would start over elsewhere.
        if (nowMs - lease.acquiredMs >= settings.cooldownMs()) movable.add(lease.shard);
      }
    }
    OptionalInt shard = Balancer.giveBack(mine, movable, current.otherLoads().values(), current.target());
    if (shard.isEmpty()) return;
    ShardLease lease = held.get(shard.getAsInt());
    if (lease == null) return;
    nextMoveMs = nowMs + settings.coordinatorTickMs();
    cooldownUntil.put(shard.getAsInt(), nowMs + settings.cooldownMs());
    LOG.info("cluster node {} gives shard {} back ({} of its {} accounts; target {}, others {})", settings.nodeId(),
        shard.getAsInt(), current.weight(shard.getAsInt()), myLoad(current), current.target(), current.otherLoads());
    lease.request(End.GIVE_BACK);
  }

  /** Polls for free shards only while this node would take a shard with accounts. */
  private void pauseOrResume() {
    Scheduler running = scheduler;
    ClusterView current = view;
    if (running == null || current == null) return;
    if (stopping || !Balancer.wantsAccounts(myLoad(current), current.target())) {
      running.pause();
    } else {
      running.resume();
    }
  }

  private int myLoad(ClusterView current) {
    int load = 0;
    long now = settings.clock().millis();
    for (ShardLease lease : held.values()) {
      if (lease.valid(now, settings.fenceMs())) load += current.weight(lease.shard);
    }
    return load;
  }

  // ---- start-up checks ----

  private void checkShardCount(long nowMs) throws SQLException {
    int stored = tables.storeShardCount(settings.shardCount(), nowMs);
    if (stored != settings.shardCount()) {
      throw new MailStoreException("this database's cluster has " + stored + " shards but this node was configured "
          + "with " + settings.shardCount() + ": every node of a cluster must use the same shard count (changing it "
          + "means stopping every node first; see docs/cluster-design.md)");
    }
    for (Lease lease : tables.leases()) {
      if (lease.shard() >= settings.shardCount()) {
        throw new MailStoreException("table " + tables.leaseTable() + " holds shard " + lease.shard() + ", which a "
            + settings.shardCount() + "-shard cluster does not have: it was written by nodes configured differently");
      }
    }
  }

  private void checkNodeId(long nowMs) throws SQLException {
    for (Member member : tables.members()) {
      if (member.nodeId().equals(settings.nodeId()) && !member.leaving()
          && nowMs - member.seenMs() < settings.memberTimeoutMs()) {
        throw new MailStoreException("another node with id '" + settings.nodeId() + "' is running on this database "
            + "(seen " + (nowMs - member.seenMs()) + " ms ago): give every node its own id");
      }
    }
  }
}
