package io.mailmind.testkit;

import io.mailmind.core.spi.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Virtual time: a sleep returns at once, moves the clock forward by its duration and records it, so that retries
 * run without waiting and their delays can be asserted. A test can act during a sleep ({@link #onSleep}), as if
 * time passed in the world (a server coming back), or make the next sleep be interrupted. Thread-safe.
 */
public final class VirtualSleeper implements Sleeper {
  private static final long START = 1_000_000_000L;

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private volatile Consumer<Duration> onSleep = duration -> { };
  private long nanos = START;
  private boolean interruptNextSleep;

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  /** Returns at once (true: never woken), after the clock moved forward by {@code duration}. */
  @Override
  public boolean sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException {
    synchronized (this) {
      if (interruptNextSleep) {
        interruptNextSleep = false;
        throw new InterruptedException("interrupted by the test");
      }
      sleeps.add(duration);
      nanos += duration.toNanos();
    }
    onSleep.accept(duration);
    return true;
  }

  /** Runs {@code action} after each sleep moved the clock, on the sleeping thread. */
  public VirtualSleeper onSleep(Consumer<Duration> action) {
    this.onSleep = action;
    return this;
  }

  /** The next sleep throws {@link InterruptedException} instead of sleeping. */
  public synchronized void interruptNextSleep() {
    interruptNextSleep = true;
  }

  /** Time slept since this sleeper was made. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(nanos - START);
  }

  /** Every sleep so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
