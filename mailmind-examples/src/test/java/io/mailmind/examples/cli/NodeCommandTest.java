package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.testkit.ExternalServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code node} refusing what cannot work, before it takes any account: an embedded database, a missing key, a
 * wrong key. The cluster itself is {@link ClusterNodesTest}'s.
 */
class NodeCommandTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

  @Test
  @DisplayName("node on an embedded H2 or SQLite file refuses: a cluster needs a database that several processes share")
  void refusesEmbeddedDatabases() {
    for (String url : new String[] {"jdbc:h2:./target/node-refused", "jdbc:h2:mem:node", "jdbc:sqlite:./target/node.db"}) {
      CliRun run = CliRun.run(Map.of(SecretKeys.DEFAULT_ENV, AccountsCommandTest.KEY_1), "node", "--db", url);
      assertThat(run.status).as(run.toString()).isEqualTo(1);
      assertThat(run.err).as(run.toString()).contains("a cluster needs a database that several processes share");
      assertThat(run.out).isEmpty();
    }
  }

  @Test
  @DisplayName("node without a key exits 2 saying how to make one")
  void needsAKey() {
    CliRun run = CliRun.run(Map.of(), "node", "--db", PG);
    assertThat(run.status).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("openssl rand -base64 32");
  }

  @Test
  @DisplayName("node with a key other than the accounts' exits 1 at once, saying so, and never prints a secret")
  void wrongKey() throws SQLException {
    ExternalServers.assumeReachable("PostgreSQL", "127.0.0.1", 5432);
    String schema = "mm_node_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try {
      String url = PG + "?currentSchema=" + schema;
      CliRun added = CliRun.run(Map.of(SecretKeys.DEFAULT_ENV, AccountsCommandTest.KEY_1, "IMAP_PASSWORD",
          AccountsCommandTest.PASSWORD), "accounts", "add", "--db", url, "--db-user", "postgres", "--host",
          "imap.example.org", "--security", "plain", "--user", "ann", "--password-env", "IMAP_PASSWORD");
      assertThat(added.status).as(added.toString()).isZero();

      long started = System.nanoTime();
      CliRun node = CliRun.run(Map.of(SecretKeys.DEFAULT_ENV, AccountsCommandTest.KEY_2), "node", "--db", url,
          "--db-user", "postgres");
      assertThat(node.status).as(node.toString()).isEqualTo(1);
      assertThat(node.err).contains("the secret key does not decrypt the stored accounts");
      assertThat(node.out).doesNotContain("ownership");
      assertThat((System.nanoTime() - started) / 1e9).as("seconds until it exited").isLessThan(15);
      AccountsCommandTest.assertNoSecret(node);
    } finally {
      try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
