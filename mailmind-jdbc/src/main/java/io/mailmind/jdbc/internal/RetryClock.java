package io.mailmind.jdbc.internal;

import java.time.Duration;

/** Where {@link Db} reads the time and how it waits between attempts; tests substitute virtual time. */
interface RetryClock {

  /** The JVM's monotonic clock and {@link Thread#sleep}. */
  RetryClock SYSTEM = new RetryClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  };

  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
