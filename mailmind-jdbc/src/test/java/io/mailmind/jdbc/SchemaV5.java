package io.mailmind.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * A store at schema version 5, for upgrade tests: its tables made by the scripts up to version 5, its rows copied
 * from a store at the current version (bodies, Markdown, new text and step state back in the message rows, row ids
 * kept).
 * Stateless.
 */
final class SchemaV5 {
  /** Tables whose columns versions 5 and 6 share, copied before and after the messages (foreign keys). */
  private static final List<String> BEFORE_MESSAGES = List.of("accounts", "folders");
  private static final List<String> AFTER_MESSAGES = List.of("addresses", "blobs", "blob_chunks", "attachments");
  private static final String MESSAGE_COLUMNS = "id, folder_pk, account_pk, uid_validity, uid, folder, message_id,"
      + " in_reply_to, refs, subject, date_s, internal_date_s, sort_date_s, thread_id, flags, labels, size, gm_msgid,"
      + " gm_thrid";
  /** The columns of version 8's step rows, which versions up to 7 had in the message rows. */
  private static final String STEP_COLUMNS = "content_state, content_error, pending, content_attempts";

  private SchemaV5() {}

  /**
   * Creates the version 5 tables of prefix {@code target} and copies the rows of the store with prefix
   * {@code source} into them, with the counters of their row ids moved past the copied ones.
   */
  static void copy(DataSource dataSource, JdbcDialect dialect, String source, String target) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String script : JdbcMailStore.migrationScripts(dialect, target).subList(0, 5)) {
        for (String sql : statements(script)) statement.execute(sql);
      }
      for (String table : BEFORE_MESSAGES) copyTable(statement, source, target, table);
      statement.execute("INSERT INTO " + target + "messages (" + MESSAGE_COLUMNS + ", " + STEP_COLUMNS
          + ", raw_headers, body_text, body_html, markdown, new_text) SELECT m." + MESSAGE_COLUMNS.replace(", ", ", m.")
          + ", s." + STEP_COLUMNS.replace(", ", ", s.") + ", b.raw_headers, b.body_text, b.body_html, r.markdown,"
          + " r.new_text FROM " + source + "messages m JOIN " + source + "message_steps s ON s.message_pk = m.id"
          + " LEFT JOIN " + source + "message_bodies b ON b.message_pk = m.id LEFT JOIN " + source
          + "message_rendered r ON r.message_pk = m.id");
      for (String table : AFTER_MESSAGES) copyTable(statement, source, target, table);
      for (String table : List.of("accounts", "folders", "messages")) restartIds(statement, dialect, target + table);
    }
  }

  /** MariaDB and SQLite take the next id after the largest; H2 and PostgreSQL keep a counter. */
  private static void restartIds(Statement statement, JdbcDialect dialect, String table) throws SQLException {
    long next;
    try (ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
      rs.next();
      next = rs.getLong(1);
    }
    if (dialect == JdbcDialect.H2 || dialect == JdbcDialect.POSTGRESQL) {
      statement.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
    }
  }

  /** The statements of a migration script, as a host would run them: split at line-end semicolons, no comments. */
  static List<String> statements(String script) {
    return java.util.Arrays.stream(script.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)"))
        .filter(sql -> !sql.isBlank()).toList();
  }

  private static void copyTable(Statement statement, String source, String target, String table) throws SQLException {
    statement.execute("INSERT INTO " + target + table + " SELECT * FROM " + source + table);
  }
}
