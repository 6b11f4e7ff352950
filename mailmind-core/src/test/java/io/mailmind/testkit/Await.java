package io.mailmind.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by bounded polling, for tests of asynchronous behaviour: no fixed sleeps, no timing
 * assertions. The bound is generous (the condition is normally met in milliseconds); only a hang reaches it.
 */
public final class Await {
  /** The default bound: long enough for a slow CI machine, short enough to fail a hung test. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {}

  /** Waits until {@code condition} holds, at most {@link #DEFAULT}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition, () -> "");
  }

  /** Waits until {@code condition} holds; on timeout fails with {@code what} and the {@code state} then. */
  public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    until(what, DEFAULT, condition, state);
  }

  public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        String now = state.get();
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what
            + (now.isEmpty() ? "" : " (state: " + now + ")"));
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
      pause = Math.min(pause * 2, 20);
    }
  }
}
