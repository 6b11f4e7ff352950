package io.mailmind.core.internal.idle;

/** Where the watcher of one account stands. */
public enum WatchState {
  /** Connecting and logging in (also the first catch-up runs in this state). */
  CONNECTING,
  /** In IDLE on the followed folder. */
  IDLING,
  /** The server has no IDLE: polled with NOOP. */
  POLLING,
  /** The connection was lost; waiting for the next attempt (exponential backoff with jitter). */
  RECONNECTING,
  /** Authentication or configuration failed: waiting a long delay or for the account record to change. */
  ERROR,
  /** Stopped: the account is no longer active, or the supervisor is closed. */
  STOPPED
}
