package io.mailmind.core.internal.idle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How an account watcher waits between attempts; tests substitute one that records and shortens the waits. */
@FunctionalInterface
interface Sleeper {

  /** Waits on the latch. */
  Sleeper REAL = (duration, stop) -> !stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);

  /**
   * Waits for {@code duration}, or less when {@code stop} is counted down.
   *
   * @return false when woken by {@code stop}
   */
  boolean sleep(Duration duration, CountDownLatch stop) throws InterruptedException;
}
