package io.mailmind.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Setting and getting nullable values. Stateless. */
final class Params {
  /** The sort key of a message without any date: it sorts last, newest first. */
  static final long NO_DATE = Long.MIN_VALUE;

  private Params() {}

  static void text(PreparedStatement ps, int index, SqlDialect sql, String value) throws SQLException {
    stringOrNull(ps, index, value == null ? null : sql.text(value));
  }

  /** A string as given (already made storable, {@link SqlDialect#text}), or SQL NULL. */
  static void stringOrNull(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  static void longOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  static Long seconds(Instant instant) {
    return instant == null ? null : instant.getEpochSecond();
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  static Long getLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static Instant getSeconds(ResultSet rs, int column) throws SQLException {
    Long value = getLong(rs, column);
    return value == null ? null : Instant.ofEpochSecond(value);
  }

  static Instant getMillis(ResultSet rs, int column) throws SQLException {
    Long value = getLong(rs, column);
    return value == null ? null : Instant.ofEpochMilli(value);
  }
}
