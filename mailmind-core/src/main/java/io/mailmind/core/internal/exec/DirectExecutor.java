package io.mailmind.core.internal.exec;

import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.core.spi.TaskHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Runs each task on the calling thread, at once. */
public enum DirectExecutor implements TaskExecutor {
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
