package io.mailmind.core.internal.mime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random access to the bytes of a raw message: a byte array or an open file. Positional reads, so one source
 * can serve several streams (and threads) at once.
 */
abstract class ByteSource implements Closeable {

  /** The number of bytes. */
  abstract long length();

  /**
   * Reads up to {@code len} bytes at {@code position}; returns the number read, or -1 at the end.
   */
  abstract int read(long position, byte[] dst, int off, int len) throws IOException;

  /** The backing array when this source is one, else {@code null}. */
  byte[] array() {
    return null;
  }

  /** Where position 0 is in {@link #array()}. */
  int arrayOffset() {
    return 0;
  }

  @Override
  public void close() throws IOException {}

  static ByteSource of(byte[] bytes) {
    return new ArraySource(bytes, 0, bytes.length);
  }

  /** {@code length} bytes of {@code bytes} from {@code offset} (not copied). */
  static ByteSource of(byte[] bytes, int offset, int length) {
    return new ArraySource(bytes, offset, length);
  }

  static ByteSource open(Path file) throws IOException {
    return new ChannelSource(FileChannel.open(file, StandardOpenOption.READ));
  }

  private static final class ArraySource extends ByteSource {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    ArraySource(byte[] bytes, int offset, int length) {
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
    }

    @Override
    long length() {
      return length;
    }

    @Override
    int read(long position, byte[] dst, int off, int len) {
      if (position >= length) return -1;
      int n = (int) Math.min(len, length - position);
      System.arraycopy(bytes, offset + (int) position, dst, off, n);
      return n;
    }

    @Override
    byte[] array() {
      return bytes;
    }

    @Override
    int arrayOffset() {
      return offset;
    }
  }

  private static final class ChannelSource extends ByteSource {
    private final FileChannel channel;
    private final long length;

    ChannelSource(FileChannel channel) throws IOException {
      this.channel = channel;
      this.length = channel.size();
    }

    @Override
    long length() {
      return length;
    }

    @Override
    int read(long position, byte[] dst, int off, int len) throws IOException {
      if (position >= length) return -1;
      int want = (int) Math.min(len, length - position);
      return channel.read(ByteBuffer.wrap(dst, off, want), position);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
