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

  @Override
  public void close() throws IOException {}

  static ByteSource of(byte[] bytes) {
    return new ArraySource(bytes);
  }

  static ByteSource open(Path file) throws IOException {
    return new ChannelSource(FileChannel.open(file, StandardOpenOption.READ));
  }

  private static final class ArraySource extends ByteSource {
    private final byte[] bytes;

    ArraySource(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    long length() {
      return bytes.length;
    }

    @Override
    int read(long position, byte[] dst, int off, int len) {
      if (position >= bytes.length) return -1;
      int n = (int) Math.min(len, bytes.length - position);
      System.arraycopy(bytes, (int) position, dst, off, n);
      return n;
    }

    @Override
    byte[] array() {
      return bytes;
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
