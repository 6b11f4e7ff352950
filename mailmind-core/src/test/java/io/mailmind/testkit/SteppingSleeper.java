package io.mailmind.testkit;

import io.mailmind.core.spi.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time that the test moves. A sleep records its duration, registers a wake-up at virtual now plus the
 * duration, and blocks its thread until the clock reaches that wake-up ({@link #advance}, {@link
 * #advanceToNextWakeUp}) or the sleep's stop latch fires; no real time passes for it. Unlike {@link VirtualSleeper},
 * whose sleeps return at once, this suits loops that must not spin (a watcher reconnecting to a server that is
 * down) and waits that must visibly not end (the hour after a wrong password): the test sees each wait, and decides
 * when it ends.
 *
 * <p>Where a test only needs "the backoff passes", {@link #autoAdvance(Duration)} lets the clock move on its own to
 * each pending wake-up, but within a budget of virtual time: a wait past it stays blocked until the test advances
 * the clock, which moves the budget's end along. A new sleeper is manual (no budget).
 *
 * <p>Thread-safe. A blocked sleep notices its stop latch within a few milliseconds (a latch cannot notify).
 */
public final class SteppingSleeper implements Sleeper {
  private static final long START = 1_000_000_000L;
  private static final long STOP_POLL_MILLIS = 5;

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  /** The sleeps whose wake-up has not come; guarded by this. */
  private final List<Wait> waits = new ArrayList<>();
  private long now = START;
  /** The clock moves on its own to wake-ups up to here, never further; guarded by this. */
  private long autoUntil = START;

  /** One blocked sleep: when it ends, and the latch that lets its thread go. */
  private record Wait(long wakeUp, CountDownLatch due) {}

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /**
   * Blocks until virtual time reaches now plus {@code duration} (true), or {@code wakeUp} fires first (false).
   * A duration of zero or less returns true at once; so does a wake-up within the auto-advance budget.
   */
  @Override
  public boolean sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException {
    sleeps.add(duration);
    if (wakeUp.getCount() == 0) return false;
    Wait wait;
    synchronized (this) {
      wait = new Wait(plus(now, duration), new CountDownLatch(1));
      if (wait.wakeUp() <= now) return true;
      waits.add(wait);
      autoAdvance();
    }
    try {
      while (!wait.due().await(STOP_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (wakeUp.getCount() == 0) return false;
      }
      return true;
    } finally {
      synchronized (this) {
        waits.remove(wait);
      }
    }
  }

  /**
   * From now on the clock moves on its own to each pending wake-up up to {@code budget} of virtual time from now
   * (each {@link #advance} moves that limit along); {@link Duration#ZERO} makes the sleeper manual again.
   */
  public synchronized SteppingSleeper autoAdvance(Duration budget) {
    if (budget.isNegative()) throw new IllegalArgumentException("budget was '" + budget + "' but it must be >= 0");
    autoUntil = plus(now, budget);
    autoAdvance();
    return this;
  }

  /** Stops moving the clock on its own: only the test advances it. */
  public SteppingSleeper manual() {
    return autoAdvance(Duration.ZERO);
  }

  /** Moves the clock forward by {@code duration} and lets go every sleep whose wake-up it reached. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) throw new IllegalArgumentException("duration was '" + duration + "' but it must be >= 0");
    now = plus(now, duration);
    autoUntil = plus(autoUntil, duration);
    wakeDue();
    autoAdvance();
  }

  /**
   * Moves the clock to the earliest pending wake-up and lets that sleep (and any other due then) go.
   *
   * @return how far the clock moved
   * @throws IllegalStateException when no thread sleeps
   */
  public synchronized Duration advanceToNextWakeUp() {
    Duration step = pending().stream().findFirst()
        .orElseThrow(() -> new IllegalStateException("no thread is sleeping"));
    advance(step);
    return step;
  }

  /** The wake-ups of the threads sleeping now, as durations from now, earliest first. */
  public synchronized List<Duration> pending() {
    return waits.stream().map(w -> Duration.ofNanos(w.wakeUp() - now)).sorted().toList();
  }

  /** Waits (in real time, bounded by {@link Await}) until at least {@code threads} threads sleep; then {@link #pending()}. */
  public List<Duration> awaitSleeping(int threads) {
    Await.until(threads + " sleeping threads", () -> pending().size() >= threads,
        () -> "pending " + pending() + ", sleeps " + sleeps);
    return pending();
  }

  /** Waits (in real time, bounded by {@link Await}) until {@code count} sleeps began; then {@link #sleeps()}. */
  public List<Duration> awaitSleeps(int count) {
    Await.until(count + " sleeps", () -> sleeps.size() >= count, () -> "sleeps " + sleeps);
    return sleeps();
  }

  /** Every sleep asked for so far, in order (those that returned at once too). */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** Virtual time since this sleeper was made. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(now - START);
  }

  /** Moves the clock to each pending wake-up within the auto-advance budget, earliest first. */
  private void autoAdvance() {
    while (true) {
      long next = waits.stream().mapToLong(Wait::wakeUp).min().orElse(Long.MAX_VALUE);
      if (next > autoUntil || next == Long.MAX_VALUE) return;
      now = Math.max(now, next);
      wakeDue();
    }
  }

  private void wakeDue() {
    waits.removeIf(wait -> {
      if (wait.wakeUp() > now) return false;
      wait.due().countDown();
      return true;
    });
  }

  /** {@code time + duration} in nanoseconds, at most {@link Long#MAX_VALUE}; a negative duration counts as zero. */
  private static long plus(long time, Duration duration) {
    if (duration.isNegative()) return time;
    try {
      return Math.addExact(time, duration.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
