package io.mailmind.core.internal.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import java.io.IOException;
import java.io.InputStream;

/**
 * One node of the MIME tree: the message or a body part that is a byte range of it (headers read by
 * {@link HeaderBlock}), or, rarely, a body part Jakarta Mail had to copy (a multipart that claimed a transfer
 * encoding). Gives header values as carrier strings and fresh streams over the still
 * transfer-encoded content.
 */
final class MimeNode {
  private final HeaderBlock block;
  private final ByteSource source;
  private final long start;
  private final long end;
  private final MimeBodyPart part;

  private MimeNode(HeaderBlock block, ByteSource source, long start, long end, MimeBodyPart part) {
    this.block = block;
    this.source = source;
    this.start = start;
    this.end = end;
    this.part = part;
  }

  /** The message: its header block and its body, {@code [start, end)} of {@code source}. */
  static MimeNode message(HeaderBlock block, ByteSource source, long start, long end) {
    return new MimeNode(block, source, start, end, null);
  }

  static MimeNode part(MimeBodyPart part) {
    if (part instanceof LenientMultipart.RangePart range) {
      SourceInputStream content = range.content();
      return new MimeNode(range.headerBlock(), content.source(), content.absoluteStart(), content.absoluteEnd(), null);
    }
    return new MimeNode(null, null, 0, 0, part);
  }

  /** The first value of header {@code name} (unfolded carrier string), or {@code null}. */
  String header(String name) {
    if (block != null) return block.first(name);
    try {
      String value = part.getHeader(name, null);
      if (value == null) return null;
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) value = value.replace("\r", "").replace("\n", "");
      return value;
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /**
   * A fresh stream over the transfer-encoded content. Shared content comes as a {@link SourceInputStream} that
   * knows its absolute range in the message.
   */
  InputStream raw() throws IOException {
    if (part == null) return new SourceInputStream(source, start, end, false);
    try {
      return part.getRawInputStream();
    } catch (MessagingException e) {
      throw new IOException("part content unreadable: " + e.getMessage(), e);
    }
  }
}
