package io.mailmind.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the following of one account for new mail (IMAP IDLE) stands, as {@code Mailmind.followedAccounts()}
 * reports it: so a host can show "following since 09:12" or "login refused since 09:14: ..." without listening
 * to every connection event. A snapshot: it does not change when the account's state does. Immutable and
 * thread-safe.
 *
 * @param accountId the account
 * @param state     what its watcher is doing now
 * @param since     when it entered this state (the engine's clock)
 * @param lastError the message of the failure that put it in {@link State#RECONNECTING} or {@link State#ERROR},
 *                  or null when the last connection succeeded (never a credential: messages name the account,
 *                  the server and what failed)
 */
public record FollowedAccount(String accountId, State state, Instant since, String lastError) {

  public FollowedAccount {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** What the watcher of an account is doing. */
  public enum State {
    /** Connecting and logging in; the catch-up after a (re)connect also runs in this state. */
    CONNECTING,
    /**
     * Following: in IDLE on the followed folder (while a failed new-mail run waits for its retry, the connection
     * is kept with NOOP instead).
     */
    IDLING,
    /** Following: the server has no IDLE, so the folder is polled with NOOP. */
    POLLING,
    /** The connection was lost; waiting for the next attempt (exponential backoff with jitter). */
    RECONNECTING,
    /** Authentication or configuration failed: waiting a long delay or for the account record to change. */
    ERROR,
    /** The watcher ended: the account is no longer followed, or it died and is restarted at the next refresh. */
    STOPPED
  }
}
