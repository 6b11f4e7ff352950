package io.mailmind.jdbc.internal.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The cluster's own reads and writes (schema V4): the stored shard count, the membership rows, and reads of the
 * lease rows that db-scheduler writes. Each call uses one connection in auto-commit mode and throws
 * {@link SQLException} as it comes: the callers decide what a failure means (a node keeps its leases until its
 * time fence when the database does not answer).
 */
public final class ClusterTables {
  /** db-scheduler's task name of the shard executions. */
  public static final String TASK = "mailmind-shard";

  private final DataSource dataSource;
  private final String cluster;
  private final String nodes;
  private final String leases;

  public ClusterTables(DataSource dataSource, String prefix) {
    this.dataSource = dataSource;
    this.cluster = prefix + "cluster";
    this.nodes = prefix + "cluster_nodes";
    this.leases = prefix + "cluster_leases";
  }

  /** The name of db-scheduler's table. */
  public String leaseTable() {
    return leases;
  }

  /** A membership row. */
  public record Member(String nodeId, long startedMs, long seenMs, boolean leaving) {}

  /** A lease row: the shard, whether an execution holds it, by which node, and its version. */
  public record Lease(int shard, boolean picked, String pickedBy, long version) {}

  /** The shard count stored for this database, empty before the first node stored it. */
  public OptionalInt storedShardCount() throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT shard_count FROM " + cluster + " WHERE id = 1");
         ResultSet rs = s.executeQuery()) {
      return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
    }
  }

  /**
   * Stores {@code shardCount} unless a count is stored already, and returns the stored one (another node may have
   * stored a different count first).
   */
  public int storeShardCount(int shardCount, long nowMs) throws SQLException {
    OptionalInt stored = storedShardCount();
    if (stored.isPresent()) return stored.getAsInt();
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement(
             "INSERT INTO " + cluster + " (id, shard_count, created_ms) VALUES (1, ?, ?)")) {
      s.setInt(1, shardCount);
      s.setLong(2, nowMs);
      s.executeUpdate();
    } catch (SQLException e) {
      // another node inserted first (primary key): its count holds
      stored = storedShardCount();
      if (stored.isEmpty()) throw e;
      return stored.getAsInt();
    }
    return shardCount;
  }

  /** Creates or refreshes this node's membership row. */
  public void upsertMember(Member member) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (updateMember(c, member) > 0) return;
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO " + nodes + " (node_id, started_ms, seen_ms, state) VALUES (?, ?, ?, ?)")) {
        s.setString(1, member.nodeId());
        s.setLong(2, member.startedMs());
        s.setLong(3, member.seenMs());
        s.setString(4, member.leaving() ? "LEAVING" : "ACTIVE");
        s.executeUpdate();
      } catch (SQLException e) {
        if (updateMember(c, member) == 0) throw e;
      }
    }
  }

  private int updateMember(Connection c, Member member) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE " + nodes + " SET started_ms = ?, seen_ms = ?, state = ? WHERE node_id = ?")) {
      s.setLong(1, member.startedMs());
      s.setLong(2, member.seenMs());
      s.setString(3, member.leaving() ? "LEAVING" : "ACTIVE");
      s.setString(4, member.nodeId());
      return s.executeUpdate();
    }
  }

  /** Every membership row. */
  public List<Member> members() throws SQLException {
    List<Member> members = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT node_id, started_ms, seen_ms, state FROM " + nodes);
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        members.add(new Member(rs.getString(1), rs.getLong(2), rs.getLong(3), "LEAVING".equals(rs.getString(4))));
      }
    }
    return members;
  }

  /** Deletes this node's row, or rows not refreshed since {@code seenBeforeMs} when {@code nodeId} is null. */
  public void deleteMembers(String nodeId, long seenBeforeMs) throws SQLException {
    String sql = nodeId != null ? "DELETE FROM " + nodes + " WHERE node_id = ?"
        : "DELETE FROM " + nodes + " WHERE seen_ms < ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (nodeId != null) s.setString(1, nodeId); else s.setLong(1, seenBeforeMs);
      s.executeUpdate();
    }
  }

  /** The shard lease rows (instances that are not numbers, which no Mailmind node writes, are left out). */
  public List<Lease> leases() throws SQLException {
    List<Lease> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement(
             "SELECT task_instance, picked, picked_by, version FROM " + leases + " WHERE task_name = ?")) {
      s.setString(1, TASK);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Integer shard = shardNumber(rs.getString(1));
          if (shard != null) rows.add(new Lease(shard, rs.getBoolean(2), rs.getString(3), rs.getLong(4)));
        }
      }
    }
    return rows;
  }

  /** The lease row of one shard, if it exists. */
  public Optional<Lease> lease(int shard) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT picked, picked_by, version FROM " + leases
             + " WHERE task_name = ? AND task_instance = ?")) {
      s.setString(1, TASK);
      s.setString(2, Integer.toString(shard));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new Lease(shard, rs.getBoolean(1), rs.getString(2), rs.getLong(3)))
            : Optional.empty();
      }
    }
  }

  /** The shard number of a task instance id, or null when it is not one. */
  public static Integer shardNumber(String instance) {
    if (instance == null || instance.isEmpty() || instance.length() > 9) return null;
    for (int i = 0; i < instance.length(); i++) {
      if (instance.charAt(i) < '0' || instance.charAt(i) > '9') return null;
    }
    return Integer.parseInt(instance);
  }
}
