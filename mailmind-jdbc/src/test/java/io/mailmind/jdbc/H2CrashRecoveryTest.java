package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.spi.MailStore;
import io.mailmind.testkit.TestMessages;
import io.mailmind.testkit.logs.CapturedLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that a {@code kill -9} left with H2's identity counters behind its rows (see H2Identities in
 * {@code io.mailmind.jdbc.internal}) is repaired when opened, and the writes of the next sync leave every row
 * readable.
 */
class H2CrashRecoveryTest {
  @TempDir
  Path directory;

  @Test
  @DisplayName("identity counters behind the rows are restarted after the largest id when the store opens")
  void staleCountersRestarted(CapturedLog log) throws Exception {
    JdbcDataSource dataSource = dataSource(directory.resolve("stale"));
    FolderId inbox = new FolderId("alice@example.org", "INBOX");
    List<MessageKey> written;
    try (MailStore store = JdbcMailStore.builder(dataSource).build()) {
      written = writeLikeASync(store, inbox, 42, 1, 80);
    }
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      // What the killed process left: every counter back at its start, below rows that exist.
      for (String table : List.of("mm_accounts", "mm_folders", "mm_messages")) {
        s.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH 1");
      }
    }
    try (MailStore store = JdbcMailStore.builder(dataSource).build()) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        for (String table : List.of("MM_ACCOUNTS", "MM_FOLDERS", "MM_MESSAGES")) {
          try (ResultSet rs = s.executeQuery("SELECT IDENTITY_BASE, (SELECT MAX(id) FROM " + table + ")"
              + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '" + table + "' AND COLUMN_NAME = 'ID'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as(table).isGreaterThan(rs.getLong(2));
          }
        }
      }
      written.addAll(writeLikeASync(store, new FolderId("alice@example.org", "Archive"), 43, 1, 80));
      assertEveryRowReadable(store, written);
    }
    assertThat(log.warnings()).as("one line per table whose counter was restarted").hasSize(3)
        .allMatch(line -> line.contains(": identity counter was at 1 behind rows up to id "));
  }

  private static JdbcDataSource dataSource(Path base) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + base.toAbsolutePath());
    return dataSource;
  }

  /** Metadata in batches of 50, then content in batches of 20 with HTML and an attachment, as a sync writes. */
  private static List<MessageKey> writeLikeASync(MailStore store, FolderId folder, long uidValidity, long firstUid,
      int count) {
    List<TestMessages.Message> messages = new ArrayList<>();
    for (long uid = firstUid; uid < firstUid + count; uid++) {
      messages.add(TestMessages.message(TestMessages.key(folder, uidValidity, uid))
          .html("<p>body " + uid + "</p>")
          .attachment(TestMessages.generatedAttachment("a" + uid + ".bin", 3000 + uid, uid)));
    }
    for (int from = 0; from < count; from += 50) {
      List<MessageMetadata> batch = messages.subList(from, Math.min(count, from + 50)).stream()
          .map(TestMessages.Message::metadata).toList();
      store.upsertMetadata(batch);
    }
    for (int from = 0; from < count; from += 20) {
      List<MessageContent> batch = messages.subList(from, Math.min(count, from + 20)).stream()
          .map(TestMessages.Message::content).toList();
      store.upsertContent(batch);
    }
    return new ArrayList<>(messages.stream().map(TestMessages.Message::key).toList());
  }

  private static void assertEveryRowReadable(MailStore store, List<MessageKey> written) {
    for (MessageKey key : written) {
      MessageRecord record = store.message(key).orElseThrow(() -> new AssertionError("not found: " + key));
      assertThat(record.html()).as("html of %s", key).isNotNull();
    }
    Set<MessageKey> exported = new HashSet<>();
    store.forEachMessage(null, record -> assertThat(exported.add(record.key())).as("once: %s", record.key()).isTrue());
    assertThat(exported).containsAll(written);
  }
}
