package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Database#open} sets on the connections of an embedded H2 database, and that the URL's own win. */
class DatabaseTest {
  @TempDir Path dir;

  @Test
  void anEmbeddedH2DatabaseKeepsMoreParsedStatementsThanH2sDefaultOfEight() throws Exception {
    assertThat(queryCacheSize("jdbc:h2:file:" + dir.resolve("a/mail"))).isEqualTo(Database.H2_QUERY_CACHE);
  }

  @Test
  void aQueryCacheSizeInTheUrlWins() throws Exception {
    assertThat(queryCacheSize("jdbc:h2:file:" + dir.resolve("b/mail") + ";query_cache_size=16")).isEqualTo(16);
  }

  @Test
  void onlyADatabaseThisProcessOpensIsEmbedded() {
    assertThat(Database.isEmbeddedH2("jdbc:h2:file:./data/mail")).isTrue();
    assertThat(Database.isEmbeddedH2("jdbc:h2:mem:x")).isTrue();
    assertThat(Database.isEmbeddedH2("JDBC:H2:TCP://localhost/data/mail")).isFalse();
    assertThat(Database.isEmbeddedH2("jdbc:h2:ssl://localhost/data/mail")).isFalse();
    assertThat(Database.isEmbeddedH2("jdbc:sqlite:data/mail.db")).isFalse();
  }

  private static int queryCacheSize(String url) throws Exception {
    CommandLine line = CommandLine.parse("sync", List.of("--db", url), Database.VALUED, java.util.Set.of());
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (Database database = Database.open(url, line, CliContext.of(sink, sink, Map.of(), StopSignal.manual()));
         Connection connection = database.dataSource().getConnection();
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(
             "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
      assertThat(rs.next()).as("H2 lists QUERY_CACHE_SIZE").isTrue();
      return Integer.parseInt(rs.getString(1).trim());
    }
  }
}
