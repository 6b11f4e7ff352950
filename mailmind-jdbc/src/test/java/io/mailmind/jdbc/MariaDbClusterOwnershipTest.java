package io.mailmind.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class MariaDbClusterOwnershipTest extends ClusterOwnershipTest {
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
}
