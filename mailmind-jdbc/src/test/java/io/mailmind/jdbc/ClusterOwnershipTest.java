package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several cluster nodes in one JVM on one database, with real db-scheduler schedulers on short settings
 * (heartbeat 200 ms, lease 1.6 s): they share the accounts by the balancing rule, hand them over when one stops,
 * pick up accounts added later, and refuse to run with another shard count or a duplicate id. A sampler checks
 * all along that no account is ever owned by two nodes at once. Killed processes are covered by the CLI's
 * multi-process test; a frozen node by {@code ClusterNodeTest} in virtual time.
 */
@ExpectedLogs("leases short for speed, which ClusterOwnership warns about; db-scheduler warns about H2 time zones")
abstract class ClusterOwnershipTest {
  private static final int ACCOUNTS = 24;

  abstract TestDatabase db();

  private String prefix;
  private final Accounts accounts = new Accounts();
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile boolean sampling = true;
  private Thread sampler;

  @BeforeEach
  void setUp() {
    prefix = db().freshPrefix();
    IntStream.range(0, ACCOUNTS).forEach(i -> accounts.add("user" + i + "@example.org"));
    sampler = new Thread(this::sample, "double-owner-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Node node : nodes) node.ownership.stop();
    sampling = false;
    sampler.join();
    pools.forEach(HikariDataSource::close);
  }

  @Test
  @DisplayName("nodes share the accounts within the bound, hand them over on stop, and never own one twice")
  void sharesAndHandsOver(CapturedLog log) throws InterruptedException {
    Node first = start("n1");
    await("the first node owns every account, and its engine was told", () -> first.owned().size() == ACCOUNTS
        && first.following.equals(first.owned()));

    Node second = start("n2");
    Node third = start("n3");
    int bound = 2 * (int) Math.ceil(ACCOUNTS / 3.0);
    await("three nodes share the accounts, each within the bound", () -> balanced(List.of(first, second, third), bound));

    second.ownership.stop();
    await("the stopped node's accounts are taken over", () -> balanced(List.of(first, third), ACCOUNTS));
    assertThat(second.owned()).isEmpty();

    accounts.add("late@example.org");
    await("an account added later is owned and announced", () -> owners("late@example.org") == 1
        && (first.following.contains("late@example.org") || third.following.contains("late@example.org")));

    for (Node node : List.of(first, third)) {
      await("what " + node.id + "'s engine was told it follows is what it owns",
          () -> node.following.equals(node.owned()));
    }
    assertThat(violations).isEmpty();
    assertThat(first.releasedWhileOwned).isEmpty();
    assertThat(third.releasedWhileOwned).isEmpty();
    assertThat(log.warnings()).as("the short lease is a configuration warning")
        .anyMatch(line -> line.contains("is shorter than the fence, the release wait and 1 s of clock skew"));
  }

  @Test
  @DisplayName("a node configured with another shard count, or with the id of a live node, refuses to start")
  void refusesDifferentConfiguration() throws InterruptedException {
    start("n1");
    ClusterOwnership other = builder("n2").shardCount(32).build();
    assertThatThrownBy(() -> other.start(new Node("n2", null)))
        .isInstanceOf(MailStoreException.class).hasMessageContaining("has 64 shards but this node was configured with 32");
    ClusterOwnership twin = builder("n1").build();
    assertThatThrownBy(() -> twin.start(new Node("n1", null)))
        .isInstanceOf(MailStoreException.class).hasMessageContaining("another node with id 'n1' is running");
  }

  private ClusterOwnership.Builder builder(String id) {
    return ClusterOwnership.builder(pool(), accounts).tablePrefix(prefix).nodeId(id)
        .heartbeatInterval(Duration.ofMillis(200)).missedHeartbeats(8).pollingInterval(Duration.ofMillis(50));
  }

  /** A pool per node, as in a host: every heartbeat round is one UPDATE per held shard. */
  private DataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(db().dataSource());
    config.setMaximumPoolSize(6);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  private Node start(String id) {
    Node node = new Node(id, builder(id).build());
    node.ownership.start(node);
    nodes.add(node);
    return node;
  }

  private boolean balanced(List<Node> live, int bound) {
    Set<String> all = new TreeSet<>();
    for (Node node : live) {
      Set<String> owned = node.owned();
      if (owned.isEmpty() || owned.size() > bound) return false;
      all.addAll(owned);
    }
    return all.equals(new TreeSet<>(accounts.ids()));
  }

  private int owners(String account) {
    return (int) nodes.stream().filter(n -> n.ownership.owns(account)).count();
  }

  /** Reads each pair of nodes as a, b, a: both true with a true on both sides of b is a real overlap. */
  private void sample() {
    while (sampling) {
      for (String account : accounts.ids()) {
        for (Node a : nodes.toArray(new Node[0])) {
          for (Node b : nodes.toArray(new Node[0])) {
            if (a == b || !a.ownership.owns(account)) continue;
            if (b.ownership.owns(account) && a.ownership.owns(account)) {
              violations.add(account + " owned by " + a.id + " and " + b.id);
            }
          }
        }
      }
      Thread.onSpinWait();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
      Thread.sleep(20);
    }
  }

  /** A node: its ownership, and what its engine was told (as the engine's listener would be). */
  private final class Node implements AccountOwnership.Listener {
    final String id;
    final ClusterOwnership ownership;
    final Set<String> following = ConcurrentHashMap.newKeySet();
    final List<String> releasedWhileOwned = new CopyOnWriteArrayList<>();

    Node(String id, ClusterOwnership ownership) {
      this.id = id;
      this.ownership = ownership;
    }

    Set<String> owned() {
      Set<String> owned = new TreeSet<>();
      for (String account : accounts.ids()) {
        if (ownership.owns(account)) owned.add(account);
      }
      return owned;
    }

    @Override
    public void released(Set<String> accountIds) {
      for (String account : accountIds) {
        if (ownership.owns(account)) releasedWhileOwned.add(account);
      }
      following.removeAll(accountIds);
    }

    @Override
    public void acquired(Set<String> accountIds) {
      following.addAll(accountIds);
    }
  }

  /** The active accounts, changed by the test. */
  private static final class Accounts implements AccountSource {
    private final List<ImapAccount> list = new CopyOnWriteArrayList<>();

    void add(String user) {
      list.add(ImapAccount.builder().id(user).host("imap.example.org").username(user).build());
    }

    List<String> ids() {
      return list.stream().map(ImapAccount::id).toList();
    }

    @Override
    public List<ImapAccount> activeAccounts() {
      return List.copyOf(list);
    }
  }
}
