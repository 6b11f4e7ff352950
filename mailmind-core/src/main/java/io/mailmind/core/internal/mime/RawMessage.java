package io.mailmind.core.internal.mime;

/** STAND-IN until the mapper lands. */
public final class RawMessage {
  final byte[] bytes;

  private RawMessage(byte[] bytes) {
    this.bytes = bytes;
  }

  public static RawMessage of(byte[] bytes) {
    return new RawMessage(bytes);
  }

  public long size() {
    return bytes.length;
  }
}
