package io.mailmind.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MariaDbJdbcStoreTest extends JdbcStoreTest {
  private static final TestDatabase db = TestDatabase.mariadb();

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
}
