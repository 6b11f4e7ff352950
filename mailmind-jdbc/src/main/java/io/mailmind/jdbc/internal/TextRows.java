package io.mailmind.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The wide text of messages, kept out of their rows (schema version 6): the header block and bodies in the
 * message_bodies table, the Markdown and the new text in message_rendered. A message has a row in a table only
 * when it has a non-null value for it. Rows are replaced, never updated: those of the messages are deleted, then
 * the new ones inserted in one JDBC batch, in the caller's transaction. Stateless.
 */
final class TextRows {
  /** A message's raw header block and bodies, by the message's row id. */
  record Body(long messagePk, String rawHeaders, String text, String html) {
    boolean empty() {
      return rawHeaders == null && text == null && html == null;
    }
  }

  /** A message's Markdown and new text, by the message's row id. */
  record Rendered(long messagePk, String markdown, String newText) {
    boolean empty() {
      return markdown == null && newText == null;
    }
  }

  private TextRows() {}

  /** Replaces the body rows of the messages {@code pks} with {@code bodies}. */
  static void replaceBodies(Connection connection, SqlDialect sql, List<Long> pks, List<Body> bodies)
      throws SQLException {
    MessageRows.deleteByPk(connection, pks, sql::deleteBodies);
    List<Body> rows = bodies.stream().filter(body -> !body.empty()).toList();
    if (rows.isEmpty()) return;
    try (PreparedStatement ps = connection.prepareStatement(sql.insertBody())) {
      for (Body body : rows) {
        ps.setLong(1, body.messagePk());
        Params.text(ps, 2, sql, body.rawHeaders());
        Params.text(ps, 3, sql, body.text());
        Params.text(ps, 4, sql, body.html());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Replaces the rendered rows of the messages {@code pks} with {@code rendered}. */
  static void replaceRendered(Connection connection, SqlDialect sql, List<Long> pks, List<Rendered> rendered)
      throws SQLException {
    MessageRows.deleteByPk(connection, pks, sql::deleteRendered);
    List<Rendered> rows = rendered.stream().filter(row -> !row.empty()).toList();
    if (rows.isEmpty()) return;
    try (PreparedStatement ps = connection.prepareStatement(sql.insertRendered())) {
      for (Rendered row : rows) {
        ps.setLong(1, row.messagePk());
        Params.text(ps, 2, sql, row.markdown());
        Params.text(ps, 3, sql, row.newText());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
