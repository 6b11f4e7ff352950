package io.mailmind.examples.cli;

import io.mailmind.testkit.ExternalServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.mariadb.jdbc.MariaDbDataSource;

/** The cluster on MariaDB (127.0.0.1:3306, user root): a fresh database per test, dropped after it. */
class MariaDbClusterNodesTest extends ClusterNodesTest {
  private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
  private String database;

  @Override
  void freshDatabase() throws SQLException {
    ExternalServers.assumeReachable("MariaDB", "127.0.0.1", 3306);
    database = "mm_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(SERVER + "test", "root", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (database == null) return;
    try (Connection c = DriverManager.getConnection(SERVER + "test", "root", ""); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  @Override
  List<String> dbOptions() {
    return List.of("--db", SERVER + database, "--db-user", "root");
  }

  @Override
  DataSource dataSource() {
    try {
      MariaDbDataSource dataSource = new MariaDbDataSource(SERVER + database);
      dataSource.setUser("root");
      return dataSource;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
