package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.jdbc.SqliteDataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqliteAccountsCommandTest extends AccountsCommandTest {
  private Path file;

  @Override
  List<String> freshDatabase() {
    file = temp.resolve("db-" + System.nanoTime() + "/mailmind.db");
    return List.of("--db", "jdbc:sqlite:" + file);
  }

  @Override
  DataSource dataSource() {
    return SqliteDataSources.forFile(file);
  }

  @Test
  @DisplayName("neither the password nor the key is anywhere in the database files")
  void notInTheFiles() throws Exception {
    List<String> db = freshDatabase();
    assertOk(add(db, env(KEY_1), "a"));
    StringBuilder bytes = new StringBuilder();
    try (Stream<Path> files = Files.walk(file.getParent())) { // the database files and any attachment directory
      for (Path path : files.filter(Files::isRegularFile).toList()) bytes.append(text(Files.readAllBytes(path)));
    }
    assertThat(bytes).contains("user-a").doesNotContain(PASSWORD).doesNotContain(KEY_1);
    assertThat(bytes.toString()).doesNotContain(new String(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  @DisplayName("list, enable, disable and remove on a SQLite file that does not exist fail without creating it")
  void missingDatabase() {
    Path absent = temp.resolve("absent.db");
    CliRun run = CliRun.run(env(null), "accounts", "list", "--db", "jdbc:sqlite:" + absent);
    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("no SQLite database");
    assertThat(absent).doesNotExist();
  }
}
