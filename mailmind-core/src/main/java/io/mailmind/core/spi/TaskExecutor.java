package io.mailmind.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Runs the engine's units of work. The engine submits every {@link MailTask} here and waits on the returned
 * stage where it needs the result; an implementation may run the task now, later, on a pool, or put it on a
 * queue and have {@link TaskHandler#handle} called elsewhere.
 *
 * <p>Implementations must be thread-safe. Tasks may submit further tasks; an implementation that bounds
 * concurrency must not deadlock when a running task waits for the tasks it submitted (the default executor
 * runs such a wait's tasks on the waiting thread when no permit is free).
 */
public interface TaskExecutor extends AutoCloseable {

  /**
   * Arranges for {@code handler.handle(task)} to run.
   *
   * @return a stage completed when the task has run, exceptionally with what it threw
   */
  CompletionStage<Void> submit(MailTask task, TaskHandler handler);

  /** Stops accepting tasks and releases threads this executor created. Safe to call twice. */
  @Override
  default void close() {}

  /**
   * Stops accepting tasks, waits at most {@code timeout} for the running ones, then releases the threads this
   * executor created (interrupting what still runs). {@link io.mailmind.core.Mailmind#close()} calls this on an
   * executor it created, with what is left of its {@code shutdownTimeout}. Safe to call twice. The default calls
   * {@link #close()}.
   */
  default void close(Duration timeout) {
    close();
  }

  /**
   * The default: in-process, at most {@code maxConcurrencyPerAccount} tasks of one account at a time, on
   * virtual threads when running on JDK 24 or later (no pinning in Angus Mail's {@code synchronized} IMAP
   * calls), else on a bounded pool of daemon platform threads named {@code mailmind-task-N}.
   */
  static TaskExecutor defaultExecutor(int maxConcurrencyPerAccount) {
    return PerAccountExecutor.create(maxConcurrencyPerAccount, null);
  }

  /** Runs tasks on the caller's executor service (which the caller owns and shuts down), bounded per account. */
  static TaskExecutor of(ExecutorService executorService, int maxConcurrencyPerAccount) {
    Objects.requireNonNull(executorService, "executorService");
    return PerAccountExecutor.create(maxConcurrencyPerAccount, executorService);
  }

  /** Runs every task on the calling thread, at once. For tests and single-threaded hosts. */
  static TaskExecutor direct() {
    return DirectExecutor.INSTANCE;
  }

  /**
   * Virtual threads named {@code namePrefix-N} when Mailmind runs its work on virtual threads: on JDK 24 or later
   * (JEP 491: no pinning in Angus Mail's {@code synchronized} IMAP calls), unless the system property
   * {@code mailmind.platformThreads} is {@code true}; empty otherwise. The {@link #defaultExecutor default executor}
   * and the IDLE watchers run on these threads; a host can build the executor service it passes to {@link #of} on
   * them too.
   */
  static Optional<ThreadFactory> virtualThreads(String namePrefix) {
    Objects.requireNonNull(namePrefix, "namePrefix");
    return Optional.ofNullable(Threads.virtualFactory(namePrefix));
  }
}
