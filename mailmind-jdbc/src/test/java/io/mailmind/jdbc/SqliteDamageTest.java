package io.mailmind.jdbc;

import static io.mailmind.testkit.TestMessages.INBOX;
import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TestMessages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite store file that was not closed cleanly is checked when it opens (PRAGMA quick_check): a damaged one is
 * refused with an error naming the file and what the check found, before anything is written on it; an intact
 * one opens and reads back what was committed.
 */
class SqliteDamageTest {
  @TempDir
  Path directory;

  /**
   * A store of 300 messages as a kill leaves it: the file holds them (checkpointed), and the write-ahead log holds
   * one more committed transaction. A second connection stays open meanwhile, as SQLite deletes the log when the
   * last connection closes.
   */
  private Path killedStore() throws Exception {
    Path live = directory.resolve("live/mail.db");
    Path copy = directory.resolve("killed/mail.db");
    JdbcMailStore store = JdbcMailStore.builder(SqliteDataSources.forFile(live)).build();
    try (Connection holder = SqliteDataSources.forFile(live).getConnection();
        Statement statement = holder.createStatement()) {
      store.upsertFolder(new Folder(INBOX, "Inbox", List.of(), SyncCheckpoint.NONE));
      for (int from = 1; from <= 300; from += 100) {
        List<MessageMetadata> metadata = new ArrayList<>();
        List<MessageContent> content = new ArrayList<>();
        for (int uid = from; uid < from + 100; uid++) {
          TestMessages.Message m = message(key(uid)).text(TestMessages.largeText(4000));
          metadata.add(m.metadata());
          content.add(m.content());
        }
        store.upsertMetadata(metadata);
        store.upsertContent(content);
      }
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      store.upsertMetadata(List.of(message(key(301)).metadata()));
      Files.createDirectories(copy.getParent());
      for (String suffix : List.of("", "-wal")) {
        Files.copy(Path.of(live + suffix), Path.of(copy + suffix), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      store.close();
    }
    assertThat(Files.size(Path.of(copy + "-wal"))).as("a committed transaction still in the log").isPositive();
    return copy;
  }

  @Test
  @DisplayName("a damaged file is refused at open with its name and what PRAGMA quick_check found")
  void damagedFileIsRefused() throws Exception {
    Path file = killedStore();
    long length = Files.size(file);
    assertThat(length).isGreaterThan(100 * 4096L);
    byte[] garbage = new byte[8 * 4096];
    new Random(13).nextBytes(garbage);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(length / 2 / 4096 * 4096);
      raw.write(garbage);
    }
    long sizeBefore = Files.size(file);

    assertThatThrownBy(() -> JdbcMailStore.builder(SqliteDataSources.forFile(file)).build())
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("the SQLite database " + file + " is damaged; PRAGMA quick_check says: ")
        .hasMessageContaining("restore the file from a backup");
    assertThat(Files.size(file)).as("nothing written on top of the damage").isEqualTo(sizeBefore);
  }

  @Test
  @DisplayName("an intact file left by a kill passes the check and reads back every committed message")
  void intactFileOpens() throws Exception {
    Path file = killedStore();

    JdbcMailStore store = JdbcMailStore.builder(SqliteDataSources.forFile(file)).build();
    try {
      assertThat(store.readBack(INBOX, 7)).hasSize(301);
      assertThat(store.message(key(150)).orElseThrow().text()).isEqualTo(TestMessages.largeText(4000));
    } finally {
      store.close();
    }
  }
}
