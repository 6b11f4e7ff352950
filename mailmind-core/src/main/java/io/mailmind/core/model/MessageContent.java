package io.mailmind.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What the content phase stores for a message: the headers as re-read from the full message, the bodies and
 * attachments. A message that could not be parsed has state {@link ContentState#ERROR}, an {@code error}
 * text, and whatever could be read.
 *
 * @param key         the message
 * @param headers     decoded headers read from the full message
 * @param threadId    the thread id derived from the full headers
 * @param rawHeaders  the raw header block as text (unfolded lines kept as sent), or {@code null}
 * @param text        the chosen text/plain body or {@code null}
 * @param html        the chosen text/html body or {@code null}
 * @param newText     for a message without HTML body: its text without the quoted earlier messages (the whole text
 *                    when nothing is quoted); {@code null} otherwise (with an HTML body it comes with the Markdown,
 *                    see {@link io.mailmind.core.spi.MailStore#storeRendered})
 * @param attachments the attachments, in MIME order
 * @param state       {@link ContentState#COMPLETE} or {@link ContentState#ERROR}
 * @param error       why the content is incomplete, or {@code null}
 */
public record MessageContent(
    MessageKey key,
    MessageHeaders headers,
    String threadId,
    String rawHeaders,
    String text,
    String html,
    String newText,
    List<Attachment> attachments,
    ContentState state,
    String error) {

  public MessageContent {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(threadId, "threadId");
    Objects.requireNonNull(state, "state");
    attachments = List.copyOf(attachments == null ? List.of() : attachments);
    if (state == ContentState.METADATA_ONLY) {
      throw new IllegalArgumentException("state was 'METADATA_ONLY' but content must be COMPLETE or ERROR");
    }
  }

  /** Content without new text. */
  public MessageContent(MessageKey key, MessageHeaders headers, String threadId, String rawHeaders, String text,
      String html, List<Attachment> attachments, ContentState state, String error) {
    this(key, headers, threadId, rawHeaders, text, html, null, attachments, state, error);
  }
}
