package io.mailmind.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Looking up stored messages of one folder and UIDVALIDITY by UID; deleting rows by message row id. Stateless. */
final class MessageRows {
  /** A stored message's row id and INTERNALDATE (epoch seconds, or null). */
  record Existing(long pk, Long internalDateS) {}

  private MessageRows() {}

  static Map<Long, Existing> existing(Connection connection, SqlDialect sql, long folderPk, long uidValidity, List<Long> uids)
      throws SQLException {
    return lookup(connection, sql::existingMessages, folderPk, uidValidity, uids,
        rs -> new Existing(rs.getLong(1), Params.getLong(rs, 3)));
  }

  /** A stored message's row id, INTERNALDATE (epoch seconds, or null) and the header columns the content completes. */
  record WithHeaders(long pk, Long internalDateS, HeaderColumns headers) {}

  static Map<Long, WithHeaders> withHeaders(Connection connection, SqlDialect sql, long folderPk, long uidValidity,
      List<Long> uids) throws SQLException {
    return lookup(connection, sql::existingHeaders, folderPk, uidValidity, uids,
        rs -> new WithHeaders(rs.getLong(1), Params.getLong(rs, 3), HeaderColumns.read(rs, 4)));
  }

  /** The HTML bodies of those of {@code uids} that have one, by UID. */
  static Map<Long, String> html(Connection connection, SqlDialect sql, long folderPk, long uidValidity,
      List<Long> uids) throws SQLException {
    return lookup(connection, sql::htmlOf, folderPk, uidValidity, uids, rs -> rs.getString(3));
  }

  /** A row of a lookup's result (its columns start with id, uid). */
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The rows of {@code uids} by UID, read with {@code statement} (by IN-list size) at most {@link Keys#IN_LIST} a time. */
  private static <T> Map<Long, T> lookup(Connection connection, IntFunction<String> statement, long folderPk,
      long uidValidity, List<Long> uids, RowReader<T> reader) throws SQLException {
    Map<Long, T> found = new HashMap<>();
    for (List<Long> chunk : Keys.chunks(uids.stream().sorted().distinct().toList(), Keys.IN_LIST)) {
      try (PreparedStatement ps = connection.prepareStatement(statement.apply(chunk.size()))) {
        bindUids(ps, folderPk, uidValidity, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) found.put(rs.getLong(2), reader.read(rs));
        }
      }
    }
    return found;
  }

  /** Binds folder_pk, uid_validity and sorted UIDs to a statement with {@code uid BETWEEN ? AND ? AND uid IN (...)}. */
  static void bindUids(PreparedStatement ps, long folderPk, long uidValidity, List<Long> sortedUids) throws SQLException {
    ps.setLong(1, folderPk);
    ps.setLong(2, uidValidity);
    ps.setLong(3, sortedUids.get(0));
    ps.setLong(4, sortedUids.get(sortedUids.size() - 1));
    for (int i = 0; i < sortedUids.size(); i++) ps.setLong(5 + i, sortedUids.get(i));
  }

  /**
   * Runs a DELETE made by {@code statement} for a number of message row ids ({@code ... WHERE message_pk IN (...)}),
   * at most {@link Keys#IN_LIST} ids a statement.
   */
  static void deleteByPk(Connection connection, List<Long> pks, IntFunction<String> statement) throws SQLException {
    for (List<Long> chunk : Keys.chunks(pks, Keys.IN_LIST)) {
      try (PreparedStatement ps = connection.prepareStatement(statement.apply(chunk.size()))) {
        for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, chunk.get(i));
        ps.executeUpdate();
      }
    }
  }

  /** The newest-first sort key: the Date, else the INTERNALDATE, else the smallest value (sorted last). */
  static long sortDate(Long dateS, Long internalDateS) {
    return dateS != null ? dateS : internalDateS != null ? internalDateS : Params.NO_DATE;
  }
}
