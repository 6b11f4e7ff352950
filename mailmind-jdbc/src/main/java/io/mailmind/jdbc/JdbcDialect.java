package io.mailmind.jdbc;

import java.util.Locale;

/**
 * The databases {@link JdbcMailStore} supports. Each has its own SQL and its own migration scripts under
 * {@code io/mailmind/jdbc/schema/<name>/} on the class path.
 */
public enum JdbcDialect {
  /** H2 2.x, embedded or in server mode: the zero-setup default. */
  H2("h2"),
  /** PostgreSQL 12 or later. */
  POSTGRESQL("postgresql"),
  /** MariaDB 10.5 or later (InnoDB, utf8mb4). */
  MARIADB("mariadb"),
  /**
   * SQLite 3.37 or later through sqlite-jdbc, in a file in WAL mode: embedded and crash-safe. Every connection
   * must have foreign keys on; see {@link SqliteDataSources} for the settings and a ready DataSource.
   */
  SQLITE("sqlite");

  private final String schemaDirectory;

  JdbcDialect(String schemaDirectory) {
    this.schemaDirectory = schemaDirectory;
  }

  /** The class-path directory of this database's migration scripts, for example {@code io/mailmind/jdbc/schema/h2}. */
  public String schemaDirectory() {
    return "io/mailmind/jdbc/schema/" + schemaDirectory;
  }

  /**
   * The dialect of a database by its JDBC product name ({@link java.sql.DatabaseMetaData#getDatabaseProductName()}).
   *
   * @throws IllegalArgumentException for a database this store does not support
   */
  public static JdbcDialect fromProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.startsWith("h2")) return H2;
    if (name.startsWith("postgresql")) return POSTGRESQL;
    if (name.startsWith("mariadb")) return MARIADB;
    if (name.startsWith("sqlite")) return SQLITE;
    throw new IllegalArgumentException("database product was '" + productName
        + "' but JdbcMailStore supports H2, PostgreSQL, MariaDB and SQLite; set the dialect explicitly if it is"
        + " compatible");
  }
}
