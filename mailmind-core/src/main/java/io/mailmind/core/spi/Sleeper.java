package io.mailmind.core.spi;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Where Mailmind reads monotonic time and how it waits between attempts (retries of IMAP work, IDLE reconnects,
 * the JDBC store's retries). The default, {@link #system()}, is {@link System#nanoTime()} and real waiting;
 * tests pass virtual time, so that retries and reconnects run without waiting and their delays can be asserted.
 *
 * <p>Implementations must be thread-safe: several threads wait at once.
 */
public interface Sleeper {

  /** The JVM's monotonic clock, and waits that really wait. */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }

  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  /**
   * Waits for {@code duration}, or less when {@code wakeUp} is counted down first (a stop request).
   *
   * @return false when woken by {@code wakeUp}
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  boolean sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException;

  /** Waits for {@code duration}. */
  default void sleep(Duration duration) throws InterruptedException {
    sleep(duration, new CountDownLatch(1));
  }
}
