package io.mailmind.core.internal.mime;

import io.mailmind.core.model.Blob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An attachment's content: the bytes the mapper decoded once (parts of a message in memory), or a part that is
 * decoded again on every {@link #openStream()}: from the byte range of the raw message (a file, or an encoded
 * part too large to keep decoded), or, in the rare case the part was not a range of it, from the part's encoded
 * bytes. Valid as long as the {@link RawMessage}'s bytes are. Thread-safe.
 */
final class PartBlob implements Blob {
  private final RawMessage raw;
  private final long start;
  private final long end;
  private final byte[] bytes;
  private final int length;
  private final TransferEncoding encoding;
  private final long size;
  private final String sha256;

  private PartBlob(RawMessage raw, long start, long end, byte[] bytes, int length, TransferEncoding encoding,
      long size, String sha256) {
    this.raw = raw;
    this.start = start;
    this.end = end;
    this.bytes = bytes;
    this.length = length;
    this.encoding = encoding;
    this.size = size;
    this.sha256 = sha256;
  }

  static PartBlob ofRange(RawMessage raw, long start, long end, TransferEncoding encoding, long size) {
    return new PartBlob(raw, start, end, null, 0, encoding, size, null);
  }

  static PartBlob ofEncoded(byte[] encoded, TransferEncoding encoding, long size) {
    return new PartBlob(null, 0, 0, encoded, encoded.length, encoding, size, null);
  }

  /**
   * Content already decoded: the first {@code length} bytes of {@code decoded} (not copied), whose SHA-256 the
   * mapper computed over exactly these bytes.
   */
  static PartBlob ofDecoded(byte[] decoded, int length, String sha256) {
    return new PartBlob(null, 0, 0, decoded, length, TransferEncoding.IDENTITY, length, sha256);
  }

  @Override
  public java.util.Optional<String> knownSha256() {
    return java.util.Optional.ofNullable(sha256);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream openStream() throws IOException {
    InputStream in = bytes != null ? new ByteArrayInputStream(bytes, 0, length) : raw.openRange(start, end);
    return encoding.decode(in);
  }

  @Override
  public String toString() {
    return "Blob[" + size + " bytes]";
  }
}
