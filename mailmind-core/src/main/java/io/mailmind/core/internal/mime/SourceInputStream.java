package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream over a byte range of a {@link ByteSource}, which the MIME walker reads without copying (its absolute
 * range and source let a part be decoded straight from the message's bytes). Supports mark/reset anywhere. Not
 * thread-safe (each stream belongs to one reader); the source is.
 */
final class SourceInputStream extends InputStream {
  private static final int BUFFER = 8192;

  private final ByteSource source;
  private final byte[] array;
  private final int arrayOffset;
  private final long start;
  private final long end;
  private final boolean ownsSource;
  private long pos;
  private long mark;
  private byte[] buf;
  private long bufStart;
  private int bufLen;

  SourceInputStream(ByteSource source, long start, long end, boolean ownsSource) {
    this.source = source;
    this.array = source.array();
    this.arrayOffset = source.arrayOffset();
    this.start = start;
    this.end = Math.max(start, Math.min(end, source.length()));
    this.ownsSource = ownsSource;
    this.pos = start;
    this.mark = start;
  }

  ByteSource source() {
    return source;
  }

  /** The absolute offset of this stream's first byte in the source. */
  long absoluteStart() {
    return start;
  }

  /** The absolute offset just past this stream's last byte. */
  long absoluteEnd() {
    return end;
  }

  @Override
  public int read() throws IOException {
    if (pos >= end) return -1;
    if (array != null) return array[arrayOffset + (int) pos++] & 0xff;
    if (pos < bufStart || pos >= bufStart + bufLen) {
      if (!fill()) return -1;
    }
    return buf[(int) (pos++ - bufStart)] & 0xff;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (pos >= end) return -1;
    int want = (int) Math.min(len, end - pos);
    if (array != null) {
      System.arraycopy(array, arrayOffset + (int) pos, dst, off, want);
      pos += want;
      return want;
    }
    if (pos >= bufStart && pos < bufStart + bufLen) {
      int n = (int) Math.min(want, bufStart + bufLen - pos);
      System.arraycopy(buf, (int) (pos - bufStart), dst, off, n);
      pos += n;
      return n;
    }
    if (want >= BUFFER) {
      int n = source.read(pos, dst, off, want);
      if (n <= 0) return -1;
      pos += n;
      return n;
    }
    if (!fill()) return -1;
    return read(dst, off, len);
  }

  private boolean fill() throws IOException {
    if (buf == null) buf = new byte[BUFFER];
    int want = (int) Math.min(BUFFER, end - pos);
    int n = source.read(pos, buf, 0, want);
    if (n <= 0) {
      bufLen = 0;
      return false;
    }
    bufStart = pos;
    bufLen = n;
    return true;
  }

  @Override
  public long skip(long n) {
    if (n <= 0) return 0;
    long skipped = Math.min(n, end - pos);
    pos += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - pos);
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public synchronized void mark(int readLimit) {
    mark = pos;
  }

  @Override
  public synchronized void reset() {
    pos = mark;
  }

  @Override
  public void close() throws IOException {
    if (ownsSource) source.close();
  }
}
