package io.mailmind.examples.cli;

import io.mailmind.testkit.ExternalServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** On PostgreSQL (127.0.0.1:5432, user postgres, database test; skipped when absent): a fresh schema per test. */
class PostgresAccountsCommandTest extends AccountsCommandTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final List<String> SCHEMAS = new ArrayList<>();
  private String schema;

  @BeforeAll
  static void requireServer() {
    ExternalServers.assumeReachable("PostgreSQL", "127.0.0.1", 5432);
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
      for (String name : SCHEMAS) s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  @Override
  List<String> freshDatabase() {
    schema = "mm_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    SCHEMAS.add(schema);
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
