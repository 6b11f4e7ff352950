package io.mailmind.core.spi;

/**
 * Runs one {@link MailTask}: the engine's side of a {@link TaskExecutor}. A host that queues tasks elsewhere
 * gets the handler from {@code Mailmind.taskHandler()} and calls it on the worker. Thread-safe.
 */
@FunctionalInterface
public interface TaskHandler {
  /** Runs the task on the calling thread; follow-up tasks are submitted to the executor. */
  void handle(MailTask task);
}
