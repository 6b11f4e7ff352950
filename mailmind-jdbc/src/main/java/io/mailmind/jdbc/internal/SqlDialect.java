package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.JdbcDialect;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Collections;

/**
 * The SQL of one store: the writes common to all databases are built here (the reads in {@link ReadSql}), native
 * upserts and the rest that differs per database in the subclasses. Immutable and thread-safe.
 */
abstract class SqlDialect {
  /** Columns of {@link #upsertMessage()}, in parameter order. */
  static final String MESSAGE_INSERT_COLUMNS = "folder_pk, account_pk, uid_validity, uid, folder, message_id, in_reply_to, "
      + "refs, subject, date_s, internal_date_s, sort_date_s, thread_id, flags, labels, size, gm_msgid, gm_thrid";
  /** The number of {@link #MESSAGE_INSERT_COLUMNS}. */
  static final int MESSAGE_INSERT_PARAMS = 18;
  /** Columns of folder inserts, in parameter order. */
  static final String FOLDER_INSERT_COLUMNS =
      "account_pk, imap_folder, name, attributes, uid_validity, uid_next, highest_modseq, last_full_sync_ms";

  final Tables t;
  /** The statements that read messages, addresses, attachments and contacts (the same on every database). */
  final ReadSql reads;

  SqlDialect(Tables tables) {
    this.t = tables;
    this.reads = new ReadSql(tables);
  }

  static SqlDialect of(JdbcDialect dialect, String prefix) {
    Tables tables = new Tables(prefix);
    return switch (dialect) {
      case H2 -> new H2Sql(tables);
      case POSTGRESQL -> new PostgresSql(tables);
      case MARIADB -> new MariaDbSql(tables);
      case SQLITE -> new SqliteSql(tables);
    };
  }

  abstract JdbcDialect dialect();

  /**
   * Adjusts database settings that make the store faster once the schema is there; a database that refuses (no
   * admin rights) keeps its settings. Does nothing by default.
   */
  void tune(Connection connection) {
  }

  /**
   * Checks, before the schema is migrated, that the database is set up as the store needs, and makes persistent
   * settings the store relies on; nothing by default. Throws {@link io.mailmind.core.MailStoreException} when the
   * host's connections are configured so that the store cannot keep its guarantees.
   */
  void prepare(Connection connection) throws SQLException {
  }

  /**
   * The failure as the store reports and classifies it: drivers that give no SQLState (SQLite) get the standard
   * one for the same kind of error here, so that error messages, {@link #isRetryable} and the host see the same
   * states on every database. Returns {@code e} itself by default.
   */
  SQLException translate(SQLException e) {
    return e;
  }

  /**
   * Brings back to a usable state what a killed process can leave behind in this database, before the store is
   * used; nothing by default (PostgreSQL and MariaDB recover on their own). Throws when something is damaged
   * and cannot be repaired, so that a damaged store is never written to.
   */
  void recover(Connection connection) throws SQLException {
  }

  // ---- what differs per database ----

  /** Inserts (account_id) unless present. */
  abstract String insertAccountIfAbsent();

  /** Inserts a folder ({@link #FOLDER_INSERT_COLUMNS}) unless present. */
  abstract String insertFolderIfAbsent();

  /** Inserts a folder ({@link #FOLDER_INSERT_COLUMNS}) or updates its name and attributes only. */
  abstract String upsertFolder();

  /** Inserts a message ({@link #MESSAGE_INSERT_COLUMNS}) or updates its folder name, flags and labels only. */
  abstract String upsertMessage();

  /** Inserts a message ({@link #MESSAGE_INSERT_COLUMNS}); fails when its key is stored. */
  String insertMessage() {
    return "INSERT INTO " + t.messages() + " (" + MESSAGE_INSERT_COLUMNS + ") VALUES (" + params(MESSAGE_INSERT_PARAMS) + ")";
  }

  /** The step row of a message just inserted (parameters: its row id, its account's): it waits for its content. */
  String insertSteps() {
    return "INSERT INTO " + t.messageSteps() + " (message_pk, account_pk, content_state, pending, content_attempts)"
        + " VALUES (?, ?, 'METADATA_ONLY', 1, 0)";
  }

  /**
   * The step rows that messages of one folder and UIDVALIDITY lack (parameters as {@link #existingMessages}): the
   * upsert of a message found stored inserts it again when another writer deleted it meanwhile.
   */
  String insertMissingSteps(int uids) {
    return "INSERT INTO " + t.messageSteps() + " (message_pk, account_pk, content_state, pending, content_attempts)"
        + " SELECT m.id, m.account_pk, 'METADATA_ONLY', 1, 0 FROM " + t.messages() + " m WHERE m.folder_pk = ? AND"
        + " m.uid_validity = ? AND " + uidsIn(uids).replace("uid ", "m.uid ")
        + " AND NOT EXISTS (SELECT 1 FROM " + t.messageSteps() + " s WHERE s.message_pk = m.id)";
  }

  /** Inserts (sha256, size, location) unless present; the update count says whether it was inserted. */
  abstract String insertBlobIfAbsent();

  /** Whether the transaction failed on a conflict with another one and may succeed when run again. */
  boolean isRetryable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && state.startsWith("40")) return true;
      if ("23505".equals(state)) return true; // a concurrent insert of the same key: the retry sees it
      if (x instanceof java.sql.SQLTransientException) return true;
    }
    return false;
  }

  /**
   * The failure of the connection itself in {@code e} (its chain of next exceptions and causes), or null when the
   * transaction failed for another reason: the database went away, restarted, killed the session or refused a
   * new connection, so the same work may succeed on a fresh connection once it answers again. Every database:
   * SQLState class 08 and {@link SQLTransientConnectionException}; the subclasses add their own codes.
   */
  final SQLException connectionFailure(SQLException e) {
    SQLException batch = null;
    int depth = 0;
    for (Throwable x = e; x != null && depth < 50; depth++) {
      if (x instanceof SQLException s) {
        if (isConnectionFailure(s)) {
          // A batch's own message can quote the statement with its values: prefer the failure it chains to.
          if (!(s instanceof BatchUpdateException)) return s;
          if (batch == null) batch = s;
        }
        x = s.getNextException() != null ? s.getNextException() : s.getCause();
      } else {
        x = x.getCause();
      }
    }
    return batch;
  }

  /** Whether this one exception (not its chain) reports a failed connection. */
  boolean isConnectionFailure(SQLException x) {
    String state = x.getSQLState();
    return state != null && state.startsWith("08") || x instanceof SQLTransientConnectionException;
  }

  /**
   * Starts a transaction on a connection whose auto-commit is off: READ COMMITTED for writes, REPEATABLE READ
   * for reads. Returns what {@link #endTransaction} needs to restore the connection, or -1.
   */
  int beginTransaction(Connection connection, boolean write) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TRANSACTION ISOLATION LEVEL " + (write ? "READ COMMITTED" : "REPEATABLE READ"));
    }
    return -1;
  }

  void endTransaction(Connection connection, int previous) throws SQLException {}

  /** Text as the database can store it. */
  String text(String value) {
    return value;
  }

  /** Serialises schema migrations of this store's tables between processes, until {@link #unlockMigrations}. */
  abstract void lockMigrations(Connection connection) throws SQLException;

  abstract void unlockMigrations(Connection connection) throws SQLException;

  /** Starts the transaction of one migration script, with the migration lock held and auto-commit on. */
  void beginMigrationStep(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
  }

  /** Commits one migration script. */
  void commitMigrationStep(Connection connection) throws SQLException {
    connection.commit();
  }

  /** Undoes one failed migration script. */
  void rollbackMigrationStep(Connection connection) throws SQLException {
    connection.rollback();
  }

  /** Puts the connection back as it was before {@link #beginMigrationStep}, whatever happened. */
  void endMigrationStep(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
  }

  // ---- common statements ----

  static String params(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  String accountPk() {
    return "SELECT id FROM " + t.accounts() + " WHERE account_id = ?";
  }

  String folderPk() {
    return "SELECT f.id, f.account_pk FROM " + t.folders() + " f JOIN " + t.accounts() + " a ON a.id = f.account_pk"
        + " WHERE a.account_id = ? AND f.imap_folder = ?";
  }

  private String folderSelect() {
    return "SELECT a.account_id, f.imap_folder, f.name, f.attributes, f.uid_validity, f.uid_next, f.highest_modseq,"
        + " f.last_full_sync_ms, f.id FROM " + t.folders() + " f JOIN " + t.accounts() + " a ON a.id = f.account_pk";
  }

  String foldersOfAccount() {
    return folderSelect() + " WHERE a.account_id = ?";
  }

  String allFolders() {
    return folderSelect();
  }

  String folderByKey() {
    return folderSelect() + " WHERE a.account_id = ? AND f.imap_folder = ?";
  }

  String saveCheckpoint() {
    return "UPDATE " + t.folders() + " SET uid_validity = ?, uid_next = ?, highest_modseq = ?, last_full_sync_ms = ?"
        + " WHERE id = ?";
  }

  String deleteFolder() {
    return "DELETE FROM " + t.folders() + " WHERE id = ?";
  }

  /**
   * UIDs are matched by range and list: {@code uid BETWEEN ? AND ? AND uid IN (...)}, so that every database
   * (H2 too) reads only that range of the (folder_pk, uid_validity, uid) index. Parameters: folder_pk,
   * uid_validity, lowest UID, highest UID, the UIDs.
   */
  private static String uidsIn(int uids) {
    return "uid BETWEEN ? AND ? AND uid IN (" + params(uids) + ")";
  }

  String existingMessages(int uids) {
    return "SELECT id, uid, internal_date_s FROM " + t.messages() + " WHERE folder_pk = ? AND uid_validity = ? AND "
        + uidsIn(uids);
  }

  /** The HTML bodies of messages of one folder and UIDVALIDITY (parameters as {@link #existingMessages}). */
  String htmlOf(int uids) {
    return "SELECT m.id, m.uid, b.body_html FROM " + t.messages() + " m JOIN " + t.messageBodies()
        + " b ON b.message_pk = m.id WHERE m.folder_pk = ? AND m.uid_validity = ? AND "
        + uidsIn(uids).replace("uid ", "m.uid ") + " AND b.body_html IS NOT NULL";
  }

  /**
   * As {@link #existingMessages}, with the header columns that the content completes ({@link #updateHeaders}), in
   * its order after id, uid and internal_date_s.
   */
  String existingHeaders(int uids) {
    return "SELECT id, uid, internal_date_s, message_id, in_reply_to, refs, subject, date_s, thread_id FROM "
        + t.messages() + " WHERE folder_pk = ? AND uid_validity = ? AND " + uidsIn(uids);
  }

  /**
   * The message row's part of the content, the headers, written only when they differ from the stored ones (the
   * metadata phase stored the same from the same header block, nearly always); its bodies go to the body rows.
   */
  String updateHeaders() {
    return "UPDATE " + t.messages() + " SET message_id = ?, in_reply_to = ?, refs = ?, subject = ?, date_s = ?,"
        + " sort_date_s = ?, thread_id = ? WHERE id = ?";
  }

  /** The content's state in the message's step row (state, error, pending, then the message's row id). */
  String updateContentSteps() {
    return "UPDATE " + t.messageSteps() + " SET content_state = ?, content_error = ?, pending = ? WHERE message_pk = ?";
  }

  String updateFlags() {
    return "UPDATE " + t.messages() + " SET flags = ?, labels = ? WHERE folder_pk = ? AND uid_validity = ? AND uid = ?";
  }

  /** A message whose Markdown was stored waits for nothing more (parameter: its id). */
  String markdownStored() {
    return "UPDATE " + t.messageSteps() + " SET pending = 0 WHERE message_pk = ?";
  }

  /** A message whose Markdown was cleared waits for it again when it has an HTML body (parameter: its id). */
  String markdownCleared() {
    return "UPDATE " + t.messageSteps() + " SET pending = CASE WHEN EXISTS (SELECT 1 FROM " + t.messageBodies()
        + " b WHERE b.message_pk = " + t.messageSteps() + ".message_pk AND b.body_html IS NOT NULL) THEN 2 ELSE 0 END"
        + " WHERE message_pk = ?";
  }

  String deleteBodies(int messages) {
    return "DELETE FROM " + t.messageBodies() + " WHERE message_pk IN (" + params(messages) + ")";
  }

  String insertBody() {
    return "INSERT INTO " + t.messageBodies() + " (message_pk, raw_headers, body_text, body_html) VALUES (?, ?, ?, ?)";
  }

  String deleteRendered(int messages) {
    return "DELETE FROM " + t.messageRendered() + " WHERE message_pk IN (" + params(messages) + ")";
  }

  String insertRendered() {
    return "INSERT INTO " + t.messageRendered() + " (message_pk, markdown, new_text) VALUES (?, ?, ?)";
  }

  String deleteMessages(int uids) {
    return "DELETE FROM " + t.messages() + " WHERE folder_pk = ? AND uid_validity = ? AND " + uidsIn(uids);
  }

  String deleteOtherUidValidity() {
    return "DELETE FROM " + t.messages() + " WHERE folder_pk = ? AND uid_validity <> ?";
  }

  String blobsOfUids(int uids) {
    return "SELECT DISTINCT a.blob_sha256 FROM " + t.attachments() + " a JOIN " + t.messages() + " m ON m.id = a.message_pk"
        + " WHERE m.folder_pk = ? AND m.uid_validity = ? AND " + uidsIn(uids).replace("uid ", "m.uid ") + " AND a.blob_sha256 IS NOT NULL";
  }

  String blobsOfOtherUidValidity() {
    return "SELECT DISTINCT a.blob_sha256 FROM " + t.attachments() + " a JOIN " + t.messages() + " m ON m.id = a.message_pk"
        + " WHERE m.folder_pk = ? AND m.uid_validity <> ? AND a.blob_sha256 IS NOT NULL";
  }

  String blobsOfFolder() {
    return "SELECT DISTINCT a.blob_sha256 FROM " + t.attachments() + " a JOIN " + t.messages() + " m ON m.id = a.message_pk"
        + " WHERE m.folder_pk = ? AND a.blob_sha256 IS NOT NULL";
  }

  String blobsOfMessages(int messages) {
    return "SELECT DISTINCT blob_sha256 FROM " + t.attachments() + " WHERE message_pk IN (" + params(messages)
        + ") AND blob_sha256 IS NOT NULL";
  }

  String deleteAddresses(int messages) {
    return "DELETE FROM " + t.addresses() + " WHERE message_pk IN (" + params(messages) + ")";
  }

  String deleteAttachments(int messages) {
    return "DELETE FROM " + t.attachments() + " WHERE message_pk IN (" + params(messages) + ")";
  }

  String insertAddress() {
    return "INSERT INTO " + t.addresses() + " (message_pk, field, pos, account_pk, name, address, address_lc)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  }

  String insertAttachment() {
    return "INSERT INTO " + t.attachments() + " (message_pk, pos, filename, content_type, size, sha256, inline_part,"
        + " content_id, blob_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  // ---- blobs ----

  String lockBlobs(int count) {
    return "SELECT sha256, size, location FROM " + t.blobs() + " WHERE sha256 IN (" + params(count)
        + ") ORDER BY sha256 FOR UPDATE";
  }

  String lockBlob() {
    return "SELECT size, location FROM " + t.blobs() + " WHERE sha256 = ? FOR UPDATE";
  }

  String blobSize() {
    return "SELECT size FROM " + t.blobs() + " WHERE sha256 = ?";
  }

  String insertChunk() {
    return "INSERT INTO " + t.blobChunks() + " (sha256, seq, data) VALUES (?, ?, ?)";
  }

  String readChunk() {
    return "SELECT data FROM " + t.blobChunks() + " WHERE sha256 = ? AND seq = ?";
  }

  String blobReferenced() {
    return "SELECT message_pk FROM " + t.attachments() + " WHERE blob_sha256 = ?";
  }

  String deleteChunks() {
    return "DELETE FROM " + t.blobChunks() + " WHERE sha256 = ?";
  }

  String deleteBlob() {
    return "DELETE FROM " + t.blobs() + " WHERE sha256 = ?";
  }

  String unreferencedBlobs() {
    return "SELECT b.sha256 FROM " + t.blobs() + " b WHERE NOT EXISTS (SELECT 1 FROM " + t.attachments()
        + " a WHERE a.blob_sha256 = b.sha256)";
  }

  /** One more failed content attempt of a message still waiting for its content. */
  String countContentAttempt() {
    return "UPDATE " + t.messageSteps() + " SET content_attempts = content_attempts + 1"
        + " WHERE message_pk = " + messageOf() + " AND content_state = 'METADATA_ONLY'";
  }

  /** The row id of the message with folder_pk, uid_validity and uid (the parameters). */
  private String messageOf() {
    return "(SELECT id FROM " + t.messages() + " WHERE folder_pk = ? AND uid_validity = ? AND uid = ?)";
  }

  /** A message still waiting for its content after enough failed attempts becomes an error (reason, then maxAttempts). */
  String failContent() {
    return "UPDATE " + t.messageSteps() + " SET content_state = 'ERROR', content_error = ?, pending = 0"
        + " WHERE content_attempts >= ? AND message_pk = " + messageOf() + " AND content_state = 'METADATA_ONLY'";
  }

  /** Pending 2 (Markdown to render) for a message whose content has an HTML body, else 0 (nothing left). */
  static int pendingAfterContent(io.mailmind.core.model.ContentState state, String html) {
    return state == io.mailmind.core.model.ContentState.COMPLETE && html != null ? 2 : 0;
  }

  String schemaVersion() {
    return "SELECT MAX(version) FROM " + t.schemaVersion();
  }
}
