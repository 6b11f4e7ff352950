package io.mailmind.core.model;

import java.util.Objects;

/**
 * A stored message that still waits for work: its content (state {@link ContentState#METADATA_ONLY}) or the
 * Markdown of its HTML body. Whatever left it so (a failed batch, a killed process, a database outage), the next
 * sync of its account finds it through {@link io.mailmind.core.spi.MailStore#pendingMessages} and completes it.
 *
 * @param key  the message
 * @param size its RFC822.SIZE as stored with the metadata (0 when the store does not know it)
 * @param work what it waits for
 */
public record PendingMessage(MessageKey key, long size, Work work) {
  public PendingMessage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(work, "work");
  }

  /** What a pending message waits for. */
  public enum Work {
    /** Its content: bodies, attachments, headers (the metadata is stored). */
    CONTENT,
    /** The Markdown of its stored HTML body. */
    MARKDOWN
  }
}
