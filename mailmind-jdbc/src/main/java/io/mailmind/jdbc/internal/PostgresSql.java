package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.JdbcDialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** PostgreSQL: INSERT ... ON CONFLICT, advisory locks; text cannot hold U+0000. */
final class PostgresSql extends SqlDialect {

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

  @Override
  String insertAccountIfAbsent() {
    return "INSERT INTO " + t.accounts() + " (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING";
  }

  @Override
  String insertFolderIfAbsent() {
    return "INSERT INTO " + t.folders() + " (" + FOLDER_INSERT_COLUMNS + ") VALUES (" + params(8) + ")"
        + " ON CONFLICT (account_pk, imap_folder) DO NOTHING";
  }

  @Override
  String upsertFolder() {
    return "INSERT INTO " + t.folders() + " (" + FOLDER_INSERT_COLUMNS + ") VALUES (" + params(8) + ")"
        + " ON CONFLICT (account_pk, imap_folder) DO UPDATE SET name = EXCLUDED.name, attributes = EXCLUDED.attributes";
  }

  @Override
  String upsertMessage() {
    return "INSERT INTO " + t.messages() + " (" + MESSAGE_INSERT_COLUMNS + ") VALUES (" + params(19) + ")"
        + " ON CONFLICT (folder_pk, uid_validity, uid) DO UPDATE SET folder = EXCLUDED.folder, flags = EXCLUDED.flags,"
        + " labels = EXCLUDED.labels";
  }

  @Override
  String insertBlobIfAbsent() {
    return "INSERT INTO " + t.blobs() + " (sha256, size, location) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING";
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
