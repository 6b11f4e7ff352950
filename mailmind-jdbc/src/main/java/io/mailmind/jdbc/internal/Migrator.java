package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.jdbc.JdbcDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema with the versioned scripts of a dialect ({@code V<n>__<what>.sql}); each
 * script records its version in the {@code schema_version} table. Migrations of the same tables are
 * serialised between processes (advisory lock, GET_LOCK, SQLite's write lock) and the scripts are safe to re-run after a failure.
 */
public final class Migrator {
  private static final Logger log = LoggerFactory.getLogger(Migrator.class);
  private static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__pending.sql", "V3__imap_accounts.sql",
      "V4__cluster.sql", "V5__new_text.sql", "V6__message_bodies.sql", "V7__text_compression.sql",
      "V8__message_steps.sql", "V9__duplicate_index.sql");

  /** The schema version this library writes and reads. */
  public static final int LATEST = SCRIPTS.size();

  private Migrator() {}

  /** The scripts of a dialect in version order, with the table prefix filled in. */
  public static List<String> scripts(JdbcDialect dialect, String prefix) {
    List<String> scripts = new ArrayList<>();
    for (String name : SCRIPTS) {
      String path = dialect.schemaDirectory() + "/" + name;
      try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) throw new IllegalStateException("migration script " + path + " is missing from the class path");
        scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${p}", prefix));
      } catch (IOException e) {
        throw new UncheckedIOException("could not read migration script " + path, e);
      }
    }
    return List.copyOf(scripts);
  }

  /** The statements of a script: lines up to one ending with a semicolon, without comment lines. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\r?\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) continue;
      if (trimmed.endsWith(";")) {
        current.append(line, 0, line.lastIndexOf(';'));
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    if (!current.toString().isBlank()) statements.add(current.toString().strip());
    return statements;
  }

  /** The version recorded in the schema table, 0 when there is none. */
  static int currentVersion(Connection connection, SqlDialect sql) {
    if (!listed(connection, sql.t.schemaVersion())) return 0;
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(sql.schemaVersion())) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      log.debug("No schema version readable for tables '{}*' (SQLState {}): taken as 0", sql.t.prefix(), e.getSQLState());
      return 0; // no schema_version table yet
    }
  }

  /**
   * Whether the driver's catalog lists a table of this name (letters, digits, underscores), in any schema and any
   * letter case. A new database lists none, and then no query is sent that the database answers with an error: H2
   * writes every such error, with its stack trace, to a {@code NAME.trace.db} file beside the database, PostgreSQL
   * to its server log. A catalog that cannot be read may hold the table: then the version query decides.
   */
  static boolean listed(Connection connection, String table) {
    try {
      DatabaseMetaData catalog = connection.getMetaData();
      for (String name : new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT),
          table.toLowerCase(Locale.ROOT)))) {
        // '_' matches any one character in the pattern: a superset, narrowed by the name check
        try (ResultSet rs = catalog.getTables(null, null, name, null)) {
          while (rs.next()) {
            if (table.equalsIgnoreCase(rs.getString("TABLE_NAME"))) return true;
          }
        }
      }
      return false;
    } catch (SQLException e) {
      log.debug("The catalog could not be read for table {} (SQLState {})", table, e.getSQLState());
      return true;
    }
  }

  /**
   * Brings the schema to {@link #LATEST} (when {@code apply}) or checks that it is there.
   *
   * @throws MailStoreException when the schema is newer than this library, behind with {@code apply} off, or a
   *     script fails
   */
  static void migrate(Connection connection, SqlDialect sql, boolean apply) throws SQLException {
    connection.setAutoCommit(true);
    int current = currentVersion(connection, sql);
    if (current == LATEST) return;
    String tables = "tables '" + sql.t.prefix() + "*'";
    if (current > LATEST) {
      throw new MailStoreException("the schema of " + tables + " is at version " + current
          + ", newer than this library's version " + LATEST + "; upgrade mailmind-jdbc");
    }
    if (!apply) {
      throw new MailStoreException("the schema of " + tables + " is at version " + current + " but this library needs "
          + LATEST + ": run the scripts in " + sql.dialect().schemaDirectory() + " (see JdbcMailStore.migrationScripts)"
          + " or build the store with autoMigrate(true)");
    }
    sql.lockMigrations(connection);
    try {
      current = currentVersion(connection, sql);
      List<String> scripts = scripts(sql.dialect(), sql.t.prefix());
      for (int version = current + 1; version <= LATEST; version++) {
        apply(connection, sql, version, scripts.get(version - 1));
      }
    } finally {
      sql.unlockMigrations(connection);
    }
  }

  private static void apply(Connection connection, SqlDialect sql, int version, String script) throws SQLException {
    log.info("Migrating the schema of tables '{}*' ({}) to version {}", sql.t.prefix(), sql.dialect(), version);
    List<String> statements = statements(script);
    sql.beginMigrationStep(connection);
    int index = 0;
    try (Statement statement = connection.createStatement()) {
      for (String sqlText : statements) {
        index++;
        statement.execute(sqlText);
      }
      sql.commitMigrationStep(connection);
    } catch (SQLException raw) {
      sql.rollbackMigrationStep(connection);
      SQLException e = sql.translate(raw);
      throw new MailStoreException("schema migration to version " + version + " failed at statement " + index + " of "
          + statements.size() + " (" + SCRIPTS.get(version - 1) + "): SQLState " + e.getSQLState(), e.getSQLState(), e);
    } finally {
      sql.endMigrationStep(connection);
    }
  }
}
