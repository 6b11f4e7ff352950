package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The raw bytes of one message (RFC 5322), either in memory or in a spool file. Immutable and thread-safe.
 * The bytes are never copied: the caller must not change the array, nor the file while anything mapped from
 * it (an attachment {@link io.mailmind.core.model.Blob}) is still read.
 */
public final class RawMessage {
  private final byte[] bytes;
  private final int offset;
  private final int length;
  private final Path file;

  private RawMessage(byte[] bytes, int offset, int length, Path file) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.file = file;
  }

  /** The message in {@code bytes} (not copied). */
  public static RawMessage of(byte[] bytes) {
    return new RawMessage(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length, null);
  }

  /**
   * The message in {@code length} bytes of {@code bytes} from {@code offset} (not copied): a literal inside the
   * buffer of an IMAP response, for example.
   */
  public static RawMessage of(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new RawMessage(bytes, offset, length, null);
  }

  /** The message in {@code file}, read when mapped and again whenever an attachment's content is opened. */
  public static RawMessage of(Path file) {
    return new RawMessage(null, 0, 0, Objects.requireNonNull(file, "file"));
  }

  /** True when the bytes are in memory (not in a file). */
  boolean inMemory() {
    return bytes != null;
  }

  /** Opens random access to the bytes; the caller closes it. */
  ByteSource open() throws IOException {
    return bytes != null ? ByteSource.of(bytes, offset, length) : ByteSource.open(file);
  }

  /** A stream over {@code [start, end)} that owns (and closes) its own access to the bytes. */
  SourceInputStream openRange(long start, long end) throws IOException {
    return new SourceInputStream(open(), start, end, true);
  }

  @Override
  public String toString() {
    return bytes != null ? "RawMessage[" + length + " bytes]" : "RawMessage[" + file + "]";
  }
}
