package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.JdbcDialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** PostgreSQL: INSERT ... ON CONFLICT, advisory locks; text cannot hold U+0000. */
final class PostgresSql extends OnConflictSql {

  PostgresSql(Tables tables) {
    super(tables);
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.POSTGRESQL;
  }

  /**
   * Also the server's own shutdown codes: 57P01 (terminated by an administrator or {@code pg_terminate_backend}),
   * 57P02 (crash of another backend) and 57P03 (starting up or shutting down, cannot connect now).
   */
  @Override
  boolean isConnectionFailure(SQLException x) {
    String state = x.getSQLState();
    return "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state) || super.isConnectionFailure(x);
  }

  /** PostgreSQL text cannot contain U+0000: it is stored as U+FFFD. */
  @Override
  String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  @Override
  void lockMigrations(Connection connection) throws SQLException {
    advisory(connection, "SELECT pg_advisory_lock(?)");
  }

  @Override
  void unlockMigrations(Connection connection) throws SQLException {
    advisory(connection, "SELECT pg_advisory_unlock(?)");
  }

  private void advisory(Connection connection, String sql) throws SQLException {
    long key = 0x6d61696c6d696e64L; // "mailmind"
    for (byte b : t.prefix().getBytes(StandardCharsets.UTF_8)) {
      key = key * 31 + b;
    }
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, key);
      ps.execute();
    }
  }
}
