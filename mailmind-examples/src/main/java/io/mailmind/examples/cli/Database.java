package io.mailmind.examples.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mailmind.core.spi.MailStore;
import io.mailmind.core.MailStoreException;
import io.mailmind.jdbc.JdbcMailStore;
import io.mailmind.jdbc.SqliteDataSources;
import java.util.Set;

/**
 * The store side of a command: {@code --db}, {@code --db-user}, {@code --db-password-env}, {@code --attachments}
 * (see {@link AttachmentPlace}). Opens a pooled
 * {@link javax.sql.DataSource} and a {@link JdbcMailStore} over it; {@link #close()} closes both. Not
 * thread-safe to open; the store itself is.
 */
final class Database implements AutoCloseable {
  /** The embedded default: SQLite in WAL mode survives a kill at any moment, H2 2.3 did not (docs/embedded-store.md). */
  static final String DEFAULT_URL = "jdbc:sqlite:./mailmind-data/mailmind.db";
  static final Set<String> VALUED = Set.of("db", "db-user", "db-password-env", AttachmentPlace.OPTION);
  /**
   * Parsed statements H2 keeps per connection (its default: 8). One content write runs about a dozen different
   * statements, so with 8 every one was parsed again each time: 2% of a full sync's CPU (bench/README.md).
   */
  static final int H2_QUERY_CACHE = 128;

  private final HikariDataSource dataSource;
  private final MailStore store;

  private Database(HikariDataSource dataSource, MailStore store) {
    this.dataSource = dataSource;
    this.store = store;
  }

  /** The URL of {@code --db}, or {@code fallback}. */
  static String url(CommandLine line, String fallback) {
    String url = line.value("db").orElse(fallback);
    if (!url.startsWith("jdbc:")) {
      throw line.usage("option --db was '" + Redact.jdbcUrl(url) + "' but it must be a JDBC URL (jdbc:h2:..., "
          + "jdbc:sqlite:..., jdbc:postgresql:..., jdbc:mariadb:...)");
    }
    return url;
  }

  /**
   * Opens the store at {@code url} with the credentials of {@code line}. A SQLite file's directory is created
   * when missing, and its connections get the settings the store needs (parameters in the URL win). An embedded H2
   * database keeps {@value #H2_QUERY_CACHE} parsed statements per connection unless the URL sets
   * {@code QUERY_CACHE_SIZE}.
   */
  static Database open(String url, CommandLine line, CliContext context) {
    java.util.Optional<java.nio.file.Path> attachments = AttachmentPlace.directory(url, line);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (url.startsWith("jdbc:sqlite:")) {
      try {
        SqliteDataSources.createParentDirectory(url);
      } catch (MailStoreException e) {
        throw new CommandFailedException("cannot open the database " + Redact.jdbcUrl(url) + ": " + e.getMessage(), e);
      }
      config.setDataSourceProperties(SqliteDataSources.settingsFor(url));
    } else if (isEmbeddedH2(url) && !url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")) {
      config.addDataSourceProperty("QUERY_CACHE_SIZE", Integer.toString(H2_QUERY_CACHE));
    }
    config.setPoolName("mailmind-db");
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(15_000);
    line.value("db-user").ifPresent(config::setUsername);
    line.value("db-password-env").ifPresent(variable -> {
      String password = context.env().apply(variable);
      if (password == null) {
        throw line.usage("option --db-password-env names " + variable + " but that environment variable is not set");
      }
      config.setPassword(password);
    });
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new CommandFailedException("cannot open the database " + Redact.jdbcUrl(url) + ": " + Redact.rootMessage(e), e);
    }
    try {
      JdbcMailStore.Builder builder = JdbcMailStore.builder(dataSource);
      attachments.ifPresentOrElse(builder::attachmentsInDirectory, builder::attachmentsInDatabase);
      return new Database(dataSource, builder.build());
    } catch (RuntimeException e) {
      dataSource.close();
      throw new CommandFailedException("cannot open the store in " + Redact.jdbcUrl(url) + ": " + Redact.rootMessage(e), e);
    }
  }

  /** An H2 database this process opens itself (its settings are this process's to choose), not a server's. */
  static boolean isEmbeddedH2(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
  }

  MailStore store() {
    return store;
  }

  /** The pooled connections of the store, for what else lives in the same database (the accounts table). */
  javax.sql.DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      dataSource.close();
    }
  }
}
