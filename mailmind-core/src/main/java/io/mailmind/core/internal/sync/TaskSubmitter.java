package io.mailmind.core.internal.sync;

import io.mailmind.core.spi.MailTask;
import java.util.concurrent.CompletionStage;

/**
 * Hands a follow-up task to the host's {@link io.mailmind.core.spi.TaskExecutor}, to be run by the engine's task
 * handler. What the parts of the sync get instead of the executor and the handler.
 */
@FunctionalInterface
public interface TaskSubmitter {
  /** @return a stage completed when the task has run, exceptionally with what it threw */
  CompletionStage<Void> submit(MailTask task);
}
