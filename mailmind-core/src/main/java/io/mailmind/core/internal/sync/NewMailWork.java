package io.mailmind.core.internal.sync;

import java.util.concurrent.CompletionStage;

/**
 * What the IDLE supervisor asks of the sync when a followed folder changed: run the new-mail unit (a
 * {@link io.mailmind.core.spi.MailTask.ProcessNewMail} task: new UIDs, flags, expunges, the content of the new
 * messages, then the events). The only way the IDLE package reaches the sync.
 */
@FunctionalInterface
public interface NewMailWork {
  /** @return a stage completed when the unit has run, exceptionally with what it threw */
  CompletionStage<Void> newMail(String accountId, String imapFolder);
}
