package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.RetryPolicy;
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
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.Sleeper;
import io.mailmind.jdbc.JdbcDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The JDBC store's implementation, behind {@link io.mailmind.jdbc.JdbcMailStore} (which checks arguments).
 * Not API. Thread-safe.
 */
public final class JdbcStore {
  private final AtomicBoolean closed = new AtomicBoolean();
  private final JdbcDialect dialect;
  private final FolderRepository folders;
  private final MetadataWriter metadata;
  private final ContentWriter content;
  private final MessageUpdates updates;
  private final MessageReader reader;
  private final BlobCollector collector;

  private JdbcStore(DataSource dataSource, SqlDialect sql, FileBlobStore files, RetryPolicy connectionRetries) {
    this.dialect = sql.dialect();
    Db db = new Db(dataSource, sql, closed::get, connectionRetries, Sleeper.system());
    this.collector = new BlobCollector(db, files);
    this.folders = new FolderRepository(db, collector);
    this.metadata = new MetadataWriter(db, folders);
    this.content = new ContentWriter(db, folders, new BlobWriter(sql, files), collector);
    this.updates = new MessageUpdates(db, folders, collector);
    this.reader = new MessageReader(db, folders, files);
  }

  /**
   * Opens a store: detects the dialect when {@code dialect} is null, then migrates the schema (or checks it).
   *
   * Opening is not retried: a database that cannot be reached fails it at once.
   *
   * @param blobDirectory where attachment bytes go, or null to keep them in the database
   * @param connectionRetryDeadline how long a call retries a failed connection (zero: not at all), or null for
   *     the default of 60 s
   * @throws MailStoreException when the database cannot be reached or its schema is not usable
   */
  public static JdbcStore open(DataSource dataSource, JdbcDialect dialect, String prefix, boolean autoMigrate,
      Path blobDirectory, Duration connectionRetryDeadline) {
    RetryPolicy connectionRetries = Db.connectionRetries(
        connectionRetryDeadline == null ? Db.DEFAULT_DEADLINE : connectionRetryDeadline);
    SqlDialect sql = openSchema(dataSource, dialect, prefix, autoMigrate);
    FileBlobStore files = null;
    if (blobDirectory != null) {
      try {
        files = new FileBlobStore(blobDirectory);
      } catch (IOException e) {
        throw new MailStoreException("could not open the attachment directory " + blobDirectory, e);
      }
    }
    return new JdbcStore(dataSource, sql, files, connectionRetries);
  }

  /**
   * Detects the dialect when {@code dialect} is null, checks the database's settings, migrates the schema (or checks
   * it) and recovers what a killed process left. Not retried: a database that cannot be reached fails at once.
   *
   * @throws MailStoreException when the database cannot be reached or its schema is not usable
   */
  /**
   * Detects the dialect when {@code dialect} is null, then creates or upgrades the schema of tables {@code prefix*}
   * (or checks it), as a store does when it opens; for parts that use the store's tables without being the store.
   *
   * @return the database's dialect
   */
  public static JdbcDialect openTables(DataSource dataSource, JdbcDialect dialect, String prefix, boolean autoMigrate) {
    return openSchema(dataSource, dialect, prefix, autoMigrate).dialect();
  }

  static SqlDialect openSchema(DataSource dataSource, JdbcDialect dialect, String prefix, boolean autoMigrate) {
    SqlDialect sql = null;
    try (Connection connection = dataSource.getConnection()) {
      JdbcDialect resolved = dialect != null ? dialect
          : JdbcDialect.fromProductName(connection.getMetaData().getDatabaseProductName());
      sql = SqlDialect.of(resolved, prefix);
      boolean autoCommit = connection.getAutoCommit();
      try {
        sql.prepare(connection);
        Migrator.migrate(connection, sql, autoMigrate);
        sql.recover(connection);
        sql.tune(connection);
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException raw) {
      SQLException e = sql == null ? raw : sql.translate(raw);
      throw new MailStoreException("could not open the JDBC store (tables '" + prefix + "*'): SQLState " + e.getSQLState()
          + ", error code " + e.getErrorCode(), e.getSQLState(), e);
    }
    return sql;
  }

  public JdbcDialect dialect() {
    return dialect;
  }

  public void checkOpen() {
    if (closed.get()) throw new MailStoreException("the store is closed");
  }

  public void close() {
    closed.set(true);
  }

  public List<Folder> folders(String accountId) { return folders.list(accountId); }
  public Optional<Folder> folder(FolderId folderId) { return folders.get(folderId); }
  public void upsertFolder(Folder folder) { folders.upsert(folder); }
  public void saveCheckpoint(FolderId folderId, SyncCheckpoint checkpoint) { folders.saveCheckpoint(folderId, checkpoint); }
  public void deleteFolder(FolderId folderId) { folders.delete(folderId); }

  public long purgeOtherUidValidity(FolderId folderId, long keep) { return updates.purgeOtherUidValidity(folderId, keep); }
  public List<StoredRow> readBack(FolderId folderId, long uidValidity) {
    return reader.readBack(folderId, uidValidity);
  }

  public List<KnownMessage> knownMessages(FolderId folderId, long uidValidity) {
    return reader.knownMessages(folderId, uidValidity);
  }

  public List<PendingMessage> pendingMessages(String accountId) { return reader.pendingMessages(accountId); }

  public void upsertMetadata(List<MessageMetadata> batch) { metadata.upsert(batch); }
  public void upsertContent(List<MessageContent> batch) { content.upsert(batch); }
  public List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    return updates.recordContentFailures(reasonByKey, maxAttempts);
  }
  public void storeMarkdown(Map<MessageKey, String> markdownByKey) { updates.storeMarkdown(markdownByKey); }
  public void storeRendered(Map<MessageKey, io.mailmind.core.model.RenderedBody> renderedByKey) {
    updates.storeRendered("storeRendered", renderedByKey);
  }
  public void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> flagUpdates) {
    updates.updateFlags(folderId, uidValidity, flagUpdates);
  }
  public long deleteMessages(FolderId folderId, long uidValidity, List<Long> uids) {
    return updates.deleteMessages(folderId, uidValidity, uids);
  }

  public Optional<MessageRecord> message(MessageKey key) { return reader.message(key); }
  public List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit) {
    return reader.newestFirst(folderId, offset, limit);
  }
  public List<MessageRecord> byMessageId(String accountId, String messageId) { return reader.byMessageId(accountId, messageId); }
  public List<MessageRecord> thread(String accountId, String threadId) { return reader.thread(accountId, threadId); }
  public long countMessages(String accountId) { return reader.countMessages(accountId); }
  public Optional<String> html(MessageKey key) { return reader.html(key); }
  public Map<Long, String> html(FolderId folderId, long uidValidity, Collection<Long> uids) {
    return reader.html(folderId, uidValidity, uids);
  }
  public long countMessages(FolderId folderId, long uidValidity) { return reader.countMessages(folderId, uidValidity); }
  public void forEachMessage(String accountId, Consumer<MessageRecord> consumer) { reader.forEachMessage(accountId, consumer); }
  public List<Contact> contacts(String accountId) { return reader.contacts(accountId); }
  public long collectGarbage() { return collector.collectAll(); }
}
