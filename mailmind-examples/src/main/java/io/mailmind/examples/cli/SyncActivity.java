package io.mailmind.examples.cli;

import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.time.Duration;

/**
 * Counts running and finished account syncs, so a command can wait for the sync that {@code start()} begins at
 * once to end before it treats mail as new: mail that lands while that sync runs is stored by it, without a
 * {@code new_mail} event. Thread-safe.
 */
final class SyncActivity implements EventListener {
  private int running;
  private long finished;
  private boolean abandoned;

  @Override
  public synchronized void onSyncStarted(String accountId) {
    running++;
    notifyAll();
  }

  @Override
  public synchronized void onSyncFinished(SyncReport report) {
    running = Math.max(0, running - 1);
    finished++;
    notifyAll();
  }

  /** Ends every wait at once (the command is stopping). */
  synchronized void abandonWaits() {
    abandoned = true;
    notifyAll();
  }

  synchronized long finished() {
    return finished;
  }

  /**
   * Waits until a sync has finished since {@code finishedBefore} was read and none runs, or no sync has started
   * within {@code grace}; never longer than {@code max}.
   */
  synchronized void awaitStartupSync(long finishedBefore, Duration grace, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      long elapsed = System.nanoTime() - start;
      if (running == 0 && (finished > finishedBefore || elapsed >= grace.toNanos())) return;
      if (elapsed >= max.toNanos() || abandoned) return;
      long waitNanos = (running == 0 ? grace.toNanos() : max.toNanos()) - elapsed;
      wait(Math.max(1, waitNanos / 1_000_000));
    }
  }
}
