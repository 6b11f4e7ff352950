package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcMailStoreBuilderTest {
  private final JdbcDataSource dataSource = new JdbcDataSource();

  JdbcMailStoreBuilderTest() {
    dataSource.setURL("jdbc:h2:mem:builder");
  }

  @Test
  void rejectsBadPrefixes() {
    for (String bad : new String[] {"1abc", "a-b", "a b", "x".repeat(33), "drop table;"}) {
      assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).tablePrefix(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tablePrefix was '" + bad + "'");
    }
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).tablePrefix(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("tablePrefix");
  }

  @Test
  void eachSettingCanBeSetOnce() {
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).tablePrefix("a_").tablePrefix("b_"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'a_'");
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).dialect(JdbcDialect.H2).dialect(JdbcDialect.MARIADB))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("H2");
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).autoMigrate(true).autoMigrate(false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).attachmentsInDatabase().attachmentsInDirectory(Path.of("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("the database");
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> JdbcMailStore.builder(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dataSource");
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).attachmentsInDirectory(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("directory");
  }

  @Test
  void connectionRetryDeadlineIsZeroOrPositiveAndSetOnce() {
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).connectionRetryDeadline(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectionRetryDeadline was 'PT-1S' but it must be zero (no retry) or positive");
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).connectionRetryDeadline(Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionRetryDeadline was 'PT9600H'");
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).connectionRetryDeadline(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("connectionRetryDeadline");
    assertThatThrownBy(() -> JdbcMailStore.builder(dataSource).connectionRetryDeadline(Duration.ZERO)
        .connectionRetryDeadline(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PT0S");
    try (JdbcMailStore store = JdbcMailStore.builder(dataSource).tablePrefix("retry_")
        .connectionRetryDeadline(Duration.ZERO).build()) {
      assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
    }
  }

  @Test
  void detectsSupportedProductsOnly() {
    assertThat(JdbcDialect.fromProductName("H2")).isEqualTo(JdbcDialect.H2);
    assertThat(JdbcDialect.fromProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.fromProductName("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
    assertThat(JdbcDialect.fromProductName("SQLite")).isEqualTo(JdbcDialect.SQLITE);
    assertThatThrownBy(() -> JdbcDialect.fromProductName("Oracle")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Oracle'");
  }

  @Test
  void sqliteFileOfUrl() {
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite:./mailmind-data/mailmind.db")).contains(Path.of("./mailmind-data/mailmind.db"));
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite:/var/m.db?foreign_keys=true")).contains(Path.of("/var/m.db"));
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite:file:/var/m.db?cache=shared")).contains(Path.of("/var/m.db"));
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite::memory:")).isEmpty();
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite:")).isEmpty();
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite:file:mem1?mode=memory&cache=shared")).isEmpty();
    assertThat(SqliteDataSources.fileOf("jdbc:sqlite::resource:db/x.db")).isEmpty();
    assertThat(SqliteDataSources.fileOf("jdbc:h2:file:./x")).isEmpty();
    assertThat(SqliteDataSources.settings()).containsEntry("foreign_keys", "true").containsEntry("journal_mode", "WAL")
        .containsEntry("busy_timeout", "30000");
    assertThat(SqliteDataSources.settingsFor("jdbc:sqlite:x.db?synchronous=FULL&Busy_Timeout=5"))
        .containsEntry("foreign_keys", "true").doesNotContainKeys("synchronous", "busy_timeout");
  }

  @Test
  @DisplayName("a new H2 file gets its tables without a failed query: no trace file beside it")
  void aNewH2FileLeavesNoTraceFile(@TempDir Path directory) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + directory.resolve("mail"));
    for (int i = 0; i < 2; i++) {
      try (JdbcMailStore store = JdbcMailStore.builder(h2).build()) {
        assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("mail.mv.db");
    }
  }

  @Test
  void anUnreachableDatabaseFailsTheBuildWithTheSqlState() {
    JdbcDataSource nowhere = new JdbcDataSource();
    nowhere.setURL("jdbc:h2:file:/nonexistent-dir-for-mailmind/db;IFEXISTS=TRUE");
    assertThatThrownBy(() -> JdbcMailStore.builder(nowhere).build())
        .isInstanceOfSatisfying(MailStoreException.class, e -> assertThat(e.sqlState()).isNotNull())
        .hasMessageContaining("could not open the JDBC store")
        .hasCauseInstanceOf(SQLException.class);
  }
}
