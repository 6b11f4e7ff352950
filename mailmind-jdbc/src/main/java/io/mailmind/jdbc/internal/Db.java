package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.RetryPolicy;
import io.mailmind.core.spi.Sleeper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in transactions on connections of the host's DataSource: writes at READ COMMITTED, reads at
 * REPEATABLE READ (one consistent snapshot per read). Thread-safe.
 *
 * <p>Two kinds of failure run the whole transaction again:
 * <ul>
 *   <li>a conflict with another transaction (deadlock, serialization failure, concurrent insert of the same key):
 *       rolled back and run again, up to {@value #ATTEMPTS} times in all, after a short pause that grows
 *       exponentially with jitter ({@link #CONFLICT_RETRIES});</li>
 *   <li>a failed connection ({@link SqlDialect#connectionFailure}: the database restarted, killed the session, the
 *       network dropped it, or a new connection is refused while the database is down): the connection is closed
 *       (a pool sees the SQLState and evicts it as broken) and the work runs again on a fresh connection from
 *       the DataSource, after a pause that grows exponentially with jitter ({@link #connectionRetries}), until the
 *       deadline counted from the first failure of the call. Then the call fails with a message that says so.</li>
 * </ul>
 *
 * <p>Why running a unit of work again is safe: each is one whole transaction (one {@link Work} on one
 * connection), and every write in it is an upsert or an insert-if-absent keyed by folder, UIDVALIDITY and UID
 * (messages, their addresses and attachments replaced whole), by account id or folder name, or by SHA-256
 * (attachment bytes, in rows or in files named by the hash); updates and deletes are by the same keys and set
 * absolute values. A transaction that failed before COMMIT was rolled back by the database with its session, so
 * the repeat starts from what was committed before. When the connection breaks during COMMIT, the outcome is
 * unknown: the repeat then runs over either the old rows or its own committed rows, and writes the same end state
 * in both cases. Only what a call returns can differ after such a repeat (a delete counts no rows that its first
 * run already removed; attachment bytes freed by that first run are left to {@code collectGarbage}).
 */
final class Db {
  private static final Logger log = LoggerFactory.getLogger(Db.class);
  /** Runs of a transaction that conflicts with others, the first one included. */
  static final int ATTEMPTS = 6;
  /**
   * Pauses between the runs of a conflicting transaction: 30 ms doubling, with equal jitter (each in [ceiling/2,
   * ceiling]), so that two transactions that deadlocked do not collide again at once.
   */
  static final RetryPolicy CONFLICT_RETRIES = RetryPolicy.builder().initialDelay(Duration.ofMillis(30))
      .maxDelay(Duration.ofMillis(480)).jitter(RetryPolicy.Jitter.EQUAL).maxAttempts(ATTEMPTS).build();
  /** How long a call retries a failed connection when the host sets no deadline. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  private final DataSource dataSource;
  private final SqlDialect sql;
  private final BooleanSupplier closed;
  private final RetryPolicy connectionRetries;
  private final Sleeper sleeper;

  /**
   * @param connectionRetries see {@link #connectionRetries(Duration)}
   * @param sleeper           the time the deadline is measured in, and how the pauses wait
   */
  Db(DataSource dataSource, SqlDialect sql, BooleanSupplier closed, RetryPolicy connectionRetries, Sleeper sleeper) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.closed = closed;
    this.connectionRetries = connectionRetries;
    this.sleeper = sleeper;
  }

  /**
   * The retries of work whose connection failed: pauses from 0.1 s doubling up to 5 s, with equal jitter (each in
   * [ceiling/2, ceiling]), until {@code deadline} after the first failure (the last pause is cut so that the last
   * attempt starts at the deadline); {@link Duration#ZERO}: no retry.
   */
  static RetryPolicy connectionRetries(Duration deadline) {
    return RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(5))
        .jitter(RetryPolicy.Jitter.EQUAL).maxDuration(deadline).build();
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
    int conflicts = 0;
    int connectionFailures = 0;
    long firstFailure = 0;
    while (true) {
      if (closed.getAsBoolean()) {
        throw new MailStoreException("the store is closed");
      }
      try {
        T result = attempt(work, write);
        if (connectionFailures > 0) {
          log.info("{}: the database answered again after {} ms and {} failed attempts", ctx.operation(),
              Duration.ofNanos(sleeper.nanoTime() - firstFailure).toMillis(), connectionFailures);
        }
        return result;
      } catch (SQLException raw) {
        SQLException lost = sql.connectionFailure(raw);
        SQLException e = sql.translate(raw);
        if (lost != null) {
          long now = sleeper.nanoTime();
          if (connectionFailures++ == 0) firstFailure = now;
          Duration elapsed = Duration.ofNanos(now - firstFailure);
          Optional<Duration> pause = connectionRetries.nextDelay(connectionFailures, elapsed,
              ThreadLocalRandom.current().nextDouble());
          if (pause.isEmpty()) throw ctx.unavailable(e, lost, elapsed, connectionFailures);
          if (connectionFailures == 1) {
            log.warn("{}: the database connection failed ({}, SQLState {}); retrying for up to {} s", ctx.operation(),
                OpContext.oneLine(lost), lost.getSQLState(),
                connectionRetries.maxDuration().map(Duration::toSeconds).orElse(Long.MAX_VALUE));
          } else {
            log.debug("{}: the database connection failed again (SQLState {}), attempt {}", ctx.operation(),
                lost.getSQLState(), connectionFailures);
          }
          sleep(ctx, pause.get());
          continue;
        }
        Optional<Duration> pause = sql.isRetryable(e)
            ? CONFLICT_RETRIES.nextDelay(++conflicts, Duration.ZERO, ThreadLocalRandom.current().nextDouble())
            : Optional.empty();
        if (pause.isPresent()) {
          log.debug("{}: transaction conflict (SQLState {}), attempt {} of {}", ctx.operation(), e.getSQLState(),
              conflicts, ATTEMPTS);
          sleep(ctx, pause.get());
          continue;
        }
        throw ctx.failure(e);
      } catch (IOException e) {
        throw ctx.failure(e);
      }
    }
  }

  /** One run of the work on a fresh connection, closed afterwards whatever happened. */
  private <T> T attempt(Work<T> work, boolean write) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(connection, work, write);
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

  private void sleep(OpContext ctx, Duration pause) {
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailStoreException(ctx.operation() + ": interrupted while waiting to run a transaction again", e);
    }
  }
}
