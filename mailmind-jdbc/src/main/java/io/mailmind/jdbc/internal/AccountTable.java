package io.mailmind.jdbc.internal;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.Security;
import io.mailmind.core.spi.Sleeper;
import io.mailmind.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The accounts table behind {@link io.mailmind.jdbc.JdbcAccounts} (which checks arguments and does the
 * encryption): each call is one transaction, retried as the store's are (conflicts, lost connections). It reads
 * secrets only where asked to, and only as {@link Sealed} values. Not API. Thread-safe.
 */
public final class AccountTable {
  /** The auth mechanism and the encrypted secret of one account. */
  public record StoredSecret(AuthMechanism auth, Sealed sealed) {}

  private final Db db;
  private final AccountSql sql;
  private final JdbcDialect dialect;

  private AccountTable(Db db, AccountSql sql, JdbcDialect dialect) {
    this.db = db;
    this.sql = sql;
    this.dialect = dialect;
  }

  /**
   * Opens the table: detects the dialect when {@code dialect} is null, then migrates the schema (the accounts table
   * is in the store's migration chain) or checks it.
   *
   * @throws io.mailmind.core.MailStoreException when the database cannot be reached or its schema is not usable
   */
  public static AccountTable open(DataSource dataSource, JdbcDialect dialect, String prefix, boolean autoMigrate) {
    SqlDialect sql = JdbcStore.openSchema(dataSource, dialect, prefix, autoMigrate);
    Db db = new Db(dataSource, sql, () -> false, Db.connectionRetries(Db.DEFAULT_DEADLINE), Sleeper.system());
    return new AccountTable(db, new AccountSql(sql), sql.dialect());
  }

  public JdbcDialect dialect() {
    return dialect;
  }

  /** The table's name, prefix included. */
  public String table() {
    return sql.table();
  }

  /** Inserts the account or, when its id exists, replaces its settings and secret (its creation time stays). */
  public void upsert(AccountRow row, Sealed secret) {
    db.write(OpContext.write("store account", row.accountId()).at(sql.table()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.upsert())) {
        ps.setString(1, row.accountId());
        ps.setString(2, row.host());
        ps.setInt(3, row.port());
        ps.setString(4, row.security().name());
        ps.setString(5, row.username());
        ps.setString(6, row.auth().name());
        if (row.certificatePem() == null) ps.setNull(7, Types.VARCHAR); else ps.setString(7, row.certificatePem());
        ps.setString(8, JsonStrings.encode(row.include()));
        ps.setString(9, JsonStrings.encode(row.exclude()));
        ps.setBoolean(10, row.active());
        ps.setString(11, secret.keyId());
        ps.setString(12, secret.text());
        ps.setLong(13, row.createdMs());
        ps.setLong(14, row.updatedMs());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Sets whether the account is active; false when there is no such account. */
  public boolean setActive(String accountId, boolean active, long nowMs) {
    return db.write(OpContext.write(active ? "enable account" : "disable account", accountId).at(sql.table()),
        connection -> {
          try (PreparedStatement ps = connection.prepareStatement(sql.setActive())) {
            ps.setBoolean(1, active);
            ps.setLong(2, nowMs);
            ps.setString(3, accountId);
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** Deletes the account's row; false when there was none. */
  public boolean delete(String accountId) {
    return db.write(OpContext.write("remove account", accountId).at(sql.table()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.delete())) {
        ps.setString(1, accountId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  /** Every account, or the active ones, ordered by id; no secrets are read. */
  public List<AccountRow> list(boolean activeOnly) {
    return db.read(OpContext.read(activeOnly ? "list active accounts" : "list accounts", sql.table()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.list(activeOnly))) {
        if (activeOnly) ps.setBoolean(1, true);
        List<AccountRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rows.add(row(rs));
        }
        return rows;
      }
    });
  }

  private static AccountRow row(ResultSet rs) throws SQLException {
    return new AccountRow(rs.getString(1), rs.getString(2), rs.getInt(3), Security.valueOf(rs.getString(4)),
        rs.getString(5), AuthMechanism.valueOf(rs.getString(6)), rs.getString(7), JsonStrings.decode(rs.getString(8)),
        JsonStrings.decode(rs.getString(9)), rs.getBoolean(10), rs.getString(11), rs.getLong(12), rs.getLong(13));
  }

  /** The encrypted secret of one account, or empty when there is no such account. */
  public Optional<StoredSecret> secret(String accountId) {
    return db.read(OpContext.read("read account secret", accountId).at(sql.table()),
        connection -> readSecret(connection, sql.secret(), accountId));
  }

  private static Optional<StoredSecret> readSecret(Connection connection, String query, String accountId)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(query)) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new StoredSecret(AuthMechanism.valueOf(rs.getString(1)),
            new Sealed(rs.getString(2), rs.getString(3))));
      }
    }
  }

  /** Each key id that secrets are stored under, with the first account (by id) under it; sorted by key id. */
  public Map<String, String> keyIdsInUse() {
    return db.read(OpContext.read("list key ids", sql.table()), connection -> {
      Map<String, String> ids = new TreeMap<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.keyIdsInUse()); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.put(rs.getString(1), rs.getString(2));
      }
      return ids;
    });
  }

  /** The accounts whose secret is stored under another key than {@code keyId}, ordered by id. */
  public List<String> accountsNotUnder(String keyId) {
    return db.read(OpContext.read("list accounts to re-encrypt", sql.table()), connection -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.notUnderKey())) {
        ps.setString(1, keyId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }

  /**
   * Replaces the secret of one account with what {@code reseal} makes of it, in one transaction that holds the row
   * (so a concurrent add is not overwritten with the old secret). {@code reseal} returns null to leave it as is.
   *
   * @return whether the secret was replaced
   */
  public boolean reseal(String accountId, UnaryOperator<Sealed> reseal) {
    return db.write(OpContext.write("re-encrypt account secret", accountId).at(sql.table()), connection -> {
      Optional<StoredSecret> stored = readSecret(connection, sql.secretForUpdate(), accountId);
      if (stored.isEmpty()) return false;
      Sealed next = reseal.apply(stored.get().sealed());
      if (next == null) return false;
      try (PreparedStatement ps = connection.prepareStatement(sql.reseal())) {
        ps.setString(1, next.keyId());
        ps.setString(2, next.text());
        ps.setString(3, accountId);
        return ps.executeUpdate() > 0;
      }
    });
  }
}
