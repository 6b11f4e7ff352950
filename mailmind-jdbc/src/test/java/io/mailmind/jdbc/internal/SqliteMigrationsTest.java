package io.mailmind.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.jdbc.JdbcDialect;
import io.mailmind.jdbc.SqliteDataSources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite runs its migrations with foreign keys off (version 8 makes the message table again): the connection has
 * them on again afterwards, and a script that leaves a row without its parent is not kept.
 */
class SqliteMigrationsTest {
  private final SqlDialect sql = SqlDialect.of(JdbcDialect.SQLITE, "mm_");

  @Test
  @DisplayName("the connection that migrated has foreign keys on again")
  void foreignKeysOnAfterMigrating(@TempDir Path dir) throws SQLException {
    try (Connection connection = SqliteDataSources.forFile(dir.resolve("m.db")).getConnection()) {
      Migrator.migrate(connection, sql, true);
      assertThat(Migrator.currentVersion(connection, sql)).isEqualTo(Migrator.LATEST);
      assertThat(foreignKeys(connection)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a migration step that leaves a row without its parent is refused and undone; foreign keys on again")
  void danglingRowRefused(@TempDir Path dir) throws SQLException {
    try (Connection connection = SqliteDataSources.forFile(dir.resolve("m.db")).getConnection()) {
      Migrator.migrate(connection, sql, true);
      sql.lockMigrations(connection);
      try {
        sql.beginMigrationStep(connection);
        assertThat(foreignKeys(connection)).isZero();
        try (Statement statement = connection.createStatement()) {
          statement.execute("INSERT INTO mm_message_steps (message_pk, account_pk, content_state, pending)"
              + " VALUES (999, 1, 'METADATA_ONLY', 1)");
        }
        assertThatThrownBy(() -> sql.commitMigrationStep(connection)).isInstanceOf(SQLException.class)
            .hasMessageContaining("mm_message_steps").hasMessageContaining("references no row of table mm_messages");
        sql.rollbackMigrationStep(connection);
      } finally {
        sql.unlockMigrations(connection);
      }
      assertThat(foreignKeys(connection)).isEqualTo(1);
      try (Statement statement = connection.createStatement();
           ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM mm_message_steps")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  private static int foreignKeys(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA foreign_keys")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
