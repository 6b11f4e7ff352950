package io.mailmind.jdbc.internal;

/**
 * The SQL of the accounts table ({@code <prefix>imap_accounts}): a native upsert per database, the rest common.
 * Immutable and thread-safe.
 */
final class AccountSql {
  /** The columns of {@link #upsert()}, in parameter order. */
  static final String COLUMNS = "account_id, host, port, security, username, auth, trusted_certificate, include_folders,"
      + " exclude_folders, active, secret_key_id, secret, created_ms, updated_ms";
  /** Every column but the secret, as {@link AccountTable} reads a row. */
  private static final String SETTINGS = "account_id, host, port, security, username, auth, trusted_certificate,"
      + " include_folders, exclude_folders, active, secret_key_id, created_ms, updated_ms";
  /** What an update of an existing account sets: everything but its id and creation time. */
  private static final String[] UPDATED = {"host", "port", "security", "username", "auth", "trusted_certificate",
      "include_folders", "exclude_folders", "active", "secret_key_id", "secret", "updated_ms"};

  private final SqlDialect sql;
  private final String table;

  AccountSql(SqlDialect sql) {
    this.sql = sql;
    this.table = sql.t.imapAccounts();
  }

  String table() {
    return table;
  }

  /** Inserts an account ({@link #COLUMNS}) or, when its id exists, updates everything but its creation time. */
  String upsert() {
    return switch (sql.dialect()) {
      case H2 -> "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INT),"
          + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS CHARACTER LARGE OBJECT),"
          + " CAST(? AS CHARACTER LARGE OBJECT), CAST(? AS CHARACTER LARGE OBJECT), CAST(? AS BOOLEAN),"
          + " CAST(? AS VARCHAR), CAST(? AS CHARACTER LARGE OBJECT), CAST(? AS BIGINT), CAST(? AS BIGINT))) s ("
          + COLUMNS + ") ON t.account_id = s.account_id WHEN MATCHED THEN UPDATE SET " + assignments("s.", "")
          + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s." + COLUMNS.replace(", ", ", s.") + ")";
      case POSTGRESQL, SQLITE -> insert() + " ON CONFLICT (account_id) DO UPDATE SET " + assignments("EXCLUDED.", "");
      case MARIADB -> insert() + " ON DUPLICATE KEY UPDATE " + assignments("VALUES(", ")");
    };
  }

  private String insert() {
    return "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (" + SqlDialect.params(14) + ")";
  }

  private static String assignments(String before, String after) {
    StringBuilder set = new StringBuilder();
    for (String column : UPDATED) {
      if (set.length() > 0) set.append(", ");
      set.append(column).append(" = ").append(before).append(column).append(after);
    }
    return set.toString();
  }

  /** Every account (or the active ones: parameter true), ordered by id, without secrets. */
  String list(boolean activeOnly) {
    return "SELECT " + SETTINGS + " FROM " + table + (activeOnly ? " WHERE active = ?" : "") + " ORDER BY account_id";
  }

  /** The auth mechanism, key id and secret of one account. */
  String secret() {
    return "SELECT auth, secret_key_id, secret FROM " + table + " WHERE account_id = ?";
  }

  /** As {@link #secret()}, locking the row until the transaction ends (SQLite: the write transaction's lock). */
  String secretForUpdate() {
    return secret() + (sql.dialect() == io.mailmind.jdbc.JdbcDialect.SQLITE ? "" : " FOR UPDATE");
  }

  String setActive() {
    return "UPDATE " + table + " SET active = ?, updated_ms = ? WHERE account_id = ?";
  }

  String delete() {
    return "DELETE FROM " + table + " WHERE account_id = ?";
  }

  /** Each key id in use with the first account under it. */
  String keyIdsInUse() {
    return "SELECT secret_key_id, MIN(account_id) FROM " + table + " GROUP BY secret_key_id";
  }

  /** The accounts whose secret is not under the key id given. */
  String notUnderKey() {
    return "SELECT account_id FROM " + table + " WHERE secret_key_id <> ? ORDER BY account_id";
  }

  String reseal() {
    return "UPDATE " + table + " SET secret_key_id = ?, secret = ? WHERE account_id = ?";
  }
}
