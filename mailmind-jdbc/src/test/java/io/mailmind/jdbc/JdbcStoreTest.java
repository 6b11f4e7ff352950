package io.mailmind.jdbc;

import static io.mailmind.testkit.TestMessages.ACCOUNT;
import static io.mailmind.testkit.TestMessages.INBOX;
import static io.mailmind.testkit.TestMessages.address;
import static io.mailmind.testkit.TestMessages.attachment;
import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TestMessages;
import io.mailmind.testkit.TestMessages.Message;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC store does beyond the contract: schema, storage of bytes, errors, concurrency. One subclass per database. */
abstract class JdbcStoreTest {

  @TempDir
  Path blobDirectory;

  String prefix;
  JdbcMailStore store;

  abstract TestDatabase db();

  @BeforeEach
  void open() {
    prefix = db().freshPrefix();
    store = builder().build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  JdbcMailStore.Builder builder() {
    return JdbcMailStore.builder(db().dataSource()).tablePrefix(prefix);
  }

  long count(String sqlText) throws SQLException {
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sqlText.replace("${p}", prefix))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String string(String sqlText) throws SQLException {
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sqlText.replace("${p}", prefix))) {
      rs.next();
      return rs.getString(1);
    }
  }

  void execute(String sqlText) throws SQLException {
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sqlText.replace("${p}", prefix));
    }
  }

  static MessageRecord withoutBytes(MessageRecord r) {
    return new MessageRecord(r.metadata(), r.text(), r.html(), r.markdown(), r.newText(),
        r.attachments().stream().map(Attachment::withoutContent).toList(), r.state(), r.error());
  }

  void storeComplete(JdbcMailStore target, Message... messages) {
    for (Message m : messages) {
      target.upsertFolder(new Folder(m.key().folder(), m.metadata().folder(), List.of(), SyncCheckpoint.NONE));
    }
    target.upsertMetadata(Stream.of(messages).map(Message::metadata).toList());
    target.upsertContent(Stream.of(messages).map(Message::content).toList());
  }

  // ---- schema ----

  @Test
  @DisplayName("the dialect is detected from the connection")
  void detectsDialect() {
    assertThat(store.dialect()).isEqualTo(db().dialect());
    try (JdbcMailStore explicit = builder().dialect(db().dialect()).build()) {
      assertThat(explicit.dialect()).isEqualTo(db().dialect());
    }
  }

  @Test
  @DisplayName("an empty database is migrated once; opening it again changes nothing and keeps the data")
  void migration() throws SQLException {
    assertThat(count("SELECT COUNT(*) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    storeComplete(store, message(key(1)));
    for (int i = 0; i < 2; i++) {
      try (JdbcMailStore again = builder().build()) {
        assertThat(again.countMessages(ACCOUNT)).isEqualTo(1);
      }
    }
    assertThat(count("SELECT COUNT(*) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    for (String table : List.of("accounts", "folders", "messages", "message_bodies", "message_rendered", "addresses",
        "attachments", "blobs", "blob_chunks", "contacts")) {
      assertThat(count("SELECT COUNT(*) FROM ${p}" + table)).as(table).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  @DisplayName("no table has two indexes on the same columns (each index is written with every row)")
  void noDuplicateIndexes() throws SQLException {
    Map<String, List<String>> byTableAndColumns = new TreeMap<>();
    try (Connection c = db().dataSource().getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      String catalog = c.getCatalog();
      String schema = db().dialect() == JdbcDialect.MARIADB ? null : c.getSchema();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME");
          if (table.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) tables.add(table);
        }
      }
      assertThat(tables).hasSizeGreaterThanOrEqualTo(10);
      for (String table : tables) {
        Map<String, SortedMap<Integer, String>> indexes = new HashMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
          while (rs.next()) {
            String index = rs.getString("INDEX_NAME");
            if (index == null) continue; // a row of table statistics
            indexes.computeIfAbsent(index, k -> new TreeMap<>())
                .put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
          }
        }
        indexes.forEach((index, columns) -> byTableAndColumns.computeIfAbsent(
            table.toLowerCase(Locale.ROOT) + " " + columns.values(), k -> new ArrayList<>()).add(index));
      }
    }
    // the catalog was read: the attachment rows have their index on blob_sha256
    assertThat(byTableAndColumns).containsKey(prefix.toLowerCase(Locale.ROOT) + "attachments [blob_sha256]");
    assertThat(byTableAndColumns.values()).as("indexes by table and columns").allSatisfy(same -> assertThat(same).hasSize(1));
  }

  @Test
  @DisplayName("with autoMigrate off an empty database is refused, and accepted once the host ran the scripts")
  void hostRunsScripts() throws SQLException {
    String other = db().freshPrefix();
    assertThatThrownBy(() -> JdbcMailStore.builder(db().dataSource()).tablePrefix(other).autoMigrate(false).build())
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("version 0")
        .hasMessageContaining(db().dialect().schemaDirectory());
    for (String script : JdbcMailStore.migrationScripts(db().dialect(), other)) {
      for (String statement : script.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)")) {
        if (!statement.isBlank()) execute(statement);
      }
    }
    try (JdbcMailStore hostManaged = JdbcMailStore.builder(db().dataSource()).tablePrefix(other).autoMigrate(false).build()) {
      storeComplete(hostManaged, message(key(1)));
      assertThat(hostManaged.message(key(1))).isPresent();
    }
  }

  @Test
  @DisplayName("a store at schema version 4 is upgraded: its rows keep everything, with a null new text until rendered again")
  void upgradeToNewText() throws SQLException {
    storeComplete(store, message(key(1)).html("<p>Yes.</p><blockquote type=\"cite\">Ready?</blockquote>"),
        message(key(2)).html("<p>pending</p>"), message(key(3)).text("plain\n\n> quoted").newText("plain"));
    store.storeMarkdown(Map.of(key(1), "Yes.\n\n> Ready?"));
    // The schema as version 4 left it: no new_text column, four versions recorded.
    reopenAtVersion5();
    execute("ALTER TABLE ${p}messages DROP COLUMN new_text");
    execute("DELETE FROM ${p}schema_version WHERE version = 5");
    store = builder().build();
    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    assertThat(store.message(key(1)).orElseThrow().markdown()).isEqualTo("Yes.\n\n> Ready?");
    assertThat(store.message(key(1)).orElseThrow().newText()).isNull();
    assertThat(store.message(key(3)).orElseThrow().newText()).isNull();
    // What was pending before stays pending (the Markdown of message 2), nothing more: the meaning of pending is kept.
    assertThat(store.pendingMessages(ACCOUNT)).extracting(p -> p.key().uid()).containsExactly(2L);
    store.storeRendered(Map.of(key(2), new RenderedBody("pending", "pending")));
    assertThat(store.message(key(2)).orElseThrow().newText()).isEqualTo("pending");
    assertThat(store.pendingMessages(ACCOUNT)).isEmpty();
  }

  @Test
  @DisplayName("a store at schema version 5 is upgraded to 6: bodies, Markdown and new text move to their own tables and read back the same")
  void upgradeToBodyTables() throws Exception {
    storeComplete(store, message(key(1)).html("<p>Yes.</p><blockquote type=\"cite\">Ready?</blockquote>")
            .attachment(attachment("a.txt", "text/plain", "bytes".getBytes())),
        message(key(2)).html("<p>pending</p>").text("pending"),
        message(key(3)).text("plain\n\n> quoted").newText("plain"),
        message(key(4)).rawHeaders(null).text(null).error("unreadable"));
    store.upsertMetadata(List.of(message(key(5)).metadata()));
    store.storeRendered(Map.of(key(1), new RenderedBody("Yes.\n\n> Ready?", "Yes.")));
    List<MessageKey> keys = List.of(key(1), key(2), key(3), key(4), key(5));
    List<MessageRecord> records = keys.stream().map(k -> withoutBytes(store.message(k).orElseThrow())).toList();
    List<String> html = keys.stream().map(k -> store.html(k).orElse("(none)")).toList();
    var known = store.knownMessages(INBOX, 7);
    var pending = store.pendingMessages(ACCOUNT);
    assertThat(records.get(0).newText()).isEqualTo("Yes.");
    assertThat(records.get(2).newText()).isEqualTo("plain");
    assertThat(known).extracting(KnownMessage::markdownPending).containsExactly(false, true, false, false, false);

    reopenAtVersion5();
    assertThat(count("SELECT COUNT(*) FROM ${p}messages WHERE raw_headers IS NOT NULL")).isEqualTo(3);
    store = builder().build();

    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    assertThat(keys.stream().map(k -> withoutBytes(store.message(k).orElseThrow())).toList())
        .containsExactlyElementsOf(records);
    assertThat(keys.stream().map(k -> store.html(k).orElse("(none)")).toList()).containsExactlyElementsOf(html);
    assertThat(store.knownMessages(INBOX, 7)).containsExactlyElementsOf(known);
    assertThat(store.pendingMessages(ACCOUNT)).containsExactlyElementsOf(pending);
    assertThat(store.message(key(1)).orElseThrow().attachments().get(0).content().readAllBytes())
        .isEqualTo("bytes".getBytes());
    // Rows only for messages with values: no body row without content or with nothing in it (4, 5), a rendered row
    // per message with Markdown or new text (1, 3).
    assertThat(count("SELECT COUNT(*) FROM ${p}message_bodies")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isEqualTo(2);
    for (String column : List.of("raw_headers", "body_text", "body_html", "markdown", "new_text")) {
      assertThatThrownBy(() -> count("SELECT COUNT(" + column + ") FROM ${p}messages")).as(column)
          .isInstanceOf(SQLException.class);
    }
    // And it keeps working: the Markdown of message 2 and the content of message 5 complete, a new message is stored.
    store.storeRendered(Map.of(key(2), new RenderedBody("pending", "pending")));
    store.upsertContent(List.of(message(key(5)).content()));
    storeComplete(store, message(key(6)));
    assertThat(store.pendingMessages(ACCOUNT)).isEmpty();
    assertThat(store.message(key(6)).orElseThrow().text()).isEqualTo("Body of message 6");
  }

  /**
   * Where DDL commits (H2, MariaDB: their test classes run this; PostgreSQL and SQLite run each script in one
   * transaction), a migration to version 6 stopped part-way runs again and loses nothing.
   */
  void bodyTablesMigrationRunsAgain() throws Exception {
    storeComplete(store, message(key(1)).html("<p>a</p>"), message(key(2)).newText("Body of message 2"));
    store.storeRendered(Map.of(key(1), new RenderedBody("a", "a")));
    List<MessageRecord> before = List.of(store.message(key(1)).orElseThrow(), store.message(key(2)).orElseThrow());
    reopenAtVersion5();
    List<String> script = SchemaV5.statements(JdbcMailStore.migrationScripts(db().dialect(), prefix).get(5));
    // Stopped after the copies, then (run again) after dropping the old columns, before recording the version.
    for (String statement : script.subList(0, script.size() - 2)) execute(statement);
    for (String statement : script.subList(0, script.size() - 1)) execute(statement);
    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(5);
    store = builder().build();
    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    assertThat(List.of(store.message(key(1)).orElseThrow(), store.message(key(2)).orElseThrow()))
        .containsExactlyElementsOf(before);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_bodies")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isEqualTo(2);
  }

  /**
   * Where DDL commits (H2, MariaDB: their test classes run this), a migration to version 8 stopped part-way runs
   * again and loses nothing: the step state of every message, its failed attempts included.
   */
  void stepsMigrationRunsAgain() throws Exception {
    storeComplete(store, message(key(1)).html("<p>a</p>"), message(key(2)).newText("Body of message 2"),
        message(key(4)).rawHeaders(null).text(null).error("unreadable"));
    store.upsertMetadata(List.of(message(key(3)).metadata()));
    assertThat(store.recordContentFailures(Map.of(key(3), "timed out"), 3)).isEmpty();
    List<MessageKey> keys = List.of(key(1), key(2), key(3), key(4));
    List<MessageRecord> before = keys.stream().map(k -> withoutBytes(store.message(k).orElseThrow())).toList();
    var pending = store.pendingMessages(ACCOUNT);
    assertThat(pending).extracting(p -> p.key().uid()).containsExactly(1L, 3L);
    reopenAtVersion5();
    List<String> scripts = JdbcMailStore.migrationScripts(db().dialect(), prefix);
    for (String statement : SchemaV5.statements(scripts.get(5))) execute(statement);
    for (String statement : SchemaV5.statements(scripts.get(6))) execute(statement);
    List<String> script = SchemaV5.statements(scripts.get(7));
    // Stopped after the copy, then (run again) after dropping the old columns, before recording the version.
    for (String statement : script.subList(0, 2)) execute(statement);
    for (String statement : script.subList(0, script.size() - 1)) execute(statement);
    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(7);
    store = builder().build();
    assertThat(count("SELECT MAX(version) FROM ${p}schema_version")).isEqualTo(JdbcMailStore.SCHEMA_VERSION);
    assertThat(keys.stream().map(k -> withoutBytes(store.message(k).orElseThrow())).toList())
        .containsExactlyElementsOf(before);
    assertThat(store.pendingMessages(ACCOUNT)).containsExactlyElementsOf(pending);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_steps")).isEqualTo(4);
    // The failed attempt was kept: one more reaches maxAttempts 2.
    assertThat(store.recordContentFailures(Map.of(key(3), "timed out again"), 2)).containsExactly(key(3));
    assertThat(store.message(key(3)).orElseThrow().error()).isEqualTo("timed out again");
  }

  /** Closes the store and opens a copy of it at schema version 5 (a fresh prefix) in its place, not yet migrated. */
  private void reopenAtVersion5() throws SQLException {
    store.close();
    String version5 = db().freshPrefix();
    SchemaV5.copy(db().dataSource(), db().dialect(), prefix, version5);
    prefix = version5;
  }

  @Test
  @DisplayName("bodies and renderings have a row only when there is a value, replaced by each write and deleted with their message")
  void textRows() throws SQLException {
    storeComplete(store, message(key(1)).html("<p>one</p>"), message(key(2)).text("two").newText("two"),
        message(key(INBOX, 8, 3)).html("<p>three</p>"));
    store.upsertMetadata(List.of(message(key(4)).metadata()));
    store.storeRendered(Map.of(key(1), new RenderedBody("one", "one"), key(INBOX, 8, 3), new RenderedBody("3", "3")));
    assertThat(count("SELECT COUNT(*) FROM ${p}message_bodies")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isEqualTo(3);
    // Content written again: the rendering goes (no new text without a new rendering), the body is replaced.
    store.upsertContent(List.of(message(key(1)).html("<p>uno</p>").content()));
    assertThat(string("SELECT b.body_html FROM ${p}message_bodies b JOIN ${p}messages m ON m.id = b.message_pk"
        + " WHERE m.uid = 1")).isEqualTo("<p>uno</p>");
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isEqualTo(2);
    // A cleared Markdown leaves no row and waits again.
    store.storeRendered(Map.of(key(2), new RenderedBody(null, "ignored")));
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_steps WHERE pending = 2")).isEqualTo(1); // message 1 (HTML)
    // Deleted with their message, their UIDVALIDITY and their folder.
    assertThat(store.deleteMessages(INBOX, 7, List.of(2L))).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_bodies")).isEqualTo(2);
    assertThat(store.purgeOtherUidValidity(INBOX, 7)).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_bodies")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isZero();
    store.storeRendered(Map.of(key(1), new RenderedBody("uno", "uno")));
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isEqualTo(1);
    store.deleteFolder(INBOX);
    assertThat(count("SELECT COUNT(*) FROM ${p}messages")).isZero();
    assertThat(count("SELECT COUNT(*) FROM ${p}message_bodies")).isZero();
    assertThat(count("SELECT COUNT(*) FROM ${p}message_rendered")).isZero();
  }

  @Test
  @DisplayName("a schema newer than this library is refused")
  void newerSchema() throws SQLException {
    execute("INSERT INTO ${p}schema_version (version, description) VALUES (99, 'from the future')");
    assertThatThrownBy(() -> builder().build()).isInstanceOf(MailStoreException.class).hasMessageContaining("newer");
  }

  // ---- fidelity at rest ----

  @Test
  @DisplayName("4-byte emoji are stored as such in the tables, not replaced")
  void emojiAtRest() throws SQLException {
    storeComplete(store, message(key(1)).subject("Grüße 😀🎉").from(address("Jörg 🐙", "j@x")).text("body 𝄞"));
    assertThat(string("SELECT subject FROM ${p}messages")).isEqualTo("Grüße 😀🎉");
    assertThat(string("SELECT name FROM ${p}addresses WHERE field = 'from'")).isEqualTo("Jörg 🐙");
    assertThat(string("SELECT body_text FROM ${p}message_bodies")).isEqualTo("body 𝄞");
  }

  @Test
  @DisplayName("the contacts view gives hosts what contacts() returns")
  void contactsView() throws SQLException {
    storeComplete(store,
        message(key(1)).date(TestMessages.BASE_DATE).from(address("Bob", "Bob@Example.org")).cc(address("Bob B.", "bob@example.org")),
        message(key(2)).date(TestMessages.BASE_DATE.plusSeconds(60)).from(address(null, "bob@example.org"))
            .to(address("Carol", "carol@example.org")));
    storeComplete(store, message(key(new FolderId("other@x", "INBOX"), 1, 1)).from(address("Robert", "bob@example.org")));
    List<String> fromView = new ArrayList<>();
    try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT address, name, first_seen_s, last_seen_s, message_count FROM " + prefix
             + "contacts WHERE account_id = '" + ACCOUNT + "' ORDER BY address")) {
      while (rs.next()) {
        fromView.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4) + "|" + rs.getLong(5));
      }
    }
    assertThat(fromView).containsExactlyElementsOf(store.contacts(ACCOUNT).stream()
        .map(k -> k.address() + "|" + k.name() + "|" + k.firstSeen().getEpochSecond() + "|" + k.lastSeen().getEpochSecond()
            + "|" + k.messageCount())
        .toList());
    assertThat(fromView).contains("bob@example.org|Bob|" + TestMessages.BASE_DATE.getEpochSecond() + "|"
        + (TestMessages.BASE_DATE.getEpochSecond() + 60) + "|2");
  }

  @Test
  @DisplayName("forEachMessage pages through a folder holding two UIDVALIDITYs in UID order")
  void forEachMixedUidValidityPages() {
    List<Message> messages = new ArrayList<>();
    for (long uid = 1; uid <= 450; uid++) {
      messages.add(message(key(INBOX, uid % 3 == 0 ? 8 : 9, uid)));
    }
    store.upsertMetadata(messages.stream().map(Message::metadata).toList());
    List<MessageKey> seen = new ArrayList<>();
    store.forEachMessage(ACCOUNT, r -> seen.add(r.key()));
    assertThat(seen).containsExactlyElementsOf(messages.stream().map(Message::key).toList());
  }

  // ---- UIDVALIDITY and bytes ----

  @Test
  @DisplayName("a UIDVALIDITY change removes the folder's old rows with their addresses, attachments and bytes")
  void uidValidityChange() throws SQLException {
    byte[] old = TestMessages.generated(1_500_000, 3).readAllBytes();
    storeComplete(store, message(key(INBOX, 5, 1)).attachment(attachment("old.bin", "application/octet-stream", old)),
        message(key(INBOX, 5, 2)).cc(address("C", "c@x")));
    storeComplete(store, message(key(INBOX, 6, 1)).attachment(attachment("new.txt", "text/plain", "new".getBytes())));
    assertThat(count("SELECT COUNT(*) FROM ${p}blob_chunks")).isEqualTo(3);
    assertThat(store.purgeOtherUidValidity(INBOX, 6)).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM ${p}messages")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}messages WHERE uid_validity = 5")).isZero();
    assertThat(count("SELECT COUNT(*) FROM ${p}addresses")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM ${p}attachments")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}blobs")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}blob_chunks")).isEqualTo(1);
    assertThat(store.knownMessages(INBOX, 5)).isEmpty();
    assertThat(store.message(key(INBOX, 6, 1)).orElseThrow().attachments().get(0).content().readAllBytes())
        .isEqualTo("new".getBytes());
  }

  @Test
  @DisplayName("the same attachment bytes are stored once (in 1 MiB chunks) and removed with the last message using them")
  void dedupInDatabase() throws SQLException {
    byte[] logo = TestMessages.generated(2_500_000, 7).readAllBytes();
    for (long uid = 1; uid <= 20; uid++) {
      storeComplete(store, message(key(uid)).attachment(attachment("logo.png", "image/png", logo)));
    }
    assertThat(count("SELECT COUNT(*) FROM ${p}attachments")).isEqualTo(20);
    assertThat(count("SELECT COUNT(*) FROM ${p}blobs")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM ${p}blob_chunks")).isEqualTo(3);
    store.deleteMessages(INBOX, 7, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    assertThat(count("SELECT COUNT(*) FROM ${p}blobs")).isEqualTo(1);
    store.deleteFolder(INBOX);
    assertThat(count("SELECT COUNT(*) FROM ${p}blobs")).isZero();
    assertThat(count("SELECT COUNT(*) FROM ${p}blob_chunks")).isZero();
    assertThat(store.collectGarbage()).isZero();
  }

  /** A store on fresh tables that keeps attachment bytes as files in {@code blobDirectory}. */
  private JdbcMailStore directoryStore() {
    return JdbcMailStore.builder(db().dataSource()).tablePrefix(db().freshPrefix()).attachmentsInDirectory(blobDirectory)
        .build();
  }

  @Test
  @DisplayName("attachment bytes kept in a directory are one file per sha256, removed with the last message using them")
  void dedupInDirectory() throws Exception {
    try (JdbcMailStore files = directoryStore()) {
      byte[] logo = TestMessages.generated(300_000, 7).readAllBytes();
      String sha = TestMessages.sha256(logo);
      for (long uid = 1; uid <= 5; uid++) {
        storeComplete(files, message(key(uid)).attachment(attachment("logo.png", "image/png", logo))
            .attachment(attachment("own.txt", "text/plain", ("own " + uid).getBytes())));
      }
      assertThat(blobFiles()).hasSize(6).contains(blobDirectory.resolve(sha.substring(0, 2)).resolve(sha));
      assertThat(files.message(key(3)).orElseThrow().attachments().get(0).content().readAllBytes()).isEqualTo(logo);
      files.deleteMessages(INBOX, 7, List.of(1L, 2L, 3L, 4L));
      assertThat(blobFiles()).hasSize(2);
      files.upsertContent(List.of(message(key(5)).content()));
      assertThat(blobFiles()).isEmpty();
      assertThat(files.collectGarbage()).isZero();
    }
  }

  @Test
  @DisplayName("attachment files in the two-level layout of version 0.1 are still read, rewritten when missing, and deleted with their last message")
  void legacyTwoLevelFiles() throws Exception {
    try (JdbcMailStore files = directoryStore()) {
      byte[] bytes = TestMessages.generated(70_000, 3).readAllBytes();
      String sha = TestMessages.sha256(bytes);
      storeComplete(files, message(key(1)).attachment(attachment("a.bin", "application/octet-stream", bytes)));
      Path oneLevel = blobDirectory.resolve(sha.substring(0, 2)).resolve(sha);
      Path legacy = blobDirectory.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
      assertThat(blobFiles()).containsExactly(oneLevel);
      Files.createDirectories(legacy.getParent());
      Files.move(oneLevel, legacy); // as version 0.1 left it

      assertThat(files.message(key(1)).orElseThrow().attachments().get(0).content().readAllBytes()).isEqualTo(bytes);
      storeComplete(files, message(key(2)).attachment(attachment("same.bin", "application/octet-stream", bytes)));
      assertThat(blobFiles()).as("the same bytes again: the legacy file serves").containsExactly(legacy);
      java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200));
      Files.setLastModifiedTime(legacy, old);
      assertThat(files.collectGarbage()).as("a live legacy file is kept").isZero();
      files.deleteMessages(INBOX, 7, List.of(1L, 2L));
      assertThat(blobFiles()).isEmpty();
    }
  }

  @Test
  @DisplayName("collectGarbage removes old blob files that no row knows (left by rolled-back writes) and keeps live ones")
  void orphanFiles() throws Exception {
    try (JdbcMailStore files = directoryStore()) {
      byte[] live = "live".getBytes();
      storeComplete(files, message(key(1)).attachment(attachment("live.txt", "text/plain", live)));
      String orphanSha = TestMessages.sha256("orphan".getBytes());
      Path orphan = blobDirectory.resolve(orphanSha.substring(0, 2)).resolve(orphanSha.substring(2, 4)).resolve(orphanSha);
      Files.createDirectories(orphan.getParent());
      Files.write(orphan, "orphan".getBytes());
      Path leftover = blobDirectory.resolve("tmp").resolve("x.part");
      Files.write(leftover, new byte[10]);
      Path young = blobDirectory.resolve("tmp").resolve("young.part");
      Files.write(young, new byte[10]);
      java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200));
      for (Path p : blobFiles()) Files.setLastModifiedTime(p, old);
      Files.setLastModifiedTime(leftover, old);

      assertThat(files.collectGarbage()).isEqualTo(2);
      assertThat(orphan).doesNotExist();
      assertThat(leftover).doesNotExist();
      assertThat(young).exists();
      assertThat(files.message(key(1)).orElseThrow().attachments().get(0).content().readAllBytes()).isEqualTo(live);
    }
  }

  private List<Path> blobFiles() throws Exception {
    try (Stream<Path> walk = Files.walk(blobDirectory)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp")).toList();
    }
  }

  // ---- errors ----

  @Test
  @DisplayName("a database error becomes a MailStoreException with the operation, table, folder and SQLState")
  void errors() {
    FolderId tooLong = new FolderId(ACCOUNT, "x".repeat(800));
    assertThatThrownBy(() -> store.upsertFolder(new Folder(tooLong, "Long", List.of(), SyncCheckpoint.NONE)))
        .isInstanceOfSatisfying(MailStoreException.class, e -> assertThat(e.sqlState()).isEqualTo("22001"))
        .hasMessageContaining("upsertFolder")
        .hasMessageContaining("table " + prefix + "folders")
        .hasMessageContaining(ACCOUNT + ":xxx")
        .hasMessageContaining("SQLState 22001");
    assertThat(store.folders(ACCOUNT)).isEmpty();
  }

  @Test
  @DisplayName("U+0000 in text is kept, except on PostgreSQL where it becomes U+FFFD")
  void nulCharacter() {
    storeComplete(store, message(key(1)).subject("a\u0000b").text("x\u0000y"));
    String expected = db().dialect() == JdbcDialect.POSTGRESQL ? "a\uFFFDb" : "a\u0000b";
    assertThat(store.message(key(1)).orElseThrow().metadata().headers().subject()).isEqualTo(expected);
  }

  @Test
  @DisplayName("a transaction that loses a deadlock is run again; one that keeps losing fails whole with its SQLState")
  void retriesConflicts() {
    FaultyDataSource faulty = new FaultyDataSource(db().dataSource(), "40P01");
    try (JdbcMailStore flaky = JdbcMailStore.builder(faulty).tablePrefix(db().freshPrefix()).build()) {
      faulty.failNextBatches(2);
      storeComplete(flaky, message(key(1)).attachment(attachment("a.txt", "text/plain", "a".getBytes())), message(key(2)));
      assertThat(faulty.injected()).isEqualTo(2);
      assertThat(flaky.countMessages(ACCOUNT)).isEqualTo(2);
      assertThat(flaky.message(key(1)).orElseThrow().attachments()).hasSize(1);

      faulty.failNextBatches(1000);
      assertThatThrownBy(() -> flaky.upsertMetadata(List.of(message(key(3)).metadata())))
          .isInstanceOfSatisfying(MailStoreException.class, e -> assertThat(e.sqlState()).isEqualTo("40P01"))
          .hasMessageContaining("UID=3")
          .hasMessageContaining("nothing of this call was stored");
      faulty.failNextBatches(0);
      assertThat(flaky.message(key(3))).isEmpty();
      assertThat(flaky.countMessages(ACCOUNT)).isEqualTo(2);
    }
  }

  // ---- concurrency and resources ----

  @Test
  @DisplayName("writers in two stores on the same tables, sharing attachment bytes while deleting, lose nothing and leave no orphans")
  void parallelWritersAndDeletes() throws Exception {
    int writers = 6;
    byte[] logo = TestMessages.generated(150_000, 11).readAllBytes();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try (JdbcMailStore second = builder().build()) {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        JdbcMailStore target = w % 2 == 0 ? store : second;
        FolderId folder = new FolderId(w < 3 ? ACCOUNT : "b@example.org", "Folder-" + w);
        tasks.add(() -> {
          for (int round = 0; round < 6; round++) {
            List<Message> batch = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
              long uid = round * 8L + i;
              batch.add(message(key(folder, 1, uid)).from(address("Bob", "bob@example.org"))
                  .attachment(attachment("logo.png", "image/png", logo))
                  .attachment(attachment("round.txt", "text/plain", ("round " + round).getBytes()))
                  .attachment(attachment("own.txt", "text/plain", (folder + "/" + uid).getBytes())));
            }
            storeComplete(target, batch.toArray(Message[]::new));
            if (round > 0) {
              long base = (round - 1) * 8L;
              target.deleteMessages(folder, 1, List.of(base + 1, base + 3, base + 5, base + 7));
            }
          }
          return null;
        });
      }
      Future<?> collector = pool.submit(() -> {
        while (!done.get()) second.collectGarbage();
        return null;
      });
      for (Future<Void> f : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
        f.get();
      }
      done.set(true);
      collector.get(1, TimeUnit.MINUTES);
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    store.collectGarbage();
    assertThat(count("SELECT COUNT(*) FROM ${p}blobs"))
        .isEqualTo(count("SELECT COUNT(DISTINCT blob_sha256) FROM ${p}attachments"));
    for (int w = 0; w < writers; w++) {
      FolderId folder = new FolderId(w < 3 ? ACCOUNT : "b@example.org", "Folder-" + w);
      assertThat(store.knownMessages(folder, 1)).hasSize(6 * 8 - 5 * 4);
      for (MessageRecord r : store.newestFirst(folder, 0, 100)) {
        assertThat(r.attachments()).hasSize(3);
        assertThat(r.attachments().get(0).content().readAllBytes()).isEqualTo(logo);
        assertThat(r.attachments().get(2).content().readAllBytes()).isEqualTo((folder + "/" + r.key().uid()).getBytes());
      }
    }
    assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("bob@example.org"))
        .singleElement().satisfies(c -> assertThat(c.messageCount()).isEqualTo(3L * (6 * 8 - 5 * 4)));
  }

  @Test
  @DisplayName("no connection stays open after writes, failures, reads, pages and attachment streams")
  void noLeaks() throws Exception {
    CountingDataSource counting = new CountingDataSource(db().dataSource());
    try (JdbcMailStore counted = JdbcMailStore.builder(counting).tablePrefix(db().freshPrefix()).build()) {
      byte[] big = TestMessages.generated(2_200_000, 5).readAllBytes();
      storeComplete(counted, message(key(1)).attachment(attachment("big.bin", "application/octet-stream", big)),
          message(key(2)));
      assertThatThrownBy(() -> counted.upsertContent(List.of(message(key(3)).content())))
          .isInstanceOf(MailStoreException.class);
      Attachment read = counted.message(key(1)).orElseThrow().attachments().get(0);
      try (InputStream in = read.content().openStream()) {
        assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(big, 10));
        in.readNBytes((1 << 20) - 12);
        for (int i = (1 << 20) - 2; i < (1 << 20) + 2; i++) {
          assertThat(in.read()).as("byte %d, across the first chunk boundary", i).isEqualTo(big[i] & 0xFF);
        }
      }
      assertThat(read.content().readAllBytes()).isEqualTo(big);
      List<MessageKey> seen = new ArrayList<>();
      counted.forEachMessage(null, r -> seen.add(r.key()));
      counted.newestFirst(INBOX, 0, 10);
      counted.contacts(ACCOUNT);
      counted.deleteFolder(INBOX);
      assertThat(seen).hasSize(2);
    }
    assertThat(counting.opened()).isPositive();
    assertThat(counting.open()).isZero();
  }
}
