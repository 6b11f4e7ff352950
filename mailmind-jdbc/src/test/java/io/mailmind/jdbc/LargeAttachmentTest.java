package io.mailmind.jdbc;

import static io.mailmind.testkit.TestMessages.ACCOUNT;
import static io.mailmind.testkit.TestMessages.INBOX;
import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TestMessages;
import io.mailmind.testkit.TestMessages.Message;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 50 MB attachment written and read back under a 256 MB heap, on each database and in a blob directory. The
 * attachment is generated while it is streamed and never held in memory by the test. Runs in its own JVM
 * with -Xmx256m (surefire execution {@code small-heap}).
 */
@Tag("small-heap")
class LargeAttachmentTest {
  private static final long SIZE = 50L * 1024 * 1024;
  private static final Attachment BIG = TestMessages.generatedAttachment("big.bin", SIZE, 2024);

  @TempDir
  Path temp;

  @BeforeAll
  static void heapIsSmall() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("this test must run with -Xmx256m (surefire execution small-heap)")
        .isLessThanOrEqualTo(256L * 1024 * 1024);
  }

  @Test
  @DisplayName("H2 (file database), bytes in the database")
  void h2() throws Exception {
    roundTrip(TestDatabase.h2File(temp), false);
  }

  @Test
  @DisplayName("H2, bytes in a blob directory")
  void h2Directory() throws Exception {
    roundTrip(TestDatabase.h2File(temp), true);
  }

  @Test
  @DisplayName("SQLite (file database), bytes in the database")
  void sqlite() throws Exception {
    roundTrip(TestDatabase.sqliteIn(temp), false);
  }

  @Test
  @DisplayName("PostgreSQL, bytes in the database")
  void postgres() throws Exception {
    roundTrip(TestDatabase.postgres(), false);
  }

  @Test
  @DisplayName("MariaDB, bytes in the database")
  void mariadb() throws Exception {
    roundTrip(TestDatabase.mariadb(), false);
  }

  private void roundTrip(TestDatabase db, boolean inDirectory) throws Exception {
    db.start();
    try {
      JdbcMailStore.Builder builder = JdbcMailStore.builder(db.dataSource()).tablePrefix(db.freshPrefix());
      if (inDirectory) builder.attachmentsInDirectory(temp.resolve("blobs"));
      try (JdbcMailStore store = builder.build()) {
        Message m = message(key(1)).attachment(BIG);
        store.upsertFolder(new Folder(INBOX, "Inbox", List.of(), SyncCheckpoint.NONE));
        store.upsertMetadata(List.of(m.metadata()));
        store.upsertContent(List.of(m.content()));

        Blob read = store.attachmentContent(key(1), 0).orElseThrow();
        assertThat(read.size()).isEqualTo(SIZE);
        assertThat(TestMessages.sha256(read)).isEqualTo(BIG.sha256());
        assertThat(store.message(key(1)).orElseThrow().attachments()).extracting(Attachment::withoutContent)
            .containsExactly(BIG.withoutContent());

        store.deleteMessages(INBOX, 7, List.of(1L));
        assertThat(store.countMessages(ACCOUNT)).isZero();
        assertThat(store.collectGarbage()).isZero();
      }
    } finally {
      db.stop();
    }
  }
}
