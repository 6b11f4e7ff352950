package io.mailmind.core.internal.sync;

import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.spi.MailStore;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * What the parts of the sync (account sync, folder sync, content, Markdown) are given: the store, the listeners,
 * the options, the clock, the retry policy, a way to submit follow-up tasks, and whether the engine is closing.
 * Immutable; the engine's assembly ({@code internal.engine.Engine}) builds the one instance.
 *
 * @param closing true once the engine is closing: nothing more is retried
 */
public record SyncContext(
    MailStore store,
    Listeners listeners,
    SyncOptions options,
    Clock clock,
    Retrying retrying,
    TaskSubmitter tasks,
    BooleanSupplier closing) {

  /** The account's id and what failed, reported once to the log and the listeners. */
  void failed(String accountId, String what, Throwable failure) {
    listeners.failed(accountId, what, failure);
  }
}
