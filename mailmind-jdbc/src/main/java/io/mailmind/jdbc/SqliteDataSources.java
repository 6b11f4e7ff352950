package io.mailmind.jdbc;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * What {@link JdbcMailStore} needs of a SQLite database, and a ready {@link DataSource} for one file.
 *
 * <p>Every connection must have foreign keys on (the store refuses to open otherwise); the store switches the
 * database to WAL mode when it opens it (persistent), and wants a busy timeout long enough for concurrent
 * writers to wait for each other ({@link #settings()}: 30 s). Don't set sqlite-jdbc's {@code transaction_mode}:
 * the store begins its write transactions IMMEDIATE itself and keeps reads deferred.
 *
 * <pre>{@code
 * DataSource sqlite = SqliteDataSources.forFile(Path.of("mailmind-data/mailmind.db")); // creates mailmind-data/
 * MailStore store = JdbcMailStore.builder(sqlite).build();
 *
 * // or a pool, here HikariCP, with the same settings as driver properties:
 * HikariConfig config = new HikariConfig();
 * config.setJdbcUrl("jdbc:sqlite:mailmind-data/mailmind.db");
 * config.setDataSourceProperties(SqliteDataSources.settingsFor(config.getJdbcUrl()));
 * }</pre>
 *
 * <p>{@link #forFile} needs {@code org.xerial:sqlite-jdbc} on the class path (an optional dependency of
 * mailmind-jdbc: add it yourself); the other methods do not. This class is thread-safe and has no state.
 */
public final class SqliteDataSources {
  /** The busy timeout of {@link #settings()}: how long a writer waits for another one's transaction. */
  public static final int BUSY_TIMEOUT_MS = 30_000;

  private SqliteDataSources() {}

  /**
   * The connection settings the store needs, as sqlite-jdbc driver properties (for a pool's data source
   * properties, or {@code DriverManager.getConnection(url, settings())}). sqlite-jdbc lets these properties win
   * over the same parameters in the URL: change them here, or use {@link #settingsFor(String)}.
   * <ul>
   *   <li>{@code foreign_keys=true}: required; deletes cascade through the foreign keys.</li>
   *   <li>{@code journal_mode=WAL}: readers never wait for the writer; crash-safe. The store also sets it (it is
   *       persistent in the file).</li>
   *   <li>{@code synchronous=FULL}: every commit flushes the WAL file to the disk, so a committed transaction
   *       survives a power loss or an operating system crash too. {@code NORMAL} (set {@code synchronous} in your
   *       properties, or {@code ?synchronous=NORMAL} with {@link #settingsFor}) flushes only at checkpoints: still
   *       consistent after any crash and never losing a commit to a killed process, but a power loss can take the
   *       last commits (the next sync writes them again: every write of the store is an upsert). Measured on a
   *       10,000-message sync (1.57 GB, 2-core VM, ext4), FULL cost nothing measurable: a commit is a whole batch
   *       of messages, so there are few of them.</li>
   *   <li>{@code busy_timeout=30000}: concurrent writers wait for each other up to 30 s.</li>
   * </ul>
   */
  public static Properties settings() {
    Properties settings = new Properties();
    settings.setProperty("foreign_keys", "true");
    settings.setProperty("journal_mode", "WAL");
    settings.setProperty("synchronous", "FULL");
    settings.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
    return settings;
  }

  /**
   * {@link #settings()} without those that {@code jdbcUrl} sets as parameters ({@code ?synchronous=FULL&...}), so
   * that the URL's own choices are kept.
   */
  public static Properties settingsFor(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Properties settings = settings();
    int query = jdbcUrl.indexOf('?');
    if (query < 0) return settings;
    for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
      int equals = parameter.indexOf('=');
      String key = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      settings.remove(key);
    }
    return settings;
  }

  /**
   * A DataSource for the SQLite database in {@code file}, with {@link #settings()}; the file's directory is
   * created when missing. The DataSource opens a new connection per call: an embedded SQLite connection is cheap
   * to open (no network, no login), so no pool is needed.
   *
   * @throws MailStoreException when the directory cannot be created
   * @throws NoClassDefFoundError without sqlite-jdbc on the class path
   */
  public static DataSource forFile(Path file) {
    Objects.requireNonNull(file, "file");
    createParentDirectory(file);
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig(settings());
    org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  /**
   * The database file of a SQLite JDBC URL ({@code jdbc:sqlite:path}, {@code jdbc:sqlite:file:path?...}, with or
   * without parameters), or empty for an in-memory database, a resource or another database's URL.
   */
  public static Optional<Path> fileOf(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:sqlite:")) return Optional.empty();
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    if (rest.startsWith("//")) rest = rest.substring(2);
    boolean uri = rest.startsWith("file:");
    int query = rest.indexOf('?');
    String path = query < 0 ? rest : rest.substring(0, query);
    if (uri) {
      path = path.substring("file:".length());
      if (query >= 0 && rest.substring(query).toLowerCase(Locale.ROOT).contains("mode=memory")) return Optional.empty();
    }
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith(":resource:")) return Optional.empty();
    return Optional.of(Path.of(path));
  }

  /**
   * Creates the directory of the database file of {@code jdbcUrl} when missing (SQLite creates the file, not its
   * directory); does nothing for a URL without a file.
   *
   * @throws MailStoreException when the directory cannot be created
   */
  public static void createParentDirectory(String jdbcUrl) {
    fileOf(jdbcUrl).ifPresent(SqliteDataSources::createParentDirectory);
  }

  private static void createParentDirectory(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || Files.isDirectory(parent)) return;
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new MailStoreException("could not create the directory " + parent + " for the SQLite database " + file
          + ": " + e, e);
    }
  }
}
