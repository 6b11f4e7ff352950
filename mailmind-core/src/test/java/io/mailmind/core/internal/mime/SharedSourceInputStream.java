package io.mailmind.core.internal.mime;

import jakarta.mail.internet.SharedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A byte range of a {@link ByteSource} that Jakarta Mail can split without copying ({@link SharedInputStream}):
 * every sub-stream is another range of the same source, so the differential tests can read the part ranges
 * Jakarta's {@code MimeMultipart} finds. Production code never hands a stream to a Jakarta Mail parser, so this
 * lives in the tests. Not thread-safe.
 */
final class SharedSourceInputStream extends InputStream implements SharedInputStream {
  private final ByteSource source;
  private final long start;
  private final long end;
  private final SourceInputStream in;
  private long pos;
  private long mark;

  SharedSourceInputStream(ByteSource source, long start, long end) {
    this.source = source;
    this.start = start;
    this.end = end;
    this.in = new SourceInputStream(source, start, end, false);
    this.pos = start;
    this.mark = start;
  }

  long absoluteStart() {
    return start;
  }

  long absoluteEnd() {
    return end;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) pos++;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) pos += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    pos += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public synchronized void mark(int readLimit) {
    in.mark(readLimit);
    mark = pos;
  }

  @Override
  public synchronized void reset() {
    in.reset();
    pos = mark;
  }

  @Override
  public long getPosition() {
    return pos - start;
  }

  @Override
  public InputStream newStream(long from, long to) {
    if (from < 0) throw new IllegalArgumentException("from was " + from + " but must not be negative");
    long absoluteEnd = to == -1 ? end : Math.min(end, start + to);
    return new SharedSourceInputStream(source, Math.min(start + from, absoluteEnd), absoluteEnd);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
