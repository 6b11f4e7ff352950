package io.mailmind.jdbc;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.jdbc.internal.JdbcStore;
import io.mailmind.jdbc.internal.cluster.ClusterNode;
import io.mailmind.jdbc.internal.cluster.ClusterSettings;
import io.mailmind.jdbc.internal.cluster.ClusterTables;
import io.mailmind.jdbc.internal.cluster.Shards;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: several processes (replicas of a host application) share one database, and each active account
 * is synced and followed by exactly one of them at a time. Give it to {@code Mailmind.builder().ownership(...)}
 * on every node, with the same {@link AccountSource} (typically {@link JdbcAccounts}) and the store on the same
 * database.
 *
 * <p>Accounts are spread over a fixed number of shards ({@link Builder#shardCount}, stored with the cluster: a node
 * configured with another count refuses to start). Each shard is a row of db-scheduler's execution table
 * ({@code <prefix>cluster_leases}); a node holds a shard while its execution of the row runs and its heartbeats
 * succeed, and owns the shard's accounts while its last successful heartbeat is younger than three heartbeats.
 * Another node takes a shard over when the holder gave it back (a stopping node, or balancing: nodes share the
 * accounts, not the shards, evenly) or when the holder's heartbeats stopped for the lease's length
 * ({@code heartbeatInterval × missedHeartbeats}).
 *
 * <p>With the defaults (heartbeat 1 s, 16 missed heartbeats, polling 1 s) a killed node's accounts are free again
 * 15 to 18 s after the kill and followed by another node about a second later; a stopping node hands its accounts
 * over within a second or two. Clocks of the nodes must agree within 2 s (NTP): the lease is measured on the
 * holder's clock and declared dead on another node's.
 *
 * <p>Needs a database that several processes share: PostgreSQL, MariaDB, or H2 over TCP (an in-memory H2 database
 * serves several nodes in one JVM, for tests). An embedded H2 file and SQLite are refused.
 */
public final class ClusterOwnership implements AccountOwnership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);

  private final ClusterNode node;

  private ClusterOwnership(ClusterNode node) {
    this.node = node;
  }

  /** A builder over the shared database and the accounts every node follows a share of. */
  public static Builder builder(DataSource dataSource, AccountSource accounts) {
    return new Builder(dataSource, accounts);
  }

  /** This node's id, as it appears in the lease rows ({@code picked_by}) and in {@code accounts list}. */
  public String nodeId() {
    return node.settings().nodeId();
  }

  /** The default node id: the host name and the process id, shortened to 50 characters. */
  public static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "host";
    }
    String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
    return id.length() <= Builder.MAX_NODE_ID ? id : id.substring(id.length() - Builder.MAX_NODE_ID);
  }

  /**
   * Which node holds each of {@code accountIds} now, read from the lease rows (also a node that died and whose
   * lease has not expired yet); accounts whose shard nobody holds are left out, and so is everything when no
   * cluster ever ran on these tables. Reads two small tables; needs no running node.
   *
   * @throws MailStoreException when the tables cannot be read
   */
  public static Map<String, String> owners(DataSource dataSource, String tablePrefix, Collection<String> accountIds) {
    ClusterTables tables = new ClusterTables(dataSource, JdbcMailStore.Builder.checkPrefix(tablePrefix));
    try {
      OptionalInt shards = tables.storedShardCount();
      if (shards.isEmpty()) return Map.of();
      Map<Integer, String> holders = new HashMap<>();
      for (ClusterTables.Lease lease : tables.leases()) {
        if (lease.picked() && lease.pickedBy() != null) holders.put(lease.shard(), lease.pickedBy());
      }
      Map<String, String> owners = new TreeMap<>();
      for (String accountId : accountIds) {
        String holder = holders.get(Shards.of(accountId, shards.getAsInt()));
        if (holder != null) owners.put(accountId, holder);
      }
      return owners;
    } catch (SQLException e) {
      throw new MailStoreException("could not read the cluster's leases: " + e.getMessage() + " (SQLState "
          + e.getSQLState() + ")", e.getSQLState(), e);
    }
  }

  @Override
  public boolean owns(String accountId) {
    return node.owns(accountId);
  }

  @Override
  public void start(Listener listener) {
    node.start(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void stop() {
    node.stop();
  }

  @Override
  public String toString() {
    return "ClusterOwnership[node " + nodeId() + ", " + node.settings().shardCount() + " shards]";
  }

  /** Settings of one node; every node of a cluster should use the same ones (the shard count must match). */
  public static final class Builder {
    static final int MAX_NODE_ID = 50;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_NODE_ID + "}");

    private final DataSource dataSource;
    private final AccountSource accounts;
    private String nodeId;
    private int shardCount = 64;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private int missedHeartbeats = 16;
    private Duration pollingInterval = Duration.ofSeconds(1);
    private String tablePrefix = "mm_";
    private boolean autoMigrate = true;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource, AccountSource accounts) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** This node's id: 1 to 50 letters, digits, dots, colons, dashes and underscores; default {@link #defaultNodeId()}. */
    public Builder nodeId(String value) {
      Objects.requireNonNull(value, "nodeId");
      if (!NODE_ID.matcher(value).matches()) {
        throw new IllegalArgumentException("node id was '" + value + "' but it must be 1 to " + MAX_NODE_ID
            + " letters, digits, dots, colons, dashes and underscores");
      }
      nodeId = value;
      return this;
    }

    /**
     * The number of shards (default 64; 1 to 4096), fixed when the first node starts. Choose about 8 to 16 times
     * the largest number of nodes you expect: a node holds whole shards.
     */
    public Builder shardCount(int value) {
      if (value < 1 || value > 4096) throw new IllegalArgumentException("shardCount was " + value + " but must be 1 to 4096");
      shardCount = value;
      return this;
    }

    /** How often a node confirms its leases (default 1 s). A node stops owning after three missed ones. */
    public Builder heartbeatInterval(Duration value) {
      Objects.requireNonNull(value, "heartbeatInterval");
      if (value.toMillis() < 10) throw new IllegalArgumentException("heartbeatInterval was " + value + " but must be at least 10 ms");
      heartbeatInterval = value;
      return this;
    }

    /**
     * After how many heartbeat intervals without a heartbeat another node takes a shard over (default 16; at
     * least 4, db-scheduler's minimum). The lease, {@code heartbeatInterval × missedHeartbeats}, should exceed
     * three heartbeats plus {@link AccountOwnership#RELEASE_WAIT} plus the clocks' skew; a shorter one is
     * accepted with a warning, for tests.
     */
    public Builder missedHeartbeats(int value) {
      if (value < 4) throw new IllegalArgumentException("missedHeartbeats was " + value + " but must be at least 4");
      missedHeartbeats = value;
      return this;
    }

    /** How often a node that can take shards looks for free ones (default 1 s). */
    public Builder pollingInterval(Duration value) {
      Objects.requireNonNull(value, "pollingInterval");
      if (value.toMillis() < 10) throw new IllegalArgumentException("pollingInterval was " + value + " but must be at least 10 ms");
      pollingInterval = value;
      return this;
    }

    /** Prepended to the table names, as for {@link JdbcMailStore.Builder#tablePrefix}; default {@code mm_}. */
    public Builder tablePrefix(String value) {
      tablePrefix = JdbcMailStore.Builder.checkPrefix(value);
      return this;
    }

    /** Whether {@link #build()} creates and upgrades the tables (default true), as for {@link JdbcMailStore}. */
    public Builder autoMigrate(boolean value) {
      autoMigrate = value;
      return this;
    }

    /** The clock of heartbeats, fences and membership (default the system's UTC clock). */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Checks the database (one that several processes share) and its tables; the node joins the cluster when
     * the engine starts it.
     *
     * @throws MailStoreException when the database is an embedded file, cannot be reached, or its schema cannot be used
     */
    public ClusterOwnership build() {
      String url = url(dataSource);
      JdbcDialect dialect = JdbcStore.openTables(dataSource, null, tablePrefix, autoMigrate);
      refuseEmbedded(dialect, url);
      ClusterSettings settings = new ClusterSettings(nodeId == null ? defaultNodeId() : nodeId, shardCount,
          heartbeatInterval, missedHeartbeats, pollingInterval, tablePrefix, clock);
      long needed = settings.fenceMs() + AccountOwnership.RELEASE_WAIT.toMillis() + 1000;
      if (settings.maxAgeMs() < needed) {
        LOG.warn("cluster lease of {} ms is shorter than the fence, the release wait and 1 s of clock skew ({} ms): "
            + "a node that freezes may overlap with the next holder", settings.maxAgeMs(), needed);
      }
      return new ClusterOwnership(new ClusterNode(settings, dataSource, accounts, dialect == JdbcDialect.MARIADB));
    }

    private static String url(DataSource dataSource) {
      try (Connection connection = dataSource.getConnection()) {
        String url = connection.getMetaData().getURL();
        return url == null ? "" : url;
      } catch (SQLException e) {
        throw new MailStoreException("could not reach the cluster's database: " + e.getMessage() + " (SQLState "
            + e.getSQLState() + ")", e.getSQLState(), e);
      }
    }

    static void refuseEmbedded(JdbcDialect dialect, String url) {
      String lower = url.toLowerCase(Locale.ROOT);
      boolean shared = switch (dialect) {
        case SQLITE -> false;
        case H2 -> lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:") || lower.startsWith("jdbc:h2:mem:");
        case POSTGRESQL, MARIADB -> true;
      };
      if (!shared) {
        throw new MailStoreException("a cluster needs a database that several processes share (PostgreSQL, MariaDB or "
            + "an H2 server over TCP), not an embedded " + (dialect == JdbcDialect.SQLITE ? "SQLite" : "H2")
            + " file: " + url, null, null);
      }
    }
  }
}
