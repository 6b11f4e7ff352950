package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in transactions on connections of the host's DataSource: writes at READ COMMITTED, reads at
 * REPEATABLE READ (one consistent snapshot per read). A write that fails on a conflict with another
 * transaction (deadlock, serialization failure, concurrent insert of the same key) is rolled back and run
 * again, up to {@value #ATTEMPTS} times. Thread-safe.
 */
final class Db {
  private static final Logger log = LoggerFactory.getLogger(Db.class);
  static final int ATTEMPTS = 6;

  private final DataSource dataSource;
  private final SqlDialect sql;
  private final BooleanSupplier closed;

  Db(DataSource dataSource, SqlDialect sql, BooleanSupplier closed) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.closed = closed;
  }

  SqlDialect sql() {
    return sql;
  }

  boolean isClosed() {
    return closed.getAsBoolean();
  }

  <T> T write(OpContext ctx, Work<T> work) {
    return run(ctx, work, true);
  }

  <T> T read(OpContext ctx, Work<T> work) {
    return run(ctx, work, false);
  }

  private <T> T run(OpContext ctx, Work<T> work, boolean write) {
    for (int attempt = 1; ; attempt++) {
      if (closed.getAsBoolean()) {
        throw new MailStoreException("the store is closed");
      }
      try (Connection connection = dataSource.getConnection()) {
        return inTransaction(connection, work, write);
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && sql.isRetryable(e)) {
          log.debug("{}: transaction conflict (SQLState {}), attempt {} of {}", ctx.operation(), e.getSQLState(), attempt,
              ATTEMPTS);
          pause(attempt);
          continue;
        }
        throw ctx.failure(e);
      } catch (IOException e) {
        throw ctx.failure(e);
      }
    }
  }

  private <T> T inTransaction(Connection connection, Work<T> work, boolean write) throws SQLException, IOException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) connection.setAutoCommit(false);
    int previousIsolation = sql.beginTransaction(connection, write);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | IOException | RuntimeException | Error e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      try {
        sql.endTransaction(connection, previousIsolation);
        if (autoCommit) connection.setAutoCommit(true);
      } catch (SQLException e) {
        log.debug("could not restore the connection's settings", e);
      }
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void pause(int attempt) {
    long millis = (5L << attempt) + ThreadLocalRandom.current().nextLong(10L << attempt);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailStoreException("interrupted while retrying a transaction", e);
    }
  }
}
