package io.mailmind.jdbc.internal;

import io.mailmind.core.model.MessageContent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The header columns of a message row that the content completes (message_id, in_reply_to, refs, subject, date_s,
 * thread_id; sort_date_s follows from date_s), as the store writes them: the content step rewrites the row only
 * when these differ from the stored ones. Immutable.
 */
record HeaderColumns(String messageId, String inReplyTo, String refs, String subject, Long dateS, String threadId) {

  /** The columns as the content step would write them. */
  static HeaderColumns of(MessageContent content, SqlDialect sql) {
    return new HeaderColumns(text(sql, content.headers().messageId()), text(sql, content.headers().inReplyTo()),
        sql.text(JsonStrings.encode(content.headers().references())), sql.text(content.headers().subject()),
        Params.seconds(content.headers().date()), sql.text(content.threadId()));
  }

  /** The columns of {@link SqlDialect#existingHeaders}, from its column {@code first} on. */
  static HeaderColumns read(ResultSet rs, int first) throws SQLException {
    return new HeaderColumns(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
        rs.getString(first + 3), Params.getLong(rs, first + 4), rs.getString(first + 5));
  }

  /** Binds the parameters of {@link SqlDialect#updateHeaders} for the message row {@code pk}. */
  void bindUpdate(PreparedStatement ps, Long internalDateS, long pk) throws SQLException {
    Params.stringOrNull(ps, 1, messageId);
    Params.stringOrNull(ps, 2, inReplyTo);
    ps.setString(3, refs);
    ps.setString(4, subject);
    Params.longOrNull(ps, 5, dateS);
    ps.setLong(6, MessageRows.sortDate(dateS, internalDateS));
    ps.setString(7, threadId);
    ps.setLong(8, pk);
  }

  private static String text(SqlDialect sql, String value) {
    return value == null ? null : sql.text(value);
  }
}
