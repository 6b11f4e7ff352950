package io.mailmind.examples.inspect;

import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.jdbc.JdbcMailStore;
import io.mailmind.jdbc.SqliteDataSources;
import io.mailmind.testkit.TestMessages.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone opens the database in a shell (another process) while the host application writes to it: which setups
 * keep storing mail (README: "Looking at the data while the host runs"). Issue 15, item 2.
 */
class LookingAtTheDataTest {
  @TempDir
  Path dir;

  private static DataSource h2(String url) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    return h2;
  }

  /** Stores message {@code uid} (folder row and metadata) as a sync would. */
  private static void store(JdbcMailStore store, long uid) {
    Message message = message(key(uid));
    store.upsertFolder(new Folder(message.key().folder(), message.metadata().folder(), List.of(), SyncCheckpoint.NONE));
    store.upsertMetadata(List.of(message.metadata()));
  }

  @Test
  @DisplayName("H2, plain file URL: while a shell has the file open, the host cannot store (90020, file in use)")
  void plainH2FileFailsWhileSomeoneLooks() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("mail");
    try (JdbcMailStore store = JdbcMailStore.builder(h2(url)).connectionRetryDeadline(Duration.ZERO).build()) {
      store(store, 1);
      try (SqlShell shell = SqlShell.open(url, dir.resolve("shell.err"))) {
        assertThat(shell.run("SELECT COUNT(*) FROM mm_messages")).containsExactly("1");

        assertThatThrownBy(() -> store(store, 2)).isInstanceOf(MailStoreException.class)
            .hasMessageContaining("90020");
      }
      store(store, 3); // the shell is gone: the host opens the file again
      assertThat(store.countMessages(key(1).folder().accountId())).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("H2 with AUTO_SERVER=TRUE on both sides: the host stores while a shell reads, and after it leaves")
  void h2AutoServerKeepsStoring() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("mail") + ";AUTO_SERVER=TRUE";
    try (JdbcMailStore store = JdbcMailStore.builder(h2(url)).connectionRetryDeadline(Duration.ZERO).build()) {
      store(store, 1);
      try (SqlShell shell = SqlShell.open(url, dir.resolve("shell.err"))) {
        assertThat(shell.run("SELECT COUNT(*) FROM mm_messages")).containsExactly("1");
        store(store, 2);
        assertThat(shell.run("SELECT COUNT(*) FROM mm_messages")).containsExactly("2");
        store(store, 3);
      }
      store(store, 4);
      assertThat(store.countMessages(key(1).folder().accountId())).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("SQLite (the quick start's store): the host stores while a shell reads, even inside a read transaction")
  void sqliteKeepsStoring() throws Exception {
    Path file = dir.resolve("mail.db");
    try (JdbcMailStore store = JdbcMailStore.builder(SqliteDataSources.forFile(file))
        .connectionRetryDeadline(Duration.ZERO).build()) {
      store(store, 1);
      try (SqlShell shell = SqlShell.open("jdbc:sqlite:" + file, dir.resolve("shell.err"))) {
        assertThat(shell.run("BEGIN")).containsExactly("ok");
        assertThat(shell.run("SELECT COUNT(*) FROM mm_messages")).containsExactly("1");
        store(store, 2); // WAL: the writer does not wait for the reader's transaction
        assertThat(shell.run("SELECT COUNT(*) FROM mm_messages")).as("the reader's snapshot").containsExactly("1");
        assertThat(shell.run("COMMIT")).containsExactly("ok");
        assertThat(shell.run("SELECT COUNT(*) FROM mm_messages")).containsExactly("2");
        store(store, 3);
      }
      assertThat(store.countMessages(key(1).folder().accountId())).isEqualTo(3);
    }
  }
}
