package io.mailmind.jdbc.internal;

import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageHeaders;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The address fields of a message as rows of the addresses table (one per address, with its field and
 * position); contacts are derived from them. Stateless.
 */
final class AddressRows {
  /** The address fields, with their names in the table. */
  enum Field {
    FROM("from"), TO("to"), CC("cc"), BCC("bcc"), REPLY_TO("reply_to");

    final String column;

    Field(String column) {
      this.column = column;
    }

    static Field of(String column) {
      for (Field f : values()) {
        if (f.column.equals(column)) return f;
      }
      throw new IllegalArgumentException("address field was '" + column + "' but must be one of from, to, cc, bcc, reply_to");
    }

    List<EmailAddress> of(MessageHeaders h) {
      return switch (this) {
        case FROM -> h.from();
        case TO -> h.to();
        case CC -> h.cc();
        case BCC -> h.bcc();
        case REPLY_TO -> h.replyTo();
      };
    }
  }

  private AddressRows() {}

  /** Adds the address rows of one message to a batch of {@link SqlDialect#insertAddress()}. */
  static void addBatch(PreparedStatement ps, SqlDialect sql, long messagePk, long accountPk, MessageHeaders headers)
      throws SQLException {
    for (Field field : Field.values()) {
      List<EmailAddress> addresses = field.of(headers);
      for (int pos = 0; pos < addresses.size(); pos++) {
        EmailAddress a = addresses.get(pos);
        ps.setLong(1, messagePk);
        ps.setString(2, field.column);
        ps.setInt(3, pos);
        ps.setLong(4, accountPk);
        Params.text(ps, 5, sql, a.name());
        ps.setString(6, sql.text(a.address()));
        ps.setString(7, sql.text(a.address().trim().toLowerCase(Locale.ROOT)));
        ps.addBatch();
      }
    }
  }

  /**
   * Whether the rows read by {@link #read} for one message ({@code null}: none) are exactly what
   * {@link #addBatch} would write for {@code headers}.
   */
  static boolean same(Map<Field, List<EmailAddress>> stored, MessageHeaders headers, SqlDialect sql) {
    for (Field field : Field.values()) {
      List<EmailAddress> want = field.of(headers);
      List<EmailAddress> have = stored == null ? List.of() : stored.getOrDefault(field, List.of());
      if (want.size() != have.size()) return false;
      for (int i = 0; i < want.size(); i++) {
        EmailAddress w = want.get(i);
        EmailAddress h = have.get(i);
        if (h == null || !java.util.Objects.equals(w.name() == null ? null : sql.text(w.name()), h.name())
            || !sql.text(w.address()).equals(h.address())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Reads rows of {@link SqlDialect#addressesOf}: message id to field to addresses in order. */
  static Map<Long, Map<Field, List<EmailAddress>>> read(ResultSet rs) throws SQLException {
    Map<Long, Map<Field, List<EmailAddress>>> byMessage = new HashMap<>();
    while (rs.next()) {
      Map<Field, List<EmailAddress>> fields = byMessage.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(Field.class));
      List<EmailAddress> list = fields.computeIfAbsent(Field.of(rs.getString(2)), k -> new ArrayList<>());
      int pos = rs.getInt(3);
      while (list.size() <= pos) list.add(null);
      list.set(pos, new EmailAddress(rs.getString(4), rs.getString(5)));
    }
    return byMessage;
  }
}
