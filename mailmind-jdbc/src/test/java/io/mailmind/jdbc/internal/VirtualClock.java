package io.mailmind.jdbc.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Virtual time for {@link Db}: sleeping moves the clock forward at once and records the pause. Thread-safe. */
final class VirtualClock implements RetryClock {
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private volatile long nanos = 1_000_000_000L;
  private volatile boolean interruptNextSleep;

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    if (interruptNextSleep) {
      interruptNextSleep = false;
      throw new InterruptedException("interrupted by the test");
    }
    pauses.add(duration);
    nanos += duration.toNanos();
  }

  /** Time slept since the clock was made. */
  Duration elapsed() {
    return Duration.ofNanos(nanos - 1_000_000_000L);
  }

  List<Duration> pauses() {
    return List.copyOf(pauses);
  }

  void interruptNextSleep() {
    interruptNextSleep = true;
  }
}
