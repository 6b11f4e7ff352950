package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class H2JdbcStoreTest extends JdbcStoreTest {
  private static final TestDatabase db = TestDatabase.h2();

  @BeforeAll
  static void start() throws Exception {
    db.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.stop();
  }

  @Override
  TestDatabase db() {
    return db;
  }

  @Test
  @DisplayName("a migration to version 6 stopped part-way runs again and loses nothing (DDL commits here)")
  void bodyTablesMigrationStoppedRunsAgain() throws Exception {
    bodyTablesMigrationRunsAgain();
  }

  @Test
  @DisplayName("a migration to version 8 stopped part-way runs again and loses nothing (DDL commits here)")
  void stepsMigrationStoppedRunsAgain() throws Exception {
    stepsMigrationRunsAgain();
  }

  @Test
  @DisplayName("H2 keeps text values up to 64 KiB in their rows (its default puts anything over 256 bytes in LOB storage)")
  void inplaceLobs() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(
             "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
      assertThat(rs.next()).isTrue();
      assertThat(Long.parseLong(rs.getString(1).trim())).isGreaterThanOrEqualTo(64 * 1024);
    }
  }
}
