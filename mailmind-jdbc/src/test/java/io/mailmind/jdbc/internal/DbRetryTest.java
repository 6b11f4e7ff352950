package io.mailmind.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.RetryPolicy;
import io.mailmind.jdbc.JdbcDialect;
import io.mailmind.jdbc.internal.FlakyDataSource.Point;
import io.mailmind.testkit.VirtualSleeper;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.message.DbException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Db's retries of failed connections and of conflicts, in virtual time, over a real H2 database that fails on demand. */
@ExpectedLogs("connections fail on purpose: the retries are logged")
class DbRetryTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final VirtualSleeper clock = new VirtualSleeper();
  private final AtomicBoolean storeClosed = new AtomicBoolean();
  private final AtomicInteger runs = new AtomicInteger();
  private JdbcDataSource h2;
  private Connection keepAlive;
  private FlakyDataSource flaky;

  @BeforeEach
  void createTable() throws SQLException {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:db-retry-" + System.nanoTime());
    keepAlive = h2.getConnection();
    try (Statement s = keepAlive.createStatement()) {
      s.execute("CREATE TABLE t (k INT PRIMARY KEY, v VARCHAR(20))");
    }
    flaky = new FlakyDataSource(h2);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Statement s = keepAlive.createStatement()) {
      s.execute("SHUTDOWN");
    }
    keepAlive.close();
  }

  private Db db(Duration deadline) {
    return new Db(flaky, SqlDialect.of(JdbcDialect.H2, "mm_"), storeClosed::get, Db.connectionRetries(deadline), clock);
  }

  private static OpContext ctx() {
    return OpContext.write("upsertMetadata", "a@example.org:INBOX;UIDVALIDITY=7;UID=3").at("mm_messages");
  }

  /** An insert-if-absent by key, as every store write is. */
  private Integer upsert(Connection connection) throws SQLException {
    runs.incrementAndGet();
    try (PreparedStatement ps = connection.prepareStatement("MERGE INTO t (k, v) KEY (k) VALUES (?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "one");
      return ps.executeUpdate();
    }
  }

  private long rows() throws SQLException {
    try (Statement s = keepAlive.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static SQLException refused() {
    return new SQLException("Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct and"
        + " that the postmaster is accepting TCP/IP connections.\n  at some.driver.Frame(Frame.java:1)", "08001");
  }

  @Test
  @DisplayName("while the database refuses connections the call waits with growing pauses, then succeeds once it answers")
  void refusedUntilTheDatabaseAnswers() throws SQLException {
    flaky.downWhile(() -> clock.elapsed().compareTo(Duration.ofSeconds(2)) < 0, DbRetryTest::refused);

    assertThat(db(DEADLINE).write(ctx(), this::upsert)).isEqualTo(1);

    assertThat(rows()).isEqualTo(1);
    assertThat(runs).hasValue(1);
    List<Duration> pauses = clock.sleeps();
    assertThat(flaky.requested()).isEqualTo(pauses.size() + 1);
    assertThat(pauses.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    for (int i = 1; i < pauses.size(); i++) {
      Duration ceiling = Duration.ofMillis(100).multipliedBy(1L << i);
      assertThat(pauses.get(i)).as("pause %d", i).isBetween(ceiling.dividedBy(2), ceiling);
    }
    assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(clock.elapsed().minus(pauses.get(pauses.size() - 1)))
        .as("the attempt before the last was still in the outage").isLessThan(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("a connection lost in the middle of the transaction is closed and the work runs again on a fresh one")
  void lostMidTransaction() throws SQLException {
    flaky.breakNext(Point.STATEMENT, () -> DbException.getJdbcSQLException(ErrorCode.CONNECTION_BROKEN_1, null, "session closed"));

    assertThat(db(DEADLINE).write(ctx(), this::upsert)).isEqualTo(1);

    assertThat(runs).hasValue(2);
    assertThat(flaky.opened()).isEqualTo(2);
    assertThat(flaky.closed()).as("the broken connection and the good one are both closed").isEqualTo(2);
    assertThat(rows()).isEqualTo(1);
    assertThat(clock.sleeps()).hasSize(1);
  }

  @Test
  @DisplayName("a COMMIT whose outcome is unknown is repeated, and the repeat of the upsert leaves one row")
  void commitOutcomeUnknown() throws SQLException {
    flaky.breakNext(Point.AFTER_COMMIT, () -> new SQLException("An I/O error occurred while sending to the backend.", "08006"));

    db(DEADLINE).write(ctx(), this::upsert);

    assertThat(runs).as("the work ran again after the first commit had in fact happened").hasValue(2);
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  @DisplayName("past the deadline the call fails with one clear line: how long, why, SQLState, the operation and keys")
  void pastTheDeadline() throws SQLException {
    flaky.downWhile(() -> true, DbRetryTest::refused);

    assertThatThrownBy(() -> db(DEADLINE).write(ctx(), this::upsert))
        .isInstanceOfSatisfying(MailStoreException.class, e -> {
          assertThat(e.sqlState()).isEqualTo("08001");
          assertThat(e.getCause()).isInstanceOf(SQLException.class);
          assertThat(e.getMessage())
              .startsWith("upsertMetadata failed on table mm_messages for a@example.org:INBOX;UIDVALIDITY=7;UID=3:"
                  + " the database did not answer for 60 s (" + flaky.requested() + " attempts): Connection to"
                  + " 127.0.0.1:5432 refused.")
              .contains("(SQLState 08001, error code 0)")
              .endsWith("(nothing of this call was stored)")
              .doesNotContain("\n").doesNotContain("Frame.java");
        });

    assertThat(clock.elapsed()).as("the last attempt starts at the deadline, not after it").isEqualTo(DEADLINE);
    assertThat(clock.sleeps()).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofSeconds(5)));
    assertThat(runs).hasValue(0);
    assertThat(rows()).isZero();
  }

  @Test
  @DisplayName("with a zero deadline the first connection failure fails the call, without waiting")
  void zeroDeadline() {
    flaky.downWhile(() -> true, DbRetryTest::refused);

    assertThatThrownBy(() -> db(Duration.ZERO).write(ctx(), this::upsert))
        .isInstanceOf(MailStoreException.class)
        .hasMessageContaining("the database connection failed (connection retries are off): Connection to 127.0.0.1");

    assertThat(flaky.requested()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  @DisplayName("conflicts keep their limit of attempts, whatever the deadline")
  void conflictsKeepTheirLimit() {
    Work<Integer> deadlocked = connection -> {
      runs.incrementAndGet();
      throw new SQLException("Deadlock detected", "40001");
    };

    assertThatThrownBy(() -> db(DEADLINE).write(ctx(), deadlocked))
        .isInstanceOfSatisfying(MailStoreException.class, e -> assertThat(e.sqlState()).isEqualTo("40001"))
        .hasMessageContaining("SQLState 40001");

    assertThat(runs).hasValue(Db.ATTEMPTS);
    List<Duration> pauses = clock.sleeps();
    assertThat(pauses).hasSize(Db.ATTEMPTS - 1);
    for (int i = 0; i < pauses.size(); i++) {
      Duration ceiling = Duration.ofMillis(30).multipliedBy(1L << i);
      assertThat(pauses.get(i)).as("pause %d", i).isBetween(ceiling.dividedBy(2), ceiling);
    }
  }

  @Test
  @DisplayName("a failure that is neither a conflict nor a lost connection is not retried")
  void otherFailures() {
    Work<Integer> tooLong = connection -> {
      runs.incrementAndGet();
      throw new SQLException("Value too long for column", "22001");
    };

    assertThatThrownBy(() -> db(DEADLINE).write(ctx(), tooLong)).hasMessageContaining("SQLState 22001");

    assertThat(runs).hasValue(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  @DisplayName("reads are retried the same way")
  void reads() {
    flaky.downWhile(() -> clock.elapsed().compareTo(Duration.ofSeconds(1)) < 0, DbRetryTest::refused);

    long count = db(DEADLINE).read(OpContext.read("countMessages", "a@example.org"), connection -> {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        return rs.getLong(1);
      }
    });

    assertThat(count).isZero();
    assertThat(clock.sleeps()).isNotEmpty();
  }

  @Test
  @DisplayName("closing the store during an outage ends the retries")
  void closedDuringTheOutage() {
    flaky.downWhile(() -> {
      if (flaky.requested() >= 3) storeClosed.set(true);
      return true;
    }, DbRetryTest::refused);

    assertThatThrownBy(() -> db(DEADLINE).write(ctx(), this::upsert))
        .isInstanceOf(MailStoreException.class).hasMessage("the store is closed");

    assertThat(flaky.requested()).isEqualTo(3);
  }

  @Test
  @DisplayName("an interrupt while waiting ends the call and keeps the thread's interrupt status")
  void interrupted() {
    flaky.downWhile(() -> true, DbRetryTest::refused);
    clock.interruptNextSleep();

    try {
      assertThatThrownBy(() -> db(DEADLINE).write(ctx(), this::upsert))
          .isInstanceOf(MailStoreException.class).hasMessageContaining("upsertMetadata: interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  @DisplayName("a password in a driver's message is masked in the failure")
  void passwordMasked(CapturedLog log) {
    flaky.downWhile(() -> true, () -> new SQLException(
        "Could not connect to address=(host=db)(port=3306)(type=primary) with user=root&password=s3cret: refused",
        "08000"));

    assertThatThrownBy(() -> db(Duration.ofSeconds(1)).write(ctx(), this::upsert))
        .hasMessageContaining("password=***")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThat(log.warnings()).isNotEmpty().allMatch(line -> line.contains("password=***"));
    assertThat(log.text()).doesNotContain("s3cret");
  }

  @Test
  @DisplayName("the pauses double from 0.1 s up to 5 s, with equal jitter, and stop at the deadline")
  void pauses() {
    RetryPolicy retry = Db.connectionRetries(Duration.ofSeconds(10));
    assertThat(retry.delay(0, 0.0)).isEqualTo(Duration.ofMillis(50));
    assertThat(retry.delay(0, 0.999_999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(retry.delay(3, 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(retry.delay(6, 0.0)).isEqualTo(Duration.ofMillis(2500));
    assertThat(retry.delay(1000, 0.0)).isEqualTo(Duration.ofMillis(2500));
    assertThat(retry.nextDelay(21, Duration.ofMillis(9_900), 0.5)).contains(Duration.ofMillis(100));
    assertThat(retry.nextDelay(1, Duration.ofSeconds(10), 0.5)).isEmpty();
    assertThat(Db.connectionRetries(Duration.ZERO).nextDelay(1, Duration.ZERO, 0.5)).isEqualTo(Optional.empty());
  }
}
