package io.mailmind.core.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * One node of the MIME tree: the message or a body part, a header block (read by {@link HeaderBlock}) and the
 * byte range of the still transfer-encoded content. The range is one of the message, or, rarely, of a decoded
 * copy (the parts of a multipart that claimed a transfer encoding). Immutable.
 */
final class MimeNode {
  private final HeaderBlock block;
  private final ByteSource source;
  private final long start;
  private final long end;
  private final boolean copy;

  private MimeNode(HeaderBlock block, ByteSource source, long start, long end, boolean copy) {
    this.block = block;
    this.source = source;
    this.start = start;
    this.end = end;
    this.copy = copy;
  }

  /** The message: its header block and its body, {@code [start, end)} of {@code source}. */
  static MimeNode message(HeaderBlock block, ByteSource source, long start, long end) {
    return new MimeNode(block, source, start, end, false);
  }

  /**
   * A body part: its header block and its content, {@code [start, end)} of {@code source}; {@code copy}: the
   * source is a decoded copy (an array), not the message.
   */
  static MimeNode part(HeaderBlock block, ByteSource source, long start, long end, boolean copy) {
    return new MimeNode(block, source, start, end, copy);
  }

  ByteSource source() {
    return source;
  }

  /** The offset of the first content byte in {@link #source()}. */
  long start() {
    return start;
  }

  /** The offset just past the last content byte in {@link #source()}. */
  long end() {
    return end;
  }

  /** Whether {@link #source()} is a decoded copy rather than the message. */
  boolean copy() {
    return copy;
  }

  /** What the header block's limits left out ({@link HeaderBlock#cut()}), or {@code null}. */
  String headerCut() {
    return block.cut();
  }

  /** The first value of header {@code name} (unfolded carrier string), or {@code null}. */
  String header(String name) {
    return block.first(name);
  }

  /**
   * A fresh stream over the transfer-encoded content: a {@link SourceInputStream} that knows its absolute range
   * in the message, or, for a part of a decoded copy, a plain stream over its bytes.
   */
  InputStream raw() {
    if (!copy) return new SourceInputStream(source, start, end, false);
    return new ByteArrayInputStream(source.array(), source.arrayOffset() + (int) start, (int) (end - start));
  }
}
