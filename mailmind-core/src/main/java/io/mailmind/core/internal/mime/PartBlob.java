package io.mailmind.core.internal.mime;

import io.mailmind.core.model.Blob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An attachment's content that decodes its part again on every {@link #openStream()}: from the byte range of
 * the raw message (array or file), or, in the rare case the part was not a range of it, from the part's
 * encoded bytes. Valid as long as the {@link RawMessage}'s bytes are. Thread-safe.
 */
final class PartBlob implements Blob {
  private final RawMessage raw;
  private final long start;
  private final long end;
  private final byte[] encoded;
  private final TransferEncoding encoding;
  private final long size;

  private PartBlob(RawMessage raw, long start, long end, byte[] encoded, TransferEncoding encoding, long size) {
    this.raw = raw;
    this.start = start;
    this.end = end;
    this.encoded = encoded;
    this.encoding = encoding;
    this.size = size;
  }

  static PartBlob ofRange(RawMessage raw, long start, long end, TransferEncoding encoding, long size) {
    return new PartBlob(raw, start, end, null, encoding, size);
  }

  static PartBlob ofEncoded(byte[] encoded, TransferEncoding encoding, long size) {
    return new PartBlob(null, 0, 0, encoded, encoding, size);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream openStream() throws IOException {
    InputStream in = encoded != null ? new ByteArrayInputStream(encoded) : raw.openRange(start, end);
    return encoding.decode(in);
  }

  @Override
  public String toString() {
    return "Blob[" + size + " bytes]";
  }
}
