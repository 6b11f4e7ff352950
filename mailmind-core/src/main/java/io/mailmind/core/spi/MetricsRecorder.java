package io.mailmind.core.spi;

import io.mailmind.core.model.ErrorKind;
import io.mailmind.core.model.SyncPhase;
import java.time.Duration;

/**
 * Told what the engine measures, as it happens, for a metrics library: {@code io.mailmind.core.metrics.MailmindMetrics}
 * records them with Micrometer. Set with {@code Mailmind.builder().metrics(...)}. Every method has a no-op default.
 *
 * <p>Called from the engine's threads, concurrently: implementations are thread-safe and quick (add to a counter;
 * no I/O). One that throws is logged and ignored.
 */
public interface MetricsRecorder {

  /** Records nothing. */
  MetricsRecorder NONE = new MetricsRecorder() {};

  /** An IMAP connection of the account was opened (a sync connection or the IDLE one). */
  default void connectionOpened(String accountId) {}

  /** An IMAP connection of the account was closed; once for each {@link #connectionOpened}. */
  default void connectionClosed(String accountId) {}

  /** The account is now followed in real time (in IDLE or polling), or no longer. */
  default void following(String accountId, boolean following) {}

  /** The content of {@code messages} messages was stored, {@code bytes} of them (their RFC822.SIZE). */
  default void messagesStored(String accountId, long messages, long bytes) {}

  /**
   * The account's work failed: each failure, also a repeated login or configuration failure that the
   * {@link EventListener}s are not told again.
   */
  default void error(String accountId, ErrorKind kind) {}

  /** The account's IDLE connection is being set up again after it was lost (once per attempt). */
  default void reconnect(String accountId) {}

  /** A unit of work of the account ended after {@code duration}, whether it succeeded or not. */
  default void phase(String accountId, SyncPhase phase, Duration duration) {}
}
