package io.mailmind.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A stored message as the host reads it: the record of the command line's export.
 *
 * @param metadata    key, folder, headers, flags, labels, dates, size
 * @param text        the text/plain body or {@code null}
 * @param html        the text/html body or {@code null}
 * @param markdown    Markdown made from the HTML body, or {@code null}
 * @param newText     what the sender wrote in this message: the Markdown (or, without an HTML body, the text)
 *                    without the quoted earlier messages; the whole body when nothing is quoted; {@code null} when
 *                    not computed (no body, Markdown not made yet, or a message stored before the store knew it)
 * @param attachments attachments; their {@link Attachment#content()} opens the stored bytes
 * @param state       how much of the message is stored
 * @param error       why the content is incomplete, or {@code null}
 */
public record MessageRecord(
    MessageMetadata metadata,
    String text,
    String html,
    String markdown,
    String newText,
    List<Attachment> attachments,
    ContentState state,
    String error) {

  public MessageRecord {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(state, "state");
    attachments = List.copyOf(attachments == null ? List.of() : attachments);
  }

  /** A record without new text (as stores written before it existed build them). */
  public MessageRecord(MessageMetadata metadata, String text, String html, String markdown,
      List<Attachment> attachments, ContentState state, String error) {
    this(metadata, text, html, markdown, null, attachments, state, error);
  }

  public MessageKey key() {
    return metadata.key();
  }
}
