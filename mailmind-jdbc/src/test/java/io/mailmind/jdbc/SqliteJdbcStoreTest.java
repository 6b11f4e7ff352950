package io.mailmind.jdbc;

import static io.mailmind.testkit.TestMessages.ACCOUNT;
import static io.mailmind.testkit.TestMessages.address;
import static io.mailmind.testkit.TestMessages.attachment;
import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TestMessages;
import io.mailmind.testkit.TestMessages.Message;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class SqliteJdbcStoreTest extends JdbcStoreTest {
  private static final TestDatabase db = TestDatabase.sqlite();

  @BeforeAll
  static void start() throws Exception {
    db.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.stop();
  }

  @Override
  TestDatabase db() {
    return db;
  }

  private SQLiteDataSource dataSource(Path file, Properties settings) {
    SQLiteDataSource dataSource = new SQLiteDataSource(new SQLiteConfig(settings));
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static String pragma(javax.sql.DataSource dataSource, String name) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  @DisplayName("the database is in WAL mode with foreign keys on, and its connections wait 30 s for the write lock")
  void settings() throws SQLException {
    assertThat(pragma(db.dataSource(), "journal_mode")).isEqualTo("wal");
    assertThat(pragma(db.dataSource(), "foreign_keys")).isEqualTo("1");
    assertThat(pragma(db.dataSource(), "busy_timeout")).isEqualTo("30000");
    assertThat(pragma(db.dataSource(), "synchronous")).isEqualTo("2"); // FULL
  }

  @Test
  @DisplayName("the schema has the H2 schema's tables, columns, named indexes and foreign keys (with their ON DELETE)")
  void sameSchemaAsH2() throws Exception {
    TestDatabase h2 = TestDatabase.h2();
    h2.start();
    try (JdbcMailStore onH2 = JdbcMailStore.builder(h2.dataSource()).tablePrefix(prefix).build()) {
      java.util.Set<String> expected = new java.util.TreeSet<>();
      try (Connection c = h2.dataSource().getConnection(); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
            + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA")) {
          while (rs.next()) expected.add(("column " + rs.getString(1) + "." + rs.getString(2)).toLowerCase());
        }
        try (ResultSet rs = s.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
            + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND INDEX_NAME LIKE '%\\_IX'")) {
          while (rs.next()) expected.add(("index " + rs.getString(1)).toLowerCase());
        }
        try (ResultSet rs = s.executeQuery("SELECT f.TABLE_NAME, p.TABLE_NAME, r.DELETE_RULE"
            + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
            + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS f ON f.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
            + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS p ON p.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME")) {
          while (rs.next()) {
            expected.add(("fk " + rs.getString(1) + " -> " + rs.getString(2) + " " + rs.getString(3)).toLowerCase());
          }
        }
      }
      java.util.Set<String> actual = new java.util.TreeSet<>();
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT name, type FROM sqlite_master WHERE name LIKE '" + prefix + "%'"
            + " AND type IN ('table', 'view', 'index')")) {
          while (rs.next()) {
            if (rs.getString(2).equals("index")) {
              if (rs.getString(1).endsWith("_ix")) actual.add("index " + rs.getString(1));
            } else {
              tables.add(rs.getString(1));
            }
          }
        }
        for (String table : tables) {
          try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) actual.add("column " + table + "." + rs.getString("name"));
          }
          try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_list(" + table + ")")) {
            while (rs.next()) {
              String onDelete = rs.getString("on_delete").toLowerCase().replace("no action", "restrict");
              actual.add("fk " + table + " -> " + rs.getString("table") + " " + onDelete);
            }
          }
        }
      }
      assertThat(actual).isEqualTo(expected.stream().map(e -> e.replace("no action", "restrict"))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
      assertThat(onH2.dialect()).isEqualTo(JdbcDialect.H2);
    } finally {
      h2.stop();
    }
  }

  @Test
  @DisplayName("a database in rollback-journal mode is switched to WAL when the store opens it, and stays so")
  @ExpectedLogs("a data source without busy_timeout gets the warning about it")
  void switchesToWal(@org.junit.jupiter.api.io.TempDir Path temp) throws SQLException {
    Properties settings = new Properties();
    settings.setProperty("foreign_keys", "true");
    SQLiteDataSource plain = dataSource(temp.resolve("plain.db"), settings);
    assertThat(pragma(plain, "journal_mode")).isEqualTo("delete");
    try (JdbcMailStore opened = JdbcMailStore.builder(plain).build()) {
      storeComplete(opened, message(key(1)));
    }
    assertThat(pragma(plain, "journal_mode")).isEqualTo("wal");
  }

  @Test
  @DisplayName("a DataSource whose connections have foreign keys off is refused with a message that says what to set")
  void foreignKeysOffIsRefused(@org.junit.jupiter.api.io.TempDir Path temp) {
    SQLiteDataSource noForeignKeys = dataSource(temp.resolve("nofk.db"), new Properties());
    assertThatThrownBy(() -> JdbcMailStore.builder(noForeignKeys).build())
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("foreign keys off")
        .hasMessageContaining("foreign_keys=true");
    assertThat(temp.resolve("nofk.db")).exists();
  }

  @Test
  @DisplayName("SqliteDataSources.forFile creates the missing directory of the database file")
  void createsDirectory(@org.junit.jupiter.api.io.TempDir Path temp) throws SQLException {
    Path file = temp.resolve("a/b/mailmind.db");
    try (JdbcMailStore created = JdbcMailStore.builder(SqliteDataSources.forFile(file)).build()) {
      assertThat(created.dialect()).isEqualTo(JdbcDialect.SQLITE);
      storeComplete(created, message(key(1)));
    }
    assertThat(file).isRegularFile();
  }

  @Test
  @DisplayName("a directory that cannot be created fails clearly, naming it")
  void directoryCannotBeCreated(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    Path blocker = Files.writeString(temp.resolve("not-a-directory"), "x");
    assertThatThrownBy(() -> SqliteDataSources.forFile(blocker.resolve("sub/mailmind.db")))
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("could not create the directory")
        .hasMessageContaining(blocker.resolve("sub").toString());
  }

  @Test
  @DisplayName("a migration script that fails is rolled back whole; the store opens once the cause is gone")
  void failedMigrationLeavesNothing() throws SQLException {
    String other = db().freshPrefix();
    List<String> scripts = JdbcMailStore.migrationScripts(JdbcDialect.SQLITE, other);
    for (String statement : scripts.get(0).replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)")) {
      if (!statement.isBlank()) execute(statement);
    }
    execute("ALTER TABLE " + other + "messages ADD COLUMN content_attempts INTEGER"); // V2 adds it: it fails there
    assertThatThrownBy(() -> JdbcMailStore.builder(db().dataSource()).tablePrefix(other).build())
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("schema migration to version 2 failed at statement 2");
    String columns = columns(other + "messages");
    assertThat(columns).as("the first statement of V2 was rolled back").doesNotContain(" pending ");
    assertThat(count("SELECT MAX(version) FROM " + other + "schema_version")).isEqualTo(1);
    execute("ALTER TABLE " + other + "messages DROP COLUMN content_attempts");
    try (JdbcMailStore migrated = JdbcMailStore.builder(db().dataSource()).tablePrefix(other).build()) {
      storeComplete(migrated, message(key(1)));
    }
    assertThat(count("SELECT MAX(version) FROM " + other + "schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
  }

  private String columns(String table) throws SQLException {
    StringBuilder names = new StringBuilder(" ");
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) names.append(rs.getString("name")).append(' ');
    }
    return names.toString();
  }

  @Test
  @DisplayName("stores opened at once on one new schema migrate it once (the write lock serialises them)")
  void concurrentMigrations() throws Exception {
    String shared = db().freshPrefix();
    Path file = dbFile();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> opens = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opens.add(() -> {
          JdbcMailStore.builder(SqliteDataSources.forFile(file)).tablePrefix(shared).build().close();
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(opens, 2, TimeUnit.MINUTES)) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("SELECT COUNT(*) FROM " + shared + "schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
  }

  private Path dbFile() throws SQLException {
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA database_list")) {
      rs.next();
      return Path.of(rs.getString("file"));
    }
  }

  @Test
  @DisplayName("8 threads on their own connections write metadata and content batches at once while others read:"
      + " every batch lands, no SQLITE_BUSY escapes")
  void concurrentWriters() throws Exception {
    int threads = 8;
    int rounds = 6;
    int perBatch = 25;
    byte[] shared = TestMessages.generated(200_000, 13).readAllBytes();
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> readFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
    try (JdbcMailStore second = builder().build()) {
      List<Callable<Void>> writers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        JdbcMailStore target = w % 2 == 0 ? store : second;
        FolderId folder = new FolderId(w % 3 == 0 ? "c@example.org" : ACCOUNT, "Writer-" + w);
        writers.add(() -> {
          target.upsertFolder(new Folder(folder, folder.imapFolder(), List.of(), SyncCheckpoint.NONE));
          for (int round = 0; round < rounds; round++) {
            List<Message> batch = new ArrayList<>();
            for (int i = 1; i <= perBatch; i++) {
              long uid = (long) round * perBatch + i;
              batch.add(message(key(folder, 3, uid)).from(address("Ann", "ann@example.org"))
                  .text("body " + folder + " " + uid)
                  .attachment(attachment("shared.bin", "application/octet-stream", shared))
                  .attachment(attachment("own.txt", "text/plain", (folder + "/" + uid).getBytes())));
            }
            target.upsertMetadata(batch.stream().map(Message::metadata).toList());
            target.upsertContent(batch.stream().map(Message::content).toList());
            target.storeMarkdown(java.util.Map.of(batch.get(0).key(), "# " + round));
          }
          return null;
        });
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          while (!done.get()) {
            try {
              store.countMessages(ACCOUNT);
              store.pendingMessages(ACCOUNT);
              store.newestFirst(new FolderId(ACCOUNT, "Writer-1"), 0, 20);
            } catch (RuntimeException e) {
              readFailures.add(e);
            }
          }
        }));
      }
      try {
        for (Future<Void> f : pool.invokeAll(writers, 5, TimeUnit.MINUTES)) f.get();
      } finally {
        done.set(true);
      }
      for (Future<?> reader : readers) reader.get(1, TimeUnit.MINUTES);
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    assertThat(readFailures).isEmpty();
    for (int w = 0; w < threads; w++) {
      FolderId folder = new FolderId(w % 3 == 0 ? "c@example.org" : ACCOUNT, "Writer-" + w);
      assertThat(store.countMessages(folder, 3)).isEqualTo((long) rounds * perBatch);
      MessageRecord last = store.message(key(folder, 3, (long) rounds * perBatch)).orElseThrow();
      assertThat(last.text()).isEqualTo("body " + folder + " " + rounds * perBatch);
      assertThat(last.attachments().get(1).content().readAllBytes())
          .isEqualTo((folder + "/" + rounds * perBatch).getBytes());
    }
    assertThat(count("SELECT COUNT(*) FROM ${p}blobs")).isEqualTo(threads * rounds * perBatch + 1);
  }
}
