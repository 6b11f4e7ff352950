package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** H2 2.x: standard MERGE ... USING; migrations are serialised within the JVM (H2 is embedded). */
final class H2Sql extends SqlDialect {
  private static final ReentrantLock MIGRATIONS = new ReentrantLock();
  private static final String CLOB = "CHARACTER LARGE OBJECT";
  /** Unbounded: a CAST to a shorter VARCHAR would silently truncate; the column checks the length. */
  private static final String TEXT = "VARCHAR";

  H2Sql(Tables tables) {
    super(tables);
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.H2;
  }

  /**
   * Keeps text values up to {@value #INPLACE_LOB} bytes (nearly every header block, text and HTML body) inside their
   * row instead of H2's separate LOB storage, whose default threshold is 256 bytes: measured on a 10,000-message
   * mirror, that cut the store's CPU time by a sixth. Attachment chunks (1 MiB) stay LOBs. The setting is
   * persistent and needs admin rights; without them the database keeps its own.
   */
  @Override
  void tune(Connection connection) {
    try (java.sql.Statement statement = connection.createStatement()) {
      try (java.sql.ResultSet rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
          + " WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
        if (rs.next() && Long.parseLong(rs.getString(1).trim()) >= INPLACE_LOB) return;
      }
      statement.execute("SET MAX_LENGTH_INPLACE_LOB " + INPLACE_LOB);
    } catch (SQLException | NumberFormatException e) {
      org.slf4j.LoggerFactory.getLogger(H2Sql.class).debug("H2 keeps its MAX_LENGTH_INPLACE_LOB: {}", e.toString());
    }
  }

  static final int INPLACE_LOB = 64 * 1024;

  @Override
  void recover(Connection connection) throws SQLException {
    H2Identities.repair(connection, List.of(t.accounts(), t.folders(), t.messages()));
  }

  @Override
  String insertAccountIfAbsent() {
    return "MERGE INTO " + t.accounts() + " t USING (VALUES (CAST(? AS VARCHAR))) s (account_id)"
        + " ON t.account_id = s.account_id WHEN NOT MATCHED THEN INSERT (account_id) VALUES (s.account_id)";
  }

  private String folderSource() {
    return "USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS " + TEXT + "), CAST(? AS " + CLOB + "),"
        + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))) s (" + FOLDER_INSERT_COLUMNS + ")"
        + " ON t.account_pk = s.account_pk AND t.imap_folder = s.imap_folder";
  }

  private static String insertFromSource(String columns) {
    return " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (s." + columns.replace(", ", ", s.") + ")";
  }

  @Override
  String insertFolderIfAbsent() {
    return "MERGE INTO " + t.folders() + " t " + folderSource() + insertFromSource(FOLDER_INSERT_COLUMNS);
  }

  @Override
  String upsertFolder() {
    return "MERGE INTO " + t.folders() + " t " + folderSource()
        + " WHEN MATCHED THEN UPDATE SET name = s.name, attributes = s.attributes" + insertFromSource(FOLDER_INSERT_COLUMNS);
  }

  @Override
  String upsertMessage() {
    String types = String.join(", ", "BIGINT", "BIGINT", "BIGINT", "BIGINT", TEXT, TEXT, CLOB, CLOB, CLOB, "BIGINT",
        "BIGINT", "BIGINT", TEXT, CLOB, CLOB, "BIGINT", "BIGINT", "BIGINT");
    StringBuilder values = new StringBuilder();
    for (String type : types.split(", ")) {
      if (values.length() > 0) values.append(", ");
      values.append("CAST(? AS ").append(type).append(')');
    }
    return "MERGE INTO " + t.messages() + " t USING (VALUES (" + values + ")) s (" + MESSAGE_INSERT_COLUMNS + ")"
        + " ON t.folder_pk = s.folder_pk AND t.uid_validity = s.uid_validity AND t.uid = s.uid"
        + " WHEN MATCHED THEN UPDATE SET folder = s.folder, flags = s.flags, labels = s.labels"
        + insertFromSource(MESSAGE_INSERT_COLUMNS);
  }

  @Override
  String insertBlobIfAbsent() {
    return "MERGE INTO " + t.blobs() + " t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR)))"
        + " s (sha256, size, location) ON t.sha256 = s.sha256"
        + " WHEN NOT MATCHED THEN INSERT (sha256, size, location) VALUES (s.sha256, s.size, s.location)";
  }

  @Override
  boolean isRetryable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      // 90131: concurrent update of a row; HYT00: lock timeout.
      if ("90131".equals(state) || "HYT00".equals(state)) return true;
    }
    return super.isRetryable(e);
  }

  /**
   * Also 90067 (connection broken: the server of a remote database went away), 90098 (database closed) and 90121
   * (database closed by another connection, for example during SHUTDOWN).
   */
  @Override
  boolean isConnectionFailure(SQLException x) {
    int code = x.getErrorCode();
    return code == 90067 || code == 90098 || code == 90121 || super.isConnectionFailure(x);
  }

  /** Session isolation, restored afterwards (H2 has no SET TRANSACTION for the next transaction only). */
  @Override
  int beginTransaction(Connection connection, boolean write) throws SQLException {
    int wanted = write ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_REPEATABLE_READ;
    int previous = connection.getTransactionIsolation();
    if (previous == wanted) return -1;
    connection.setTransactionIsolation(wanted);
    return previous;
  }

  @Override
  void endTransaction(Connection connection, int previous) throws SQLException {
    if (previous >= 0) connection.setTransactionIsolation(previous);
  }

  @Override
  void lockMigrations(Connection connection) {
    MIGRATIONS.lock();
  }

  @Override
  void unlockMigrations(Connection connection) {
    MIGRATIONS.unlock();
  }
}
