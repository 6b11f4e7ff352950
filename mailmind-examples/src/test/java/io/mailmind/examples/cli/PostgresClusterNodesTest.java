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
import org.postgresql.ds.PGSimpleDataSource;

/** The cluster on PostgreSQL (127.0.0.1:5432, database test): a fresh schema per test, dropped after it. */
class PostgresClusterNodesTest extends ClusterNodesTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private String schema;

  @Override
  void freshDatabase() throws SQLException {
    ExternalServers.assumeReachable("PostgreSQL", "127.0.0.1", 5432);
    schema = "mm_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema == null) return;
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Override
  List<String> dbOptions() {
    return List.of("--db", URL + "?currentSchema=" + schema, "--db-user", "postgres");
  }

  @Override
  DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(URL + "?currentSchema=" + schema);
    dataSource.setUser("postgres");
    return dataSource;
  }
}
