package io.mailmind.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one account stands, as {@code Mailmind.status()} reports it: whether it is followed in real time, since
 * when, its last sync and its last error. A snapshot kept by the engine as it works (not rebuilt from events):
 * it does not change when the account's state does. Immutable and thread-safe.
 *
 * @param accountId       the account
 * @param state           what the engine does with it now
 * @param since           when it entered this state (the engine's clock): for the states of the IDLE connection the
 *                        moment the watcher changed, for the others the moment the engine first saw the account in
 *                        this state (at the latest, the previous call of {@code status()})
 * @param lastSync        the last account sync (running or ended), or null when none ran since the start
 * @param lastError       the last error reported for the account, or null when none was
 * @param messagesPending the messages still without their content or Markdown when the last sync ended; -1 when
 *                        unknown (no sync ended yet, or it could not count them)
 */
public record AccountStatus(String accountId, State state, Instant since, LastSync lastSync, LastError lastError,
    long messagesPending) {

  public AccountStatus {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** What the engine does with an account. */
  public enum State {
    /** Followed in real time: its IDLE connection is being set up (or catching up after a connect). */
    CONNECTING,
    /** Followed in real time: in IDLE, or polled where the server has no IDLE. */
    FOLLOWING,
    /** Followed in real time, but the connection was lost: waiting for the next attempt (backoff). */
    RECONNECTING,
    /**
     * A login or configuration failure (a refused password, a certificate, a missing secret): retried only after a
     * long delay or when the account's record changes. See {@link AccountStatus#lastError()}.
     */
    ERROR,
    /** Active and owned, synced on schedule or on demand, not followed in real time (IDLE disabled or not started). */
    SCHEDULED,
    /** No longer among the active accounts of the account source. */
    DISABLED,
    /** Active, but another node owns it ({@code AccountOwnership}). */
    NOT_OWNED
  }

  /**
   * The last account sync.
   *
   * @param started when it began
   * @param ended   when it ended, or null while it runs
   * @param outcome how it ended
   */
  public record LastSync(Instant started, Instant ended, Outcome outcome) {
    public LastSync {
      Objects.requireNonNull(started, "started");
      Objects.requireNonNull(outcome, "outcome");
    }

    /** How a sync ended. */
    public enum Outcome {
      /** It is still running. */
      RUNNING,
      /** It ended without error. */
      SUCCEEDED,
      /** It ended, but a folder, a message or the whole run failed (see the report's errors). */
      FAILED
    }
  }

  /**
   * The last error reported for an account.
   *
   * @param message what failed (names the account and the server, never a credential)
   * @param kind    what kind of failure
   * @param at      when it was reported (the engine's clock)
   */
  public record LastError(String message, ErrorKind kind, Instant at) {
    public LastError {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(at, "at");
    }
  }
}
