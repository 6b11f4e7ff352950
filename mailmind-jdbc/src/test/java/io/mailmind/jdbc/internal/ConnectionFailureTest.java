package io.mailmind.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.jdbc.JdbcDialect;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.ExternalServers;
import java.io.EOFException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.tools.Server;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * Which failures are the connection's (retried on a fresh connection until the deadline) and which are not, per
 * database: exceptions shaped as each driver builds them (class, SQLState, vendor code), and real ones from the
 * real servers where that is cheap.
 */
class ConnectionFailureTest {
  private static final SqlDialect POSTGRES = SqlDialect.of(JdbcDialect.POSTGRESQL, "mm_");
  private static final SqlDialect MARIADB = SqlDialect.of(JdbcDialect.MARIADB, "mm_");
  private static final SqlDialect H2 = SqlDialect.of(JdbcDialect.H2, "mm_");
  private static final SqlDialect SQLITE = SqlDialect.of(JdbcDialect.SQLITE, "mm_");

  private static boolean lost(SqlDialect sql, SQLException e) {
    return sql.connectionFailure(e) != null;
  }

  @Nested
  @DisplayName("every database")
  class Common {
    @Test
    @DisplayName("SQLState class 08 and SQLTransientConnectionException are connection failures, on every database")
    void class08() {
      for (SqlDialect sql : new SqlDialect[] {POSTGRES, MARIADB, H2, SQLITE}) {
        assertThat(lost(sql, new SQLException("connection refused", "08001"))).as(sql.dialect().name()).isTrue();
        assertThat(lost(sql, new SQLException("link failure", "08S01"))).isTrue();
        assertThat(lost(sql, new SQLTransientConnectionException("pool: connection is not available, request timed out"))).isTrue();
      }
    }

    @Test
    @DisplayName("conflicts, constraint violations and bad data are not connection failures")
    void notConnection() {
      for (SqlDialect sql : new SqlDialect[] {POSTGRES, MARIADB, H2, SQLITE}) {
        assertThat(lost(sql, new SQLTransactionRollbackException("deadlock", "40P01"))).isFalse();
        assertThat(lost(sql, new SQLException("serialization failure", "40001"))).isFalse();
        assertThat(lost(sql, new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(lost(sql, new SQLException("value too long", "22001"))).isFalse();
        assertThat(lost(sql, new SQLException("no state"))).isFalse();
      }
    }

    @Test
    @DisplayName("the failure is found in the chain of next exceptions and causes, and that one is returned")
    void chain() {
      BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "22001", new int[0]);
      SQLException broken = new SQLException("An I/O error occurred while sending to the backend.", "08006");
      batch.setNextException(broken);
      assertThat((Object) POSTGRES.connectionFailure(batch)).isSameAs(broken);
      SQLException wrapped = new SQLException("wrapper", "HY000", new SQLException("closed", "08003"));
      assertThat(POSTGRES.connectionFailure(wrapped).getSQLState()).isEqualTo("08003");
    }

    @Test
    @DisplayName("a batch's own failure, whose message can quote values, gives way to the failure it chains to")
    void batchMessageIsNotUsed() {
      BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO mm_messages VALUES ('secret subject')"
          + " was aborted: An I/O error occurred while sending to the backend.", "08006", new int[0]);
      SQLException io = new SQLException("An I/O error occurred while sending to the backend.", "08006");
      batch.setNextException(io);
      assertThat((Object) POSTGRES.connectionFailure(batch)).isSameAs(io);

      BatchUpdateException alone = new BatchUpdateException("Batch entry 0 INSERT ... ('secret subject')", "08006", new int[0]);
      assertThat((Object) POSTGRES.connectionFailure(alone)).isSameAs(alone);
      assertThat(OpContext.write("upsertMetadata", "a@example.org:INBOX").unavailable(alone, alone, java.time.Duration.ofSeconds(60), 9)
          .getMessage()).contains("a batch of statements failed (SQLState 08006").doesNotContain("secret");
    }
  }

  @Nested
  @DisplayName("PostgreSQL")
  class Postgres {
    @Test
    @DisplayName("57P01, 57P02 and 57P03 (shutdown, crash, cannot connect now) and the driver's 08 states are connection failures")
    void shaped() {
      for (String state : new String[] {"57P01", "57P02", "57P03"}) {
        PSQLException e = new PSQLException(new ServerErrorMessage("SFATAL\0C" + state + "\0Mterminating connection\0"));
        assertThat(e.getSQLState()).isEqualTo(state);
        assertThat(lost(POSTGRES, e)).as(state).isTrue();
        assertThat(lost(H2, e)).as("57P01 means nothing to H2").isFalse();
      }
      assertThat(lost(POSTGRES, new PSQLException("Connection to 127.0.0.1:5432 refused.",
          PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused")))).isTrue();
      assertThat(lost(POSTGRES, new PSQLException("An I/O error occurred while sending to the backend.",
          PSQLState.CONNECTION_FAILURE))).isTrue();
      assertThat(lost(POSTGRES, new PSQLException(new ServerErrorMessage("SERROR\0C57014\0Mcanceling statement\0"))))
          .as("a cancelled statement keeps its connection").isFalse();
      assertThat(lost(POSTGRES, new PSQLException(new ServerErrorMessage("SFATAL\0C28P01\0Mpassword authentication failed\0"))))
          .as("a refused login is not an outage").isFalse();
    }

    @Test
    @DisplayName("a real pg_terminate_backend of the connection is a connection failure")
    void terminated() throws Exception {
      ExternalServers.assumeReachable("PostgreSQL", "127.0.0.1", 5432);
      String url = "jdbc:postgresql://127.0.0.1:5432/test";
      try (Connection victim = DriverManager.getConnection(url, "postgres", "");
           Connection admin = DriverManager.getConnection(url, "postgres", "")) {
        long pid = single(victim, "SELECT pg_backend_pid()");
        assertThat(single(admin, "SELECT CASE WHEN pg_terminate_backend(" + pid + ") THEN 1 ELSE 0 END")).isEqualTo(1);
        Await.until("backend " + pid + " is gone",
            () -> uncheckedSingle(admin, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + pid) == 0);
        SQLException e = failure(victim, "SELECT 1");
        assertThat(e.getSQLState()).isIn("57P01", "08006");
        assertThat(lost(POSTGRES, e)).isTrue();
        SQLException closed = failure(victim, "SELECT 1");
        assertThat(closed.getSQLState()).isEqualTo("08003");
        assertThat(lost(POSTGRES, closed)).isTrue();
      }
      SQLException refused = assertThrows(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/test", "postgres", ""));
      assertThat(refused.getSQLState()).isEqualTo("08001");
      assertThat(lost(POSTGRES, refused)).isTrue();
    }
  }

  @Nested
  @DisplayName("MariaDB")
  class MariaDb {
    @Test
    @DisplayName("Connector/J's lost connection (08000), gone away (2006), lost (2013) and killed (1927) are connection failures")
    void shaped() {
      assertThat(lost(MARIADB, new SQLNonTransientConnectionException("(conn=8) Socket error", "08000", -1,
          new EOFException("unexpected end of stream, read 0 bytes from 4 (socket was closed by server)")))).isTrue();
      assertThat(lost(MARIADB, new SQLNonTransientConnectionException("(conn=8) Connection is closed", "08000", 1220)))
          .isTrue();
      assertThat(lost(MARIADB, new SQLNonTransientConnectionException("Socket fail to connect to 127.0.0.1:3306. Connection refused", "08000", 0)))
          .isTrue();
      assertThat(lost(MARIADB, new SQLTransientConnectionException("(conn=9) failover", "08000", 0))).isTrue();
      assertThat(lost(MARIADB, new SQLException("MySQL server has gone away", "HY000", 2006))).isTrue();
      assertThat(lost(MARIADB, new SQLException("Lost connection to server during query", "HY000", 2013))).isTrue();
      assertThat(lost(MARIADB, new SQLNonTransientConnectionException("(conn=12) Connection was killed", "70100", 1927)))
          .isTrue();
      assertThat(lost(MARIADB, new SQLException("(conn=12) Connection was killed", "70100", 1927))).isTrue();
    }

    @Test
    @DisplayName("a killed query, a refused login and a deadlock are not connection failures")
    void notConnection() {
      assertThat(lost(MARIADB, new SQLTimeoutException("(conn=12) Query execution was interrupted", "70100", 1317)))
          .isFalse();
      assertThat(lost(MARIADB, new SQLInvalidAuthorizationSpecException("(conn=14) Access denied for user", "28000", 1698)))
          .isFalse();
      SQLException deadlock = new SQLTransactionRollbackException("Deadlock found", "40001", 1213);
      assertThat(lost(MARIADB, deadlock)).isFalse();
      assertThat(MARIADB.isRetryable(deadlock)).isTrue();
    }

    @Test
    @DisplayName("a real KILL CONNECTION is a connection failure")
    void killed() throws Exception {
      ExternalServers.assumeReachable("MariaDB", "127.0.0.1", 3306);
      String url = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
      try (Connection victim = DriverManager.getConnection(url); Connection admin = DriverManager.getConnection(url)) {
        long id = single(victim, "SELECT CONNECTION_ID()");
        try (Statement s = admin.createStatement()) {
          s.execute("KILL CONNECTION " + id);
        }
        Await.until("connection " + id + " is gone",
            () -> uncheckedSingle(admin, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id) == 0);
        SQLException e = failure(victim, "SELECT 1");
        assertThat(lost(MARIADB, e)).as(e.getClass().getName() + " " + e.getSQLState() + " " + e.getErrorCode()).isTrue();
      }
      SQLException refused = assertThrows(() -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:1/test?user=root"));
      assertThat(lost(MARIADB, refused)).isTrue();
    }
  }

  @Nested
  @DisplayName("H2")
  class H2Database {
    @Test
    @DisplayName("90067 (broken), 90098 (closed) and 90121 (closed by another connection) are connection failures")
    void shaped() {
      assertThat(lost(H2, DbException.getJdbcSQLException(ErrorCode.CONNECTION_BROKEN_1, null, "session closed"))).isTrue();
      assertThat(lost(H2, DbException.getJdbcSQLException(ErrorCode.DATABASE_IS_CLOSED))).isTrue();
      assertThat(lost(H2, DbException.getJdbcSQLException(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN))).isTrue();
      assertThat(lost(H2, DbException.getJdbcSQLException(ErrorCode.CONCURRENT_UPDATE_1, null, "mm_messages"))).isFalse();
      assertThat(lost(H2, DbException.getJdbcSQLException(ErrorCode.DUPLICATE_KEY_1, null, "PRIMARY KEY"))).isFalse();
      assertThat(lost(POSTGRES, DbException.getJdbcSQLException(ErrorCode.DATABASE_IS_CLOSED)))
          .as("90098 means nothing to PostgreSQL").isFalse();
    }

    @Test
    @DisplayName("a real database shut down under an open connection is a connection failure")
    void shutDownUnderTheConnection() throws Exception {
      String url = "jdbc:h2:mem:connection-failure-" + System.nanoTime();
      try (Connection victim = DriverManager.getConnection(url); Connection admin = DriverManager.getConnection(url)) {
        try (Statement s = admin.createStatement()) {
          s.execute("SHUTDOWN");
        }
        SQLException e = failure(victim, "SELECT 1");
        assertThat(e.getErrorCode()).isIn(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.DATABASE_IS_CLOSED);
        assertThat(lost(H2, e)).isTrue();
      }
    }

    @Test
    @DisplayName("a real remote H2 whose server stopped is a connection failure (90067)")
    void serverStopped() throws Exception {
      Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
      String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:connection-failure-tcp";
      try (Connection victim = DriverManager.getConnection(url)) {
        server.stop();
        SQLException e = failure(victim, "SELECT 1");
        assertThat(e.getErrorCode()).isEqualTo(ErrorCode.CONNECTION_BROKEN_1);
        assertThat(lost(H2, e)).isTrue();
      }
    }
  }

  @Nested
  @DisplayName("SQLite")
  class Sqlite {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path temp;

    private Connection open(String name) throws SQLException {
      return DriverManager.getConnection("jdbc:sqlite:" + temp.resolve(name) + "?busy_timeout=0");
    }

    @Test
    @DisplayName("a real closed connection is a connection failure")
    void closed() throws Exception {
      Connection victim = open("closed.db");
      victim.close();
      SQLException e = failure(victim, "SELECT 1");
      assertThat(e.getSQLState()).isNull();
      assertThat(lost(SQLITE, e)).isTrue();
      assertThat(SQLITE.isRetryable(e)).isFalse();
    }

    @Test
    @DisplayName("a file that cannot be opened is a connection failure (SQLITE_CANTOPEN)")
    void cannotOpen() {
      SQLException e = assertThrows(() -> DriverManager.getConnection(
          "jdbc:sqlite:file:" + temp.resolve("absent.db") + "?mode=ro").createStatement().execute("SELECT 1"));
      assertThat(e.getErrorCode() & 0xFF).isEqualTo(SqliteSql.CANTOPEN);
      assertThat(lost(SQLITE, e)).isTrue();
      assertThat(lost(H2, e)).isFalse();
    }

    @Test
    @DisplayName("a real SQLITE_BUSY (the write lock taken) is a retryable conflict with SQLState 40001, not a connection failure")
    void busy() throws Exception {
      try (Connection holder = open("busy.db"); Connection other = open("busy.db")) {
        try (Statement s = holder.createStatement()) {
          s.execute("CREATE TABLE t (a INTEGER)");
          s.execute("BEGIN IMMEDIATE");
        }
        SQLException e = failure(other, "BEGIN IMMEDIATE");
        assertThat(e.getErrorCode()).isEqualTo(SqliteSql.BUSY);
        assertThat(lost(SQLITE, e)).isFalse();
        assertThat(SQLITE.isRetryable(e)).isTrue();
        assertThat(SQLITE.translate(e).getSQLState()).isEqualTo("40001");
        assertThat(SQLITE.translate(e).getCause()).isSameAs(e);
      }
    }

    @Test
    @DisplayName("real constraint failures get the standard SQLStates; a *_len check is a value too long (22001)")
    void constraints() throws Exception {
      try (Connection c = open("constraints.db"); Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = ON");
        s.execute("CREATE TABLE p (id INTEGER PRIMARY KEY)");
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL, p INTEGER REFERENCES p (id),"
            + " v TEXT CONSTRAINT t_v_len CHECK (length(v) <= 2), w INTEGER CONSTRAINT t_w_positive CHECK (w > 0))");
        s.execute("INSERT INTO t (id, u, n) VALUES (1, 'a', 'x')");
        assertThat(state(c, "INSERT INTO t (id, u, n) VALUES (2, 'a', 'x')")).isEqualTo("23505");
        assertThat(state(c, "INSERT INTO t (id, u, n) VALUES (1, 'b', 'x')")).isEqualTo("23505");
        assertThat(state(c, "INSERT INTO t (id, u, n) VALUES (3, 'c', NULL)")).isEqualTo("23502");
        assertThat(state(c, "INSERT INTO t (id, u, n, p) VALUES (4, 'd', 'x', 99)")).isEqualTo("23503");
        assertThat(state(c, "INSERT INTO t (id, u, n, v) VALUES (5, 'e', 'x', 'abc')")).isEqualTo("22001");
        assertThat(state(c, "INSERT INTO t (id, u, n, w) VALUES (6, 'f', 'x', -1)")).isEqualTo("23514");
        SQLException syntax = failure(c, "SELEC 1");
        assertThat((Object) SQLITE.translate(syntax)).as("no state for a syntax error: kept as it is").isSameAs(syntax);
        assertThat(lost(SQLITE, syntax)).isFalse();
        assertThat(SQLITE.isRetryable(syntax)).isFalse();
      }
    }

    private String state(Connection c, String sqlText) {
      SQLException e = failure(c, sqlText);
      assertThat(e.getSQLState()).as("sqlite-jdbc gives no SQLState").isNull();
      assertThat(lost(SQLITE, e)).isFalse();
      return SQLITE.translate(e).getSQLState();
    }
  }

  // ---- helpers ----

  private interface SqlCall {
    void run() throws SQLException;
  }

  private static SQLException assertThrows(SqlCall call) {
    try {
      call.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an SQLException");
  }

  private static SQLException failure(Connection connection, String sqlText) {
    return assertThrows(() -> {
      try (Statement s = connection.createStatement()) {
        s.execute(sqlText);
      }
    });
  }

  private static long single(Connection connection, String sqlText) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sqlText); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long uncheckedSingle(Connection connection, String sqlText) {
    try {
      return single(connection, sqlText);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
