package io.mailmind.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** Selecting the blob keys referenced by some attachments (those a deletion may free). Stateless. */
final class Sha256s {
  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Sha256s() {}

  static Set<String> select(Connection connection, String sqlText, Binder binder) throws SQLException {
    Set<String> shas = new HashSet<>();
    try (PreparedStatement ps = connection.prepareStatement(sqlText)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) shas.add(rs.getString(1));
      }
    }
    return shas;
  }
}
