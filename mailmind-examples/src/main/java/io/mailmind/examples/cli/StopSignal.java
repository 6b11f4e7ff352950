package io.mailmind.examples.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running command ({@code watch}) learns that it should stop, and reports that it has cleaned up.
 * Thread-safe.
 */
interface StopSignal {

  /** Blocks until a stop is requested. */
  void awaitStop() throws InterruptedException;

  /** True once a stop was requested. */
  boolean requested();

  /** Called once, when the command has released everything, with its exit status. */
  void cleanedUp(int status);

  /**
   * Stops on SIGINT or SIGTERM: a shutdown hook requests the stop, waits (at most 30 s) for the command to
   * clean up, flushes the streams and ends the JVM with the command's status (0 after a requested stop).
   * Without it the JVM would end with 130 or 143.
   */
  static StopSignal onJvmShutdown(PrintStream out, PrintStream err) {
    Latched signal = new Latched();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signal.requested.countDown();
      int status;
      try {
        status = signal.cleaned.await(30, TimeUnit.SECONDS) ? signal.status : 1;
      } catch (InterruptedException e) {
        status = 1;
      }
      if (status != 0 && signal.cleaned.getCount() > 0) {
        err.println("mailmind: gave up waiting for a clean shutdown after 30 s");
      }
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(status);
    }, "mailmind-shutdown"));
    return signal;
  }

  /** A signal that {@link Latched#stop()} triggers; for tests and embedding. */
  static Latched manual() {
    return new Latched();
  }

  /** A stop signal over two latches. */
  final class Latched implements StopSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch cleaned = new CountDownLatch(1);
    private volatile int status;

    /** Requests the stop. */
    public void stop() {
      requested.countDown();
    }

    /** Waits until the command cleaned up; true if it did within the timeout. */
    public boolean awaitCleanedUp(long timeout, TimeUnit unit) throws InterruptedException {
      return cleaned.await(timeout, unit);
    }

    @Override
    public void awaitStop() throws InterruptedException {
      requested.await();
    }

    @Override
    public boolean requested() {
      return requested.getCount() == 0;
    }

    @Override
    public void cleanedUp(int exitStatus) {
      status = exitStatus;
      cleaned.countDown();
    }
  }
}
