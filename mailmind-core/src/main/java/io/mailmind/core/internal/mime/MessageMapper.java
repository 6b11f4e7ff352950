package io.mailmind.core.internal.mime;

import io.mailmind.core.internal.reply.QuotedText;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps raw messages to what the store keeps: decoded headers, thread id, raw header text, the text and HTML
 * bodies and the attachments (rules in the package documentation). Parts are byte ranges of the raw message,
 * nothing is copied whole; attachment contents are {@link io.mailmind.core.model.Blob}s that decode their part
 * again when opened, their size and SHA-256 computed in one streaming pass here.
 *
 * <p>Never throws on message content: what cannot be parsed gives state {@link ContentState#ERROR} with the
 * reason in {@link MessageContent#error()} and whatever could be read. Stateless: thread-safe and reusable.
 */
public final class MessageMapper {
  private static final Logger LOG = LoggerFactory.getLogger(MessageMapper.class);

  public MessageMapper() {}

  /**
   * Parses a header block: the bytes of {@code BODY.PEEK[HEADER.FIELDS (...)]} or a whole header (a whole
   * message works too; its body is ignored). Never throws: bad fields become {@code null} or empty.
   */
  public MessageHeaders parseHeaders(byte[] headerBlock) {
    if (headerBlock == null) return MessageHeaders.EMPTY;
    try {
      return HeaderMapper.map(HeaderBlock.parse(headerBlock));
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("unparsable header block of {} bytes", headerBlock.length, e);
      return MessageHeaders.EMPTY;
    }
  }

  /**
   * Maps a full message. Never throws on content (a {@code null} argument is a bug and throws
   * {@link NullPointerException}).
   */
  public MessageContent map(MessageKey key, RawMessage raw) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(raw, "raw");
    MessageHeaders headers = MessageHeaders.EMPTY;
    String rawHeaders = null;
    PartWalker walker = new PartWalker(raw);
    String error;
    try (ByteSource source = raw.open()) {
      HeaderBlock block = HeaderBlock.read(new SourceInputStream(source, 0, source.length(), false));
      headers = HeaderMapper.map(block);
      rawHeaders = block.text();
      walker.walk(MimeNode.message(block, source, block.bodyStart(), source.length()));
      error = walker.error();
      if (block.eightBit() && walker.bodyCharset() != null && HeaderMapper.declaredCharset(block) == null) {
        headers = HeaderMapper.map(block, walker.bodyCharset());
      }
    } catch (IOException e) {
      error = "cannot read message: " + PartWalker.describe(e);
    } catch (RuntimeException | StackOverflowError e) {
      error = "unparsable MIME structure: " + PartWalker.describe(e);
    }
    if (error != null) LOG.debug("{}: {}", key, error);
    // With an HTML body the new text comes with its Markdown (a later task); without one, from the text now.
    String newText = walker.html() == null ? newTextOf(walker.text()) : null;
    return new MessageContent(key, headers, ThreadIds.threadId(headers), rawHeaders, walker.text(), walker.html(),
        newText, List.copyOf(walker.attachments()), error == null ? ContentState.COMPLETE : ContentState.ERROR, error);
  }

  private static String newTextOf(String text) {
    try {
      return QuotedText.newText(text);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("Could not separate the quoted history of a text body, the new text is the whole text", e);
      return text;
    }
  }
}
