package io.mailmind.core.spi;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@link Sleeper#system()}. */
enum SystemSleeper implements Sleeper {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  @Override
  public boolean sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException {
    return !wakeUp.await(nanos(duration), TimeUnit.NANOSECONDS);
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos(duration));
  }

  /** The duration in nanoseconds, 292 years for anything longer. */
  private static long nanos(Duration duration) {
    return duration.compareTo(LONGEST) >= 0 ? Long.MAX_VALUE : duration.toNanos();
  }
}
