package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.JdbcDialect;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Collections;

/**
 * The SQL of one store: statements common to all databases are built here, native upserts and the rest that
 * differs per database in the subclasses. Immutable and thread-safe.
 */
abstract class SqlDialect {
  /** Columns of {@link #upsertMessage()}, in parameter order. */
  static final String MESSAGE_INSERT_COLUMNS = "folder_pk, account_pk, uid_validity, uid, folder, message_id, in_reply_to, "
      + "refs, subject, date_s, internal_date_s, sort_date_s, thread_id, flags, labels, size, gm_msgid, gm_thrid, content_state";
  /** Columns of folder inserts, in parameter order. */
  static final String FOLDER_INSERT_COLUMNS =
      "account_pk, imap_folder, name, attributes, uid_validity, uid_next, highest_modseq, last_full_sync_ms";

  final Tables t;

  SqlDialect(Tables tables) {
    this.t = tables;
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
    return "INSERT INTO " + t.messages() + " (" + MESSAGE_INSERT_COLUMNS + ") VALUES (" + params(19) + ")";
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

  /** The message row's part of the content (headers and state); its bodies go to {@link #insertBody}. */
  String updateContent() {
    return "UPDATE " + t.messages() + " SET message_id = ?, in_reply_to = ?, refs = ?, subject = ?, date_s = ?,"
        + " sort_date_s = ?, thread_id = ?, content_state = ?, content_error = ?, pending = ? WHERE id = ?";
  }

  String updateFlags() {
    return "UPDATE " + t.messages() + " SET flags = ?, labels = ? WHERE folder_pk = ? AND uid_validity = ? AND uid = ?";
  }

  /** A message whose Markdown was stored waits for nothing more (parameter: its id). */
  String markdownStored() {
    return "UPDATE " + t.messages() + " SET pending = 0 WHERE id = ?";
  }

  /** A message whose Markdown was cleared waits for it again when it has an HTML body (parameter: its id). */
  String markdownCleared() {
    return "UPDATE " + t.messages() + " SET pending = CASE WHEN EXISTS (SELECT 1 FROM " + t.messageBodies()
        + " b WHERE b.message_pk = " + t.messages() + ".id AND b.body_html IS NOT NULL) THEN 2 ELSE 0 END WHERE id = ?";
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

  // ---- reads ----

  /** Message rows with their bodies and rendering (nulls for a message without a row in those tables). */
  private String messageSelect() {
    return messageSelect(t.messages());
  }

  /** As {@link #messageSelect()}, the message rows taken from {@code messages}: the table, or a page of it. */
  private String messageSelect(String messages) {
    return "SELECT m.id, a.account_id, f.imap_folder, m.uid_validity, m.uid, m.folder, m.message_id, m.in_reply_to, m.refs,"
        + " m.subject, m.date_s, m.internal_date_s, m.thread_id, m.flags, m.labels, m.size, m.gm_msgid, m.gm_thrid,"
        + " b.body_text, b.body_html, r.markdown, m.content_state, m.content_error, r.new_text FROM " + messages + " m JOIN "
        + t.folders() + " f ON f.id = m.folder_pk JOIN " + t.accounts() + " a ON a.id = f.account_pk"
        + " LEFT JOIN " + t.messageBodies() + " b ON b.message_pk = m.id LEFT JOIN " + t.messageRendered()
        + " r ON r.message_pk = m.id";
  }

  /**
   * A page of message rows with their bodies and rendering: the page is chosen from the message rows alone
   * ({@code where}, {@code order}, then the parameters of {@code limit}; the table is {@code m} in them, inside and
   * outside), and only its messages' text is read, on databases (H2) that would otherwise join every candidate row
   * before they sort and cut.
   */
  private String page(String where, String order, String limit) {
    return messageSelect("(SELECT * FROM " + t.messages() + " m WHERE " + where + " ORDER BY " + order + " " + limit + ")")
        + " ORDER BY " + order;
  }

  String messageByKey() {
    return messageSelect() + " WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ? AND m.uid = ?";
  }

  String newestFirst() {
    return page("m.folder_pk = ?", "m.sort_date_s DESC, m.uid DESC, m.uid_validity DESC", "LIMIT ? OFFSET ?");
  }

  String byMessageId() {
    return messageSelect() + " WHERE a.account_id = ? AND m.message_id = ?";
  }

  String byThread() {
    return messageSelect() + " WHERE a.account_id = ? AND m.thread_id = ?";
  }

  String uidValiditiesOfFolder() {
    return "SELECT DISTINCT uid_validity FROM " + t.messages() + " WHERE folder_pk = ?";
  }

  /** A page of one folder and UIDVALIDITY by UID, along the (folder_pk, uid_validity, uid) index. */
  String folderPageOneUidValidity() {
    return page("m.folder_pk = ? AND m.uid_validity = ? AND m.uid > ?", "m.uid", "LIMIT ?");
  }

  String folderPage() {
    return page("m.folder_pk = ? AND (m.uid > ? OR (m.uid = ? AND m.uid_validity > ?))", "m.uid, m.uid_validity",
        "LIMIT ?");
  }

  /** The HTML body of one message (a row, null without one), by account, folder, UIDVALIDITY and UID. */
  String htmlByKey() {
    return "SELECT b.body_html FROM " + t.messages() + " m JOIN " + t.folders() + " f ON f.id = m.folder_pk JOIN "
        + t.accounts() + " a ON a.id = f.account_pk LEFT JOIN " + t.messageBodies() + " b ON b.message_pk = m.id"
        + " WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ? AND m.uid = ?";
  }

  /** How many messages of one folder with one UIDVALIDITY, from the (folder_pk, uid_validity, uid) index. */
  String countInFolder() {
    return "SELECT COUNT(*) FROM " + t.messages() + " m JOIN " + t.folders() + " f ON f.id = m.folder_pk JOIN "
        + t.accounts() + " a ON a.id = f.account_pk WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ?";
  }

  String countMessages() {
    return "SELECT COUNT(*) FROM " + t.messages() + " m JOIN " + t.accounts() + " a ON a.id = m.account_pk"
        + " WHERE a.account_id = ?";
  }

  /**
   * Every message row of one folder and UIDVALIDITY (account id, folder, UIDVALIDITY), read by scanning the table:
   * the {@code + 0} keeps every database from answering through the (folder_pk, uid_validity, uid) index, so a row
   * the index lost, or an index entry whose row is gone, shows (see {@link io.mailmind.core.spi.MailStore#readBack}).
   */
  String readBack() {
    return "SELECT m.uid, m.flags, m.size FROM " + t.messages() + " m WHERE m.folder_pk + 0 = (SELECT f.id FROM "
        + t.folders() + " f JOIN " + t.accounts() + " a ON a.id = f.account_pk WHERE a.account_id = ? AND"
        + " f.imap_folder = ?) AND m.uid_validity + 0 = ? ORDER BY m.uid";
  }

  /**
   * The messages of one folder and UIDVALIDITY, each with 1 when it has an HTML body and no Markdown: the body row
   * is looked at only for a message without Markdown.
   */
  String knownMessages() {
    return "SELECT m.uid, m.content_state, m.flags, m.labels,"
        + " CASE WHEN EXISTS (SELECT 1 FROM " + t.messageRendered() + " r WHERE r.message_pk = m.id AND r.markdown IS NOT NULL)"
        + " THEN 0 WHEN EXISTS (SELECT 1 FROM " + t.messageBodies() + " b WHERE b.message_pk = m.id AND b.body_html IS NOT NULL)"
        + " THEN 1 ELSE 0 END FROM " + t.messages() + " m JOIN "
        + t.folders() + " f ON f.id = m.folder_pk JOIN " + t.accounts() + " a ON a.id = f.account_pk"
        + " WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ? ORDER BY m.uid";
  }

  /**
   * The messages of one account (parameter: its id) still waiting for content (pending 1) or Markdown (2), read
   * from the (account_pk, pending) index: the cost grows with what is pending, not with the mailbox.
   */
  String pendingMessages() {
    return "SELECT f.imap_folder, m.uid_validity, m.uid, m.size, m.pending FROM " + t.messages() + " m JOIN "
        + t.folders() + " f ON f.id = m.folder_pk WHERE m.account_pk = (SELECT id FROM " + t.accounts()
        + " WHERE account_id = ?) AND m.pending > 0 ORDER BY f.imap_folder, m.uid_validity, m.uid";
  }

  /** One more failed content attempt of a message still waiting for its content. */
  String countContentAttempt() {
    return "UPDATE " + t.messages() + " SET content_attempts = content_attempts + 1"
        + " WHERE folder_pk = ? AND uid_validity = ? AND uid = ? AND content_state = 'METADATA_ONLY'";
  }

  /** A message still waiting for its content after enough failed attempts becomes an error (reason, then maxAttempts). */
  String failContent() {
    return "UPDATE " + t.messages() + " SET content_state = 'ERROR', content_error = ?, pending = 0"
        + " WHERE content_attempts >= ? AND folder_pk = ? AND uid_validity = ? AND uid = ?"
        + " AND content_state = 'METADATA_ONLY'";
  }

  /** Pending 2 (Markdown to render) for a message whose content has an HTML body, else 0 (nothing left). */
  static int pendingAfterContent(io.mailmind.core.model.ContentState state, String html) {
    return state == io.mailmind.core.model.ContentState.COMPLETE && html != null ? 2 : 0;
  }

  String addressesOf(int messages) {
    return "SELECT message_pk, field, pos, name, address FROM " + t.addresses() + " WHERE message_pk IN ("
        + params(messages) + ") ORDER BY message_pk, field, pos";
  }

  String attachmentsOf(int messages) {
    return "SELECT a.message_pk, a.pos, a.filename, a.content_type, a.size, a.sha256, a.inline_part, a.content_id,"
        + " a.blob_sha256, b.size, b.location FROM " + t.attachments() + " a LEFT JOIN " + t.blobs()
        + " b ON b.sha256 = a.blob_sha256 WHERE a.message_pk IN (" + params(messages) + ") ORDER BY a.message_pk, a.pos";
  }

  /** Per address of one account (parameter: its row id): first and last date seen and the number of messages. */
  String contactCounts() {
    return "SELECT x.address_lc, MIN(COALESCE(m.date_s, m.internal_date_s)), MAX(COALESCE(m.date_s, m.internal_date_s)),"
        + " COUNT(DISTINCT x.message_pk) FROM " + t.addresses() + " x JOIN " + t.messages() + " m ON m.id = x.message_pk"
        + " WHERE x.account_pk = ? AND x.address_lc <> '' GROUP BY x.address_lc";
  }

  /**
   * Per address of one account (parameter: its row id): the last non-blank display name by message date (ties:
   * the greatest key, then From, To, Cc, Bcc, Reply-To and position).
   */
  String contactNames() {
    return "SELECT r.address, r.name FROM (SELECT x.address_lc AS address, x.name AS name,"
        + " ROW_NUMBER() OVER (PARTITION BY x.address_lc ORDER BY m.sort_date_s DESC, f.imap_folder DESC,"
        + " m.uid_validity DESC, m.uid DESC,"
        + " CASE x.field WHEN 'from' THEN 0 WHEN 'to' THEN 1 WHEN 'cc' THEN 2 WHEN 'bcc' THEN 3 ELSE 4 END, x.pos) AS rn"
        + " FROM " + t.addresses() + " x JOIN " + t.messages() + " m ON m.id = x.message_pk JOIN " + t.folders()
        + " f ON f.id = m.folder_pk WHERE x.account_pk = ? AND x.address_lc <> '' AND x.name IS NOT NULL"
        + " AND TRIM(x.name) <> '') r WHERE r.rn = 1";
  }

  String schemaVersion() {
    return "SELECT MAX(version) FROM " + t.schemaVersion();
  }
}
