package io.mailmind.jdbc;

import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TestMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Measures what the damage checks cost on a SQLite store of the benchmark's size (10,000 messages, about 160 KB
 * each with a text and an HTML body and an attachment, in one folder): {@code PRAGMA quick_check} on the whole
 * file, the read-back of the folder ({@code MailStore.readBack}) and, for scale, {@code knownMessages}. Not a
 * test: run it by hand (see docs/embedded-store.md), e.g.
 * {@code ./mvnw -q -pl mailmind-jdbc -am test -Dtest=SqliteCheckBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmailmind.bench.messages=10000}.
 */
class SqliteCheckBenchmark {
  @org.junit.jupiter.api.Test
  void measure() throws Exception {
    int messages = Integer.getInteger("mailmind.bench.messages", 10_000);
    int attachment = Integer.getInteger("mailmind.bench.attachmentBytes", 150_000);
    Path directory = Files.createTempDirectory("mailmind-check-bench-");
    Path file = directory.resolve("mail.db");
    FolderId inbox = new FolderId("bench@example.org", "INBOX");
    DataSource dataSource = SqliteDataSources.forFile(file);
    try (JdbcMailStore store = JdbcMailStore.builder(dataSource).build()) {
      store.upsertFolder(new Folder(inbox, "Inbox", List.of(), SyncCheckpoint.NONE));
      String text = TestMessages.largeText(3_000);
      String html = "<p>" + TestMessages.largeText(6_000) + "</p>";
      for (int from = 1; from <= messages; from += 100) {
        List<MessageMetadata> metadata = new ArrayList<>();
        List<MessageContent> content = new ArrayList<>();
        for (int uid = from; uid < from + 100 && uid <= messages; uid++) {
          TestMessages.Message m = TestMessages.message(TestMessages.key(inbox, 7, uid)).size(attachment + 10_000)
              .flags(uid % 3 == 0 ? new String[] {"\\Seen"} : new String[0]).text(text).html(html)
              .attachment(TestMessages.generatedAttachment("a" + uid + ".bin", attachment, uid));
          metadata.add(m.metadata());
          content.add(m.content());
        }
        store.upsertMetadata(metadata);
        store.upsertContent(content);
      }
      System.out.printf("store: %d messages, file %d MB%n", messages, Files.size(file) >> 20);
      for (int run = 1; run <= 3; run++) {
        long t0 = System.nanoTime();
        int rows = store.readBack(inbox, 7).size();
        long t1 = System.nanoTime();
        int known = store.knownMessages(inbox, 7).size();
        long t2 = System.nanoTime();
        String check;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
          rs.next();
          check = rs.getString(1);
        }
        long t3 = System.nanoTime();
        System.out.printf("run %d: readBack %d rows %d ms; knownMessages %d rows %d ms; quick_check %s %d ms%n", run,
            rows, (t1 - t0) / 1_000_000, known, (t2 - t1) / 1_000_000, check, (t3 - t2) / 1_000_000);
      }
    } finally {
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
