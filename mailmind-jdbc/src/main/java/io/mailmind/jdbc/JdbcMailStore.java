package io.mailmind.jdbc;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.StoredRow;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.internal.JdbcStore;
import io.mailmind.jdbc.internal.Migrator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link MailStore} over the host's {@link DataSource}: SQLite, H2, PostgreSQL or MariaDB.
 *
 * <pre>{@code
 * MailStore store = JdbcMailStore.builder(dataSource)   // pool it: the store opens a connection per call
 *     .tablePrefix("mm_")                               // the default
 *     .attachmentsInDirectory(Path.of("mail-blobs"))    // or keep them in the database (the default)
 *     .connectionRetryDeadline(Duration.ofSeconds(60))  // the default; ZERO fails at the first lost connection
 *     .build();                                          // creates or upgrades the tables
 * }</pre>
 *
 * <p>Tables ({@code <prefix>accounts, folders, messages, addresses, attachments, blobs, blob_chunks}, the
 * {@code contacts} view and {@code schema_version}, plus {@code imap_accounts} for {@link JdbcAccounts}) are created
 * and upgraded by versioned scripts per database (see {@link #migrationScripts}). Every write call is one transaction of JDBC batches with native upserts,
 * retried a few times when it collides with another transaction (deadlock, serialization failure), and retried on a
 * fresh connection while the database is unreachable, up to {@link Builder#connectionRetryDeadline}. Attachment
 * bytes are stored once per SHA-256, in the database in chunks of 1 MiB or as files, and read back lazily;
 * bytes that no attachment references any more are removed after the deletion that freed them (or by
 * {@link #collectGarbage()}). Dates are kept to the second, {@link SyncCheckpoint#lastFullSync()} to the
 * millisecond; on PostgreSQL a U+0000 in text is stored as U+FFFD. Each read is one consistent snapshot;
 * {@link #forEachMessage} reads a page of 200 messages at a time and calls the consumer between pages,
 * holding no connection. On MariaDB a message row (bodies included) must fit the server's
 * {@code max_allowed_packet}.
 *
 * <p>H2 keeps 8 parsed statements per connection unless told otherwise, fewer than one content write runs: with
 * {@code ;QUERY_CACHE_SIZE=128} in an embedded database's URL (or as a driver property, as the command line sets
 * it) H2 parses none of them again, about 1.5% of a full mirror's CPU.
 *
 * <p>SQLite (sqlite-jdbc 3.37+; add {@code org.xerial:sqlite-jdbc} yourself) is embedded like H2 and crash-safe:
 * the store keeps the database in WAL mode (it switches it when it opens it; the setting stays in the file), so
 * reads never wait for the writer, and begins every write transaction IMMEDIATE, so concurrent writers queue
 * for the write lock instead of failing. Required of the DataSource: every connection has foreign keys on
 * ({@code foreign_keys=true}; {@link Builder#build()} refuses the database otherwise) and a busy timeout that lets
 * writers wait for each other (30 s recommended; below 5 s is logged as a warning); leave sqlite-jdbc's
 * {@code transaction_mode} at its default. {@link SqliteDataSources#forFile} gives such a DataSource for a file
 * (and creates its directory); for a pool, pass {@link SqliteDataSources#settingsFor} as driver properties:
 *
 * <pre>{@code
 * MailStore store = JdbcMailStore.builder(SqliteDataSources.forFile(Path.of("mailmind-data/mailmind.db"))).build();
 *
 * SQLiteConfig config = new SQLiteConfig(SqliteDataSources.settings());   // or by hand:
 * config.enforceForeignKeys(true);
 * config.setJournalMode(SQLiteConfig.JournalMode.WAL);
 * config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);             // see SqliteDataSources.settings()
 * config.setBusyTimeout(30_000);
 * SQLiteDataSource sqlite = new SQLiteDataSource(config);
 * sqlite.setUrl("jdbc:sqlite:mailmind-data/mailmind.db");               // the directory must exist
 *
 * HikariConfig pooled = new HikariConfig();                              // or HikariCP
 * pooled.setJdbcUrl("jdbc:sqlite:mailmind-data/mailmind.db");
 * pooled.setDataSourceProperties(SqliteDataSources.settingsFor(pooled.getJdbcUrl())); // the URL's own win
 * }</pre>
 *
 * <p>This class is thread-safe; it keeps no connection between calls.
 */
public final class JdbcMailStore implements MailStore {
  /** The schema version this library writes and reads. */
  public static final int SCHEMA_VERSION = Migrator.LATEST;

  private final JdbcStore store;

  private JdbcMailStore(JdbcStore store) {
    this.store = store;
  }

  /** A builder for a store over {@code dataSource}; the store never closes it. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The migration scripts of a database with the table prefix filled in, in version order, for hosts that run
   * them themselves ({@link Builder#autoMigrate(boolean) autoMigrate(false)}). Each script records its version.
   * Statements end with a semicolon at the end of a line.
   */
  public static List<String> migrationScripts(JdbcDialect dialect, String tablePrefix) {
    Objects.requireNonNull(dialect, "dialect");
    return Migrator.scripts(dialect, Builder.checkPrefix(tablePrefix));
  }

  /** The database this store writes to. */
  public JdbcDialect dialect() {
    return store.dialect();
  }

  /**
   * Removes every stored attachment body that no attachment references (normally done right after the
   * deletions that free them; this catches what a failure or a concurrent writer left) and, with a blob
   * directory, files older than an hour that no row knows (left by writes that rolled back). Returns how many
   * were removed. Safe to run while the store is in use.
   */
  public long collectGarbage() {
    store.checkOpen();
    return store.collectGarbage();
  }

  @Override
  public List<Folder> folders(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    store.checkOpen();
    return store.folders(accountId);
  }

  @Override
  public Optional<Folder> folder(FolderId folderId) {
    Objects.requireNonNull(folderId, "folderId");
    store.checkOpen();
    return store.folder(folderId);
  }

  @Override
  public void upsertFolder(Folder folder) {
    Objects.requireNonNull(folder, "folder");
    store.checkOpen();
    store.upsertFolder(folder);
  }

  @Override
  public void saveCheckpoint(FolderId folderId, SyncCheckpoint checkpoint) {
    Objects.requireNonNull(folderId, "folderId");
    Objects.requireNonNull(checkpoint, "checkpoint");
    store.checkOpen();
    store.saveCheckpoint(folderId, checkpoint);
  }

  @Override
  public void deleteFolder(FolderId folderId) {
    Objects.requireNonNull(folderId, "folderId");
    store.checkOpen();
    store.deleteFolder(folderId);
  }

  @Override
  public long purgeOtherUidValidity(FolderId folderId, long keepUidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    store.checkOpen();
    return store.purgeOtherUidValidity(folderId, keepUidValidity);
  }

  /** Reads the message rows by scanning the table, not through an index (see {@link MailStore#readBack}). */
  @Override
  public List<StoredRow> readBack(FolderId folderId, long uidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    store.checkOpen();
    return store.readBack(folderId, uidValidity);
  }

  @Override
  public List<KnownMessage> knownMessages(FolderId folderId, long uidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    store.checkOpen();
    return store.knownMessages(folderId, uidValidity);
  }

  @Override
  public List<PendingMessage> pendingMessages(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    store.checkOpen();
    return store.pendingMessages(accountId);
  }

  @Override
  public void upsertMetadata(List<MessageMetadata> batch) {
    List<MessageMetadata> items = copy(batch, "batch");
    store.checkOpen();
    store.upsertMetadata(items);
  }

  @Override
  public void upsertContent(List<MessageContent> batch) {
    List<MessageContent> items = copy(batch, "batch");
    store.checkOpen();
    store.upsertContent(items);
  }

  @Override
  public List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    Objects.requireNonNull(reasonByKey, "reasonByKey");
    store.checkOpen();
    return store.recordContentFailures(reasonByKey, maxAttempts);
  }

  @Override
  public void storeMarkdown(Map<MessageKey, String> markdownByKey) {
    Objects.requireNonNull(markdownByKey, "markdownByKey");
    Map<MessageKey, String> items = new HashMap<>(markdownByKey);
    if (items.containsKey(null)) throw new NullPointerException("markdownByKey contains a null key");
    store.checkOpen();
    store.storeMarkdown(items);
  }

  @Override
  public void storeRendered(Map<MessageKey, RenderedBody> renderedByKey) {
    Objects.requireNonNull(renderedByKey, "renderedByKey");
    Map<MessageKey, RenderedBody> items = new HashMap<>(renderedByKey);
    if (items.containsKey(null)) throw new NullPointerException("renderedByKey contains a null key");
    store.checkOpen();
    store.storeRendered(items);
  }

  @Override
  public void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> updates) {
    Objects.requireNonNull(folderId, "folderId");
    List<FlagUpdate> items = copy(updates, "updates");
    store.checkOpen();
    store.updateFlags(folderId, uidValidity, items);
  }

  @Override
  public long deleteMessages(FolderId folderId, long uidValidity, Collection<Long> uids) {
    Objects.requireNonNull(folderId, "folderId");
    List<Long> items = copy(uids, "uids");
    store.checkOpen();
    return store.deleteMessages(folderId, uidValidity, items);
  }

  @Override
  public Optional<MessageRecord> message(MessageKey key) {
    Objects.requireNonNull(key, "key");
    store.checkOpen();
    return store.message(key);
  }

  @Override
  public List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit) {
    Objects.requireNonNull(folderId, "folderId");
    if (offset < 0) throw new IllegalArgumentException("offset was " + offset + " but it must be >= 0");
    if (limit < 0) throw new IllegalArgumentException("limit was " + limit + " but it must be >= 0");
    store.checkOpen();
    return store.newestFirst(folderId, offset, limit);
  }

  @Override
  public List<MessageRecord> byMessageId(String accountId, String messageId) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(messageId, "messageId");
    store.checkOpen();
    return store.byMessageId(accountId, messageId);
  }

  @Override
  public List<MessageRecord> thread(String accountId, String threadId) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(threadId, "threadId");
    store.checkOpen();
    return store.thread(accountId, threadId);
  }

  /** One query for the body alone (the default reads the whole record). */
  @Override
  public Optional<String> html(MessageKey key) {
    Objects.requireNonNull(key, "key");
    store.checkOpen();
    return store.html(key);
  }

  /** One query per 500 UIDs for the bodies alone (the default reads them one by one). */
  @Override
  public Map<Long, String> html(FolderId folderId, long uidValidity, Collection<Long> uids) {
    Objects.requireNonNull(folderId, "folderId");
    Objects.requireNonNull(uids, "uids");
    store.checkOpen();
    return store.html(folderId, uidValidity, uids);
  }

  /** A COUNT over the folder's range of the unique index (the default reads every known message). */
  @Override
  public long countMessages(FolderId folderId, long uidValidity) {
    Objects.requireNonNull(folderId, "folderId");
    store.checkOpen();
    return store.countMessages(folderId, uidValidity);
  }

  @Override
  public long countMessages(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    store.checkOpen();
    return store.countMessages(accountId);
  }

  @Override
  public void forEachMessage(String accountId, Consumer<MessageRecord> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    store.checkOpen();
    store.forEachMessage(accountId, consumer);
  }

  @Override
  public List<Contact> contacts(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    store.checkOpen();
    return store.contacts(accountId);
  }

  /** Marks the store closed; later calls throw {@link MailStoreException}. The DataSource stays open. */
  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "JdbcMailStore[" + store.dialect() + "]";
  }

  private static <T> List<T> copy(Collection<T> items, String name) {
    Objects.requireNonNull(items, name);
    List<T> copy = new ArrayList<>(items);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) == null) throw new NullPointerException(name + "[" + i + "]");
    }
    return copy;
  }

  /**
   * Configures a {@link JdbcMailStore}. Each setting can be set once. Not thread-safe; the store it builds is.
   */
  public static final class Builder {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}|");
    /** Far beyond any real outage, and well inside what nanosecond arithmetic holds. */
    private static final Duration MAX_RETRY_DEADLINE = Duration.ofDays(365);

    private final DataSource dataSource;
    private JdbcDialect dialect;
    private String tablePrefix;
    private Boolean autoMigrate;
    private Path attachmentDirectory;
    private boolean attachmentsSet;
    private Duration connectionRetryDeadline;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The database; detected from the connection's metadata when not set. */
    public Builder dialect(JdbcDialect value) {
      Objects.requireNonNull(value, "dialect");
      if (dialect != null) throw new IllegalStateException("dialect was already set to " + dialect);
      dialect = value;
      return this;
    }

    /** Prepended to every table name: letters, digits and underscores, at most 32; default {@code mm_}. */
    public Builder tablePrefix(String value) {
      if (tablePrefix != null) throw new IllegalStateException("tablePrefix was already set to '" + tablePrefix + "'");
      tablePrefix = checkPrefix(value);
      return this;
    }

    /**
     * Whether {@link #build()} creates and upgrades the tables (default true). When false, it only checks that
     * the schema is at {@link #SCHEMA_VERSION}; run {@link #migrationScripts} yourself.
     */
    public Builder autoMigrate(boolean value) {
      if (autoMigrate != null) throw new IllegalStateException("autoMigrate was already set to " + autoMigrate);
      autoMigrate = value;
      return this;
    }

    /** Keeps attachment bytes in the database (the default). */
    public Builder attachmentsInDatabase() {
      checkAttachmentsUnset();
      attachmentsSet = true;
      return this;
    }

    /**
     * Keeps attachment bytes as files under {@code directory}, named by their SHA-256 (created if absent).
     * Rows always keep the metadata and SHA-256.
     */
    public Builder attachmentsInDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      checkAttachmentsUnset();
      attachmentsSet = true;
      attachmentDirectory = directory;
      return this;
    }

    /**
     * How long a call keeps trying when its database connection fails (default 60 s; {@link Duration#ZERO}: it
     * fails at once). A connection fails when the database restarts, kills the session, the network drops it, or
     * a new connection is refused (SQLState class 08; on PostgreSQL also 57P01 to 57P03; MariaDB's lost or
     * killed connection; H2's broken or closed database; SQLite's closed connection or a file it cannot open). The call's whole transaction then runs again on a
     * fresh connection from the DataSource (a pool evicts the broken one), after pauses from 0.1 s doubling up
     * to 5 s with jitter, until this much time has passed since the first failure; then it fails with a
     * {@link MailStoreException} that says how long the database did not answer and why. Running a transaction
     * again is safe because every write is an upsert by its key. The time an attempt itself hangs is bounded by
     * the driver's own timeouts (connect, socket), not by this deadline. {@link #build()} does not retry.
     *
     * @param value zero or positive
     */
    public Builder connectionRetryDeadline(Duration value) {
      Objects.requireNonNull(value, "connectionRetryDeadline");
      if (connectionRetryDeadline != null) {
        throw new IllegalStateException("connectionRetryDeadline was already set to " + connectionRetryDeadline);
      }
      if (value.isNegative()) {
        throw new IllegalArgumentException("connectionRetryDeadline was '" + value
            + "' but it must be zero (no retry) or positive");
      }
      if (value.compareTo(MAX_RETRY_DEADLINE) > 0) {
        throw new IllegalArgumentException("connectionRetryDeadline was '" + value + "' but it must be at most "
            + MAX_RETRY_DEADLINE);
      }
      connectionRetryDeadline = value;
      return this;
    }

    private void checkAttachmentsUnset() {
      if (attachmentsSet) {
        throw new IllegalStateException("attachment storage was already set to "
            + (attachmentDirectory == null ? "the database" : "directory " + attachmentDirectory));
      }
    }

    static String checkPrefix(String value) {
      Objects.requireNonNull(value, "tablePrefix");
      if (!PREFIX.matcher(value).matches()) {
        throw new IllegalArgumentException("tablePrefix was '" + value
            + "' but it must be empty or up to 32 letters, digits and underscores, not starting with a digit");
      }
      return value;
    }

    /**
     * Opens the store: detects the dialect if needed, then creates or upgrades the tables (or checks them).
     *
     * @throws MailStoreException when the database cannot be reached or its schema cannot be used
     */
    public JdbcMailStore build() {
      return new JdbcMailStore(JdbcStore.open(dataSource, dialect, tablePrefix == null ? "mm_" : tablePrefix,
          autoMigrate == null || autoMigrate, attachmentDirectory, connectionRetryDeadline));
    }
  }
}
