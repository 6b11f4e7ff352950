package io.mailmind.jdbc;

import io.mailmind.testkit.ExternalServers;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for one test class: an H2 in-memory database, a fresh SQLite file in a temporary directory, a fresh
 * PostgreSQL schema or a fresh MariaDB database (created by {@link #start}, dropped by {@link #stop}). Tests take a new table prefix each for an
 * empty store. PostgreSQL and MariaDB are skipped with a message when absent (see {@link ExternalServers}).
 */
abstract class TestDatabase {
  static final String PG_HOST = "127.0.0.1";
  static final int PG_PORT = 5432;
  static final String MARIADB_HOST = "127.0.0.1";
  static final int MARIADB_PORT = 3306;

  private final AtomicInteger prefixes = new AtomicInteger();
  final String name = "mm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  abstract JdbcDialect dialect();

  /** Creates the schema or database (skipping the test when the server is absent). */
  abstract void start() throws SQLException;

  abstract DataSource dataSource();

  /** Drops what {@link #start} created. */
  abstract void stop() throws SQLException;

  /** Where the database server listens (for a proxy in front of it); H2 has no server. */
  InetSocketAddress serverAddress() {
    throw new UnsupportedOperationException(this + " has no server");
  }

  /** A DataSource for the same schema or database as {@link #dataSource()}, reached on 127.0.0.1:{@code port}. */
  DataSource dataSourceVia(int port) {
    throw new UnsupportedOperationException(this + " has no server");
  }

  /** A table prefix no other test of this database used. */
  String freshPrefix() {
    return "t" + prefixes.incrementAndGet() + "_";
  }

  static TestDatabase valueOf(String name) {
    return switch (name) {
      case "postgres" -> postgres();
      case "mariadb" -> mariadb();
      case "sqlite" -> sqlite();
      default -> h2();
    };
  }

  static TestDatabase h2() {
    return new H2(null);
  }

  /** An H2 database in files under {@code directory} (large content stays out of the heap). */
  static TestDatabase h2File(java.nio.file.Path directory) {
    return new H2(directory);
  }

  static TestDatabase postgres() {
    return new Postgres();
  }

  /** A SQLite database in a file of its own temporary directory, removed by {@link #stop}. */
  static TestDatabase sqlite() {
    return new Sqlite(null);
  }

  /** A SQLite database in a file under {@code directory} (left for the caller to remove). */
  static TestDatabase sqliteIn(java.nio.file.Path directory) {
    return new Sqlite(directory);
  }

  static TestDatabase mariadb() {
    return new MariaDb();
  }

  private static final class H2 extends TestDatabase {
    private final java.nio.file.Path directory;
    private JdbcDataSource dataSource;
    private Connection keepAlive;

    H2(java.nio.file.Path directory) {
      this.directory = directory;
    }

    @Override
    JdbcDialect dialect() {
      return JdbcDialect.H2;
    }

    @Override
    void start() throws SQLException {
      dataSource = new JdbcDataSource();
      String where = directory == null ? "mem:" + name : "file:" + directory.resolve(name).toAbsolutePath();
      dataSource.setURL("jdbc:h2:" + where + ";LOCK_TIMEOUT=10000");
      keepAlive = dataSource.getConnection(); // an in-memory database lives while a connection is open
    }

    @Override
    DataSource dataSource() {
      return dataSource;
    }

    @Override
    void stop() throws SQLException {
      try (Statement statement = keepAlive.createStatement()) {
        statement.execute("SHUTDOWN");
      }
      keepAlive.close();
    }
  }

  private static final class Sqlite extends TestDatabase {
    private final java.nio.file.Path given;
    private java.nio.file.Path directory;
    private DataSource dataSource;

    Sqlite(java.nio.file.Path directory) {
      this.given = directory;
    }

    @Override
    JdbcDialect dialect() {
      return JdbcDialect.SQLITE;
    }

    /** The database file. */
    java.nio.file.Path file() {
      return directory.resolve(name + ".db");
    }

    @Override
    void start() throws SQLException {
      try {
        directory = given != null ? given : java.nio.file.Files.createTempDirectory("mailmind-sqlite-");
      } catch (java.io.IOException e) {
        throw new SQLException("no temporary directory for SQLite", e);
      }
      dataSource = SqliteDataSources.forFile(file());
    }

    @Override
    DataSource dataSource() {
      return dataSource;
    }

    @Override
    void stop() throws SQLException {
      if (given != null || directory == null) return;
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
        for (java.nio.file.Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.deleteIfExists(path);
        }
      } catch (java.io.IOException e) {
        throw new SQLException("could not remove " + directory, e);
      }
    }
  }

  private static final class Postgres extends TestDatabase {
    private static final String ADMIN_URL = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/test";
    private PGSimpleDataSource dataSource;

    @Override
    JdbcDialect dialect() {
      return JdbcDialect.POSTGRESQL;
    }

    @Override
    void start() throws SQLException {
      ExternalServers.assumeReachable("PostgreSQL", PG_HOST, PG_PORT);
      try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
           Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
      }
      dataSource = new PGSimpleDataSource();
      dataSource.setUrl(ADMIN_URL + "?currentSchema=" + name);
      dataSource.setUser("postgres");
    }

    @Override
    DataSource dataSource() {
      return dataSource;
    }

    @Override
    InetSocketAddress serverAddress() {
      return new InetSocketAddress(PG_HOST, PG_PORT);
    }

    @Override
    DataSource dataSourceVia(int port) {
      PGSimpleDataSource via = new PGSimpleDataSource();
      via.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/test?currentSchema=" + name);
      via.setUser("postgres");
      return via;
    }

    @Override
    void stop() throws SQLException {
      if (dataSource == null) return;
      try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
           Statement s = c.createStatement()) {
        // A table at a time first: one DROP SCHEMA of a hundred prefixes' tables, each with its indexes, sequences
        // and views, takes more locks than one transaction may hold ("out of shared memory").
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
            + name + "' AND table_type = 'BASE TABLE'")) {
          while (rs.next()) tables.add(rs.getString(1));
        }
        for (String table : tables) s.execute("DROP TABLE IF EXISTS " + name + "." + table + " CASCADE");
        s.execute("DROP SCHEMA " + name + " CASCADE");
      }
    }
  }

  private static final class MariaDb extends TestDatabase {
    private static final String ADMIN_URL = "jdbc:mariadb://" + MARIADB_HOST + ":" + MARIADB_PORT + "/test";
    private MariaDbDataSource dataSource;

    @Override
    JdbcDialect dialect() {
      return JdbcDialect.MARIADB;
    }

    @Override
    void start() throws SQLException {
      ExternalServers.assumeReachable("MariaDB", MARIADB_HOST, MARIADB_PORT);
      try (Connection c = DriverManager.getConnection(ADMIN_URL, "root", "");
           Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
      }
      dataSource = new MariaDbDataSource("jdbc:mariadb://" + MARIADB_HOST + ":" + MARIADB_PORT + "/" + name
          + "?user=root");
    }

    @Override
    DataSource dataSource() {
      return dataSource;
    }

    @Override
    InetSocketAddress serverAddress() {
      return new InetSocketAddress(MARIADB_HOST, MARIADB_PORT);
    }

    @Override
    DataSource dataSourceVia(int port) {
      try {
        return new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/" + name + "?user=root");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    void stop() throws SQLException {
      if (dataSource == null) return;
      try (Connection c = DriverManager.getConnection(ADMIN_URL, "root", "");
           Statement s = c.createStatement()) {
        s.execute("DROP DATABASE " + name);
      }
    }
  }

  @Override
  public String toString() {
    return dialect().name().toLowerCase(Locale.ROOT) + " " + name;
  }
}
