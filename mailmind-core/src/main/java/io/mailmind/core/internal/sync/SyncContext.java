package io.mailmind.core.internal.sync;

import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.event.Listeners;
import io.mailmind.core.spi.MailStore;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of the sync (account sync, folder sync, content, Markdown) are given: the store, the listeners,
 * the options, the clock, the retry policy, a way to submit follow-up tasks, whether the engine is closing, and
 * which accounts this node owns. Immutable; the engine's assembly ({@code internal.engine.Engine}) builds the one
 * instance.
 *
 * @param store   the host's store behind {@link OwnedAccounts#guard}: writes of accounts not owned are refused
 * @param closing true once the engine is closing: nothing more is retried
 */
public record SyncContext(
    MailStore store,
    Listeners listeners,
    SyncOptions options,
    Clock clock,
    Retrying retrying,
    TaskSubmitter tasks,
    BooleanSupplier closing,
    OwnedAccounts owned) {
  private static final Logger LOG = LoggerFactory.getLogger(SyncContext.class);

  /**
   * The account's id and what failed, reported once to the log and the listeners; work of an account this node
   * no longer owns fails by design (its connections were closed, its writes refused) and is only logged at DEBUG,
   * and work cut short by {@link io.mailmind.core.Mailmind#close()} is logged at INFO: it is not an error of the
   * account, and what it left (messages still pending) is taken up by the next sync.
   */
  void failed(String accountId, String what, Throwable failure) {
    if (closing.getAsBoolean()) {
      LOG.info("{} - {} stopped: Mailmind is closing ({})", accountId, what, failure.toString());
      return;
    }
    if (!owned.owns(accountId)) {
      LOG.debug("{} - {} stopped: the account is no longer owned by this node ({})", accountId, what,
          failure.toString());
      return;
    }
    listeners.failed(accountId, what, failure);
  }
}
