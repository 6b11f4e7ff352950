package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.JdbcDialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.HexFormat;

/** MariaDB: INSERT ... ON DUPLICATE KEY UPDATE, GET_LOCK for migrations. */
final class MariaDbSql extends SqlDialect {
  private static final int DEADLOCK = 1213;
  private static final int LOCK_WAIT_TIMEOUT = 1205;
  private static final int DUPLICATE_KEY = 1062;
  private static final int SERVER_GONE = 2006;
  private static final int LOST_CONNECTION = 2013;
  private static final int CONNECTION_KILLED = 1927;

  MariaDbSql(Tables tables) {
    super(tables);
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.MARIADB;
  }

  @Override
  String insertAccountIfAbsent() {
    return "INSERT INTO " + t.accounts() + " (account_id) VALUES (?) ON DUPLICATE KEY UPDATE account_id = account_id";
  }

  @Override
  String insertFolderIfAbsent() {
    return "INSERT INTO " + t.folders() + " (" + FOLDER_INSERT_COLUMNS + ") VALUES (" + params(8) + ")"
        + " ON DUPLICATE KEY UPDATE account_pk = account_pk";
  }

  @Override
  String upsertFolder() {
    return "INSERT INTO " + t.folders() + " (" + FOLDER_INSERT_COLUMNS + ") VALUES (" + params(8) + ")"
        + " ON DUPLICATE KEY UPDATE name = VALUES(name), attributes = VALUES(attributes)";
  }

  @Override
  String upsertMessage() {
    return "INSERT INTO " + t.messages() + " (" + MESSAGE_INSERT_COLUMNS + ") VALUES (" + params(MESSAGE_INSERT_PARAMS) + ")"
        + " ON DUPLICATE KEY UPDATE folder = VALUES(folder), flags = VALUES(flags), labels = VALUES(labels)";
  }

  /** INSERT IGNORE reports 0 rows for a duplicate (ON DUPLICATE KEY UPDATE would report the found row). */
  @Override
  String insertBlobIfAbsent() {
    return "INSERT IGNORE INTO " + t.blobs() + " (sha256, size, location) VALUES (?, ?, ?)";
  }

  @Override
  boolean isRetryable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      int code = x.getErrorCode();
      if (code == DEADLOCK || code == LOCK_WAIT_TIMEOUT || code == DUPLICATE_KEY) return true;
    }
    return super.isRetryable(e);
  }

  /**
   * Also what MariaDB Connector/J throws when the server went away or killed the session: a
   * {@link SQLNonTransientConnectionException} (SQLState 08000, for a socket error, a closed connection or a
   * refused connect), and the server's and the C client's codes for a lost connection, reported with SQLState
   * HY000 or 70100: 2006 (server has gone away), 2013 (lost connection during a query), 1927 (connection killed).
   * A killed query alone (1317, SQLState 70100) keeps its connection and is not one.
   */
  @Override
  boolean isConnectionFailure(SQLException x) {
    int code = x.getErrorCode();
    return code == SERVER_GONE || code == LOST_CONNECTION || code == CONNECTION_KILLED
        || x instanceof SQLNonTransientConnectionException || super.isConnectionFailure(x);
  }

  @Override
  void lockMigrations(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, 300)")) {
      ps.setString(1, lockName(connection));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new SQLException("could not take the schema migration lock within 300 s", "55P03");
        }
      }
    }
  }

  @Override
  void unlockMigrations(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      ps.setString(1, lockName(connection));
      ps.execute();
    }
  }

  /** A server-wide lock name for this database and prefix, at most 64 characters. */
  private String lockName(Connection connection) throws SQLException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((connection.getCatalog() + "/" + t.prefix()).getBytes(StandardCharsets.UTF_8));
      return "mailmind-schema-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
