package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Base of the transfer decoders: subclasses decode a chunk of input at a time into {@link #out} (through
 * {@link #emit} or directly after {@link #ensure}). Not thread-safe.
 */
abstract class DecodingStream extends InputStream {
  private static final byte[] NONE = {};

  protected final InputStream source;
  /** Grows on the first output: a decoder whose caller hands it the array (Base64Stream.decodeAll) allocates none. */
  protected byte[] out = NONE;
  protected int outLen;
  private int outPos;
  private boolean done;

  DecodingStream(InputStream source) {
    this.source = source;
  }

  /** Decodes some more input into {@link #out}; returns false at the end of input. */
  protected abstract boolean decodeMore() throws IOException;

  protected final void emit(int b) {
    if (outLen == out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, 1024));
    out[outLen++] = (byte) b;
  }

  /** Makes room for {@code n} more output bytes. */
  protected final void ensure(int n) {
    if (outLen + n > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + n));
  }

  private boolean fill() throws IOException {
    outPos = 0;
    outLen = 0;
    while (outLen == 0 && !done) {
      if (!decodeMore()) done = true;
    }
    return outLen > 0;
  }

  @Override
  public int read() throws IOException {
    if (outPos == outLen && !fill()) return -1;
    return out[outPos++] & 0xff;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (outPos == outLen && !fill()) return -1;
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(out, outPos, dst, off, n);
    outPos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
