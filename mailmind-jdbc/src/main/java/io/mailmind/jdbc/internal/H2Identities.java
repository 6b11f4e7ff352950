package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts H2's identity counters back ahead of the rows they numbered, after a kill.
 *
 * <p>Why: H2 2.3 keeps each identity column's next value in a sequence that it persists separately from the rows
 * (in steps of its cache, 32 values). A process killed with {@code kill -9} can leave a file whose committed rows
 * carry ids past the persisted counter: the embedded store of {@code shared/crash-h2} has rows up to id 232 in
 * {@code mm_messages} and a counter at 193. The next process then hands out ids that already exist; H2 rejects
 * some of those inserts as duplicate keys and, in batches, lets others through as rows its primary index cannot
 * find again ({@code Row "206" not found in primary index}). So before the store writes anything, every identity
 * column of the store's tables whose counter is not past the largest id is restarted after it. On a store that
 * was closed cleanly this is one {@code MAX(id)} per table (read from the primary key) and changes nothing.
 */
final class H2Identities {
  private static final Logger log = LoggerFactory.getLogger(H2Identities.class);

  private H2Identities() {}

  /** Restarts each stale identity counter of {@code tables}; throws when one is stale and cannot be restarted. */
  static void repair(Connection connection, List<String> tables) throws SQLException {
    for (String table : tables) {
      Long next = nextValue(connection, table);
      if (next == null) continue;
      long max = maxId(connection, table);
      if (max < next) continue;
      long restart = max + 1;
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + restart);
      } catch (SQLException e) {
        throw new MailStoreException("the store's table " + table + " would reuse ids: its identity counter is at "
            + next + " but its rows go up to id " + max + " (left so by a killed process), and restarting the counter"
            + " failed (SQLState " + e.getSQLState() + ": " + e.getMessage() + "); open the store once with a user that"
            + " owns its tables", e.getSQLState(), e);
      }
      log.warn("{}: identity counter was at {} behind rows up to id {} (a killed process left it so); restarted at {}",
          table, next, max, restart);
    }
  }

  /** The next value of the table's identity column {@code id}, or null when it has none. */
  private static Long nextValue(Connection connection, String table) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS"
        + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ? AND COLUMN_NAME = 'ID' AND IS_IDENTITY = 'YES'")) {
      ps.setString(1, table.toUpperCase(java.util.Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        long value = rs.getLong(1);
        return rs.wasNull() ? null : value;
      }
    }
  }

  private static long maxId(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT MAX(id) FROM " + table)) {
      rs.next();
      long max = rs.getLong(1);
      return rs.wasNull() ? 0 : max;
    }
  }
}
