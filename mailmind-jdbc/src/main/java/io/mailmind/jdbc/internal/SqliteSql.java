package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite 3.37+ through sqlite-jdbc: INSERT ... ON CONFLICT; one writer at a time.
 *
 * <p>Transactions. SQLite lets one transaction write at a time (the database's write lock) and, in WAL mode, any
 * number read their own snapshot meanwhile. A write transaction here starts with {@code BEGIN IMMEDIATE}: it takes
 * the write lock before its first read, waiting up to the connection's busy timeout, so it can never fail later
 * when it upgrades from reading to writing (SQLITE_BUSY, which waiting would not resolve). Reads stay DEFERRED:
 * their snapshot starts at their first SELECT, which is the consistent snapshot that REPEATABLE READ gives on the
 * other databases. This is done here rather than with sqlite-jdbc's {@code transaction_mode=IMMEDIATE}, which would
 * make every transaction take the write lock, reads included, and would take it again right after each COMMIT
 * (the driver begins the next transaction at once), so that a commit could wait, and even fail, for the lock.
 * SQLITE_BUSY and SQLITE_LOCKED that still escape (the busy timeout ran out) are conflicts: the transaction runs
 * again. sqlite-jdbc gives no SQLState; {@link #translate} gives the standard ones.
 *
 * <p>What the store needs of every connection, checked when it opens ({@link #prepare}): {@code foreign_keys} on
 * (refused otherwise: deletes cascade through them), the database in WAL mode (switched once, it is persistent),
 * and a busy timeout (a warning below {@value #MIN_BUSY_TIMEOUT_MS} ms).
 *
 * <p>A damaged file is refused, not written on: when the database file was not closed cleanly (its write-ahead log
 * {@code -wal} is there and not empty: a process was killed, or another one has it open), opening runs SQLite's
 * own {@code PRAGMA quick_check} (every page and record read once, indexes not matched with their tables; see
 * docs/embedded-store.md for its cost) and throws a {@link MailStoreException} naming the file and what the check
 * found, before any migration or write.
 *
 * <p>Migrations hold the write lock from before they read the schema version until the last script is committed:
 * other processes that open the store meanwhile wait for it (busy timeout), then find the schema up to date.
 */
final class SqliteSql extends OnConflictSql {
  private static final Logger log = LoggerFactory.getLogger(SqliteSql.class);
  static final int MIN_BUSY_TIMEOUT_MS = 5_000;
  /** SQLite's primary result codes (the low byte of an extended code). */
  static final int BUSY = 5;
  static final int LOCKED = 6;
  static final int CANTOPEN = 14;
  static final int TOOBIG = 18;
  static final int CONSTRAINT = 19;
  /** sqlite-jdbc's messages start with the extended result code's name: {@code [SQLITE_CONSTRAINT_CHECK] ...}. */
  private static final Pattern RESULT_NAME = Pattern.compile("^\\[(SQLITE_[A-Z_]+)\\]");
  private static final Pattern LENGTH_CHECK = Pattern.compile("CHECK constraint failed: \\w+_len\\b");
  private static final String SAVEPOINT = "mailmind_migration";

  SqliteSql(Tables tables) {
    super(tables);
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.SQLITE;
  }

  @Override
  void prepare(Connection connection) throws SQLException {
    String file = mainFile(connection);
    try {
      prepareChecked(connection);
      if (!file.isEmpty() && walLeftOver(file)) quickCheck(connection, file);
    } catch (SQLException e) {
      if (!file.isEmpty() && isCorrupt(e)) throw damaged(file, e.getMessage(), e);
      throw e;
    }
  }

  /** The file of the main database, or "" for an in-memory or temporary one. */
  private static String mainFile(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA database_list")) {
      while (rs.next()) {
        if ("main".equals(rs.getString(2))) return rs.getString(3) == null ? "" : rs.getString(3);
      }
    }
    return "";
  }

  /** True when the write-ahead log of {@code file} holds frames: the last writer did not close it cleanly. */
  private static boolean walLeftOver(String file) {
    try {
      java.nio.file.Path wal = java.nio.file.Path.of(file + "-wal");
      return java.nio.file.Files.exists(wal) && java.nio.file.Files.size(wal) > 0;
    } catch (java.io.IOException | RuntimeException e) {
      return true; // cannot tell: check
    }
  }

  private static void quickCheck(Connection connection, String file) throws SQLException {
    long started = System.nanoTime();
    StringBuilder found = new StringBuilder();
    int lines = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA quick_check(20)")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if ("ok".equalsIgnoreCase(line)) continue;
        if (lines++ > 0) found.append("; ");
        found.append(line);
      }
    }
    if (lines > 0) throw damaged(file, found.toString(), null);
    log.info("SQLite database {} was not closed cleanly (write-ahead log left over); PRAGMA quick_check found no "
        + "damage in {} ms", file, (System.nanoTime() - started) / 1_000_000);
  }

  private static boolean isCorrupt(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    return code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */;
  }

  private static MailStoreException damaged(String file, String found, Throwable cause) {
    return new MailStoreException("the SQLite database " + file + " is damaged; PRAGMA quick_check says: " + found
        + ". The store does not open it, so nothing is written on top of the damage: restore the file from a backup,"
        + " or sync into a new file (the server still has the mail)", cause);
  }

  private void prepareChecked(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (pragma(statement, "foreign_keys") != 1) {
        throw new MailStoreException("the SQLite connections have foreign keys off (PRAGMA foreign_keys=0) but the"
            + " store needs them on for every connection: its deletes cascade through them. Set foreign_keys=true in"
            + " the DataSource (SQLiteConfig.enforceForeignKeys(true), or ?foreign_keys=true in the JDBC URL);"
            + " SqliteDataSources.settings() lists what the store needs");
      }
      String mode = text(statement, "PRAGMA journal_mode");
      if (!"wal".equals(mode) && !"memory".equals(mode)) {
        // Persistent: once a database is in WAL mode, every later connection opens it so.
        String now = text(statement, "PRAGMA journal_mode=WAL");
        if ("wal".equals(now)) {
          log.info("SQLite database switched from journal mode {} to WAL (persistent)", mode);
        } else {
          log.warn("SQLite database stays in journal mode {} (WAL refused: {}): readers wait while a transaction"
              + " writes", mode, now);
        }
      }
      long busyTimeout = pragma(statement, "busy_timeout");
      if (busyTimeout < MIN_BUSY_TIMEOUT_MS) {
        log.warn("SQLite busy timeout is {} ms: concurrent writers of the store wait at most that long for each"
            + " other before they fail and retry; set busy_timeout to 30000 (SqliteDataSources.settings())",
            busyTimeout);
      }
    }
  }

  private static long pragma(Statement statement, String name) throws SQLException {
    try (ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  private static String text(Statement statement, String sqlText) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sqlText)) {
      return rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "";
    }
  }

  /** No row locks in SQLite: a write transaction holds the database's write lock from its start (IMMEDIATE). */
  @Override
  String lockBlobs(int count) {
    return "SELECT sha256, size, location FROM " + t.blobs() + " WHERE sha256 IN (" + params(count) + ") ORDER BY sha256";
  }

  @Override
  String lockBlob() {
    return "SELECT size, location FROM " + t.blobs() + " WHERE sha256 = ?";
  }

  @Override
  boolean isRetryable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      SQLException sqlite = sqliteFailure(x);
      if (sqlite != null && (primary(sqlite) == BUSY || primary(sqlite) == LOCKED)) return true;
    }
    return super.isRetryable(e);
  }

  /**
   * Also a connection that is closed (sqlite-jdbc says "database connection closed", without a SQLState) and a
   * database file that cannot be opened now (SQLITE_CANTOPEN, for example while its disk is away).
   */
  @Override
  boolean isConnectionFailure(SQLException x) {
    if (x.getSQLState() == null && "database connection closed".equals(x.getMessage())) return true;
    return isSqlite(x) && primary(x) == CANTOPEN || super.isConnectionFailure(x);
  }

  /**
   * SQLITE_BUSY and SQLITE_LOCKED become 40001 (serialization failure); constraint failures become 23505 (unique or
   * primary key), 23503 (foreign key), 23502 (not null), 22001 (a {@code *_len} check: a value too long, as
   * VARCHAR(n) reports it elsewhere) or 23514 (another check); SQLITE_TOOBIG becomes 22001. The driver's exception
   * stays the cause.
   */
  @Override
  SQLException translate(SQLException e) {
    SQLException sqlite = null;
    for (SQLException x = e; x != null && sqlite == null; x = x.getNextException()) {
      sqlite = sqliteFailure(x);
    }
    if (sqlite == null || sqlite.getSQLState() != null) return e;
    String state = state(sqlite);
    if (state == null) return e;
    return new SQLException(firstLine(sqlite.getMessage()), state, sqlite.getErrorCode(), e);
  }

  private static String state(SQLException sqlite) {
    String name = resultName(sqlite);
    return switch (primary(sqlite)) {
      case BUSY, LOCKED -> "40001";
      case TOOBIG -> "22001";
      case CONSTRAINT -> switch (name) {
        case "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY" -> "23505";
        case "SQLITE_CONSTRAINT_FOREIGNKEY" -> "23503";
        case "SQLITE_CONSTRAINT_NOTNULL" -> "23502";
        case "SQLITE_CONSTRAINT_CHECK" -> LENGTH_CHECK.matcher(sqlite.getMessage()).find() ? "22001" : "23514";
        default -> "23000";
      };
      default -> null;
    };
  }

  /** The SQLite failure in {@code x} or its causes, or null. */
  private static SQLException sqliteFailure(SQLException x) {
    int depth = 0;
    for (Throwable t = x; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof SQLException s && isSqlite(s)) return s;
    }
    return null;
  }

  private static boolean isSqlite(SQLException x) {
    return x.getMessage() != null && RESULT_NAME.matcher(x.getMessage()).find();
  }

  private static String resultName(SQLException x) {
    Matcher m = RESULT_NAME.matcher(x.getMessage() == null ? "" : x.getMessage());
    return m.find() ? m.group(1) : "";
  }

  /** The primary result code: sqlite-jdbc reports it as the error code. */
  private static int primary(SQLException x) {
    return x.getErrorCode() & 0xFF;
  }

  private static String firstLine(String message) {
    return message == null ? null : message.strip().lines().findFirst().orElse("");
  }

  /**
   * No isolation level to set (sqlite-jdbc knows only SERIALIZABLE, which SQLite always gives, and READ UNCOMMITTED,
   * which only matters in shared-cache mode). A write transaction takes the write lock now: the driver's own BEGIN
   * (deferred, nothing run yet) is ended and {@code BEGIN IMMEDIATE} started in its place.
   */
  @Override
  int beginTransaction(Connection connection, boolean write) throws SQLException {
    if (!write) return -1;
    try (Statement statement = connection.createStatement()) {
      statement.execute("COMMIT");
      try {
        statement.execute("BEGIN IMMEDIATE");
      } catch (SQLException e) {
        statement.execute("BEGIN"); // the driver expects a transaction to be open
        throw e;
      }
    }
    return -1;
  }

  /**
   * Foreign keys off, then the write lock: a script that makes a table again (SQLite alters little in place)
   * drops the old one, which would delete its child rows through their ON DELETE CASCADE. The pragma takes effect
   * only outside a transaction; each script's foreign keys are checked before it is kept
   * ({@link #commitMigrationStep}), and {@link #unlockMigrations} switches them on again.
   */
  @Override
  void lockMigrations(Connection connection) throws SQLException {
    execute(connection, "PRAGMA foreign_keys = OFF");
    try {
      execute(connection, "BEGIN IMMEDIATE");
    } catch (SQLException e) {
      foreignKeysOn(connection, e);
      throw e;
    }
  }

  @Override
  void unlockMigrations(Connection connection) throws SQLException {
    try {
      execute(connection, "COMMIT");
    } catch (SQLException e) {
      try {
        execute(connection, "ROLLBACK");
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      foreignKeysOn(connection, e);
      throw e;
    }
    foreignKeysOn(connection, null);
  }

  /**
   * Foreign keys on again after the migrations. When they cannot be (never seen), opening the store fails with
   * {@code failure}, or with this, instead of going on without cascading deletes.
   */
  private static void foreignKeysOn(Connection connection, SQLException failure) throws SQLException {
    SQLException off = new SQLException("foreign keys could not be switched on again after a migration");
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA foreign_keys = ON");
      if (pragma(statement, "foreign_keys") == 1) return;
    } catch (SQLException e) {
      off.addSuppressed(e);
    }
    if (failure != null) {
      failure.addSuppressed(off);
    } else {
      throw off;
    }
  }

  /** Inside the migration lock's transaction: each script is a savepoint of it. */
  @Override
  void beginMigrationStep(Connection connection) throws SQLException {
    execute(connection, "SAVEPOINT " + SAVEPOINT);
  }

  /** Keeps a script's changes when every foreign key holds (they are off during migrations). */
  @Override
  void commitMigrationStep(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
      if (rs.next()) {
        throw new SQLException("a row of table " + rs.getString(1) + " (rowid " + rs.getLong(2) + ") references no row"
            + " of table " + rs.getString(3) + " after the migration script", "23503");
      }
    }
    execute(connection, "RELEASE " + SAVEPOINT);
  }

  @Override
  void rollbackMigrationStep(Connection connection) throws SQLException {
    execute(connection, "ROLLBACK TO " + SAVEPOINT);
    execute(connection, "RELEASE " + SAVEPOINT);
  }

  @Override
  void endMigrationStep(Connection connection) {
  }

  private static void execute(Connection connection, String sqlText) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sqlText);
    }
  }
}
