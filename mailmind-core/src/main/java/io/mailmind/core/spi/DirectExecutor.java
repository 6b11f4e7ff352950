package io.mailmind.core.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Runs each task on the calling thread, at once. */
enum DirectExecutor implements TaskExecutor {
  INSTANCE;

  @Override
  public CompletionStage<Void> submit(MailTask task, TaskHandler handler) {
    try {
      handler.handle(task);
      return CompletableFuture.completedFuture(null);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  @Override
  public String toString() {
    return "TaskExecutor.direct()";
  }
}
